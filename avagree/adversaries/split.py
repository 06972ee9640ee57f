"""The "split" adversary: one idea behind several constructions.

Order the honest nodes by value and cut the order in two. A receiver in the low
part hears itself, then the lowest values (and, when the adversary adds any,
low Byzantine values); a receiver in the high part hears itself, then the
highest values (and high Byzantine values). Each part then sees a family that
is, as far as its rule can tell, nearly unanimous, and the two parts' outputs
stay apart: the split of Theorem 9's proof (eq. 205, Lemma 16's deliveries,
:func:`avagree.adversaries.paper.lemma16_split`), Theorem 7's two groups, the
spread attack of the diameter plot (:func:`spread_attack_round`), the search
oracle's split deliveries and the broadcast simulation's late links
(:mod:`avagree.sim.broadcast`).

The constructions differ only in where they cut (below the median rank h/2,
at floor(h/2), at h - f), in the order a receiver hears its part, and in what
the Byzantine nodes send; those stay with each construction.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from avagree.model.execution import Round, make_delivery


def by_value(values: np.ndarray) -> list[int]:
    """Honest node indices sorted by ``values`` (one number per node), ties by index."""
    return [int(k) for k in np.argsort(values, kind="stable")]


def halves(order: Sequence[int], n_low: int) -> tuple[list[int], list[int]]:
    """The low part (the first ``n_low`` of ``order``) and the high part (the rest)."""
    return list(order[:n_low]), list(order[n_low:])


def is_low(order: Sequence[int], j: int) -> bool:
    """Whether receiver ``j`` is below the median: its rank in ``order`` is < h/2."""
    return list(order).index(j) < len(order) / 2


def heard(j: int, pool: Sequence[int], m: int) -> list[int]:
    """The honest senders receiver ``j`` hears (m >= 1 of them): itself, then the
    first m - 1 others of ``pool`` in pool order."""
    return [j, *[int(k) for k in pool if k != j][: m - 1]]


def split_senders(order: Sequence[int], j: int, m: int) -> list[int]:
    """Receiver ``j`` hears itself and the m - 1 nearest others on its side of
    the median of ``order``: the lowest if it is below, the highest otherwise."""
    pool = list(order) if is_low(order, j) else list(order)[::-1]
    return heard(j, pool, m)


def spread_attack_round(x: np.ndarray, q: int, f: int, span_factor: float = 1.0) -> Round:
    """The adaptive attack of the diameter plot (d = 1, asynchronous, q <= n - f):
    receivers below the median hear the lowest q - f honest values (their own
    included) and f Byzantine values ``span_factor`` diameters below the minimum;
    receivers above hear the highest ones and f values as far above the maximum."""
    h = x.shape[0]
    order = by_value(x[:, 0])
    lo, hi = float(x.min()), float(x.max())
    span = (hi - lo) or 1.0
    dl = []
    for j in range(h):
        low = is_low(order, j)
        value = lo - span_factor * span if low else hi + span_factor * span
        dl.append(make_delivery(split_senders(order, j, q - f), [[value]] * f, 1))
    return Round(tuple(dl))
