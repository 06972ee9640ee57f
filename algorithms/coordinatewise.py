"""Coordinate-wise rules: mean, median, trimmed mean (CwTM, paper section 7.1)
and trimmed middle (the local rule of section 6.1).

Each takes the received family ``z`` of shape (q, d) (float or exact) and the
declared number ``f`` of Byzantine nodes, and returns a length-d vector in the
same number mode. Sorting is along axis 0, per coordinate, so the rules are
invariant to the order of their inputs by construction. Each is an L-statistic
per coordinate; its order-statistic weights give the Z3 encoding in d = 1.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Callable

import numpy as np

from . import fast
from .rule import Rule

#: Columns sorted at a time in the numpy path, to bound the extra memory.
_CHUNK = 1 << 16


def _sorted_chunks(z: np.ndarray):
    """(columns, sorted block) pairs covering every column."""
    d = z.shape[1]
    for start in range(0, d, _CHUNK):
        cols = slice(start, min(d, start + _CHUNK))
        yield cols, np.sort(z[:, cols], axis=0)


def per_column(z: np.ndarray, f: int, kind: str | None, reduce: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
    """``reduce`` applied to the columns of ``z`` sorted per coordinate (axis 0); the
    compiled kernel ``kind`` of :mod:`.fast` instead when it applies (float input)."""
    if kind is not None and fast.usable(z):  # NaN/inf input gives NaN output here; callers validate (see aggregate)
        return fast.coordinatewise(z, f, kind)
    if z.shape[1] <= _CHUNK:
        return reduce(np.sort(z, axis=0))
    out = np.empty(z.shape[1], dtype=z.dtype)
    for cols, s in _sorted_chunks(z):
        out[cols] = reduce(s)
    return out


#: Columns per block of :func:`mean` (8192 float64 are 64 KiB, in L2).
MEAN_BLOCK = 8192


def mean(z: np.ndarray, f: int, own: np.ndarray | None = None) -> np.ndarray:
    r"""Plain average :math:`\frac1q\sum_j z_j` (not Byzantine-resilient; a baseline).

    Float input is summed and divided a block of :data:`MEAN_BLOCK` columns at a time,
    so the partial sums are divided while they are in cache rather than in a second
    pass over d values; numpy adds the rows in order over axis 0 either way, so the
    result is ``z.sum(axis=0) / q`` bit for bit (tested). Wide input goes to the compiled
    kernel (:func:`.fast.mean_rows`: the same additions, columns split across threads)."""
    q, d = z.shape
    if z.dtype == object:
        return z.sum(axis=0) / q
    if fast.usable(z):
        return fast.mean_rows(z, np.arange(q), 0.0)  # numpy's sum starts from +0.0
    out = np.empty(d, dtype=z.dtype)
    for c in range(0, d, MEAN_BLOCK):
        block = out[c : c + MEAN_BLOCK]
        np.add.reduce(z[:, c : c + MEAN_BLOCK], axis=0, out=block)
        block /= q
    return out


def median(z: np.ndarray, f: int, own: np.ndarray | None = None) -> np.ndarray:
    """Coordinate-wise median; for even q the average of the two middle values."""
    q = z.shape[0]

    def reduce(s: np.ndarray) -> np.ndarray:
        return s[q // 2].copy() if q % 2 else (s[q // 2 - 1] + s[q // 2]) / 2

    return per_column(z, f, "median", reduce)


def cwtm(z: np.ndarray, f: int, own: np.ndarray | None = None) -> np.ndarray:
    r"""Coordinate-wise trimmed mean (section 7.1, eq. 193): per coordinate, drop the
    f smallest and f largest values and average the remaining q - 2f,
    :math:`y[i] = \frac{1}{q-2f}\sum_{j=1}^{q-2f} z^{(\tau(f+j))}[i]`. Needs q >= 2f + 1."""
    q = z.shape[0]
    return per_column(z, f, "cwtm", lambda s: s[f : q - f].sum(axis=0) / (q - 2 * f))


def trimmed_middle(z: np.ndarray, f: int, own: np.ndarray | None = None) -> np.ndarray:
    """Coordinate-wise trimmed middle (section 6.1): per coordinate, drop the f
    smallest and f largest values, then return the midpoint of the smallest and
    largest remaining values. Needs q >= 2f + 1."""
    q = z.shape[0]
    return per_column(z, f, "trimmed-middle", lambda s: (s[f] + s[q - f - 1]) / 2)


def mean_weights(q: int, f: int) -> dict[int, Fraction]:
    """w_p = 1/q for every position."""
    return {p: Fraction(1, q) for p in range(1, q + 1)}


def median_weights(q: int, f: int) -> dict[int, Fraction]:
    """The middle position (odd q), or half on each of the two middle ones (even q)."""
    if q % 2:
        return {(q + 1) // 2: Fraction(1)}
    return {q // 2: Fraction(1, 2), q // 2 + 1: Fraction(1, 2)}


def cwtm_weights(q: int, f: int) -> dict[int, Fraction]:
    """Eq. 193: 1/(q - 2f) on positions f + 1 .. q - f."""
    return {p: Fraction(1, q - 2 * f) for p in range(f + 1, q - f + 1)}


def trimmed_middle_weights(q: int, f: int) -> dict[int, Fraction]:
    """Section 6.1: 1/2 on positions f + 1 and q - f (1 when they coincide)."""
    w: dict[int, Fraction] = {}
    for p in (f + 1, q - f):
        w[p] = w.get(p, Fraction(0)) + Fraction(1, 2)
    return w


MEAN = Rule("mean", mean, "Average", "baseline", lambda f: 1, "q >= 1", "not Byzantine-resilient for f >= 1",
            coordinatewise=True, weights=mean_weights)
MEDIAN = Rule("median", median, "Coordinate-wise median", "baseline (Yin et al. 2018)", lambda f: 2 * f + 1,
              "q >= 2f + 1", "no claim in the paper", coordinatewise=True, weights=median_weights)
CWTM = Rule("cwtm", cwtm, "Coordinate-wise trimmed mean (one ICwTM step)", "7.1", lambda f: 2 * f + 1, "q >= 2f + 1",
            "Assumption 6 (n >= 4f + 1 claimed; q >= (1+4eps)/2 h + 2f + 1/2); sync: n >= 3f + 1",
            coordinatewise=True, weights=cwtm_weights, constants="cwtm", iterated=True)
TRIMMED_MIDDLE = Rule("trimmed-middle", trimmed_middle, "Coordinate-wise trimmed middle", "6.1", lambda f: 2 * f + 1,
                      "q >= 2f + 1", "n >= 3f + 1, q = n - f, inside the broadcast/witness protocol (Theorem 6)",
                      coordinatewise=True, weights=trimmed_middle_weights, constants="trimmed-middle", iterated=True)
