"""Size limits of the simulations (issue 26), in one place: what ``avagree simulate`` (and
:func:`avagree.sim.broadcast.simulate`, :func:`avagree.sim.schedule_search.search`) and ``avagree learn``
(:func:`avagree.sim.learn.learn_report`, :func:`avagree.sim.digits.experiment`) accept, refused before any
work with :class:`~avagree.errors.SizeError`.

Measured on the reference machine (2 cores). The broadcast protocol sends O(n^3) messages per iteration
(n reliable broadcasts of n^2 ECHO and READY messages each, and as many for the reports): one iteration
took 150 s and peaked at 0.47 GB at n = 80, 5 s and 0.10 GB at n = 40 (d = 2), 49 s and 0.09 GB at n = 20,
d = 1000 (n^2 d = 4 * 10^5). LEARN runs every aggregation
round through the execution model, which holds h q d received numbers with their delivery records (about
150 bytes each): 0.14 GB at n = 200, d = 5 (2 * 10^5 of them), 0.16 GB and 63 s at n = 450 (1.008 * 10^6, cwtm, T = 2; the limit stops at n = 448 for f = 1, d = 5), 3 GB at
n = 2000 (2 * 10^7), where the process was still running after 9 minutes. The digits task has d = 650 parameters per node.
"""

from __future__ import annotations

from avagree.errors import SizeError

#: ``simulate broadcast``: the largest n, d, n^2 d (values the messages of one iteration carry, per
#: sender), iterations and --search budget
SIMULATE_MAX_N = 64
SIMULATE_MAX_D = 1000
SIMULATE_MAX_N2D = 1_000_000
SIMULATE_MAX_ITERATIONS = 100
SIMULATE_MAX_BUDGET = 100_000
#: what an accepted ``simulate`` may take (resident memory; measured above)
SIMULATE_MEMORY = "0.5 GB"

#: ``learn``: the largest n, and h q d (numbers received in one aggregation round), T and seeds
LEARN_MAX_N = 1000
LEARN_MAX_CELLS = 1_000_000
LEARN_MAX_T = 100_000
LEARN_MAX_SEEDS = 1000
#: the digits task's parameters per node: 64 pixels and a bias, times 10 classes
DIGITS_D = 650
#: what an accepted ``learn`` may take (resident memory; measured above)
LEARN_MEMORY = "0.5 GB"

SIMULATE_HELP = (f"size limits: n <= {SIMULATE_MAX_N}, d <= {SIMULATE_MAX_D}, n^2 d <= {SIMULATE_MAX_N2D}, "
                 f"iterations <= {SIMULATE_MAX_ITERATIONS}, --budget <= {SIMULATE_MAX_BUDGET}; larger runs are "
                 f"refused (exit 2); an accepted one stays under about {SIMULATE_MEMORY}. Messages grow as n^3 per "
                 f"iteration (150 s per iteration at n = 80). Theorem 6's constants for any n: 'avagree constants "
                 f"trimmed-middle --n N --f F'")
LEARN_HELP = (f"size limits: n <= {LEARN_MAX_N} and h q d <= {LEARN_MAX_CELLS} numbers received per aggregation "
              f"round (d = 650 for digits), T <= {LEARN_MAX_T}, seeds <= {LEARN_MAX_SEEDS}; larger runs are refused "
              f"(exit 2); an accepted one stays under about {LEARN_MEMORY}. For any n, '--task recipe' evaluates "
              f"T_LEARN(delta) and 'avagree constants RULE' the averaging constant")


def _at_most(name: str, value: int, limit: int, what: str, instead: str) -> None:
    if value > limit:
        raise SizeError(name, value, f"beyond {what}'s size limit {name} <= {limit}; {instead}")


def check_simulate(n: int, f: int, d: int, iterations: int | None = None, budget: int | None = None) -> None:
    """Refuse a broadcast simulation (or --search) beyond the limits above, before any work."""
    instead = f"use 'avagree constants trimmed-middle --n {n} --f {f}' for Theorem 6's constants at any n"
    what = "the broadcast simulation"
    _at_most("n", n, SIMULATE_MAX_N, what, instead)
    _at_most("d", d, SIMULATE_MAX_D, what, "lower d")
    if n * n * d > SIMULATE_MAX_N2D:
        raise SizeError("d", d, f"n^2 d = {n * n * d} at n={n}, beyond {what}'s size limit of {SIMULATE_MAX_N2D}; "
                                f"lower n or d")
    if iterations is not None:
        _at_most("iterations", iterations, SIMULATE_MAX_ITERATIONS, what, "lower --iterations or --t")
    if budget is not None:
        _at_most("budget", budget, SIMULATE_MAX_BUDGET, what, "lower --budget")


def check_learn(n: int, f: int, q: int, d: int, T: int = 1, seeds: int = 1) -> None:
    """Refuse a LEARN simulation beyond the limits above, before any work (``d``: the parameters per node)."""
    what, instead = "LEARN", "'avagree learn RULE --task recipe' and 'avagree constants RULE' answer for any n"
    _at_most("n", n, LEARN_MAX_N, what, instead)
    cells = (n - f) * q * d
    if cells > LEARN_MAX_CELLS:
        raise SizeError("n", n, f"one aggregation round at n={n}, f={f}, q={q}, d={d} receives h q d = {cells} numbers, beyond "
                        f"{what}'s size limit of {LEARN_MAX_CELLS}; lower n or d; {instead}")
    _at_most("T", T, LEARN_MAX_T, what, "lower --T")
    _at_most("seeds", seeds, LEARN_MAX_SEEDS, what, "lower --seeds")
