"""Verdicts of executable specifications.

A specification evaluates a concrete :class:`~avagree.model.execution.Execution` and
returns a :class:`Verdict` with the measured quantity, the bound and the margin
(bound - measured; negative means violated). In exact mode all three are exact
rationals. Specifications on l2 quantities compare *squares* (so exact mode
needs no square roots); their ``quantity`` says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Callable



@dataclass(frozen=True)
class Verdict:
    spec: str
    holds: bool
    measured: Any
    bound: Any
    quantity: str
    exact: bool
    detail: str = ""

    @property
    def margin(self) -> Any:
        return self.bound - self.measured

    def __str__(self) -> str:
        state = "holds" if self.holds else "VIOLATED"
        return f"{self.spec}: {state} ({self.quantity} = {fmt(self.measured)}, bound {fmt(self.bound)}){' - ' + self.detail if self.detail else ''}"


def fmt(x: Any) -> str:
    if isinstance(x, Fraction):
        return f"{x} (~{float(x):.6g})" if x.denominator != 1 else str(x)
    if isinstance(x, float):
        return f"{x:.6g}"
    return str(x)


SpecFn = Callable[..., Verdict]
