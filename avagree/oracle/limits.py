"""Size limits of the search oracle (issue 26), in one place: what :func:`avagree.check`, ``avagree fuzz`` and
the pytest fixture accept, refused before any execution is drawn.

One execution holds, per honest receiver, the indices of the q - f honest senders it hears and its f
Byzantine vectors of d numbers: about h (q + f d) + h d cells (:func:`cells`), kept three times over (the
execution tried, the best one, a mutation), as Fractions when a violation is replayed exactly. Measured on the
reference machine (cwtm, d = 2, f = 1, three executions): 64 MB at n = 1000, 220 MB at n = 2000 (4 million
cells), 69 MB at n = 300 with d = 1000; ``fuzz`` at n = 10^5 ran out of memory before this limit. Time grows
as n^2 d (one spec of 300 executions: 10 s at n = 100, 110 s at n = 400, about 10 s per execution at
n = 2000), so the limit is a memory bound, not a promise of speed.
"""

from __future__ import annotations

from avagree.errors import SizeError

#: the largest n the oracle accepts
MAX_N = 2000
#: the largest execution, in cells (:func:`cells`): n = 2000 at f = 1, d = 2
MAX_CELLS = 4_000_000
#: what one accepted search may take (resident memory; measured above)
MEMORY_BOUND = "0.5 GB"

#: one line for the help of the commands that run the oracle
SIZE_HELP = (f"size limits: n <= {MAX_N} and h (q + f d) + h d <= {MAX_CELLS} cells per execution (n = 2000 at "
             f"f = 1, d = 2); larger problems are refused (exit 2), an accepted one stays under about {MEMORY_BOUND}; "
             f"time grows as n^2 d (about 10 s per spec at n = 100). For large n use 'avagree formula RULE' or "
             f"'avagree constants RULE' (exact, any n)")


def cells(n: int, f: int, q: int, d: int) -> int:
    """Numbers one execution holds: per honest receiver, q - f sender indices and f Byzantine vectors, plus
    the honest family and the outputs (rounded up to q per receiver)."""
    h = n - f
    return h * (q + f * d) + 2 * h * d


def check_size(n: int, f: int, q: int, d: int) -> None:
    """Refuse (:class:`~avagree.errors.SizeError`) an execution beyond :data:`MAX_N` or :data:`MAX_CELLS`."""
    instead = "for large n use 'avagree formula RULE' or 'avagree constants RULE' (exact, any n)"
    if n > MAX_N:
        raise SizeError("n", n, f"beyond the search oracle's size limit n <= {MAX_N}; {instead}")
    size = cells(n, f, q, d)
    if size > MAX_CELLS:
        raise SizeError("d" if d > 1 and cells(n, f, q, 1) <= MAX_CELLS else "n", d if d > 1 and
                        cells(n, f, q, 1) <= MAX_CELLS else n,
                        f"one execution at n={n}, f={f}, q={q}, d={d} holds {size} cells, beyond the search oracle's "
                        f"limit of {MAX_CELLS} (n = {MAX_N} at d = 2); lower n or d; {instead}")
