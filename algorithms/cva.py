r"""Closest-Vectors Averaging (paper section 5.4, eqs. 163-164).

Node i keeps the q - f received vectors closest (in l2) to its own vector
:math:`x^{(i)}` and averages them. Ties at the boundary are broken by canonical
(lexicographic) order of the vectors, so the output depends only on the
multiset received and the receiver's own vector.
"""

from __future__ import annotations

import numpy as np

from .distance import canonical_order, sq_distances_to


def cva(z: np.ndarray, f: int, own: np.ndarray | None = None) -> np.ndarray:
    if own is None:
        raise ValueError("cva needs the receiver's own vector")
    q = z.shape[0]
    zc = z[canonical_order(z)]
    dist = sq_distances_to(zc, own)
    keep = sorted(range(q), key=lambda i: (dist[i], i))[: q - f]
    return zc[keep].sum(axis=0) / (q - f)
