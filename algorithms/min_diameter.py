"""Exact minimum-diameter subsets, without enumerating every subset.

Keeping k = q - f of q vectors with diameter <= T is the same as removing f of
them so that no "conflict" pair (squared distance > T) survives: the removed
set is a vertex cover of the conflict graph. Vertex cover of size <= f is
decided by a bounded search tree of depth f (branch on a vertex of highest
degree: remove it, or keep it and remove all its neighbours), so the cost is
O(2^f poly(q)) instead of C(q, f). The optimal T is found by binary search over
the distinct pairwise distances.

Vertices are numbered in the caller's order; :func:`first_optimal` returns the
lexicographically first optimal kept set in that order (the tie rule), and
:func:`all_optimal` enumerates every optimal kept set (output-sensitive).
"""

from __future__ import annotations

from bisect import bisect_left
from fractions import Fraction
from typing import Any, Iterator

import numpy as np

from avagree.errors import ParameterError


def _bits(x: int) -> Iterator[int]:
    while x:
        low = x & -x
        yield low.bit_length() - 1
        x ^= low


def _conflicts(D: np.ndarray, threshold: Any) -> list[int]:
    """Bit mask of the vertices in conflict with each vertex (row i's bits, bit j for column j)."""
    over = np.asarray(D > threshold, dtype=bool)
    np.fill_diagonal(over, False)
    rows = np.packbits(over, axis=1, bitorder="little")
    return [int.from_bytes(row.tobytes(), "little") for row in rows]


def _cover(adj: list[int], free: int, budget: int) -> bool:
    """Is there a vertex cover of size <= budget of the conflict edges inside ``free``?"""
    best, best_deg, edges2 = -1, 0, 0
    rest = free
    while rest:  # the bits of free, inline (the generator _bits costs a third of the search here)
        low = rest & -rest
        rest ^= low
        v = low.bit_length() - 1
        deg = (adj[v] & free).bit_count()
        edges2 += deg
        if deg > best_deg:
            best, best_deg = v, deg
    if best_deg == 0:
        return True
    if budget <= 0 or edges2 // 2 > budget * best_deg:
        return False
    v, nb = best, adj[best] & free
    if best_deg > budget:  # keeping v would cost more than the budget: v must go
        return _cover(adj, free & ~(1 << v), budget - 1)
    if _cover(adj, free & ~(1 << v), budget - 1):
        return True
    return _cover(adj, free & ~nb & ~(1 << v), budget - best_deg)


class _Search:
    def __init__(self, adj: list[int], q: int, f: int):
        self.adj, self.q, self.f, self.k = adj, q, f, q - f
        self.all = (1 << q) - 1

    def feasible(self, kept: int, removed: int) -> bool:
        """Can ``kept`` be extended to a kept set of size k with no conflict, never
        keeping anything in ``removed``?"""
        if kept.bit_count() > self.k:
            return False
        forced = 0
        for v in _bits(kept):
            if self.adj[v] & kept:
                return False
            forced |= self.adj[v]
        removed |= forced
        spent = removed.bit_count()
        if spent > self.f:
            return False
        return _cover(self.adj, self.all & ~kept & ~removed, self.f - spent)


def _validate(D: np.ndarray, k: int) -> tuple[int, int]:
    q = D.shape[0]
    if not 1 <= k <= q:
        raise ParameterError("k", k, f"subset size must be in 1..{q}")
    return q, q - k


def _nearest_diameter(D: np.ndarray, k: int) -> Any:
    """An upper bound on the least diameter (k >= 2): the least diameter of the q sets of
    a vertex's k nearest (itself included, unless another vertex ties at distance 0)."""
    near = np.argsort(D, axis=1, kind="stable")[:, :k]
    return D[near[:, :, None], near[:, None, :]].max(axis=(1, 2)).min()


def optimal_threshold(D: np.ndarray, k: int) -> Any:
    """The minimum over k-subsets of the largest pairwise squared distance."""
    q, f = _validate(D, k)
    if k == 1:
        return Fraction(0) if D.dtype == object else 0.0
    values = sorted(set(D[np.triu_indices(q, 1)].tolist()))
    lo, hi = 0, bisect_left(values, _nearest_diameter(D, k))  # values[hi] is feasible
    step = 1
    while hi - step >= lo:  # the least diameter is often at or just below the bound: gallop down
        if not _Search(_conflicts(D, values[hi - step]), q, f).feasible(0, 0):
            lo = hi - step + 1
            break
        hi -= step
        step *= 2
    while lo < hi:
        mid = (lo + hi) // 2
        if _Search(_conflicts(D, values[mid]), q, f).feasible(0, 0):
            hi = mid
        else:
            lo = mid + 1
    return values[lo]


def first_optimal(D: np.ndarray, k: int) -> np.ndarray:
    """Lexicographically first (in vertex order) kept set of minimum diameter."""
    q, f = _validate(D, k)
    search = _Search(_conflicts(D, optimal_threshold(D, k)), q, f)
    kept = removed = 0  # (kept, removed) stays feasible: T is the least diameter
    for v in range(q):
        bit = 1 << v
        # v in conflict with no vertex still allowed: some feasible kept set swaps a vertex for it
        alone = not search.adj[v] & ~removed
        if kept.bit_count() < k and (alone or search.feasible(kept | bit, removed)):
            kept |= bit
        else:
            removed |= bit
    return np.array(list(_bits(kept)), dtype=np.intp)


def all_optimal(D: np.ndarray, k: int, limit: int = 100_000) -> list[np.ndarray]:
    """Every kept set of minimum diameter, in lexicographic order.

    Raises :class:`ParameterError` when there are more than ``limit`` of them.
    """
    q, f = _validate(D, k)
    search = _Search(_conflicts(D, optimal_threshold(D, k)), q, f)
    out: list[np.ndarray] = []

    def walk(v: int, kept: int, removed: int) -> None:
        if v == q:
            if len(out) >= limit:
                raise ParameterError("limit", limit, "more tie-optimal subsets than the limit")
            out.append(np.array(list(_bits(kept)), dtype=np.intp))
            return
        bit = 1 << v
        if search.feasible(kept | bit, removed):
            walk(v + 1, kept | bit, removed)
        if (removed | bit).bit_count() <= f and search.feasible(kept, removed | bit):
            walk(v + 1, kept, removed | bit)

    walk(0, 0, 0)
    return out
