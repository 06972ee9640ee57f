"""Shrink a violating execution before it is reported, as Hypothesis shrinks a
failing example: fewer dimensions, then smaller numbers, keeping every step
that still violates the spec.

Two passes, each bounded (:data:`BUDGET` executions in all):

* dimensions: keep one coordinate (d -> 1), else drop one coordinate at a time;
* numbers: every honest and Byzantine value is replaced by the simplest of
  0, round(v), round(2v)/2, the nearest power of two, round(16v)/16 that keeps
  the violation (first all values at once, then each value with its copies). These are dyadic, so they are the same
  number in float and in exact arithmetic.
* magnitudes: a value beyond 1 in size (the search's Byzantine -1e6) is replaced, with its copies,
  by the smallest power of two of its sign that keeps the violation (bisection on the exponent,
  so about log2(log2|v|) runs per value).

A step is kept only when the spec is violated on the re-executed candidate
(exactly when the rule accepts Fractions, else in float); the caller then builds
the witness, which replays it once more (:func:`avagree.harness.witness.from_execution`).
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any, Callable

import numpy as np

from avagree.errors import AvagreeError
from avagree.model.execution import Delivery, Params, Round, convert_round, execute
from avagree.model.numbers import convert
from avagree.harness.witness import evaluate_spec

#: the most executions one shrink may run
BUDGET = 400

Candidate = tuple[Params, np.ndarray, Round]
"""(params, exact honest inputs (h, d), exact round)."""


def _complexity(v: Fraction) -> tuple[int, int]:
    return (v.denominator, abs(v.numerator))


def _power_of_two(v: Fraction) -> Fraction:
    """The power of two nearest ``v`` in ratio, with its sign (0 for 0)."""
    if v == 0:
        return v
    k = round(math.log2(abs(v)))
    return (1 if v > 0 else -1) * (Fraction(2) ** k)


def simpler(v: Fraction) -> list[Fraction]:
    """Simpler dyadic values near ``v``, simplest first, each strictly simpler than ``v``."""
    out = []
    for c in (Fraction(0), Fraction(round(v)), Fraction(round(2 * v), 2), _power_of_two(v), Fraction(round(16 * v), 16)):
        if _complexity(c) < _complexity(v) and c not in out:
            out.append(c)
    return out


def _columns(c: Candidate, keep: list[int]) -> Candidate:
    p, x, rnd = c
    q = Params(p.n, p.f, p.q, len(keep), p.model)
    dl = tuple(Delivery(d.honest, d.byzantine[:, keep]) for d in rnd.deliveries)
    return q, x[:, keep], Round(dl)


def _slots(c: Candidate) -> list[tuple[int, int, int]]:
    """Every value's place: (-1, i, k) honest x[i, k]; (j, i, k) receiver j's Byzantine vector i."""
    p, x, rnd = c
    out = [(-1, i, k) for i in range(x.shape[0]) for k in range(p.d)]
    for j, d in enumerate(rnd.deliveries):
        out += [(j, i, k) for i in range(d.byzantine.shape[0]) for k in range(p.d)]
    return out


def _get(c: Candidate, slot: tuple[int, int, int]) -> Fraction:
    j, i, k = slot
    return c[1][i, k] if j < 0 else c[2].deliveries[j].byzantine[i, k]


def _set(c: Candidate, values: dict[tuple[int, int, int], Fraction]) -> Candidate:
    p, x, rnd = c
    x = x.copy()
    dl = list(rnd.deliveries)
    for (j, i, k), v in values.items():
        if j < 0:
            x[i, k] = v
        else:
            byz = dl[j].byzantine.copy()
            byz[i, k] = v
            dl[j] = Delivery(dl[j].honest, byz)
    return p, x, Round(tuple(dl))


def shrink(fn: Any, exact: bool, spec: Any, unit: Fraction, params: Params, x: np.ndarray, rnd: Round,
           budget: int = BUDGET, keeps: Callable[[Candidate], bool] | None = None) -> Candidate:
    """The simplest violating execution found from (x, rnd) (float or exact) within ``budget`` runs;
    with ``keeps``, the simplest on which ``keeps`` (e.g. "the rule raises the same exception") holds.
    Deterministic: the same start gives the same result (no randomness; passes in a fixed order)."""
    left = [budget]

    def violates(c: Candidate) -> bool:
        if left[0] <= 0:
            return False
        left[0] -= 1
        if keeps is not None:
            return keeps(c)
        p, xs, r = c
        try:  # the search's test first (in float: exercised, positive margin), then the exact verdict
            ex = execute(fn, p, convert(xs, "float"), [convert_round(r, "float")], mode="float")
            margin, exercised = spec.margin(ex, unit)
            if not (exercised and margin > 0):
                return False
            if exact:
                ex = execute(fn, p, xs, [r], mode="exact")
            holds, measured = evaluate_spec(spec.witness_name, ex, unit, spec.witness_args or {})
        except (AvagreeError, ZeroDivisionError, OverflowError, FloatingPointError):
            return False
        return not holds and not (isinstance(measured, float) and not math.isfinite(measured))  # not a 0 diameter

    best: Candidate = (params, convert(x, "exact"), convert_round(rnd, "exact"))
    best = _fewer_dimensions(best, violates)
    return _smaller_magnitudes(_smaller_numbers(best, violates), violates)


def _fewer_dimensions(c: Candidate, violates: Callable[[Candidate], bool]) -> Candidate:
    while c[0].d > 1:
        d = c[0].d
        tries = [[k] for k in range(d)] + ([[m for m in range(d) if m != k] for k in range(d)] if d > 2 else [])
        for keep in tries:
            cand = _columns(c, keep)
            if violates(cand):
                c = cand
                break
        else:
            return c
    return c


def _smaller_numbers(c: Candidate, violates: Callable[[Candidate], bool]) -> Candidate:
    slots = _slots(c)
    for level in range(4):  # all at once: 0, integers, halves, sixteenths
        values = {}
        for s in slots:
            options = simpler(_get(c, s))
            values[s] = options[min(level, len(options) - 1)] if options else _get(c, s)
        cand = _set(c, values)
        if violates(cand):
            c = cand
            break
    groups: dict[Fraction, list[tuple[int, int, int]]] = {}
    for s in slots:  # then one value at a time, every copy of it together
        groups.setdefault(_get(c, s), []).append(s)
    for value, where in groups.items():
        for v in simpler(value):
            cand = _set(c, {s: v for s in where})
            if violates(cand):
                c = cand
                break
    return c


def _smaller_magnitudes(c: Candidate, violates: Callable[[Candidate], bool]) -> Candidate:
    """Each value v with |v| > 1, with its copies, as the smallest sign(v) 2^k < |v| that keeps the violation."""
    groups: dict[Fraction, list[tuple[int, int, int]]] = {}
    for s in _slots(c):
        groups.setdefault(_get(c, s), []).append(s)
    for value, where in groups.items():
        if abs(value) <= 1:
            continue
        sign = 1 if value > 0 else -1
        lo, hi = 0, math.ceil(math.log2(abs(value))) - 1  # 2**hi < |value|
        while lo <= hi:  # the smallest exponent that violates, if violating is monotone in the size
            mid = (lo + hi) // 2
            cand = _set(c, {s: Fraction(sign * 2 ** mid) for s in where})
            if violates(cand):
                c, hi = cand, mid - 1
            else:
                lo = mid + 1
    return c
