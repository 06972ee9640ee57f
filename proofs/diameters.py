r"""Lemma 1: Delta_r <= Delta_r^cw <= min{d^(1/r), 2 h^(1/r)} Delta_r.

The 2 sqrt(h) of Lemma 1 at r = 2 is where Theorem 6's constant and Theorem 8's
factor 2 sqrt(h) come from (eqs. 167 and the end of Theorem 8's proof), and the
min with sqrt(d) is Remark 3's.
"""

from __future__ import annotations

import sympy as sp

from .symbols import d, h

r = sp.Symbol("r", positive=True)

#: Lemma 1: the factor depending on h only, 2 h^(1/r).
LEMMA1_H_FACTOR = 2 * h ** (1 / r)
#: Lemma 1: Delta_r^cw <= min{d^(1/r), 2 h^(1/r)} Delta_r.
LEMMA1_UPPER = sp.Min(d ** (1 / r), LEMMA1_H_FACTOR)
#: Lemma 1 for the Euclidean norm (r = 2): 2 sqrt(h), and min{sqrt(d), 2 sqrt(h)}.
LEMMA1_H_FACTOR_L2 = LEMMA1_H_FACTOR.subs(r, 2)
LEMMA1_UPPER_L2 = LEMMA1_UPPER.subs(r, 2)


def lemma1_upper(H: int, D: int, R: int | sp.Expr = 2) -> sp.Expr:
    """Lemma 1's constant min{d^(1/r), 2 h^(1/r)} for concrete h, d, r (r may be sympy.oo or
    float("inf"): then d^(1/r) = h^(1/r) = 1 and the constant is min{1, 2} = 1)."""
    return LEMMA1_UPPER.subs({h: H, d: D, r: sp.oo if R == float("inf") else R})
