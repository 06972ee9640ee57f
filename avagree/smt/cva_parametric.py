"""Parameterised proof of CVA's exact one-round contraction factor in d = 1
(:mod:`avagree.proofs.exact_cva`): Z3 decides, for symbolic f, s = n - q and m = q - f at once,

* ``upper`` (async, sync): the pairing argument's arithmetic (docs/closed_forms.md, "CVA"): from the
  facts the argument establishes about two receivers' kept sets, their sums differ by at most the
  closed form's numerator;
* ``attained``: the lower-bound family (:data:`avagree.proofs.exact_cva.FAMILY`) is an execution
  for every parameter of the region (deliveries legal) and its two kinds of receivers' kept sums
  differ by exactly the numerator (``ties=adversary``); ``approached``: under ``ties=first`` the
  family keeps at least one Byzantine value at 2 - E, so it stays below and tends to the numerator;
* ``pieces``: the readable pieces of :data:`avagree.proofs.exact_cva.PIECES` equal the numerator
  over m where each applies.

Each is asserted negated within its region; ``unsat`` proves it. The facts themselves (each one line
of the argument) are tested on random executions by tests/unit/test_exact_cva.py, and the family is
replayed through the reference CVA (:func:`family_instance`).
"""

from __future__ import annotations

from fractions import Fraction

import sympy as sp
import z3

from avagree.errors import ParameterError
from avagree.proofs import exact_cva
from avagree.proofs.symbols import f as F_SYM, n as N_SYM, q as Q_SYM
from avagree.smt.budget import fresh_context
from avagree.smt.parametric import Obligation, decide, to_z3

FS, SS, MS = exact_cva.FS, exact_cva.SS, exact_cva.MS


def _vars() -> tuple[z3.ArithRef, z3.ArithRef, z3.ArithRef, dict]:
    f, s, m = z3.Ints("f s m")
    return f, s, m, {FS: f, SS: s, MS: m}


def region(model: str, f: z3.ArithRef, s: z3.ArithRef, m: z3.ArithRef) -> list:
    """f >= 1; async: f + 1 <= q <= n - f (m >= 1, s >= f); sync: q = n (s = 0), h = m >= 2."""
    return [f >= 1, s >= f, m >= 1] if model == "async" else [f >= 1, s == 0, m >= 2]


def upper(model: str, bound: sp.Expr | None = None) -> Obligation:
    """Receivers U and L keep m values each, each its own value (a kept set holds a value equal to the
    receiver's own, which is at distance 0; swapping it for the own value changes no sum), so
    b_U, b_L <= min(f, m - 1) Byzantine ones. Every kept value lies within r of the receiver's value
    x, r <= max(x, 1 - x) <= 1 (its m honest values are a candidate), so U's Byzantine values are
    <= x_U + r_U <= 2 and L's >= -1.

    async: c honest nodes kept by both (c >= (m - b_U) + (m - b_L) - h, h = m + s) cancel; U's other
    honest values are <= 1 and L's >= 0: the gap is at most 2 b_U + (m - b_U - c) + b_L.

    sync: each receiver gets all h = m honest values and drops as many as it keeps Byzantine ones.
    Pair each Byzantine value z U keeps with an honest y it drops: y >= x_U + r_U >= z, or
    y <= x_U - r_U and z - y <= 2 (x_U - y) <= 2 (1 - y); likewise L's pairs gain <= 2 y. A node both
    drop gives 2 (1 - y) + 2 y = 2, one only U drops <= 2 (1 - y) <= 2: with o nodes in both drops,
    Y_U = sum of 1 - y over U's others (<= b_U - o), Y_L = sum of y over L's others (<= b_L - o), the
    gap is at most 2 Y_U + 2 Y_L + 2 o, and the drops fit in the h honest nodes."""
    f, s, m, env = _vars()
    bu, bl, c, o = z3.Ints("b_U b_L c o")
    gap, yu, yl = z3.Reals("gap Y_U Y_L")
    ob = Obligation("cva", "contraction", model, "upper")
    b = to_z3(exact_cva.B, env)
    facts = region(model, f, s, m) + [bu >= 0, bu <= b, bl >= 0, bl <= b]
    if model == "async":
        facts += [c >= 0, c <= m - bu, c <= m - bl, c >= (m - bu) + (m - bl) - (m + s), gap <= 2 * bu + (m - bu - c) + bl]
    else:
        facts += [o >= 0, o <= bu, o <= bl, bu + bl - o <= m, yu >= 0, yu <= bu - o, yl >= 0, yl <= bl - o,
                  gap <= 2 * yu + 2 * yl + 2 * o]
    limit = to_z3(exact_cva.NUMERATOR[model] if bound is None else bound, env)
    return decide(facts, gap <= limit, ob)


def _legal(model: str, fam: exact_cva.Family, env: dict, m: z3.ArithRef, s: z3.ArithRef) -> list:
    """The family's deliveries are an execution's: 1 <= k <= h - 1; a U node gets u_ones ones (its own
    among them, at most k) and m - u_ones zeros (at most h - k); an L node likewise; synchronous: all."""
    k, uo, lz = (to_z3(e, env) for e in (fam.k, fam.u_ones, fam.l_zeros))
    h = m + s
    out = [k >= 1, k <= h - 1, uo >= 1, uo <= k, m - uo >= 0, m - uo <= h - k,
           lz >= 1, lz <= h - k, m - lz >= 0, m - lz <= k]
    if model == "sync":
        out += [uo == k, lz == h - k]
    return out


def attained(model: str, fam: exact_cva.Family | None = None) -> Obligation:
    """The family is an execution for every parameter and its receivers' kept sums differ by the numerator."""
    f, s, m, env = _vars()
    fam = fam or exact_cva.FAMILY[model]
    ob = Obligation("cva", "contraction", model, "attained")
    top, low = (to_z3(e, env) for e in exact_cva.kept_sums(fam))
    goal = z3.And(_legal(model, fam, env, m, s) + [top - low == to_z3(exact_cva.NUMERATOR[model], env)])
    return decide(region(model, f, s, m), goal, ob)


def approached(model: str) -> Obligation:
    """Under ``first`` the family's gap is the numerator minus E t_U (a sympy identity checked here first),
    t_U the Byzantine values U keeps: t_U >= 1 when m >= 2 (below the supremum for every E > 0, tending
    to it), t_U = 0 when m = 1 (every receiver outputs its own value: attained under every tie rule)."""
    f, s, m, env = _vars()
    fam = exact_cva.FAMILY[model]
    ob = Obligation("cva", "contraction", model, "approached (ties=first)")
    adv, first = exact_cva.kept_sums(fam), exact_cva.kept_sums(fam, first=True)
    t_u = sp.Min(FS, MS - fam.u_ones)
    if sp.simplify(first[0] - adv[0] + exact_cva.E * t_u) != 0 or sp.simplify(first[1] - adv[1]) != 0:
        ob.status, ob.reason = "refuted", "the first-tie family is not the adversary's minus E t_U"
        return ob
    return decide(region(model, f, s, m), (to_z3(t_u, env) >= 1) == (m >= 2), ob)


def pieces(model: str) -> Obligation:
    """Each readable piece times m equals the numerator where it applies (and no earlier piece does)."""
    f, s, m, env = _vars()
    ob = Obligation("cva", "contraction", model, "pieces")
    back = {N_SYM: MS + SS + FS, Q_SYM: MS + FS, F_SYM: FS} if model == "async" else {N_SYM: MS + FS, F_SYM: FS}
    num = to_z3(exact_cva.NUMERATOR[model], env)
    goals, earlier = [], []
    for expr, cond in exact_cva.PIECES[model]:
        scaled = sp.cancel(sp.sympify(expr).subs(back) * MS)
        here = to_z3(sp.sympify(cond).subs(back), env)
        goals.append(z3.Implies(z3.And(*[z3.Not(e) for e in earlier], here), to_z3(scaled, env) == num))
        earlier.append(here)
    return decide(region(model, f, s, m), z3.And(goals), ob)


def prove_cva() -> list[Obligation]:
    """Every obligation of CVA's closed form, in both models, each in a fresh z3 context."""
    out = []
    for model in ("async", "sync"):
        for build in (upper, attained, approached, pieces):
            fresh_context()
            out.append(build(model))
    return out


def family_instance(N: int, F: int, Q: int, model: str, first: bool, eps: Fraction = Fraction(1, 4)
                    ) -> tuple[list[Fraction], list[list[int]], list[list[Fraction]]]:
    """The family at (N, F, Q) as concrete honest inputs (k ones last), each honest node's received
    honest indices (its own first) and Byzantine values (2, or 2 - eps under ``first``, for nodes
    holding 1; -1 for nodes holding 0)."""
    if exact_cva.cva_exact(N, F, Q, model) is None:
        raise ParameterError("q", Q, f"(n, f, q) = ({N}, {F}, {Q}) is outside CVA's closed form ({model})")
    fam = exact_cva.FAMILY[model]
    vals = {FS: F, SS: 0 if model == "sync" else N - Q, MS: Q - F}
    k, u_ones, l_zeros = (int(sp.sympify(e).subs(vals)) for e in (fam.k, fam.u_ones, fam.l_zeros))
    h, m = N - F, Q - F
    inputs = [Fraction(int(i >= h - k)) for i in range(h)]
    ones, zeros = list(range(h - k, h)), list(range(h - k))
    deliveries, byzantine = [], []
    for j in range(h):
        if inputs[j]:
            pick = [i for i in ones if i != j][: u_ones - 1] + zeros[: m - u_ones]
            byz = [2 - eps if first else Fraction(2)] * F
        else:
            pick = [i for i in zeros if i != j][: l_zeros - 1] + ones[: m - l_zeros]
            byz = [Fraction(-1)] * F
        deliveries.append([j] + pick)
        byzantine.append(byz)
    return inputs, deliveries, byzantine
