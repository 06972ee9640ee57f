r"""Coordinate-wise mean around the median, Meamed (Xie, Koyejo, Gupta 2018,
"Generalized Byzantine-tolerant SGD"; ByzFL's ``Meamed``; the paper makes no claim
about it).

Per coordinate, the q - f received values nearest the coordinate's median are
averaged. Those values are always q - f consecutive order statistics
:math:`z_{(k+1)}, \dots, z_{(k+q-f)}` for some k in 0..f: the window whose radius
around the median :math:`\mu` (the middle order statistic, or the mean of the two
middle ones for even q),
:math:`\max(\mu - z_{(k+1)},\ z_{(k+q-f)} - \mu)`, is least. Values at equal
distance from the median can tie for the last place; the reference keeps the
leftmost window of least radius (``ties="first"``, its only tie rule: the choice
is not an optimal subset in the sense of MDA's, so there is no chooser). In float
mode a tie that the float inputs make exactly is broken as in exact mode, not by
the rounding of the median.

Not an L-statistic: which order statistics are averaged depends on the values.
Its d = 1 Z3 encoding is :func:`avagree.smt.encode_meamed.meamed_line`. Needs
q >= f + 1 to be defined.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from .coordinatewise import per_column
from .rule import Rule


def _radii(s: np.ndarray, f: int, k: int) -> np.ndarray:
    """(f + 1, d): the radius around the median of each window of k order statistics, per column."""
    q = s.shape[0]
    mu = s[q // 2] if q % 2 else (s[q // 2 - 1] + s[q // 2]) / 2
    return np.array([np.maximum(mu - s[start], s[start + k - 1] - mu) for start in range(f + 1)])


def _choice(s: np.ndarray, f: int, k: int) -> np.ndarray:
    """Per column, the start of the leftmost window of least radius. In float, a column whose
    least radii are within rounding of each other is decided on its values read exactly (each
    float is a dyadic rational), so a tie the inputs make exactly is broken as in exact mode."""
    radii = _radii(s, f, k)
    choice = np.argmin(radii, axis=0)  # the first minimum: the leftmost window
    if s.dtype != object and f > 0:
        scale = np.abs(s).max(axis=0)
        near = ((radii - radii.min(axis=0)) <= 16 * np.finfo(s.dtype).eps * scale).sum(axis=0) > 1
        for col in np.flatnonzero(near):
            exact = np.array([Fraction(float(v)) for v in s[:, col]], dtype=object)[:, None]
            choice[col] = np.argmin(_radii(exact, f, k)[:, 0])
    return choice


def meamed(z: np.ndarray, f: int, own: np.ndarray | None = None) -> np.ndarray:
    """Meamed: per coordinate, the mean of the q - f values nearest the median (leftmost window on ties)."""
    k = z.shape[0] - f

    def reduce(s: np.ndarray) -> np.ndarray:
        means = np.array([s[start : start + k].sum(axis=0) / k for start in range(f + 1)])
        return np.take_along_axis(means, _choice(s, f, k)[None, :], axis=0)[0]

    return per_column(z, f, None, reduce)


MEAMED = Rule("meamed", meamed, "Coordinate-wise mean around the median (Meamed)", "baseline (Xie et al. 2018)",
              lambda f: f + 1, "q >= f + 1", "no claim in the paper", coordinatewise=True, ties=("first",))
