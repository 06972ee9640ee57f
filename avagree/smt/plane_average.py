"""MDA in the plane under ``ties=average``: skeleton classes refuted by an averaging
argument (:mod:`.geometry`), linear, for the classes the projection relaxation leaves.

Under ``average`` a receiver outputs the mean of the means of its optimal subsets, so the
outputs' distance is at most the mean, over every pair (A, B) of optimal subsets of the two
receivers, of the distance between A's and B's means (triangle inequality), and each pair is
an execution under ``ties=adversary`` whose skeleton class the engine decides. Let H_g be
receiver g's delivered honest vectors: exactly q - f of them (async; all h = q - f in sync),
so H_g is one candidate subset, of diameter <= Delta(in). In the normal form (Delta(in) <= 1,
a violation puts the outputs c = ``bound`` apart, strict) a class C is *refuted under average*
when

(a) C's kept set holds a Byzantine vector at both receivers (so C's pairs never use H_g),
(b) its relaxation cannot put the outputs more than c apart (every execution of C has gap <= c),
(c) its relaxation cannot put them c apart when every kept pair at both receivers is strictly
    less than 1 apart on the first axis.

If every class is refuted outright or under average, no averaged execution violates:
if H_g is optimal at some receiver g, the pairs (H_g, B) lie in classes that keep no Byzantine
vector at g, refuted outright by (a) (gap < c), and every other pair has gap <= c by (b) or
outright, so the mean is < c; if neither H_g is optimal, every optimal subset is less wide
than its receiver's H_g, whose diameter is <= 1, so each pair lies in a class with all kept
pairs closer than 1, where (c) or an outright refutation gives gap < c. Only for strict
violations (gap >= c): (b) is then not already a refutation.
"""

from __future__ import annotations

from fractions import Fraction
from itertools import combinations

import z3

from avagree.smt.budget import Budget
from avagree.smt.plane_case import Case, Frame
from avagree.smt.skeletons import Skeleton


def _closer(frame: Frame, g: int, a, b):
    """|a - b| < 1 on the first axis, for two elements of receiver g's multiset."""
    def first(e):
        return frame.xs[e[1]][0] if e[0] == "h" else frame.byz[g][e[1]][0]
    return z3.And(first(a) - first(b) < 1, first(b) - first(a) < 1)


def refuted_under_average(solver: z3.Solver, frame: Frame, sk: Skeleton, k: int, bound: Fraction,
                          budget: Budget, step: str) -> bool:
    """Conditions (a), (b) and (c) of the module's argument for class ``sk``, each a linear check on
    ``solver`` (which holds the frame's relaxed constraints) within ``budget``; False if one fails or is
    not decided."""
    if any(not any(e[0] == "b" for e in sk.kept[g]) for g in (0, 1)):  # (a)
        return False
    wider = Case(frame, sk, k, bound, strict=False).own  # (b): gap > c
    apart = Case(frame, sk, k, bound, strict=True).own + [  # (c): gap >= c, kept pairs closer than 1
        _closer(frame, g, a, b) for g in (0, 1) for a, b in combinations(sk.kept[g], 2)]
    for what, cons in (("outputs farther apart than the bound", wider), ("kept sets narrower than 1", apart)):
        solver.push()
        solver.add(cons)
        res = budget.check(solver, f"{step}, averaging argument ({what})")
        solver.pop()
        if res != z3.unsat:
            return False
    return True


def average_pass(todo: list[tuple[int, Skeleton]], total: int, frame: Frame, k: int, bound: Fraction,
                 budget: Budget) -> tuple[list[tuple[int, Skeleton]], int]:
    """The classes of ``todo`` (index, class) that the averaging argument does not refute, and how many it
    refuted; each class gets an equal share of ``budget``."""
    solver = budget.solver()
    solver.add(frame.relaxed)
    left, refuted = [], 0
    for pos, (i, sk) in enumerate(todo):
        share = budget.part(budget.left // (len(todo) - pos))
        if refuted_under_average(solver, frame, sk, k, bound, share, f"skeleton {i + 1} of {total}"):
            refuted += 1
        else:
            left.append((i, sk))
    return left, refuted
