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


# -- size limits (issue 26): what the Z3 engine accepts, refused before any formula is built ------------

#: the largest n the Z3 engine accepts (``check``, ``worst``, ``sweep``, ``avagree.smt.decide``). Measured on the
#: reference machine (2 cores, z3 5.4.1), one round of contraction at f = 1 under the default budget: cwtm is
#: PROVED at n = 150 (552 290 313 units, 32 s) and spends the whole budget (UNKNOWN) from n = 200 on; a run that
#: spends the default budget peaks at 0.85 GB at n = 500 (mean and cwtm) and at 2.5 GB at n = 1000 (mean), and
#: ``check cwtm --n 1000000000`` grew to 7 GB and died in z3 before this limit. So n <= 500 keeps a run within
#: :data:`MEMORY_BOUND` at the default budget; beyond, only the closed forms answer (``avagree formula``,
#: ``avagree constants``: exact, any n)
MAX_N = 500

#: the largest formula the Z3 engine builds, in encoded terms (:func:`formula_size`): n = 500 at f = 1 is 3984
#: terms, n = 300 at f = 3 9408 (both well under a second to build; 0.73 GB when the default budget is spent);
#: building grows as terms (measured: 1.1 s for 16 975 constraints, 27 s for 334 198, 67 s for 570 158)
MAX_TERMS = 20_000

#: what one accepted Z3 run may take (resident memory, measured peaks above) at the default budget
MEMORY_BOUND = "1 GB"

#: one line for the help of the commands that run Z3
SIZE_HELP = (f"size limits: n <= {MAX_N} and at most {MAX_TERMS} encoded terms (about (n - 2f)(f + 1)^2 per "
             f"encoded receiver; two receivers for one round of contraction, every receiver for averaging or "
             f"several rounds); larger problems are refused (exit 2): use 'avagree formula RULE' or "
             f"'avagree constants RULE' (exact, any n) or 'avagree fuzz' (search). An accepted run stays under "
             f"about {MEMORY_BOUND} at the default budget")


def formula_size(n: int, f: int, q: int, model: str = "async", spec: str = "contraction", rounds: int = 1) -> int:
    """The number of order-statistic terms the d = 1 encoding builds (:mod:`avagree.smt.encode`): per
    encoded receiver of round 1, m (slack + 1)(f + 1) placements (m = q - f delivered honest values, slack =
    h - m senders skipped); two receivers for one round of contraction (the induction on rounds also decides
    one round), one for validity and quasi-unanimity, every receiver otherwise; each later round of an
    unrolled spec adds h q^2 rank terms."""
    h = n - f
    m = max(q - f, 0)
    slack = max(h - m, 0) if model == "async" else 0
    one = m * (slack + 1) * (f + 1)
    receivers = {"contraction": 2, "strict-contraction": 2, "validity": 1, "quasi-unanimity": 1,
                 "quasi-unanimity-own": 1, "deviation": 1}.get(spec, h)
    if rounds > 1 and spec not in ("contraction", "strict-contraction"):
        receivers = h
        return receivers * one + (rounds - 1) * h * q * q
    return receivers * one


def check_size(n: int, f: int, q: int, model: str = "async", spec: str = "contraction", rounds: int = 1,
               rule: str = "RULE") -> None:
    """Refuse (:class:`~avagree.errors.SizeError`) a problem beyond :data:`MAX_N` or :data:`MAX_TERMS`,
    before any work, naming the limit and what answers instead."""
    from avagree.errors import SizeError

    instead = (f"use 'avagree formula {rule}' or 'avagree constants {rule} --n {n} --f {f}' (exact, any n) or "
               f"'avagree fuzz' (search)")
    if n > MAX_N:
        raise SizeError("n", n, f"beyond the Z3 engine's size limit n <= {MAX_N}; {instead}")
    size = formula_size(n, f, q, model, spec, rounds)
    if size > MAX_TERMS:
        raise SizeError("n", n, f"at f={f}, q={q}, {spec}, rounds={rounds} the formula has {size} terms, beyond the "
                                f"Z3 engine's size limit of {MAX_TERMS}; {instead}")
