"""Bounds on the planar supremum of MDA's one-round contraction factor (``avagree worst
mda --d 2``): the exact d = 1 supremum below (d = 1 executions embed in every d), and
above an upper bound proved by bisection, each step a :func:`~avagree.smt.geometry.check_geometric`
proof within its share of the run's budget (:mod:`avagree.smt.budget`)."""

from __future__ import annotations

import math
import time
from fractions import Fraction

from avagree.errors import ParameterError
from avagree.smt.budget import Budget, WallClock, scope_entries, timed_out
from avagree.smt.limits import DEFAULT_TIMEOUT, UNITS_PER_SECOND
from avagree.smt import line
from avagree.smt.geometry import GEOMETRIC, MIN_SHARE, check_geometric
from avagree.smt.problem import resolve_ties
from avagree.smt.results import PROVED, UNKNOWN, WorstResult


def worst_geometric(rule: str, n: int, f: int, q: int, model: str = "async", *, d: int = 2,
                    timeout: float | None = DEFAULT_TIMEOUT, rlimit: int | None = None,
                    resolution: Fraction = Fraction(1, 100), ties: str | None = None, budget: Budget | None = None):
    """Bounds on the supremum of the one-round contraction factor Delta_2(out)/Delta_2(in)
    of MDA in dimension d >= 2: the exact d = 1 supremum is a lower bound (d = 1
    executions embed in every d), and an upper bound is proved by bisection on
    rationals (each step a :func:`check_geometric` proof with factor c: no
    execution has Delta_2(out) > c Delta_2(in)), until the interval is narrower
    than ``resolution`` or the budget is spent. The d = 1 supremum itself is
    tried first: when it is proved an upper bound in dimension d too, the two
    suprema are equal and that is the answer (MDA, f = 1, n = 5..8: the
    projection relaxation of :mod:`avagree.smt.plane_case` proves it). ``ties`` is the lower bound's tie
    rule; the upper bounds hold for every tie rule. Budget (``rlimit``, units):
    a quarter for the lower bound, then each step at most a sixth of the whole
    (and at least :data:`avagree.smt.limits.UNITS_PER_SECOND` x 10), so that a
    step that cannot prove does not eat the rest; ``timeout`` is a wall-clock
    outer limit (UNKNOWN, with the bounds proved so far and the step it stopped)."""
    t0 = time.perf_counter()
    if rule not in GEOMETRIC:
        raise ParameterError("d", d, f"bounds in d >= 2 are computed for {', '.join(GEOMETRIC)} only")
    ties = resolve_ties(rule, ties)
    budget = budget if budget is not None else Budget(rlimit, timeout)
    scope = {"rule": rule, "n": n, "f": f, "q": q, "d": d, "model": model, "rounds": 1, "spec": "contraction",
             "bound": "sup", "strict": False, "ties": ties, **scope_entries(budget),
             "wlog": "lower bound: the exact d = 1 supremum (embedded); upper bound: proved in dimension d"}
    lower_res = line.worst(rule, n, f, q, model, spec="contraction", budget=budget.part(budget.total // 4), ties=ties,
                           step="the d = 1 lower bound")
    lower = lower_res.value if lower_res.verdict == PROVED else None
    step = max(10 * UNITS_PER_SECOND, budget.total // 6)  # a step that cannot prove must not eat the whole budget
    upper, stopped = None, lower_res.reason if timed_out(lower_res) else ""

    def proves(c: Fraction) -> bool:
        r = check_geometric(rule, n, f, q, model, d=d, bound=c, strict=False, budget=budget.part(step), ties=ties)
        if timed_out(r):
            raise WallClock(r.reason, budget.timeout)
        return r.verdict == PROVED

    try:
        if stopped:
            raise WallClock(stopped, budget.timeout)
        lo = lower if lower is not None else Fraction(0)
        if lower is not None and budget.left >= MIN_SHARE and proves(lower):
            upper = lower  # nothing in dimension d exceeds the d = 1 supremum: the two are equal
        else:
            upper = Fraction(1) if budget.left >= MIN_SHARE and proves(Fraction(1)) else None
        while upper is not None and upper - lo > resolution and budget.left >= MIN_SHARE:
            mid = lo + (upper - lo) / 2
            mid = Fraction(math.ceil(mid / resolution * 4), 1) * resolution / 4  # a short rational above the midpoint
            if mid >= upper:
                break
            if proves(mid):
                upper = mid
            else:
                lo = mid  # not proved (which is not a counterexample): look above, lower stays as reported
    except WallClock as exc:
        verdict, why = UNKNOWN, f"{exc.step}; proved so far: {_so_far(lower, upper)}"
    else:
        verdict = PROVED if upper is not None else UNKNOWN
        why = _why(lower, upper, d, budget.total)
    out = WorstResult(None, False, False, time.perf_counter() - t0, scope, verdict, reason=why)
    out.lower, out.upper, out.units = lower, upper, budget.spent
    return out


def _so_far(lower: Fraction | None, upper: Fraction | None) -> str:
    """What a stopped bisection has shown, in words (no 'None' in a reason)."""
    if upper is not None:
        return f"sup in [{lower if lower is not None else 0}, {upper}]"
    return f"sup >= {lower}, no upper bound yet" if lower is not None else "no bound yet"


def _why(lower: Fraction | None, upper: Fraction | None, d: int, total: int) -> str:
    if upper is None:
        return f"no upper bound proved within {total} z3 units ({_so_far(lower, upper)})"
    if upper == lower:
        return f"sup = {lower} exactly: the exact d = 1 supremum, proved an upper bound in d = {d} too"
    return f"sup in [{lower}, {upper}]: {lower} is the exact d = 1 supremum, {upper} is proved in d = {d}"
