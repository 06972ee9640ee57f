"""Checks of two statements about ICwTM's hypotheses and iteration count (issue 15, section 7).

* The text after Assumption 6: "for eps = 1/12, the above condition implies
  n >= 5f + 1". That is the n-inequality alone; the q-inequality with q <= n - f
  (the asynchronous model) asks for more. :func:`smallest_n_eps_1_12` solves both
  symbolically for every f.
* Corollary 2's N_ICwTM(t) (eq. 169) against CwTM's exact one-round factor (the
  closed form of :mod:`.exact`): as n grows with f and t fixed, the exact factor
  never increases, but N_ICwTM(t) can (f = 1, t = 1: 14 iterations at n = 6, 19 at
  n = 7), because eps_tilde = ceil(2 eps h + 1/2)/(2(q - 2f)) shrinks while its
  ceiling stays put.
"""

from __future__ import annotations

from typing import Any

import sympy as sp

from . import exact, icwtm
from .check_record import Check
from .constants import constants
from .symbols import eps, f, h, n, q

EPS_EXAMPLE = sp.Rational(1, 12)


def _root_in_n(condition: sp.Expr, q_of_n: sp.Expr) -> sp.Expr:
    """The n where ``condition`` (increasing in n, >= 0 wanted) is 0, at eps = 1/12 and q = ``q_of_n``."""
    x = sp.Symbol("x", real=True)  # n as a real number: solve drops non-integer roots of an integer symbol
    expr = condition.subs(eps, EPS_EXAMPLE).subs(q, q_of_n).subs(h, n - f).subs(n, x)
    if not sp.simplify(sp.diff(expr, x)) > 0:
        raise ArithmeticError(f"internal: {expr} is not increasing in n")
    (root,) = sp.solve(sp.Eq(expr, 0), x)
    return sp.expand(root)


def smallest_n_eps_1_12(model: str) -> dict[str, sp.Expr]:
    """Assumption 6 at eps = 1/12, for every integer f >= 1: the smallest integer n meeting the n-inequality, the
    q-inequality (q = n - f, the largest q the asynchronous model allows, or q = n) and both. The q-inequality only
    gets easier as q grows, so q = n - f gives the smallest n of every q <= n - f."""
    q_of_n = n - f if model == "async" else n
    by_n = sp.ceiling(_root_in_n(icwtm.N_CONDITION, q_of_n))
    by_q = sp.ceiling(_root_in_n(icwtm.Q_CONDITION, q_of_n))
    both = by_q if sp.simplify(by_q - by_n).subs(f, 1) >= 0 and sp.diff(by_q - by_n, f) >= 0 else sp.Max(by_n, by_q)
    return {"n": by_n, "q": by_q, "both": both}


def _meets_both(N: int, F: int, Q: int) -> bool:
    """Both inequalities of Assumption 6 at eps = 1/12, exactly."""
    vals = {n: N, f: F, q: Q, h: N - F, eps: EPS_EXAMPLE}
    return bool(icwtm.N_CONDITION.subs(vals) >= 0) and bool(icwtm.Q_CONDITION.subs(vals) >= 0)


def check_assumption6_example_q() -> Check:
    """eps = 1/12 with q <= n - f: the smallest n meeting both inequalities is 7f + 2, not 5f + 1."""
    sym = smallest_n_eps_1_12("async")
    sync = smallest_n_eps_1_12("sync")
    fails, mismatch = [], []
    for F in range(1, 9):
        smallest = next(N for N in range(F + 1, 20 * F) if any(_meets_both(N, F, Q) for Q in range(F + 1, N - F + 1)))
        if smallest != sym["both"].subs(f, F):
            mismatch.append(f"f={F}: enumeration gives {smallest}, the symbolic form {sym['both'].subs(f, F)}")
        if smallest != 5 * F + 1:
            fails.append(f"f={F}: smallest n is {smallest}, not 5f+1 = {5 * F + 1}")
    return Check("assumption6-example-q", "Assumption 6, text after it",
                 "eps = 1/12 admits n = 5f + 1 (asynchronous, q <= n - f: both inequalities)",
                 "symbolic for every f (sympy), and exact enumeration of n and q <= n - f for f = 1..8",
                 not fails and not mismatch, mismatch + fails,
                 f"the n-inequality alone gives n >= {sp.sstr(sym['n'])}; the q-inequality at q = n - f gives "
                 f"n >= {sp.sstr(sym['q'])}, so the smallest n is {sp.sstr(sym['both'])} for every f >= 1; "
                 f"synchronously (q = n) the q-inequality gives n >= {sp.sstr(sync['q'])} and the smallest n is "
                 f"{sp.sstr(sync['both'])}")


def n_icwtm_increases(F: int, T: int = 1, max_factor: int = 10) -> list[tuple[int, Any, Any]]:
    """(asynchronous, q = n - f) every n where N_ICwTM(t) at n + 1 exceeds it at n: (n, constants at n, at n + 1)."""
    out = []
    feasible = [constants("cwtm", N, F, N - F, t=T) for N in range(3 * F + 1, max_factor * F + 1)]
    feasible = [c for c in feasible if c.feasible]
    for a, b in zip(feasible, feasible[1:]):
        if b.n == a.n + 1 and b.iterations > a.iterations:
            out.append((a.n, a, b))
    return out


def _increase_text(a: Any, b: Any) -> str:
    ea, eb = (exact.exact_value("cwtm", "contraction", c.n, c.f, c.q) for c in (a, b))
    return (f"f={a.f} t={a.t}: N_ICwTM = {a.iterations} at n={a.n}, {b.iterations} at n={b.n} "
            f"(exact one-round factor {ea} -> {eb}, eps_tilde {a.eps_tilde} -> {b.eps_tilde})")


def check_n_icwtm_monotone() -> Check:
    """N_ICwTM(t) never increases with n (f, t fixed, q = n - f), as CwTM's exact one-round factor does not."""
    ups = [(a, b) for F in range(1, 4) for _, a, b in n_icwtm_increases(F, 1, 8)]
    exact_up = [f"f={F} n={N}" for F in range(1, 4) for N in range(5 * F + 1, 8 * F)
                if exact.exact_value("cwtm", "contraction", N + 1, F, N - F + 1)
                > exact.exact_value("cwtm", "contraction", N, F, N - F)]
    note = ("the exact factor min(2f, q - 2f)/(q - 2f) never increases in these ranges" if not exact_up
            else "the exact factor increases somewhere")
    if ups and all(b.eps_tilde < a.eps_tilde for a, b in ups):
        note += "; every increase comes with eps_tilde = ceil(2 eps h + 1/2)/(2(q - 2f)) shrinking"
    return Check("n-icwtm-monotone", "Corollary 2, eq. (169), against CwTM's exact factor",
                 "N_ICwTM(t) never increases as n grows (f, t fixed, q = n - f), as CwTM's exact one-round factor "
                 "does not", "exact, f = 1..3, t = 1, feasible n <= 8f",
                 not ups and not exact_up, exact_up + [_increase_text(a, b) for a, b in ups], note)


SCOPE_CHECKS = (check_assumption6_example_q, check_n_icwtm_monotone)
