"""MDA at n = 6f (asynchronous, q = n - f) in dimension d >= 2 under the reference tie rule
``first``: a family of executions that do not contract, one per f, replayed exactly.

The rule keeps the lexicographically first optimal subset in the canonical order, which sorts
vectors lexicographically by coordinates; the optimal subsets commute with rotations, that
order does not. In normal-form coordinates (outputs' difference on the first axis) put 2f
honest nodes at L = (0, 0), 2f at R = (1, 0) and f at M = (1/2, -1/2) (honest diameter 1).
Receiver 0 (an L node) hears 2f R, f M, f L and f Byzantine copies of M + (1, 0); receiver 1
(an R node) hears 2f L, f M, f R and f copies of M - (1, 0). At each receiver exactly two
subsets of size q - f = 4f have the least diameter 1: its honest vectors, and the one that
swaps its f farthest honest vectors (the L's at receiver 0, the R's at receiver 1) for the
Byzantine ones. Seen rotated by a quarter turn, (x, y) -> (y, -x), the canonical order puts the
Byzantine vectors before the swapped-out honest ones, so ``first`` keeps the Byzantine subset at
both receivers, whose means are (1, -1/4) and (0, -1/4): one diameter apart. In d = 1 the order
is the line's and ``first`` contracts at n = 6f; in the plane it does not."""

from __future__ import annotations

import time
from fractions import Fraction

import numpy as np


def tie_break_witness(n: int, f: int, q: int, d: int, model: str, bound: Fraction, strict: bool, t0: float):
    """The family's execution for these parameters, replayed exactly through the reference rule
    (``first``); a witness if it violates the contraction spec, else None (other parameters: None)."""
    from avagree.errors import WitnessError
    from avagree.harness.aggregate import model_rule
    from avagree.harness.witness import from_execution
    from avagree.model.execution import Params, Round, execute, make_delivery

    if model != "async" or f < 1 or n != 6 * f or q != n - f or d < 2:
        return None
    half = Fraction(1, 2)

    def seen(x, y):  # normal-form coordinates as the rule sees them, a quarter turn away, padded to d
        return [Fraction(y), Fraction(-x)] + [Fraction(0)] * (d - 2)

    L, R, M = seen(0, 0), seen(1, 0), seen(half, -half)
    # nodes: 0 and 2..2f in L, 1 and 2f+1..4f-1 in R, 4f..5f-1 in M
    lefts = [0] + list(range(2, 2 * f + 1))
    rights = [1] + list(range(2 * f + 1, 4 * f))
    middles = list(range(4 * f, 5 * f))
    honest = np.array([L if j in lefts else R if j in rights else M for j in range(5 * f)], dtype=object)
    p = Params(n, f, q, d, model)

    def delivery(own: list[int], other: list[int], byz: list) -> object:  # f of its own group, 2f of the other
        senders = own[:f] + middles + other
        return make_delivery(senders, np.array([byz] * f, dtype=object).reshape(f, d), d, "exact")

    dl = [delivery(lefts, rights, seen(3 * half, -half)), delivery(rights, lefts, seen(-half, -half))]
    for j in range(2, 5 * f):  # receivers the argument does not need: a plain delivery
        others = [k for k in range(5 * f) if k != j]
        dl.append(make_delivery([j] + others[: q - f - 1], np.array([honest[j]] * f, dtype=object).reshape(f, d),
                                d, "exact"))
    ex = execute(model_rule("mda", None), p, honest, [Round(tuple(dl))], mode="exact")
    try:
        return from_execution("mda", ex, "contraction", bound * bound, "n = 6f tie-break family",
                              time.perf_counter() - t0, {"strict": Fraction(1)} if strict else None)
    except WitnessError:
        return None
