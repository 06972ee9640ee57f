"""C-averaging (paper Definition 3): after every round s,
||mean(x_s) - mean(x_0)||_2 <= C Delta_2(x_0), checked on squares."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from avagree.model.diameters import diameter_pow, mean
from avagree.model.execution import Execution
from avagree.model.numbers import mode_of

from .base import Verdict


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
