r"""LEARN (paper section 4, Algorithm 1, Lemmas 6-10 and Theorem 1): the formulas
as the paper writes them and as they follow from composing its lemmas.

Symbols: C (averaging constant of AVG), K (largest gap between local gradients),
L (smoothness), eta (learning rate), alpha (alpha_t), abar (alpha_bar =
max{1, sigma_bar}), sigma (sigma_t), sbar (sigma_bar), h, t, nu, delta,
``Dth`` = Delta_2(theta_t)^2 and ``Dg`` = E Delta_2(g_t)^2.

``*_PAPER`` is the paper's text; the unsuffixed names are what composing the
lemmas as stated gives (:mod:`.learn_lemmas` checks each step and where the two
differ). :func:`t_learn` evaluates Theorem 1's recipe for T_LEARN(delta), either as
the paper writes it (``corrected=False``) or from the steps that hold.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from math import isqrt
from typing import Callable

import sympy as sp

from avagree.errors import ParameterError

from .symbols import h, t

C, K, L, eta, alpha, abar, sigma, sbar, nu, delta = sp.symbols(
    "C K L eta alpha alpha_bar sigma sigma_bar nu delta", positive=True)
Dth, Dg, D, L_max = sp.symbols("Delta_theta2 Delta_g2 D L_max", nonnegative=True)
A, B = sp.symbols("A B", positive=True)

#: Algorithm 1 and Theorem 1's proof: eta = delta/(12 L), nu = delta/6.
ETA_PAPER = delta / (12 * L)
NU_PAPER = delta / 6
#: The repair of eq. (112) (docs/findings.md section 6): eta = delta/(32 L), nu = delta/16.
ETA_FIXED = delta / (32 * L)
NU_FIXED = delta / 16

#: Lemma 6, eq. (40), as stated.
LEMMA6_RHS = (1 + alpha) * K**2 + 16 * abar / alpha * (L**2 * Dth + h * sigma**2)
#: Lemma 6's proof, eqs. (43)-(49), before 1 + 1/alpha <= 2 abar/alpha.
LEMMA6_PROOF_RHS = (1 + alpha) * K**2 + (1 + 1 / alpha) * (2 * (2 * L) ** 2 * Dth + 2 * 4 * h * sigma**2)

#: Lemma 7, eq. (50), as stated.
LEMMA7_RHS = (1 + alpha) * C**2 * Dg + 6 * abar / alpha * (
    sigma**2 / h + (L**2 + 2 * C**2 / eta**2) * Dth + 2 * C**2 / t**2 * Dg)
#: Lemma 7's proof, eqs. (56)-(64), before 1 + 1/alpha <= 2 abar/alpha.
LEMMA7_PROOF_RHS = (1 + alpha) * C**2 * Dg + 3 * (1 + 1 / alpha) * (
    L**2 * Dth + sigma**2 / h + (2 * C**2 * Dth + 2 * C**2 * eta**2 * Dg / t**2) / eta**2)


def lemma8_rhs(kappa: sp.Expr, A: sp.Expr, B: sp.Expr) -> sp.Expr:
    """Eq. (65): (1 + alpha_t)^2 (1 + kappa_t) C^2 K^2 + alpha_t^-1 (A Delta_2(theta)^2 + B sigma_t^2)."""
    return (1 + alpha) ** 2 * (1 + kappa) * C**2 * K**2 + (A * Dth + B * sigma**2) / alpha


#: Lemma 7 under Assumption 3 alone (noises not uncorrelated across nodes): E||mean xi||^2 <= sigma^2
#: (Lemma 4) replaces eqs. (59)-(60)'s sigma^2/h; the proof's bound and (50) with that change.
LEMMA7_PROOF_RHS_CORRELATED = LEMMA7_PROOF_RHS.subs(sigma**2 / h, sigma**2)
LEMMA7_RHS_CORRELATED = LEMMA7_RHS.subs(sigma**2 / h, sigma**2)

#: Lemma 8, eqs. (66)-(68) as written.
LEMMA8_KAPPA_T_PAPER = 12 * C**2 * K**2 / ((1 + alpha) * alpha * t)
#: (term by term, in the paper's order, so that each can be set beside the composition's)
LEMMA8_A_T_PAPER_TERMS = (8 * (1 + alpha) * C**2 * L**2, 3 * L**2, 6 * C**2 / eta**2, 96 * C**2 * L**2 / (alpha * t))
LEMMA8_B_T_PAPER_TERMS = (8 * (1 + alpha) * C**2 * h, sp.Integer(3) / h, 96 * C**2 * h / (alpha * t))
LEMMA8_A_T_PAPER = sp.Add(*LEMMA8_A_T_PAPER_TERMS)
LEMMA8_B_T_PAPER = sp.Add(*LEMMA8_B_T_PAPER_TERMS)
#: Lemma 8, eqs. (69)-(71) as written.
LEMMA8_KAPPA_PAPER = 12 * C**2 * K**2 / sp.sqrt(t)
LEMMA8_A_PAPER = 16 * abar * C**2 * L**2 + 3 * L**2 + 6 * C**2 / eta**2 + 96 * C**2 * L**2
LEMMA8_B_PAPER = 16 * abar * C**2 * h + sp.Integer(3) / h + 96 * C**2 * h

#: Lemma 6 (eq. 40) substituted into Lemma 7 (eq. 50): what "combining the two previous lemmas" gives.
LEMMA8_COMPOSED = LEMMA7_RHS.subs(Dg, LEMMA6_RHS)
#: The same written in the form of eq. (65) (equal to LEMMA8_COMPOSED, checked symbolically).
LEMMA8_KAPPA_T = 12 * abar / (alpha * (1 + alpha) * t**2)
#: (term by term, beside the paper's terms of eqs. (67)-(68))
LEMMA8_A_T_TERMS = (16 * abar * (1 + alpha) * C**2 * L**2, 6 * abar * L**2, 12 * abar * C**2 / eta**2,
                    192 * abar**2 * C**2 * L**2 / (alpha * t**2))
LEMMA8_B_T_TERMS = (16 * abar * (1 + alpha) * C**2 * h, 6 * abar / h, 192 * abar**2 * C**2 * h / (alpha * t**2))
LEMMA8_A_T = sp.Add(*LEMMA8_A_T_TERMS)
LEMMA8_B_T = sp.Add(*LEMMA8_B_T_TERMS)
#: Their bounds for 1/sqrt(t) <= alpha_t <= abar (1 + alpha_t <= 2 abar, alpha_t t^2 >= t^(3/2) >= 1).
LEMMA8_KAPPA = 12 * abar / t ** sp.Rational(3, 2)
LEMMA8_A = 224 * abar**2 * C**2 * L**2 + 6 * abar * L**2 + 12 * abar * C**2 / eta**2
LEMMA8_B = 224 * abar**2 * C**2 * h + 6 * abar / h

#: ... and B when the noises may be correlated across nodes (LEMMA7_RHS_CORRELATED in place of eq. 50).
LEMMA8_B_CORRELATED = 224 * abar**2 * C**2 * h + 6 * abar

#: Lemma 9, eq. (72).
LEMMA9_RHS = Dth / 2 + eta**2 * Dg / (2 * t**2)

#: Lemma 10, eqs. (78)-(80) and t_0, as written.
LEMMA10_RHO_T_PAPER = sp.Rational(1, 2) + 8 * L**2 * eta**2 / (alpha * t**2)
LEMMA10_DELTA_T_PAPER = eta**2 / (2 * t**2) * ((1 + alpha) * K**2 + 16 * h * sigma**2 / alpha)
LEMMA10_T0_PAPER = (32 * L**2 * eta**2) ** sp.Rational(2, 3)
LEMMA10_DELTA_PLUS_PAPER = eta**2 / t**2 * (K**2 + 8 * h * sbar)
#: Lemma 6 (eq. 40) substituted into Lemma 9 (eq. 72): u_{t+1} <= rho_t u_t + delta_t with
LEMMA10_RHO_T = sp.Rational(1, 2) + 8 * abar * L**2 * eta**2 / (alpha * t**2)
LEMMA10_DELTA_T = eta**2 / (2 * t**2) * ((1 + alpha) * K**2 + 16 * abar * h * sigma**2 / alpha)
#: rho_t <= 3/4 from t_0 on (alpha_t >= 1/sqrt t), and delta_t <= delta_t^+ (sigma_t <= alpha_t <= abar).
LEMMA10_T0 = (32 * abar * L**2 * eta**2) ** sp.Rational(2, 3)
LEMMA10_DELTA_PLUS = eta**2 / t**2 * ((1 + abar) * K**2 / 2 + 8 * abar * h * sbar)

#: Theorem 1, eq. (101) divided by eta/2 - L eta^2 = (1 - nu) eta/2 (L eta = nu/2): the coefficient of
#: L_bar(theta_t) - L_bar(theta_{t+1}) that the step gives, the one eq. (102) writes, and the error's.
STEP_LOSS_COEF = 2 / ((1 - nu) * eta)
STEP_LOSS_COEF_PAPER = 4 / eta
STEP_ERR_COEF = (1 + nu) / (1 - nu)
#: Eq. (106) as written (Lemma 8's kappa_t <= 12 C^2 K^2/sqrt t, Lemma 10's D/t^2) and eq. (107)'s right-hand side.
EQ106_PAPER = (1 + alpha) ** 2 * (1 + LEMMA8_KAPPA_PAPER) * C**2 * K**2 + A * D / t ** sp.Rational(3, 2) + B * sigma
EQ107_RHS = ((1 + nu) ** 3 + 2 * nu) * C**2 * K**2

#: Theorem 1, eqs. (106)-(113): T_2, E and T_8 as written ...
T2_PAPER = 144 * C**4 * K**4 / nu**2
E_PAPER = (1 + abar) ** 2 * (1 + 12 * C**2 * K**2) * C**2 * K**2 + A * D + B * sbar
T8_PAPER = sp.sqrt(D) / delta
#: ... and as the corrected kappa_t (LEMMA8_KAPPA <= nu) and the random output time need them.
T2_FIXED = (12 * abar / nu) ** sp.Rational(2, 3)
E_FIXED = (1 + abar) ** 2 * (1 + 12 * abar) * C**2 * K**2 + A * D + B * sbar
T8_FIXED = D / delta**2
#: T_3 and T_6 (one form for both recipes; A, D and eta differ).
T3_FORM = (A * D / (nu * C**2 * K**2)) ** sp.Rational(2, 3)
T6_FORM = L_max / (nu * eta * C**2 * K**2)


# --- Theorem 1's recipe, evaluated ----------------------------------------------------------

def eta_value(delta_, L_, corrected: bool = False) -> sp.Expr:
    """The learning rate: delta/(12 L) (Algorithm 1), delta/(32 L) when corrected."""
    return (ETA_FIXED if corrected else ETA_PAPER).subs({delta: sp.nsimplify(delta_), L: sp.nsimplify(L_)})


def nu_value(delta_, corrected: bool = False) -> sp.Expr:
    """nu = delta/6 (Theorem 1's proof), delta/16 when corrected."""
    return (NU_FIXED if corrected else NU_PAPER).subs(delta, sp.nsimplify(delta_))


_GRAIN = 10**40  # upward rounding grain of the exact Lemma 10 recursion


def _up(x) -> Fraction:
    """A rational upper bound of a real sympy number (exact when it is rational)."""
    if isinstance(x, Fraction):
        return x
    x = sp.sympify(x)
    if x.is_Rational:
        return Fraction(int(x.p), int(x.q))
    if not x.is_real or x.free_symbols:
        raise ParameterError("value", x, "expected a real number")
    return Fraction(int(sp.ceiling(x * _GRAIN)), _GRAIN)


def _round_up(x: Fraction) -> Fraction:
    return Fraction(-((-x.numerator * _GRAIN) // x.denominator), _GRAIN)


def _inv_sqrt_up(T: int) -> Fraction:
    """A rational r with 1/sqrt(T) <= r <= 1."""
    r = isqrt(T)
    return Fraction(1, r) if r * r == T else Fraction(_GRAIN, isqrt(T * _GRAIN**2))


def lemma10_D(L_, K_, h_, eta_, sigma_fn: Callable[[int], object], sbar_, corrected: bool = True,
              closing: int = 64) -> Fraction:
    """A constant D with E Delta_2(theta_t)^2 <= D / t^2 for every t >= 1 (Lemma 10).

    Exact and rigorous: u_1 = 0 (all nodes start at theta_1), u_{t+1} <= rho_t u_t +
    delta_t with a rational alpha'_t in [max(1/sqrt t, sigma_t), abar] (Lemma 6 holds
    for any such alpha), rounded up, up to T' = max(ceil t_0, closing); from T' on,
    rho_t <= 3/4 and delta_t <= c/t^2 give u_t <= D/t^2 by induction as soon as
    D >= c r/(1 - 3r/4), r = ((T'+1)/T')^2. ``corrected=False`` uses the paper's
    rho_t, delta_t, t_0 and delta_t^+ (valid only when sigma_bar <= 1)."""
    sb = _up(sbar_)
    ab = max(Fraction(1), sb)
    vals = {L: sp.nsimplify(L_), K: sp.nsimplify(K_), h: sp.nsimplify(h_), eta: sp.nsimplify(eta_),
            abar: sp.Rational(ab.numerator, ab.denominator), sbar: sp.Rational(sb.numerator, sb.denominator)}
    rho_e, delta_e, t0_e, plus_e = ((LEMMA10_RHO_T, LEMMA10_DELTA_T, LEMMA10_T0, LEMMA10_DELTA_PLUS) if corrected else
                                    (LEMMA10_RHO_T_PAPER, LEMMA10_DELTA_T_PAPER, LEMMA10_T0_PAPER, LEMMA10_DELTA_PLUS_PAPER))
    t_close = max(int(sp.ceiling(t0_e.subs(vals))), closing, 8)
    if t_close > 10**6:
        raise ParameterError("L*eta", vals[L] * vals[eta], f"Lemma 10's t_0 = {t_close} is beyond 10^6 steps")
    rho_e, delta_e = rho_e.subs(vals), delta_e.subs(vals)
    v, best = Fraction(0), Fraction(0)
    for T in range(1, t_close):
        s = min(_up(sigma_fn(T)), sb)
        a = max(s, _inv_sqrt_up(T))
        at_T = {t: T, alpha: sp.Rational(a.numerator, a.denominator), sigma: sp.Rational(s.numerator, s.denominator)}
        v = _round_up(_up(rho_e.subs(at_T)) * v + _up(delta_e.subs(at_T)))  # v_{T+1}
        best = max(best, (T + 1) ** 2 * v)
    c = _up(plus_e.subs(vals).subs(t, 1))
    r = Fraction(t_close + 1, t_close) ** 2
    return max(best, c * r / (1 - Fraction(3, 4) * r))


def _first_t(sigma_fn: Callable[[int], object], target) -> int:
    """The first t whose sigma_t is shown <= target (compared through rational bounds:
    sigma_t rounded up, the target rounded down), for a non-increasing schedule."""
    target = sp.sympify(target)
    goal = _up(target) if target.is_Rational else Fraction(int(sp.floor(target * _GRAIN)), _GRAIN)

    def ok(T: int) -> bool:
        return _up(sigma_fn(T)) <= goal

    hi = 1
    while not ok(hi):
        hi *= 2
        if hi > 2**60:
            raise ParameterError("sigma", "schedule", "sigma_t does not reach the target: it must tend to 0")
    lo = hi // 2 + 1 if hi > 1 else 1
    while lo < hi:
        mid = (lo + hi) // 2
        if ok(mid):
            hi = mid
        else:
            lo = mid + 1
    return hi


@dataclass
class LearnPlan:
    """Theorem 1's recipe evaluated: eta, nu, Lemma 8's A and B, Lemma 10's D, T_1..T_8 and T_LEARN."""
    eta: sp.Expr
    nu: sp.Expr
    A: sp.Expr
    B: sp.Expr
    D: sp.Expr
    T: dict[str, sp.Expr]
    T_learn: int
    corrected: bool


def t_learn(delta_, L_, K_, C_, h_, sigma_fn: Callable[[int], object], sbar_, L_max_,
            corrected: bool = True) -> LearnPlan:
    """Theorem 1's recipe T_LEARN(delta) = max{T_7, T_8}, eqs. (106)-(113).

    ``corrected=True`` (the default) follows the steps that hold (:mod:`.learn_lemmas`):
    eta = delta/(32 L), nu = delta/16, Lemma 8's A and B from composing Lemmas 6 and 7,
    T_2 from the composed kappa_t, T_4 also covering 1/nu^2, Lemma 10 with abar, and
    T_8 = D/delta^2 for the uniformly drawn output time. ``corrected=False`` is the
    paper's text. ``sigma_fn``: t -> sigma_t, non-increasing, tending to 0."""
    dl, Lv, Kv, Cv, hv, sb, Lm = (sp.nsimplify(x) for x in (delta_, L_, K_, C_, h_, sbar_, L_max_))
    if not 0 < dl < 3:
        raise ParameterError("delta", dl, "Theorem 1 needs 0 < delta < 3")
    e, n_ = eta_value(dl, Lv, corrected), nu_value(dl, corrected)
    ab = sp.Max(1, sb)
    vals = {C: Cv, K: Kv, L: Lv, h: hv, eta: e, abar: ab, sbar: sb, nu: n_, delta: dl, L_max: Lm}
    A_, B_ = ((LEMMA8_A, LEMMA8_B) if corrected else (LEMMA8_A_PAPER, LEMMA8_B_PAPER))
    A_, B_ = A_.subs(vals), B_.subs(vals)
    D_f = lemma10_D(Lv, Kv, hv, e, sigma_fn, sb, corrected)
    vals.update({A: A_, B: B_, D: sp.Rational(D_f.numerator, D_f.denominator)})
    T = {"T1": sp.Integer(_first_t(sigma_fn, sp.Min(n_, n_ * Cv**2 * Kv**2 / B_))),
         "T2": (T2_FIXED if corrected else T2_PAPER).subs(vals), "T3": T3_FORM.subs(vals)}
    T["T4"] = sp.Max(T["T1"], T["T2"], T["T3"], *([1 / n_**2] if corrected else []))
    T["T5"] = T["T4"] * (E_FIXED if corrected else E_PAPER).subs(vals) / (n_ * Cv**2 * Kv**2)
    T["T6"] = T6_FORM.subs(vals)
    T["T7"] = sp.Max(T["T5"], T["T6"])
    T["T8"] = (T8_FIXED if corrected else T8_PAPER).subs(vals)
    return LearnPlan(e, n_, A_, B_, vals[D], T, int(sp.ceiling(sp.Max(T["T7"], T["T8"]))), corrected)
