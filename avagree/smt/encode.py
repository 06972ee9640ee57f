"""Symbolic rounds of the execution model in d = 1 (linear real arithmetic).

Without loss of generality (the rules are invariant to the order of their
inputs and every rule sees only a multiset):

* every receiver gets exactly f Byzantine values: a Byzantine value can copy
  any honest value, so fewer Byzantine vectors and more honest ones is a
  special case;
* each receiver's Byzantine values are sorted, b_1 <= ... <= b_f;
* round-1 honest inputs are sorted, x_0 <= ... <= x_{h-1} (nodes relabelled);
* for specifications invariant under x -> a x + b (a > 0), x_0 = 0 and
  x_{h-1} = 1.

Three encodings of a receiver's order statistics:

* ``interleave`` (sorted inputs, round 1; the default): the order statistics are
  variables z_1 <= ... <= z_q; the i-th delivered honest value x[i + o_i] sits at
  z_(i + e_i + 1), where o (senders skipped) and e (Byzantine values below) are
  nondecreasing whole numbers held as Boolean "ladders" (o_i >= t); the f other
  positions are the Byzantine values. Everything is linear (differences, guarded
  by Booleans), with no min/max terms, and measured 2 to 25 times fewer z3 units
  than ``merge`` on every case of the audit's sweep above 10^6 units (a few
  small ones, under 0.4M units, take up to 3 times more; MDA f = 3, n = 17:
  10 times fewer);
* ``merge`` (sorted inputs, round 1): the delivered honest values are a sorted
  subsequence a_1 <= ... <= a_m of x, chosen by increasing indices, and the p-th
  order statistic of the merge of a and b is min_{i+j=p} max(a_i, b_j);
* ``rank`` (any inputs, later rounds): each element's rank in the total order
  (value, honest before Byzantine, index) is a sum of indicator terms, and the
  p-th order statistic is the element of rank p.

``benchmarks/bench_smt.py`` measures them on the same cases.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import z3

from avagree.model.execution import Params


def _ind(cond: Any) -> Any:
    if cond is True:
        return 1
    if cond is False:
        return 0
    return z3.If(cond, 1, 0)


def _pick(xs: list[z3.ArithRef], idx: Any) -> z3.ArithRef:
    if isinstance(idx, int):
        return xs[idx]
    out = xs[0]
    for k in range(1, len(xs)):
        out = z3.If(idx == k, xs[k], out)
    return out


def _min(a: Any, b: Any) -> Any:
    return z3.If(a <= b, a, b)


def _max(a: Any, b: Any) -> Any:
    return z3.If(a >= b, a, b)


@dataclass
class Received:
    """The symbolic multiset one honest receiver aggregates in one round.

    ``honest``: (present, value) pairs in a static order; ``keys`` break ties
    between equal values (elements of equal value are interchangeable for every
    rule, so any fixed tie order is faithful).
    """

    receiver: int | z3.ArithRef
    xs: list[z3.ArithRef]
    honest: list[tuple[Any, z3.ArithRef]]
    byz: list[z3.ArithRef]
    merge: bool  # honest values are present and sorted: use the merge formula
    q: int
    _stats: dict[int, z3.ArithRef] = field(default_factory=dict)
    sorted_values: list[z3.ArithRef] | None = None  # ``interleave``: the order statistics are these variables

    @property
    def own(self) -> z3.ArithRef:
        return _pick(self.xs, self.receiver)

    def elements(self) -> list[tuple[Any, z3.ArithRef, int]]:
        """(present, value, static key) of every potential element."""
        out = [(pr, v, k) for k, (pr, v) in enumerate(self.honest)]
        out += [(True, b, len(self.honest) + i) for i, b in enumerate(self.byz)]
        return out

    def order_stat(self, p: int) -> z3.ArithRef:
        """The p-th smallest received value (1-based), cached."""
        if self.sorted_values is not None:
            return self.sorted_values[p - 1]
        if p not in self._stats:
            self._stats[p] = self._merge_stat(p) if self.merge else self._rank_stat(p)
        return self._stats[p]

    def _merge_stat(self, p: int) -> z3.ArithRef:
        a = [v for _, v in self.honest]
        m, f = len(a), len(self.byz)
        best = None
        for i in range(max(0, p - f), min(p, m) + 1):
            j = p - i
            if i == 0:
                cand = self.byz[j - 1]
            elif j == 0:
                cand = a[i - 1]
            else:
                cand = _max(a[i - 1], self.byz[j - 1])
            best = cand if best is None else _min(best, cand)
        return best

    def _rank_stat(self, p: int) -> z3.ArithRef:
        els = self.elements()
        terms = []
        for pa, va, ka in els:
            before = [_ind(z3.And(pb, z3.Or(vb < va, z3.And(vb == va, kb < ka))) if pb is not True
                           else z3.Or(vb < va, z3.And(vb == va, kb < ka)))
                      for pb, vb, kb in els if kb != ka]
            rank = 1 + z3.Sum(before) if before else z3.IntVal(1)
            cond = rank == p if pa is True else z3.And(pa, rank == p)
            terms.append(z3.If(cond, va, 0))
        return z3.Sum(terms)

    def selected(self, model: z3.ModelRef) -> list[int]:
        """Indices of the honest senders delivered, under ``model``."""
        return self._selected(model)

    _selected: Any = None


def _no_tick() -> None:
    """No wall clock to watch (a builder's default ``tick``)."""


def make_receiver(p: Params, xs: list[z3.ArithRef], r: int, j: int | None, name: str, sorted_inputs: bool,
                  constraints: list, tick: Any = _no_tick) -> Received:
    """A receiver with free deliveries; ``j=None`` makes its identity symbolic too."""
    h, f, q = p.h, p.f, p.q
    own: int | z3.ArithRef = j if j is not None else z3.Int(f"J_{r}_{name}")
    if j is None:
        constraints += [own >= 0, own < h]
    byz = [z3.Real(f"b_{r}_{name}_{i}") for i in range(f)]
    constraints += [byz[i] <= byz[i + 1] for i in range(f - 1)]
    if p.model == "sync":
        rec = Received(own, xs, [(True, x) for x in xs], byz, sorted_inputs, q)
        rec._selected = lambda model: list(range(h))
        return rec
    m = q - f
    if sorted_inputs:
        # increasing sender indices: a_i = x[idx_i] is then sorted; own among them
        idx: list[Any] = [z3.Int(f"i_{r}_{name}_{i}") for i in range(m)]
        constraints += [idx[0] >= 0, idx[m - 1] < h] + [idx[i] < idx[i + 1] for i in range(m - 1)]
        constraints.append(z3.Or([ix == own for ix in idx]))
        rec = Received(own, xs, [(True, _pick(xs, ix)) for ix in idx], byz, True, q)

        def chosen(model: z3.ModelRef, idx=idx) -> list[int]:
            return [model.eval(ix, model_completion=True).as_long() for ix in idx]

        rec._selected = chosen
        return rec
    if j is not None:
        sel: list = [True if k == j else z3.Bool(f"s_{r}_{name}_{k}") for k in range(h)]
    else:
        sel = [z3.Bool(f"s_{r}_{name}_{k}") for k in range(h)]
        constraints += [z3.Implies(own == k, sel[k]) for k in range(h)]
    tick()
    constraints.append(z3.Sum([_ind(s) for s in sel]) == m)
    rec = Received(own, xs, list(zip(sel, xs)), byz, False, q)

    def chosen_sel(model: z3.ModelRef, sel=sel) -> list[int]:
        return [k for k, s in enumerate(sel) if s is True or z3.is_true(model.eval(s, model_completion=True))]

    rec._selected = chosen_sel
    return rec


@dataclass
class SymRound:
    received: list[Received]


def make_round(p: Params, xs: list[z3.ArithRef], r: int, sorted_inputs: bool, constraints: list,
               generic: int = 0, merge: bool = True, interleave: bool = False, tick: Any = _no_tick) -> SymRound:
    """Every honest receiver (``generic=0``), or ``generic`` receivers of symbolic identity. ``tick()`` is
    called between pieces of the build (it raises to stop it: the wall-clock limit, issue 26)."""
    use_merge = sorted_inputs and merge

    def make(j: int | None, name: str) -> Received:
        tick()
        if sorted_inputs and interleave:
            return make_interleaved(p, xs, r, j, name, constraints, tick)
        return make_receiver(p, xs, r, j, name, use_merge, constraints, tick)

    recs = [make(None, f"g{g}") for g in range(generic)] if generic else [make(j, str(j)) for j in range(p.h)]
    return SymRound(recs)


def _ladder(rows: int, steps: int, name: str, constraints: list) -> list[list[Any]]:
    """Booleans ``at[i][t]`` meaning "c_i >= t" (t = 0..steps + 1; t = 0 true, t = steps + 1 false) for a
    nondecreasing sequence c_0 <= ... <= c_{rows-1} of whole numbers in [0, steps]."""
    at = [[True] + [z3.Bool(f"{name}_{i}_{t}") for t in range(1, steps + 1)] + [False] for i in range(rows)]
    for i in range(rows):
        for t in range(1, steps):
            constraints.append(z3.Implies(at[i][t + 1], at[i][t]))
        if i + 1 < rows:
            constraints += [z3.Implies(at[i][t], at[i + 1][t]) for t in range(1, steps + 1)]
    return at


def _equals(at: list[Any], t: int) -> Any:
    """c == t, from c's ladder row."""
    return z3.And(at[t], z3.Not(at[t + 1])) if at[t + 1] is not False else at[t]


def make_interleaved(p: Params, xs: list[z3.ArithRef], r: int, j: int | None, name: str,
                     constraints: list, tick: Any = _no_tick) -> Received:
    """A receiver of sorted round-1 inputs whose q order statistics are variables z_1 <= ... <= z_q:
    the i-th delivered honest value is x[i + o_i] (o nondecreasing in [0, h - m]: the skipped senders)
    and sits at z_(i + e_i + 1) (e_i, nondecreasing in [0, f]: the Byzantine values below it); the
    other f positions hold the Byzantine values. Every received multiset sorts this way and every
    such assignment is a received multiset, so the encoding is exact; the order statistics are then
    plain variables, with no min/max terms."""
    h, f, q = p.h, p.f, p.q
    m = q - f
    slack = h - m  # senders not delivered (0 in the synchronous model)
    own: int | z3.ArithRef = j if j is not None else z3.Int(f"J_{r}_{name}")
    z = [z3.Real(f"z_{r}_{name}_{k}") for k in range(q)]
    byz = [z3.Real(f"b_{r}_{name}_{i}") for i in range(f)]
    constraints += [z[k] <= z[k + 1] for k in range(q - 1)]
    skip = _ladder(m, slack, f"o_{r}_{name}", constraints)
    below = _ladder(m, f, f"e_{r}_{name}", constraints)
    for i in range(m):
        tick()
        for s in range(slack + 1):
            for t in range(f + 1):
                constraints.append(z3.Implies(z3.And(_equals(skip[i], s), _equals(below[i], t)), z[i + t] == xs[i + s]))
    for b in range(1, f + 1):  # Byzantine b follows the c honest values with e < b
        tick()
        for c in range(m + 1):
            after = True if c == 0 else z3.Not(below[c - 1][b])
            before = True if c == m else below[c][b]
            constraints.append(z3.Implies(z3.And(after, before), byz[b - 1] == z[b - 1 + c]))
    delivered = [z3.Or([_equals(skip[k - s], s) for s in range(slack + 1) if 0 <= k - s < m]) for k in range(h)]
    if j is None:
        constraints += [own >= 0, own < h, z3.Or([z3.And(own == k, delivered[k]) for k in range(h)])]
    elif slack:
        constraints.append(delivered[j])
    honest = [(True, _pick(xs[i : i + slack + 1], z3.Sum([_ind(skip[i][t]) for t in range(1, slack + 1)])))
              for i in range(m)] if slack else [(True, xs[i]) for i in range(m)]
    rec = Received(own, xs, honest, byz, True, q, sorted_values=z)

    def chosen(model: z3.ModelRef, skip=skip) -> list[int]:
        return [i + sum(1 for t in range(1, slack + 1) if z3.is_true(model.eval(skip[i][t], model_completion=True)))
                for i in range(m)]

    rec._selected = chosen
    return rec
