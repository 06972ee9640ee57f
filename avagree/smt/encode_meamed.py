"""Meamed's d = 1 Z3 encoding (:mod:`avagree.algorithms.meamed`), under its only tie rule ``first``.

The windows of q - f consecutive order statistics, their radius around the median
(linear: a maximum of two differences), and the mean of the leftmost window whose
radius is least, as :func:`avagree.smt.encode_mda.mda_line` does for spreads.
Registered by rule name in :mod:`.rule_encodings`.
"""

from __future__ import annotations

import z3

from avagree.smt.encode import Received


def meamed_line(rec: Received, q: int, f: int) -> z3.ArithRef:
    """Meamed in d = 1 as a z3 term: the mean of the leftmost window of q - f order
    statistics whose radius max(mu - z_(k+1), z_(k+q-f) - mu) around the median mu is least."""
    k = q - f
    stats = [rec.order_stat(p) for p in range(1, q + 1)]
    mu = stats[q // 2] if q % 2 else (stats[q // 2 - 1] + stats[q // 2]) / 2
    radius = [z3.If(mu - stats[s] >= stats[s + k - 1] - mu, mu - stats[s], stats[s + k - 1] - mu) for s in range(f + 1)]
    means = [z3.Sum(stats[s : s + k]) / k for s in range(f + 1)]
    best = radius[0]
    for r in radius[1:]:
        best = z3.If(r < best, r, best)
    out = means[f]
    for s in range(f - 1, -1, -1):
        out = z3.If(radius[s] == best, means[s], out)
    return out
