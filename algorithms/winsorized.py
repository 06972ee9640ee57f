r"""Coordinate-wise winsorized mean (a classical robust baseline, Tukey 1962 after
C. P. Winsor; the paper makes no claim about it).

Per coordinate, the f smallest values are replaced by the (f+1)-th smallest and
the f largest by the (q-f)-th smallest, and the q values are averaged:
:math:`y[i] = \frac1q\big(f z_{(f+1)}[i] + \sum_{p=f+1}^{q-f} z_{(p)}[i] + f z_{(q-f)}[i]\big)`.
Needs q >= 2f + 1. An L-statistic, so its weights give the Z3 encoding in d = 1.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from .coordinatewise import per_column
from .rule import Rule


def winsorized_mean(z: np.ndarray, f: int, own: np.ndarray | None = None) -> np.ndarray:
    """Per coordinate, clamp the values to [z_(f+1), z_(q-f)] and average the q of them."""
    q = z.shape[0]
    return per_column(z, f, None, lambda s: (f * s[f] + s[f : q - f].sum(axis=0) + f * s[q - f - 1]) / q)


def winsorized_weights(q: int, f: int) -> dict[int, Fraction]:
    """1/q per position, with positions 1..f moved to f + 1 and q-f+1..q moved to q - f."""
    w: dict[int, Fraction] = {}
    for p in range(1, q + 1):
        kept = min(max(p, f + 1), q - f)
        w[kept] = w.get(kept, Fraction(0)) + Fraction(1, q)
    return w


WINSORIZED_MEAN = Rule("winsorized-mean", winsorized_mean, "Coordinate-wise winsorized mean", "baseline",
                       lambda f: 2 * f + 1, "q >= 2f + 1", "no claim in the paper", coordinatewise=True,
                       weights=winsorized_weights)
