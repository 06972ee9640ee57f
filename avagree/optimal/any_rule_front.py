r"""The exact front over *every* deterministic one-round rule (d = 1), and rules that attain it.

**Why the 0/1 LP is exact, not only a bound.** Let r be any assignment of the LP of
:mod:`.any_rule` with levels = 1 (an output r(u) per number u of ones among the q values, or
r(o, u) with the own bit o), unanimity included: r(u) = 0 for u <= f and 1 for u >= q - f
(with o: r(0, u) = 0 for u <= f, r(1, u) = 1 for u >= q - f). Its *threshold rule* is, on a
real view z (own value o among z),

    y = min z + integral from min z to max z of r(1{o > t}, #{z_i > t}) dt

(:meth:`ThresholdRule.output`, a function of the view only). In an execution with honest inputs
in [m_0, M_0], for t < m_0 every receiver has own bit 1 and at least q - f ones (output 1), and for
t >= M_0 own bit 0 and at most f ones (output 0), so y = m_0 + integral over [m_0, M_0] of the
output of the rule on the 0/1 execution "value > t" (same deliveries; Byzantine values become
Byzantine bits). Differences of outputs and the error of the mean are integrals of the same
quantities of 0/1 executions over an interval of length Delta(in): the threshold rule's sup over
real executions is at most the (c, a) of its LP point. No monotonicity is used.

So the LP at levels = 1 is a lower bound for every deterministic rule (indistinguishability,
:mod:`.any_rule`) *and* attained by a deterministic rule: its front is the exact front of all
deterministic rules whose view is the multiset (``own=False``) or the own value and the multiset
(``own=True``), one round, d = 1, in the count model's delivery model.

:func:`compute` finds that front by the dichotomic method (as :mod:`.front`), each vertex an
exactly feasible LP point (its threshold rule attains it), each edge and end a certified lower
bound (dual multipliers checked in Fractions) equal to the line through its vertices.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Sequence

from avagree.proofs.lstat import Instance

from .any_rule import LP, build, certify_lower


@dataclass(frozen=True)
class ThresholdRule:
    """r(u) (``own`` False: keys u) or r(o, u) (keys (o, u)): the output of each 0/1 view."""

    q: int
    own: bool
    table: tuple[tuple[Any, Fraction], ...]

    def at(self, o: int, u: int) -> Fraction:
        key = (o, u) if self.own else u
        return dict(self.table).get(key, Fraction(0))

    def output(self, own_value: Fraction, received: Sequence[Fraction]) -> Fraction:
        """The rule on a real view (exact): min z + sum over the gaps of r(own bit, ones above)."""
        z = sorted(Fraction(x) for x in received)
        levels = sorted(set(z))
        out = levels[0]
        for lo, hi in zip(levels, levels[1:]):
            out += (hi - lo) * self.at(int(own_value > lo), sum(1 for x in z if x > lo))
        return out

    def rank_weights(self, rank: int) -> list[Fraction]:
        """The rule as an L-statistic when the own value is the ``rank``-th smallest of q distinct values
        (1-based; without own dependence every rank gives the same weights): w_1 = 1 - r(o_1, q - 1),
        w_p = r(o_(p-1), q - p + 1) - r(o_p, q - p), w_q = r(o_(q-1), 1), o_i = 1 when i < rank."""
        q = self.q
        bit = [int(i < rank) for i in range(q + 1)]
        w = [1 - self.at(bit[1], q - 1)]
        w += [self.at(bit[p - 1], q - p + 1) - self.at(bit[p], q - p) for p in range(2, q)]
        return w + [self.at(bit[q - 1], 1)]

    def as_json(self) -> dict[str, Any]:
        table = {(f"o={k[0]},u={k[1]}" if self.own else f"u={k}"): str(v) for k, v in self.table}
        ranks = range(1, self.q + 1) if self.own else range(1, 2)
        return {"table": table, "weights_by_own_rank" if self.own else "weights":
                {str(r): [str(x) for x in self.rank_weights(r)] for r in ranks} if self.own
                else [str(x) for x in self.rank_weights(1)]}


def rule_of(lp: LP, x: Sequence[Fraction]) -> ThresholdRule:
    """The threshold rule of an LP point (levels = 1: a view's counts are (zeros, ones))."""
    table = []
    for key, j in lp.columns.items():
        if key[0] == "r":
            counts = key[-1]
            table.append(((key[1], counts[1]) if lp.own else counts[1], x[j]))
    return ThresholdRule(lp.inst.q, lp.own, tuple(sorted(table, key=lambda t: str(t[0]))))


@dataclass(frozen=True)
class AnyVertex:
    contraction: Fraction
    averaging: Fraction
    rule: ThresholdRule


@dataclass
class AnyFront:
    """The exact front over every deterministic rule of the view type; ``ok`` False means UNKNOWN."""

    inst: Instance
    own: bool
    vertices: list[AnyVertex] = field(default_factory=list)
    lines: list[tuple[tuple[Fraction, Fraction], Fraction]] = field(default_factory=list)  # certified
    failures: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures and bool(self.vertices)


def _point(lp: LP, x: Sequence[Fraction]) -> AnyVertex:
    return AnyVertex(x[lp.columns[("c",)]], x[lp.columns[("a",)]], rule_of(lp, x))


def _solve(lp: LP, out: AnyFront, objective, caps=None):
    b = certify_lower(lp, objective, caps)
    if not b.ok or b.primal is None:
        out.failures.append(f"no exact certificate or exact point for {objective} {caps or ''}".strip())
        return None
    return b


def compute(inst: Instance, own: bool = False, max_vertices: int = 200) -> AnyFront:
    """The exact front of every deterministic rule (module docstring), certified."""
    lp = build(inst, 1, own)
    out = AnyFront(inst, own)
    one = Fraction(1)
    bc = _solve(lp, out, {"c": one})
    ba = _solve(lp, out, {"a": one})
    if out.failures:
        return out
    left = _solve(lp, out, {"a": one}, {"c": bc.value})
    right = _solve(lp, out, {"c": one}, {"a": ba.value})
    if out.failures:
        return out
    p1, p2 = _point(lp, left.primal), _point(lp, right.primal)
    out.lines += [((one, Fraction(0)), bc.value), ((Fraction(0), one), ba.value)]
    if p1.contraction != bc.value or p2.averaging != ba.value:
        out.failures.append("an end point is not at its certified optimum")
        return out
    found = {(p1.contraction, p1.averaging): p1, (p2.contraction, p2.averaging): p2}
    stack = [(p1, p2)] if (p1.contraction, p1.averaging) != (p2.contraction, p2.averaging) else []
    while stack and len(found) <= max_vertices:
        a, b = stack.pop()
        normal = (a.averaging - b.averaging, b.contraction - a.contraction)
        if normal[0] <= 0 or normal[1] <= 0:
            out.failures.append("end points not strictly right and down")
            return out
        bound = _solve(lp, out, {"c": normal[0], "a": normal[1]})
        if bound is None:
            return out
        at_a = normal[0] * a.contraction + normal[1] * a.averaging
        if bound.value >= at_a:
            out.lines.append((normal, bound.value))
            continue
        p3 = _point(lp, bound.primal)
        found[(p3.contraction, p3.averaging)] = p3
        stack += [(a, p3), (p3, b)]
    if stack:
        out.failures.append(f"more than {max_vertices} vertices")
    out.vertices = sorted(found.values(), key=lambda v: v.contraction)
    return check(out)


def check(out: AnyFront) -> AnyFront:
    """Every vertex is on or above every certified line, and each edge's ends lie on a certified line."""
    vs = out.vertices
    for v in vs:
        for (l1, l2), val in out.lines:
            if l1 * v.contraction + l2 * v.averaging < val:
                out.failures.append("a vertex below a certified line")
    for a, b in zip(vs, vs[1:]):
        if not any(l1 * a.contraction + l2 * a.averaging == val == l1 * b.contraction + l2 * b.averaging
                   for (l1, l2), val in out.lines):
            out.failures.append(f"edge ({a.contraction}, {a.averaging}) - ({b.contraction}, {b.averaging}) not certified")
    return out


def composition(fr: AnyFront) -> Fraction | None:
    """The least a/(1 - c) over the front's vertices with c < 1 (an upper bound by composition on the
    several-round averaging constant of the iterated threshold rule; on an edge it is monotone)."""
    cands = [v.averaging / (1 - v.contraction) for v in fr.vertices if v.contraction < 1]
    return min(cands) if cands and fr.ok else None


def report_json(fr: AnyFront) -> dict[str, Any]:
    """The front over every deterministic rule, with each vertex's threshold rule."""
    return {"verdict": "PROVED" if fr.ok else "UNKNOWN", "own_value_in_view": fr.own,
            "front": [{"contraction": str(v.contraction), "averaging": str(v.averaging), "threshold_rule": v.rule.as_json()}
                      for v in fr.vertices],
            "certified_lines": [{"line": f"{l1} * contraction + {l2} * averaging", "value": str(val)}
                                for (l1, l2), val in fr.lines],
            "failures": fr.failures}
