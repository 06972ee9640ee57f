"""Parameterised proofs of the closed forms of :mod:`avagree.proofs.exact`: Z3 decides
each obligation for symbolic n, f, q at once (no enumeration).

The count model (docs/closed_forms.md gives why it is exact): with every value 0
or 1, an execution is k honest ones, 1 <= k <= h - 1, and per receiver its own
bit o, the honest ones a it receives (a <= k, m - a <= h - k, a >= o,
m - a >= 1 - o, where m = q - f) and the Byzantine ones c, 0 <= c <= f; its
output is scaled(a + c) / denominator. Three obligations per closed form N/D and model
(:func:`extremes`, :func:`upper`, :func:`attained`; docs/closed_forms.md), each asserted
negated with the region of the parameters: ``unsat`` proves it for every (n, f, q) there.
A region with no parameters is reported ``vacuous``, never proved. The averaging
obligations multiply k by an output (nonlinear); Z3 decides them in under a second.
The module also builds the lower-bound family as a concrete execution
(:func:`family_execution`), which the tests replay through the reference rules.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import sympy as sp
import z3

from avagree.algorithms.registry import get_rule
from avagree.errors import ParameterError
from avagree.model.execution import Execution, Params, Round, execute, make_delivery
from avagree.proofs import exact
from avagree.smt.budget import fresh_context
from avagree.smt.limits import SEED, UNITS_PER_SECOND
from avagree.proofs.symbols import f as F_SYM, n as N_SYM, q as Q_SYM

#: per obligation (milliseconds): each is decided in a fraction of a second
#: the deterministic budget of one obligation, in z3 resource units (each takes well under a
#: second; a time-out must not depend on the machine's load, issue 18)
RLIMIT = 60 * UNITS_PER_SECOND


def to_z3(expr: Any, env: dict[sp.Symbol, Any]) -> Any:
    """A sympy integer expression or condition (Add, Mul, Min, Max, Piecewise, floor of a
    rational multiple, relations, And/Or/Not) as a z3 term over the variables of ``env``."""
    expr = sp.sympify(expr)
    if expr in env:
        return env[expr]
    if expr is sp.true or expr is sp.false:
        return z3.BoolVal(bool(expr))
    if expr.is_Integer:
        return z3.IntVal(int(expr))
    if isinstance(expr, sp.core.relational.Relational):
        diff = expr.lhs - expr.rhs  # sympy writes 2q <= n + 3f as q <= n/2 + 3f/2: clear the denominators
        scale = sp.ilcm(1, *[sp.Rational(c).q for c in diff.as_coefficients_dict().values()])
        expr = type(expr)(sp.expand(scale * diff), 0, evaluate=False)
    args = [to_z3(a, env) for a in expr.args] if not isinstance(expr, (sp.Piecewise, sp.floor)) else []
    if isinstance(expr, sp.Add):
        return z3.Sum(args)
    if isinstance(expr, sp.Mul):
        return z3.Product(args)
    if isinstance(expr, (sp.Min, sp.Max)):
        out = args[0]
        for a in args[1:]:
            out = z3.If(a < out, a, out) if isinstance(expr, sp.Min) else z3.If(a > out, a, out)
        return out
    if isinstance(expr, sp.Piecewise):
        out = None
        for value, cond in reversed(expr.args):
            v = to_z3(value, env)
            out = v if out is None else z3.If(to_z3(cond, env), v, out)
        return out
    if isinstance(expr, sp.floor):
        coeff, rest = expr.args[0].as_coeff_Mul()
        if not (coeff.is_Rational and coeff > 0):
            raise ValueError(f"floor of {expr.args[0]}: only floor(p/d * x) is supported")
        return (int(coeff.p) * to_z3(rest, env)) / int(coeff.q)  # z3 integer division floors for d > 0
    relations = {sp.Eq: lambda a, b: a == b, sp.Ne: lambda a, b: a != b, sp.Ge: lambda a, b: a >= b,
                 sp.Gt: lambda a, b: a > b, sp.Le: lambda a, b: a <= b, sp.Lt: lambda a, b: a < b,
                 sp.And: lambda *a: z3.And(*a), sp.Or: lambda *a: z3.Or(*a), sp.Not: lambda a: z3.Not(a)}
    for kind, build in relations.items():
        if isinstance(expr, kind):
            return build(*args)
    raise ValueError(f"no z3 translation of {expr!r} ({type(expr).__name__})")


@dataclass
class Obligation:
    """One proof obligation of one closed form in one delivery model, and Z3's answer:
    ``proved`` (unsat of the negation), ``refuted`` (a model: the values that break it) or
    ``unknown``."""

    rule: str
    spec: str
    model: str
    kind: str  # "extremes" | "upper" | "attained"
    status: str = "unknown"
    counterexample: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    reason: str = ""

    @property
    def proved(self) -> bool:
        return self.status == "proved"

    def describe(self) -> str:
        text = f"{self.rule} {self.spec} {self.model} {self.kind}: {self.status} [{self.seconds:.2f}s]"
        if self.counterexample:
            text += " at " + ", ".join(f"{k}={v}" for k, v in sorted(self.counterexample.items()))
        return text + (f" ({self.reason})" if self.reason else "")


class _Counts:
    """The count model's variables and constraints for one closed form and one model."""

    def __init__(self, form: exact.ClosedForm, model: str):
        self.n, self.f, self.q, self.k = z3.Ints("n f q k")
        self.env = {N_SYM: self.n, F_SYM: self.f, Q_SYM: self.q}
        self.form = form
        self.h, self.m = self.n - self.f, self.q - self.f
        self.region = [to_z3(rel, self.env) for rel in form.region(model)]
        self.facts = self.region + [self.k >= 1, self.k <= self.h - 1]
        self.vertex_denominator = to_z3(form.vertex.denominator, self.env)
        self.numerator = to_z3(form.numerator, self.env)

    def receiver(self, name: str, own: Any) -> Any:
        """A receiver with own bit ``own`` (0, 1 or free); returns its count u of ones."""
        a, c = z3.Int(f"a_{name}"), z3.Int(f"c_{name}")
        if not isinstance(own, int):
            self.facts.append(z3.Or(own == 0, own == 1))
        self.facts += [a <= self.k, self.m - a <= self.h - self.k, a >= own, self.m - a >= 1 - own, c >= 0, c <= self.f]
        return a + c

    def pushed(self, k: Any, own: int, up: bool) -> Any:
        """The ones a receiver with own bit ``own`` gets when pushed up (as many as allowed, c = f) or down."""
        if up:
            return z3.If(k < self.m - 1 + own, k, self.m - 1 + own) + self.f
        low = self.m - (self.h - k)
        return z3.If(low > own, low, own)

    def output(self, ones: Any) -> Any:
        """The scaled output (output times the denominator) of a receiver with ``ones`` ones."""
        return to_z3(self.form.vertex.scaled, {**self.env, exact.u: ones})

    def feasible(self, k: Any, own: int, up: bool) -> Any:
        """The pushed receiver's counts are an execution's."""
        a = self.pushed(k, own, up) - (self.f if up else 0)
        return z3.And(a <= k, self.m - a <= self.h - k, a >= own, self.m - a >= 1 - own, k >= 1, k <= self.h - 1)

    def averaging_sum(self, k: Any, ones1: Any, ones0: Any) -> Any:
        """k outputs of o = 1 receivers plus h - k of o = 0 ones, minus the inputs' k ones (all scaled)."""
        return k * self.output(ones1) + (self.h - k) * self.output(ones0) - self.vertex_denominator * k


def decide(facts: list, goal: Any, ob: Obligation) -> Obligation:
    """Z3 on the negated ``goal`` under ``facts`` (the region), with the fixed budget and seed; a region
    with no parameters at all proves nothing (``vacuous``); undecided is "unknown", never a failure of
    the formula. Shared by every parametric obligation (here and :mod:`avagree.smt.mda_parametric`)."""
    solver = z3.Solver()
    solver.set("rlimit", RLIMIT)
    solver.set("random_seed", SEED)
    solver.add(facts)
    t0 = time.perf_counter()
    region = solver.check()
    if region == z3.unsat:
        ob.status, ob.reason = "vacuous", "no parameters satisfy the region"
        return ob
    if region != z3.sat:
        ob.reason = f"z3: {solver.reason_unknown()} (budget {RLIMIT} units, deciding the region)"
        return ob
    solver.add(z3.Not(goal))
    res = solver.check()
    ob.seconds = time.perf_counter() - t0
    if res == z3.unsat:
        ob.status = "proved"
    elif res == z3.sat:
        mdl = solver.model()
        ob.status = "refuted"
        ob.counterexample = {str(d): mdl[d].as_long() if mdl[d].sort() == z3.IntSort() else str(mdl[d])
                             for d in mdl.decls()}
    else:
        ob.reason = f"z3: {solver.reason_unknown()} (budget {RLIMIT} units)"
    return ob


def extremes(form: exact.ClosedForm, model: str) -> Obligation:
    """Any receiver's output lies between those of its kind (own bit) pushed down and pushed up."""
    c = _Counts(form, model)
    ob = Obligation(form.rule, form.spec, model, "extremes")
    own = z3.Int("o")
    y = c.output(c.receiver("R", own))
    bounds = [z3.Implies(own == bit, z3.And(c.output(c.pushed(c.k, bit, False)) <= y,
                                            y <= c.output(c.pushed(c.k, bit, True)))) for bit in (0, 1)]
    return decide(c.facts, z3.And(bounds), ob)


def upper(form: exact.ClosedForm, model: str) -> Obligation:
    """With :func:`extremes`: no execution exceeds the closed form. Contraction: a receiver of either
    kind pushed up against one of either kind pushed down; averaging: every receiver pushed up
    (and every receiver pushed down)."""
    c = _Counts(form, model)
    ob = Obligation(form.rule, form.spec, model, "upper")
    if form.spec == "contraction":
        goal = z3.And([c.output(c.pushed(c.k, a, True)) - c.output(c.pushed(c.k, b, False)) <= c.numerator
                       for a in (0, 1) for b in (0, 1)])
    else:
        up = c.averaging_sum(c.k, c.pushed(c.k, 1, True), c.pushed(c.k, 0, True))
        down = c.averaging_sum(c.k, c.pushed(c.k, 1, False), c.pushed(c.k, 0, False))
        goal = z3.And(up <= c.numerator, -down <= c.numerator)
    return decide(c.facts, goal, ob)


def attained(form: exact.ClosedForm, model: str) -> Obligation:
    """The lower-bound family (k = witness_k) is an execution and reaches the closed form exactly."""
    c = _Counts(form, model)
    ob = Obligation(form.rule, form.spec, model, "attained")
    k = to_z3(form.witness_k, c.env)
    if form.spec == "contraction":
        ok = z3.And(c.feasible(k, 1, True), c.feasible(k, 0, False))
        value = c.output(c.pushed(k, 1, True)) - c.output(c.pushed(k, 0, False))
    else:
        ok = z3.And(c.feasible(k, 1, True), c.feasible(k, 0, True))
        value = c.averaging_sum(k, c.pushed(k, 1, True), c.pushed(k, 0, True))
    return decide(c.facts, z3.And(ok, value == c.numerator), ob)


def unbounded(form: exact.ClosedForm, model: str) -> Obligation:
    """The mean with f >= 1: inputs 0 and 1, a receiver holding 1 with its f Byzantine values at b,
    another receiver holding 0 with no Byzantine help: their outputs differ by at least
    (1 + f b - (q - f))/q, which sympy shows tends to infinity with b for every f >= 1, q <= n."""
    ob = Obligation(form.rule, form.spec, model, "unbounded")
    b = sp.Symbol("b", positive=True)
    t0 = time.perf_counter()
    gap = (1 + F_SYM * b - (Q_SYM - F_SYM)) / Q_SYM
    # averaging: every receiver gets the f values b, and its q - f honest values are at least 0
    mean_gap = (F_SYM * b) / Q_SYM - 1
    ok = all(sp.limit(g, b, sp.oo) == sp.oo for g in (gap if form.spec == "contraction" else mean_gap,))
    ob.status, ob.seconds = ("proved" if ok else "unknown"), time.perf_counter() - t0
    return ob


def prove(form: exact.ClosedForm, model: str) -> list[Obligation]:
    """Every obligation of ``form`` in ``model``."""
    if form.numerator == sp.oo:
        return [unbounded(form, model)]
    out = []
    for check in (extremes, upper, attained):
        fresh_context()  # each obligation in a new z3 context: what ran before cannot change its answer
        out.append(check(form, model))
    return out


def obligations(rule: str | None = None) -> list[Obligation]:
    """Decide both obligations of every bounded closed form (of ``rule``), in both models."""
    out = []
    for (name, _), form in exact.FORMS.items():
        if rule is None or name == rule:
            out += [ob for model in ("async", "sync") for ob in prove(form, model)]
    return out


def family_execution(rule: str, spec: str, N: int, F: int, Q: int, model: str = "async") -> Execution:
    """The lower-bound family of the closed form of (rule, spec) at (N, F, Q) as a concrete one-round
    execution in exact arithmetic, run through the reference rule: k = witness_k honest ones (the
    last k nodes), every receiver pushed up (its own value, then as many honest ones as allowed, f
    Byzantine ones); for contraction node 0 pushed down instead (as many honest zeros as allowed,
    f Byzantine zeros). Raise ParameterError outside the form's region."""
    p = Params(N, F, Q, 1, model)
    form = exact.form_at(rule, spec, F)
    if form is None or form.witness_k is None:
        raise ParameterError("f", F, f"no bounded closed form of {rule} {spec} for this f")
    get_rule(rule).check_q(Q, F)
    h, m = p.h, (Q - F)
    K = int(sp.sympify(form.witness_k).subs({N_SYM: N, F_SYM: F, Q_SYM: Q}))
    ones, zeros = list(range(h - K, h)), list(range(h - K))
    rnd = []
    for j in range(h):
        up = not (spec == "contraction" and j == 0)
        preferred = ones + zeros if up else zeros + ones  # its own value, then the pushed side first
        chosen = sorted([j] + [i for i in preferred if i != j][: m - 1]) if model == "async" else list(range(h))
        rnd.append(make_delivery(chosen, [[Fraction(int(up))]] * F, 1, "exact"))
    family = [[Fraction(1 if i in ones else 0)] for i in range(h)]
    return execute(get_rule(rule).fn, p, family, [Round(tuple(rnd))], mode="exact")


def measured(ex: Execution, spec: str) -> Fraction:
    """The one-round contraction factor or averaging error of an exact d = 1 execution."""
    x, y = [v[0] for v in ex.inputs], [v[0] for v in ex.outputs]
    spread = max(x) - min(x)
    if spec == "contraction":
        return (max(y) - min(y)) / spread
    return abs(sum(y) / len(y) - sum(x) / len(x)) / spread
