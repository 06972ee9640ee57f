"""The paper's constants: exact values, feasibility, the checks, LEARN's recipe,
and that every consumer takes iteration counts from avagree.proofs."""

from fractions import Fraction as Fr

import numpy as np
import pytest
import sympy as sp

from avagree import ParameterError
from avagree.sim.iterated import iterations, run_iterated
from avagree.audit.claims import CLAIMS, CONFIRMED
from avagree.model.execution import Params, full_delivery
from avagree.proofs import at, broadcast, constants, cva, icwtm, lower_bounds, mda
from avagree.proofs import symbols as sym
from avagree.audit.proof_checks import ALL_CHECKS
from avagree.proofs.learn import eta_value, t_learn


def test_mda_constants_by_hand():
    c = constants("mda", 7, 1, 6, "async", t=3)
    # eps_max = min((7-6)/(7+2), (12-6-5)/(6+3)) = 1/9; eps_tilde = 2/9 / (10/9) = 1/5
    assert (c.eps_max, c.eps_tilde) == (sp.Rational(1, 9), sp.Rational(1, 5))
    assert c.contraction_factor == sp.Rational(4, 5)  # (4 + 6 - 6)/(6 - 1)
    assert c.averaging_constant == sp.Rational(8, 3)  # (2*6 + 4*1)/(6*5) / (1/5)
    assert c.iterations == 11  # ceil(3 ln 2 * 5)
    assert c.lower_bound == sp.Rational(1, 3)  # (h + 2f - q)/h


def test_icwtm_constants_by_hand():
    c = constants("cwtm", 6, 1, 5, "async", t=1)
    assert c.feasible and c.eps_max == 0 and c.eps_tilde == sp.Rational(1, 6)  # ceil(1/2)/(2*3)
    assert c.averaging_constant == 4 * sp.sqrt(5) / 5  # 2(2f+h-q) sqrt(h)/h
    assert c.iterations == sp.ceiling((4 * sp.log(2) + sp.log(5)) / (2 * sp.Rational(1, 6)))


@pytest.mark.parametrize("rule, n, f, ok", [("mda", 6, 1, False), ("mda", 7, 1, True), ("cva", 8, 1, True),
                                             ("cva", 7, 1, False), ("cwtm", 5, 1, False), ("cwtm", 6, 1, True),
                                             ("trimmed-middle", 4, 1, True), ("trimmed-middle", 3, 1, False)])
def test_feasibility_thresholds(rule, n, f, ok):
    c = constants(rule, n, f, n - f)
    assert c.feasible == ok
    assert bool(c.failed) != ok
    if not ok:
        assert c.averaging_constant is None and c.iterations is None


def test_sync_icwtm_is_feasible_from_3f_plus_1():
    assert constants("cwtm", 4, 1, 4, "sync").feasible
    assert constants("cwtm", 7, 2, 7, "sync").feasible


def test_bad_parameters_raise():
    with pytest.raises(ParameterError):
        constants("mda", 5, 5, 1)
    with pytest.raises(ParameterError):
        constants("mda", 7, 1, 7, "async")


CHECK_CLAIMS = {c.params["name"]: c for c in CLAIMS if c.kind == "proof_check"}  # expected verdicts: the catalogue


@pytest.mark.parametrize("chk", ALL_CHECKS, ids=lambda c: c.__name__)
def test_checks(chk):
    c = chk()
    claim = CHECK_CLAIMS[chk.__name__]
    assert c.holds == (claim.expected == CONFIRMED), (c.name, c.failures[:3])
    assert c.holds == (not c.failures)
    assert f"{c.ref}: {c.statement}" == claim.statement


def test_learn_recipe():
    assert eta_value(Fr(1, 2), 2) == sp.Rational(1, 48)
    assert eta_value(Fr(1, 2), 2, corrected=True) == sp.Rational(1, 128)
    plan = t_learn(sp.Rational(1, 2), 1, 1, sp.Rational(8, 3), 6, lambda t: sp.Rational(1, t), 1, 10, corrected=False)
    assert plan.T_learn >= max(int(sp.ceiling(v)) for v in plan.T.values())
    fixed = t_learn(sp.Rational(1, 2), 1, 1, sp.Rational(8, 3), 6, lambda t: sp.Rational(1, t), 1, 10)
    assert fixed.corrected and fixed.T["T4"] >= 1 / fixed.nu**2
    with pytest.raises(ParameterError):
        t_learn(3, 1, 1, 1, 6, lambda t: 0, 0, 1)


def test_iterated_runs_use_the_proofs_counts():
    p = Params(7, 1, 6, 1)
    assert iterations("mda", p, 3) == int(constants("mda", 7, 1, 6, t=3).iterations)
    fam = np.array([[0.0], [0.2], [0.4], [0.6], [0.8], [1.0]])
    rnd = full_delivery(p, lambda j: [[5.0]])
    ex = run_iterated("mda", p, fam, lambda s, x: rnd, t=1)
    assert len(ex.rounds) == iterations("mda", p, 1)
    d_in = fam.max() - fam.min()
    d_out = ex.outputs.max() - ex.outputs.min()
    assert d_out <= d_in / 2  # Definition 2 with t = 1
    with pytest.raises(ParameterError, match="hypotheses"):
        iterations("mda", Params(6, 1, 5, 1), 1)


@pytest.mark.parametrize("module", [mda, cva, icwtm], ids=["mda", "cva", "icwtm"])
@pytest.mark.parametrize("which", ["N", "Q"])
def test_eps_max_is_the_condition_solved_for_eps(module, which):
    """EPS_MAX_FROM_N/Q are the paper's N/Q_CONDITION (>= 0) solved for eps: the root is the
    bound, and on a grid of (n, f, q, eps) the condition holds exactly when eps <= the bound."""
    cond, bound = getattr(module, f"{which}_CONDITION"), getattr(module, f"EPS_MAX_FROM_{which}")
    roots = sp.solve(cond, sym.eps)
    assert any(sp.simplify(r - bound) == 0 for r in roots), roots
    high = sp.Rational(1, 4) if module is icwtm else 1  # eps < 1/4 (Assumption 6), eps < 1 (Assumption 5, CVA)
    checked = 0
    for F in (1, 2):
        for N in range(3 * F + 2, 10 * F + 1):
            if module is icwtm and N - 1 - 2 * F <= 0:
                continue
            for Q in (N - F, N - 2 * F, N):
                b = at(bound, n=N, f=F, q=Q)
                near = [b - sp.Rational(1, 1000), b, b + sp.Rational(1, 1000)]  # the sharp edge
                for e in [x for x in near if 0 <= x < high] + [sp.Rational(k, 8) * high for k in range(8)]:
                    assert (at(cond, n=N, f=F, q=Q, eps=e) >= 0) == (e <= b), (N, F, Q, e)
                    checked += 1
    assert checked > 300


def test_at_substitutes_exactly():
    assert at(mda.LEMMA12_FACTOR, n=7, f=1, q=6) == sp.Rational(4, 5)  # h defaults to n - f
    assert at(mda.LEMMA13_ALPHA, n=7, f=1, q=6) == sp.Rational(8, 15)
    assert at(mda.EPS_TILDE, eps=Fr(1, 9)) == sp.Rational(1, 5)
    assert at(icwtm.THEOREM8_ONE_ROUND, n=11, f=2, q=9) == sp.Rational(4, 9)
    assert at(lower_bounds.THEOREM4_ASYNC, h=6, f=1, q=6) == sp.Rational(1, 3)
    with pytest.raises(TypeError, match="unknown symbol"):
        at(mda.N_MDA, m=1)


def test_derived_constants_equal_the_papers_statements():
    """Theorem 8: 2(2f+h-q) sqrt(h)/h; Remark 3: (2f+h-q)/h min{2 sqrt h, sqrt d}; Theorem 6: 2 sqrt h."""
    assert sp.simplify(icwtm.THEOREM8_C - 2 * (2 * sym.f + sym.h - sym.q) * sp.sqrt(sym.h) / sym.h) == 0
    assert at(icwtm.REMARK3_C, n=13, f=2, q=11, d=3) == 4 * sp.sqrt(3) / 11
    assert at(icwtm.REMARK3_C, n=13, f=2, q=11, d=1000) == 8 * sp.sqrt(11) / 11
    assert at(broadcast.THEOREM6_C, h=11) == 2 * sp.sqrt(11)
    assert at(broadcast.N_BROADCAST, h=11, t=2) == 6


def test_remark3_constant_with_d():
    """constants('cwtm', ..., d=...) used to raise TypeError (keywords must be strings)."""
    c = constants("cwtm", 13, 2, 11, "async", t=2, d=3)
    assert c.extra["remark3_constant"] == 4 * sp.sqrt(3) / 11
    assert c.iterations == 23 and c.eps_tilde == sp.Rational(1, 7)


def test_icwtm_eps_tilde_just_below_a_quarter():
    """eps < 1/4 is open; the ceiling in eps_tilde is left-continuous, so the value just below
    1/4, ceil(h/2 + 1/2 - 10^-9)/(2(q - 2f)), is the value at eps = 1/4 that constants() reports."""
    for H in range(1, 60):
        below = sp.ceiling(sp.Rational(H, 2) + sp.Rational(1, 2) - sp.Rational(1, 10**9)) / 6
        assert at(icwtm.EPS_TILDE, h=H, q=5, f=1, eps=sp.Rational(1, 4)) == below


def test_lower_bounds_from_the_formulas():
    assert lower_bounds.theorem4_bound(7, 1, 6, "async") == sp.Rational(1, 3)
    assert lower_bounds.theorem4_bound(7, 1, 7, "sync") == sp.Rational(1, 6)
    assert lower_bounds.theorem7_applies(6, 2) is True and lower_bounds.theorem7_applies(7, 2) is False
    assert lower_bounds.theorem9_stated(3, 1) is True and lower_bounds.theorem9_stated(4, 1) is False
