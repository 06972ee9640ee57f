"""C-averaging (paper Definition 3): after every round s,
||mean(x_s) - mean(x_0)||_2 <= C Delta_2(x_0), checked on squares.

The record :data:`AVERAGING` carries it to the engines; its bound is C^2.
"""

from __future__ import annotations

from fractions import Fraction
from math import isqrt
from typing import TYPE_CHECKING, Any, Mapping


from avagree.model.diameters import diameter_pow, mean
from avagree.model.execution import Execution
from avagree.model.numbers import mode_of

from .base import Verdict
from .spec import Spec

if TYPE_CHECKING:
    import z3


def averaging(ex: Execution, C: Any, *, C_squared: Any = None) -> Verdict:
    """``C`` may be irrational: pass ``C_squared`` (exact) instead, e.g. 4h for 2 sqrt(h)."""
    exact = mode_of(ex.inputs) == "exact"
    if C_squared is None:
        C_squared = Fraction(C) ** 2 if exact else float(C) ** 2
    elif not exact:
        C_squared = float(C_squared)
    x0 = ex.inputs
    m0 = mean(x0)
    d2 = diameter_pow(x0, 2)
    worst: Any = 0
    worst_round = 0
    holds = True
    for s, fam in enumerate(ex.families[1:], start=1):
        diff = mean(fam) - m0
        err2 = (diff * diff).sum()
        if err2 > C_squared * d2:
            holds = False
        ratio = err2 / d2 if d2 != 0 else (0 if err2 == 0 else float("inf"))
        if ratio > worst:
            worst, worst_round = ratio, s
    return Verdict("averaging", holds, worst, C_squared, "max_s (||mean(x_s) - mean(x_0)|| / Delta_2(x_0))^2", exact,
                   f"worst after round {worst_round}" if worst_round else "")


def _evaluate(ex: Execution, bound: Any, args: Mapping[str, Any]) -> tuple[bool, Any]:
    v = averaging(ex, None, C_squared=bound if mode_of(ex.inputs) == "exact" else float(bound))
    return v.holds, v.measured


def _margin(ex: Execution, unit: Any) -> tuple[float, bool]:
    return float(averaging(ex, 0).measured) - float(unit), True


def _rational_sqrt(x: Fraction) -> Fraction | None:
    a, b = x.numerator, x.denominator
    ra, rb = isqrt(a), isqrt(b)
    return Fraction(ra, rb) if a >= 0 and ra * ra == a and rb * rb == b else None


def _z3_violation(prob: Any, bound: Fraction, strict: bool) -> z3.BoolRef:
    """Some round's honest mean more than C from the input mean, with the
    inputs' diameter normalised to 1 and ``bound`` = C^2."""
    import z3  # lazily: z3 takes ~0.5 s to import, and the oracle and replay, which load this module, never use it

    x0 = prob.families[0]
    h = prob.params.h
    m0 = z3.Sum(x0) / h
    viol = []
    for fam in prob.families[1:]:
        diff = z3.Sum(fam) / h - m0
        root = _rational_sqrt(bound)  # bound is C^2 (diameter normalised to 1)
        if root is not None:  # stay linear when C is rational
            viol.append(z3.Or(diff > z3.RealVal(root), -diff > z3.RealVal(root)))
        else:
            viol.append(diff * diff > z3.RealVal(bound))
    return z3.Or(viol)


AVERAGING = Spec(
    "averaging", _evaluate, _margin, squared=True, default_bound=Fraction(1), z3_violation=_z3_violation,
    z3_bound_in_units=True, z3_normalised=True, fuzz_default=True,
    summary="C-averaging, ||mean(out) - mean(in)|| <= C Delta_2(in) (Definition 3); --bound is C for the oracle, "
            "C^2 for Z3 (exact for irrational C)")
