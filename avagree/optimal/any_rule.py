r"""A lower bound for every deterministic one-round rule (issue 25, item 5), per (n, f, q, model), by
indistinguishability, as a finite linear program certified in exact arithmetic.

**Scope.** d = 1, one round; honest inputs in the finite set {0, 1, ..., M} (M = ``levels``); the
delivery model of :mod:`avagree.proofs.lstat`: asynchronously each honest receiver hears q values,
its own, q - f - 1 other honest values of the adversary's choice and f Byzantine values of the
adversary's choice (a Byzantine value may copy an honest one, so "exactly f" covers "at most f"),
chosen per receiver; synchronously (q = n) all h honest values and f Byzantine ones. A
deterministic rule is a function of what a receiver sees: the multiset of its q received values
(``own=False``; every L-statistic and MDA, CVA, ... are such) or the pair (own value, multiset)
(``own=True``; the own-weight rules of :mod:`.own_weight` are such). Rules that read the senders'
identities are not covered. Two receivers that see the
same view output the same value, in every execution where they see it: that is the whole
indistinguishability argument, and the LP below is it over every execution of the family at once.

**The LP.** One variable r_V per view V (the rule's output on it; nothing else is assumed: not
monotone, not translation-equivariant, not in [0, 1]), and per execution (the honest counts
K = (k_0..k_M), Delta(K) > 0) and own value v held by some honest node, hi_{K,v} >= r_V >= lo_{K,v}
over the views a receiver holding v can see in K. Then, for all such K:

* unanimity: when every honest input is v, every view a receiver can see outputs v (forced by any
  finite averaging constant: Delta(in) = 0 makes all outputs equal, and their mean is v);
* contraction c: hi_{K,v} - lo_{K,v'} <= c Delta(K) for two distinct honest receivers (v != v', or
  k_v >= 2);
* averaging a: sum_v k_v hi_{K,v} - sum_v k_v v <= a h Delta(K), and the mirror with lo.

Every deterministic rule (restricted to these executions) is a feasible point with c and a its
own sup over them, which is at most its sup over all executions; so the LP's least c (least a,
least c l1 + a l2) is a lower bound for every deterministic rule with a finite averaging constant.
More levels M give more executions and a bound at least as strong (values {0..M} embed in {0..2M}).

**The certificate** (:func:`certify_lower`): multipliers y >= 0 on the inequality rows and z on the
equality rows with A_ub^T y + A_eq^T z = -objective on every variable, exactly; then for every
feasible x, objective . x = -y . A_ub x - z . A_eq x >= -(y . b_ub + z . b_eq) = the bound. HiGHS
proposes y and z; they are rationalised, or solved exactly on their support (:mod:`.exact_linear`),
and checked in Fractions. The executions with a nonzero multiplier are the chain the argument uses
(reported). A primal point (an assignment r) rationalised and checked exactly, when found, shows
the bound is the LP's exact optimum (the best any rule can do on this finite family).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Sequence

from avagree.errors import ParameterError
from avagree.proofs.lstat import Instance

from .exact_linear import solve_exact

#: the largest number of views accepted (the LP grows with C(q + M, M) views)
MAX_VIEWS = 4000
#: denominators tried when rationalising HiGHS's multipliers (None: the float's exact value)
DENOMINATORS = (10**3, 10**6, 10**9, None)
SCOPE = ("every deterministic rule that maps a receiver's view ({view}; no sender identities) to an output, with a "
         "finite averaging constant; d = 1, one round, honest inputs in {{0..{M}}}, Byzantine values in {{0..{M}}}, the count model's "
         "delivery model ({model}, n={n}, f={f}, q={q})")


def _compositions(total: int, parts: int):
    """Every tuple of ``parts`` nonnegative integers summing to ``total``."""
    for cut in itertools.combinations(range(total + parts - 1), parts - 1):
        prev, out = -1, []
        for c in cut + (total + parts - 1,):
            out.append(c - prev - 1)
            prev = c
        yield tuple(out)


def _honest_parts(K: tuple[int, ...], v: int, m: int, sync: bool):
    """The honest counts a receiver holding v can receive: a <= K, sum a = m, a_v >= 1 (sync: a = K)."""
    if sync:
        yield K
        return
    for a in itertools.product(*(range(k + 1) for k in K)):
        if sum(a) == m and a[v] >= 1:
            yield a


@dataclass
class LP:
    """The LP of one instance and family, rows as {column: coefficient} with their right-hand sides."""

    inst: Instance
    levels: int
    own: bool
    columns: dict[Any, int] = field(default_factory=dict)
    ub: list[tuple[dict[int, Fraction], Fraction, Any]] = field(default_factory=list)
    eq: list[tuple[dict[int, Fraction], Fraction, Any]] = field(default_factory=list)

    def col(self, key: Any) -> int:
        if key not in self.columns:
            self.columns[key] = len(self.columns)
        return self.columns[key]

    @property
    def views(self) -> int:
        return sum(1 for k in self.columns if k[0] == "r")


def build(inst: Instance, levels: int = 1, own: bool = False) -> LP:
    """The LP of the module docstring at ``inst`` with honest and Byzantine values in {0..levels}."""
    if not isinstance(levels, int) or isinstance(levels, bool) or levels < 1:
        raise ParameterError("levels", levels, "must be an integer >= 1")
    from math import comb

    views = comb(inst.q + levels, levels) * (levels + 1 if own else 1)
    if views > MAX_VIEWS:
        raise ParameterError("levels", levels, f"{views} views at q = {inst.q}: at most {MAX_VIEWS}")
    L = levels + 1
    lp = LP(inst, levels, own)
    c, a = lp.col(("c",)), lp.col(("a",))
    h, m, f, sync = inst.h, inst.m, inst.f, inst.model == "sync"
    byz = list(_compositions(f, L))
    one = Fraction(1)
    for K in _compositions(h, L):
        held = [v for v in range(L) if K[v]]
        delta = held[-1] - held[0]
        for v in held:
            seen = {tuple(x + y for x, y in zip(hp, b)) for hp in _honest_parts(K, v, m, sync) for b in byz}
            keys = [("r", v, s) if own else ("r", s) for s in seen]
            if delta == 0:
                lp.eq += [({lp.col(k): one}, Fraction(v), ("unanimity", K, v)) for k in keys]
                continue
            hi, lo = lp.col(("hi", K, v)), lp.col(("lo", K, v))
            for k in keys:
                r = lp.col(k)
                lp.ub.append(({r: one, hi: -one}, Fraction(0), ("view<=hi", K, v)))
                lp.ub.append(({lo: one, r: -one}, Fraction(0), ("lo<=view", K, v)))
        if delta == 0:
            continue
        for v in held:
            for w in held:
                if v != w or K[v] >= 2:
                    lp.ub.append(({lp.col(("hi", K, v)): one, lp.col(("lo", K, w)): -one, c: Fraction(-delta)},
                                  Fraction(0), ("contraction", K, v, w)))
        total = sum(Fraction(k * v) for v, k in enumerate(K))
        lp.ub.append(({**{lp.col(("hi", K, v)): Fraction(K[v]) for v in held}, a: Fraction(-h * delta)}, total,
                      ("averaging+", K)))
        lp.ub.append(({**{lp.col(("lo", K, v)): Fraction(-K[v]) for v in held}, a: Fraction(-h * delta)}, -total,
                      ("averaging-", K)))
    return lp


@dataclass
class Bound:
    """A certified lower bound: min objective over the LP >= ``value``; ``primal_exact`` when an
    exactly feasible assignment attains it (then it is the LP's optimum); ``chain`` the executions used."""

    objective: dict[str, Fraction]
    value: Fraction | None
    ok: bool
    primal: list[Fraction] | None
    chain: list[str]
    failures: list[str]

    @property
    def primal_exact(self) -> bool:
        return self.primal is not None


def _objective_vector(lp: LP, objective: dict[str, Fraction]) -> dict[int, Fraction]:
    return {lp.columns[(name[0],)]: Fraction(w) for name, w in objective.items() if w}


def check_dual(lp: LP, objective: dict[str, Fraction], y: list[Fraction], z: list[Fraction],
               extra: list[tuple[dict[int, Fraction], Fraction]] = ()) -> tuple[bool, Fraction, list[str]]:
    """Exact check: y >= 0 (on lp.ub then ``extra`` rows), sum y A_ub + sum z A_eq = -objective on every column."""
    fail = []
    rows_ub = [(row, rhs) for row, rhs, _ in lp.ub] + list(extra)
    if len(y) != len(rows_ub) or len(z) != len(lp.eq) or any(v < 0 for v in y):
        fail.append("wrong sizes or a negative multiplier")
        return False, Fraction(0), fail
    total = dict(_objective_vector(lp, objective))  # objective + y A_ub + z A_eq must vanish
    bound = Fraction(0)
    for (row, rhs), mult in itertools.chain(zip(rows_ub, y), zip([(r, b) for r, b, _ in lp.eq], z)):
        if mult:
            bound -= mult * rhs
            for j, coef in row.items():
                total[j] = total.get(j, Fraction(0)) + mult * coef
    if any(v for v in total.values()):
        fail.append("the multipliers do not cancel every variable")
    return not fail, bound, fail


def _scipy(lp: LP, objective: dict[str, Fraction], extra):
    import numpy as np
    from scipy.optimize import linprog
    from scipy.sparse import coo_matrix

    nv = len(lp.columns)

    def matrix(rows):
        ii, jj, vv = [], [], []
        for i, row in enumerate(rows):
            for j, v in row.items():
                ii.append(i)
                jj.append(j)
                vv.append(float(v))
        return coo_matrix((vv, (ii, jj)), shape=(len(rows), nv)).tocsr()

    rows_ub = [r for r, _, _ in lp.ub] + [r for r, _ in extra]
    b_ub = np.array([float(b) for _, b, _ in lp.ub] + [float(b) for _, b in extra])
    cvec = np.zeros(nv)
    for j, w in _objective_vector(lp, objective).items():
        cvec[j] = float(w)
    res = linprog(cvec, A_ub=matrix(rows_ub), b_ub=b_ub, A_eq=matrix([r for r, _, _ in lp.eq]),
                  b_eq=np.array([float(b) for _, b, _ in lp.eq]), bounds=[(None, None)] * nv, method="highs")
    return res if res.status == 0 else None


def _rational(x: float, limit: int | None) -> Fraction:
    r = Fraction(float(x))
    return r if limit is None else r.limit_denominator(limit)


def _exact_support(lp: LP, objective, extra, y_float, z_float, tol: float):
    """Multipliers on the rows HiGHS makes positive (|z| > tol), solved exactly so that every variable cancels."""
    rows = [r for r, _, _ in lp.ub] + [r for r, _ in extra]
    live_y = [i for i, v in enumerate(y_float) if v > tol]
    live_z = [i for i, v in enumerate(z_float) if abs(v) > tol]
    cols = sorted({j for i in live_y for j in rows[i]} | {j for i in live_z for j in lp.eq[i][0]}
                  | set(_objective_vector(lp, objective)))
    where = {j: t for t, j in enumerate(cols)}
    eqs = [[Fraction(0)] * (len(live_y) + len(live_z)) for _ in cols]
    for t, i in enumerate(live_y):
        for j, v in rows[i].items():
            eqs[where[j]][t] = v
    for t, i in enumerate(live_z):
        for j, v in lp.eq[i][0].items():
            eqs[where[j]][len(live_y) + t] = v
    obj = _objective_vector(lp, objective)
    rhs = [-obj.get(j, Fraction(0)) for j in cols]
    guess = [_rational(y_float[i], 10**6) for i in live_y] + [_rational(z_float[i], 10**6) for i in live_z]
    x = solve_exact(eqs, rhs, guess)
    if x is None:
        return None
    y = [Fraction(0)] * len(rows)
    z = [Fraction(0)] * len(lp.eq)
    for t, i in enumerate(live_y):
        y[i] = x[t]
    for t, i in enumerate(live_z):
        z[i] = x[len(live_y) + t]
    return y, z


def tightened(lp: LP, x: Sequence[Fraction]) -> list[Fraction]:
    """The point with the same outputs r as ``x`` (unanimity views set to their value) and every other
    variable at its least feasible value: hi and lo the max and min of their views' outputs, c and a the
    least the contraction and averaging rows allow. Exactly feasible for the LP's own rows."""
    x = list(x)
    for row, b, _ in lp.eq:
        x[next(iter(row))] = b
    hi: dict[int, Fraction] = {}
    lo: dict[int, Fraction] = {}
    for row, _, tag in lp.ub:
        if tag[0] == "view<=hi":
            (r, _), (h, _) = sorted(row.items(), key=lambda t: -t[1])
            hi[h] = max(hi.get(h, x[r]), x[r])
        elif tag[0] == "lo<=view":
            (lcol, _), (r, _) = sorted(row.items(), key=lambda t: -t[1])
            lo[lcol] = min(lo.get(lcol, x[r]), x[r])
    for j, v in {**hi, **lo}.items():
        x[j] = v
    for name in ("c", "a"):
        j = lp.columns[(name,)]
        need = [(sum((coef * x[k] for k, coef in row.items() if k != j), Fraction(0)) - b) / -row[j]
                for row, b, _ in lp.ub if j in row]
        x[j] = max(need, default=Fraction(0))
    return x


def _primal_exact(lp: LP, objective, extra, xs, value: Fraction) -> list[Fraction] | None:
    """A HiGHS primal point, its outputs rationalised and the rest tightened (:func:`tightened`), exactly
    feasible (every row and cap checked) and attaining ``value``; or None."""
    rows_ub = [(r, b) for r, b, _ in lp.ub] + list(extra)
    obj = _objective_vector(lp, objective)
    for limit in DENOMINATORS:
        x = tightened(lp, [_rational(v, limit) for v in xs])
        if all(x[next(iter(r))] == b for r, b, _ in lp.eq) and \
                all(sum((c * x[j] for j, c in r.items()), Fraction(0)) <= b for r, b in rows_ub) and \
                sum((w * x[j] for j, w in obj.items()), Fraction(0)) == value:
            return x
    return None


def certify_lower(lp: LP, objective: dict[str, Fraction], caps: dict[str, Fraction] | None = None) -> Bound:
    """The certified least value of sum objective[x] * x over the LP (x in "c", "a"), with caps "x <= cap"."""
    extra = [({lp.columns[(name[0],)]: Fraction(1)}, Fraction(cap)) for name, cap in (caps or {}).items()]
    res = _scipy(lp, objective, extra)
    if res is None:
        return Bound(objective, None, False, None, [], ["HiGHS found no optimum"])
    y_float = [-v for v in res.ineqlin.marginals]
    z_float = [-v for v in res.eqlin.marginals]
    found = None
    for limit in DENOMINATORS:
        y = [max(Fraction(0), _rational(v, limit)) for v in y_float]
        z = [_rational(v, limit) for v in z_float]
        ok, value, fail = check_dual(lp, objective, y, z, extra)
        if ok:
            found = (y, z, value)
            break
    if found is None:
        for tol in (1e-9, 1e-7, 1e-11, 1e-5):
            sol = _exact_support(lp, objective, extra, y_float, z_float, tol)
            if sol is not None:
                ok, value, fail = check_dual(lp, objective, *sol, extra)
                if ok:
                    found = (*sol, value)
                    break
    if found is None:
        return Bound(objective, None, False, None, [], ["no exact dual certificate"])
    y, z, value = found
    tags = [t for (_, _, t), v in zip(lp.ub, y) if v] + [t for (_, _, t), v in zip(lp.eq, z) if v]
    chain = sorted({"inputs " + ",".join(map(str, t[1])) for t in tags if t[0] != "unanimity"})
    return Bound(objective, value, True, _primal_exact(lp, objective, extra, list(res.x), value), chain, [])


@dataclass
class Line:
    """One supporting line of a certified front, l_c * c + l_a * a >= value, and its bound over every rule."""

    normal: tuple[Fraction, Fraction]
    value: Fraction
    bound: Bound

    @property
    def meets(self) -> bool:
        return self.bound.ok and self.bound.value == self.value


def supporting_lines(points: list[tuple[Fraction, Fraction]]) -> list[tuple[tuple[Fraction, Fraction], Fraction]]:
    """The lines that cut out the region above a convex front through ``points`` (c increasing, a
    decreasing): c >= c_0, a >= a_last, and one per edge (normal (a_i - a_{i+1}, c_{i+1} - c_i))."""
    lines = [((Fraction(1), Fraction(0)), points[0][0]), ((Fraction(0), Fraction(1)), points[-1][1])]
    for (c1, a1), (c2, a2) in zip(points, points[1:]):
        normal = (a1 - a2, c2 - c1)
        lines.append((normal, normal[0] * c1 + normal[1] * a1))
    return lines


@dataclass
class Comparison:
    """At one instance and family: the front a rule family attains (the class's, or with ``own`` the
    own-weight family's, :mod:`.own_weight`), certified, and per supporting line of it the certified lower
    bound over every deterministic rule. ``meets`` when every line's bound equals its value: then no
    deterministic rule (of the view type, on the family's executions and so on all) lies below that front."""

    inst: Instance
    levels: int
    own: bool
    points: list[tuple[Fraction, Fraction]]
    lines: list[Line]
    failures: list[str] = field(default_factory=list)

    @property
    def contraction(self) -> Line:
        return self.lines[0]

    @property
    def averaging(self) -> Line:
        return self.lines[1]

    @property
    def meets(self) -> bool:
        return not self.failures and all(line.meets for line in self.lines)

    @property
    def scope(self) -> str:
        i = self.inst
        return SCOPE.format(view="own value and multiset" if self.own else "multiset of received values", M=self.levels,
                            model=i.model, n=i.n, f=i.f, q=i.q)


def attained_front(inst: Instance, own: bool) -> tuple[list[tuple[Fraction, Fraction]], list[str]]:
    """The certified front of the class (or, with ``own``, of the own-weight family) as (c, a) points."""
    if own:
        from .own_weight import compute as own_front

        fr = own_front(inst, grid_steps=1)
        return [(v.contraction, v.averaging) for v in fr.vertices] if fr.ok else [], list(fr.failures)
    from .front import compute

    fr2 = compute(inst)
    return [(v.contraction, v.averaging) for v in fr2.vertices] if fr2.ok else [], list(fr2.failures)


def compare(inst: Instance, levels: int = 1, own: bool = False) -> Comparison:
    """Every supporting line of the attained front against the certified bound over every deterministic rule."""
    points, failures = attained_front(inst, own)
    if not points:
        return Comparison(inst, levels, own, [], [], failures or ["no certified front"])
    lp = build(inst, levels, own)
    lines = [Line(normal, value, certify_lower(lp, {"c": normal[0], "a": normal[1]}))
             for normal, value in supporting_lines(points)]
    return Comparison(inst, levels, own, points, lines)


def report_json(comp: Comparison) -> dict[str, Any]:
    """The ``any_rule`` object of ``avagree optimal --any-rule --json``."""
    def line(ln: Line) -> dict[str, Any]:
        b = ln.bound
        return {"line": f"{ln.normal[0]} * contraction + {ln.normal[1]} * averaging", "attained": str(ln.value),
                "lower_bound": None if b.value is None else str(b.value), "certified": b.ok, "meets": ln.meets,
                "lp_optimum_exact": b.primal_exact, "executions_used": b.chain, "failures": b.failures}

    return {"scope": comp.scope, "levels": comp.levels, "own_value_in_view": comp.own,
            "family": "own-weight rules" if comp.own else "L-statistics with weights on f+1..q-f",
            "front": [{"contraction": str(c), "averaging": str(a)} for c, a in comp.points],
            "least_contraction_any_rule": None if not comp.lines or comp.contraction.bound.value is None
            else str(comp.contraction.bound.value),
            "least_averaging_any_rule": None if not comp.lines or comp.averaging.bound.value is None
            else str(comp.averaging.bound.value),
            "front_optimal_against_every_rule": comp.meets, "lines": [line(ln) for ln in comp.lines],
            "failures": comp.failures,
            "certificate": "per line, multipliers y >= 0, z with objective + y A_ub + z A_eq = 0 on every variable, "
                           "checked in Fractions; the bound is -(y b_ub + z b_eq)"}
