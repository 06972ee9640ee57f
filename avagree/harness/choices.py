"""Executions under ``ties="adversary"``: each receiver's recorded choice of an
optimal subset (issue 13).

MDA (eqs. 119-120), CVA (eqs. 163-164), Krum and Multi-Krum keep *an* optimal
subset of what a receiver got; which one is not specified, so the adversary may
choose among the optimal subsets, per receiver and per round. A choice is a list
of indices into the receiver's received list (its delivered honest senders
first, in delivery order, then its Byzantine vectors in file order, as
:func:`avagree.model.execution.received` builds it). An execution under recorded
choices is checked in exact arithmetic: each chosen subset has the rule's size,
distinct indices, and is optimal by the rule's :class:`~avagree.algorithms.choice.Chooser`
(MDA: least squared diameter over all (q - f)-subsets; CVA: no vector left out
is closer to the receiver's own; Krum: no vector left out scores less), and the
receiver outputs the average of its subset.
"""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from avagree.algorithms.choice import Chooser
from avagree.algorithms.registry import RULES
from avagree.errors import WitnessError
from avagree.model.execution import Execution, Params, Round, as_family, received, validate_round

#: the rules whose witnesses may record choices (their definition keeps *an* optimal subset)
CHOICE_RULES = tuple(name for name, r in RULES.items() if r.chooser is not None)
#: choices of one execution: per round, per receiver, the kept indices into the received list
Choices = Sequence[Sequence[Sequence[int]]]


def chooser(rule: str) -> Chooser:
    """The registry rule's chooser; WitnessError for a rule that makes no choice."""
    r = RULES.get(rule) if isinstance(rule, str) else None
    if r is None or r.chooser is None:
        raise WitnessError(f"rule {rule!r} records no choices (only {', '.join(CHOICE_RULES)} pick among optimal subsets)")
    return r.chooser


def chosen_output(rule: str, z: np.ndarray, f: int, own: np.ndarray | None, subset: Sequence[int],
                  where: str = "choice") -> np.ndarray:
    """The average of ``z[subset]`` after checking, exactly, that ``subset`` is one of
    ``rule``'s optimal choices for the received ``z`` (and the receiver's ``own``);
    WitnessError otherwise."""
    ch = chooser(rule)
    q, k = z.shape[0], ch.size(z.shape[0], f)
    if not isinstance(subset, (list, tuple)) or not all(isinstance(i, int) and not isinstance(i, bool) for i in subset):
        raise WitnessError(f"witness: {where} must be a list of indices into the received list")
    if len(subset) != k or len(set(subset)) != k or not all(0 <= i < q for i in subset):
        raise WitnessError(f"witness: {where} = {list(subset)} must be {k} distinct indices in 0..{q - 1}")
    why = ch.rejects(z, f, own, list(subset))
    if why is not None:
        raise WitnessError(f"witness: {where} = {list(subset)} is not optimal: {why}")
    return ch.output(z, subset)


def find_choice(rule: str, z: np.ndarray, f: int, own: np.ndarray | None, output: np.ndarray) -> list[int]:
    """An optimal choice of ``rule`` for ``z`` (indices, ascending) whose output is
    ``output`` exactly; WitnessError when no optimal choice gives it."""
    ch = chooser(rule)
    for kept in ch.options(z, f, own):
        if np.array_equal(ch.output(z, kept), output):
            return kept
    raise WitnessError(f"no optimal choice of {rule} among the received vectors gives {output.tolist()}")


def execute_choices(rule: str, params: Params, family: Any, rounds: Sequence[Round], choices: Choices) -> Execution:
    """Run ``rounds`` of ``rule`` exactly, each receiver outputting the average of its
    recorded optimal subset (:func:`chosen_output`); WitnessError on a malformed or
    non-optimal choice."""
    if not isinstance(choices, list) or len(choices) != len(rounds):
        raise WitnessError(f"witness: field 'choices' must hold one list per round ({len(rounds)})")
    fams = [as_family(params, family, "exact")]
    for t, (rnd, per) in enumerate(zip(rounds, choices)):
        validate_round(params, rnd)
        if not isinstance(per, list) or len(per) != params.h:
            raise WitnessError(f"witness: choices[{t}] must hold one subset per honest receiver (h = {params.h})")
        outs = [chosen_output(rule, received(fams[-1], dlv), params.f, fams[-1][j], per[j], f"choices[{t}][{j}]")
                for j, dlv in enumerate(rnd.deliveries)]
        fams.append(np.stack(outs, axis=0))
    return Execution(params, tuple(fams), tuple(rounds))
