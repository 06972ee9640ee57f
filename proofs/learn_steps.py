"""Section 4's steps that :mod:`.learn_lemmas` and :mod:`.learn_theorems` do not cover (issue 27):
the AVG guarantees (26)-(29), the diameter forms (31) and (35), Lemma 5 (37), Lemma 7 under
correlated noise, the descent step (101)-(104) per step and summed, eqs. (107), (109)-(110)
and T_6, and Lemma 11 (121).

Same conventions as :mod:`.learn_lemmas`: an inequality is "shown" only by
:func:`.check_record.nonneg` or an identity; a failure lists exact values.
"""

from __future__ import annotations

import sympy as sp

from . import learn as lr
from .check_record import Check, nonneg
from .learn import A, B, C, D, Dg, Dth, K, L, L_max, abar, alpha, eta, nu, sbar, sigma
from .learn_lemmas import ALPHA_LE_ABAR, ALPHA_SQRT_T, a, b, g, s, z
from .symbols import h, t

R = sp.Rational


def _vec(name: str, dim: int = 2) -> sp.Matrix:
    return sp.Matrix(sp.symbols(f"{name}1:{dim + 1}", real=True))


def check_avg_guarantees() -> Check:
    """Eqs. (26)-(29): AVG_{ceil(log2 t)} contracts Delta_2^2 by 1/4^ceil(log2 t) <= 1/t^2; AVG_1 by 1/4."""
    bad = [T for T in range(1, 2**16 + 1) if 4 ** ((T - 1).bit_length()) < T * T]  # ceil(log2 T) = bit_length(T - 1)
    return Check("avg-guarantees", "Eqs. (26)-(29)",
                 "with tau_t = ceil(log2 t), Definition 2 (squared, eq. 22) gives E Delta_2(gamma_t)^2 <= "
                 "Delta_2(g_t)^2/t^2; (28) is eq. (22) at t = 1; the averaging halves of (26) and (29) are eq. (22)'s",
                 "exact for 1 <= t <= 2^16 (integers: ceil(log2 t) = bit_length(t - 1)); 2^ceil(x) >= 2^x for all t",
                 not bad, [f"t = {T}: 4^ceil(log2 t) < t^2" for T in bad[:5]],
                 "at t = 1, tau_1 = 0: the proof calls AVG_0, which Definition 2 asks only not to expand Delta_2")


def check_eq31() -> Check:
    """Eq. (31): Lemma 3 on the pair attaining Delta_2(u + v); the gap is a square plus nonnegative slacks."""
    u, v = _vec("du"), _vec("dv")  # u_j - u_k and v_j - v_k for the pair attaining Delta_2(u + v)
    al, s1, s2 = sp.symbols("a_ s1 s2", positive=True)  # Delta_2(u)^2 = ||du||^2 + s1, Delta_2(v)^2 = ||dv||^2 + s2
    gap = (1 + 1 / al) * (u.dot(u) + s1) + (1 + al) * (v.dot(v) + s2) - (u + v).dot(u + v)
    w = u / sp.sqrt(al) - sp.sqrt(al) * v
    ok = sp.simplify(gap - w.dot(w) - (1 + 1 / al) * s1 - (1 + al) * s2) == 0
    return Check("eq31", "Lemma 3, eq. (31)",
                 "Delta_2(u + v)^2 <= (1 + 1/alpha) Delta_2(u)^2 + (1 + alpha) Delta_2(v)^2 for vector families u, v",
                 "symbolic: on the pair (j, k) attaining Delta_2(u + v), eq. (30) for u_j - u_k, v_j - v_k; each "
                 "pair's distance is at most the diameter (slacks s1, s2 >= 0), R^2", ok)


def check_eq35() -> Check:
    """Eq. (35): Lemma 4 on the pair attaining Delta_2(sum u_j)."""
    ok = True
    for N in (2, 3, 4):
        us = [_vec(f"d{j}_") for j in range(N)]
        sl = sp.symbols(f"s0:{N}", nonnegative=True)
        tot = sum(us, sp.zeros(2, 1))
        gap = N * sum(x.dot(x) + sj for x, sj in zip(us, sl)) - tot.dot(tot)
        rest = N * sum(sl) + sp.Rational(1, 2) * sum((x - y).dot(x - y) for x in us for y in us)
        ok = ok and sp.expand(gap - rest) == 0
    return Check("eq35", "Lemma 4, eq. (35)", "Delta_2(sum_j u_j)^2 <= N sum_j Delta_2(u_j)^2 for N vector families",
                 "symbolic: eq. (34) on the pair attaining the left-hand side, each pair's distance at most the "
                 "diameter (slacks >= 0); N = 2, 3, 4 families in R^2", ok)


def check_lemma5() -> Check:
    """Lemma 5, eq. (37): 4M^2 - ||u_j - u_k||^2 = 2(M^2 - ||u_j||^2) + 2(M^2 - ||u_k||^2) + ||u_j + u_k||^2."""
    x, y = _vec("uj"), _vec("uk")
    M2 = sp.Symbol("M2", nonnegative=True)
    ok = sp.expand(4 * M2 - (x - y).dot(x - y) - 2 * (M2 - x.dot(x)) - 2 * (M2 - y.dot(y)) - (x + y).dot(x + y)) == 0
    tight = sp.Matrix([1, 0]) - sp.Matrix([-1, 0])  # u = (v, -v), h = 2: Delta_2 = 2 ||v||
    ok = ok and tight.dot(tight) == 4
    return Check("lemma5", "Lemma 5, eq. (37)", "Delta_2(u) <= 2 max_j ||u_j||", "symbolic (the identity, R^2), "
                 "with M^2 = max_j ||u_j||^2", ok, [], "tight at h = 2: u = (v, -v) has Delta_2 = 2||v||")


def lemma7_common_noise(H: int, sig: sp.Expr, t_: int = 1) -> tuple[sp.Expr, sp.Expr]:
    """(E||G_bar - grad||^2, eq. (50)'s right-hand side) when every node's noise is the same +-sig (mean 0),
    the H losses are equal and so are the H parameters: Delta_2(g) = Delta_2(theta) = 0, so any AVG
    meeting (26)-(29) returns its input and G_bar - grad = xi. alpha_t = abar = max{1, sig} (t = 1)."""
    ab = sp.Max(1, sig)
    rhs = lr.LEMMA7_RHS.subs({Dg: 0, Dth: 0, h: H, sigma: sig, alpha: ab, abar: ab, t: t_})
    return sig**2, sp.nsimplify(rhs)


def check_lemma7_correlated() -> Check:
    """Lemma 7, eq. (50), under Assumption 3 alone: (59)-(60) need the noises uncorrelated across nodes."""
    lhs, rhs = lemma7_common_noise(7, sp.Integer(1))
    fails = [f"h = 7 equal losses theta^2/2, equal parameters, every node's noise the same xi = +-1 (mean 0, "
             f"E||xi||^2 = 1 = sigma_t^2, Assumption 3 holds), t = 1, alpha_t = abar = 1: E||G_bar - grad||^2 = "
             f"{lhs} > eq. (50)'s {rhs}"] if lhs > rhs else []
    still = nonneg(lr.LEMMA7_RHS_CORRELATED - lr.LEMMA7_PROOF_RHS_CORRELATED, ALPHA_LE_ABAR)
    b_t = lr.LEMMA8_B_T - 6 * abar / h + 6 * abar  # Lemma 6 into the correlated Lemma 7: 6 abar sigma^2 not / h
    same = sp.simplify(lr.lemma8_rhs(lr.LEMMA8_KAPPA_T, lr.LEMMA8_A_T, b_t)
                       - lr.LEMMA7_RHS_CORRELATED.subs(Dg, lr.LEMMA6_RHS)) == 0
    b_ok = nonneg(lr.LEMMA8_B_CORRELATED - b_t, ALPHA_SQRT_T)
    return Check("lemma7-correlated", "Lemma 7, eq. (50), Assumption 3",
                 "eq. (50) holds under Assumption 3 alone (a variance bound; noises of different nodes may be correlated)",
                 "exact at the listed instance", not fails, fails,
                 "it fails whenever h > 6 abar/alpha_t; eq. (59) uses 'the conditional non-correlation' of the noises, "
                 "which Assumption 3 does not state. With E||mean xi||^2 <= sigma_t^2 (Lemma 4) instead, (56)-(64) give "
                 f"(50) with sigma_t^2 in place of sigma_t^2/h ({'shown' if still else 'not shown'}), Lemma 8 then holds "
                 f"with B = 224 abar^2 C^2 h + 6 abar ({'shown' if same and b_ok else 'not shown'}); Lemmas 6, 9, 10 do "
                 "not use the correlation, and Theorem 1 uses B only through T_1 and E")


# --- Theorem 1, the descent step (101)-(104) ------------------------------------------------

def descent_step(L_, nu_, c_, theta_, G_) -> dict[str, sp.Expr]:
    """One step on L_bar(y) = L/2 (y - c)^2 with eta = nu/(2L): ||grad||^2, eq. (102)'s right-hand side and
    the exact form (101) gives (coefficient 2/((1 - nu) eta) on the loss decrease)."""
    L_, nu_, c_, th, G = (sp.nsimplify(x) for x in (L_, nu_, c_, theta_, G_))
    e_ = nu_ / (2 * L_)
    loss = lambda y: L_ / 2 * (y - c_) ** 2  # noqa: E731
    grad = L_ * (th - c_)
    dec = loss(th) - loss(th - e_ * G)
    vals = {eta: e_, nu: nu_}
    err = (G - grad) ** 2
    return {"grad2": grad**2, "eta": e_, "decrease": dec,
            "eq102": lr.STEP_LOSS_COEF_PAPER.subs(vals) * dec + lr.STEP_ERR_COEF.subs(vals) * err,
            "eq101": lr.STEP_LOSS_COEF.subs(vals) * dec + lr.STEP_ERR_COEF.subs(vals) * err}


def eq102_range() -> sp.Set:
    """The nu in (0, 1) for which eq. (102) holds for every L-smooth loss and every G_t (L eta = nu/2).
    The worst loss is the quadratic with curvature +L (it attains the descent lemma's bound on the
    decrease); (102) then reads Q(grad, G - grad) >= 0 for a quadratic form Q, in every dimension iff its
    2 x 2 matrix is positive semidefinite."""
    gg, ee, Lp, cc = sp.symbols("gg ee Lp cc", real=True)
    th = cc + gg / Lp  # grad = L (theta - c) = gg
    st = descent_step(Lp, nu, cc, th, gg + ee)
    Q = sp.expand(sp.simplify(st["eq102"] - st["grad2"]))
    M = sp.Matrix([[Q.coeff(gg, 2), Q.coeff(gg, 1).coeff(ee, 1) / 2], [Q.coeff(gg, 1).coeff(ee, 1) / 2, Q.coeff(ee, 2)]])
    M = M.applyfunc(sp.simplify)
    assert sp.simplify(Q - (M[0, 0] * gg**2 + 2 * M[0, 1] * gg * ee + M[1, 1] * ee**2)) == 0
    cond = sp.solve_univariate_inequality(sp.together(M.det()) >= 0, nu, relational=False)
    return cond.intersect(sp.Interval.open(0, 1)).intersect(
        sp.solve_univariate_inequality(M[1, 1] >= 0, nu, relational=False))


def check_theorem1_eq102() -> Check:
    """Eqs. (102)-(103) per step: false when the loss increases in the step, for small nu."""
    ok_set = eq102_range()
    fails = []
    for nu_, who in ((R(1, 12), "nu = delta/6 (Algorithm 1)"), (R(1, 32), "nu = delta/16 (the repair)")):
        st = descent_step(1, nu_, 0, 1, -1)
        if st["grad2"] > st["eq102"]:
            fails.append(f"{who}, delta = 1/2, L = 1, eta = {st['eta']}: L_bar = theta^2/2, theta_t = 1, G_t = -1 "
                         f"(the loss rises by {-st['decrease']}): ||grad||^2 = {st['grad2']} > (102)'s {st['eq102']} "
                         f"(the exact form from (101) gives {st['eq101']})")
    holds_all = sp.Interval.Lopen(0, R(1, 2)).is_subset(ok_set)
    if not holds_all:
        fails.insert(0, f"holds for every L-smooth loss iff nu in {ok_set}, i.e. nu >= (7 - sqrt(41))/4 ~ "
                        f"{float((7 - sp.sqrt(41)) / 4):.4f} (delta >= 3(7 - sqrt 41)/2 ~ 0.895 with nu = delta/6, "
                        "delta >= 28 - 4 sqrt 41 ~ 2.39 with nu = delta/16)")
    return Check("theorem1-eq102", "Theorem 1, eqs. (101)-(103)",
                 "at every step and for every L-smooth loss, ||grad L_bar(theta_t)||^2 <= (4/eta)(L_bar(theta_t) - "
                 "L_bar(theta_{t+1})) + (1+nu)/(1-nu) ||G_t - grad||^2 (L eta = nu/2, 0 < nu <= 1/2), hence eq. (103)",
                 "symbolic (worst L-smooth loss, solve_univariate_inequality), exact at the listed steps", not fails, fails,
                 "(101) gives the coefficient 2/((1-nu) eta), which is <= 4/eta only when the loss does not rise in the "
                 "step. The first failing step is a LEARN run with T = 1: h = 2, x = (-1, 1), losses (theta - x_j)^2/2 "
                 "(L = 1, K = 2, the same L_bar up to 1/2), theta_1 = 1, sigma_t = 0, and an AVG meeting (26)-(29) with "
                 "C = 1 that gives every node gamma = g_bar - 2 (= C Delta_2(g) away); AVG_1 then sees equal vectors "
                 "and keeps them, so G_1 = -1 and (103) at T = 1 fails by the same numbers (row theorem1-eq104: "
                 "what the sum still gives)")


def check_theorem1_eq104() -> Check:
    """Eq. (104) from the exact per-step form: summing telescopes the loss terms to L_bar(theta_1) -
    L_bar(theta_{T+1}) <= L_max (Assumptions 1 and 4), and 2/((1-nu) eta) <= 4/eta on L_max >= 0."""
    X, Y, dl = sp.symbols("grad2 err2 dec", real=True)  # ||grad||^2, ||G - grad||^2, L_t - L_{t+1}
    e_ = nu / (2 * L)  # L eta = nu/2
    # (101): (eta/2 - L eta^2) X <= dec + (eta/2 + L eta^2) Y, divided by (1 - nu) eta/2 > 0
    exact = sp.simplify((dl + (e_ / 2 + L * e_**2) * Y) / (e_ / 2 - L * e_**2)
                        - (lr.STEP_LOSS_COEF * dl + lr.STEP_ERR_COEF * Y).subs(eta, e_)) == 0
    coef = nonneg((lr.STEP_LOSS_COEF_PAPER - lr.STEP_LOSS_COEF) * L_max, {nu: R(1, 2) / (1 + b)})
    return Check("theorem1-eq104", "Theorem 1, eq. (104)",
                 "averaging over t <= T, E||grad L_bar(theta_*)||^2 <= 4 L_max/(eta T) + (1+nu)/(1-nu) (1/T) sum_t "
                 "E||G_t - grad||^2 for 0 < nu <= 1/2",
                 "symbolic: (101) divided by (1-nu) eta/2 is ||grad||^2 <= 2/((1-nu) eta) (L_t - L_{t+1}) + "
                 "(1+nu)/(1-nu) ||G_t - grad||^2 exactly; the sum telescopes to L_bar(theta_1) - L_bar(theta_{T+1}) <= "
                 "L_max (L_bar >= 0, L_bar(theta_1) <= L_max), and 2/((1-nu) eta) L_max <= 4 L_max/eta",
                 exact and coef, [], "eq. (104) holds although (102) and (103) do not (row theorem1-eq102): the sum "
                 "is bounded before the coefficient is raised")


def eq107_instance() -> dict[str, sp.Expr]:
    """The paper's recipe at C = K = 1/4, L = 1, h = 6, delta = 1/10, sigma_t = 0, L_max = 1, and eq. (106)'s
    terms against eq. (107)'s at t = 196 = 14^2 >= T_4."""
    plan = lr.t_learn(R(1, 10), 1, R(1, 4), R(1, 4), 6, lambda _t: 0, 0, 1, corrected=False)
    T_ = 196
    v = {C: R(1, 4), K: R(1, 4), A: plan.A, B: plan.B, D: plan.D, nu: plan.nu, t: T_, alpha: R(1, 14), sigma: 0}
    X3 = (plan.A * plan.D / (plan.nu * v[C] ** 2 * v[K] ** 2)) ** 2  # T_3^3
    ck = v[C] ** 2 * v[K] ** 2
    return {"plan": plan, "t": T_, "T3_cubed": X3, "t4_ok": plan.T["T1"] <= T_ and plan.T["T2"] <= T_ and X3 <= T_**3,
            "term1": sp.nsimplify(((1 + alpha) ** 2 * (1 + lr.LEMMA8_KAPPA_PAPER) * C**2 * K**2).subs(v)),
            "term1_107": sp.nsimplify(((1 + nu) ** 3 * C**2 * K**2).subs(v)),
            "term2": sp.nsimplify((A * D / t ** R(3, 2)).subs(v)), "nuck": sp.nsimplify(v[nu] * ck),
            "eq106": sp.nsimplify(lr.EQ106_PAPER.subs(v)), "eq107": sp.nsimplify(lr.EQ107_RHS.subs(v))}


def check_theorem1_eq107() -> Check:
    """Eq. (107) from eq. (106) for t >= T_4 = max{T_1, T_2, T_3}, every quantity computed."""
    w = eq107_instance()
    p = w["plan"]
    fails = []
    if w["t4_ok"] and w["eq106"] > w["eq107"]:
        fails.append(
            f"C = K = 1/4, L = 1, h = 6, delta = 1/10 (nu = {p.nu}, eta = {p.eta}), sigma_t = 0, L_max = 1: "
            f"A = {p.A} (eq. 70), B = {p.B}, D ~ {float(p.D):.6g} (Lemma 10, an exact rational bound), T_1 = "
            f"{p.T['T1']}, T_2 = {p.T['T2']}, T_3 = {float(p.T['T3']):.6g} (T_3^3 = {float(w['T3_cubed']):.6g} <= "
            f"196^3), T_4 = {float(p.T['T4']):.6g}; at t = 196, alpha_t = 1/14 > nu: (1+alpha_t)^2(1+12C^2K^2/sqrt t)"
            f" C^2K^2 = {w['term1']} > (1+nu)^3 C^2K^2 = {w['term1_107']}; A D t^-3/2 = {float(w['term2']):.6g} <= "
            f"nu C^2K^2 = {w['nuck']}; B sigma_t = 0; (106) = {float(w['eq106']):.6g} > (107) = {w['eq107']} "
            f"(~{float(w['eq107']):.6g})")
    return Check("theorem1-eq107", "Theorem 1, eqs. (106)-(107)",
                 "for t >= T_4 = max{T_1, T_2, T_3}, the three terms of eq. (106) are at most (1+nu)^3 C^2 K^2, "
                 "nu C^2 K^2 and nu C^2 K^2, so eq. (106) gives eq. (107)",
                 "exact at the listed instance (every T_i, A, B, D computed)", not fails, fails,
                 "the first term needs alpha_t <= nu, i.e. t >= 1/nu^2 = 3600 here (row theorem1-alpha); this shows "
                 "the step (106) -> (107), not the value of E||G_t - grad||^2 in an execution")


def check_theorem1_eq109() -> Check:
    """Eqs. (109)-(110): E bounds (106) at every t >= 1; the split at T_4 and T >= T_5 give (1 + 8 nu) C^2 K^2."""
    dom = {abar: 1 + a, alpha: (1 + a) / (1 + b), t: (1 + s) ** 2, sbar: sbar, sigma: sbar / (1 + g)}
    e_ok = nonneg(lr.E_PAPER - lr.EQ106_PAPER, dom)
    fixed_106 = lr.EQ106_PAPER.subs(lr.LEMMA8_KAPPA_PAPER, lr.LEMMA8_KAPPA)
    e_fixed_ok = nonneg(lr.E_FIXED - fixed_106, dom)
    T4, T, ck = sp.symbols("T_4 T_ ck", positive=True)  # ck = C^2 K^2
    En = sp.Symbol("E_", positive=True)
    T5 = T4 * En / (nu * ck)
    avg = T4 * En / T + (T - T4) / T * (1 + 7 * nu) * ck
    split_ok = nonneg(((1 + 8 * nu) * ck - avg).subs(T, T5 * (1 + z)))
    return Check("theorem1-eq109", "Theorem 1, eqs. (109)-(110)",
                 "with E = (1+abar)^2(1+12C^2K^2)C^2K^2 + AD + B sigma_bar bounding (106) at every t and (108) for "
                 "t > T_4: the average over t <= T is <= T_4 E/T + (T - T_4)/T (1+7nu) C^2 K^2, which is <= "
                 "(1+8nu) C^2 K^2 for T >= T_5 = T_4 E/(nu C^2 K^2)",
                 "symbolic (coefficient signs for 1 <= t, alpha_t <= abar, sigma_t <= sigma_bar; T = T_5 (1 + z))",
                 e_ok and e_fixed_ok and split_ok, [],
                 "taking (108) for t > T_4 as given (row theorem1-eq107: it does not follow from T_4 as written), and "
                 "T_4 as an integer (the split counts the t <= T_4); E_FIXED bounds the corrected (106) too; T_5 "
                 "divides by C^2 K^2 (row theorem1-k-zero)")


def check_theorem1_t6() -> Check:
    """Eq. (112) via T_6: T >= L_max/(nu eta C^2 K^2) makes 4 L_max/(eta T) <= 4 nu C^2 K^2."""
    Tv = lr.T6_FORM * (1 + z)
    ok = nonneg(4 * nu * C**2 * K**2 - 4 * L_max / (eta * Tv))
    ok = ok and sp.expand((1 + 28 * nu) + 4 * nu - (1 + 32 * nu)) == 0
    return Check("theorem1-t6", "Theorem 1, eqs. (111)-(112), T_6",
                 "for T >= T_6 = L_max/(nu eta C^2 K^2), 4 L_max/(eta T) <= 4 nu C^2 K^2, so (111) with "
                 "(1+nu)(1+2nu)(1+8nu) <= 1 + 28 nu gives (1 + 32 nu) C^2 K^2",
                 "symbolic (T = T_6 (1 + z))", ok, [], "T_6 divides by C^2 K^2 (row theorem1-k-zero); the last "
                 "inequality of (112) is row theorem1-final")


def check_lemma11() -> Check:
    """Lemma 11, eq. (121): among q received vectors at most f are Byzantine, so q - f are honest."""
    bad = [(N, F, Q, byz) for F in range(1, 7) for N in range(3 * F + 1, 10 * F + 1) for Q in range(F + 1, N - F + 1)
           for byz in range(0, F + 1) if Q - byz < Q - F]
    return Check("lemma11", "Lemma 11, eq. (121)", "Delta_2 of the MDA subfamily <= Delta_2(x) (the honest inputs)",
                 "exact counting over 1 <= f <= 6, 3f+1 <= n <= 10f, f < q <= n - f, 0 <= Byzantine received <= f: "
                 "q - f received vectors are honest; the rest is by definition (the minimum over (q-f)-subsets is at "
                 "most that subset's diameter; a sub-family of x has diameter <= Delta_2(x))", not bad,
                 [f"n={N} f={F} q={Q}: {byz} Byzantine" for N, F, Q, byz in bad])

