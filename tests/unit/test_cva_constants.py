"""CVA's constants as section 5.4 gives them (Lemma 12 read under the CVA conditions), the check of
avagree's reconstruction (5f + h - q)/(q - f), and the values computed by hand."""

from __future__ import annotations

import math
from fractions import Fraction

import sympy as sp

from avagree.proofs import constants, cva, cva_checks, mda


def test_cva_constants_at_the_first_feasible_n():
    # n = 8, f = 1, q = 7: eps <= (n - 7f)/(n + 3f) = 1/11 and (2q - h - 6f)/(h + 4f) = 1/11
    c = constants("cva", 8, 1, 7)
    assert (c.feasible, c.eps, c.eps_tilde, c.contraction_factor) == (True, sp.Rational(1, 11), sp.Rational(1, 6),
                                                                        sp.Rational(5, 6))
    assert c.iterations == math.ceil(math.log(2) * 6) == 5
    assert c.averaging_constant is None and any("no averaging constant" in note for note in c.notes)
    # n = 15, f = 2, q = 13: eps = 1/21, eps_tilde = (2/21)/(22/21) = 1/11
    c = constants("cva", 15, 2, 13)
    assert (c.eps_tilde, c.contraction_factor, c.iterations) == (sp.Rational(1, 11), sp.Rational(10, 11), 8)
    assert c.extra["factor_5f_not_in_paper"] == Fraction(10 + 13 - 13, 11)


def test_cva_below_7f_plus_1_has_no_constants():
    c = constants("cva", 7, 1, 6)
    assert not c.feasible and c.eps_tilde is None and c.contraction_factor is None and c.iterations is None
    assert c.extra["factor_5f_not_in_paper"] == 1  # (5 + 6 - 6)/5


def test_sketch_algebra_holds_and_fails_for_another_factor(monkeypatch):
    assert cva_checks.check_cva_sketch_algebra().holds
    monkeypatch.setattr(cva, "FACTOR_5F", mda.LEMMA12_FACTOR)  # MDA's factor does not fit the CVA conditions
    bad = cva_checks.check_cva_sketch_algebra()
    assert not bad.holds and "at the smallest q" in bad.failures[0]
