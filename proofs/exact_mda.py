r"""MDA's exact one-round contraction factor in d = 1, as a closed form in n, f, q (issue 14, item 2).

With m = q - f values kept and s = n - q honest values missed per receiver (0 in the synchronous
model), for f >= 1 and q >= 2f + 1 the supremum of Delta(out)/Delta(in) over one round is

* (n - q + 3f)/(q - f) = (3f + s)/m when 2q >= n + 3f + 1: Lemma 12's (4f + h - q)/(q - f), which is
  therefore tight in d = 1 wherever two receivers' kept honest sets must meet (not only under
  Assumption 5);
* (q + f)/(q - f) = (m + 2f)/m when 2q <= n + 3f (synchronous: 2f + 1 <= n <= 3f);
* unbounded when q <= 2f (f identical Byzantine values are a kept set of spread 0).

The upper bounds (docs/closed_forms.md, "MDA") pair the two receivers' kept values; their
arithmetic is decided by Z3 for symbolic parameters (:mod:`avagree.smt.mda_parametric`). The lower
bounds are execution families in symbolic n, f, q whose outputs sympy computes
(:mod:`.mda_family`). Attained under ``ties="adversary"``; under ``ties="first"`` the supremum is
approached (Byzantine values at 2 - epsilon), not reached by the family. ``ties="average"`` is not
claimed.
"""

from __future__ import annotations

from fractions import Fraction

import sympy as sp

from .symbols import f, n, q

M = q - f  # values each receiver keeps
S = n - q  # honest values a receiver misses
#: two receivers' kept honest sets (at least q - 2f each, out of n - f) must share a node
MEET = sp.Ge(2 * q, n + 3 * f + 1, evaluate=False)
LEMMA12_TIGHT = (S + 3 * f) / M
WIDE = (M + 2 * f) / M
MDA_CONTRACTION = sp.Piecewise((LEMMA12_TIGHT, MEET), (WIDE, True))

#: tie rules under which the family reaches the supremum, and under which it only approaches it
ATTAINED_UNDER = ("adversary",)
APPROACHED_UNDER = ("first",)


def region_text(model: str) -> str:
    """Where the closed form is exact."""
    if model == "sync":
        return "f >= 1, q = n >= 2f + 1"
    return "f >= 1, 2f + 1 <= q <= n - f (q <= 2f: unbounded)"


def expression(model: str = "async") -> sp.Expr:
    """The closed form in n, f, q (async) or in n, f with q = n (sync)."""
    if model == "async":
        return MDA_CONTRACTION
    return sp.Piecewise((LEMMA12_TIGHT.subs(q, n), sp.Ge(n, 3 * f + 1, evaluate=False)), (WIDE.subs(q, n), True))


def mda_exact(N: int, F: int, Q: int, model: str = "async") -> tuple[Fraction | None, str | None]:
    """MDA's exact one-round contraction factor (d = 1) at (N, F, Q) and how it is known:
    ``(value, "parameterised")``; ``(None, "unbounded")`` when q <= 2f; ``(None, None)`` where no
    closed form is proved (f = 0 is the mean of the q values; synchronous q = n <= 2f)."""
    if F == 0:
        return None, None
    if Q <= 2 * F:
        return None, "unbounded" if model == "async" else None
    value = sp.Rational(expression(model).subs({n: N, f: F, q: Q}))
    return Fraction(int(value.p), int(value.q)), "parameterised"


def note(N: int, F: int, Q: int, model: str, kind: str | None) -> str:
    """What ``exact_contraction_factor`` of MDA means at (N, F, Q), or why it is absent."""
    if kind == "unbounded":
        return "unbounded: q <= 2f, so f identical Byzantine values are a kept set of spread 0"
    if F == 0:
        return "f = 0: MDA keeps all q values (the mean; avagree formula mean)"
    if kind is None:
        return "synchronous q = n <= 2f: not decided here"
    return ("d = 1 (Delta = range; Lemma 12 bounds Delta_2 in any d): the supremum, attained under ties=adversary, "
            "approached but not attained by the family under ties=first; ties=average not claimed")


# --- the averaging error (issue 29, item 4) ---------------------------------------------------------------
#: MDA's exact one-round averaging error |mean(out) - mean(in)|/Delta(in) in d = 1 for q >= 2f + 1 (both
#: models; s = 0 synchronous), numerator over h m: Lemma 13's alpha, ((2f + h - q) q + (q - 2f) f)/(h (q - f)).
#: Upper bound: one receiver's output minus the honest mean is at most this (its kept honest values are at
#: most 1, its kept Byzantine ones at most 2, every other honest value at least 0), and the averaging error is
#: the mean of those over the receivers; lower bound: k = m - f honest ones, every receiver gets all of them
#: and f zeros, Byzantine values at 2 (2 - epsilon under first), and keeps the ones and the twos.
AVERAGING_NUMERATOR = 2 * f * M + S * (M + f)
AVERAGING_DENOMINATOR = (n - f) * M
MDA_AVERAGING = AVERAGING_NUMERATOR / AVERAGING_DENOMINATOR


def averaging_expression(model: str = "async") -> sp.Expr:
    """The averaging error's closed form in n, f, q (async) or in n, f with q = n (sync: 2f/(n - f))."""
    return MDA_AVERAGING if model == "async" else sp.cancel(MDA_AVERAGING.subs(q, n))


def averaging_region_text(model: str) -> str:
    """Where the averaging closed form is exact."""
    if model == "sync":
        return "f >= 1, q = n >= 2f + 1 (n <= 2f: unbounded)"
    return "f >= 1, 2f + 1 <= q <= n - f (q <= 2f: unbounded)"


def mda_averaging_exact(N: int, F: int, Q: int, model: str = "async") -> tuple[Fraction | None, str | None]:
    """MDA's exact one-round averaging error (d = 1) at (N, F, Q) and how it is known, as :func:`mda_exact`:
    ``(value, "parameterised")``, ``(None, "unbounded")`` when q <= 2f (f identical Byzantine values are a
    kept set of spread 0, kept by every receiver), ``(None, None)`` for f = 0."""
    if F == 0:
        return None, None
    if Q <= 2 * F:
        return None, "unbounded"
    value = sp.Rational(averaging_expression(model).subs({n: N, f: F, q: Q}))
    return Fraction(int(value.p), int(value.q)), "parameterised"
