r"""LEARN (paper section 4, Algorithm 1 and Theorem 1): the learning rate, the
constants of Lemmas 8 and 10, and the recipe for T_LEARN(delta).

Inputs: L (smoothness), K (largest gap between local gradients), C (averaging
constant of AVG), h, a computable schedule sigma_t with a bound sigma_bar, the
bound L_max on the initial losses, and delta in (0, 3). Every function returns
exact sympy numbers for exact inputs.

The recipe follows the paper step by step, including the two steps
:mod:`.checks` shows to be wrong (eq. 112 and the missing t >= 1/nu^2 in T_4).
``corrected=True`` applies the repairs: nu = delta/16 (so eta = delta/(32 L))
and T_4 also covers 1/nu^2.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Callable

import sympy as sp

from avagree.errors import ParameterError


def eta(delta, L, corrected: bool = False):
    """Learning rate: delta/(12 L) (Algorithm 1), delta/(32 L) when corrected."""
    return sp.nsimplify(delta) / ((32 if corrected else 12) * sp.nsimplify(L))


def nu(delta, corrected: bool = False):
    """nu = delta/6 (Theorem 1's proof), delta/16 when corrected."""
    return sp.nsimplify(delta) / (16 if corrected else 6)


def alpha(t, sigma_t):
    """alpha_t = max{1/sqrt(t), sigma_t} (section 4.3)."""
    return sp.Max(1 / sp.sqrt(t), sp.nsimplify(sigma_t))


def kappa(t, C, K, alpha_t):
    """Lemma 8, eq. (66)."""
    return 12 * C**2 * K**2 / ((1 + alpha_t) * alpha_t * t)


def lemma8_AB(C, L, h, eta_, alpha_bar):
    """Lemma 8, eqs. (70)-(71): the constants A and B."""
    A = 16 * alpha_bar * C**2 * L**2 + 3 * L**2 + 6 * C**2 / eta_**2 + 96 * C**2 * L**2
    B = 16 * alpha_bar * C**2 * h + sp.Rational(3) / h + 96 * C**2 * h
    return sp.nsimplify(A), sp.nsimplify(B)


def rho(t, L, eta_, alpha_t):
    """Lemma 10, eq. (78)."""
    return sp.Rational(1, 2) + 8 * L**2 * eta_**2 / (alpha_t * t**2)


def delta_t(t, K, h, eta_, alpha_t, sigma_t):
    """Lemma 10, eq. (79)."""
    return eta_**2 / (2 * t**2) * ((1 + alpha_t) * K**2 + 16 * h * sigma_t**2 / alpha_t)


def t0(L, eta_):
    """Lemma 10: for t >= t_0 = (32 L^2 eta^2)^(2/3), rho_t <= 3/4."""
    return (32 * L**2 * eta_**2) ** sp.Rational(2, 3)


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


def _frac(x) -> Fraction:
    x = sp.nsimplify(x)
    if x.is_Rational:
        return Fraction(int(x.p), int(x.q))
    return Fraction(str(sp.N(x, 40)))  # irrational (alpha_t = 1/sqrt t): 40 significant digits, rounded up by the caller


def lemma10_D(L, K, h, eta_, sigma: Callable[[int], object], sigma_bar, horizon: int = 10_000):
    """A constant D with E Delta_2(theta_t)^2 <= D / t^2 for all t (Lemma 10).

    Computed as in the proof: v_{t+1} = rho_t v_t + delta_t up to t_0, then the
    closed-form tail bound (89) multiplied by t^2, maximised over t up to
    ``horizon`` (the bound times t^2 is eventually decreasing)."""
    L, K, h, eta_, sigma_bar = (sp.nsimplify(x) for x in (L, K, h, eta_, sigma_bar))
    T0 = int(sp.ceiling(t0(L, eta_)))
    T0 = max(T0, 1)
    v = sp.Integer(0)
    worst = sp.Integer(0)
    for t in range(1, T0 + 1):
        a = alpha(t, sigma(t))
        worst = sp.Max(worst, v * t**2)
        v = rho(t, L, eta_, a) * v + delta_t(t, K, h, eta_, a, sp.nsimplify(sigma(t)))
    vt0 = v
    # the tail bound (89) is rational: evaluate it with Fractions (fast, exact)
    e2, k2, hb = _frac(eta_**2), _frac(K**2 + 8 * h * sigma_bar), _frac(vt0) * (1 + Fraction(1, 10**30))
    dplus_t0 = e2 / T0**2 * k2
    best = _frac(worst) * (1 + Fraction(1, 10**30))
    for s in range(0, horizon, max(1, horizon // 200)):
        t = s + T0
        bound = 16 * e2 * k2 / t**2 + Fraction(3, 4) ** s * hb + 4 * Fraction(3, 4) ** (t // 2) * dplus_t0
        best = max(best, bound * t**2)
    return sp.Rational(best.numerator, best.denominator)


def _first_t(sigma: Callable[[int], object], target) -> int:
    """The first t with sigma_t <= target, for a non-increasing schedule (binary search)."""
    hi = 1
    while sp.nsimplify(sigma(hi)) > target:
        hi *= 2
        if hi > 2**60:
            raise ParameterError("sigma", "schedule", "sigma_t does not reach the target: it must tend to 0")
    lo = hi // 2 + 1 if hi > 1 else 1
    while lo < hi:
        mid = (lo + hi) // 2
        if sp.nsimplify(sigma(mid)) <= target:
            hi = mid
        else:
            lo = mid + 1
    return hi


def t_learn(delta, L, K, C, h, sigma: Callable[[int], object], sigma_bar, L_max,
            corrected: bool = False, horizon: int = 10_000) -> LearnPlan:
    """The recipe of Theorem 1: T_LEARN(delta) = max{T_7, T_8} with T_1 .. T_8 as in
    eqs. (106)-(113). ``sigma``: t -> sigma_t, non-increasing and tending to 0
    (T_1 is found by binary search)."""
    delta, L, K, C, h, sigma_bar, L_max = (sp.nsimplify(x) for x in (delta, L, K, C, h, sigma_bar, L_max))
    if not 0 < delta < 3:
        raise ParameterError("delta", delta, "Theorem 1 needs 0 < delta < 3")
    e = eta(delta, L, corrected)
    n_ = nu(delta, corrected)
    a_bar = sp.Max(1, sigma_bar)
    A, B = lemma8_AB(C, L, h, e, a_bar)
    D = lemma10_D(L, K, h, e, sigma, sigma_bar, horizon)
    target = sp.Min(n_, n_ * C**2 * K**2 / B)
    T1 = _first_t(sigma, target)
    T2 = 144 * C**4 * K**4 / n_**2
    T3 = (A * D / (n_ * C**2 * K**2)) ** sp.Rational(2, 3)
    T4 = sp.Max(T1, T2, T3, 1 / n_**2) if corrected else sp.Max(T1, T2, T3)
    E = (1 + a_bar) ** 2 * (1 + 12 * C**2 * K**2) * C**2 * K**2 + A * D + B * sigma_bar
    T5 = T4 * E / (n_ * C**2 * K**2)
    T6 = L_max / (n_ * e * C**2 * K**2)
    T7 = sp.Max(T5, T6)
    T8 = sp.sqrt(D) / delta
    T = {"T1": sp.Integer(T1), "T2": T2, "T3": T3, "T4": T4, "T5": T5, "T6": T6, "T7": T7, "T8": T8}
    return LearnPlan(e, n_, A, B, D, T, int(sp.ceiling(sp.Max(T7, T8))), corrected)
