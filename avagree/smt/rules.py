"""Rule encodings over the symbolic received multiset (d = 1).

Each encoding must agree exactly with the reference implementation in
:mod:`avagree.algorithms` on every input; the engine re-checks every model it
finds by replaying it through the reference, so a disagreement shows up as an
engine error, never as a wrong verdict.

* L-statistics (mean, median, cwtm, trimmed-middle): sum_p w_p z_(p).
* MDA in d = 1: a minimum-diameter subset can be taken contiguous in sorted
  order, and the reference tie rule (first optimal subset in canonical order)
  is then the leftmost window of minimal diameter.
* CVA: the q - f values closest to the receiver's own, ties by value order.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Callable

import z3

from avagree.smt.encode import Received


def _lstat(weights: Callable[[int, int], dict[int, Fraction]]) -> Callable[[Received, int, int], z3.ArithRef]:
    def enc(rec: Received, q: int, f: int) -> z3.ArithRef:
        w = weights(q, f)
        return z3.Sum([z3.RealVal(c) * rec.order_stat(p) for p, c in w.items()])

    return enc


def _mean_w(q: int, f: int) -> dict[int, Fraction]:
    return {p: Fraction(1, q) for p in range(1, q + 1)}


def _median_w(q: int, f: int) -> dict[int, Fraction]:
    if q % 2:
        return {(q + 1) // 2: Fraction(1)}
    return {q // 2: Fraction(1, 2), q // 2 + 1: Fraction(1, 2)}


def _cwtm_w(q: int, f: int) -> dict[int, Fraction]:
    return {p: Fraction(1, q - 2 * f) for p in range(f + 1, q - f + 1)}


def _tm_w(q: int, f: int) -> dict[int, Fraction]:
    w: dict[int, Fraction] = {}
    for p in (f + 1, q - f):
        w[p] = w.get(p, Fraction(0)) + Fraction(1, 2)
    return w


def mda(rec: Received, q: int, f: int) -> z3.ArithRef:
    k = q - f
    stats = [rec.order_stat(p) for p in range(1, q + 1)]
    diam = [stats[p + k - 1] - stats[p] for p in range(f + 1)]
    means = [z3.Sum(stats[p : p + k]) / k for p in range(f + 1)]
    best = diam[0]
    for dv in diam[1:]:
        best = z3.If(dv < best, dv, best)
    out = means[f]
    for p in range(f - 1, -1, -1):
        out = z3.If(diam[p] == best, means[p], out)
    return out


def cva(rec: Received, q: int, f: int) -> z3.ArithRef:
    own = rec.own
    els = rec.elements()

    def dist(v: z3.ArithRef) -> z3.ArithRef:
        return z3.If(v >= own, v - own, own - v)

    kept_terms = []
    for pa, va, ka in els:
        da = dist(va)
        before = []
        for pb, vb, kb in els:
            if ka == kb:
                continue
            db = dist(vb)
            # reference: sort by (distance, canonical index); canonical order is by value
            cond = z3.Or(db < da, z3.And(db == da, z3.Or(vb < va, z3.And(vb == va, kb < ka))))
            before.append(z3.If(cond if pb is True else z3.And(pb, cond), 1, 0))
        kept = z3.Sum(before) < q - f
        kept_terms.append(z3.If(kept if pa is True else z3.And(pa, kept), va, 0))
    return z3.Sum(kept_terms) / (q - f)


ENCODINGS: dict[str, Callable[[Received, int, int], z3.ArithRef]] = {
    "mean": _lstat(_mean_w),
    "median": _lstat(_median_w),
    "cwtm": _lstat(_cwtm_w),
    "trimmed-middle": _lstat(_tm_w),
    "mda": mda,
    "cva": cva,
}
