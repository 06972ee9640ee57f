"""Coordinate-wise rules: mean, median, trimmed mean (CwTM, paper section 7.1)
and trimmed middle (the local rule of section 6.1).

Each takes the received family ``z`` of shape (q, d) (float or exact) and the
declared number ``f`` of Byzantine nodes, and returns a length-d vector in the
same number mode. Sorting is along axis 0, per coordinate, so the rules are
invariant to the order of their inputs by construction.
"""

from __future__ import annotations

import numpy as np


def mean(z: np.ndarray, f: int, own: np.ndarray | None = None) -> np.ndarray:
    r"""Plain average :math:`\frac1q\sum_j z_j` (not Byzantine-resilient; a baseline)."""
    return z.sum(axis=0) / z.shape[0]


def median(z: np.ndarray, f: int, own: np.ndarray | None = None) -> np.ndarray:
    """Coordinate-wise median; for even q the average of the two middle values."""
    s = np.sort(z, axis=0)
    q = z.shape[0]
    if q % 2:
        return s[q // 2].copy()
    return (s[q // 2 - 1] + s[q // 2]) / 2


def cwtm(z: np.ndarray, f: int, own: np.ndarray | None = None) -> np.ndarray:
    r"""Coordinate-wise trimmed mean (section 7.1, eq. 193): per coordinate, drop the
    f smallest and f largest values and average the remaining q - 2f,
    :math:`y[i] = \frac{1}{q-2f}\sum_{j=1}^{q-2f} z^{(\tau(f+j))}[i]`. Needs q >= 2f + 1."""
    q = z.shape[0]
    s = np.sort(z, axis=0)
    return s[f : q - f].sum(axis=0) / (q - 2 * f)


def trimmed_middle(z: np.ndarray, f: int, own: np.ndarray | None = None) -> np.ndarray:
    """Coordinate-wise trimmed middle (section 6.1): per coordinate, drop the f
    smallest and f largest values, then return the midpoint of the smallest and
    largest remaining values. Needs q >= 2f + 1."""
    q = z.shape[0]
    s = np.sort(z, axis=0)
    return (s[f] + s[q - f - 1]) / 2
