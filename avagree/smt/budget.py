"""Deterministic budgets of the Z3 engine (issue 18): the same command on the same
inputs reaches the same verdict however busy the machine is.

Every step a run caps (a solver call, a bisection step, a skeleton, the one-receiver
bound of averaging) is capped in z3's *resource units* (``rlimit``), which count
solver work, not time. In z3 5.4 (measured, docs/z3.md) a solver's ``rlimit`` is
relative to the context's count when its check starts, and the statistic
``rlimit count`` is cumulative per context, so a step's spending is the difference
of that statistic before and after its check; a step never gets more than what is
left of its run's budget, and what a step leaves goes to the next ones, both in
units. The user's wall-clock ``timeout`` is only an outer limit: reaching it ends
the whole run (:class:`WallClock`), which is reported as UNKNOWN naming the step,
never as "this step did not prove" (that would let the load change the answer).

z3's random seeds are fixed (:data:`SEED`) on every solver made here, and every run
starts in a fresh z3 context (:func:`fresh_context`): the work z3 does on a question
depends on what was built before in its context (measured: 4516407 units for a check
after nothing, 1957209 after four other questions, z3 5.4.1), so without it the
verdict near a budget's edge would depend on which questions a process ran before,
e.g. on how a process pool dealt out the audit's jobs.
"""

from __future__ import annotations

import time
from typing import Any

import z3

from avagree.errors import ParameterError
from avagree.smt.limits import DEFAULT_RLIMIT, MAX_RLIMIT, SEED, check_timeout, z3_ms

#: z3's global seed parameters (the sat and nlsat engines read theirs from the global parameters only)
_GLOBAL_SEEDS = ("smt.random_seed", "sat.random_seed", "nlsat.seed", "sls.random_seed")


def check_rlimit(rlimit: Any) -> int:
    """A positive whole number of z3 resource units (None: :data:`DEFAULT_RLIMIT`); else :class:`ParameterError`."""
    if rlimit is None:
        return DEFAULT_RLIMIT
    if isinstance(rlimit, bool) or not isinstance(rlimit, int) or not 0 < rlimit < 2**63:
        raise ParameterError("rlimit", rlimit, "must be a positive whole number of z3 resource units")
    return rlimit


def z3_version() -> str:
    return z3.get_full_version()


#: how the reason of a run ended by the wall-clock outer limit starts
TIME_OUT = "time-out"


def timed_out(result: Any) -> bool:
    """Did the wall-clock outer limit end the run of this engine result (not its budget)?"""
    return str(result.verdict) == "UNKNOWN" and result.reason.startswith(TIME_OUT)


class WallClock(Exception):
    """The wall-clock outer limit was reached during ``step``: the run ends, UNKNOWN."""

    def __init__(self, step: str, timeout: float):
        super().__init__(step)
        self.step, self.timeout = step, timeout

    def reason(self) -> str:
        return (f"{TIME_OUT}: the wall-clock limit of {self.timeout:g} s (--timeout) was reached in step '{self.step}' "
                "before the deterministic budget was spent; a verdict needs more time on this machine")


class Budget:
    """``total`` resource units for a run or a step of it, inside a wall-clock outer limit.
    ``Budget(rlimit, timeout)`` validates both (None: :data:`DEFAULT_RLIMIT`; no wall-clock
    limit); :meth:`part` carves a step's share, and units a part spends count in its parents."""

    def __init__(self, rlimit: Any = None, timeout: Any = None):
        """A run's budget; the run starts in a fresh z3 context (:func:`fresh_context`)."""
        self.total = check_rlimit(rlimit)
        self.timeout = None if timeout is None else check_timeout(timeout)
        fresh_context()
        self.deadline = None if timeout is None else time.perf_counter() + self.timeout
        self.spent = 0
        self._parent: Budget | None = None

    @property
    def left(self) -> int:
        return max(0, self.total - self.spent)

    def part(self, units: int) -> Budget:
        """A step's share: at most ``units`` and at most what is left here."""
        child = object.__new__(Budget)  # a share of this run: same context, no new validation
        child.total, child.timeout, child.deadline = max(0, min(int(units), self.left)), self.timeout, self.deadline
        child.spent = 0
        child._parent = self
        return child

    def _charge(self, units: int) -> None:
        b: Budget | None = self
        while b is not None:
            b.spent += units
            b = b._parent

    def wall_left(self, step: str) -> float | None:
        """Seconds left before the outer limit (None: no limit); :class:`WallClock` when none are."""
        if self.deadline is None:
            return None
        left = self.deadline - time.perf_counter()
        if left <= 0:
            raise WallClock(step, self.timeout)
        return left

    def solver(self, kind: type = z3.Solver) -> Any:
        """A fresh solver with z3's seeds fixed (:data:`SEED`)."""
        for name in _GLOBAL_SEEDS:
            z3.set_param(name, SEED)
        s = kind()
        s.set("random_seed", SEED)
        return s

    def check(self, solver: Any, step: str, weight: int = 1) -> Any:
        """``solver.check()`` with what is left of this budget as its rlimit and the wall-clock limit as its
        time-out; the units it used, times ``weight``, are charged here (:data:`~avagree.smt.limits.NONLINEAR_WEIGHT`).
        :class:`WallClock` if the outer limit stopped it."""
        wall = self.wall_left(step)
        if self.left < weight:
            return z3.unknown
        solver.set("rlimit", min(self.left // weight, MAX_RLIMIT))
        if wall is not None:
            solver.set("timeout", z3_ms(wall))
        before = _count(solver)
        res = solver.check()
        self._charge((_count(solver) - before) * weight)
        if res == z3.unknown and (solver.reason_unknown() == "timeout" or
                                  (self.deadline is not None and time.perf_counter() >= self.deadline)):
            raise WallClock(step, self.timeout)
        return res

    def why_unknown(self, solver: Any) -> str:
        """z3's reason for an unknown answer, in words: a spent budget, or z3's own reason."""
        if self.left <= 0 or solver.reason_unknown() == "canceled":
            return f"resource budget of this step spent ({self.total} z3 units)"
        return f"z3: {solver.reason_unknown()}"


def fresh_context() -> None:
    """Make z3's main context a new one, so that a run does not depend on what the process built
    before. z3's Python API creates its main context lazily when its module variable is None (z3
    5.4.1; there is no public call for this); terms built before keep their own context alive."""
    z3.z3._main_ctx = None


def _count(solver: Any) -> int:
    """The context's cumulative resource count (z3 reports it in every solver's statistics)."""
    st = solver.statistics()
    return int(st.get_key_value("rlimit count")) if "rlimit count" in st.keys() else 0


def scope_entries(budget: Budget) -> dict[str, Any]:
    """What a verdict's ``scope`` records so that it can be reproduced elsewhere."""
    return {"rlimit": budget.total, "seed": SEED, "z3": z3_version()}
