r"""Krum and Multi-Krum (Blanchard et al., NeurIPS 2017), as baselines.

Score of a received vector: the sum of its squared distances to its
m = q - f - 2 nearest other received vectors. Blanchard et al. define m = n - f - 2
for a server that receives all n vectors; here a receiver gets q vectors of which
at most f are Byzantine, so q plays the role of their n (this is also what
ByzFL does with the number of vectors it is given). Needs q >= 2f + 3.

Krum returns the vector of least score; Multi-Krum averages the q - f vectors of
least score (scores computed once, as in ByzFL). Equal scores: canonical order
under ``ties="first"`` (the reference); under ``ties="adversary"`` any vector(s) of
least score, the adversary's pick (:data:`KRUM_CHOOSER`, :data:`MULTI_KRUM_CHOOSER`);
under ``ties="average"`` the mean over every such pick (index subsets of the received
list; closed form in :func:`avagree.algorithms.choice.least_scores`: Krum averages the
vectors of least score).
"""

from __future__ import annotations

import numpy as np

from .choice import least_scores
from .distance import canonical_order, mean_rows, pairwise_sq_distances
from .rule import Rule


def krum_scores(z: np.ndarray, f: int, order: np.ndarray | None = None) -> list:
    """Score of each row of ``z`` (of ``z[order]``, with ``order``): the sum of its
    q - f - 2 least squared distances to the other rows."""
    q = z.shape[0]
    m = q - f - 2
    D = pairwise_sq_distances(z, order)
    others = np.sort(D[~np.eye(q, dtype=bool)].reshape(q, q - 1), axis=1)[:, :m]
    # a running sum adds left to right, the least distance first: the same additions (and bits) as
    # sum(sorted(...)[:m]), without a Python loop over q rows
    return np.cumsum(others, axis=1)[:, -1].tolist()


def _ranked(z: np.ndarray, f: int) -> tuple[np.ndarray, list[int]]:
    """(canonical order, the positions in that order from least to greatest score)."""
    order = canonical_order(z)  # rows are read in place: no copy of z
    scores = krum_scores(z, f, order)
    return order, sorted(range(z.shape[0]), key=lambda i: (scores[i], i))


def krum(z: np.ndarray, f: int, own: np.ndarray | None = None) -> np.ndarray:
    """Krum: the received vector of least score (first in canonical order on ties)."""
    order, ranked = _ranked(z, f)
    return z[order[ranked[0]]].copy()


def multi_krum(z: np.ndarray, f: int, own: np.ndarray | None = None) -> np.ndarray:
    """Multi-Krum: the average of the q - f received vectors of least score."""
    order, ranked = _ranked(z, f)
    keep = order[ranked[: z.shape[0] - f]]
    return mean_rows(z, keep)


def _scores(z: np.ndarray, f: int, own: np.ndarray | None = None) -> list:
    return krum_scores(z, f)


#: Krum keeps a vector of least score, Multi-Krum q - f of them; on equal scores the adversary may pick
KRUM_CHOOSER = least_scores(_scores, lambda q, f: 1)
MULTI_KRUM_CHOOSER = least_scores(_scores, lambda q, f: q - f)

KRUM = Rule("krum", krum, "Krum (Blanchard et al. 2017)", "baseline", lambda f: 2 * f + 3, "q >= 2f + 3",
            "no claim in the paper", ties=("first", "average", "adversary"), chooser=KRUM_CHOOSER)
MULTI_KRUM = Rule("multi-krum", multi_krum, "Multi-Krum, m = q - f", "baseline", lambda f: 2 * f + 3, "q >= 2f + 3",
                  "no claim in the paper", ties=("first", "average", "adversary"), chooser=MULTI_KRUM_CHOOSER)
