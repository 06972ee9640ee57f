"""Compiled float kernels (numba): the coordinate-wise rules for any number q of
received vectors, and the Gram product of the distance rules.

Imported only through :mod:`.fast`, on the first call that needs a kernel (numba
takes about 0.4 s to import); the functions are compiled once per dtype and cached
on disk (``cache=True``), so a later process loads them instead of compiling.

:func:`register_columns` (q <= :data:`MAX_REGISTER_Q`) makes one pass over the columns:
each column's q values are loaded into q local variables and put through Batcher's
network written out as branch-free compare-exchanges, keeping only the comparators
whose outputs reach the positions the rule reads (:func:`pruned_network`: 171 of 178
at q = 30 for CwTM, 148 for the median); LLVM vectorises the loop over columns, a
vector of columns per register, so the column never goes through memory between
comparators. The code is generated per (q, f, rule) and compiled under this file's
name so that numba's disk cache keeps it (keyed on this file's stamp, which is the
generator's).

:func:`sorted_columns` (larger q) takes the columns a block at a time into a (q, BLOCK) tile
and sorts each column by a sorting network (Batcher's odd-even merge sort,
O(q log^2 q) comparators: 178 at q = 30 where odd-even transposition has 435);
each comparator is a branch-free min/max over the BLOCK columns of two tile rows,
which LLVM vectorises. The sorted tile holds exactly the order statistics np.sort
gives, and the trimmed sum adds them in the order of the numpy path
(``s[f:q-f].sum(axis=0)`` adds row after row), so the outputs are bit for bit those
of the numpy path.

A NaN or inf anywhere in the input makes the output NaN (both kernels add ``0 * v``
for every input v to +0.0, and that sum to the output, so a zero output is +0.0):
callers check d outputs instead of scanning q * d inputs.

:func:`gram` computes G = Z Z^T blocked over columns, in tiles of 2 x 4 row pairs whose
eight accumulators are vectorised over the columns (six loads feed eight FMAs, where a
dot product per pair has two loads per FMA). Every entry, diagonal and edge ones
included, comes from the same tile loop, so it is summed in an order that depends only
on its two rows and d, not on their positions (BLAS gives no such guarantee:
OpenBLAS's Gram matrix of permuted rows differs in the last bits) nor on the thread
count; each block's sums are kept apart and added in block order.

:func:`mean_rows` adds chosen rows one after another to a start value, as numpy's sum over
axis 0 does, and divides, a block of columns per thread: with start 0.0,
``z[rows].sum(axis=0) / len(rows)`` bit for bit (numpy starts from +0.0, so a column of
-0.0 sums to +0.0); with start -0.0, the exact identity, the rows' plain sum.
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


def live_positions(q: int, f: int, kind: str) -> list[int]:
    """The positions of the sorted column (0 = least) that the rule ``kind`` reads."""
    if kind == "cwtm":
        return list(range(f, q - f))
    if kind == "trimmed-middle":
        return sorted({f, q - f - 1})
    return [q // 2] if q % 2 else [q // 2 - 1, q // 2]


def pruned_network(q: int, live: list[int]) -> list[tuple[int, int, bool, bool]]:
    """Batcher's comparators (i, j) that the values at ``live`` depend on, in order, each with
    whether its min (to i) and its max (to j) are read later: walking the network backwards,
    a comparator is kept when one of its outputs is live, and then both its inputs are."""
    needed = set(live)
    kept = []
    for i, j in reversed(batcher_network(q).tolist()):
        low, high = i in needed, j in needed
        if low or high:
            kept.append((i, j, low, high))
            needed |= {i, j}
    return kept[::-1]


#: Largest q sorted in registers by :func:`register_columns`. Single thread, CPU time over one
#: read (load 4 to 5, so noisy): q = 30 about 2x, q = 40 and 48 about 5x (the values no longer
#: fit the 16 vector registers; tiles 6x), q = 64 as slow as tiles; compiling takes 2 s to 4 s
#: per (q, f, rule, dtype) at q = 30, 5 s to 7 s at q = 40 to 48.
MAX_REGISTER_Q = 32
#: Columns per task of :func:`register_columns` (q rows of it are read once, in order).
REGISTER_BLOCK = 4096


@numba.njit(cache=True)
def _low(a, b):  # pragma: no cover - compiled
    # With _high, a permutation of (a, b) (a NaN included). A function, not an inline
    # `a if a < b else b`: a branch per comparator in the generated source makes numba's
    # SSA pass quadratic (16 s to compile q = 30); LLVM inlines the call and emits vminpd.
    return a if a < b else b


@numba.njit(cache=True)
def _high(a, b):  # pragma: no cover - compiled
    return b if a < b else a


def _register_source(name: str, q: int, f: int, kind: str) -> str:
    """Python source of ``name_columns(z, out, start, stop, zero, two, count)`` (the rule on
    columns start..stop-1, one local per value, comparators as _low/_high calls) and of
    ``name(z, zero, two, count)``, which runs it on blocks of columns on every thread. Each
    comparator output gets a fresh name (no reassignment for numba's SSA pass to undo)."""
    value = [f"v{k}" for k in range(q)]
    body = [f"v{k} = z[{k}, c]" for k in range(q)]
    # 0 * v for every input, in four chains (shorter dependency chains), added to +0.0
    chains = [" + ".join(f"v{k} * zero" for k in range(r, q, 4)) for r in range(min(4, q))]
    body.append("poison = zero + (" + ") + (".join(chains) + ")")
    for m, (i, j, low, high) in enumerate(pruned_network(q, live_positions(q, f, kind))):
        a, b = value[i], value[j]
        if low:
            value[i] = f"lo{m}"
            body.append(f"lo{m} = _low({a}, {b})")
        if high:
            value[j] = f"hi{m}"
            body.append(f"hi{m} = _high({a}, {b})")
    if kind == "cwtm":  # left to right, as numpy sums the rows s[f:q-f]
        rule = "(" + " + ".join(value[k] for k in range(f, q - f)) + ") / count"
    elif kind == "trimmed-middle":
        rule = f"({value[f]} + {value[q - f - 1]}) / two"
    elif q % 2:
        rule = value[q // 2]
    else:
        rule = f"({value[q // 2 - 1]} + {value[q // 2]}) / two"
    body.append(f"out[c] = {rule} + poison")
    block = REGISTER_BLOCK
    return "\n".join([
        f"def {name}_columns(z, out, start, stop, zero, two, count):",
        "    for c in range(np.uint64(start), np.uint64(stop)):",  # unsigned: no wraparound, plain vector loads
        *("        " + line for line in body),
        f"def {name}(z, zero, two, count):",
        "    d = z.shape[1]",
        "    out = np.empty(d, dtype=z.dtype)",
        f"    for b in numba.prange((d + {block - 1}) // {block}):",
        f"        {name}_columns(z, out, b * {block}, min(d, b * {block} + {block}), zero, two, count)",
        "    return out",
    ])


@lru_cache(maxsize=None)
def _register_kernel(q: int, f: int, kind: str):
    name = f"_columns_{kind.replace('-', '_')}_q{q}_f{f}"
    scope = {"np": np, "numba": numba, "_low": _low, "_high": _high, "__name__": __name__}
    # Compiled under this file's name: numba's cache (cache=True) needs a source file, keys the
    # entry on the function's name and stamps it with the file's, and this file generates it.
    exec(compile(_register_source(name, q, f, kind), __file__, "exec"), scope)
    # contract: v * zero + p becomes one FMA, with the same result (v * 0 is exact); there is
    # no other product in the function
    scope[name + "_columns"] = numba.njit(cache=True, fastmath={"contract"})(scope[name + "_columns"])
    return numba.njit(parallel=True, cache=True)(scope[name])


def register_columns(z: np.ndarray, f: int, kind: str) -> np.ndarray:
    """The coordinate-wise rule ``kind`` on a C-contiguous float (q, d) array, q <= MAX_REGISTER_Q."""
    t = z.dtype.type
    q = z.shape[0]
    return _register_kernel(q, f, kind)(z, t(0), t(2), t(q - 2 * f if kind == "cwtm" else 1))


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


#: Columns per block of :func:`gram` (one thread's unit; its sums are kept apart). 30 rows
#: of 2048 float64 are 480 KiB, in L2, where every tile reads them; 256 or 512 columns
#: measured no faster (within 5 %, one thread, (30, 10^5) and (10, 10^6)).
GRAM_BLOCK = 2048


@numba.njit(cache=True, fastmath={"reassoc", "contract"})
def _gram_tile(x0, x1, y0, y1, y2, y3):  # pragma: no cover - compiled
    # The 2 x 4 products <x_a, y_b> over one block of columns, each accumulator vectorised over
    # the columns (reassoc): 6 loads feed 8 FMAs. The eight accumulators go through the
    # same vector loop, the same horizontal sum and the same scalar tail, and a product
    # does not depend on its operands' order, so an entry's value does not depend on
    # the slot of the tile it sits in (tests permute the rows and compare bits).
    s00 = s01 = s02 = s03 = s10 = s11 = s12 = s13 = 0.0
    for c in range(x0.shape[0]):
        a = np.float64(x0[c])
        b = np.float64(x1[c])
        u0 = np.float64(y0[c])
        u1 = np.float64(y1[c])
        u2 = np.float64(y2[c])
        u3 = np.float64(y3[c])
        s00 += a * u0
        s01 += a * u1
        s02 += a * u2
        s03 += a * u3
        s10 += b * u0
        s11 += b * u1
        s12 += b * u2
        s13 += b * u3
    return s00, s01, s02, s03, s10, s11, s12, s13


@numba.njit(cache=True)
def _add(acc, i, j, v):  # pragma: no cover - compiled
    if i <= j:  # (i + 1, i) of a tile on the diagonal: its mirror (i, i + 1) is in the same tile
        acc[i, j] += v


@numba.njit(cache=True)
def _tiles(z, s0, s1, acc):  # pragma: no cover - compiled
    # Every entry (i, j), i <= j, diagonal and edges included, comes from one _gram_tile call:
    # rows i, i + 1 against rows j .. j + 3 (j from i in steps of 4); indices past q - 1
    # repeat row q - 1 (the last row of odd q pairs with itself) and their duplicates are
    # not added.
    q = z.shape[0]
    for i in range(0, q, 2):
        i1 = min(i + 1, q - 1)
        x0 = z[i, s0:s1]
        x1 = z[i1, s0:s1]
        for j in range(i, q, 4):
            j1, j2, j3 = min(j + 1, q - 1), min(j + 2, q - 1), min(j + 3, q - 1)
            t = _gram_tile(x0, x1, z[j, s0:s1], z[j1, s0:s1], z[j2, s0:s1], z[j3, s0:s1])
            for a, r in ((0, i), (4, i1)):
                if a == 4 and i1 == i:
                    break
                _add(acc, r, j, t[a])
                if j1 != j:
                    _add(acc, r, j1, t[a + 1])
                if j2 != j1:
                    _add(acc, r, j2, t[a + 2])
                if j3 != j2:
                    _add(acc, r, j3, t[a + 3])


@numba.njit(parallel=True, cache=True)
def _gram_blocks(z):  # pragma: no cover - compiled
    q, d = z.shape
    blocks = (d + GRAM_BLOCK - 1) // GRAM_BLOCK
    parts = np.zeros((blocks, q, q))
    for b in numba.prange(blocks):
        _tiles(z, b * GRAM_BLOCK, min(d, b * GRAM_BLOCK + GRAM_BLOCK), parts[b])
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


#: Columns per task of :func:`mean_rows` (10 rows of 4096 float64 are 320 KiB; the
#: running sum, 32 KiB, stays in L1 while the rows stream past it).
ROWS_BLOCK = 4096


@numba.njit(cache=True)
def _add_rows(o, a, b, c, e):  # pragma: no cover - compiled
    # ((o + a) + b) + c) + e: four rows in order with one load and store of the sum.
    # (Loops written inline in the prange body were not vectorised: 2.5x slower.)
    for k in range(o.shape[0]):
        o[k] = (((o[k] + a[k]) + b[k]) + c[k]) + e[k]


@numba.njit(cache=True)
def _start(o, a, start):  # pragma: no cover - compiled
    for k in range(o.shape[0]):
        o[k] = start + a[k]


@numba.njit(cache=True)
def _add_row(o, a):  # pragma: no cover - compiled
    for k in range(o.shape[0]):
        o[k] = o[k] + a[k]


@numba.njit(cache=True)
def _divide(o, count):  # pragma: no cover - compiled
    for k in range(o.shape[0]):
        o[k] = o[k] / count


@numba.njit(parallel=True, cache=True)
def _mean_rows(z, rows, count, start):  # pragma: no cover - compiled
    d = z.shape[1]
    n = rows.shape[0]
    out = np.empty(d, dtype=z.dtype)
    for b in numba.prange((d + ROWS_BLOCK - 1) // ROWS_BLOCK):
        c0 = b * ROWS_BLOCK
        c1 = min(d, c0 + ROWS_BLOCK)
        o = out[c0:c1]
        _start(o, z[rows[0], c0:c1], start)
        k = 1
        while k + 4 <= n:  # row after row, as numpy's sum over axis 0
            _add_rows(o, z[rows[k], c0:c1], z[rows[k + 1], c0:c1], z[rows[k + 2], c0:c1], z[rows[k + 3], c0:c1])
            k += 4
        for r in range(k, n):
            _add_row(o, z[rows[r], c0:c1])
        _divide(o, count)
    return out


def mean_rows(z: np.ndarray, rows: np.ndarray, start: float) -> np.ndarray:
    """(start + z[rows[0]] + z[rows[1]] + ...) / len(rows), the rows added one after another
    in the order given and divided in the input's dtype, a block of columns at a time on
    every thread, without copying the rows out. start = 0.0 gives
    ``z[rows].sum(axis=0) / len(rows)`` bit for bit; -0.0 keeps the sign of a zero sum."""
    t = z.dtype.type
    return _mean_rows(z, np.asarray(rows, dtype=np.intp), t(len(rows)), t(start))
