"""Executions under ``ties="adversary"``: each receiver's recorded choice of an
optimal subset (issue 13; MDA, paper section 5.1, eqs. 119-120).

The paper's MDA keeps *a* minimum-diameter (q - f)-subset of what a receiver
got; which one is not specified, so the adversary may choose among the optimal
subsets, per receiver and per round. A choice is a list of indices into the
receiver's received list (its delivered honest senders first, in delivery
order, then its Byzantine vectors in file order, as
:func:`avagree.model.execution.received` builds it). An execution under
recorded choices is checked in exact arithmetic: each chosen subset has q - f
distinct indices and a squared diameter equal to the least over all
(q - f)-subsets (computed by :func:`avagree.algorithms.min_diameter.optimal_threshold`),
and the receiver outputs its average.
"""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from avagree.algorithms.distance import pairwise_sq_distances
from avagree.algorithms.mda import mda_subsets
from avagree.algorithms.min_diameter import optimal_threshold
from avagree.errors import WitnessError
from avagree.model.execution import Execution, Params, Round, as_family, received, validate_round

#: the rules whose witnesses may record choices (their definition picks *a* minimum-diameter subset)
CHOICE_RULES = ("mda",)
#: choices of one execution: per round, per receiver, the kept indices into the received list
Choices = Sequence[Sequence[Sequence[int]]]


def chosen_output(z: np.ndarray, f: int, subset: Sequence[int], where: str = "choice") -> np.ndarray:
    """The average of ``z[subset]`` after checking, exactly, that ``subset`` is an
    optimal (q - f)-subset of ``z`` (least squared diameter); WitnessError otherwise."""
    q, k = z.shape[0], z.shape[0] - f
    if not isinstance(subset, (list, tuple)) or not all(isinstance(i, int) and not isinstance(i, bool) for i in subset):
        raise WitnessError(f"witness: {where} must be a list of indices into the received list")
    if len(subset) != k or len(set(subset)) != k or not all(0 <= i < q for i in subset):
        raise WitnessError(f"witness: {where} = {list(subset)} must be {k} distinct indices in 0..{q - 1}")
    D = pairwise_sq_distances(z)
    idx = list(subset)
    diam = max((D[a, b] for a in idx for b in idx), default=0)
    least = optimal_threshold(D, k)
    if diam != least:
        raise WitnessError(f"witness: {where} = {idx} is not optimal: squared diameter {diam}, the least is {least}")
    return z[idx].sum(axis=0) / k


def find_choice(z: np.ndarray, f: int, output: np.ndarray) -> list[int]:
    """An optimal subset of ``z`` (indices, ascending) whose average is ``output``
    exactly; WitnessError when no optimal subset gives it."""
    for s in mda_subsets(z, f):
        kept = [int(i) for i in s]
        if np.array_equal(z[kept].sum(axis=0) / len(kept), output):
            return kept
    raise WitnessError(f"no optimal subset of the received vectors averages to {output.tolist()}")


def execute_choices(params: Params, family: Any, rounds: Sequence[Round], choices: Choices) -> Execution:
    """Run ``rounds`` exactly, each receiver outputting the average of its recorded
    optimal subset (:func:`chosen_output`); WitnessError on a malformed or
    non-optimal choice."""
    if not isinstance(choices, list) or len(choices) != len(rounds):
        raise WitnessError(f"witness: field 'choices' must hold one list per round ({len(rounds)})")
    fams = [as_family(params, family, "exact")]
    for t, (rnd, per) in enumerate(zip(rounds, choices)):
        validate_round(params, rnd)
        if not isinstance(per, list) or len(per) != params.h:
            raise WitnessError(f"witness: choices[{t}] must hold one subset per honest receiver (h = {params.h})")
        outs = [chosen_output(received(fams[-1], dlv), params.f, per[j], f"choices[{t}][{j}]")
                for j, dlv in enumerate(rnd.deliveries)]
        fams.append(np.stack(outs, axis=0))
    return Execution(params, tuple(fams), tuple(rounds))


def record_choices(ex: Execution) -> list[list[list[int]]]:
    """For an exact execution of MDA under some optimal choices (e.g. a Z3 model
    under ``ties="adversary"``), one optimal subset per receiver and round that
    gives each recorded output."""
    out = []
    for t, rnd in enumerate(ex.rounds):
        fam, nxt = ex.families[t], ex.families[t + 1]
        out.append([find_choice(received(fam, dlv), ex.params.f, nxt[j]) for j, dlv in enumerate(rnd.deliveries)])
    return out
