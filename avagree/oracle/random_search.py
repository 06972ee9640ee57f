"""Bounded random search for one-round violations, on any rule.

Honest families and Byzantine vectors are drawn from patterns that attack
robust aggregators (two clusters, extremes, copies of honest values, far
outliers); deliveries are random legal ones. Search runs in float for speed;
the best execution found is then re-run in exact arithmetic (every float is a
rational) and only reported if the exact replay violates the spec too.
Deterministic given ``seed``. Finding nothing is not a proof.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import numpy as np

from avagree.model.execution import Execution, Params, Round, convert_round, execute, make_delivery
from avagree.model.numbers import convert


@dataclass
class SearchResult:
    best: Execution | None  # exact execution of the best candidate
    measured: Any  # its exact measured quantity
    trials: int
    violated: bool


def _honest(rng: np.random.Generator, p: Params) -> np.ndarray:
    kind = rng.integers(4)
    h, d = p.h, p.d
    if kind == 0:  # two clusters at 0 and 1
        split = rng.integers(1, h) if h > 1 else 1
        x = np.zeros((h, d))
        x[split:] = 1.0
    elif kind == 1:
        x = rng.integers(-4, 5, size=(h, d)).astype(float)
    elif kind == 2:
        x = rng.normal(size=(h, d)).round(2)
    else:  # three groups like Theorem 5
        x = rng.choice([-1.0, 0.0, 1.0], size=(h, d))
    return x


def _byzantine(rng: np.random.Generator, x: np.ndarray, b: int) -> np.ndarray:
    d = x.shape[1]
    lo, hi = x.min(axis=0), x.max(axis=0)
    span = np.maximum(hi - lo, 1.0)
    kind = rng.integers(5)
    if kind == 0:
        v = np.repeat((lo - span * rng.choice([0.5, 1.0, 10.0]))[None], b, axis=0)
    elif kind == 1:
        v = np.repeat((hi + span * rng.choice([0.5, 1.0, 10.0]))[None], b, axis=0)
    elif kind == 2:
        v = x[rng.integers(x.shape[0], size=b)]
    elif kind == 3:
        v = rng.choice([lo, hi, (lo + hi) / 2], size=b) if d == 1 else np.stack([rng.choice([lo[i], hi[i]], size=b) for i in range(d)], axis=1)
    else:
        v = lo + (hi - lo) * rng.integers(-2, 4, size=(b, d)) / 2
    return np.asarray(v, dtype=float).reshape(b, d)


def random_round(rng: np.random.Generator, p: Params, x: np.ndarray) -> Round:
    dl = []
    for j in range(p.h):
        if p.model == "sync":
            honest, b = list(range(p.h)), p.f
        else:
            b = int(rng.integers(max(0, p.q - p.h), min(p.f, p.q - 1) + 1)) if rng.random() < 0.3 else min(p.f, p.q - 1)
            others = [k for k in range(p.h) if k != j]
            chosen = rng.choice(others, size=p.q - b - 1, replace=False).tolist() if p.q - b - 1 else []
            honest = [j, *chosen]
        byz = _byzantine(rng, x, b) if b else []
        dl.append(make_delivery(honest, byz, p.d))
    return Round(tuple(dl))


def search_round(rule: Callable, p: Params, measure: Callable[[Execution], tuple[bool, Any]], trials: int,
                 seed: int = 0) -> SearchResult:
    """Random one-round search maximising ``measure`` (returns (holds, value))."""
    rng = np.random.default_rng(seed)
    best_val, best = None, None
    for _ in range(trials):
        x = _honest(rng, p)
        rnd = random_round(rng, p, x)
        ex = execute(rule, p, x, [rnd])
        holds, val = measure(ex)
        if best_val is None or val > best_val:
            best_val, best = val, (x, rnd)
    if best is None:
        return SearchResult(None, None, trials, False)
    x, rnd = best
    exact = execute(rule, p, convert(x, "exact"), [convert_round(rnd, "exact")], mode="exact")
    holds, val = measure(exact)
    return SearchResult(exact, val, trials, not holds)
