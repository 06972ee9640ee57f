"""Sympy checks of Theorem 1's proof (eqs. 91-113), Theorem 2's reduction (eqs. 114-118)
and Remark 3, in the form :mod:`.learn_lemmas` uses (see its docstring)."""

from __future__ import annotations

from fractions import Fraction

import sympy as sp

from . import icwtm
from . import learn as lr
from .check_record import Check, nonneg
from .learn import C, D, K, L, abar, alpha, delta, eta, nu, sigma
from .learn_lemmas import ALPHA_SQRT_T, b, s
from .symbols import at, t

def _interval_fails(expr: sp.Expr, text: str) -> list[str]:
    """Where ``expr >= 0`` fails for 0 < nu <= 1/2 (solve_univariate_inequality)."""
    sol = sp.solve_univariate_inequality(expr >= 0, nu, relational=False)
    bad = sp.Interval.Lopen(0, sp.Rational(1, 2)) - sol
    return [] if bad == sp.EmptySet else [f"{text} fails for nu in {bad}"]


def check_theorem1_descent() -> Check:
    """Eqs. (93)-(101): (93), (97), (99) give (100); with L eta = nu/2 (both eta = delta/12L, nu = delta/6 and the
    repair delta/32L, delta/16), eta/2 - L eta^2 = (1-nu) eta/2 and eta/2 + L eta^2 = (1+nu) eta/2. Eq. (102) is
    row theorem1-eq102 (:mod:`.learn_steps`)."""
    X, Y = sp.symbols("grad2 err2", nonnegative=True)  # ||grad L_bar||^2, ||G_bar - grad L_bar||^2
    # (93) with (97) and (99) is (100): -eta (X/2 - Y/2) + L eta^2/2 (2X + 2Y)
    ok = sp.expand(-eta * (X / 2 - Y / 2) + L * eta**2 / 2 * (2 * X + 2 * Y)
                   - (-(eta / 2 - L * eta**2) * X + (eta / 2 + L * eta**2) * Y)) == 0
    for e, n_ in ((lr.ETA_PAPER, lr.NU_PAPER), (lr.ETA_FIXED, lr.NU_FIXED)):
        ok = ok and sp.simplify(e / 2 - L * e**2 - (1 - n_) * e / 2) == 0
        ok = ok and sp.simplify(e / 2 + L * e**2 - (1 + n_) * e / 2) == 0
    return Check("theorem1-descent", "Theorem 1, eqs. (93)-(101)",
                 "(93), (97), (99) give (100), and with L eta = nu/2 the coefficients of (101) are (1-nu) eta/2 and "
                 "(1+nu) eta/2, for (eta, nu) = (delta/12L, delta/6) and (delta/32L, delta/16)",
                 "symbolic (identities)", ok, [],
                 "eq. (102) is a separate row (theorem1-eq102): it does not follow per step")


def check_theorem1_eq106() -> Check:
    """Eq. (106): alpha_t^-1 A D/t^2 <= A D t^-3/2 and alpha_t^-1 B sigma_t^2 <= B sigma_t (alpha_t >= 1/sqrt t, sigma_t)."""
    ok = nonneg(1 / t ** sp.Rational(3, 2) - 1 / (alpha * t**2), ALPHA_SQRT_T)
    ok = ok and nonneg(sigma - sigma**2 / alpha, {sigma: alpha / (1 + b)})
    return Check("theorem1-eq106", "Theorem 1, eqs. (105)-(106)",
                 "with alpha_t >= 1/sqrt(t) and alpha_t >= sigma_t, Lemma 8 as stated and D/t^2 give eq. (106)",
                 "symbolic (the two relaxations alpha_t^-1 t^-2 <= t^-3/2 and alpha_t^-1 sigma_t^2 <= sigma_t)", ok, [],
                 "Lemma 8 as stated does not follow from Lemmas 6 and 7 (row lemma8-as-written); with the composed "
                 "kappa_t <= 12 abar t^-3/2 the same relaxations give the corrected (106)")


def check_learn_final_step() -> Check:
    """Theorem 1, eq. (112): (1 + 32 nu) <= (1 + 6 nu)^2 for nu = delta/6, 0 < delta < 3."""
    fails = _interval_fails((1 + 6 * nu) ** 2 - (1 + 32 * nu), "1 + 32 nu <= (1 + 6 nu)^2")
    if fails:
        fails[0] += " (the step needs nu >= 5/9, i.e. delta >= 10/3)"
    for text, e in (("(1+nu)^3 <= 1 + 5 nu", (1 + 5 * nu) - (1 + nu) ** 3),
                    ("(1+nu)(1+2nu) <= 1 + 4nu", (1 + 4 * nu) - (1 + nu) * (1 + 2 * nu)),
                    ("(1+nu)(1+2nu)(1+8nu) <= 1 + 28nu", (1 + 28 * nu) - (1 + nu) * (1 + 2 * nu) * (1 + 8 * nu)),
                    ("1/(1-nu) <= 1 + 2nu", (1 + 2 * nu) - 1 / (1 - nu))):
        fails += _interval_fails(e, text)
    return Check("theorem1-final", "Theorem 1, eqs. (107)-(113)",
                 "for 0 < nu = delta/6 <= 1/2: the algebra of the last steps, ending with 1 + 32 nu <= (1 + 6 nu)^2",
                 "symbolic (solve_univariate_inequality over 0 < nu <= 1/2)", not fails, fails,
                 "the proof establishes E||grad||^2 <= (1 + 32 nu) C^2 K^2 = (1 + 16 delta/3) C^2 K^2; "
                 "taking nu = delta/16 (eta = delta/32L) would give (1 + 2 delta) C^2 K^2 <= (1 + delta)^2 C^2 K^2")


def check_theorem1_corrected_final() -> Check:
    """The repair: with nu = delta/16 and 0 < delta < 3, nu <= 1/2 (so every step of (107)-(112) holds) and
    1 + 32 nu = 1 + 2 delta <= (1 + delta)^2."""
    fixed = lr.NU_FIXED.subs(delta, 3)
    ok = fixed <= sp.Rational(1, 2) and sp.expand((1 + delta) ** 2 - (1 + 32 * lr.NU_FIXED)) == delta**2
    return Check("theorem1-corrected-final", "Theorem 1, eqs. (107)-(113), corrected",
                 "with nu = delta/16 (eta = delta/32L) and 0 < delta < 3: nu < 1/2 and (1 + 32 nu) C^2 K^2 <= "
                 "(1 + delta)^2 C^2 K^2", "symbolic (the gap is delta^2)", bool(ok))


def check_learn_alpha_condition() -> Check:
    """Eq. (106)-(107) need alpha_t = max{1/sqrt t, sigma_t} <= nu, i.e. t >= 1/nu^2 too;
    T_4 = max{T_1, T_2, T_3} only guarantees it when 144 C^4 K^4 >= 1."""
    point = {C: sp.Rational(1, 2), K: sp.Rational(1, 2), nu: sp.Rational(1, 10)}
    T2 = lr.T2_PAPER.subs(point)
    fails = [f"C = K = 1/2, nu = 1/10: T_2 = {T2} < 1/nu^2 = 100"] if T2 < 1 / point[nu] ** 2 else []
    return Check("theorem1-alpha", "Theorem 1, eqs. (106)-(107)", "for t >= T_4, (1 + alpha_t)^2 <= (1 + nu)^2",
                 "symbolic, with a concrete instance", not fails, fails, "adding 1/nu^2 to T_4 repairs the step")


def check_theorem1_kappa() -> Check:
    """Eq. (107): for t >= T_2 = 144 C^4 K^4/nu^2 the kappa_t that Lemmas 6 + 7 give is <= nu."""
    point = {C: sp.Rational(1, 10), K: sp.Rational(1, 10), nu: sp.Rational(1, 12), abar: 1}
    T2 = lr.T2_PAPER.subs(point)
    T = max(1, int(sp.ceiling(T2)))
    kap = lr.LEMMA8_KAPPA_T.subs({**point, t: T, alpha: 1 / sp.sqrt(T)})
    fails = [f"C = K = 1/10, nu = 1/12 (delta = 1/2), abar = 1: T_2 = {T2}, and at t = {T}, alpha_t = 1/sqrt(t): "
             f"kappa_t = {kap} > nu"] if kap > point[nu] else []
    fixed = nonneg(nu - lr.LEMMA8_KAPPA.subs(t, lr.T2_FIXED * (1 + s) ** 2))
    return Check("theorem1-kappa", "Theorem 1, eqs. (69), (106)-(107)",
                 "for t >= T_2 = 144 C^4 K^4/nu^2, the kappa_t of Lemma 6 composed into Lemma 7 is <= nu",
                 "exact at the listed point", not fails, fails,
                 f"with kappa_t <= 12 abar t^-3/2, T_2 = (12 abar/nu)^(2/3) gives kappa_t <= nu "
                 f"({'shown' if fixed else 'not shown'} symbolically)")


def check_theorem1_t8() -> Check:
    """Eq. (113): T >= T_8 = sqrt(D)/delta and u_t <= D/t^2 give E Delta_2(theta_*)^2 = (1/T) sum_t u_t <= delta^2."""
    Dv, dv = 100, Fraction(1, 2)
    T = int(sp.ceiling(lr.T8_PAPER.subs({D: Dv, delta: sp.Rational(1, 2)})))
    avg = sum(Fraction(Dv, u * u) for u in range(2, T + 1)) / T  # u_1 = 0: every node starts at theta_1
    fails = [f"D = {Dv}, delta = {dv}: T_8 = {T}, (1/T) sum_(t=2..T) D/t^2 = {avg.numerator}/{avg.denominator} (~{float(avg):.4g}) > delta^2 = {dv ** 2}"] \
        if avg > dv**2 else []
    fixed = all(sum(Fraction(1, u * u) for u in range(2, T_ + 1)) <= 1 - Fraction(1, T_) for T_ in range(1, 300))
    return Check("theorem1-t8", "Theorem 1, eq. (113)",
                 "T >= T_8 = sqrt(D)/delta makes the average over t <= T of the bound D/t^2 at most delta^2",
                 "exact at the listed values", not fails, fails,
                 "the output time * is uniform on [T], so E Delta_2(theta_*)^2 = (1/T) sum_t u_t, of order D/T, not "
                 "D/T^2; with u_1 = 0 and sum_(t=2..T) 1/t^2 <= 1 - 1/T (telescoping 1/(t(t-1)); exact for T < 300: "
                 f"{'holds' if fixed else 'FAILS'}), T_8 = D/delta^2 suffices")


def check_theorem2_reduction() -> Check:
    """Theorem 2, eqs. (114)-(118): grad L_bar(theta) = theta - x_bar, K = Delta_2(x), and delta = min{1, Delta_2/2^t}
    gives E Delta_2^2 <= delta^2 <= Delta_2^2/4^t, which is what Definition 3's eq. (22) asks."""
    H = 4
    th = sp.Symbol("theta", real=True)
    xs = sp.symbols(f"x1:{H + 1}", real=True)
    grads = [sp.diff((th - x) ** 2 / 2, th) for x in xs]
    ok = sp.simplify(sum(grads) / H - (th - sum(xs) / H)) == 0
    ok = ok and all(sp.simplify(sp.diff(gr, th) - 1) == 0 for gr in grads)  # 1-Lipschitz: L = 1
    Dx, tt = sp.symbols("Delta_x tt", positive=True)
    # delta = min{1, Delta_2/2^t} <= Delta_2/2^t, and squaring is monotone on [0, oo)
    ok = ok and sp.simplify((Dx / 2**tt) ** 2 - Dx**2 / 4**tt) == 0
    return Check("theorem2-reduction", "Theorem 2, eqs. (114)-(118)",
                 "the quadratic losses have L = 1, K = Delta_2(x), grad L_bar(theta) = theta - x_bar, and "
                 "delta = min{1, Delta_2(x)/2^t} gives E Delta_2(theta)^2 <= Delta_2(x)^2/4^t as eq. (22) needs",
                 "symbolic (h = 4, d = 1), for Delta_2(x) > 0 (Delta_2(x) = 0: row theorem2-zero-diameter)", ok, [],
                 "T_LEARN(delta) needs K = Delta_2(x) and L_max = max_j ||theta_1 - x_j||^2/2, which no node knows: the "
                 "reduction also needs a known bound on Delta_2(x) (not checkable here)")


def check_theorem2_eq116() -> Check:
    """Eq. (116) as written, E Delta_2^2 <= Delta_2^2/2^t, meets eq. (22)'s Delta_2^2/4^t."""
    Dv, T = 1, 1
    fails = [f"Delta_2(x) = {Dv}, t = {T}: Delta_2^2/2^t = 1/2 > Delta_2^2/4^t = 1/4"] \
        if Fraction(Dv**2, 2**T) > Fraction(Dv**2, 4**T) else []
    return Check("theorem2-eq116", "Theorem 2, eq. (116) against eq. (22)",
                 "eq. (116) as written (Delta_2(x)^2/2^t) gives the randomized asymptotic agreement of eq. (22) "
                 "(Delta_2(x)^2/4^t)", "exact", not fails, fails,
                 "a typo: delta^2 <= Delta_2(x)^2/4^t is what the step gives (row theorem2-reduction)")


def check_remark3() -> Check:
    """Remark 3: (2f+h-q)/h min{2 sqrt h, sqrt d} is Theorem 8's constant exactly when d >= 4h, and never larger."""
    fails = []
    for H in range(1, 9):
        t8 = at(icwtm.THEOREM8_C, h=H, f=1, q=H - 1)
        for dd in range(1, 4 * H + 4):
            ratio_sq = at(icwtm.REMARK3_C, h=H, d=dd, f=1, q=H - 1) ** 2 / t8**2
            if (ratio_sq == 1) != (dd >= 4 * H) or ratio_sq > 1:
                fails.append(f"h={H} d={dd}: (Remark 3 / Theorem 8)^2 = {ratio_sq}")
    return Check("remark3", "Remark 3 and Lemma 1", "min{2 sqrt(h), sqrt(d)} = 2 sqrt(h) exactly when d >= 4h, and "
                 "Remark 3's constant never exceeds Theorem 8's", "exact over 1 <= h <= 8, 1 <= d <= 4h + 3 (f = 1, q = h - 1)",
                 not fails, fails)

