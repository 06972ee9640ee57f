"""Adversarial search over several rounds (issue 15 section 5): a fresh adversary each round (each
receiver's delivery and Byzantine values drawn for the family that round actually has), optimising
the final diameter ratio Delta_2(x_T) / Delta_2(x_0) or the drift of the honest average,
max_{s <= T} ||mean(x_s) - mean(x_0)||_2 / Delta_2(x_0) (Definition 3 over T rounds).

Search: schedules built round by round, greedily (the best of a few fresh adversaries for the objective
after that round) or at random, then hill-climbing that re-draws or perturbs one round of the best
schedule (:func:`avagree.oracle.generators.schedule`, :func:`~avagree.oracle.generators.mutate_schedule`).
The best execution is replayed in exact arithmetic through the reference rule and returned as a
witness (``avagree.witness/1``, whose ``rounds`` list already holds any number of rounds): for the
diameter, strict contraction at the measured ratio; for the drift, averaging at a bound just below it.
A search only ever shows a lower bound on the worst case. Registry rules that pick among optimal
subsets (MDA) run their reference choice, one an adversary may make, so what is found holds under
``ties="adversary"``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from avagree.errors import ParameterError
from avagree.harness.aggregate import model_rule
from avagree.model.diameters import diameter_pow, mean
from avagree.model.execution import Execution, Params, Round, check_int, convert_round, default_q, execute
from avagree.model.numbers import convert
from avagree.harness.witness import Witness, from_execution
from avagree.oracle.generators import honest_family, mutate_schedule, schedule

OBJECTIVES = ("diameter", "drift")


def measure(ex: Execution, objective: str) -> Any:
    """The squared objective of ``ex`` (exact for an exact execution): (Delta_2(x_T)/Delta_2(x_0))^2 or
    max_s ||mean(x_s) - mean(x_0)||^2 / Delta_2(x_0)^2; 0 when Delta_2(x_0) = 0."""
    return _score(ex.families, objective)


def _score(families: Any, objective: str) -> Any:
    d0 = diameter_pow(families[0], 2)
    if d0 == 0:
        return 0
    if objective == "diameter":
        return diameter_pow(families[-1], 2) / d0
    m0 = mean(families[0])
    return max(((mean(fam) - m0) ** 2).sum() for fam in families[1:]) / d0


@dataclass
class RoundsSearch:
    """The best attack :func:`search_rounds` found.

    * ``rule``, ``params``, ``rounds``, ``objective``, ``seed``: what was searched.
    * ``value_sq``: the best execution's objective, squared and exact (its exact replay).
    * ``witness``: that execution as a replayed :class:`~avagree.harness.witness.Witness`
      with ``rounds`` rounds.
    * ``tried``: the schedules tried; ``seconds``: the search's wall-clock time.
    * ``value`` (property): the objective itself, as a float (the square root of ``value_sq``).
    """
    rule: str
    params: Params
    rounds: int
    objective: str
    value_sq: Fraction
    witness: Witness
    tried: int
    seconds: float
    seed: int

    @property
    def value(self) -> float:
        return float(self.value_sq) ** 0.5


def search_rounds(rule: str, n: int, f: int, q: int | None = None, *, model: str = "async", d: int = 1,
                  rounds: int = 2, objective: str = "diameter", examples: int = 200, seed: int = 0,
                  greedy: int = 4) -> RoundsSearch:
    """Search ``examples`` T-round executions of ``rule`` (a registry name) for the largest ``objective``;
    the best one replayed exactly as :class:`RoundsSearch`."""
    t0 = time.perf_counter()
    check_int("rounds", rounds, minimum=1)
    check_int("examples", examples, minimum=1)
    check_int("seed", seed, minimum=0)
    if objective not in OBJECTIVES:
        raise ParameterError("objective", objective, f"must be one of {', '.join(OBJECTIVES)}")
    p = Params(n, f, default_q(n, f, model) if q is None else q, d, model)
    fn = model_rule(rule)
    rng = np.random.default_rng([seed, rounds, d])
    best: tuple[float, np.ndarray, list[Round]] | None = None
    for i in range(examples):
        if best is not None and i % 3 != 0:
            x, sched = mutate_schedule(rng, fn, p, best[1], best[2])
        else:
            x = honest_family(rng, p, False)
            sched = schedule(rng, fn, p, x, rounds, lambda fams: _score(fams, objective),
                             greedy if rng.random() < 0.7 else 1)
        score = float(measure(execute(fn, p, x, sched), objective))
        if best is None or score > best[0]:
            best = (score, x, sched)
    x, sched = best[1], best[2]
    ex = execute(fn, p, convert(x, "exact"), [convert_round(r, "exact") for r in sched], mode="exact")
    value = Fraction(measure(ex, objective))
    w = _witness(rule, ex, objective, value, f"oracle:rounds:seed={seed}", time.perf_counter() - t0)
    return RoundsSearch(rule, p, rounds, objective, value, w, examples, time.perf_counter() - t0, seed)


def _witness(rule: str, ex: Execution, objective: str, value: Fraction, found_by: str, seconds: float) -> Witness:
    """The execution as a replayed witness: strict contraction at its own squared ratio (no factor below
    it holds), or averaging at a squared constant a millionth below its drift."""
    note = f"{len(ex.rounds)} rounds, {objective} {value} (squared)"
    if objective == "diameter":
        return from_execution(rule, ex, "contraction", value, found_by, seconds, {"strict": Fraction(1)}, note=note)
    return from_execution(rule, ex, "averaging", value * Fraction(999999, 1000000), found_by, seconds, note=note)
