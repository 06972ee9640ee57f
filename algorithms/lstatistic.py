r"""L-statistics given by their weights, as rule strings (issue 25, item 2).

``lstat:W1,W2,...,Wq`` is the rule :math:`y = \sum_{p=1}^{q} W_p z_{(p)}` applied per
coordinate (:math:`z_{(1)} \le \dots \le z_{(q)}`): one weight per position 1..q, each an
exact rational (``1/3``, ``0``, ``1``) or a decimal (``0.25``, read exactly), nonnegative,
summing to exactly 1; no spaces. So ``lstat:0,1/3,1/3,1/3,0`` is CwTM at q = 5, f = 1, and
``lstat:0,0,1,0,0`` the median at q = 5. Such a rule is defined only for exactly q received
values. Its record (:class:`~.rule.Rule`, with ``weights``) is built on the fly by
:func:`avagree.algorithms.registry.get_rule`; its name is the canonical string (weights in
lowest terms), which witness files record and replay through. ``avagree optimal`` prints
the optimal rules of the class in this form.

A module named ``lstat`` cannot be given as ``lstat:function``: the prefix is taken.
"""

from __future__ import annotations

from fractions import Fraction
from functools import lru_cache

import numpy as np

from avagree.errors import InputError, ParameterError
from avagree.model.numbers import parse_rational

from .coordinatewise import per_column
from .rule import Rule

#: the prefix of a weights rule string
PREFIX = "lstat:"


def is_weights_rule(name: object) -> bool:
    """Is ``name`` a weights rule string (``lstat:...``)? Says nothing about its validity."""
    return isinstance(name, str) and name.startswith(PREFIX)


def parse(text: str) -> tuple[Fraction, ...]:
    """The weights of ``lstat:W1,...,Wq``; ParameterError (naming the rule) when malformed,
    negative or not summing to exactly 1."""
    if not is_weights_rule(text):
        raise ParameterError("rule", text, f"a weights rule string starts with {PREFIX!r}")
    body = text[len(PREFIX):]
    try:
        weights = tuple(parse_rational(part, name=f"weight {i}", decimal=True)
                        for i, part in enumerate(body.split(","), start=1))
    except InputError as exc:
        raise ParameterError("rule", text, f"expected {PREFIX}W1,...,Wq with rationals such as 1/3 or 0.25 ({exc})") from None
    if any(w < 0 for w in weights):
        raise ParameterError("rule", text, "weights must be nonnegative")
    if sum(weights) != 1:
        raise ParameterError("rule", text, f"weights must sum to exactly 1 (they sum to {sum(weights)})")
    return weights


def rule_string(weights: tuple[Fraction, ...] | list[Fraction]) -> str:
    """The canonical rule string of these weights (lowest terms, no spaces)."""
    return PREFIX + ",".join(str(Fraction(w)) for w in weights)


def weights_rule(text: str) -> Rule:
    """The record of the weights rule ``text`` (the same record for equal weights)."""
    return _record(parse(text))


@lru_cache(maxsize=256)
def _record(weights: tuple[Fraction, ...]) -> Rule:
    q = len(weights)
    name = rule_string(weights)
    nonzero = {p: w for p, w in enumerate(weights, start=1) if w}
    floats = {p: float(w) for p, w in nonzero.items()}

    def fn(z: np.ndarray, f: int, own: np.ndarray | None = None) -> np.ndarray:
        record.check_q(z.shape[0], f)
        return weighted_order_statistics(z, f, nonzero if z.dtype == object else floats)

    def weights_of(q_in: int, f: int) -> dict[int, Fraction]:
        record.check_q(q_in, f)
        return dict(nonzero)

    record = Rule(name, fn, f"L-statistic with weights {','.join(map(str, weights))}", "issue 25 (avagree optimal)",
                lambda f: q, f"q = {q} exactly", "no claim in the paper (an L-statistic given by its weights)",
                coordinatewise=True, weights=weights_of, exact_q=q)
    return record


def weighted_order_statistics(z: np.ndarray, f: int, table: dict[int, object]) -> np.ndarray:
    """sum_p table[p] * z_(p) per coordinate (positions from 1): the output of an L-statistic whose nonzero
    weights are ``table`` (Fractions on exact inputs, floats on float inputs)."""

    def reduce(s: np.ndarray) -> np.ndarray:
        out = None
        for p, w in table.items():
            term = s[p - 1] * w
            out = term if out is None else out + term
        return out

    return per_column(z, f, None, reduce)


def reduce_select_weights(q: int, f: int, k: int) -> list[Fraction]:
    """Dolev, Lynch, Pinter, Stark and Weihl (1986), reduce-and-select: drop the f lowest and f highest
    of the q values, keep every k-th of the rest from the lowest (positions f + 1, f + 1 + k, ...), average
    them: c(q - 2f, k) = floor((q - 2f - 1)/k) + 1 of them, weight 1/c each. Their rule is k = f
    synchronously (q = n) and k = 2f asynchronously (q = n - f), per-round factors 1/c(n - 2f, f) and
    1/c(n - 3f, 2f). ParameterError when q < 2f + 1 or k < 1."""
    if q < 2 * f + 1 or k < 1:
        raise ParameterError("q", q, f"reduce-and-select needs q >= 2f + 1 and k >= 1 (f={f}, k={k})")
    kept = range(f + 1, q - f + 1, k)
    weights = [Fraction(0)] * q
    for p in kept:
        weights[p - 1] = Fraction(1, len(kept))
    return weights
