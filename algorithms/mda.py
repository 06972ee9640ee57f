r"""Minimum-Diameter Averaging (paper section 5.1, eqs. 119-120).

:math:`S_{MDA}(z) \in \arg\min_{|S| = q-f} \Delta_2(z^{(S)})`, output the average of
:math:`z^{(S)}`. Diameters are compared as squared distances, so exact mode is exact.

Tie rule (``ties="first"``, the default): the received vectors are put in
canonical (lexicographic) order and the lexicographically first optimal subset
in that order is kept. The output therefore depends only on the multiset of
received vectors. ``ties="average"`` returns the average of the outputs of all
optimal subsets, the definition the paper suggests in the proof of Theorem 5;
:func:`mda_tie_outputs` lists every distinct output an optimal subset gives.

``ties="adversary"`` (the paper's MDA, which keeps *a* minimum-diameter subset):
the adversary picks any optimal subset, per receiver and per round; there is no
single reference function for it, a witness records each receiver's choice
(:mod:`avagree.harness.choices`).

Its d = 1 Z3 encodings, one per tie rule, are in :mod:`avagree.smt.encode_mda`.

Optimal subsets are index subsets of the received list (equal vectors are
distinct elements), under every tie rule; ``average`` weighs each index subset once.
"""

from __future__ import annotations

from typing import Literal, Sequence

import numpy as np

from .choice import Chooser
from .distance import canonical_order, mean_rows, pairwise_sq_distances, sum_rows
from .min_diameter import all_optimal, first_optimal, optimal_threshold
from .rule import Rule

Ties = Literal["first", "average"]


def mda(z: np.ndarray, f: int, own: np.ndarray | None = None, *, ties: Ties = "first") -> np.ndarray:
    """MDA (eqs. 119-120): the average of a minimum-diameter (q - f)-subset, ties as above."""
    q = z.shape[0]
    order = canonical_order(z)  # the rows of z in canonical order, read in place (no copy of z)
    D = pairwise_sq_distances(z, order)
    if ties == "first":
        return mean_rows(z, order[first_optimal(D, q - f)])
    if ties == "average":
        subsets = all_optimal(D, q - f)
        total = sum(sum_rows(z, order[s]) for s in subsets)
        return total / ((q - f) * len(subsets))
    raise ValueError(f"ties={ties!r}: must be 'first' or 'average'")


def mda_average_ties(z: np.ndarray, f: int, own: np.ndarray | None = None) -> np.ndarray:
    """MDA with ties resolved by averaging over every optimal subset."""
    return mda(z, f, own, ties="average")


def mda_subsets(z: np.ndarray, f: int, limit: int = 100_000) -> list[np.ndarray]:
    """Every optimal subset, as sorted index arrays into ``z`` (the caller's order)."""
    order = canonical_order(z)
    D = pairwise_sq_distances(z, order)
    return [np.sort(order[s]) for s in all_optimal(D, z.shape[0] - f, limit)]


def mda_tie_outputs(z: np.ndarray, f: int, limit: int = 100_000) -> list[np.ndarray]:
    """The distinct outputs of all optimal subsets (a Byzantine-chosen tie break can
    make MDA return any of them)."""
    seen: dict[tuple, np.ndarray] = {}
    for s in mda_subsets(z, f, limit):
        out = z[s].sum(axis=0) / len(s)
        seen.setdefault(tuple(out.tolist()), out)
    return [seen[key] for key in sorted(seen)]


def _mda_options(z: np.ndarray, f: int, own: np.ndarray | None = None) -> list[list[int]]:
    return [[int(i) for i in s] for s in mda_subsets(z, f)]


def _mda_rejects(z: np.ndarray, f: int, own: np.ndarray | None, subset: Sequence[int]) -> str | None:
    """None when ``subset`` has the least squared diameter over all (q - f)-subsets (exact)."""
    D = pairwise_sq_distances(z)
    idx = list(subset)
    diam = max((D[a, b] for a in idx for b in idx), default=0)
    least = optimal_threshold(D, z.shape[0] - f)
    return None if diam == least else f"squared diameter {diam}, the least is {least}"


#: MDA keeps *a* minimum-diameter (q - f)-subset: the adversary may pick any
MDA_CHOOSER = Chooser(lambda q, f: q - f, _mda_options, _mda_rejects, mda_average_ties)

MDA = Rule("mda", mda, "Minimum-diameter averaging", "5.1", lambda f: f + 1, "q >= f + 1", "Assumption 5 (n >= 6f + 1)",
           constants="mda", iterated=True, ties=("first", "average", "adversary"), chooser=MDA_CHOOSER)
MDA_AVG = Rule("mda-avg", mda_average_ties, "MDA, ties averaged over all optimal subsets", "5.1, 5.3", lambda f: f + 1,
               "q >= f + 1", "Assumption 5 (n >= 6f + 1)", constants="mda", iterated=True, ties=("average",))
