"""Contraction and asymptotic agreement (paper Definition 2, Lemmas 12 and 15).

* ``contraction(ex, c)``: Delta_2(last family) <= c * Delta_2(first family), checked as
  Delta_2(out)^2 <= c^2 Delta_2(in)^2. Over one round this is a one-round
  contraction factor; over the N rounds of AVG_t with c = 2^-t it is Definition 2.
* ``cw_contraction(ex, c)``: the same for every coordinate-wise diameter,
  Delta^cw(out)[i] <= c Delta^cw(in)[i] (Lemma 15's form).
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from avagree.model.diameters import cw_diameter, diameter_pow
from avagree.model.execution import Execution
from avagree.model.numbers import mode_of

from .base import Verdict


def _ratio(num: Any, den: Any) -> Any:
    if den == 0:
        return 0 if num == 0 else float("inf")
    return num / den


def contraction(ex: Execution, c: Any = 1, *, strict: bool = False) -> Verdict:
    """Delta_2(out) <= c Delta_2(in); with ``strict`` the bound is "<" (real contraction)."""
    exact = mode_of(ex.inputs) == "exact"
    c2 = Fraction(c) ** 2 if exact else float(c) ** 2
    din, dout = diameter_pow(ex.inputs, 2), diameter_pow(ex.outputs, 2)
    measured = _ratio(dout, din)
    holds = dout < c2 * din if strict else dout <= c2 * din
    if strict and din == 0:
        holds = dout == 0
    return Verdict("contraction", bool(holds), measured, c2, "(Delta_2(out)/Delta_2(in))^2", exact,
                   f"{len(ex.rounds)} round(s), factor c = {c}{' (strict)' if strict else ''}")


def cw_contraction(ex: Execution, c: Any = 1) -> Verdict:
    exact = mode_of(ex.inputs) == "exact"
    cc = Fraction(c) if exact else float(c)
    din, dout = cw_diameter(ex.inputs), cw_diameter(ex.outputs)
    worst: Any = 0
    holds = True
    for a, b in zip(din.tolist(), dout.tolist()):
        if b > cc * a:
            holds = False
        worst = max(worst, _ratio(b, a))
    return Verdict("cw-contraction", holds, worst, cc, "max_i Delta^cw(out)[i]/Delta^cw(in)[i]", exact,
                   f"{len(ex.rounds)} round(s)")
