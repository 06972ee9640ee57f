"""The formula of one MDA skeleton in dimension d >= 2 (:mod:`.geometry`), in a
normal form that makes the outputs' distance linear, and its linear relaxation.

Normal form (contraction is invariant under translations, rotations, reflections
and scaling, and MDA commutes with them): x_0 = 0; the outputs' difference
out_0 - out_1 on the first axis, pointing its way (a rotation); x_1 in the plane
of the first two axes with its second coordinate >= 0 (a rotation and a
reflection that fix the first axis); honest squared diameter <= 1 (a scaling).
Then ||out_0 - out_1|| >= c is the linear "first coordinate of out_0 - out_1 >= c,
the others 0" (> c when not strict), not a quadratic.

Linear relaxation: the whole execution projected on the first axis, the line
through the two outputs. Every distance at most 1 stays at most 1 there and the
outputs are exactly as far apart, so if the projection (a linear program in one
coordinate per vector, minimality dropped) cannot put the outputs c apart, no
execution of the skeleton can. It is at least as strong as the polygons around
unit disks it replaced (a polygon solution exists whenever a projected one does,
by embedding on the axis) and far smaller: about h^2 difference constraints, no
disjunction.

The skeleton-independent part (honest variables, honest pair constraints) is
built once per run in a :class:`Frame` and shared by every class's formula; the
nonlinear constraints of a class are built only if its relaxation is not refuted.
"""

from __future__ import annotations

from fractions import Fraction
from functools import cached_property
from itertools import combinations
from typing import Any

import numpy as np
import z3

from avagree.errors import ParameterError
from avagree.smt.skeletons import Elem, Skeleton


def _sq(u: list, v: list) -> Any:
    return z3.Sum([(a - b) * (a - b) for a, b in zip(u, v)])


def _within_one(a: Any, b: Any) -> Any:
    """|a - b| <= 1, for two coordinates."""
    return z3.And(a - b <= 1, b - a <= 1)


def _num(model: z3.ModelRef, term: Any) -> Fraction:
    v = model.eval(term, model_completion=True)
    if z3.is_rational_value(v):
        return Fraction(v.as_fraction())
    if z3.is_algebraic_value(v):
        return Fraction(v.approx(30).as_fraction())
    raise ParameterError("model", str(v), "z3 returned a value that is not a number")


class Frame:
    """The variables of one run (h honest nodes, f Byzantine vectors per receiver, dimension d) in the
    normal form, and the constraints on the honest nodes alone, shared by every skeleton's formula."""

    def __init__(self, h: int, f: int, d: int):
        self.h, self.f, self.d = h, f, d
        self.xs = [[z3.RealVal(0)] * d] + [[z3.Real(f"x_{j}_{c}") if (j > 1 or c < 2) else z3.RealVal(0)
                                            for c in range(d)] for j in range(1, h)]
        self.byz = [[[z3.Real(f"b_{g}_{i}_{c}") for c in range(d)] for i in range(f)] for g in (0, 1)]
        self.D = [z3.Real(f"D_{g}") for g in (0, 1)]
        self.relaxed = [_within_one(self.xs[a][0], self.xs[b][0]) for a, b in combinations(range(h), 2)]
        self._near: dict[tuple[int, Elem, Elem], Any] = {}

    def near(self, g: int, a: Elem, b: Elem) -> Any:
        """|a - b| <= 1 on the first axis, for two elements of receiver g's multiset (built once per run)."""
        key = (g, a, b)
        if key not in self._near:
            def first(e: Elem) -> Any:
                return self.xs[e[1]][0] if e[0] == "h" else self.byz[g][e[1]][0]
            self._near[key] = _within_one(first(a), first(b))
        return self._near[key]

    @cached_property
    def cons(self) -> list:
        """Honest squared diameter <= 1, and x_1's second coordinate >= 0."""
        return [self.xs[1][1] >= 0] + [_sq(self.xs[a], self.xs[b]) <= 1 for a, b in combinations(range(self.h), 2)]


class Case:
    """The formula of one skeleton: :attr:`relaxed` (linear, built at once) and :attr:`cons` (polynomial of
    degree 2, built when first asked for)."""

    def __init__(self, frame: Frame, sk: Skeleton, k: int, bound: Fraction, strict: bool):
        self.frame, self.sk, self.k, self.bound, self.strict = frame, sk, k, bound, strict
        self.vec: list[dict[Elem, list]] = []
        for g in (0, 1):
            vec = {("h", j): frame.xs[j] for j in sk.delivered[g]}
            self.vec.append(vec | {("b", i): frame.byz[g][i] for i in range(frame.f)})
        gap = self.diff(0)
        self.far = gap >= z3.RealVal(bound) if strict else gap > z3.RealVal(bound)
        #: the relaxation's constraints of this class alone (:attr:`relaxed` adds the frame's)
        self.own = [self.far] + [frame.near(g, a, b) for g in (0, 1) for a, b in combinations(sk.kept[g], 2)
                                 if a[0] == "b" or b[0] == "b"]

    @property
    def relaxed(self) -> list:
        return self.frame.relaxed + self.own

    def diff(self, c: int) -> Any:
        """Coordinate c of out_0 - out_1."""
        return (z3.Sum([self.vec[0][e][c] for e in self.sk.kept[0]])
                - z3.Sum([self.vec[1][e][c] for e in self.sk.kept[1]])) / self.k

    @cached_property
    def cons(self) -> list:
        """D_g bounds receiver g's kept set's squared diameter; the delivered honest vectors are a competing set
        of the same size (q - f), of squared diameter <= 1, so D_g <= 1 in every MDA execution."""
        out = self.frame.cons + [self.far] + [self.diff(c) == 0 for c in range(1, self.frame.d)]
        for g in (0, 1):
            vec, D = self.vec[g], self.frame.D[g]
            out += [D <= 1] + [_sq(vec[a], vec[b]) <= D for a, b in combinations(self.sk.kept[g], 2)]
        return out

    def lemma(self, g: int, T: tuple[Elem, ...], strict: bool) -> Any:
        vec, D = self.vec[g], self.frame.D[g]
        pairs = [_sq(vec[a], vec[b]) for a, b in combinations(T, 2)]
        return z3.Or([(pv > D) if strict else (pv >= D) for pv in pairs]) if pairs else z3.BoolVal(not strict)

    def concrete(self, m: z3.ModelRef, g: int) -> tuple[list[Elem], np.ndarray]:
        ids = list(self.vec[g])
        return ids, np.array([[_num(m, c) for c in self.vec[g][e]] for e in ids], dtype=object)

    def honest(self, m: z3.ModelRef) -> np.ndarray:
        return np.array([[_num(m, c) for c in row] for row in self.frame.xs], dtype=object)
