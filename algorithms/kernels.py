"""Compiled float kernels (numba): the coordinate-wise rules for any number q of
received vectors, and the Gram product of the distance rules.

Imported only through :mod:`.fast`, on the first call that needs a kernel (numba
takes about 0.4 s to import); the functions are compiled once per dtype and cached
on disk (``cache=True``), so a later process loads them instead of compiling.

:func:`sorted_columns` takes the columns a block at a time into a (q, BLOCK) tile
and sorts each column by a sorting network (Batcher's odd-even merge sort,
O(q log^2 q) comparators: 178 at q = 30 where odd-even transposition has 435);
each comparator is a branch-free min/max over the BLOCK columns of two tile rows,
which LLVM vectorises. The sorted tile holds exactly the order statistics np.sort
gives, and the trimmed sum adds them in the order of the numpy path
(``s[f:q-f].sum(axis=0)`` adds row after row), so the outputs are bit for bit those
of the numpy path.

A NaN or inf anywhere in the input makes the output NaN (the kernel adds ``0 * v``
for every input v): callers check d outputs instead of scanning q * d inputs.

:func:`gram` computes G = Z Z^T blocked over columns; each block's products are
kept apart and added in block order, so every entry is summed in an order that
depends only on its two rows and d, not on their positions (BLAS gives no such
guarantee: OpenBLAS's Gram matrix of permuted rows differs in the last bits) nor on
the thread count.
"""

from __future__ import annotations

from functools import lru_cache

import numba
import numpy as np

#: Columns per tile: a (30, 512) float64 tile is 120 KiB, in L2 (longer runs per row help the prefetcher).
BLOCK = 512
#: Tiles handed to one thread at a time.
TILES_PER_TASK = 16

#: Reduction codes of :func:`sorted_columns` (the kinds of :data:`.fast.KINDS`).
CODES = {"cwtm": 0, "trimmed-middle": 1, "median": 2}


def batcher_network(q: int) -> np.ndarray:
    """Comparators (i, j), i < j, of Batcher's odd-even merge sort on q inputs, as an
    (m, 2) array, in the order they must be applied. Built for the next power of two
    p >= q; a comparator touching a position >= q is dropped (those positions hold
    +inf, which no comparator moves)."""
    p = 1
    while p < q:
        p *= 2
    pairs = []
    size = 1
    while size < p:  # merge sorted runs of length `size` into runs of 2 * size
        step = size
        while step >= 1:
            for start in range(step % size, p - step, 2 * step):
                for i in range(min(step, p - start - step)):
                    a, b = start + i, start + i + step
                    if a // (2 * size) == b // (2 * size) and b < q:  # both in the same merged run
                        pairs.append((a, b))
            step //= 2
        size *= 2
    return np.array(pairs, dtype=np.intp).reshape(-1, 2)


@numba.njit(cache=True)
def _exchange(x, y):  # pragma: no cover - compiled
    for c in range(BLOCK):
        a = x[c]
        b = y[c]
        # not `a if a < b else b`: LLVM turns that into masked stores, several times slower
        # on AMD Zen; np.minimum/np.maximum vectorise to plain blends. They may turn
        # {-0.0, 0.0} into {0.0, 0.0} (no output changes: adding the 0 of `s` makes every
        # zero output +0.0) and spread a NaN (the NaN in `s` reports it anyway).
        x[c] = np.minimum(a, b)
        y[c] = np.maximum(a, b)


@numba.njit(cache=True)
def _tile(z, pairs, code, f, zero, two, count, out, t, s, c0, w):  # pragma: no cover - compiled
    q = z.shape[0]
    for c in range(BLOCK):
        s[c] = zero
    for r in range(q):
        zr = z[r]
        tr = t[r]
        for c in range(w):
            v = zr[c0 + c]
            tr[c] = v
            s[c] += v * zero  # 0, or NaN when some input is NaN or inf
    for k in range(pairs.shape[0]):
        _exchange(t[pairs[k, 0]], t[pairs[k, 1]])
    if code == 0:  # cwtm: s[f] + ... + s[q-f-1], left to right, then / (q - 2f)
        first = t[f]
        for c in range(w):
            t[0, c] = first[c]  # row 0 is no longer needed: the running sum
        for r in range(f + 1, q - f):
            tr = t[r]
            for c in range(w):
                t[0, c] += tr[c]
        for c in range(w):
            out[c0 + c] = t[0, c] / count + s[c]
    elif code == 1:  # trimmed middle
        for c in range(w):
            out[c0 + c] = (t[f, c] + t[q - f - 1, c]) / two + s[c]
    elif q % 2:  # median, odd q
        for c in range(w):
            out[c0 + c] = t[q // 2, c] + s[c]
    else:
        for c in range(w):
            out[c0 + c] = (t[q // 2 - 1, c] + t[q // 2, c]) / two + s[c]


@numba.njit(parallel=True, cache=True)
def _sorted_columns(z, pairs, code, f, zero, two, count):  # pragma: no cover - compiled
    q, d = z.shape
    out = np.empty(d, dtype=z.dtype)
    tiles = (d + BLOCK - 1) // BLOCK
    tasks = (tiles + TILES_PER_TASK - 1) // TILES_PER_TASK
    for task in numba.prange(tasks):
        t = np.zeros((q, BLOCK), dtype=z.dtype)  # columns past d stay 0 and are never written out
        s = np.empty(BLOCK, dtype=z.dtype)
        for b in range(task * TILES_PER_TASK, min(tiles, task * TILES_PER_TASK + TILES_PER_TASK)):
            c0 = b * BLOCK
            _tile(z, pairs, code, f, zero, two, count, out, t, s, c0, min(d, c0 + BLOCK) - c0)
    return out


def sorted_columns(z: np.ndarray, f: int, kind: str) -> np.ndarray:
    """The coordinate-wise rule ``kind`` on a C-contiguous float (q, d) array."""
    t = z.dtype.type
    q = z.shape[0]
    count = q - 2 * f if kind == "cwtm" else 1
    return _sorted_columns(z, _network(q), CODES[kind], f, t(0), t(2), t(count))


@lru_cache(maxsize=None)
def _network(q: int) -> np.ndarray:
    return batcher_network(q)


#: Columns per block of :func:`gram` (10 rows of 2048 float64 are 160 KiB, in L2).
GRAM_BLOCK = 2048


@numba.njit(cache=True, fastmath={"reassoc", "contract"})
def _dot(x, y):  # pragma: no cover - compiled
    # reassoc lets LLVM vectorise the sum. Every pair of rows goes through this one
    # function with the same length, and x86 loops are not peeled for alignment, so
    # the additions happen in the same order for every pair, wherever the rows sit.
    # (Written inline in the prange body, the loop was not vectorised: 5x slower.)
    acc = 0.0
    for c in range(x.shape[0]):
        acc += np.float64(x[c]) * np.float64(y[c])
    return acc


@numba.njit(parallel=True, cache=True)
def _gram_blocks(z):  # pragma: no cover - compiled
    q, d = z.shape
    blocks = (d + GRAM_BLOCK - 1) // GRAM_BLOCK
    parts = np.zeros((blocks, q, q))
    for b in numba.prange(blocks):
        c0 = b * GRAM_BLOCK
        c1 = min(d, c0 + GRAM_BLOCK)
        for i in range(q):
            for j in range(i, q):
                parts[b, i, j] = _dot(z[i, c0:c1], z[j, c0:c1])
    return parts


@numba.njit(cache=True)
def _gram(z):  # pragma: no cover - compiled
    parts = _gram_blocks(z)
    blocks, q, _ = parts.shape
    G = np.zeros((q, q))
    for i in range(q):
        for j in range(i, q):
            acc = parts[0, i, j]
            for b in range(1, blocks):  # blocks added in column order, whatever thread computed them
                acc += parts[b, i, j]
            G[i, j] = acc
            G[j, i] = acc
    return G


def gram(z: np.ndarray) -> np.ndarray:
    """G[i, j] = <z_i, z_j> in float64 for a C-contiguous float (q, d) array; each entry
    depends only on the two rows (not on their positions), so the Gram matrix of
    permuted rows is the permuted Gram matrix, bit for bit."""
    return _gram(z)
