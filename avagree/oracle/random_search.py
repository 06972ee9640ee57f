"""Bounded random search for one-round violations, on any rule (the audit's search rows).

Honest families and Byzantine vectors are drawn from patterns that attack
robust aggregators (two clusters, extremes, copies of honest values, far
outliers); deliveries are random legal ones: the *basic* generators of
:mod:`avagree.oracle.generators`. Search runs in float for speed;
the best execution found is then re-run in exact arithmetic (every float is a
rational) and only reported if the exact replay violates the spec too.
Deterministic given ``seed``. Finding nothing is not a proof.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import numpy as np

from avagree.model.execution import Execution, Params, convert_round, execute
from avagree.model.numbers import convert
from avagree.oracle.generators import basic_honest_family, basic_round


@dataclass
class SearchResult:
    """What :func:`search_round` found.

    * ``best``: the best candidate's execution, re-run in exact arithmetic (``None`` when
      ``trials`` was 0).
    * ``measured``: its exact measured value, the second item of ``measure``'s answer.
    * ``trials``: the executions tried.
    * ``violated``: whether the exact replay violates the spec (``measure`` said it does not hold).
    """

    best: Execution | None  # exact execution of the best candidate
    measured: Any  # its exact measured quantity
    trials: int
    violated: bool


def search_round(rule: Callable, p: Params, measure: Callable[[Execution], tuple[bool, Any]], trials: int,
                 seed: int = 0) -> SearchResult:
    """Random one-round search of ``trials`` executions of ``rule`` (a model rule) at ``p``
    maximising ``measure`` (an execution -> (holds, value)); the best is replayed exactly.
    Drawn by the basic generators of :mod:`avagree.oracle.generators` from ``seed``."""
    rng = np.random.default_rng(seed)
    best_val, best = None, None
    for _ in range(trials):
        x = basic_honest_family(rng, p)
        rnd = basic_round(rng, p, x)
        ex = execute(rule, p, x, [rnd])
        holds, val = measure(ex)
        if best_val is None or val > best_val:
            best_val, best = val, (x, rnd)
    if best is None:
        return SearchResult(None, None, trials, False)
    x, rnd = best
    exact = execute(rule, p, convert(x, "exact"), [convert_round(rnd, "exact")], mode="exact")
    holds, val = measure(exact)
    return SearchResult(exact, val, trials, not holds)
