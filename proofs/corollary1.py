r"""Corollary 1: in which regime is MDA's averaging constant asymptotically optimal?

Theorem 3's constant alpha/eps_tilde (with the largest eps Assumption 5 admits,
the min of its two bounds) divided by Theorem 4's lower bound, as n -> oo with f
fixed, symbolically (sympy.limit), for q = n - f - k with k = 0, k fixed, k = n/c
and k = sqrt(n) (asynchronous), and q = n (synchronous). The paper gives no
constant for CVA (section 5.4 only says "the same sketch of the proof"), so no
ratio exists for it.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from . import lower_bounds, mda
from .check_record import Check
from .symbols import eps, f, h, n, q

k, c = sp.symbols("k c", positive=True)


@dataclass(frozen=True)
class Regime:
    """q as a function of n (and f, k, c), the model, and the eps bound of Assumption 5 that binds."""
    name: str
    text: str
    q_of_n: sp.Expr
    model: str
    binding: str  # "n" or "q": which of EPS_MAX_FROM_N / EPS_MAX_FROM_Q is the smaller for large n


REGIMES = (
    Regime("async-q-h", "asynchronous, q = n - f", n - f, "async", "n"),
    Regime("async-k-fixed", "asynchronous, q = n - f - k, k fixed", n - f - k, "async", "q"),
    Regime("async-k-linear", "asynchronous, q = n - f - n/c, c > 2 fixed", n - f - n / c, "async", "q"),
    Regime("async-k-sqrt", "asynchronous, q = n - f - sqrt(n)", n - f - sp.sqrt(n), "async", "q"),
    Regime("sync", "synchronous, q = n", n, "sync", "n"),
)


def ratio(r: Regime) -> sp.Expr:
    """Theorem 3's constant over Theorem 4's bound in regime ``r``, as a function of n and f."""
    eps_max = mda.EPS_MAX_FROM_N if r.binding == "n" else mda.EPS_MAX_FROM_Q
    C3 = mda.THEOREM3_C.subs(eps, eps_max)
    lb = lower_bounds.THEOREM4_SYNC if r.model == "sync" else lower_bounds.THEOREM4_ASYNC
    return sp.simplify((C3 / lb).subs(q, r.q_of_n).subs(h, n - f))


def binding_holds(r: Regime) -> bool:
    """The bound named ``binding`` is the smaller for all large n (the other minus it has a limit >= 0
    and is eventually nonnegative: checked by its limit and its sign at n = 10^6 f, f = 1..3, k = 1, c = 3)."""
    other, used = (mda.EPS_MAX_FROM_Q, mda.EPS_MAX_FROM_N) if r.binding == "n" else (mda.EPS_MAX_FROM_N, mda.EPS_MAX_FROM_Q)
    gap = sp.simplify((other - used).subs(q, r.q_of_n).subs(h, n - f))
    if gap == 0:
        return True
    big = all(gap.subs({f: F, n: 10**6 * F, k: 1, c: 3}) >= 0 for F in (1, 2, 3))
    return big and sp.limit(gap.subs({k: 1, c: 3}), n, sp.oo) >= 0


def limit_ratio(r: Regime) -> sp.Expr:
    """lim_{n -> oo} of :func:`ratio` with f (and k, c) fixed."""
    return sp.simplify(sp.limit(ratio(r), n, sp.oo))


def _check(r: Regime) -> Check:
    lim = limit_ratio(r)
    ok = binding_holds(r)
    at_n = {F: ratio(r).subs({f: F, n: 1000 * F, k: 1, c: 3}) for F in (1, 2)}
    fails = [] if (lim == 1 and ok) else [
        f"limit {sp.sstr(lim)}" + ("" if ok else " (binding eps bound not shown)")
        + "; at n = 1000f (k = 1, c = 3): " + ", ".join(f"f={F}: {float(v):.4f}" for F, v in at_n.items())]
    return Check(f"corollary1-{r.name}", "Corollary 1, eqs. (155)-(157); Theorems 3 and 4",
                 f"{r.text}, f fixed: Theorem 3's constant / Theorem 4's bound -> 1 as n -> oo",
                 "symbolic (sympy.limit), eps the largest Assumption 5 admits", not fails, fails,
                 f"exact ratio {sp.sstr(ratio(r))}, limit {sp.sstr(lim)}")


def check_corollary1_async_q_h() -> Check:
    """q = n - f: the ratio is (3h - 2f)/(2(h - 5f)) -> 3/2."""
    return _check(REGIMES[0])


def check_corollary1_async_k_fixed() -> Check:
    """q = n - f - k, k fixed: -> (3f + k)/(2f + k)."""
    return _check(REGIMES[1])


def check_corollary1_async_k_linear() -> Check:
    """q = n - f - n/c: -> (c - 1)/(c - 2)."""
    return _check(REGIMES[2])


def check_corollary1_async_k_sqrt() -> Check:
    """q = n - f - sqrt(n): -> 1 (f << h - q << h)."""
    return _check(REGIMES[3])


def check_corollary1_sync() -> Check:
    """q = n: Theorem 3 gives 2f/h / eps_tilde against f/h: -> 2."""
    return _check(REGIMES[4])


COROLLARY1_CHECKS = (check_corollary1_async_q_h, check_corollary1_async_k_fixed, check_corollary1_async_k_linear,
                     check_corollary1_async_k_sqrt, check_corollary1_sync)
