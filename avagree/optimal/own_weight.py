r"""Own weight (issue 25, item 5): the rules :math:`y = \lambda\,o + (1 - \lambda) \sum_p w_p z_{(p)}`,
o the receiver's own value, z the q values it aggregates (its own among them), w in the class of
:mod:`avagree.proofs.lstat` (weights on f + 1 .. q - f), :math:`0 \le \lambda \le 1`. One round,
d = 1, asynchronous (f < q <= n - f) or synchronous (q = n), as there.

**The count model still holds.** Write every value as :math:`v = m_0 + \int_{m_0}^{M_0}
1\{v > t\}\,dt` (m_0, M_0 the least and largest honest value). An order statistic at a position
in f + 1 .. q - f and the own value lie in [m_0, M_0], so the output is
:math:`m_0 + \int_{m_0}^{M_0} [\lambda 1\{o > t\} + (1 - \lambda) G(u(t))]\,dt`, u(t) the number
of received values above t and G as in :mod:`avagree.proofs.lstat`: the integrand is the output
of the same rule on the 0/1 execution "value > t" (same deliveries; a Byzantine value becomes a
Byzantine bit). So Delta(out) and mean(out) - mean(in) are integrals over t of the same
quantities of 0/1 executions with 1 <= k(t) <= h - 1 honest ones, each at most the maximum over
0/1 executions, over an interval of length Delta(in); and 0/1 executions are executions. Both
suprema are maxima over 0/1 executions (for every lambda <= 1; the family is lambda in [0, 1]).

**The 0/1 count model with own weight.** A receiver with own bit o, u = a + c ones among its q
values outputs lambda o + (1 - lambda) G(u); for lambda <= 1 it is highest at the largest
reachable u and lowest at the least (the counts of :mod:`avagree.proofs.lstat`). So
(:func:`contraction_forms`, :func:`averaging_forms`), per k and per pair (o1, o2) of own bits of two
distinct receivers (two receivers holding 1 need k >= 2, two holding 0 need h - k >= 2),

    C_lam(w) = max_{k, o1, o2} lam (o1 - o2) + (1 - lam)[G(hi_k(o1)) - G(lo_k(o2))],
    hi_k(1) = min(k, m) + f, hi_k(0) = min(k, m - 1) + f, lo_k(1) = max(1, k - s), lo_k(0) = max(0, k - s),

and the k receivers holding 1 (own bit 1) and the h - k holding 0 are pushed independently:
A+_lam = lam k/h + (1 - lam)(1/h)[k G(hi_k(1)) + (h - k) G(hi_k(0))] - k/h, and A-_lam its mirror.

**The identity** (for 0 <= lam <= 1, every admissible w):

    C_lam(w) = lam + (1 - lam) C(w),      A_lam(w) = (1 - lam) A(w).

The pair (o1, o2) = (1, 0) is the largest (G is nondecreasing and lam >= 0: it exceeds (1, 1)
by lam + (1 - lam)(G(lo(1)) - G(lo(0))) >= 0, (0, 0) likewise, (0, 1) by 2 lam + ...), and it is
lam + (1 - lam) times the class's contraction form; the averaging forms are (1 - lam) times the
class's forms (the lam k/h cancels lam times the k/h of the mean). So own weight maps the class's
(C, A) region affinely: P -> lam (1, 0) + (1 - lam) P. The whole family's region is
conv(region of the class, (1, 0)) (the class's region plus the positive quadrant is convex), and:

* it never lowers the least contraction factor (lam = 0 is best; where no rule of the class
  contracts, C = 1 for every lam);
* the least averaging error becomes 0 (lam = 1: keep your own value, C = 1);
* the front is the class's front up to the vertex V_j where the tangent from (1, 0) touches it,
  then the segment V_j -> (1, 0) (rules lam in [0, 1] on V_j's weights); the vertices right of
  V_j (and the class's least averaging error, when V_j is not the last) leave the front;
* the least a/(1 - c) is unchanged: along V_j -> (1, 0), a/(1 - c) = a_j/(1 - c_j).

:func:`compute` builds that front from the certified front of the class (:mod:`.front`) and
certifies it again in exact arithmetic: every old edge kept has its certified line checked at
(1, 0) too, and the new edge V_j -> (1, 0) gets its own LP certificate over the class (l = (a_j,
1 - c_j), value l . V_j = a_j = l . (1, 0)). :func:`lambda_grid` re-solves, at each lam of a rational
grid, the LPs "min C_lam" and "min A_lam" over the direct own-bit forms above (not the identity),
each certified exactly, and compares them with the identity's values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from avagree.errors import ParameterError
from avagree.proofs.lstat import Form, Instance, as_vector, bounded, top_sums

from .front import Front, Vertex, compute as class_front
from .problem import Certificate, Group, Problem, problem
from .solve import certify

#: the scope every own-weight result states
SCOPE = ("rules y = lam * own + (1 - lam) * L-statistic(received), weights on f+1..q-f, 0 <= lam <= 1; "
         "one round, d = 1, the count model's delivery model (async: q values, own among them; sync: q = n)")
#: the identity, in words
IDENTITY = "C_lam(w) = lam + (1 - lam) C(w), A_lam(w) = (1 - lam) A(w) for 0 <= lam <= 1"


@dataclass(frozen=True)
class OwnForm(Form):
    """A form of the own-weight count model: a class form with the own bits of the two receivers
    (contraction: ``own`` = (o1, o2), the high and the low receiver) in its label."""

    own: tuple[int, ...] = ()

    @property
    def label(self) -> str:
        bits = f",o={''.join(map(str, self.own))}" if self.own else ""
        return f"{self.quantity[0].upper()}{'+-'[self.sign < 0] if self.sign else ''}[k={self.k}{bits}]"


def _lam(lam: object) -> Fraction:
    value = Fraction(lam)  # type: ignore[arg-type]
    if not 0 <= value <= 1:
        raise ParameterError("own_weight", str(value), "must be in [0, 1]")
    return value


def _hi(inst: Instance, k: int, o: int) -> int:
    return (min(k, inst.m) if o else min(k, inst.m - 1)) + inst.f


def _lo(inst: Instance, k: int, o: int) -> int:
    return max(1, k - inst.s) if o else max(0, k - inst.s)


def contraction_forms(inst: Instance, lam: object) -> list[OwnForm]:
    """lam (o1 - o2) + (1 - lam)[G(hi_k(o1)) - G(lo_k(o2))] for k = 1..h - 1 and each pair of own
    bits two distinct receivers can hold (module docstring)."""
    lam = _lam(lam)
    out = []
    for k in range(1, inst.h):
        for o1 in (1, 0):
            for o2 in (0, 1):
                holders = k if o1 else inst.h - k
                if o1 == o2 and holders < 2:
                    continue
                out.append(OwnForm("contraction", 0, k, ((1 - lam, _hi(inst, k, o1)), (lam - 1, _lo(inst, k, o2))),
                                   lam * (o1 - o2), (o1, o2)))
    return out


def averaging_forms(inst: Instance, lam: object) -> list[OwnForm]:
    """A+_lam (sign +1) then A-_lam (sign -1), one per k = 1..h - 1 (module docstring)."""
    lam = _lam(lam)
    h = inst.h
    up = [OwnForm("averaging", 1, k, ((Fraction(k, h) * (1 - lam), _hi(inst, k, 1)),
                                      (Fraction(h - k, h) * (1 - lam), _hi(inst, k, 0))), Fraction(k, h) * (lam - 1))
          for k in range(1, h)]
    down = [OwnForm("averaging", -1, k, ((Fraction(-k, h) * (1 - lam), _lo(inst, k, 1)),
                                         (Fraction(k - h, h) * (1 - lam), _lo(inst, k, 0))), Fraction(k, h) * (1 - lam))
            for k in range(1, h)]
    return up + down


def _forms(inst: Instance, lam: object, quantity: str) -> list[OwnForm]:
    return contraction_forms(inst, lam) if quantity == "contraction" else averaging_forms(inst, lam)


def evaluate(weights: Any, lam: object, inst: Instance, quantity: str) -> Fraction | None:
    """The exact one-round ``quantity`` of lam * own + (1 - lam) * (the L-statistic with these weights),
    from the own-bit forms; None when a weight sits outside f + 1 .. q - f (unbounded)."""
    vec = as_vector(weights, inst.q)
    if not bounded(vec, inst):
        return None
    tops = top_sums(vec)
    return max(fm.at(tops) for fm in _forms(inst, lam, quantity))


def lambda_problem(inst: Instance, lam: object, quantity: str) -> Problem:
    """The LP "min quantity_lam over the class's weights" for a fixed lam, over the own-bit forms."""
    lam = _lam(lam)
    return Problem(inst, (Group(quantity, tuple(_forms(inst, lam, quantity)), weight=Fraction(1)),),
                   f"min {quantity} with own weight {lam}")


@dataclass(frozen=True)
class GridPoint:
    """At one lam: the certified least C_lam and A_lam (None: no certificate) and the identity's values."""

    lam: Fraction
    contraction: Certificate | None
    averaging: Certificate | None
    expected: tuple[Fraction, Fraction]

    @property
    def agrees(self) -> bool:
        got = tuple(None if c is None or not c.ok else c.value for c in (self.contraction, self.averaging))
        return got == self.expected


def lambda_grid(inst: Instance, front: Front, steps: int = 8) -> list[GridPoint]:
    """At lam = 0, 1/steps, ..., 1: min C_lam and min A_lam each certified over the own-bit forms,
    beside the identity's lam + (1 - lam) C* and (1 - lam) A* (C*, A* the class's certified optima)."""
    bc, ba = front.best_contraction.value, front.best_averaging.value  # type: ignore[union-attr]
    out = []
    for i in range(steps + 1):
        lam = Fraction(i, steps)
        certs = [certify(lambda_problem(inst, lam, qty)) for qty in ("contraction", "averaging")]
        out.append(GridPoint(lam, certs[0], certs[1], (lam + (1 - lam) * bc, (1 - lam) * ba)))
    return out


@dataclass(frozen=True)
class OwnVertex:
    """A vertex of the own-weight front: (C, A), its own weight lam and the L-statistic's weights
    (lam = 1: keep the own value, any weights: ``weights`` empty)."""

    contraction: Fraction
    averaging: Fraction
    lam: Fraction
    weights: tuple[Fraction, ...]


@dataclass
class OwnFront:
    """The certified front of the own-weight family; ``ok`` False (with ``failures``) means UNKNOWN."""

    inst: Instance
    base: Front
    vertices: list[OwnVertex] = field(default_factory=list)
    tangent: int | None = None  # index in base.vertices of the last class vertex kept
    new_edge: Certificate | None = None
    grid: list[GridPoint] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.base.ok and not self.failures and bool(self.vertices)

    @property
    def moved(self) -> bool:
        """Does own weight change the front (as a set of (C, A) points)?"""
        return [(v.contraction, v.averaging) for v in self.vertices] != \
            [(v.contraction, v.averaging) for v in self.base.vertices]


KEEP = OwnVertex(Fraction(1), Fraction(0), Fraction(1), ())


def _tangent(vs: list[Vertex]) -> int | None:
    """The first class vertex V_j with c < 1 whose line to (1, 0), l = (a_j, 1 - c_j), has no vertex
    below it; None when (1, 0) adds nothing (a vertex with a = 0) or every vertex has c = 1."""
    if any(v.averaging == 0 for v in vs):
        return None
    for j, v in enumerate(vs):
        if v.contraction >= 1:
            continue
        lam = (v.averaging, 1 - v.contraction)
        if all(lam[0] * u.contraction + lam[1] * u.averaging >= v.averaging for u in vs):
            return j
    return None


def compute(inst: Instance, grid_steps: int = 8) -> OwnFront:
    """The front of the own-weight family at ``inst``, certified (module docstring), with the lam grid."""
    base = class_front(inst)
    out = OwnFront(inst, base)
    if not base.ok:
        out.failures.append("the class's front is not certified")
        return out
    vs = base.vertices
    if any(v.averaging == 0 for v in vs):  # (1, 0) is dominated: nothing moves
        out.vertices = [OwnVertex(v.contraction, v.averaging, Fraction(0), v.weights) for v in vs]
    else:
        j = _tangent(vs)
        out.tangent = j
        if j is None:  # no rule of the class contracts: keeping the own value dominates them all
            out.vertices = [KEEP]
        else:
            out.vertices = [OwnVertex(v.contraction, v.averaging, Fraction(0), v.weights) for v in vs[:j + 1]] + [KEEP]
            v = vs[j]
            lam = (v.averaging, 1 - v.contraction)
            title = f"min {lam[0]} * contraction + {lam[1]} * averaging"
            out.new_edge = certify(problem(inst, title, {"contraction": lam[0], "averaging": lam[1]}))
    out.grid = lambda_grid(inst, base, grid_steps)
    return check(out)


def check(out: OwnFront) -> OwnFront:
    """The own-weight front's claims checked in exact arithmetic; failures listed."""
    fail, base, vs = out.failures, out.base, out.vertices
    for i, v in enumerate(vs):  # each vertex attained by its own rule (own-bit forms, not the identity)
        if v.weights:
            got = (evaluate(v.weights, v.lam, out.inst, "contraction"), evaluate(v.weights, v.lam, out.inst, "averaging"))
            if got != (v.contraction, v.averaging):
                fail.append(f"vertex {i}: its rule gives {got}")
    if out.tangent is not None:
        j = out.tangent
        for i, cert in enumerate(base.edges[:j]):  # the kept edges' lines also hold at (1, 0)
            groups = {g.quantity: g.weight for g in cert.problem.groups}
            if groups["contraction"] < cert.bound:  # type: ignore[operator]
                fail.append(f"edge {i}: (1, 0) lies below its line")
        v = base.vertices[j]
        edge = out.new_edge
        if edge is None or not edge.ok or edge.bound != v.averaging:
            fail.append("the edge to (1, 0) is not certified")
    if vs and vs[-1] is KEEP and any(v.contraction >= 1 for v in vs[:-1]):
        fail.append("a kept vertex has contraction 1")
    for p in out.grid:
        if not p.agrees:
            fail.append(f"lam = {p.lam}: the certified LPs disagree with the identity")
    return out


def composition(out: OwnFront) -> Fraction | None:
    """The least a/(1 - c) over the own-weight front's points with c < 1 (equal to the class's: module docstring)."""
    cands = [v.averaging / (1 - v.contraction) for v in out.vertices if v.contraction < 1]
    return min(cands) if cands else None


def report_json(out: OwnFront) -> dict[str, Any]:
    """The ``own_weight`` object of ``avagree optimal --own-weight --json``."""
    from avagree.algorithms.lstatistic import rule_string

    def vertex(v: OwnVertex) -> dict[str, Any]:
        return {"contraction": str(v.contraction), "averaging": str(v.averaging), "lambda": str(v.lam),
                "weights": [str(w) for w in v.weights],
                "lstat_rule": rule_string(list(v.weights)) if v.weights else None,
                "rule": "the own value" if not v.weights else f"{v.lam} * own + {1 - v.lam} * {rule_string(list(v.weights))}"}

    best_c = min((v.contraction for v in out.vertices), default=None)
    best_a = min((v.averaging for v in out.vertices), default=None)
    comp = composition(out)
    return {"scope": SCOPE, "identity": IDENTITY, "verdict": "PROVED" if out.ok else "UNKNOWN",
            "best_contraction": None if best_c is None else str(best_c),
            "best_averaging": None if best_a is None else str(best_a),
            "front": [vertex(v) for v in out.vertices], "moves_front": out.moved,
            "composition": None if comp is None else str(comp),
            "new_edge_certificate": None if out.new_edge is None else out.new_edge.as_json(),
            "lambda_grid": [{"lambda": str(p.lam), "agrees": p.agrees,
                             "contraction": None if p.contraction is None else str(p.contraction.value),
                             "averaging": None if p.averaging is None else str(p.averaging.value)} for p in out.grid],
            "lambda_search": "exact identity (argument in docs/optimality_beyond.md) plus, at each lambda of the grid, "
                             "the LPs over the own-bit forms certified exactly and compared with it",
            "failures": out.failures}
