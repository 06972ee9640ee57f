r"""Closest-Vectors Averaging (paper section 5.4, eqs. 163-164).

Node i keeps the q - f received vectors closest (in l2) to its own vector
:math:`x^{(i)}` and averages them. Equal distances at the boundary: under
``ties="first"`` (the reference, :func:`cva`) the vectors first in canonical
(lexicographic) order are kept, so the output depends only on the multiset
received and the receiver's own vector; in d = 1 the canonical order is the
order of values, which the Z3 encoding uses (:mod:`avagree.smt.encode_cva`). Under
``ties="adversary"`` (the paper's "the q - f closest vectors" does not say which
of equally close ones) the adversary picks any q - f vectors none of which is
farther than a vector left out (:data:`CVA_CHOOSER`).
Under ``ties="average"`` the output is the mean over every such choice (index
subsets of the received list): the b vectors strictly closer than the (q - f)-th
least distance plus a share (q - f - b) / t of the t vectors at exactly that
distance (:func:`avagree.algorithms.choice.least_scores`).
"""

from __future__ import annotations

import numpy as np

from .choice import least_scores
from .distance import canonical_order, sq_distances_to
from .rule import Rule


def cva(z: np.ndarray, f: int, own: np.ndarray | None = None) -> np.ndarray:
    """CVA (eqs. 163-164): the average of the q - f received vectors closest to ``own``."""
    if own is None:
        raise ValueError("cva needs the receiver's own vector")
    q = z.shape[0]
    zc = z[canonical_order(z)]
    dist = sq_distances_to(zc, own)
    keep = sorted(range(q), key=lambda i: (dist[i], i))[: q - f]
    return zc[keep].sum(axis=0) / (q - f)


def _distances(z: np.ndarray, f: int, own: np.ndarray | None) -> list:
    if own is None:
        raise ValueError("cva needs the receiver's own vector")
    return list(sq_distances_to(z, own))


#: CVA keeps *the* q - f closest vectors; among equally close ones the adversary may pick
CVA_CHOOSER = least_scores(_distances, lambda q, f: q - f)

CVA = Rule("cva", cva, "Closest-vectors averaging", "5.4", lambda f: f + 1, "q >= f + 1",
           "n >= (7+3eps)/(1-eps) f (n >= 7f + 1)", needs_own=True, constants="cva",
           ties=("first", "average", "adversary"), chooser=CVA_CHOOSER)
