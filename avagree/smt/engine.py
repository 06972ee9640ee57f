"""The Z3 engine's public entry: :func:`decide` decides a spec (PROVED, COUNTEREXAMPLE or UNKNOWN),
:func:`worst` computes the exact supremum of a one-round quantity. Both validate what every part
needs (the rounds, the budget) and dispatch to the part that answers:

* d = 1: :mod:`avagree.smt.line` (one formula, the rounds unrolled), and for several rounds of
  contraction :mod:`avagree.smt.rounds`, of averaging :mod:`avagree.smt.rounds_averaging` (induction from
  one-round optimisations first);
* d >= 2 (MDA, one round of contraction): :mod:`avagree.smt.geometry`, and its supremum's bounds
  :mod:`avagree.smt.bounds`.

Verdicts (:mod:`avagree.smt.results`):

* COUNTEREXAMPLE: z3 found a model; it is turned into exact rationals, replayed
  through the exact reference implementation, confirmed, and saved as a witness;
* PROVED: z3 showed no violation exists in the stated scope;
* UNKNOWN: time-out, solver incompleteness, or a model that did not replay
  (reported as an engine error, never as a counterexample).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

from avagree.algorithms.registry import at_instance
from avagree.errors import ParameterError
from avagree.model.execution import Params, check_int

from avagree.smt import line
from avagree.smt.bounds import worst_geometric
from avagree.smt.budget import Budget
from avagree.smt.geometry import GEOMETRIC, check_geometric
from avagree.smt.limits import DEFAULT_TIMEOUT, PLANE_WORST_RLIMIT, check_size
from avagree.smt.results import CheckResult, WorstResult
from avagree.smt.rounds import decide as rounds_decide
from avagree.smt.rounds_averaging import decide as averaging_rounds_decide


def decide(rule: str, n: int, f: int, q: int, model: str = "async", *, spec: str = "contraction", bound: Any = 1,
           strict: bool | None = None, rounds: int = 1, timeout: float | None = DEFAULT_TIMEOUT, d: int = 1,
           save_dir: str | Path | None = None, encoding: str = "interleave", progress: bool = False,
           ties: str | None = None, rlimit: int | None = None) -> CheckResult:
    """The Z3 decision procedure: decide ``spec`` for ``rule`` at (n, f, q, model), one-dimensional (and
    one round of MDA's contraction in d >= 2), over ``rounds`` rounds, as PROVED (in the scope the result
    states), COUNTEREXAMPLE (replayed exactly) or UNKNOWN (:class:`~avagree.smt.results.CheckResult`).
    Not to be confused with :func:`avagree.check`, the search oracle, which looks for violations of any
    rule (no proofs) by sampling and shrinking executions.

    ``bound``: the contraction factor c (Delta_2(out) <= c Delta_2(in); with
    ``strict`` (default when c = 1) a violation is Delta_2(out) >= c Delta_2(in),
    i.e. no contraction at all), or C^2 for averaging (the averaging constant
    squared, so irrational constants stay exact). Ignored for quasi-unanimity
    and validity. ``encoding`` of the first round's receivers (:mod:`avagree.smt.encode`):
    "interleave" (order statistics as sorted variables; the default, measured fastest),
    "merge" (sorted deliveries, merge formula) or "rank" (Boolean selections, ranks). ``ties``:
    the tie rule (:data:`avagree.algorithms.rule.TIES`; default ``adversary`` for
    a rule that picks among optimal choices, MDA: the paper allows any optimal
    subset, so a PROVED under it holds for every tie rule); ``scope["ties"]``
    says which, ``"none"`` for a rule without choices. ``rlimit``: the
    deterministic budget in z3 resource units (default
    :data:`avagree.smt.limits.DEFAULT_RLIMIT`), which decides the verdict;
    ``timeout``: a wall-clock outer limit in seconds (None: none), whose end is
    UNKNOWN naming the step it stopped (:mod:`avagree.smt.budget`).
    """
    check_int("rounds", rounds, minimum=1)
    Params(n, f, q, 1, model)  # validated before the size is read
    rule = at_instance(rule, n, f, q)  # plain select: its step from n (algorithms/select.py)
    check_size(n, f, q, model, spec, rounds, str(rule))
    budget = Budget(rlimit, timeout)
    if d != 1:
        if rule in GEOMETRIC and spec == "contraction" and rounds == 1 and encoding in ("interleave", "merge"):
            return _spent(check_geometric(rule, n, f, q, model, d=d, bound=bound, strict=strict, budget=budget,
                                          save_dir=save_dir, progress=progress, ties=ties), budget)
        raise ParameterError("d", d, f"the Z3 engine decides d = 1, and d >= 2 only for one round of contraction with "
                                     f"{', '.join(GEOMETRIC)}; use the search oracle")
    if spec == "contraction" and rounds > 1:
        return _spent(rounds_decide(rule, n, f, q, model, bound=bound, strict=strict, rounds=rounds, budget=budget,
                                    save_dir=save_dir, encoding=encoding, ties=ties), budget)
    if spec == "averaging" and rounds > 1:
        return _spent(averaging_rounds_decide(rule, n, f, q, model, bound=bound, rounds=rounds, budget=budget,
                                              save_dir=save_dir, encoding=encoding, ties=ties), budget)
    return _spent(line.decide(rule, n, f, q, model, spec=spec, bound=bound, strict=strict, rounds=rounds, budget=budget,
                              save_dir=save_dir, encoding=encoding, ties=ties), budget)


def worst(rule: str, n: int, f: int, q: int, model: str = "async", *, spec: str = "contraction",
          timeout: float | None = DEFAULT_TIMEOUT, d: int = 1, ties: str | None = None,
          rlimit: int | None = None) -> WorstResult:
    """The exact supremum over one round, in d = 1, of Delta(out)/Delta(in)
    (``contraction``), |mean(out) - mean(in)| / Delta(in) (``averaging``,
    Definition 3) or |y_j - mean(in)| / Delta(in) for a single receiver
    (``deviation``, the per-node form of Lemma 13 and eq. 200). With d >= 2
    (MDA, contraction): bounds [lower, upper] instead of the exact value.
    ``ties`` as in :func:`decide` (the supremum over the adversary's choices too
    under ``adversary``); ``rlimit`` and ``timeout`` as there (default budget with d >= 2:
    :data:`avagree.smt.limits.PLANE_WORST_RLIMIT`)."""
    Params(n, f, q, 1, model)
    rule = at_instance(rule, n, f, q)  # plain select: its step from n (algorithms/select.py)
    check_size(n, f, q, model, spec, 1, str(rule))
    budget = Budget(PLANE_WORST_RLIMIT if rlimit is None and d != 1 else rlimit, timeout)
    if d != 1:
        if spec != "contraction":
            raise ParameterError("d", d, "in d >= 2 only the contraction factor is bounded")
        return _spent(worst_geometric(rule, n, f, q, model, d=d, budget=budget, ties=ties), budget)
    return _spent(line.worst(rule, n, f, q, model, spec=spec, budget=budget, ties=ties), budget)


R = TypeVar("R", CheckResult, WorstResult)


def _spent(result: R, budget: Budget) -> R:
    """``result`` with the units its run spent."""
    result.units = budget.spent
    return result
