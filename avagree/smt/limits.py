"""Time limits of the Z3 engine (the wall-clock outer limit of a run; the budget that
decides a verdict is in z3 resource units, :mod:`avagree.smt.budget`). A time limit is
always a limit: z3 reads a time-out of 0 ms as "no limit", so no request may round
down to 0, and a request below z3's resolution (1 ms) is refused rather than
silently widened."""

from __future__ import annotations

import math
from typing import Any

from avagree.errors import ParameterError

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
