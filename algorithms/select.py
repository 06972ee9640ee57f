r"""Reduce-and-select (Dolev, Lynch, Pinter, Stark and Weihl, JACM 1986; issue 25, item 1), per coordinate:
drop the f lowest and f highest of the q received values and average every k-th of the rest from the
lowest, positions f + 1, f + 1 + k, ..., f + 1 + (c - 1)k with c = floor((q - 2f - 1)/k) + 1
(:func:`.lstatistic.reduce_select_weights`, the one source of its weights). An L-statistic of the
class of ``avagree optimal``; needs q >= 2f + 1.

**The step, derived.** One round, d = 1, h = n - f honest values x_(1) <= ... <= x_(h); a receiver
gets q values: m = q - f honest ones (it misses s = n - q) and at most f Byzantine ones. Its p-th
order statistic z_(p) has at least p received values at or below it, at most f of them Byzantine,
so x_(p - f) <= z_(p); and at least q - p + 1 at or above it, so z_(p) <= x_(p + s). For two
honest receivers R, R' then z_(p) <= x_(p + s) <= z'_(p + s + f): each one's p-th order statistic
is bracketed by the other's (p - k)-th and (p + k)-th with the shift **k = n - q + f**. With that
step the i-th selected value of R is at most the (i + 1)-th of R', the sums telescope and the
outputs differ by at most Delta(in)/c; a smaller step loses the bracketing, a larger one
averages fewer values. At q = n - f (asynchronous) k = 2f, at q = n (synchronous) k = f: Dolev et
al.'s steps, derived here, not copied. At f = 0, q = n every receiver gets the same values and the
step is taken as 1 (the mean). The exact one-round factors with this step are closed forms proved
for all parameters (:mod:`avagree.proofs.exact_select`, ``avagree formula select``).

**Rule strings.** ``select:k=K`` (K a positive integer) is the rule with step K, for every q: it
works wherever a rule is taken (its record is built on the fly by
:func:`avagree.algorithms.registry.get_rule`, and witness files record and replay it). Plain
``select`` needs n, which a rule's call does not see (it gets the q values and f): the engines
that know n (``check``, ``worst``, ``sweep``, ``fuzz``, ``constants``, the pytest fixture) replace it
by ``select:k=K`` with the derived K = max(1, n - q + f) before anything runs
(:func:`.registry.at_instance`), so their results and witnesses name the step. **Without n**
(``avagree.aggregate``, or the record called directly) ``select`` takes the step
max(1, 2f): it reads its q as the asynchronous quorum q = n - f, where the derived step is 2f;
synchronously (q = n, derived step f) or below q = n - f give ``select:k=K`` instead.
"""

from __future__ import annotations

import re
from fractions import Fraction
from functools import lru_cache
from typing import Callable

import numpy as np

from avagree.errors import ParameterError

from .lstatistic import reduce_select_weights, weighted_order_statistics
from .rule import Rule

#: the registry name, and the prefix of a rule string carrying the step
NAME = "select"
PREFIX = "select:"
_STRING = re.compile(r"select:k=([1-9][0-9]*)")


def derived_step(n: int, f: int, q: int) -> int:
    """The step with n known: the shift k = n - q + f between two honest receivers' order statistics
    (module docstring), at least 1 (f = 0, q = n: every receiver holds the same values)."""
    return max(1, n - q + f)


def step_without_n(f: int) -> int:
    """The step of plain ``select`` when n is not known: max(1, 2f), the derived step at q = n - f."""
    return max(1, 2 * f)


def is_select_string(name: object) -> bool:
    """Is ``name`` a select rule string (``select:...``)? Says nothing about its validity."""
    return isinstance(name, str) and name.startswith(PREFIX)


def step_of(text: str) -> int:
    """The step K of ``select:k=K``; ParameterError (naming the rule) when malformed."""
    match = _STRING.fullmatch(text)
    if match is None:
        raise ParameterError("rule", text, "expected select:k=K with K a positive integer (the step), e.g. select:k=3")
    return int(match.group(1))


def rule_string(step: int) -> str:
    """The canonical rule string of this step."""
    return f"{PREFIX}k={step}"


def _weights(step_for: Callable[[int], int]) -> Callable[[int, int], dict[int, Fraction]]:
    def weights(q: int, f: int) -> dict[int, Fraction]:
        return {p: w for p, w in enumerate(reduce_select_weights(q, f, step_for(f)), start=1) if w}

    return weights


def _make(name: str, step_for: Callable[[int], int], title: str) -> Rule:
    weights = _weights(step_for)

    def fn(z: np.ndarray, f: int, own: np.ndarray | None = None) -> np.ndarray:
        q = z.shape[0]
        w = weights(q, f)
        return weighted_order_statistics(z, f, w if z.dtype == object else {p: float(v) for p, v in w.items()})

    return Rule(name, fn, title, "Dolev et al. 1986 (issue 25)", lambda f: 2 * f + 1, "q >= 2f + 1",
                "no claim in the paper; Dolev et al.: factor 1/c(n - 2f, f) sync, 1/c(n - 3f, 2f) async "
                "(proved here for every q: avagree formula select)", coordinatewise=True, weights=weights)


@lru_cache(maxsize=64)
def select_rule(step: int) -> Rule:
    """The record of ``select:k=step`` (the same record for the same step)."""
    return _make(rule_string(step), lambda f: step, f"Reduce-and-select, step {step}")


def select_string_rule(text: str) -> Rule:
    """The record of the rule string ``select:k=K``."""
    return select_rule(step_of(text))


#: plain ``select``: the derived step where the engine knows n (:func:`.registry.at_instance`), else max(1, 2f)
SELECT = _make(NAME, step_without_n, "Reduce-and-select (step n - q + f; max(1, 2f) without n)")
