"""Krum's and Multi-Krum's d = 1 Z3 encodings (:mod:`avagree.algorithms.krum`), one per tie rule.

In d = 1 the received vectors are numbers and the reference's canonical order is
the order of values, so the encodings work on the order statistics
s_1 <= ... <= s_q. A value's m = q - f - 2 nearest other values are the other
members of a window of m + 1 consecutive order statistics containing it (any m
others are at least as far, one by one, as the nearest m, and the nearest m are
contiguous), so its score is the least, over those windows, of the sum of
squared differences: a minimum of quadratic forms. Comparing scores is therefore
nonlinear real arithmetic (z3's nlsat); the choices themselves are linear.

Equal values have equal scores and give the same output whichever copy is kept,
so choosing among order statistics is choosing among received vectors:

* ``first`` (the reference): the least value of least score (Krum); the q - f values
  first in the order (score, value) (Multi-Krum);
* ``adversary``: any value(s) of least score;
* ``average``: the mean over every optimal index subset (the closed form of
  :func:`avagree.algorithms.choice.least_scores`: the b values scoring strictly
  below the k-th least score plus a share (k - b)/t of the t scoring exactly it).

Registered by rule name in :mod:`.rule_encodings`.
"""

from __future__ import annotations

from typing import Any

import z3

from avagree.smt.encode import Received


def _min(terms: list) -> Any:
    best = terms[0]
    for t in terms[1:]:
        best = z3.If(t < best, t, best)
    return best


def scores(rec: Received, q: int, f: int) -> tuple[list, list]:
    """(order statistics s_1..s_q, the Krum score of each)."""
    m = q - f - 2
    s = [rec.order_stat(p) for p in range(1, q + 1)]
    out = []
    for i in range(q):
        windows = []
        for a in range(max(0, i - m), min(i, q - 1 - m) + 1):
            windows.append(z3.Sum([(s[j] - s[i]) * (s[j] - s[i]) for j in range(a, a + m + 1) if j != i]))
        out.append(_min(windows))
    return s, out


def _kept_first(sc: list, k: int) -> list:
    """Per order statistic, "it is among the k first in the order (score, position)"."""
    kept = []
    for i, si in enumerate(sc):
        before = [z3.If(z3.Or(sj < si, sj == si) if j < i else sj < si, 1, 0) for j, sj in enumerate(sc) if j != i]
        kept.append(z3.Sum(before) < k)
    return kept


def _kept_any(sc: list, k: int, name: str, constraints: list) -> list:
    """Fresh Booleans keeping k order statistics, none scoring more than one left out (side conditions appended)."""
    keep = [z3.FreshBool(name) for _ in sc]
    radius = z3.FreshReal(f"{name}_radius")
    constraints.append(z3.Sum([z3.If(b, 1, 0) for b in keep]) == k)
    for b, si in zip(keep, sc):
        constraints.append(z3.Implies(b, si <= radius))
        constraints.append(z3.Implies(z3.Not(b), si >= radius))
    return keep


def _average(s: list, sc: list, k: int, name: str, constraints: list) -> Any:
    """The mean over every optimal k-subset: (sum of the b strictly below + (k - b)/t sum of the t tied)/k."""
    q = len(s)
    closer, tied = [], []
    for i, si in enumerate(sc):
        others = [sj for j, sj in enumerate(sc) if j != i]
        n_less = z3.Sum([z3.If(sj < si, 1, 0) for sj in others])
        n_at_most = 1 + z3.Sum([z3.If(sj <= si, 1, 0) for sj in others])
        closer.append(n_at_most < k)
        tied.append(z3.And(n_less < k, n_at_most >= k))
    b = z3.Sum([z3.If(c, 1, 0) for c in closer])
    t = z3.Sum([z3.If(c, 1, 0) for c in tied])
    sum_closer = z3.Sum([z3.If(c, v, 0) for c, v in zip(closer, s)])
    sum_tied = z3.Sum([z3.If(c, v, 0) for c, v in zip(tied, s)])
    y = z3.FreshReal(name)
    for nb in range(k):
        for nt in range(k - nb, q - nb + 1):
            constraints.append(z3.Implies(z3.And(b == nb, t == nt), k * nt * y == nt * sum_closer + (k - nb) * sum_tied))
    return y


def krum_line(rec: Received, q: int, f: int) -> Any:
    """Krum under ``ties="first"``: the least value among those of least score (an If chain over
    the order statistics from the top, as MDA's leftmost window: q comparisons with the least
    score instead of q^2 between scores)."""
    s, sc = scores(rec, q, f)
    best = _min(sc)
    out = s[-1]
    for v, si in zip(reversed(s[:-1]), reversed(sc[:-1])):
        out = z3.If(si == best, v, out)
    return out


def krum_line_any(rec: Received, q: int, f: int, constraints: list) -> Any:
    """Krum under ``ties="adversary"``: any value of least score."""
    s, sc = scores(rec, q, f)
    return z3.Sum([z3.If(b, v, 0) for b, v in zip(_kept_any(sc, 1, "krum_keep", constraints), s)])


def krum_line_average(rec: Received, q: int, f: int, constraints: list) -> Any:
    """Krum under ``ties="average"``: the mean of the values of least score (with multiplicity)."""
    s, sc = scores(rec, q, f)
    return _average(s, sc, 1, "krum_avg", constraints)


def multi_krum_line(rec: Received, q: int, f: int) -> Any:
    """Multi-Krum under ``ties="first"``: the mean of the q - f values first in the order (score, value)."""
    s, sc = scores(rec, q, f)
    return z3.Sum([z3.If(b, v, 0) for b, v in zip(_kept_first(sc, q - f), s)]) / (q - f)


def multi_krum_line_any(rec: Received, q: int, f: int, constraints: list) -> Any:
    """Multi-Krum under ``ties="adversary"``: the mean of any q - f values none scoring more than one left out."""
    s, sc = scores(rec, q, f)
    keep = _kept_any(sc, q - f, "mkrum_keep", constraints)
    return z3.Sum([z3.If(b, v, 0) for b, v in zip(keep, s)]) / (q - f)


def multi_krum_line_average(rec: Received, q: int, f: int, constraints: list) -> Any:
    """Multi-Krum under ``ties="average"``: the mean over every optimal (q - f)-subset."""
    s, sc = scores(rec, q, f)
    return _average(s, sc, q - f, "mkrum_avg", constraints)
