"""Known properties (issue 26): when a violation the oracle finds is one avagree already knows from its
proofs, the failure says so and names the command that shows it, instead of reading like a new bug.

The knowledge is one table, :data:`KNOWN`, whose values are computed from the proofs' closed forms
(:func:`avagree.proofs.exact.exact_value`, :func:`avagree.proofs.exact_mda.mda_exact`), never copied
numbers: the exact one-round supremum, in d = 1, of a registry rule's contraction factor or averaging
constant at (n, f, q, model), proved for all parameters (``avagree formula RULE``). A d = 1 execution
embeds in any d (every other coordinate constant; MDA's subsets of collinear points are its d = 1
subsets), so a supremum above the bound (or equal to it, for the strict contraction at c = 1) means
that no run of the rule at these parameters meets the bound: a rule below its threshold (CwTM at
n <= 5f asynchronously, MDA at n <= 6f - 1), the median, which never strictly contracts
asynchronously at q = n - f, or the mean with a Byzantine value (unbounded). Below the supremum
nothing is claimed (in d >= 2 the l2 factor can be larger than in d = 1).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Callable

#: the order-based rules with closed forms for both specs (:mod:`avagree.proofs.exact`)
ORDER_RULES = ("mean", "median", "cwtm", "trimmed-middle")


def _order_value(spec: str) -> Callable[[str, int, int, int, str], float | Fraction | None]:
    def value(rule: str, n: int, f: int, q: int, model: str) -> float | Fraction | None:
        import sympy as sp

        from avagree.proofs.exact import exact_value, form_at

        fm = form_at(rule, spec, f)
        if fm is not None and fm.numerator == sp.oo:
            return math.inf
        return exact_value(rule, spec, n, f, q, model)
    return value


def _mda_value(rule: str, n: int, f: int, q: int, model: str) -> float | Fraction | None:
    from avagree.proofs.exact_mda import mda_exact

    value, kind = mda_exact(n, f, q, model)
    return math.inf if kind == "unbounded" else value


def _krum_value(rule: str, n: int, f: int, q: int, model: str) -> Fraction | None:
    """Krum's supremum 1 at f <= 1 where its ratio-1 family exists under every tie rule (unique wins)."""
    from avagree.smt.krum_family import supremum_is_one

    return Fraction(1) if supremum_is_one(rule, n, f, q, model, "average") else None


@dataclass(frozen=True)
class Known:
    """One row of :data:`KNOWN`: the registry ``rules``, the oracle ``spec``, the exact one-round
    supremum (d = 1) as a function of (rule, n, f, q, model) (None where no closed form is proved;
    ``math.inf`` when unbounded), and the command that shows it."""
    rules: tuple[str, ...]
    spec: str
    value: Callable[[str, int, int, int, str], float | Fraction | None]
    command: str  # formatted with rule, n, f, qs (" --q Q" or "") and sync (" --sync" or "")
    what: str
    #: how the value is known, as the message states it
    how: str = "proved for all parameters"


KNOWN = (
    Known(ORDER_RULES, "contraction", _order_value("contraction"), "avagree formula {rule}{sync} --spec contraction",
          "contraction factor"),
    Known(ORDER_RULES, "averaging", _order_value("averaging"), "avagree formula {rule}{sync} --spec averaging",
          "averaging constant"),
    Known(("mda",), "contraction", _mda_value, "avagree formula mda{sync}", "contraction factor"),
    Known(("krum",), "contraction", _krum_value, "avagree worst krum --n {n} --f {f}{qs}{sync}", "contraction factor",
          "f <= 1: a Byzantine value outside the honest range scores worse than the nearest honest one, and the "
          "ratio-1 family, replayed"),
)


def known_property(rule: str, spec: str, bound: Fraction, strict: bool, n: int, f: int, q: int, model: str,
                   ties: str = "none") -> str | None:
    """One line naming the known property a violation of ``spec`` at ``bound`` (the user's units: the
    factor c, the constant C) by the registry ``rule`` is, or None when it is not a known one."""
    if ties == "average":  # the closed forms are not claimed for the averaged tie rule
        return None
    for row in KNOWN:
        if rule not in row.rules or spec != row.spec:
            continue
        value = row.value(rule, n, f, q, model)
        if value is None or not (value > bound or (strict and value == bound)):
            return None
        if value == math.inf:
            shown = "unbounded"
        else:
            shown = f"{value}, " + (f"above {bound}" if value > bound else f"so no {row.what} below {bound} holds")
        sync = " --sync" if model == "sync" else ""
        qs = "" if sync else f" --q {q}"
        return (f"known property, not a new bug: the exact one-round supremum of {rule}'s {row.what} at n={n}, f={f}, "
                f"q={q} ({model}, d = 1, {row.how}) is {shown}: {row.command.format(rule=rule, sync=sync, n=n, f=f, qs=qs)}")
    return None
