r"""MDA's lower-bound families in d = 1, checked symbolically with sympy for symbolic n, f, q.

A family is one execution of one round written in symbolic parameters: k honest ones and h - k
zeros, two receivers (U, own value 1, and L, own value 0) with the honest ones and zeros each
receives and its f Byzantine values. A receiver's q values are then a few groups (value, count)
with symbolic counts; MDA keeps a window of m = q - f consecutive order statistics of least
spread. :class:`Received` enumerates the windows by the groups holding their lowest and highest
value (a window "type"; whether one exists is a handful of linear comparisons of the counts),
finds the least spread, and sums the chosen window. Every comparison is decided by
:func:`avagree.proofs.check_record.nonneg` after writing the parameters through nonnegative
slack symbols (one :class:`Case` per part of the region), so "decided" means for every parameter
of that part; a comparison it cannot decide raises :class:`Undecided` (the family is then not
proved). The cases' cover of the region is decided by Z3 (:mod:`avagree.smt.mda_parametric`).
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from .check_record import nonneg

F0, M0, M1, S0, S1, E0, B0 = sp.symbols("F0 M0 M1 S0 S1 E0 B0", integer=True, nonnegative=True)
#: the parameters of a case's inverse: f, s = n - q, m = q - f
FS, SS, MS = sp.symbols("f s m", integer=True)
#: the Byzantine offset of the ``first`` variant, in (0, 1/2]: values at 2 - epsilon make U's window
#: the only optimum; epsilon -> 0 as E0 -> oo
EPSILON = 1 / (2 + E0)


class Undecided(Exception):
    """A comparison of symbolic counts that the slack parametrisation does not decide."""


def _positive(e: sp.Expr) -> bool:
    """e > 0 for every value of the (nonnegative) slacks: a positive number, an e >= 1 free of E0 and B0
    (counts and spreads are integers), or a ratio whose numerator and denominator have nonnegative
    coefficients and positive constant terms."""
    e = sp.together(sp.sympify(e))
    if e.is_number:
        return bool(e > 0)
    if not e.free_symbols & {E0, B0}:
        return nonneg(e - 1)
    num, den = (sp.expand(x) for x in sp.fraction(e))
    return nonneg(num) and nonneg(den) and all(x.subs({s: 0 for s in x.free_symbols}) > 0 for x in (num, den))


def _le(a: sp.Expr, b: sp.Expr) -> bool:
    """a <= b for every parameter of the case (True), a > b for every one (False), else Undecided."""
    if nonneg(b - a):
        return True
    if _positive(a - b):
        return False
    raise Undecided(f"cannot compare {a} <= {b}")


def _maybe_le(a: sp.Expr, b: sp.Expr) -> bool:
    """a <= b for some parameter of the case may hold (False only when a > b for every one)."""
    try:
        return _le(a, b)
    except Undecided:
        return True


def _extreme(x: sp.Expr, y: sp.Expr, larger: bool) -> sp.Expr:
    """max(x, y) (``larger``) or min(x, y), when one is shown <= the other for every parameter."""
    try:
        x_low = _le(x, y)
    except Undecided:
        x_low = not _le(y, x)
    return (y if x_low else x) if larger else (x if x_low else y)


@dataclass(frozen=True)
class Received:
    """A receiver's q values as groups (value, count), values strictly increasing; MDA keeps m."""

    groups: tuple[tuple[sp.Expr, sp.Expr], ...]
    m: sp.Expr

    def _cum(self) -> list[sp.Expr]:
        out = [sp.Integer(0)]
        for _, c in self.groups:
            out.append(out[-1] + c)
        return out

    def window_types(self) -> list[tuple[int, int]]:
        """(i, j): a window whose lowest value is in group i and highest in group j may exist (not
        shown impossible for every parameter: a superset, so optimality checked against it is sound)."""
        C, total = self._cum(), self._cum()[-1]
        drop = total - self.m
        out = []
        for i in range(len(self.groups)):
            for j in range(i, len(self.groups)):
                lows = [C[i], C[j] - self.m + 1, sp.Integer(0)]
                highs = [C[i + 1] - 1, C[j + 1] - self.m, drop]
                if all(_maybe_le(lo, hi) for lo in lows for hi in highs):
                    out.append((i, j))
        return out

    def spread(self, kind: tuple[int, int]) -> sp.Expr:
        return self.groups[kind[1]][0] - self.groups[kind[0]][0]

    def window(self, start: sp.Expr) -> tuple[tuple[int, int], sp.Expr]:
        """The type and the sum of the window of the order statistics start .. start + m - 1."""
        C = self._cum()
        end = start + self.m - 1
        total, low, high = sp.Integer(0), None, None
        for g, (value, _) in enumerate(self.groups):
            a, b = _extreme(start, C[g], larger=True), _extreme(C[g + 1] - 1, end, larger=False)
            if _le(a, b):
                total += value * (b - a + 1)
                low = g if low is None else low
                high = g
        return (low, high), sp.expand(total)

    def keeps(self, start: sp.Expr, unique: bool) -> sp.Expr:
        """The output (window mean) when MDA keeps the window at ``start``; checks that it is optimal
        (``unique``: strictly better than every other window type, so every tie rule keeps it)."""
        kind, total = self.window(start)
        if unique:  # a neighbouring window of the same type has the same spread: a tie
            C, (low, high) = self._cum(), kind
            end = start + self.m - 1
            left = _maybe_le(1, start) and _maybe_le(C[low], start - 1) and _maybe_le(C[high], end - 1)
            right = (_maybe_le(start + 1, C[-1] - self.m) and _maybe_le(start + 1, C[low + 1] - 1)
                     and _maybe_le(end + 1, C[high + 1] - 1))
            if left or right:
                raise Undecided(f"the window at {start} may tie with a neighbour of its type")
        for other in self.window_types():
            if other != kind and not _le(self.spread(kind), self.spread(other)):
                raise Undecided(f"the window at {start} is not shown of least spread (against type {other})")
            if other != kind and unique and not _positive(self.spread(other) - self.spread(kind)):
                raise Undecided(f"the window at {start} is not shown the only optimum (against type {other})")
        return total / self.m


@dataclass(frozen=True)
class Case:
    """A part of the region written through nonnegative slacks: f, s = n - q, m = q - f as expressions
    of them, and ``inverse``, each slack as an expression of (FS, SS, MS)."""

    name: str
    f: sp.Expr
    s: sp.Expr
    m: sp.Expr
    inverse: tuple[tuple[sp.Symbol, sp.Expr], ...]


@dataclass(frozen=True)
class Family:
    """An execution family: k honest ones; U (own 1) gets ``u_ones`` honest ones, the rest zeros, and
    Byzantine values ``u_byz`` (value, count); L (own 0) likewise."""

    name: str
    k: sp.Expr
    u_ones: sp.Expr
    u_byz: tuple[tuple[sp.Expr, sp.Expr], ...]
    l_ones: sp.Expr
    l_byz: tuple[tuple[sp.Expr, sp.Expr], ...]


def _groups(zeros: sp.Expr, ones: sp.Expr, byz: tuple[tuple[sp.Expr, sp.Expr], ...]) -> tuple:
    merged: dict[sp.Expr, sp.Expr] = {}
    for value, count in ((sp.Integer(0), zeros), (sp.Integer(1), ones), *byz):
        merged[value] = merged.get(value, sp.Integer(0)) + count
    kept = [(v, c) for v, c in merged.items() if c != 0]
    return tuple(sorted(kept, key=lambda vc: float(sp.sympify(vc[0]).subs({E0: 0, B0: 0}))))


def deliveries_hold(fam: Family, case: Case, model: str) -> list[str]:
    """The family's deliveries are legal: 1 <= k <= h - 1; each receiver gets m honest values (its
    own among them), no more ones than k nor zeros than h - k, f Byzantine values; synchronous: every
    honest value. Returns the conditions that fail (empty: legal for every parameter of the case)."""
    h = case.m + case.s
    conds = {"1 <= k": (1, fam.k), "k <= h - 1": (fam.k, h - 1)}
    for who, ones, own in (("U", fam.u_ones, 1), ("L", fam.l_ones, 0)):
        conds |= {f"{who}: ones <= k": (ones, fam.k), f"{who}: zeros <= h - k": (case.m - ones, h - fam.k),
                  f"{who}: own value": (own, ones) if own else (1, case.m - ones),
                  f"{who}: ones >= 0": (0, ones), f"{who}: zeros >= 0": (0, case.m - ones)}
    for who, byz in (("U", fam.u_byz), ("L", fam.l_byz)):
        count = sum((c for _, c in byz), sp.Integer(0))
        conds[f"{who}: Byzantine count <= f"] = (count, case.f)
        conds[f"{who}: Byzantine count >= f"] = (case.f, count)
        conds |= {f"{who}: Byzantine group {i} >= 0": (0, c) for i, (_, c) in enumerate(byz)}
    if model == "sync":
        conds |= {"sync: U gets all": (fam.k, fam.u_ones), "sync: L gets all": (fam.k, fam.l_ones)}
    bad = []
    for text, (a, b) in conds.items():
        try:
            ok = _le(sp.sympify(a), sp.sympify(b))
        except Undecided:
            ok = False
        if not ok:
            bad.append(text)
    return bad


def outputs(fam: Family, case: Case, unique_u: bool) -> tuple[sp.Expr, sp.Expr]:
    """(U's output, L's output): U keeps its top window, L its bottom one, both of least spread."""
    upper = Received(_groups(case.m - fam.u_ones, fam.u_ones, fam.u_byz), case.m)
    lower = Received(_groups(case.m - fam.l_ones, fam.l_ones, fam.l_byz), case.m)
    return upper.keeps(case.f, unique_u), lower.keeps(sp.Integer(0), False)


def family(name: str, case: Case, first: bool) -> Family:
    """The two families, in a case's slacks. "meet" (2q >= n + 3f + 1): k = m - f; U gets every one and
    f zeros, its Byzantine values at 2 (2 - epsilon under ``first``); L gets every zero (s + f) and
    m - s - f ones, its Byzantine values at 0. "apart" (2q <= n + 3f): U gets m - f ones and f zeros,
    Byzantine values at 2; L gets m - f zeros and f ones, Byzantine values at -1; k = m - f when
    m >= 2f, else f (synchronous, n <= 3f: k = m - f, U and L get all h = m honest values).
    "unbounded" (q <= 2f): k = 1; U gets its own one, m - 1 zeros and f Byzantine ones; L gets m zeros and f Byzantine values at -(1 + B0): its kept set can be those alone."""
    f, s, m = case.f, case.s, case.m
    top = 2 - EPSILON if first else sp.Integer(2)
    if name == "unbounded":
        return Family(name, sp.Integer(1), sp.Integer(1), ((sp.Integer(1), f),), sp.Integer(0), ((-1 - B0, f),))
    if name == "meet":
        return Family(name, m - f, m - f, ((top, f),), m - s - f, ((sp.Integer(0), f),))
    if case.name == "apart sync":  # every receiver gets all h = m honest values: k = m - f ones, f zeros
        return Family(name, m - f, m - f, ((top, f),), m - f, ((sp.Integer(-1), f),))
    k = m - f if case.name.endswith("wide") else f
    return Family(name, k, m - f, ((top, f),), f, ((sp.Integer(-1), f),))


#: the parts of each region, through nonnegative slacks; their cover is decided by Z3
CASES: dict[tuple[str, str], tuple[Case, ...]] = {
    ("meet", "async"): (Case("meet", 1 + F0, 1 + F0 + S0, 1 + F0 + S0 + 2 * (1 + F0) + 1 + M0,
                             ((F0, FS - 1), (S0, SS - FS), (M0, MS - SS - 2 * FS - 1))),),
    ("meet", "sync"): (Case("meet", 1 + F0, sp.Integer(0), 2 * (1 + F0) + 1 + M0,
                            ((F0, FS - 1), (M0, MS - 2 * FS - 1))),),
    ("apart", "async"): (Case("apart wide", 1 + F0, M0 + S1, 2 * (1 + F0) + M0,
                              ((F0, FS - 1), (M0, MS - 2 * FS), (S1, SS - MS + 2 * FS))),
                         Case("apart narrow", M0 + M1 + 2, M1 + 1 + S1, 2 * M0 + M1 + 3,
                              ((M0, MS - FS - 1), (M1, 2 * FS - MS - 1), (S1, SS + MS - 2 * FS)))),
    ("apart", "sync"): (Case("apart sync", 1 + M0 + M1, sp.Integer(0), 2 * M0 + M1 + 2,
                             ((M0, MS - FS - 1), (M1, 2 * FS - MS))),),
    ("unbounded", "async"): (Case("unbounded", 1 + M0 + F0, 1 + M0 + F0 + S0, 1 + M0,
                                  ((M0, MS - 1), (F0, FS - MS), (S0, SS - FS))),),
}


@dataclass
class FamilyCheck:
    """One family in one case, model and tie rule: its illegal deliveries (none when it is an
    execution), the outputs' gap, and whether it equals the closed form (``attained``) or tends to
    it from below as epsilon -> 0 (``approached``)."""

    family: str
    case: str
    model: str
    ties: str
    illegal: list[str]
    gap: sp.Expr
    target: sp.Expr
    status: str  # "attained" | "approached" | "fails: ..."


def check(name: str, model: str, ties: str) -> list[FamilyCheck]:
    """Check the family ``name`` ("meet" or "apart") in every case of its region, under ``ties``
    ("adversary": U's window ties and is chosen; "first": U's window is the only optimum)."""
    out = []
    for case in CASES[name, model]:
        first = ties == "first"
        fam = family(name, case, first)
        target = {"meet": (3 * case.f + case.s) / case.m, "apart": (case.m + 2 * case.f) / case.m,
                  "unbounded": sp.oo}[name]
        illegal = deliveries_hold(fam, case, model)
        try:
            up, low = outputs(fam, case, unique_u=first and name != "unbounded")
            gap = sp.cancel(sp.together(up - low))
            if name == "unbounded":  # L's output is -(1 + B0) under any tie rule: its window is the leftmost
                status = "attained" if sp.limit(gap, B0, sp.oo) == sp.oo else "fails: bounded"
            elif first:
                ok = sp.cancel(sp.limit(gap, E0, sp.oo) - target) == 0 and _positive(target - gap)
                status = "approached" if ok else "fails: the limit is not the closed form"
            else:
                status = "attained" if sp.cancel(gap - target) == 0 else "fails: the gap is not the closed form"
        except Undecided as err:
            gap, status = sp.nan, f"fails: {err}"
        if illegal:
            status = "fails: illegal " + ", ".join(illegal)
        out.append(FamilyCheck(name, case.name, model, ties, illegal, gap, target, status))
    return out


# --- the averaging error's family (issue 29, item 4) -------------------------------------------------------
#: the region q >= 2f + 1 through slacks: f = 1 + F0, m = f + 1 + M0, s = f + S0 (async) or 0 (sync)
AVERAGING_CASES: dict[str, Case] = {
    "async": Case("averaging", 1 + F0, 1 + F0 + S0, 2 + F0 + M0, ((F0, FS - 1), (S0, SS - FS), (M0, MS - FS - 1))),
    "sync": Case("averaging sync", 1 + F0, sp.Integer(0), 2 + F0 + M0, ((F0, FS - 1), (M0, MS - FS - 1))),
}


def averaging_check(model: str, ties: str) -> FamilyCheck:
    """The averaging family in every parameter of ``model``'s region: k = m - f honest ones; every receiver
    gets all k ones, f zeros (its own among them when it holds 0) and f Byzantine values at 2 (2 - epsilon
    under ``first``, so that its top window is the only optimum), and keeps the ones and the Byzantine
    values: each output minus the honest mean k/h is the closed form (attained) or tends to it from below
    (approached)."""
    case = AVERAGING_CASES[model]
    f, s, m = case.f, case.s, case.m
    h, k, first = m + s, m - f, ties == "first"
    fam = Family("averaging", k, k, ((2 - EPSILON if first else sp.Integer(2), f),), k,
                 ((2 - EPSILON if first else sp.Integer(2), f),))
    illegal = deliveries_hold(fam, case, model)
    target = (2 * f * m + s * (m + f)) / (h * m)
    try:
        received = Received(_groups(m - k, k, fam.u_byz), m)
        gap = sp.cancel(sp.together(received.keeps(f, unique=first) - k / h))
        if first:
            ok = sp.cancel(sp.limit(gap, E0, sp.oo) - target) == 0 and _positive(target - gap)
            status = "approached" if ok else "fails: the limit is not the closed form"
        else:
            status = "attained" if sp.cancel(gap - target) == 0 else "fails: the error is not the closed form"
    except Undecided as err:
        gap, status = sp.nan, f"fails: {err}"
    if illegal:
        status = "fails: illegal " + ", ".join(illegal)
    return FamilyCheck("averaging", case.name, model, ties, illegal, gap, target, status)
