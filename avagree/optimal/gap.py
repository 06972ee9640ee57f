"""A rule's exact one-round value against the class optimum (issue 25, item 4): the least
contraction factor and the least averaging error over the L-statistics with weights on
f + 1 .. q - f (d = 1, one round), each certified in exact arithmetic by the LP of
:mod:`.front` (only the two optima, not the whole front: two LPs), and the exact ratio
rule/optimum. An LP without an exact certificate gives no number (None, with the reason).

Used wherever a rule's factor is printed (``avagree formula --n``, ``avagree constants``), by the
audit's rows on CwTM's and MDA's distance to the optimum, and by the learning runs' ``optimal``
method (:func:`least_contraction_rule`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from avagree.errors import ParameterError
from avagree.proofs.lstat import QUANTITIES, Instance

from .front import Front, best
from .report import MAX_N, instance

#: the class and the scope of every comparison made here, in words ({model} filled in)
SCOPE = ("class: L-statistics y = sum_p w_p z_(p), w >= 0, sum w = 1, weights on positions f+1..q-f; "
         "one round, d = 1 (and each coordinate of a coordinate-wise rule), {model}; "
         "the optimum certified in exact arithmetic (primal weights and dual multipliers, avagree optimal)")


@dataclass
class ClassOptimum:
    """The certified least contraction factor and least averaging error at one instance; a value
    is None when its LP found no exact certificate (UNKNOWN) or the class is empty (``reason``)."""

    n: int
    f: int
    q: int
    model: str
    contraction: Fraction | None = None
    averaging: Fraction | None = None
    #: weights attaining the least contraction factor (positions 1..q), when certified
    contraction_weights: tuple[Fraction, ...] | None = None
    reason: str = ""
    failures: list[str] = field(default_factory=list)

    def value(self, quantity: str) -> Fraction | None:
        """The certified optimum of ``quantity`` (contraction or averaging), or None."""
        if quantity not in QUANTITIES:
            raise ParameterError("quantity", quantity, f"must be one of {', '.join(QUANTITIES)}")
        return self.contraction if quantity == "contraction" else self.averaging

    def verdict(self, quantity: str) -> str:
        """PROVED (certified), UNKNOWN (no certificate) or EMPTY (no rule in the class here)."""
        if self.reason:
            return "EMPTY"
        return "PROVED" if self.value(quantity) is not None else "UNKNOWN"

    @property
    def scope(self) -> str:
        return SCOPE.format(model=f"{self.model}hronous, n={self.n} f={self.f} q={self.q}")


def class_optimum(n: int, f: int, q: int | None = None, model: str = "async",
                  quantities: tuple[str, ...] = QUANTITIES) -> ClassOptimum:
    """The certified least contraction factor and least averaging error of the class at (n, f, q, model).
    ParameterError for parameters the model rejects (f >= n, q out of range); an empty class
    (q < 2f + 1), n above :data:`~.report.MAX_N` (no LP run) or a failed certificate is reported in the
    result (``reason``, ``failures``), never as a number. ``quantities``: which optima to certify (one LP each;
    the others stay None)."""
    if q is None:
        q = n if model == "sync" else n - f
    if q < 2 * f + 1:
        Instance(n, f, q, model)  # ParameterError for what the model itself rejects
        return ClassOptimum(n, f, q, model, reason=f"no L-statistic of the class: q = {q} < 2f + 1 = {2 * f + 1}")
    if n > MAX_N:
        Instance(n, f, q, model)
        return ClassOptimum(n, f, q, model, failures=[f"n = {n} > {MAX_N}: the LP is not run "
                                                      "(avagree optimal's limit)"])
    inst = instance(n, f, q, model)
    front = Front(inst)
    out = ClassOptimum(n, f, q, model)
    for quantity in quantities:
        cert = best(inst, quantity, front)
        if cert is not None and cert.ok:
            setattr(out, quantity, cert.value)
            if quantity == "contraction":
                out.contraction_weights = tuple(cert.weights)
    out.failures = list(front.failures)
    return out


def ratio(value: Fraction | None, optimum: Fraction | None) -> Fraction | None:
    """value / optimum, exactly; 1 when both are 0; None when either is unknown or only the optimum is 0."""
    if value is None or optimum is None:
        return None
    if optimum == 0:
        return Fraction(1) if value == 0 else None
    return value / optimum


def least_contraction_rule(n: int, f: int, q: int | None = None, model: str = "async") -> str:
    """The rule string (``lstat:...``) of certified weights attaining the least contraction factor at
    (n, f, q, model), least averaging error among those (the front's first vertex); ParameterError
    when the class is empty or the LPs do not certify (never an uncertified rule)."""
    from avagree.algorithms.lstatistic import rule_string

    from .front import compute

    q = (n if model == "sync" else n - f) if q is None else q
    front = compute(instance(n, f, q, model))
    if not front.ok:
        raise ParameterError("n, f, q", (n, f, q), "the optimal L-statistic is UNKNOWN here (no exact certificate: "
                                                   + "; ".join(front.failures) + ")")
    return rule_string(list(front.vertices[0].weights))
