"""Theorems 1 and 2 and Corollary 1 at the edges of their parameter ranges (issue 27 item 3):
C, K, sigma_t and Delta_2(x) equal to 0, delta at the ends of its range, t = 1, h = 1 and 2.

A statement refuted here is refuted by an exact instance in which every AVG meeting
(26)-(29) behaves the same way (equal vectors stay equal; with C = 0 the average is kept),
so the witness does not depend on the aggregation rule.
"""

from __future__ import annotations

from fractions import Fraction

import sympy as sp

from . import learn as lr
from . import lower_bounds, mda
from .check_record import Check, nonneg
from .learn import C, K, nu
from .symbols import eps, f, h, n, q

R = sp.Rational


def gd_grad_sq(eta_: Fraction, T: int, theta1: Fraction = Fraction(1)) -> Fraction:
    """E||grad L_bar(theta_*)||^2 with * uniform on [T] when theta_t = (1 - eta)^(t-1) theta_1 and
    grad L_bar(theta) = theta: LEARN on L_bar(theta) = theta^2/2 (+ a constant) whenever every AVG
    call returns its input (equal vectors) or keeps the average (C = 0, x_bar = 0)."""
    th, tot = theta1, Fraction(0)
    for _ in range(T):
        tot += th * th
        th *= 1 - eta_
    return tot / T


def _zero_divisors(values: dict) -> list[str]:
    """The recipe's forms whose denominator vanishes at ``values``."""
    return [name for name, form in (("T_3", lr.T3_FORM), ("T_6", lr.T6_FORM))
            if sp.denom(sp.together(form)).subs(values) == 0]


def _gd_fails(eta_: Fraction, text: str) -> list[str]:
    vals = [gd_grad_sq(eta_, T) for T in (1, 2, 10, 100)]
    if all(v > 0 for v in vals):
        return [f"{text}: theta_t = (1 - eta)^(t-1) with eta = {eta_} (delta = 1/2, L = 1), so E||grad L_bar"
                f"(theta_*)||^2 = (1/T) sum_t (1 - eta)^(2(t-1)) > 0 for every T (T = 1: {vals[0]}, T = 10: "
                f"~{float(vals[2]):.4g}, T = 100: ~{float(vals[3]):.4g}), while (1 + delta)^2 C^2 K^2 = 0"]
    return []


ETA = Fraction(1, 24)  # delta/(12 L) at delta = 1/2, L = 1


def check_theorem1_k_zero() -> Check:
    """Theorem 1 at K = 0 asks for an exact stationary point after finitely many steps."""
    fails = _gd_fails(ETA, "h = 2 equal losses theta^2/2 (K = 0, L = 1), theta_1 = 1, sigma_t = 0, any C: every "
                           "AVG meeting (26)-(29) returns equal vectors unchanged")
    zero = _zero_divisors({C: 1, K: 0})
    return Check("theorem1-k-zero", "Theorem 1, eq. (90), at K = 0",
                 "at K = 0 (all local gradients equal), E||grad L_bar(theta_*)||^2 <= (1 + delta)^2 C^2 K^2 = 0",
                 "exact (Fractions)", not fails, fails,
                 f"the recipe divides by C^2 K^2 = 0: {', '.join(zero)}, T_5 = T_4 E/(nu C^2 K^2), and T_1 asks sigma_t <= "
                 "nu C^2 K^2/B = 0")


def check_theorem1_c_zero() -> Check:
    """Theorem 1 with a 0-averaging agreement oracle (f = 0, synchronous: the exact mean)."""
    fails = _gd_fails(ETA, "f = 0, synchronous, h = 2, AVG = the mean of all h vectors (C = 0: one round agrees and "
                           "keeps the average), losses (theta -+ 1)^2/2 (L = 1, K = 2, grad L_bar(theta) = theta), "
                           "theta_1 = 1, sigma_t = 0")
    return Check("theorem1-c-zero", "Theorem 1, eq. (90), at C = 0",
                 "with a C-averaging agreement oracle and C = 0, E||grad L_bar(theta_*)||^2 <= (1 + delta)^2 C^2 K^2 = 0",
                 "exact (Fractions)", not fails, fails,
                 "any AVG meeting (26)-(29) with C = 0 keeps the average, so theta_bar_t is the same in every such run "
                 "and the mean over nodes of ||grad L_bar(theta^(j))||^2 is at least ||grad L_bar(theta_bar)||^2; C = 0 "
                 "is possible only with f = 0 (Theorem 4); the recipe divides by C^2 K^2 = 0 as at K = 0")


def check_theorem1_h_one() -> Check:
    """Theorem 1 at h = 1: K = 0 by definition (eq. 25), AVG returns its input, LEARN is gradient descent."""
    fails = _gd_fails(ETA, "h = 1 (K = 0 by eq. (25)), loss theta^2/2, theta_1 = 1, sigma_t = 0, any f and C: "
                           "Delta_2 of one vector is 0, so every AVG meeting (26)-(29) returns its input")
    return Check("theorem1-h-one", "Theorem 1, eq. (90), at h = 1",
                 "with one honest node, E||grad L_bar(theta_*)||^2 <= (1 + delta)^2 C^2 K^2", "exact (Fractions)",
                 not fails, fails, "K = 0 whenever h = 1, so this is row theorem1-k-zero's case")


def check_theorem1_sigma_zero() -> Check:
    """Theorem 1's proof at sigma_t = 0: alpha_t = 1/sqrt t > 0, T_1 = 1, both recipes finite."""
    plans = [lr.t_learn(R(1, 2), 1, 1, R(8, 3), 6, lambda _t: 0, 0, 1, corrected=c) for c in (False, True)]
    ok = all(p.T["T1"] == 1 and all(v.is_finite for v in p.T.values()) for p in plans)
    return Check("theorem1-sigma-zero", "Theorem 1's proof at sigma_t = 0",
                 "at sigma_t = 0 for every t no step divides by sigma_t (alpha_t = max{1/sqrt t, sigma_t} = 1/sqrt t, "
                 "abar = 1), T_1 = 1 and T_LEARN is finite",
                 "exact at C = 8/3, K = L = L_max = 1, h = 6, delta = 1/2, both recipes", ok, [],
                 f"T_LEARN = {plans[0].T_learn} as written, {plans[1].T_learn} corrected; this is the recipe being "
                 "defined there, not Theorem 1 holding (its other rows apply)")


def check_theorem1_delta_ends() -> Check:
    """0 < delta < 3 at its ends: the nu <= 1/2 inequalities hold up to nu = 1/2; the recipe is finite near 0 and 3."""
    half = R(1, 2)
    ineqs = [(1 + 5 * nu) - (1 + nu) ** 3, (1 + 2 * nu) - 1 / (1 - nu), (1 + 4 * nu) - (1 + nu) * (1 + 2 * nu)]
    at_half = [sp.nsimplify(e.subs(nu, half)) for e in ineqs]
    ends = [lr.t_learn(dl, 1, 1, R(8, 3), 6, lambda _t: 0, 0, 1) for dl in (R(1, 1000), R(2999, 1000))]
    ok = all(v >= 0 for v in at_half) and all(p.T_learn > 0 for p in ends)
    return Check("theorem1-delta-ends", "Theorem 1, 0 < delta < 3",
                 "at the ends of 0 < delta < 3: (1+nu)^3 <= 1+5nu, 1/(1-nu) <= 1+2nu and (1+nu)(1+2nu) <= 1+4nu hold "
                 "up to nu = delta/6 = 1/2, and the corrected T_LEARN is finite at delta = 1/1000 and 2999/1000",
                 "exact at nu = 1/2 (the inequalities on (0, 1/2] are row theorem1-final); the recipe at C = 8/3, "
                 "K = L = L_max = 1, h = 6, sigma_t = 0", ok, [],
                 f"slacks at nu = 1/2: {', '.join(map(str, at_half))}; T_LEARN = {ends[0].T_learn:.4g} at delta = 1/1000 "
                 f"and {ends[1].T_learn:.4g} at 2999/1000 (T_8 = D/delta^2 grows as delta -> 0); eq. (112) fails on the "
                 "whole range, ends included (row theorem1-final)")


def check_theorem2_zero_diameter() -> Check:
    """Theorem 2's proof at Delta_2(x) = 0 (always the case at h = 1)."""
    dl = sp.Min(1, sp.Integer(0) / 2)
    fails = [f"Delta_2(x) = 0 (every honest input equal; always at h = 1): delta = min{{1, 0/2^t}} = {dl}, which is not "
             "an input of LEARN (Theorem 1: 0 < delta < 3; eta = delta/(12L) = 0, T_8 = sqrt(D)/delta); with any "
             "delta > 0, E Delta_2(theta)^2 <= delta^2 does not give (22)'s Delta_2(x)^2/4^t = 0, and (118) asks "
             "E||theta_bar - x_bar||^2 <= 0, which Theorem 1 at K = 0 would give but is false there (row "
             "theorem1-k-zero)"] \
        if not 0 < dl < 3 else []
    return Check("theorem2-zero-diameter", "Theorem 2, eqs. (116)-(118), at Delta_2(x) = 0",
                 "at Delta_2(x) = 0, running LEARN with delta = min{1, Delta_2(x)/2^t} gives (22)",
                 "exact", not fails, fails,
                 "the nodes could output their own (equal) inputs, but none of them knows that Delta_2(x) = 0")


def check_theorem2_delta_choice() -> Check:
    """Theorem 2: delta = min{1, Delta_2(x)/2^t} gives (1 + min{1, Delta_2(x)/2^t}) C, not (1 + delta_0) C."""
    d0, T_, Dx = R(1, 2), 1, sp.Integer(2)
    run = sp.Min(1, Dx / 2**T_)
    fails = [f"delta_0 = {d0}, t = {T_}, Delta_2(x) = {Dx}: the run's delta = {run}, so (118) gives "
             f"{(1 + run) ** 2} C^2 Delta_2(x)^2 > (1 + delta_0)^2 C^2 Delta_2(x)^2 = {(1 + d0) ** 2} C^2 "
             "Delta_2(x)^2"] if (1 + run) ** 2 > (1 + d0) ** 2 else []
    d0s, u, z = sp.symbols("delta_0 u z", positive=True)  # u = Delta_2(x)/2^t, so u^2 = Delta_2(x)^2/4^t
    # delta = min{delta_0, u}: either delta_0 <= u (u = delta_0 (1 + z)) or u < delta_0 (delta_0 = u (1 + z))
    repair = (nonneg((u**2 - d0s**2).subs(u, d0s * (1 + z))) and nonneg((d0s - u).subs(d0s, u * (1 + z)))
              and nonneg(((1 + d0s) ** 2 - (1 + u) ** 2).subs(d0s, u * (1 + z))))
    return Check("theorem2-delta-choice", "Theorem 2 and its proof (delta = min{1, Delta_2(x)/2^t})",
                 "for the statement's delta_0 in (0, 1], running LEARN with delta = min{1, Delta_2(x)/2^t} gives "
                 "(1 + delta_0) C-averaging", "exact", not fails, fails,
                 "what the choice gives is (1 + min{1, Delta_2(x)/2^t}) C: it depends on the input and t, and is 2C "
                 "uniformly, so (1 + delta) C only for delta >= 1; delta = min{delta_0, Delta_2(x)/2^t} gives "
                 f"(1 + delta_0) C and keeps delta^2 <= Delta_2(x)^2/4^t ({'shown' if repair else 'not shown'}), for "
                 "Delta_2(x) > 0")


def check_theorem2_h2_t1() -> Check:
    """Theorem 2 at h = 2, t = 1: K = Delta_2(x) attained, delta^2 <= Delta_2(x)^2/4."""
    th, x1, x2 = sp.symbols("theta x1 x2", real=True)
    k_exact = sp.simplify(sp.Abs(sp.diff((th - x1) ** 2 / 2, th) - sp.diff((th - x2) ** 2 / 2, th)) - sp.Abs(x1 - x2)) == 0
    Dx = sp.Symbol("Delta_x", positive=True)
    dl = sp.Min(1, Dx / 2)
    ok = k_exact and all(sp.nsimplify(dl.subs(Dx, v) ** 2) <= v**2 / 4 for v in (R(1, 3), 1, 2, 5))
    return Check("theorem2-h2-t1", "Theorem 2, eqs. (115)-(116), at h = 2 and t = 1",
                 "at h = 2, K = Delta_2(x) exactly (eq. 115 with equality) and, at t = 1, delta = min{1, Delta_2(x)/2} "
                 "gives delta^2 <= Delta_2(x)^2/4 (eq. 22 at t = 1)",
                 "symbolic (K), exact at Delta_2(x) = 1/3, 1, 2, 5", ok)


def check_corollary1_f_zero() -> Check:
    """Corollary 1 at f = 0 (asynchronous, q = h - k): the ratio tends to 1; at k = 0 both constants are 0."""
    kk = sp.Symbol("k", nonnegative=True, integer=True)
    eps_q = mda.EPS_MAX_FROM_Q.subs(f, 0)  # eq. (155)'s eps = (n - 6f)/(n + 2f) is 1 at f = 0: not in (0, 1)
    const = mda.THEOREM3_C.subs(eps, eps_q).subs(f, 0)
    lb = lower_bounds.THEOREM4_ASYNC.subs(f, 0)
    ratio = sp.simplify((const / lb).subs(q, h - kk))
    lim = sp.limit(ratio.subs(kk, 1), h, sp.oo)
    both_zero = sp.simplify(const.subs(q, h)) == 0 and sp.simplify(lb.subs(q, h)) == 0
    n155 = mda.EPS_MAX_FROM_N.subs(f, 0).subs(n, h)
    ok = lim == 1 and both_zero
    return Check("corollary1-f-zero", "Corollary 1 at f = 0",
                 "at f = 0 (asynchronous, q = h - k): Theorem 3's constant / Theorem 4's bound -> 1 as h -> oo",
                 "symbolic (sympy.limit at k = 1; k = 0 exactly)", ok, [] if ok else [f"limit {lim}"],
                 f"exact ratio {sp.sstr(ratio)} with eps from Assumption 5's q-inequality; eq. (155)'s eps is "
                 f"{n155} at f = 0, outside 0 < eps < 1; at k = 0 both constants are 0 (the ratio is 0/0)")
