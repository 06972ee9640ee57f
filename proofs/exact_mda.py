r"""MDA's exact one-round contraction factor in d = 1, as a closed form in n, f, q (issue 14, item 2).

With m = q - f values kept and s = n - q honest values missed per receiver (0 in the synchronous
model), for f >= 1 and q >= 2f + 1 the supremum of Delta(out)/Delta(in) over one round is

* (n - q + 3f)/(q - f) = (3f + s)/m when 2q >= n + 3f + 1: Lemma 12's (4f + h - q)/(q - f), which is
  therefore tight in d = 1 wherever two receivers' kept honest sets must meet (not only under
  Assumption 5);
* (q + f)/(q - f) = (m + 2f)/m when 2q <= n + 3f (asynchronous; synchronous only at n = 3f);
* unbounded when q <= 2f (f identical Byzantine values are a kept set of spread 0).

The upper bounds (docs/closed_forms.md, "MDA") pair the two receivers' kept values; their
arithmetic is decided by Z3 for symbolic parameters (:mod:`avagree.smt.mda_parametric`). The lower
bounds are execution families in symbolic n, f, q whose outputs sympy computes
(:mod:`.mda_family`). Attained under ``ties="adversary"``; under ``ties="first"`` the supremum is
approached (Byzantine values at 2 - epsilon), not reached by the family. ``ties="average"`` is not
claimed. Outside these regions (synchronous, 2f + 1 <= n <= 3f - 1) only the upper bound
(m + 2f)/m is proved.
"""

from __future__ import annotations

import math
from fractions import Fraction

import sympy as sp

from .symbols import f, n, q

M = q - f  # values each receiver keeps
S = n - q  # honest values a receiver misses
#: two receivers' kept honest sets (at least q - 2f each, out of n - f) must share a node
MEET = 2 * q >= n + 3 * f + 1
LEMMA12_TIGHT = (S + 3 * f) / M
WIDE = (M + 2 * f) / M
MDA_CONTRACTION = sp.Piecewise((LEMMA12_TIGHT, MEET), (WIDE, True))

#: tie rules under which the family reaches the supremum, and under which it only approaches it
ATTAINED_UNDER = ("adversary",)
APPROACHED_UNDER = ("first",)


def region_text(model: str) -> str:
    """Where the closed form is exact."""
    if model == "sync":
        return "f >= 1, q = n >= 3f (2f + 1 <= n <= 3f - 1: only the upper bound (n + f)/(n - f) is proved)"
    return "f >= 1, 2f + 1 <= q <= n - f (q <= 2f: unbounded)"


def expression(model: str = "async") -> sp.Expr:
    """The closed form in n, f, q (async) or in n, f with q = n (sync)."""
    return MDA_CONTRACTION if model == "async" else MDA_CONTRACTION.subs(q, n)


def mda_exact(N: int, F: int, Q: int, model: str = "async") -> tuple[Fraction | None, str | None]:
    """MDA's exact one-round contraction factor (d = 1) at (N, F, Q) and how it is known:
    ``(value, "parameterised")``; ``(None, "unbounded")`` when q <= 2f; ``(None, None)`` where no
    closed form is proved (f = 0 is the mean of the q values; synchronous 2f + 1 <= n <= 3f - 1)."""
    if F == 0:
        return None, None
    if Q <= 2 * F:
        return None, "unbounded"
    if model == "sync" and N < 3 * F:
        return None, None
    m, s = Q - F, N - Q
    num = s + 3 * F if 2 * Q >= N + 3 * F + 1 else m + 2 * F
    return Fraction(num, m), "parameterised"


def mda_upper_only(N: int, F: int) -> Fraction:
    """The proved upper bound (m + 2f)/m at q = n (synchronous) where the exact value is not closed."""
    return Fraction(N + F, N - F)


def rounds_below(factor: Fraction, target: Fraction) -> int | None:
    """The least T >= 0 with factor**T <= target (exact integer comparison); None when factor >= 1
    and target < 1 (no number of rounds reaches it)."""
    if target >= 1:
        return 0
    if factor >= 1:
        return None
    if factor == 0:
        return 1
    p, r = factor.numerator, factor.denominator
    guess = math.log(target.numerator / target.denominator) / math.log(p / r)  # float start, fixed exactly below
    T = max(0, math.floor(guess) - 1)
    while T > 0 and p ** (T - 1) * target.denominator <= r ** (T - 1) * target.numerator:
        T -= 1
    while p ** T * target.denominator > r ** T * target.numerator:
        T += 1
    return T


def rounds_to(factor: Fraction, t: int) -> int | None:
    """The least T with factor**T <= 2**-t. Each round multiplies the diameter by at most ``factor``, so
    T rounds multiply it by at most factor**T (by induction on the diameter): an upper bound on the
    rounds the worst case needs (whether the T-round worst case is factor**T is the composition
    question, not settled here). None when factor >= 1 and t >= 1."""
    return rounds_below(factor, Fraction(1, 2 ** t))


def rounds_to_delta2(factor: Fraction, t: int, h: int) -> int | None:
    """The least T with factor**T * 2 sqrt(h) <= 2**-t, i.e. factor**(2T) <= 1/(h 4**(t + 1)): the
    target of the paper's N_ICwTM(t) (eq. 190: Delta^cw_2 shrinks by the factor each round and Lemma 1
    converts between Delta_2 and Delta^cw_2 with 2 sqrt(h)). None when factor >= 1."""
    return rounds_below(factor * factor, Fraction(1, h * 4 ** (t + 1)))
