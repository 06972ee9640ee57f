"""What ``avagree optimal`` reports for one (n, f, q, model): the certified optimum and front
(:mod:`.front`), where the named rules of the class sit against it, and the least a/(1 - c) over
the front (an upper bound by composition on the honest mean's drift over many rounds)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from avagree.algorithms.lstatistic import rule_string
from avagree.algorithms.registry import at_instance, get_rule
from avagree.errors import ParameterError
from avagree.proofs.lstat import Instance, averaging, contraction

from .front import Front, Vertex, compute

#: the largest n accepted: the LP has 3(n - f - 1) forms over q - 2f weights; n = 400 takes about 1.5 s
#: and n = 1000 about 10 s on the reference machine (docs/optimality.md)
MAX_N = 500
#: the named rules compared with the optimum (the mean is in the class only at f = 0), and
#: ``select``, Dolev et al.'s reduce-and-select with the step derived at the instance (:func:`named_weights`)
NAMED = ("cwtm", "median", "trimmed-middle", "mean", "select")
#: the wording of the several-round bound
COMPOSITION = ("an upper bound by composition: iterating that rule moves the honest mean by at most "
               "a (1 + c + c^2 + ...) = a/(1 - c) times the initial honest diameter (d = 1)")


@dataclass(frozen=True)
class Named:
    """A named rule against the optimum: its exact values (None: not in the class, unbounded),
    their ratios to the least values (None when the least is 0 and the rule's is not), on the front?"""

    rule: str
    contraction: Fraction | None
    averaging: Fraction | None
    ratio_contraction: Fraction | None
    ratio_averaging: Fraction | None
    on_front: bool


@dataclass
class Optimal:
    """The answer for one instance; ``verdict`` PROVED when every number is certified, else UNKNOWN."""

    inst: Instance
    front: Front
    named: list[Named] = field(default_factory=list)
    composition: tuple[Fraction, Vertex] | None = None
    seconds: float = 0.0

    @property
    def verdict(self) -> str:
        return "PROVED" if self.front.ok else "UNKNOWN"

    @property
    def best_contraction(self) -> Fraction | None:
        cert = self.front.best_contraction
        return cert.value if cert is not None and cert.ok else None

    @property
    def best_averaging(self) -> Fraction | None:
        cert = self.front.best_averaging
        return cert.value if cert is not None and cert.ok else None


def instance(n: int, f: int, q: int | None = None, model: str = "async") -> Instance:
    """The instance, or a ParameterError for what ``avagree optimal`` cannot answer."""
    for name, v in (("n", n), ("f", f)):
        if not isinstance(v, int) or isinstance(v, bool) or v < 0:
            raise ParameterError(name, v, "must be a nonnegative integer")
    if f >= n:
        raise ParameterError("f", f, f"must be < n = {n}")
    if n > MAX_N:
        raise ParameterError("n", n, f"at most {MAX_N} (the LP has 3(n - f - 1) forms; n = 1000 takes about 10 s)")
    if q is None:
        q = n if model == "sync" else n - f
    inst = Instance(n, f, q, model)
    if q < 2 * f + 1:
        raise ParameterError("q", q, f"the class is empty: weights on positions f+1..q-f need q >= 2f + 1 = {2 * f + 1}")
    return inst


def _ratio(value: Fraction | None, best: Fraction | None) -> Fraction | None:
    if value is None or best is None:
        return None
    if best == 0:
        return Fraction(1) if value == 0 else None
    return value / best


def on_front(front: Front, c: Fraction, a: Fraction) -> bool:
    """Is (c, a) a point of the certified front (the polyline through its vertices)?"""
    vs = front.vertices
    if not front.ok or not vs[0].contraction <= c <= vs[-1].contraction:
        return False
    for p, r in zip(vs, vs[1:] or vs):
        if p.contraction <= c <= r.contraction:
            span = r.contraction - p.contraction
            expect = p.averaging if span == 0 else p.averaging + (r.averaging - p.averaging) * (c - p.contraction) / span
            return a == expect
    return False


def named_weights(inst: Instance) -> dict[str, Any]:
    """The weights of each named rule of :data:`NAMED` at this instance, by rule string: ``select`` becomes
    ``select:k=K`` with the step derived at (n, f, q), K = max(1, n - q + f)
    (:func:`avagree.algorithms.registry.at_instance`): Dolev et al.'s every f-th (sync, q = n) and every
    2f-th (async, q = n - f) at their quorums, and defined at every q >= 2f + 1."""
    out = {}
    for name in NAMED:
        rule = str(at_instance(name, inst.n, inst.f, inst.q))
        out[rule] = get_rule(rule).weights(inst.q, inst.f)
    return out


def named(inst: Instance, front: Front) -> list[Named]:
    """The named rules (:func:`named_weights`) at this instance, against the certified optimum."""
    out = []
    bc = front.best_contraction.value if front.best_contraction and front.best_contraction.ok else None
    ba = front.best_averaging.value if front.best_averaging and front.best_averaging.ok else None
    for name, w in named_weights(inst).items():
        c, a = contraction(w, inst), averaging(w, inst)
        out.append(Named(name, c, a, _ratio(c, bc), _ratio(a, ba), c is not None and a is not None and on_front(front, c, a)))
    return out


def composition(front: Front) -> tuple[Fraction, Vertex] | None:
    """The least a/(1 - c) over the front's points with c < 1 and a vertex attaining it (on each edge
    a/(1 - c) is monotone, so a vertex does; every rule of the class is dominated by a front point,
    so it is also the least over the class); None when no point has c < 1."""
    cands = [(v.averaging / (1 - v.contraction), v) for v in front.vertices if v.contraction < 1]
    return min(cands, key=lambda t: t[0]) if cands else None


def optimal(n: int, f: int, q: int | None = None, model: str = "async") -> Optimal:
    """The certified least contraction factor, least averaging error and Pareto front of the
    L-statistics with weights on f + 1 .. q - f at (n, f, q, model), with the named rules against them."""
    t0 = time.perf_counter()
    inst = instance(n, f, q, model)
    front = compute(inst)
    out = Optimal(inst, front, named(inst, front), composition(front) if front.ok else None)
    out.seconds = time.perf_counter() - t0
    return out


def attained_by(v: Vertex, rules: list[Named]) -> list[str]:
    """The named rules whose exact (contraction, averaging) is this vertex's: the LP returns *an* optimal
    vertex's weights, not a canonical rule, so a named rule at the same point is the one to show a user."""
    return [r.rule for r in rules if (r.contraction, r.averaging) == (v.contraction, v.averaging)]


def vertex_json(v: Vertex, rules: list[Named] | None = None) -> dict[str, Any]:
    """A front vertex as JSON-ready data (exact strings, floats beside them, its rule string, and the named
    rules attaining the same point, :func:`attained_by`)."""
    return {"contraction": str(v.contraction), "contraction_float": float(v.contraction),
            "averaging": str(v.averaging), "averaging_float": float(v.averaging),
            "weights": [str(w) for w in v.weights], "rule": rule_string(list(v.weights)),
            "named_rules_here": attained_by(v, rules or [])}


def certificate_json(front: Front) -> dict[str, Any]:
    """Every certificate behind the report: the two optima, the end points, one per edge, and what was checked."""
    one = (lambda c: None if c is None else c.as_json())
    return {"best_contraction": one(front.best_contraction), "best_averaging": one(front.best_averaging),
            "ends": [c.as_json() for c in front.ends], "edges": [c.as_json() for c in front.edges],
            "front_checks": "each vertex's weights give exactly its (contraction, averaging); the first vertex has the "
                            "least contraction, the last the least averaging; each edge's certified line "
                            "l1 * C + l2 * A >= value (l1, l2 > 0) passes through both its ends; contraction strictly "
                            "increases and slopes strictly increase along the front",
            "failures": front.failures}
