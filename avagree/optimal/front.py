r"""The least contraction factor, the least averaging error, and the exact Pareto front between
them over the L-statistics with weights on f + 1 .. q - f (:mod:`avagree.proofs.lstat`).

The set :math:`\{(C(w), A(w))\} + \mathbb{R}^2_{\ge 0}` is a convex polyhedron (C and A are
maxima of affine forms), so the front is a convex piecewise-linear curve from the point of
least C (and least A among those) to the point of least A (and least C among those). It is
found by the dichotomic weighted-sum method: between two known vertices P1, P2, minimise
:math:`\lambda \cdot (C, A)` with :math:`\lambda = (a_1 - a_2, c_2 - c_1)`; a value below
:math:`\lambda \cdot P_1` is a new point, else P1 P2 is an edge.

What is certified (:func:`check`, exact): each vertex's weights give exactly its (c, a); the
first vertex's c is the least C (a dual certificate) and the last one's a the least A; each
edge's line supports the whole set (a dual certificate of :math:`\lambda \cdot (C(w), A(w))
\ge \lambda \cdot P_1` for every w in the class, with equality at both ends); the c strictly
increase and the slopes strictly increase. Then the front is exactly this polyline: below it
no point of the class lies (the supporting lines), and every point on it is attained (a convex
combination of two vertices' weights lies on or below the edge, hence on it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from avagree.proofs.lstat import Instance, averaging, contraction, forms

from .problem import Certificate, Problem, problem
from .solve import certify


@dataclass(frozen=True)
class Vertex:
    """A point of the front: exact contraction factor and averaging error, and weights attaining them."""

    contraction: Fraction
    averaging: Fraction
    weights: tuple[Fraction, ...]


@dataclass
class Front:
    """The certified results for one instance; ``ok`` False (with ``failures``) means UNKNOWN."""

    inst: Instance
    best_contraction: Certificate | None = None
    best_averaging: Certificate | None = None
    vertices: list[Vertex] = field(default_factory=list)
    edges: list[Certificate] = field(default_factory=list)  # edges[i] joins vertices[i] and vertices[i + 1]
    ends: list[Certificate] = field(default_factory=list)  # the lexicographic end points' LPs
    failures: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures and bool(self.vertices)


def point(inst: Instance, weights: list[Fraction]) -> Vertex:
    """The exact (C(w), A(w)) of these weights."""
    c, a = contraction(weights, inst), averaging(weights, inst)
    assert c is not None and a is not None  # certified weights sit on admissible positions
    return Vertex(c, a, tuple(weights))


def _solved(prob: Problem, front: Front) -> Certificate | None:
    cert = certify(prob)
    if cert is None:
        front.failures.append(f"no exact certificate for: {prob.title}")
    return cert


def best(inst: Instance, quantity: str, front: Front) -> Certificate | None:
    """The certified least contraction factor or averaging error."""
    return _solved(problem(inst, f"min {quantity}", {quantity: Fraction(1)}), front)


def _end(inst: Instance, first: str, value: Fraction, second: str, front: Front) -> Vertex | None:
    """Least ``second`` among the weights whose ``first`` is at most its least value ``value``."""
    cert = _solved(problem(inst, f"min {second} s.t. {first} <= {value}", {second: Fraction(1)}, {first: value}), front)
    if cert is None:
        return None
    front.ends.append(cert)
    return point(inst, cert.weights)


def _weighted(inst: Instance, lam: tuple[Fraction, Fraction], front: Front) -> Certificate | None:
    title = f"min {lam[0]} * contraction + {lam[1]} * averaging"
    return _solved(problem(inst, title, {"contraction": lam[0], "averaging": lam[1]}), front)


def _normal(p1: Vertex, p2: Vertex) -> tuple[Fraction, Fraction]:
    return p1.averaging - p2.averaging, p2.contraction - p1.contraction


def _dot(lam: tuple[Fraction, Fraction], v: Vertex) -> Fraction:
    return lam[0] * v.contraction + lam[1] * v.averaging


def compute(inst: Instance, max_vertices: int = 10_000) -> Front:
    """Best C, best A and the front of ``inst``'s class, every number certified (module docstring)."""
    front = Front(inst)
    front.best_contraction = best(inst, "contraction", front)
    front.best_averaging = best(inst, "averaging", front)
    if front.failures:
        return front
    assert front.best_contraction.value is not None and front.best_averaging.value is not None
    left = _end(inst, "contraction", front.best_contraction.value, "averaging", front)
    right = _end(inst, "averaging", front.best_averaging.value, "contraction", front)
    if left is None or right is None:
        return front
    if (left.contraction, left.averaging) == (right.contraction, right.averaging):
        front.vertices = [left]
        return check(front)
    found: dict[tuple[Fraction, Fraction], Vertex] = {}
    edges: dict[tuple[Fraction, Fraction], Certificate] = {}
    stack = [(left, right)]
    found[(left.contraction, left.averaging)] = left
    found[(right.contraction, right.averaging)] = right
    while stack and len(found) <= max_vertices:
        p1, p2 = stack.pop()
        lam = _normal(p1, p2)
        cert = _weighted(inst, lam, front)
        if cert is None or cert.value is None:
            return front
        if cert.value >= _dot(lam, p1):
            edges[(p1.contraction, p1.averaging)] = cert
            continue
        p3 = point(inst, cert.weights)
        found[(p3.contraction, p3.averaging)] = p3
        stack += [(p1, p3), (p3, p2)]
    if stack:
        front.failures.append(f"more than {max_vertices} vertices")
        return front
    front.vertices = sorted(found.values(), key=lambda v: v.contraction)
    front.edges = [edges[(v.contraction, v.averaging)] for v in front.vertices[:-1]]
    _merge_collinear(front)
    return check(front)


def _merge_collinear(front: Front) -> None:
    """Drop a vertex inside a straight piece (the weighted-sum LP may land inside an edge); the
    certificate of either half proves the line through the whole piece."""
    i = 1
    while i < len(front.vertices) - 1:
        a, b, c = front.vertices[i - 1:i + 2]
        if _normal(a, b)[0] * _normal(b, c)[1] == _normal(a, b)[1] * _normal(b, c)[0]:
            del front.vertices[i]
            del front.edges[i]
        else:
            i += 1


def _of_the_model(prob: Problem, inst: Instance) -> bool:
    """Does the LP use exactly the count model's forms of ``inst`` (every form of each group)?"""
    return prob.inst == inst and all(g.forms == tuple(forms(inst, g.quantity)) for g in prob.groups)


def check(front: Front) -> Front:
    """Every claim of the front checked in exact arithmetic (module docstring); failures listed."""
    fail, vs = front.failures, front.vertices
    bc, ba = front.best_contraction, front.best_averaging
    for name, cert in (("least contraction", bc), ("least averaging", ba)):
        if cert is None or not cert.ok:
            fail.append(f"{name}: not certified")
    for cert in front.ends + front.edges:
        if not cert.ok:
            fail.append(f"{cert.problem.title}: not certified")
    for cert in [bc, ba] + front.ends + front.edges:
        if cert is not None and not _of_the_model(cert.problem, front.inst):
            fail.append(f"{cert.problem.title}: not an LP of the count model of this instance")
    if fail:
        return front
    for v in vs:
        if point(front.inst, list(v.weights)) != v:
            fail.append(f"vertex ({v.contraction}, {v.averaging}): its weights give other values")
    if vs[0].contraction != bc.value or vs[-1].averaging != ba.value:
        fail.append("the ends are not the least contraction factor and the least averaging error")
    if len(front.edges) != len(vs) - 1:
        fail.append("one certificate per edge expected")
    for i, cert in enumerate(front.edges):
        p1, p2 = vs[i], vs[i + 1]
        groups = {g.quantity: g.weight for g in cert.problem.groups}
        lam = (groups.get("contraction"), groups.get("averaging"))
        if not (p1.contraction < p2.contraction and p1.averaging > p2.averaging):
            fail.append(f"edge {i}: not strictly right and down")
        elif None in lam or lam[0] <= 0 or lam[1] <= 0 or not cert.bound == _dot(lam, p1) == _dot(lam, p2):
            fail.append(f"edge {i}: its certified line does not pass through both ends")
    slopes = [(b.averaging - a.averaging) / (b.contraction - a.contraction) for a, b in zip(vs, vs[1:])
              if b.contraction > a.contraction]
    if any(s2 <= s1 for s1, s2 in zip(slopes, slopes[1:])):
        fail.append("slopes do not increase strictly (not the vertices of a convex front)")
    if len(vs) == 1 and vs[0].averaging != ba.value:
        fail.append("a one-point front must have the least averaging error")
    return front
