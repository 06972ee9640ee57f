"""Search over the adversary's schedules of the broadcast-based algorithm
(section 6, Theorem 6): delivery times, Byzantine values (equivocation
included) and Byzantine reports, within the model's rules
(:mod:`avagree.sim.schedules`).

For t + ceil(log2 h) iterations (Theorem 6's count), each iteration's schedule
is chosen by a local search, greedily (the first iteration gets about half of
the ``budget`` executions, since it also searches the honest inputs, the others
share the rest): the best schedule found
for an iteration is played, and the next iteration starts from its outputs (and
its search from that schedule).
An execution's score is, in order: whether it breaks one of Theorem 6's bounds,
then the objective (``ratio``: the largest per-iteration ratio
Delta^cw(out)[i] / Delta^cw(in)[i]; ``overlap``: the smallest overlap of two
honest nodes' collected sets; ``averaging``: the drift of the honest mean from
the start, squared, over Delta_2 of the inputs squared), then the ratio or the overlap.

The local search restarts from a fresh random schedule with probability 1/5,
and otherwise mutates the best so far (one to three changes: a delay level, a
Byzantine value for one or every receiver, a member of a Byzantine report, the
jitter seed, the Byzantine nodes' help, an input coordinate, or a whole split:
a random group of honest nodes hears the others late, every report reaches the
others last, and the Byzantine nodes report the group). Every draw comes from
``random.Random`` seeded by ``seed``, and the budget is a count of executions,
so the result is the same on any machine. The trajectory found replays exactly
(:func:`avagree.sim.schedules.replay`); finding no violation is not a proof.
"""

from __future__ import annotations

import json
import math
import random
from dataclasses import dataclass, replace
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np

from avagree.errors import ParameterError
from avagree.model.execution import check_int
from avagree.sim.broadcast import IterationResult, far_values
from avagree.sim.limits import check_simulate
from avagree.sim.schedules import (Byzantine, Played, Schedule, Trajectory, measure, play, run_schedule, squared_ratios,
                                   theorem6_bounds, trajectory_json)

OBJECTIVES = ("ratio", "overlap", "averaging")

#: probability of a restart from a fresh random schedule instead of a mutation
RESTART = 0.2


@dataclass
class SearchResult:
    """The trajectory found, what it gives (replayed), and how many executions of one iteration were searched."""

    trajectory: Trajectory
    played: Played
    executions: int
    objective: str
    seed: int


def _candidates(x: np.ndarray) -> list[tuple[Fraction, ...] | None]:
    """Values a Byzantine node may broadcast: far below and above the honest
    family, each honest row, the coordinate-wise extremes, or nothing."""
    low, high = far_values(x)
    rows = [tuple(r) for r in x.tolist()]
    return [low, high, *rows, tuple(x.min(axis=0).tolist()), tuple(x.max(axis=0).tolist()), None]


def _split(rng: random.Random, s: Schedule, x: np.ndarray, n: int, f: int) -> Schedule:
    """A whole split (the module docstring): a group of 1..h-1 honest nodes (at random,
    or half the time the lowest or highest h - f on one coordinate, whose Byzantine
    values then go far to the other side) hears the other honest nodes late, every
    report reaches those last, and each Byzantine node reports the group, topped up
    at random to n - f senders."""
    h = n - f
    byz = list(s.byzantine)
    if rng.random() < 0.5:
        group = rng.sample(range(h), rng.randint(1, h - 1))
    else:
        order = sorted(range(h), key=lambda j: x[j, rng.randrange(x.shape[1])])
        low_side = rng.random() < 0.5
        group = order[: h - f] if low_side else order[f:]
        far = far_values(x)[1 if low_side else 0]
        byz = [Byzantine((far,) * n, b.report) for b in byz]
    rest = [j for j in range(h) if j not in group]
    late = {(a, j): 1 for a in rest for j in group}
    late_reports = {(k, j): 2 for k in range(n) for j in rest}
    reports = []
    for b in byz:
        listed = (group + list(range(h, n)))[: n - f]
        listed += rng.sample([k for k in range(n) if k not in listed], n - f - len(listed))
        reports.append(Byzantine(b.init, tuple(sorted(listed))))
    return replace(s, late=late, late_reports=late_reports, byzantine=reports)


def random_schedule(rng: random.Random, x: np.ndarray, n: int, f: int) -> Schedule:
    """A fresh schedule: each Byzantine node broadcasts one candidate value (or
    two, split among the receivers, one time in five) and reports n - f random
    senders (or nothing, one time in five); random delay levels; a split half the time."""
    cands = _candidates(x)
    byz = []
    for _ in range(f):
        if rng.random() < 0.2:
            a, b = rng.choice(cands), rng.choice(cands)
            init = tuple(rng.choice((a, b)) for _ in range(n))
        else:
            init = (rng.choice(cands),) * n
        byz.append(Byzantine(init, None if rng.random() < 0.2 else tuple(sorted(rng.sample(range(n), n - f)))))
    p = rng.random() / 2
    late = {(a, j): rng.randint(1, 2) for a in range(n) for j in range(n - f) if rng.random() < p}
    late_reports = {(a, j): rng.randint(1, 3) for a in range(n) for j in range(n - f) if rng.random() < p}
    s = Schedule(rng.randrange(2 ** 31), byz, late, late_reports, rng.random() < 0.7)
    return _split(rng, s, x, n, f) if rng.random() < 0.5 else s


def _mutate_schedule(rng: random.Random, s: Schedule, x: np.ndarray, n: int, f: int) -> Schedule:
    """One change to ``s`` (the module docstring)."""
    h = n - f
    move = rng.randrange(6)
    if move == 0:  # a delay level of one value broadcast at one receiver
        late = dict(s.late)
        late[(rng.randrange(n), rng.randrange(h))] = rng.randint(0, 2)
        return replace(s, late=late)
    if move == 1:  # a delay level of one report at one receiver
        late_reports = dict(s.late_reports)
        late_reports[(rng.randrange(n), rng.randrange(h))] = rng.randint(0, 3)
        return replace(s, late_reports=late_reports)
    byz = list(s.byzantine)
    i = rng.randrange(f)
    if move == 2:  # a Byzantine value: for every receiver, or for one (equivocation)
        v, at = rng.choice(_candidates(x)), rng.randrange(n)
        init = (v,) * n if rng.random() < 0.5 else tuple(v if k == at else w for k, w in enumerate(byz[i].init))
        byz[i] = Byzantine(init, byz[i].report)
        return replace(s, byzantine=byz)
    if move == 3:  # one member of a Byzantine report swapped (or a report given)
        listed = list(byz[i].report or rng.sample(range(n), n - f))
        out = [k for k in range(n) if k not in listed]
        if out:
            listed[rng.randrange(len(listed))] = rng.choice(out)
        byz[i] = Byzantine(byz[i].init, tuple(sorted(listed)))
        return replace(s, byzantine=byz)
    if move == 4:
        return replace(s, seed=rng.randrange(2 ** 31), help=rng.random() < 0.7)
    return _split(rng, s, x, n, f)


def random_inputs(rng: random.Random, h: int, d: int) -> np.ndarray:
    """Honest inputs: integers 0..4, or half the time two clusters (a random
    group of 1..h-1 nodes at 1, the others at 0, in every coordinate)."""
    if rng.random() < 0.5:
        return np.array([[Fraction(rng.randint(0, 4)) for _ in range(d)] for _ in range(h)], dtype=object)
    ones = set(rng.sample(range(h), rng.randint(1, h - 1)))
    return np.array([[Fraction(int(j in ones))] * d for j in range(h)], dtype=object)


def _mutate_inputs(rng: random.Random, x: np.ndarray) -> np.ndarray:
    """One coordinate of one honest node set to another node's value there, or to 0..4."""
    y = x.copy()
    j, i = rng.randrange(x.shape[0]), rng.randrange(x.shape[1])
    y[j, i] = x[rng.randrange(x.shape[0]), i] if rng.random() < 0.5 else Fraction(rng.randint(0, 4))
    return y


def _score(x0: np.ndarray, x: np.ndarray, r: IterationResult, bounds: dict[str, Fraction], objective: str) -> tuple:
    """Bigger is better for the adversary (the module docstring); ``averaging``: the
    drift ||mean(out) - mean(x0)||^2 / Delta_2(x0)^2 of the trajectory so far. Inputs
    that already agree score below everything: no schedule can do anything there."""
    if not (x.max(axis=0) > x.min(axis=0)).any():
        return (False, -1, -1)
    ratio, common = measure(x, r)
    breaks = ratio > bounds["cw_ratio"] or common < bounds["min_common"]
    if objective == "averaging":
        return (breaks, squared_ratios(x0, r.outputs)[1], ratio)
    return (breaks, ratio, -common) if objective == "ratio" else (breaks, -common, ratio)


def _search_iteration(rng: random.Random, x0: np.ndarray | None, x: np.ndarray | None, n: int, f: int, d: int,
                      budget: int, bounds: dict[str, Fraction], objective: str,
                      previous: Schedule | None) -> tuple[np.ndarray, Schedule, np.ndarray]:
    """The best (inputs, schedule, outputs) found in ``budget`` executions from ``x``
    (None: search the inputs too), on a trajectory that started at ``x0``; the
    first execution replays the ``previous`` iteration's schedule, when there is one."""
    best: tuple[tuple, np.ndarray, Schedule, np.ndarray] | None = None
    for k in range(budget):
        if k == 0 and previous is not None and x is not None:
            xi, s = x, previous
        elif best is None or rng.random() < RESTART:
            xi = random_inputs(rng, n - f, d) if x is None else x
            s = random_schedule(rng, xi, n, f)
        else:
            xi, s = best[1], best[2]
            for _ in range(rng.randint(1, 3)):
                if x is None and rng.random() < 0.2:
                    xi = _mutate_inputs(rng, xi)
                else:
                    s = _mutate_schedule(rng, s, xi, n, f)
        r = run_schedule(xi, n, f, s)
        score = _score(xi if x0 is None else x0, xi, r, bounds, objective)
        if best is None or score >= best[0]:  # ties move on: the search drifts across plateaus
            best = (score, xi, s, r.outputs)
    assert best is not None
    return best[1], best[2], best[3]


def search(n: int, f: int, *, d: int = 1, t: int = 2, budget: int = 200, seed: int = 0,
           objective: str = "ratio") -> SearchResult:
    """Search t + ceil(log2 h) iterations of schedules at (n, f), q = n - f, with
    ``budget`` executions of one iteration in all (the module docstring)."""
    check_int("f", f, minimum=1)
    if check_int("n", n, minimum=1) < 3 * f + 1:
        raise ParameterError("n", n, f"Theorem 6 needs n >= 3f + 1 = {3 * f + 1}")
    check_int("d", d, minimum=1)
    check_int("t", t, minimum=1)
    check_int("seed", seed, minimum=0)
    if objective not in OBJECTIVES:
        raise ParameterError("objective", objective, f"must be one of {', '.join(OBJECTIVES)}")
    N = t + math.ceil(math.log2(n - f))
    check_int("budget", budget, minimum=2 * N)
    check_simulate(n, f, d, N, budget)  # issue 26: refused before any work
    bounds = theorem6_bounds(n, f, t)
    rng = random.Random(seed)
    x0, x, schedules = None, None, []
    shares = [budget - (N - 1) * (budget // (2 * N))] + [budget // (2 * N)] * (N - 1)
    for share in shares:
        xi, s, x = _search_iteration(rng, x0, x, n, f, d, share, bounds, objective, schedules[-1] if schedules else None)
        x0 = xi if x0 is None else x0
        schedules.append(s)
    tr = Trajectory(n, f, t, x0, schedules)
    return SearchResult(tr, play(tr), sum(shares), objective, seed)  # play: the found trajectory, replayed


def summary(r: SearchResult) -> dict[str, Any]:
    """The search's numbers against Theorem 6's bounds, exact values as strings."""
    p, b = r.played, r.played.bounds
    return {"executions": r.executions, "objective": r.objective, "seed": r.seed,
            "max_cw_ratio": str(max(p.ratios)), "cw_ratio_bound": str(b["cw_ratio"]),
            "per_iteration_ratio": [str(v) for v in p.ratios], "per_iteration_common": p.commons,
            "min_common": min(p.commons), "q": r.trajectory.n - r.trajectory.f,
            "agreement_sq": str(p.agreement_sq), "agreement_sq_bound": str(b["agreement_sq"]),
            "averaging_sq": str(p.averaging_sq), "averaging_sq_bound": str(b["averaging_sq"]),
            "violated": p.violated}


def save(r: SearchResult, folder: str | Path) -> Path:
    """Save the trajectory found (:func:`avagree.sim.schedules.trajectory_json`) in ``folder``; its path."""
    tr = r.trajectory
    path = Path(folder) / f"broadcast_search_n{tr.n}_f{tr.f}_t{tr.t}_{r.objective}_s{r.seed}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    found_by = {"search": "avagree.sim.schedule_search", "objective": r.objective, "seed": r.seed,
                "executions": r.executions, "d": int(tr.honest.shape[1])}
    doc = trajectory_json(tr, r.played, found_by=found_by)
    path.write_text(json.dumps(doc, indent=1) + "\n")
    return path
