"""Parameterised proof of MDA's exact one-round contraction factor in d = 1
(:mod:`avagree.proofs.exact_mda`): Z3 decides, for symbolic f, s = n - q and m = q - f at once,

* ``upper meet`` / ``upper any``: the pairing argument's arithmetic (docs/closed_forms.md, "MDA"):
  from the facts the argument establishes about two receivers' kept sets, their sums differ by at
  most 3f + s when the kept honest sets must meet (m >= s + 2f + 1), and by at most m + 2f always;
* ``cover``: the slack cases in which :mod:`avagree.proofs.mda_family` checks the lower-bound
  families cover each region (so the families reach the formula for every parameter of it).

Each is asserted negated within its region; ``unsat`` proves it. The facts themselves (each one
line of the argument) are tested on random executions by tests/unit/test_exact_mda.py.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Callable

import sympy as sp
import z3

from avagree.errors import ParameterError
from avagree.proofs import exact_mda, mda_family
from avagree.smt.budget import fresh_context
from avagree.smt.parametric import Obligation, decide, to_z3

FS, SS, MS = mda_family.FS, mda_family.SS, mda_family.MS


def _region(name: str, model: str, f: z3.ArithRef, s: z3.ArithRef, m: z3.ArithRef) -> list:
    """The region of a piece of the closed form in (f, s, m): f >= 1, q >= 2f + 1 (m >= f + 1),
    q <= n - f (s >= f) async or q = n (s = 0) sync; "meet": 2q >= n + 3f + 1, i.e. m >= s + 2f + 1;
    "apart": m <= s + 2f; "unbounded": 1 <= m <= f."""
    base = [f >= 1, s >= f] if model == "async" else [f >= 1, s == 0]
    if name == "unbounded":
        return base + [m >= 1, m <= f]
    base.append(m >= f + 1)
    if name == "meet":
        return base + [m >= s + 2 * f + 1]
    return base + [m <= s + 2 * f]


def upper(meet: bool, model: str, bound: sp.Expr | None = None) -> Obligation:
    """Receivers U and L keep m values each: b_U, b_L <= f Byzantine ones and m - b_U, m - b_L honest
    ones, c honest nodes in both (c >= (m - b_U) + (m - b_L) - h). a = min of U's kept set, b = max of
    L's; honest values in [0, 1]. Facts: each kept set has spread <= 1 (the m honest values a
    receiver gets are a candidate), so U's Byzantine values are <= a + 1 and L's >= b - 1; a <= 1,
    b >= 0; a common kept node v gives a <= v <= b. The common values cancel, so (sum U) - (sum L)
    = A_U - A_L with A_U <= b_U (a + 1) + (m - b_U - c) and A_L >= b_L (b - 1). Goal: the gap is at
    most ``bound`` (default 3f + s for ``meet``, m + 2f otherwise)."""
    f, s, m, bu, bl, c = z3.Ints("f s m b_U b_L c")
    a, b, au, al = z3.Reals("a b A_U A_L")
    ob = Obligation("mda", "contraction", model, "upper meet" if meet else "upper any")
    region = _region("meet" if meet else "apart", model, f, s, m)
    if not meet:  # the general bound: every q >= 2f + 1
        region = region[:-1]
    h = m + s
    facts = region + [bu >= 0, bu <= f, bl >= 0, bl <= f, c >= 0, c <= m - bu, c <= m - bl,
                      c >= (m - bu) + (m - bl) - h, a <= 1, b >= 0, z3.Implies(c >= 1, a <= b),
                      au <= bu * (a + 1) + (m - bu - c), al >= bl * (b - 1)]
    env = {FS: f, SS: s, MS: m}
    limit = to_z3(bound, env) if bound is not None else (3 * f + s if meet else m + 2 * f)
    return decide(facts, au - al <= limit, ob)


def cover(name: str, model: str, cases: tuple[mda_family.Case, ...] | None = None, spec: str = "contraction",
          region: list | None = None) -> Obligation:
    """Every (f, s, m) of the region is one of the family's slack cases (integral slacks >= 0); ``cases``
    and ``region`` (a function of f, s, m) default to the contraction family ``name``'s."""
    f, s, m = z3.Ints("f s m")
    ob = Obligation("mda", spec, model, f"cover {name}")
    env = {FS: f, SS: s, MS: m}
    options = []
    for case in cases if cases is not None else mda_family.CASES[name, model]:
        back = dict(case.inverse)
        options.append(z3.And([to_z3(sp.Ge(v, 0, evaluate=False), env) for v in back.values()] +
                              [to_z3(sp.Eq(sp.expand(expr.subs(back)), target, evaluate=False), env)
                               for expr, target in ((case.f, FS), (case.s, SS), (case.m, MS))]))
    return decide(region(f, s, m) if region else _region(name, model, f, s, m), z3.Or(options), ob)


def _averaging_region(model: str) -> Callable[[z3.ArithRef, z3.ArithRef, z3.ArithRef], list]:
    """q >= 2f + 1 (m >= f + 1), f >= 1; async q <= n - f (s >= f), sync q = n (s = 0)."""
    return lambda f, s, m: [f >= 1, m >= f + 1, s >= f if model == "async" else s == 0]


def averaging_upper(model: str, bound: sp.Expr | None = None) -> Obligation:
    """One receiver keeps m values, b <= f Byzantine and m - b >= 1 honest ones (m >= f + 1). Honest inputs
    in [0, 1]; its kept set has spread <= 1 (the m honest values it gets are a candidate) and holds an honest
    value <= 1, so each kept Byzantine value is <= 2; its kept honest values sum to HK <= m - b; the h = m + s
    honest values sum to X >= HK (the others are >= 0). Goal: h (HK + BK) - m X, i.e. h m (output - mean),
    is at most the numerator (default :data:`avagree.proofs.exact_mda.AVERAGING_NUMERATOR`). The averaging
    error is the mean over receivers of output - mean, and the lower side follows by reflecting x -> 1 - x."""
    f, s, m, b = z3.Ints("f s m b")
    hk, bk, x = z3.Reals("HK BK X")
    ob = Obligation("mda", "averaging", model, "upper")
    facts = _averaging_region(model)(f, s, m) + [b >= 0, b <= f, hk >= 0, hk <= m - b, bk <= 2 * b, x >= hk]
    env = {FS: f, SS: s, MS: m}
    limit = to_z3(bound if bound is not None else in_case_symbols(exact_mda.AVERAGING_NUMERATOR), env)
    return decide(facts, (m + s) * (hk + bk) - m * x <= limit, ob)


def in_case_symbols(expr: sp.Expr) -> sp.Expr:
    """A closed form of :mod:`avagree.proofs.exact_mda` (in n, f, q) in the case symbols f, s = n - q, m = q - f."""
    from avagree.proofs.symbols import f as f_sym, n as n_sym, q as q_sym

    return sp.expand(sp.sympify(expr).subs({n_sym: MS + SS + FS, q_sym: MS + FS, f_sym: FS}, simultaneous=True))


def prove_mda_averaging() -> list[Obligation]:
    """The averaging error's obligations (upper bound, family cover), both models, fresh z3 contexts."""
    out = []
    for model in ("async", "sync"):
        fresh_context()
        out.append(averaging_upper(model))
        fresh_context()
        out.append(cover("averaging", model, (mda_family.AVERAGING_CASES[model],), "averaging",
                         _averaging_region(model)))
    return out


def prove_mda() -> list[Obligation]:
    """Every obligation of MDA's closed form, in both models, each in a fresh z3 context."""
    out = []
    for model in ("async", "sync"):
        for meet in (True, False):
            fresh_context()
            out.append(upper(meet, model))
        for name, case_model in mda_family.CASES:
            if case_model == model:
                fresh_context()
                out.append(cover(name, model))
    return out


def family_instance(name: str, model: str, N: int, F: int, Q: int, first: bool,
                    eps: Fraction = Fraction(1, 4)) -> tuple[list[Fraction], list[list[int]], list[list[Fraction]]]:
    """The family ``name`` at (N, F, Q) (in a case of its region, else ParameterError), as concrete
    honest inputs (k ones last), each honest node's received honest indices (its own first) and
    Byzantine values: nodes holding 1 are delivered as U, nodes holding 0 as L. ``first``: U's
    Byzantine values at 2 - eps (E0 = 1/eps - 2)."""
    values = {FS: F, SS: N - Q, MS: Q - F}
    for case in mda_family.CASES[name, model]:
        slacks = {v: sp.sympify(e).subs(values) for v, e in case.inverse}
        if all(x >= 0 for x in slacks.values()) and all(sp.sympify(e).subs(slacks) == values[t] for e, t in
                                                         ((case.f, FS), (case.s, SS), (case.m, MS))):
            break
    else:
        raise ParameterError("q", Q, f"(n, f, q) = ({N}, {F}, {Q}) is not in the region of the {name} family ({model})")
    slacks[mda_family.E0] = 1 / sp.Rational(eps.numerator, eps.denominator) - 2
    slacks[mda_family.B0] = 10
    fam = mda_family.family(name, case, first)
    num = lambda e: Fraction(str(sp.sympify(e).subs(slacks)))  # noqa: E731 - one exact substitution
    h, k, m = N - F, int(num(fam.k)), Q - F
    inputs = [Fraction(int(i >= h - k)) for i in range(h)]
    ones, zeros = list(range(h - k, h)), list(range(h - k))
    deliveries, byzantine = [], []
    for j in range(h):
        got_ones, byz = (num(fam.u_ones), fam.u_byz) if inputs[j] else (num(fam.l_ones), fam.l_byz)
        pick = [i for i in ones if i != j][: int(got_ones) - int(inputs[j])] + \
               [i for i in zeros if i != j][: m - int(got_ones) - (1 - int(inputs[j]))]
        deliveries.append([j] + pick)
        byzantine.append([num(v) for v, c in byz for _ in range(int(num(c)))])
    return inputs, deliveries, byzantine
