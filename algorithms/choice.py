r"""Rules whose definition keeps *an* optimal subset of what a receiver got (issue 13).

MDA keeps a minimum-diameter (q - f)-subset (eqs. 119-120), CVA the q - f vectors
closest to the receiver's own (eqs. 163-164), Krum a vector of least score and
Multi-Krum the q - f vectors of least score. When several subsets are optimal the
definition does not say which one is kept; under ``ties="adversary"`` the
adversary picks, per receiver and per round. A :class:`Chooser` is what the tool
needs to run and check such a choice in exact arithmetic:

* ``size(q, f)``: how many received vectors are kept;
* ``options(z, f, own)``: every optimal subset (sorted index lists into ``z``);
* ``rejects(z, f, own, subset)``: None when ``subset`` is optimal, else why not.

* ``average(z, f, own)``: the output under ``ties="average"``, the mean of the
  outputs of all optimal subsets (:meth:`Chooser.average`).

The output of a kept subset is always the average of its vectors (Krum keeps one).
For the "least scores" rules (CVA, Krum, Multi-Krum), :func:`least_scores` builds
the chooser from a score function: a k-subset is optimal exactly when no vector
left out scores strictly less than a kept one.

Subsets are *index* subsets of the received list: two equal received vectors
are two elements, and two optimal subsets that differ only by which copy they
keep are two choices, each counted in the average (as
:func:`avagree.algorithms.min_diameter.all_optimal` enumerates them). The
average therefore depends only on the multiset received.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations
from typing import Any, Callable, Sequence

import numpy as np

from avagree.errors import ParameterError

#: (received (q, d) array, f, receiver's own vector or None) -> every optimal subset
Options = Callable[[np.ndarray, int, "np.ndarray | None"], "list[list[int]]"]
#: (received, f, own, subset) -> None when the subset is optimal, else the reason
Rejects = Callable[[np.ndarray, int, "np.ndarray | None", Sequence[int]], "str | None"]
#: (received, f, own) -> one score per received vector (least is best)
Scores = Callable[[np.ndarray, int, "np.ndarray | None"], Sequence[Any]]
#: (received, f, own) -> the rule's output under ties="average"
Average = Callable[[np.ndarray, int, "np.ndarray | None"], np.ndarray]


@dataclass(frozen=True)
class Chooser:
    """How a rule's optimal choices are enumerated and checked (see the module docstring)."""

    size: Callable[[int, int], int]
    options: Options
    rejects: Rejects
    #: a closed form of :meth:`average` (must equal the generic definition; the tests check it)
    closed_average: Average | None = None

    def output(self, z: np.ndarray, subset: Sequence[int]) -> np.ndarray:
        """The rule's output when it keeps ``subset``: the average of those vectors."""
        idx = list(subset)
        return z[idx].sum(axis=0) / len(idx)

    def average(self, z: np.ndarray, f: int, own: np.ndarray | None = None) -> np.ndarray:
        """The output under ``ties="average"``: the mean, over every optimal index subset S,
        of the average of z[S] (the closed form when the rule has one)."""
        if self.closed_average is not None:
            return self.closed_average(z, f, own)
        return self.enumerated_average(z, f, own)

    def enumerated_average(self, z: np.ndarray, f: int, own: np.ndarray | None = None) -> np.ndarray:
        """:meth:`average` by its definition: every optimal subset listed, their outputs averaged."""
        subsets = self.options(z, f, own)
        k = self.size(z.shape[0], f)
        total = sum(z[list(s)].sum(axis=0) for s in subsets)
        return total / (k * len(subsets))


def _split(s: Sequence[Any], k: int) -> tuple[list[int], list[int]]:
    """(indices scoring strictly below the k-th least score, indices scoring exactly it)."""
    t = sorted(s)[k - 1]
    return [i for i, v in enumerate(s) if v < t], [i for i, v in enumerate(s) if v == t]


def least_scores(scores: Scores, size: Callable[[int, int], int], limit: int = 100_000) -> Chooser:
    """The chooser of a rule that keeps the ``size(q, f)`` vectors of least score.

    Its average has a closed form: every optimal subset keeps the b vectors
    scoring strictly below the k-th least score and k - b of the t vectors
    scoring exactly it; each of those t is in a fraction (k - b) / t of the
    optimal subsets, so the mean of the outputs is
    (sum of the b + (k - b) / t * sum of the t) / k."""

    def options(z: np.ndarray, f: int, own: np.ndarray | None) -> list[list[int]]:
        k = size(z.shape[0], f)
        below, tied = _split(list(scores(z, f, own)), k)
        out = []
        for extra in combinations(tied, k - len(below)):
            if len(out) >= limit:
                raise ParameterError("limit", limit, "more tie-optimal subsets than the limit")
            out.append(sorted(below + list(extra)))
        return out

    def rejects(z: np.ndarray, f: int, own: np.ndarray | None, subset: Sequence[int]) -> str | None:
        s = list(scores(z, f, own))
        kept = set(subset)
        worst_kept = max(s[i] for i in kept)
        better = [i for i in range(len(s)) if i not in kept and s[i] < worst_kept]
        if better:
            return f"vector {better[0]} is left out with score {s[better[0]]} below a kept one's {worst_kept}"
        return None

    def average(z: np.ndarray, f: int, own: np.ndarray | None) -> np.ndarray:
        k = size(z.shape[0], f)
        below, tied = _split(list(scores(z, f, own)), k)
        b, t = len(below), len(tied)
        zero = z[0] * 0
        strict = sum((z[i] for i in below), zero)
        shared = sum((z[i] for i in tied), zero)
        return (strict * t + shared * (k - b)) / (t * k)  # exact on Fractions, float64 on floats

    return Chooser(size, options, rejects, average)
