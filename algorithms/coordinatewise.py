"""Coordinate-wise rules: mean, median, trimmed mean (CwTM, paper section 7.1)
and trimmed middle (the local rule of section 6.1).

Each takes the received family ``z`` of shape (q, d) (float or exact) and the
declared number ``f`` of Byzantine nodes, and returns a length-d vector in the
same number mode. Sorting is along axis 0, per coordinate, so the rules are
invariant to the order of their inputs by construction.
"""

from __future__ import annotations

import numpy as np

from . import fast

#: Columns sorted at a time in the numpy path, to bound the extra memory.
_CHUNK = 1 << 16


def _sorted_chunks(z: np.ndarray):
    """(columns, sorted block) pairs covering every column."""
    d = z.shape[1]
    for start in range(0, d, _CHUNK):
        cols = slice(start, min(d, start + _CHUNK))
        yield cols, np.sort(z[:, cols], axis=0)


def _per_column(z: np.ndarray, f: int, kind: str, reduce) -> np.ndarray:
    if fast.usable(z):  # NaN/inf input gives NaN output here; callers validate (see aggregate)
        return fast.coordinatewise(z, f, kind)
    if z.shape[1] <= _CHUNK:
        return reduce(np.sort(z, axis=0))
    out = np.empty(z.shape[1], dtype=z.dtype)
    for cols, s in _sorted_chunks(z):
        out[cols] = reduce(s)
    return out


def mean(z: np.ndarray, f: int, own: np.ndarray | None = None) -> np.ndarray:
    r"""Plain average :math:`\frac1q\sum_j z_j` (not Byzantine-resilient; a baseline)."""
    return z.sum(axis=0) / z.shape[0]


def median(z: np.ndarray, f: int, own: np.ndarray | None = None) -> np.ndarray:
    """Coordinate-wise median; for even q the average of the two middle values."""
    q = z.shape[0]

    def reduce(s: np.ndarray) -> np.ndarray:
        return s[q // 2].copy() if q % 2 else (s[q // 2 - 1] + s[q // 2]) / 2

    return _per_column(z, f, "median", reduce)


def cwtm(z: np.ndarray, f: int, own: np.ndarray | None = None) -> np.ndarray:
    r"""Coordinate-wise trimmed mean (section 7.1, eq. 193): per coordinate, drop the
    f smallest and f largest values and average the remaining q - 2f,
    :math:`y[i] = \frac{1}{q-2f}\sum_{j=1}^{q-2f} z^{(\tau(f+j))}[i]`. Needs q >= 2f + 1."""
    q = z.shape[0]
    return _per_column(z, f, "cwtm", lambda s: s[f : q - f].sum(axis=0) / (q - 2 * f))


def trimmed_middle(z: np.ndarray, f: int, own: np.ndarray | None = None) -> np.ndarray:
    """Coordinate-wise trimmed middle (section 6.1): per coordinate, drop the f
    smallest and f largest values, then return the midpoint of the smallest and
    largest remaining values. Needs q >= 2f + 1."""
    q = z.shape[0]
    return _per_column(z, f, "trimmed-middle", lambda s: (s[f] + s[q - f - 1]) / 2)
