"""The paper's constants: exact values, feasibility, the checks, LEARN's recipe,
and that every consumer takes iteration counts from avagree.proofs."""

from fractions import Fraction as Fr

import numpy as np
import pytest
import sympy as sp

from avagree import ParameterError
from avagree.algorithms.iterated import iterations, run_iterated
from avagree.audit.claims import CLAIMS, CONFIRMED
from avagree.model.execution import Params, full_delivery
from avagree.proofs import constants
from avagree.proofs.checks import ALL_CHECKS
from avagree.proofs.learn import eta, t_learn, t0


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
    assert eta(Fr(1, 2), 2) == sp.Rational(1, 48)
    assert t0(1, sp.Rational(1, 24)) == (32 * sp.Rational(1, 576)) ** sp.Rational(2, 3)
    plan = t_learn(sp.Rational(1, 2), 1, 1, sp.Rational(8, 3), 6, lambda t: sp.Rational(1, t), 1, 10)
    assert plan.T_learn >= max(int(sp.ceiling(v)) for v in plan.T.values())
    fixed = t_learn(sp.Rational(1, 2), 1, 1, sp.Rational(8, 3), 6, lambda t: sp.Rational(1, t), 1, 10, corrected=True)
    assert fixed.T["T4"] >= 1 / fixed.nu**2
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
