"""Declared preconditions against what avagree finds (issue 28, item 4).

Each library states a minimum for its rules, on the number of vectors an aggregator
receives (ByzFL: 2f < n for every rule; Flower: Bulyan 4f + 3, checked; Krum 2f + 3
from its paper). In the asynchronous model a node receives q = n - f vectors, so the
declared minimum on received vectors, q_min, is met from n = q_min + f. The scorecard
runs each rule there and at the next n; where the rule has a reference equivalent with
a closed form (avagree's ``median``, ``cwtm``, ``mda``; one round, d = 1, proved for all
parameters: ``avagree formula``), the exact supremum of its contraction factor at those n
and the first n from which it is below 1 say whether the declaration is too weak (the
rule fails above it) or stronger than needed.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from avagree.model.execution import default_q
from avagree.model.numbers import rational_str
from avagree.scorecard.card import VIOLATED, Scorecard, label_of, scorecard

#: the reference rule whose closed form stands for a library rule (same definition in the model)
REFERENCE = {"byzfl:Median": "median", "byzfl:TrMean": "cwtm", "byzfl:MDA": "mda",
             "flwr:FedMedian": "median", "byzfl:Krum": "krum", "flwr:Krum": "krum"}


def exact_factor(ref: str, n: int, f: int, model: str = "async") -> Fraction | None:
    """The exact supremum of one round's contraction factor of the reference rule ``ref`` (d = 1), from
    its closed form; None where there is none (or the factor is unbounded)."""
    q = default_q(n, f, model)
    if ref == "mda":
        from avagree.proofs.exact_mda import mda_exact

        return mda_exact(n, f, q, model)[0]
    if ref not in ("median", "cwtm"):
        return None
    from avagree.proofs.exact import exact_value

    return exact_value(ref, "contraction", n, f, q, model)


def exact_threshold(ref: str, f: int, model: str = "async") -> int | None:
    """The least n (up to 12f + 3) from which the reference rule's exact factor is below 1, or None."""
    for n in range(2 * f + 2, 12 * f + 4):
        v = exact_factor(ref, n, f, model)
        if v is not None and v < 1:
            return n
    return None


@dataclass
class Precondition:
    """One rule's declared minimum and what was found at it and just above."""
    rule: str
    declared: str
    q_min: int
    n_min: int
    at_min: list[str]  # the specs violated at n_min (or ERROR)
    above: list[str]  # at n_min + 1
    reference: str | None
    factor_min: Fraction | None
    factor_above: Fraction | None
    threshold: int | None

    def as_json(self) -> dict[str, Any]:
        return {"rule": self.rule, "spec": "preconditions", "status": self.verdict, "verdict": self.verdict,
                "declared": self.declared, "q_min": self.q_min, "n_min": self.n_min,
                "violated_at_min": self.at_min, "violated_above": self.above, "reference": self.reference,
                "exact_factor_at_min": rational_str(self.factor_min) if self.factor_min is not None else None,
                "exact_factor_above": rational_str(self.factor_above) if self.factor_above is not None else None,
                "exact_threshold_n": self.threshold}

    @property
    def verdict(self) -> str:
        """VIOLATED when the rule fails a spec above its declared minimum (the declaration is too weak
        for that spec), else HELD (in the searches run)."""
        return VIOLATED if self.above else "HELD"

    def line(self) -> str:
        ref = ""
        if self.reference:
            fm = "-" if self.factor_min is None else rational_str(self.factor_min)
            fa = "-" if self.factor_above is None else rational_str(self.factor_above)
            th = "none up to 12f+3" if self.threshold is None else f"n >= {self.threshold}"
            ref = (f"; reference {self.reference}: exact factor {fm} at n_min, {fa} at n_min+1 (d = 1), "
                   f"contracts from {th}") if self.reference in ("median", "cwtm", "mda") else \
                f"; reference {self.reference}: no closed form (avagree check {self.reference} decides small n)"
        return (f"{self.rule}: declared {self.declared} -> n_min = {self.n_min} (q = {self.q_min}); "
                f"violated at n_min: {', '.join(self.at_min) or 'none found'}; at n_min+1: "
                f"{', '.join(self.above) or 'none found'}{ref}")


def preconditions(library: Any, rules: list[Any], f: int, d: int = 2, examples: int = 100, seed: int = 0,
                  save_dir: Any = None, **kw: Any) -> tuple[list[Precondition], list[Scorecard]]:
    """Each rule of ``library`` (a :class:`~avagree.scorecard.libraries.Library`) at its declared minimum
    (asynchronous, q = n - f) and one above; the rows and the scorecards run."""
    out, cards = [], []
    for rule in rules:
        q_min = library.declared_min_q(rule, f)
        n_min = q_min + f
        found = []
        for n in (n_min, n_min + 1):
            sc = scorecard([rule], n, f, d=d, examples=examples, seed=seed, save_dir=save_dir, **kw)
            cards.append(sc)
            found.append([c.spec if c.status == VIOLATED else f"{c.spec} (ERROR)" for c in sc.cells
                          if c.status in (VIOLATED, "ERROR")])
        label = label_of(rule)
        ref = REFERENCE.get(label)
        out.append(Precondition(label, library.declared_text(rule), q_min, n_min, found[0], found[1], ref,
                                exact_factor(ref, n_min, f) if ref else None,
                                exact_factor(ref, n_min + 1, f) if ref else None,
                                exact_threshold(ref, f) if ref in ("median", "cwtm", "mda") else None))
    return out, cards
