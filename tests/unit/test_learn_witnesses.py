"""Every REFUTED row of section 4 (issue 27), its witness recomputed here in exact arithmetic
(Fractions), independently of the check that reports it; and the exact bounds of the
sympy derivations checked at rational points on either side."""

from fractions import Fraction as Fr

import pytest

from avagree.audit.claims import REFUTED, by_id
from avagree.proofs import learn_edges, learn_steps


def _refuted(check_id: str) -> None:
    assert by_id(f"proof-{check_id}").expected == REFUTED


def _step(nu: Fr, theta: Fr, G: Fr) -> tuple[Fr, Fr, Fr]:
    """One step on L_bar = theta^2/2 (L = 1, eta = nu/2): (||grad||^2, (102)'s right side, (101)'s exact form)."""
    eta = nu / 2
    nxt = theta - eta * G
    dec = theta * theta / 2 - nxt * nxt / 2
    r = (1 + nu) / (1 - nu)
    err = (G - theta) ** 2
    return theta * theta, 4 / eta * dec + r * err, 2 / ((1 - nu) * eta) * dec + r * err


def test_eq102_fails_per_step_and_at_T1():
    _refuted("theorem1-eq102")
    g2, paper, exact = _step(Fr(1, 12), Fr(1), Fr(-1))
    assert (g2, paper, exact) == (1, Fr(85, 132), Fr(5, 2)) and g2 > paper and g2 <= exact
    g2, paper, exact = _step(Fr(1, 32), Fr(1), Fr(-1))
    assert paper == Fr(225, 992) < g2 <= exact
    # (103) at T = 1: h = 2, x = (-1, 1), theta_1 = 1, sigma = 0, an AVG meeting (26)-(29) with C = 1
    x, eta, C = (Fr(-1), Fr(1)), Fr(1, 24), 1
    g = [1 - xj for xj in x]
    g_bar, dg = sum(g) / 2, abs(g[0] - g[1])
    gamma = [g_bar - 2] * 2  # every node: Delta_2(gamma) = 0 <= Delta_2(g)/1, |gamma_bar - g_bar| = 2 <= C Delta_2(g)
    assert abs(gamma[0] - g_bar) <= C * dg
    theta2 = 1 - eta * gamma[0]  # equal vectors: AVG_1 keeps them
    loss = lambda th: sum((th - xj) ** 2 / 2 for xj in x) / 2  # noqa: E731
    grad = Fr(1)  # grad L_bar(1) = 1 - x_bar
    G = -(theta2 - 1) / eta
    rhs = 4 * (loss(Fr(1)) - loss(theta2)) / eta + Fr(13, 11) * (G - grad) ** 2
    assert G == -1 and rhs == Fr(85, 132) < grad**2


@pytest.mark.parametrize("nu, holds", [(Fr(3, 20), True), (Fr(1, 7), False), (Fr(1, 2), True), (Fr(1, 32), False)])
def test_eq102_range_on_either_side_of_its_root(nu, holds):
    # (102) for the worst loss is Q(g, e) = (3-nu) g^2 + 2(2-nu) g e + (r-nu) e^2 >= 0; the root is (7 - sqrt 41)/4
    r = (1 + nu) / (1 - nu)
    det = (3 - nu) * (r - nu) - (2 - nu) ** 2
    assert (det >= 0) == holds
    e = -(2 - nu) / (r - nu)  # the minimising error for grad = 1
    assert ((3 - nu) + 2 * (2 - nu) * e + (r - nu) * e * e >= 0) == holds
    g2, paper, _ = _step(nu, Fr(1), 1 + e)
    assert (g2 <= paper) == holds
    assert (learn_steps.eq102_range().contains(nu) == True) == holds  # noqa: E712  (sympy's contains)


def test_eq107_instance_by_hand():
    _refuted("theorem1-eq107")
    C2K2 = Fr(1, 256)
    nu, eta, h = Fr(1, 60), Fr(1, 120), 6
    A = 16 * Fr(1, 16) + 3 + 6 * Fr(1, 16) / eta**2 + 96 * Fr(1, 16)  # eq. (70), abar = 1, L = 1
    B = 16 * Fr(1, 16) * h + Fr(3, h) + 96 * Fr(1, 16) * h  # eq. (71)
    w = learn_steps.eq107_instance()
    D = Fr(int(w["plan"].D.p), int(w["plan"].D.q))
    assert (A, B) == (5410, Fr(85, 2)) == (w["plan"].A, w["plan"].B)
    T2 = 144 * C2K2**2 / nu**2
    assert T2 == Fr(2025, 256) <= 196
    assert (A * D / (nu * C2K2)) ** 2 <= 196**3  # T_3 <= 196
    # D bounds Lemma 10's recursion (paper's rho_t, delta_t with sigma_t = 0): checked in floats far beyond T_4
    u = 0.0
    for s in range(1, 4000):
        a = s ** -0.5
        u = (0.5 + 8 * float(eta) ** 2 / (a * s * s)) * u + float(eta) ** 2 / (2 * s * s) * (1 + a) / 16
        assert u * (s + 1) ** 2 <= float(D) * (1 + 1e-9)
    t, alpha = 196, Fr(1, 14)
    term1 = (1 + alpha) ** 2 * (1 + 12 * C2K2 / 14) * C2K2
    term2 = A * D / 14**3
    assert term1 > (1 + nu) ** 3 * C2K2 and term2 <= nu * C2K2
    assert term1 + term2 > ((1 + nu) ** 3 + 2 * nu) * C2K2 and t >= T2


def test_lemma7_common_noise():
    _refuted("lemma7-correlated")
    h, outcomes = 7, (Fr(1), Fr(-1))  # xi = +-1 at every node, mean 0, E xi^2 = 1 = sigma^2
    err = sum(xi * xi for xi in outcomes) / 2  # G_bar - grad = mean of the (equal) noises
    bound = Fr(6, 1) * (Fr(1) / h)  # (50) with Delta = 0, alpha = abar = 1: 6 abar/alpha sigma^2/h
    assert err == 1 > bound == Fr(6, 7)
    lhs, rhs = learn_steps.lemma7_common_noise(7, 1)
    assert (lhs, rhs) == (1, Fr(6, 7))


def _learn_exact(x, eta: Fr, T: int, avg) -> Fr:
    """LEARN without noise on losses (theta - x_j)^2/2 from theta_1 = 1; returns the mean over t <= T of
    ||grad L_bar(theta_bar_t)||^2 (grad L_bar(theta) = theta - x_bar)."""
    h = len(x)
    xb = sum(x) / h
    th, tot = [Fr(1)] * h, Fr(0)
    for _ in range(T):
        tb = sum(th) / h
        tot += (tb - xb) ** 2
        gamma = avg([th[j] - x[j] for j in range(h)])
        th = avg([th[j] - eta * gamma[j] for j in range(h)])
    return tot / T


def test_theorem1_false_when_C_or_K_is_zero_or_h_is_one():
    for check_id in ("theorem1-k-zero", "theorem1-c-zero", "theorem1-h-one"):
        _refuted(check_id)
    eta = Fr(1, 24)
    identity = lambda v: list(v)  # noqa: E731  (what any AVG does on equal vectors)
    mean = lambda v: [sum(v) / len(v)] * len(v)  # noqa: E731  (f = 0, synchronous: C = 0)
    for T in (1, 2, 5, 30):
        assert _learn_exact([Fr(0), Fr(0)], eta, T, identity) > 0  # K = 0
        assert _learn_exact([Fr(-1), Fr(1)], eta, T, mean) > 0  # C = 0, K = 2
        assert _learn_exact([Fr(0)], eta, T, identity) > 0  # h = 1
        assert _learn_exact([Fr(0), Fr(0)], eta, T, identity) == learn_edges.gd_grad_sq(eta, T)


def test_theorem2_edges():
    _refuted("theorem2-delta-choice")
    _refuted("theorem2-zero-diameter")
    delta = min(Fr(1), Fr(2) / 2**1)  # delta_0 = 1/2, t = 1, Delta_2(x) = 2
    assert (1 + delta) ** 2 == 4 > (1 + Fr(1, 2)) ** 2
    assert not 0 < min(Fr(1), Fr(0) / 2) < 3


def test_older_refuted_rows_by_hand():
    # theorem1-kappa: C = K = 1/10, nu = 1/12: T_2 = 144 C^4 K^4/nu^2 < 1, and at t = 1, alpha = 1, abar = 1 the
    # composed kappa_t = 12 abar/(alpha (1 + alpha) t^2) = 6 > nu
    assert 144 * Fr(1, 10) ** 8 * 144 == Fr(81, 390625) and Fr(12, 2) > Fr(1, 12)
    # theorem1-alpha: C = K = 1/2, nu = 1/10: T_2 = 225/4 < 1/nu^2 = 100
    assert 144 * Fr(1, 2) ** 8 * 100 == Fr(225, 4) < 100
    # theorem1-final: nu = 1/12: 1 + 32 nu = 11/3 > (1 + 6 nu)^2 = 9/4
    assert 1 + 32 * Fr(1, 12) == Fr(11, 3) > Fr(9, 4)
    # theorem2-eq116: Delta_2 = 1, t = 1: 1/2 > 1/4
    assert Fr(1, 2) > Fr(1, 4)


def test_simulated_expectations_report_an_interval_and_never_confirm():
    from avagree.audit.learn_jobs import SIM_MARGIN, job_learn_expectation
    from avagree.sim.learn_expect import simulate_lemma

    r = simulate_lemma("6", samples=300, seed=1)
    assert r["z_low"] <= r["z_mean"] <= r["z_high"] < 0  # Lemma 6 is loose here
    # one shared noise draw, equal losses and parameters: every sample's lhs is ||xi||^2 and the bound 6 sigma^2/h
    c = simulate_lemma("7", n=8, t=1, sigma=1.0, noise="common", spread=0.0, theta_spread=0.0, samples=50, seed=2)
    assert c["bound_mean"] == pytest.approx(6 / 7) and c["h"] == 7
    row = job_learn_expectation("6", "c", 200, seed=3, n=7, f=1, t=4, sigma=0.5, noise="independent")
    assert row.verdict.name == "UNKNOWN" and "not a proof" in row.evidence and SIM_MARGIN > 0


def test_docs_hold_the_generated_learn_table():
    """docs/learn.md and docs/findings.md hold, between their markers, the table ``avagree tables learn``
    writes from the catalogue (regenerate: ``avagree tables learn --update docs/learn.md``, same for findings)."""
    from pathlib import Path

    from avagree.audit.tables import learn_table, markers

    table = "\n".join(learn_table())
    begin, end = markers("learn")
    for doc in ("learn.md", "findings.md"):
        text = (Path(__file__).resolve().parents[2] / "docs" / doc).read_text()
        assert text.split(begin, 1)[1].split(end, 1)[0].strip() == table, doc
