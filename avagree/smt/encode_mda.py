"""MDA's d = 1 Z3 encodings (paper section 5.1, eqs. 119-120), one per tie rule.

The reference's first optimal subset (``ties="first"``) is the leftmost window of
q - f consecutive order statistics with least spread (:func:`mda_line`; checked
against :func:`avagree.algorithms.mda.mda` by the differential test). Under
``adversary`` an optimal subset need not be a window: repeated values let it skip
values inside its range, so :func:`mda_line_any` lets the adversary keep any
q - f values whose spread is the least. Under ``average`` :func:`mda_line_average`
counts the optimal subsets by their extreme order statistics, which keeps the
encoding linear. Registered by rule name in :mod:`.rule_encodings`.
"""

from __future__ import annotations

from math import comb

import z3

from avagree.smt.encode import Received


def _windows(rec: Received, q: int, f: int) -> tuple[list, list, z3.ArithRef]:
    """(spread, mean) of each window of q - f consecutive order statistics, and the least spread."""
    k = q - f
    stats = [rec.order_stat(p) for p in range(1, q + 1)]
    diam = [stats[p + k - 1] - stats[p] for p in range(f + 1)]
    means = [z3.Sum(stats[p : p + k]) / k for p in range(f + 1)]
    best = diam[0]
    for dv in diam[1:]:
        best = z3.If(dv < best, dv, best)
    return diam, means, best


def mda_line(rec: Received, q: int, f: int) -> z3.ArithRef:
    """MDA in d = 1 under ``ties="first"`` as a z3 term: the mean of the leftmost
    window of q - f consecutive order statistics whose spread z_(p+q-f-1) - z_(p) is least."""
    diam, means, best = _windows(rec, q, f)
    out = means[f]
    for p in range(f - 1, -1, -1):
        out = z3.If(diam[p] == best, means[p], out)
    return out


def mda_line_any(rec: Received, q: int, f: int, constraints: list) -> z3.ArithRef:
    """MDA in d = 1 under ``ties="adversary"`` (eqs. 119-120 with any minimiser): the
    mean of any q - f received values (fresh Booleans over the order statistics)
    whose spread is at most the least spread of q - f consecutive order statistics,
    i.e. of any minimum-diameter subset. Not only windows: with repeated values an
    optimal subset may skip values inside its range (sorted -2, -1, -1, 0, 1, 1 and
    q - f = 4: {-1, -1, 1, 1} has the least diameter 2 and mean 0, which no window
    gives). The side conditions are appended to ``constraints``.

    Linear, without a term for the least spread: a fresh real ``spread`` is at most
    every window's spread, and the kept values lie in [low, low + spread] for a fresh
    real ``low`` (spread at most ``spread`` in q conditions rather than q^2 / 2). No
    (q - f)-subset spreads less than the least window (its own first q - f order
    statistics span no more than it does), so the kept subset's spread is exactly
    the least one."""
    k = q - f
    stats = [rec.order_stat(p) for p in range(1, q + 1)]
    diam, _, _ = _windows(rec, q, f)
    keep = [z3.FreshBool("mda_keep") for _ in range(q)]
    low, spread = z3.FreshReal("mda_low"), z3.FreshReal("mda_spread")
    constraints += [spread <= dv for dv in diam]
    constraints.append(z3.Sum([z3.If(b, 1, 0) for b in keep]) == k)
    for b, s in zip(keep, stats):
        constraints.append(z3.Implies(b, z3.And(low <= s, s <= low + spread)))
    return z3.Sum([z3.If(b, s, 0) for b, s in zip(keep, stats)]) / k


def _comb(m: int, r: int) -> int:
    """C(m, r), and 0 when r < 0 or r > m."""
    return comb(m, r) if 0 <= r <= m else 0


def mda_line_average(rec: Received, q: int, f: int, constraints: list) -> z3.ArithRef:
    """MDA in d = 1 under ``ties="average"`` as a z3 term y: the mean of the outputs of
    every optimal (q - f)-subset of indices (sorted order statistics x_1 <= ... <= x_q).

    With k = q - f >= 2, an index subset is fixed by its extreme positions i < j and
    the k - 2 positions it keeps strictly between them; its diameter is x_j - x_i.
    There are c_ij = C(j-i-1, k-2) such subsets, and the sum of their sums is
    c_ij (x_i + x_j) + C(j-i-2, k-3) * (x_{i+1} + ... + x_{j-1}) (each value between
    is in C(j-i-2, k-3) of them; k = 2 gives 1 subset and no middle term). With
    opt_ij "x_j - x_i is the least diameter" (the least spread of a window), each
    optimal subset outputs its sum / k, so k * y * (number of optimal subsets) = (sum
    of their sums), i.e. sum_ij If(opt_ij, k c_ij y, 0) = sum_ij If(opt_ij, S_ij, 0)
    with S_ij the sum above: linear, appended to ``constraints``. k = 1: every single
    value is optimal (diameter 0), y is the mean of all q."""
    k = q - f
    stats = [rec.order_stat(p) for p in range(1, q + 1)]
    if k == 1:
        return z3.Sum(stats) / q
    _, _, best = _windows(rec, q, f)
    y = z3.FreshReal("mda_avg")
    prefix = [z3.RealVal(0)]
    for v in stats:
        prefix.append(prefix[-1] + v)
    lhs, rhs = [], []
    for i in range(q):
        for j in range(i + k - 1, q):
            c, c_mid = _comb(j - i - 1, k - 2), _comb(j - i - 2, k - 3)
            opt = stats[j] - stats[i] == best
            total = c * (stats[i] + stats[j]) + (c_mid * (prefix[j] - prefix[i + 1]) if c_mid else 0)
            lhs.append(z3.If(opt, k * c * y, 0))
            rhs.append(z3.If(opt, total, 0))
    constraints.append(z3.Sum(lhs) == z3.Sum(rhs))
    return y
