"""Section 4 (LEARN) and Corollary 1: the checks' building blocks against values computed
another way. The checks themselves run in tests/unit/test_proofs.py::test_checks, which
compares each with its expected verdict in the claims catalogue."""

from fractions import Fraction as Fr

import sympy as sp

from avagree.proofs import constants
from avagree.proofs import learn as lr
from avagree.proofs.check_record import nonneg
from avagree.proofs.corollary1 import REGIMES, limit_ratio, ratio
from avagree.proofs.learn import lemma10_D, t_learn
from avagree.proofs.learn_lemmas import ALPHA_LE_ABAR
from avagree.proofs.symbols import f, h, n, t

R = sp.Rational


def test_nonneg_is_sound_on_small_cases():
    x, y = sp.symbols("x y", nonnegative=True)
    assert nonneg(x**2 + 2 * x * y + y)
    assert not nonneg(x - y)  # not shown (it is false for x < y)
    assert not nonneg(lr.alpha - lr.abar, ALPHA_LE_ABAR)  # alpha <= abar on the domain: the reverse is false
    assert nonneg(lr.abar - lr.alpha, ALPHA_LE_ABAR)
    assert not nonneg(sp.sqrt(x) - 1)  # not a polynomial: not shown


def _paper_lemma8(point):
    return lr.lemma8_rhs(lr.LEMMA8_KAPPA_T_PAPER, lr.LEMMA8_A_T_PAPER, lr.LEMMA8_B_T_PAPER).subs(point)


def test_lemma8_composition_by_hand():
    # Lemma 6 then Lemma 7 at abar = alpha = t = C = K = L = eta = h = Delta = sigma = 1, by hand:
    # E Delta_g^2 <= 2 + 16 (1 + 1) = 34; Lemma 7: 2 * 34 + 6 (1 + (1 + 2) + 2 * 34) = 68 + 432 = 500
    one = {lr.abar: 1, lr.alpha: 1, t: 1, lr.C: 1, lr.K: 1, lr.L: 1, lr.eta: 1, h: 1, lr.Dth: 1, lr.sigma: 1}
    assert lr.LEMMA8_COMPOSED.subs(one) == 500
    # the paper's (65) with (66)-(68): 4 (1 + 12/2) + A_t + B_t = 28 + 121 + 115 = 264 < 500
    assert _paper_lemma8(one) == 264


def test_lemma10_D_bounds_the_recursion_far_beyond_its_horizon():
    L_, K_, h_, e = 1, 1, 3, R(1, 64)
    D = lemma10_D(L_, K_, h_, e, lambda t: R(1, t), 1)
    # independent: u_{t+1} = rho_t u_t + delta_t with alpha_t = max(1/sqrt t, sigma_t), in floats with margin
    u = 0.0
    for s in range(1, 5000):
        a = max(s ** -0.5, 1 / s)
        rho = 0.5 + 8 * L_**2 * float(e) ** 2 / (a * s**2)
        delta = float(e) ** 2 / (2 * s**2) * ((1 + a) * K_**2 + 16 * h_ * (1 / s) ** 2 / a)
        u = rho * u + delta
        assert u * (s + 1) ** 2 <= float(D) * (1 + 1e-9), s


def test_corrected_recipe_pieces():
    plan = t_learn(R(1, 2), 1, 1, R(8, 3), 6, lambda t: R(1, t), 1, 10)
    assert plan.nu == R(1, 32) and plan.eta == R(1, 64)
    assert plan.T["T8"] == plan.D / R(1, 4)
    assert plan.T["T2"] == (12 / plan.nu) ** R(2, 3)
    assert plan.T["T4"] >= 1 / plan.nu**2 == 1024
    assert plan.A == 224 * R(8, 3) ** 2 + 6 + 12 * R(8, 3) ** 2 * 64**2
    assert plan.T_learn >= max(int(sp.ceiling(v)) for v in plan.T.values())


def test_paper_recipe_horizon_is_too_short_for_the_random_output_time():
    # L = 1/1000, K = 1000, C = 1/1000, h = 6, sigma_t = 1/t, L_max = 1, delta = 1/2 (docs/learn.md)
    plan = t_learn(R(1, 2), R(1, 1000), 1000, R(1, 1000), 6, lambda t: R(1, t), 1, 1, corrected=False)
    T = plan.T_learn
    # E Delta_2(theta_*)^2 <= (1/T) sum_{t=2..T} D/t^2 >= (1/T) D/4 (the t = 2 term alone) > delta^2
    assert Fr(int(plan.D.p), int(plan.D.q)) / (4 * T) > Fr(1, 4)
    fixed = t_learn(R(1, 2), R(1, 1000), 1000, R(1, 1000), 6, lambda t: R(1, t), 1, 1)
    assert fixed.T_learn >= fixed.D / R(1, 4)


def test_corollary1_ratio_matches_the_constants_table():
    for regime, q_of in (("async-q-h", lambda N, F: N - F), ("async-k-fixed", lambda N, F: N - F - 1),
                         ("sync", lambda N, F: N)):
        r = next(x for x in REGIMES if x.name == regime)
        for N, F in ((50, 1), (91, 2)):
            c = constants("mda", N, F, q_of(N, F), "sync" if regime == "sync" else "async")
            expected = c.averaging_constant / c.lower_bound
            assert sp.simplify(ratio(r).subs({f: F, n: N, sp.Symbol("k", positive=True): 1}) - expected) == 0


def test_corollary1_limits():
    lims = {r.name: limit_ratio(r) for r in REGIMES}
    k, c = sp.symbols("k c", positive=True)
    assert lims["async-q-h"] == R(3, 2) and lims["sync"] == 2 and lims["async-k-sqrt"] == 1
    assert sp.simplify(lims["async-k-fixed"] - (3 * f + k) / (2 * f + k)) == 0
    assert sp.simplify(lims["async-k-linear"] - (c - 1) / (c - 2)) == 0
