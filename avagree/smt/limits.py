"""Limits of the Z3 engine, without z3: the budgets in z3 resource units and their
defaults (used by :mod:`avagree.smt.budget`, which runs them, and by the command
line's help, which must not load z3), and the wall-clock outer limit. A time limit is
always a limit: z3 reads a time-out of 0 ms as "no limit", so no request may round
down to 0, and a request below z3's resolution (1 ms) is refused rather than
silently widened."""

from __future__ import annotations

import math
from typing import Any

from avagree.errors import ParameterError

#: z3's random seeds (smt, sat, nlsat, arithmetic), the same on every solver
SEED = 0

#: resource units per second of CPU time on the reference machine (2 cores, z3 5.4.1); docs/z3.md, "Budgets"
UNITS_PER_SECOND = 12_000_000

#: the default budget of one run (``check``, ``worst``, one sweep case, one audit case): about 100 s of
#: linear solving on the reference machine, so that every command the README shows decides what it did
#: before issue 18 (the largest, ``check mda --n 13 --f 2`` under ties=adversary, spends 770 700 824 units)
DEFAULT_RLIMIT = 100 * UNITS_PER_SECOND

#: the default budget of ``worst --d 2`` (bisection in the plane): 120 s at the calibrated rate, what the
#: README's example of it asked for (``--timeout 120``) before issue 18
PLANE_WORST_RLIMIT = 120 * UNITS_PER_SECOND

#: z3 counts nonlinear real arithmetic (nlsat) far more cheaply per second than linear solving (docs/z3.md,
#: "Budgets"): its units are charged this many times over, so that a budget means about the same time in both
NONLINEAR_WEIGHT = 15

#: the default wall-clock outer limit, seconds: out of the way of the budgets on a loaded machine (``worst
#: mda --n 7 --f 1 --d 2`` spent its 1.44G units in 604 s beside two busy processes at a load average of 5)
DEFAULT_TIMEOUT = 1800.0

#: z3 takes a solver's rlimit as an unsigned 32-bit number: one check gets at most this many units
MAX_RLIMIT = 2**32 - 1

#: z3 counts time-outs in whole milliseconds.
RESOLUTION = 0.001


def check_timeout(timeout: Any) -> float:
    """A positive, finite number of seconds, at least 1 ms; else :class:`ParameterError`."""
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not math.isfinite(timeout) or timeout <= 0:
        raise ParameterError("timeout", timeout, "must be a positive number of seconds")
    if timeout < RESOLUTION:
        raise ParameterError("timeout", timeout, f"must be at least {RESOLUTION} s (z3 counts whole milliseconds)")
    return float(timeout)


def z3_ms(seconds: float) -> int:
    """Seconds left as z3's ``timeout`` in ms: rounded up, never 0 ("no limit")."""
    return max(1, math.ceil(seconds * 1000))
