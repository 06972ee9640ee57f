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

The output of a kept subset is always the average of its vectors (Krum keeps one).
For the "least scores" rules (CVA, Krum, Multi-Krum), :func:`least_scores` builds
the chooser from a score function: a k-subset is optimal exactly when no vector
left out scores strictly less than a kept one.
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


@dataclass(frozen=True)
class Chooser:
    """How a rule's optimal choices are enumerated and checked (see the module docstring)."""

    size: Callable[[int, int], int]
    options: Options
    rejects: Rejects

    def output(self, z: np.ndarray, subset: Sequence[int]) -> np.ndarray:
        """The rule's output when it keeps ``subset``: the average of those vectors."""
        idx = list(subset)
        return z[idx].sum(axis=0) / len(idx)


def least_scores(scores: Scores, size: Callable[[int, int], int], limit: int = 100_000) -> Chooser:
    """The chooser of a rule that keeps the ``size(q, f)`` vectors of least score."""

    def options(z: np.ndarray, f: int, own: np.ndarray | None) -> list[list[int]]:
        s = list(scores(z, f, own))
        k = size(z.shape[0], f)
        t = sorted(s)[k - 1]
        below = [i for i, v in enumerate(s) if v < t]
        tied = [i for i, v in enumerate(s) if v == t]
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

    return Chooser(size, options, rejects)
