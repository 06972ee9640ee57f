r"""Lemma 1: Delta_r <= Delta_r^cw <= min{d^(1/r), 2 h^(1/r)} Delta_r."""

from __future__ import annotations

import sympy as sp

from .symbols import d, h

r = sp.Symbol("r", positive=True)

LEMMA1_UPPER = sp.Min(d ** (1 / r), 2 * h ** (1 / r))
LEMMA1_UPPER_L2 = sp.Min(sp.sqrt(d), 2 * sp.sqrt(h))


def lemma1_upper(H: int, D: int, R=2):
    """The constant min{d^(1/r), 2 h^(1/r)} for concrete h, d, r (r may be sympy.oo)."""
    if R == sp.oo or R == float("inf"):
        return sp.Integer(min(1, 2))
    return sp.Min(sp.Integer(D) ** (sp.Integer(1) / R), 2 * sp.Integer(H) ** (sp.Integer(1) / R))
