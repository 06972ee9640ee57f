r"""Minimum-Diameter Averaging (paper section 5.1, eqs. 119-120).

:math:`S_{MDA}(z) \in \arg\min_{|S| = q-f} \Delta_2(z^{(S)})`, output the average of
:math:`z^{(S)}`. Diameters are compared as squared distances, so exact mode is exact.

Tie rule (``ties="first"``, the default): the received vectors are put in
canonical (lexicographic) order and the lexicographically first optimal subset
in that order is kept. The output therefore depends only on the multiset of
received vectors. ``ties="average"`` returns the average of the outputs of all
optimal subsets, the definition the paper suggests in the proof of Theorem 5;
:func:`mda_tie_outputs` lists every distinct output an optimal subset gives.

``ties="adversary"`` (the paper's MDA, which keeps *a* minimum-diameter subset):
the adversary picks any optimal subset, per receiver and per round; there is no
single reference function for it, a witness records each receiver's choice
(:mod:`avagree.harness.choices`).

In d = 1 (the Z3 encodings) the reference's first optimal subset is the
leftmost window of q - f consecutive order statistics with least spread
(:func:`mda_line`, ``first``; checked against :func:`mda` by the differential
test). Under ``adversary`` an optimal subset need not be a window: repeated
values let it skip values inside its range, so :func:`mda_line_any` lets the
adversary keep any q - f values whose spread is the least. Under ``average``
:func:`mda_line_average` counts the optimal subsets by their extreme order
statistics, which keeps the encoding linear.

Optimal subsets are index subsets of the received list (equal vectors are
distinct elements), under every tie rule; ``average`` weighs each index subset once.
"""

from __future__ import annotations

from math import comb
from typing import Literal, Sequence

import numpy as np
import z3

from .choice import Chooser
from .distance import canonical_order, mean_rows, pairwise_sq_distances, sum_rows
from .min_diameter import all_optimal, first_optimal, optimal_threshold
from .rule import Rule, SymbolicReceived

Ties = Literal["first", "average"]


def mda(z: np.ndarray, f: int, own: np.ndarray | None = None, *, ties: Ties = "first") -> np.ndarray:
    """MDA (eqs. 119-120): the average of a minimum-diameter (q - f)-subset, ties as above."""
    q = z.shape[0]
    order = canonical_order(z)  # the rows of z in canonical order, read in place (no copy of z)
    D = pairwise_sq_distances(z, order)
    if ties == "first":
        return mean_rows(z, order[first_optimal(D, q - f)])
    if ties == "average":
        subsets = all_optimal(D, q - f)
        total = sum(sum_rows(z, order[s]) for s in subsets)
        return total / ((q - f) * len(subsets))
    raise ValueError(f"ties={ties!r}: must be 'first' or 'average'")


def mda_average_ties(z: np.ndarray, f: int, own: np.ndarray | None = None) -> np.ndarray:
    """MDA with ties resolved by averaging over every optimal subset."""
    return mda(z, f, own, ties="average")


def mda_subsets(z: np.ndarray, f: int, limit: int = 100_000) -> list[np.ndarray]:
    """Every optimal subset, as sorted index arrays into ``z`` (the caller's order)."""
    order = canonical_order(z)
    D = pairwise_sq_distances(z, order)
    return [np.sort(order[s]) for s in all_optimal(D, z.shape[0] - f, limit)]


def mda_tie_outputs(z: np.ndarray, f: int, limit: int = 100_000) -> list[np.ndarray]:
    """The distinct outputs of all optimal subsets (a Byzantine-chosen tie break can
    make MDA return any of them)."""
    seen: dict[tuple, np.ndarray] = {}
    for s in mda_subsets(z, f, limit):
        out = z[s].sum(axis=0) / len(s)
        seen.setdefault(tuple(out.tolist()), out)
    return [seen[key] for key in sorted(seen)]


def _windows(rec: SymbolicReceived, q: int, f: int) -> tuple[list, list, z3.ArithRef]:
    """(spread, mean) of each window of q - f consecutive order statistics, and the least spread."""
    k = q - f
    stats = [rec.order_stat(p) for p in range(1, q + 1)]
    diam = [stats[p + k - 1] - stats[p] for p in range(f + 1)]
    means = [z3.Sum(stats[p : p + k]) / k for p in range(f + 1)]
    best = diam[0]
    for dv in diam[1:]:
        best = z3.If(dv < best, dv, best)
    return diam, means, best


def mda_line(rec: SymbolicReceived, q: int, f: int) -> z3.ArithRef:
    """MDA in d = 1 under ``ties="first"`` as a z3 term: the mean of the leftmost
    window of q - f consecutive order statistics whose spread z_(p+q-f-1) - z_(p) is least."""
    diam, means, best = _windows(rec, q, f)
    out = means[f]
    for p in range(f - 1, -1, -1):
        out = z3.If(diam[p] == best, means[p], out)
    return out


def mda_line_any(rec: SymbolicReceived, q: int, f: int, constraints: list) -> z3.ArithRef:
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


def mda_line_average(rec: SymbolicReceived, q: int, f: int, constraints: list) -> z3.ArithRef:
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


def _mda_options(z: np.ndarray, f: int, own: np.ndarray | None = None) -> list[list[int]]:
    return [[int(i) for i in s] for s in mda_subsets(z, f)]


def _mda_rejects(z: np.ndarray, f: int, own: np.ndarray | None, subset: Sequence[int]) -> str | None:
    """None when ``subset`` has the least squared diameter over all (q - f)-subsets (exact)."""
    D = pairwise_sq_distances(z)
    idx = list(subset)
    diam = max((D[a, b] for a in idx for b in idx), default=0)
    least = optimal_threshold(D, z.shape[0] - f)
    return None if diam == least else f"squared diameter {diam}, the least is {least}"


#: MDA keeps *a* minimum-diameter (q - f)-subset: the adversary may pick any
MDA_CHOOSER = Chooser(lambda q, f: q - f, _mda_options, _mda_rejects, mda_average_ties)

MDA = Rule("mda", mda, "Minimum-diameter averaging", "5.1", lambda f: f + 1, "q >= f + 1", "Assumption 5 (n >= 6f + 1)",
           encoding=mda_line, geometric=True, constants="mda", iterated=True,
           ties=("first", "average", "adversary"), choice_encoding=mda_line_any, chooser=MDA_CHOOSER,
           average_encoding=mda_line_average)
MDA_AVG = Rule("mda-avg", mda_average_ties, "MDA, ties averaged over all optimal subsets", "5.1, 5.3", lambda f: f + 1,
               "q >= f + 1", "Assumption 5 (n >= 6f + 1)", constants="mda", iterated=True, ties=("average",),
               average_encoding=mda_line_average)
