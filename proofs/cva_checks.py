"""Checks of what section 5.4 says about CVA ("the same sketch of the proof as MDA").

The paper writes no CVA formula; :mod:`.cva` holds Lemma 12 read under the CVA
conditions (1 - eps_tilde per round) and avagree's reconstruction
``FACTOR_5F = (5f + h - q)/(q - f)``. The check here shows that the reconstruction
plays the part eqs. (134)-(135) play for MDA: at the smallest q the CVA condition
admits it equals 1 - eps_tilde, and it decreases in q, so it is at most
1 - eps_tilde wherever the condition holds. Z3's exact one-round worst cases
(``avagree worst cva``) are compared with both in the audit.
"""

from __future__ import annotations

import sympy as sp

from . import cva
from .check_record import Check
from .symbols import eps, f, h, q


def check_cva_sketch_algebra() -> Check:
    """(5f + h - q)/(q - f) at q = (1+eps)/2 h + (3+2eps) f is (1-eps)/(1+eps) = 1 - eps_tilde, and decreases in q."""
    qmin = q - cva.Q_CONDITION  # the smallest q the CVA condition admits
    at_min = sp.simplify(cva.FACTOR_5F.subs(q, qmin) - (1 - eps) / (1 + eps))
    same = sp.simplify((1 - eps) / (1 + eps) - cva.SKETCH_FACTOR)
    dq = sp.simplify(sp.diff(cva.FACTOR_5F, q) + (4 * f + h) / (q - f) ** 2)  # d/dq = -(4f + h)/(q - f)^2 < 0
    fails = [f"{name} leaves {sp.sstr(v)}" for name, v in
             (("at the smallest q", at_min), ("1 - eps_tilde", same), ("the derivative", dq)) if v != 0]
    return Check("cva-sketch-algebra", "Section 5.4 with Lemma 12, eqs. (133)-(135) (avagree's reading)",
                 "(5f+h-q)/(q-f) at q = (1+eps)/2 h + (3+2eps) f equals (1-eps)/(1+eps) = 1 - eps_tilde, and "
                 "decreases in q", "symbolic", not fails, fails,
                 "the paper writes no CVA factor; this is the eq. (133)-shaped factor its CVA conditions fit")


CVA_CHECKS = (check_cva_sketch_algebra,)
