"""Parameterised proofs of the closed forms of :mod:`avagree.proofs.exact_select` (reduce-and-select and the
optimum over the class of L-statistics, issue 25 items 1 and 3): Z3 decides each obligation for symbolic
parameters at once, in the count model of :mod:`avagree.proofs.lstat` (docs/closed_forms.md, steps 1-5).

The closed forms hold floor((q - 2f - 1)/k) and (q - 2f - 1) mod k with the symbolic step k = n - q + f, so
the obligations are stated over (f, s, c, r) instead of (n, f, q): s = n - q (s >= f async, s = 0 sync),
k = f + s, c >= 1, 0 <= r <= k - 1, q = (c - 1)k + r + 1 + 2f, n = q + s. The obligation ``parameters``
shows that every (n, f, q) of the region is one of these, with c - 1 and r the closed forms' quotient and
remainder; in every other obligation the closed forms' floor and Mod are c - 1 and r. A receiver's output
J(u)/c (J: the selected positions among its top u, :mod:`avagree.proofs.exact_select`) is written through
one integer per receiver bound by the inequalities that define the ceiling; the products with k make the
arithmetic nonlinear, and Z3 decides each obligation within :data:`RLIMIT`.

Obligations (each asserted negated with the region: ``unsat`` proves it for every parameter):

* select: ``extremes`` (any receiver lies between those of its own-bit kind pushed down and up),
  ``upper`` and ``attained`` (the family with k = witness_k honest ones is an execution and reaches the
  closed form), as for the closed forms of :mod:`avagree.smt.parametric`;
* optimum: ``dual`` (the dual certificate's multipliers are on forms of the LP and make every admissible
  position's dual row at least mu) and ``attained by`` (the rule named attains it: select's obligations, or
  CwTM's closed form of :mod:`avagree.proofs.exact` and the identity of its value with the optimum's).
"""

from __future__ import annotations

import time
from fractions import Fraction
from typing import Any

import sympy as sp
import z3

from avagree.algorithms.registry import get_rule
from avagree.errors import ParameterError
from avagree.model.execution import Execution, Params, Round, execute, make_delivery
from avagree.proofs import exact, exact_select as es
from avagree.proofs.symbols import f as F_SYM, n as N_SYM, q as Q_SYM
from avagree.smt.budget import fresh_context
from avagree.smt.parametric import Obligation, decide, prove, to_z3

C_SYM, R_SYM = sp.symbols("c_blocks r_rem", integer=True)


class _Model:
    """The parameters (f, s, c, r), the region's facts and the count model's receivers for ``model``."""

    def __init__(self, model: str):
        self.f, self.s, self.c, self.r, self.x = z3.Ints("f s c r x")
        self.k = self.f + self.s
        self.M = (self.c - 1) * self.k + self.r + 1
        self.q = self.M + 2 * self.f
        self.n = self.q + self.s
        self.h, self.m = self.M + self.k, self.q - self.f
        self.facts = [self.f >= 1, self.c >= 1, self.r >= 0, self.r <= self.k - 1,
                      self.s >= self.f if model == "async" else self.s == 0]
        #: 1 <= x <= h - 1 honest ones: a fact where x is any execution's, part of the goal for a family's x
        self.x_range = z3.And(self.x >= 1, self.x <= self.h - 1)
        self.env = {N_SYM: self.n, F_SYM: self.f, Q_SYM: self.q, C_SYM: self.c, R_SYM: self.r}
        self.count = 0

    def term(self, expr: sp.Expr) -> Any:
        """A closed form's expression as a z3 term: its floor and Mod are c - 1 and r (``parameters``)."""
        return to_z3(sp.sympify(expr).subs({es.QUOTIENT: C_SYM - 1, es.REM: R_SYM}), self.env)

    def J(self, u: Any) -> Any:
        """The selected positions among the top u: min(c, ceil(v/k)) for v = u - f - r > 0, else 0."""
        self.count += 1
        j = z3.Int(f"j_{self.count}")
        v = u - self.f - self.r
        self.facts.append(z3.If(v <= 0, j == 0, z3.And(j >= 1, j <= self.c, (j - 1) * self.k < v,
                                                       z3.Implies(j < self.c, v <= j * self.k))))
        return j

    def up(self, own: int, x: Any = None) -> Any:
        """Ones of a receiver with own bit ``own`` pushed up: min(x, m - 1 + own) honest ones, f Byzantine."""
        x = self.x if x is None else x
        return z3.If(x < self.m - 1 + own, x, self.m - 1 + own) + self.f

    def down(self, own: int, x: Any = None) -> Any:
        """Ones of a receiver pushed down: max(own, x - s) honest ones, no Byzantine one."""
        x = self.x if x is None else x
        low = self.m - (self.h - x)
        return z3.If(low > own, low, own)

    def feasible(self, own: int, is_up: bool) -> Any:
        a = self.up(own) - self.f if is_up else self.down(own)
        return z3.And(a <= self.x, self.m - a <= self.h - self.x, a >= own, self.m - a >= 1 - own)

    def averaging(self, is_up: bool) -> Any:
        """c times the sum over receivers of (output - input), all pushed the same way (sign +: up)."""
        j1, j0 = (self.J(self.up(1)), self.J(self.up(0))) if is_up else (self.J(self.down(1)), self.J(self.down(0)))
        total = self.x * j1 + (self.h - self.x) * j0 - self.c * self.x
        return total if is_up else -total


def _ob(name: str, spec: str, model: str, kind: str) -> Obligation:
    fresh_context()  # each obligation in a new z3 context: what ran before cannot change its answer
    return Obligation(name, spec, model, kind)


def parameters(model: str) -> Obligation:
    """Every (n, f, q) of the region is some (f, s, c, r): c - 1 and r are the closed forms' quotient and
    remainder of q - 2f - 1 by k = n - q + f, with c >= 1 and 0 <= r <= k - 1."""
    ob = _ob("select", "parameters", model, "parameters")
    n_, f_, q_ = z3.Ints("n f q")
    env = {N_SYM: n_, F_SYM: f_, Q_SYM: q_}
    facts = [to_z3(rel, env) for rel in es.region(model)]
    k = to_z3(es.STEP, env)
    num, den = sp.fraction(es.QUOTIENT.args[0])
    quotient = to_z3(num, env) / to_z3(den, env)  # z3's integer division floors for a positive divisor
    rem = to_z3(es.REM.args[0], env) % to_z3(es.REM.args[1], env)
    goal = z3.And(k >= 1, quotient >= 0, rem >= 0, rem <= k - 1, q_ - 2 * f_ - 1 == quotient * k + rem,
                  n_ - q_ >= f_ if model == "async" else n_ == q_)
    return decide(facts, goal, ob)


def extremes(model: str) -> Obligation:
    """Any receiver's J lies between those of its own-bit kind pushed down and pushed up."""
    ob = _ob("select", "any", model, "extremes")
    c = _Model(model)
    own, a, b = z3.Ints("o a b")
    c.facts += [c.x_range, z3.Or(own == 0, own == 1), a <= c.x, c.m - a <= c.h - c.x, a >= own, c.m - a >= 1 - own,
                b >= 0, b <= c.f]
    y = c.J(a + b)
    goal = z3.And([z3.Implies(own == bit, z3.And(c.J(c.down(bit)) <= y, y <= c.J(c.up(bit)))) for bit in (0, 1)])
    return decide(c.facts, goal, ob)


def _scale(c: _Model, fm: es.Form) -> Any:
    """The closed form's denominator is the count model's: c for contraction (outputs J/c), h for averaging
    (c times the sum over the h receivers, over c h); then only numerators are compared (linear in J)."""
    return c.term(fm.denominator) == (c.c if fm.spec == "contraction" else c.h)


def upper(fm: es.Form, model: str) -> Obligation:
    """With :func:`extremes`, no execution exceeds the closed form num/den: contraction, any receiver pushed
    up against any pushed down; averaging, every receiver pushed up, and every receiver pushed down."""
    ob = _ob(fm.name, fm.spec, model, "upper")
    c = _Model(model)
    num, scale = c.term(fm.numerator), _scale(c, fm)
    c.facts.append(c.x_range)
    if fm.spec == "contraction":
        goal = z3.And([c.J(c.up(a)) - c.J(c.down(b)) <= num for a in (0, 1) for b in (0, 1)])
    else:
        goal = z3.And([c.averaging(is_up) <= c.c * num for is_up in (True, False)])
    return decide(c.facts, z3.And(scale, goal), ob)


def attained(fm: es.Form, model: str) -> Obligation:
    """The family with x = witness_k honest ones is an execution (1 <= x <= h - 1, in the goal: a witness out of
    range refutes, it does not shrink the region) and reaches the closed form exactly."""
    ob = _ob(fm.name, fm.spec, model, "attained")
    c = _Model(model)
    num, scale = c.term(fm.numerator), _scale(c, fm)
    c.facts.append(c.x == c.term(fm.witness_k))
    if fm.spec == "contraction":
        ok = z3.And(c.feasible(1, True), c.feasible(0, False))
        goal = z3.And(ok, c.J(c.up(1)) - c.J(c.down(0)) == num)
    else:
        ok = z3.And(c.feasible(1, False), c.feasible(0, False))
        goal = z3.And(ok, c.averaging(False) == c.c * num)
    return decide(c.facts, z3.And(scale, c.x_range, goal), ob)


def dual_contraction(model: str) -> Obligation:
    """The least contraction factor's dual: every admissible position p lies in the window of the form
    C[x_j] with j = (p - f - 1) div k, x_j = q - 2f - jk, which is a form of the LP (1 <= x_j <= h - 1);
    the c multipliers 1/c sit on distinct forms (x_j decreases in j), so the dual row is >= mu = 1/c at p
    and the dual value is 1/c, the closed form's."""
    ob = _ob("optimum", "contraction", model, "dual")
    c = _Model(model)
    p = z3.Int("p")
    c.facts += [p >= c.f + 1, p <= c.q - c.f]
    j = (p - c.f - 1) / c.k
    x = c.M - j * c.k
    window = z3.And(c.q - c.up(1, x) < p, p <= c.q - c.down(0, x))  # the coefficient of w_p in C[x] is 1
    value = c.term(es.OPTIMUM["contraction"].numerator) * c.c == c.term(es.OPTIMUM["contraction"].denominator)
    goal = z3.And(j >= 0, j <= c.c - 1, x >= 1, x <= c.h - 1, window, value)
    return decide(c.facts, goal, ob)


def dual_averaging(model: str) -> Obligation:
    """The least averaging error's dual: A-[x = k] is a form of the LP (1 <= k <= h - 1) whose coefficient
    of every admissible w_p is 0 (its receivers see their ones on positions > q - f only) and whose
    constant k/h is the closed form; multiplier 1, mu = 0."""
    ob = _ob("optimum", "averaging", model, "dual")
    c = _Model(model)
    p = z3.Int("p")
    c.facts += [p >= c.f + 1, p <= c.q - c.f]
    x = c.k
    lows = [c.down(1, x), c.down(0, x)]  # max(1, x - s) and max(0, x - s) honest ones, as in lstat.averaging_forms
    zero = z3.And([z3.Not(p > c.q - u) for u in lows])
    fm = es.OPTIMUM["averaging"]
    value = c.term(fm.numerator) * c.h == x * c.term(fm.denominator)
    return decide(c.facts, z3.And(x >= 1, x <= c.h - 1, zero, value), ob)


def cwtm_identity(model: str) -> Obligation:
    """sympy: CwTM's closed form of the averaging error (:mod:`avagree.proofs.exact`) is the optimum's."""
    ob = Obligation("optimum", "averaging", model, "cwtm attains (identity)")
    t0 = time.perf_counter()
    cw = exact.FORMS["cwtm", "averaging"].expression(model)
    ok = sp.simplify(cw - es.OPTIMUM["averaging"].expression(model)) == 0
    ob.status, ob.seconds = ("proved" if ok else "refuted"), time.perf_counter() - t0
    return ob


def published(model: str) -> Obligation:
    """sympy: select's contraction closed form at Dolev et al.'s q is their published factor."""
    ob = Obligation("select", "contraction", model, "published factor (identity)")
    t0 = time.perf_counter()
    ob.status = "proved" if es.published_matches(model) else "refuted"
    ob.seconds = time.perf_counter() - t0
    return ob


def prove_form(name: str, spec: str, model: str) -> list[Obligation]:
    """Every obligation of the closed form of (``select`` | ``optimum``, spec) in ``model``."""
    fm = es.form(name, spec)
    base = [parameters(model)]
    if name == "select":
        out = base + [extremes(model), upper(fm, model), attained(fm, model)]
        return out + ([published(model)] if spec == "contraction" else [])
    if spec == "contraction":  # attained by select: its own obligations
        sel = es.SELECT["contraction"]
        return base + [extremes(model), upper(sel, model), attained(sel, model), dual_contraction(model)]
    cw = [ob for ob in prove(exact.FORMS["cwtm", "averaging"], model)]
    for ob in cw:
        ob.kind = f"cwtm {ob.kind}"
    return base + cw + [cwtm_identity(model), dual_averaging(model)]


def family_execution(spec: str, N: int, F: int, Q: int, model: str = "async") -> Execution:
    """select's attaining family at (N, F, Q) as a concrete one-round execution in exact arithmetic, run
    through the reference rule ``select:k=K`` (K = N - Q + F): witness_k honest ones (the last ones);
    contraction: node h - 1 (holding 1) pushed up (its own value, as many honest ones as allowed, F
    Byzantine ones) and every other node pushed down; averaging: every node pushed down (its own value, as
    many honest zeros as allowed, F Byzantine zeros). ParameterError outside the region."""
    es.check_region(N, F, Q, model)
    p = Params(N, F, Q, 1, model)
    h, m = p.h, Q - F
    K = int(sp.sympify(es.SELECT[spec].witness_k).subs({N_SYM: N, F_SYM: F, Q_SYM: Q}))
    ones, zeros = list(range(h - K, h)), list(range(h - K))
    rnd = []
    for j in range(h):
        up = spec == "contraction" and j == h - 1
        preferred = ones + zeros if up else zeros + ones
        chosen = sorted([j] + [i for i in preferred if i != j][: m - 1]) if model == "async" else list(range(h))
        rnd.append(make_delivery(chosen, [[Fraction(int(up))]] * F, 1, "exact"))
    family = [[Fraction(1 if i in ones else 0)] for i in range(h)]
    rule = get_rule(f"select:k={N - Q + F}")
    return execute(rule.fn, p, family, [Round(tuple(rnd))], mode="exact")


def entry(name: str, spec: str, model: str) -> dict[str, Any]:
    """The JSON-ready entry of ``avagree formula select|optimum``: expression, region, proof, obligations."""
    if name not in es.FORMS:
        raise ParameterError("rule", name, "closed forms here: select, optimum")
    fm = es.form(name, spec)
    obs = prove_form(name, spec, model)
    proved = all(ob.proved for ob in obs)
    out: dict[str, Any] = {
        "rule": name, "spec": spec, "model": model, "d": 1, "expression": sp.sstr(fm.expression(model)),
        "region": es.region_text(model), "proof": "parameterised" if proved else None,
        "obligations": [{"kind": ob.kind, "status": ob.status, "seconds": round(ob.seconds, 3),
                         **({"counterexample": ob.counterexample} if ob.counterexample else {})} for ob in obs],
        "lift": "coordinate-wise rules: the same value for each coordinate's diameter Delta^cw[i] and each "
                "coordinate of the mean, in any dimension d"}
    if name == "select":
        out["step"] = "k = n - q + f (select with n known; select:k=K is another rule)"
    else:
        out["class"] = "L-statistics with weights on positions f + 1 .. q - f (avagree optimal)"
        out["attained_by"] = fm.attained_by
        out["dual"] = fm.dual
    return out
