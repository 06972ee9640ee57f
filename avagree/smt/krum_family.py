r"""Krum's and Multi-Krum's ratio-1 family in d = 1 (issue 29, item 6): one round that does not contract
Delta at all, in symbolic n, f, q, replayed exactly through the reference rules.

Honest inputs: k zeros and h - k ones. A receiver A holding 0 gets a = min(k, q - f) zeros (its own
first) and q - f - a ones, and its f Byzantine values at 0; a receiver B holding 1 gets
b = min(h - k, q - f) ones and q - f - b zeros, and f Byzantine values at 1. Every zero-holder is
delivered as A, every one-holder as B, so the outputs are 0 and 1 by kind and Delta(y) = Delta(x).

On values that are all 0 or 1, with Z zeros and O = q - Z ones received, a value's m = q - f - 2
nearest other values are the min(m, same - 1) equal ones (distance 0) and then values of the other
kind (distance 1): score(0) = max(0, m - Z + 1), score(1) = max(0, m - O + 1). So

* Krum outputs 0 at A whenever Z > O (zeros strictly best, every tie rule), i.e. 2(a + f) > q; and
  under ``ties="first"`` (the least value of least score) or ``"adversary"`` also at Z = O, a tie;
  O <= m (a >= 2) holds there since q >= 2f + 3;
* Multi-Krum keeps q - f values of least score: all zeros (score 0) when Z >= q - f, the ones then
  scoring >= 1 (O <= f < m + 1): a >= q - 2f, under every tie rule (kept values all equal).

With ``need_A``, ``need_B`` the least counts of the receivers' own kind (:func:`thresholds`), the
family exists iff h >= need_A + need_B (take k = need_A; a receiver hears at least that many of its
kind since q - f >= need). For Krum that is n + f >= 2 floor(q/2) + 2 (unique wins, every tie rule):
every asynchronous instance with f >= 1, and synchronously (q = n) n odd with f >= 1 or any n with
f >= 2; with A's tie allowed (``first``) n + f >= q + 1, every f >= 1; with both ties (``adversary``)
n + f >= 2 ceil(q/2), which even holds at f = 0, q = n even (the adversary picks differently at two
receivers that hear the same values). For Multi-Krum (m = q - f): n + 3f >= 2q.

Where it exists, one round of Krum or Multi-Krum does not strictly contract (ratio exactly 1,
attained); whether the supremum is 1 is a separate question (an honest receiver may output a value
outside the honest range: ``check krum --spec validity``).

Upper bound, Krum with f <= 1 (:func:`supremum_is_one`): a Byzantine value b below every received
honest value x_1 <= x_2 <= ... never has least score. Its m >= 2 nearest others are honest, so
score(b) = sum_{i <= m} (x_i - b)^2, while x_1 may take b and x_2 .. x_m:
score(x_1) <= (x_1 - b)^2 + sum_{2 <= i <= m} (x_i - x_1)^2 < score(b), since 0 <= x_i - x_1 < x_i - b
(symmetrically above). So every value of least score lies in the received honest range, and Krum's
output under every tie rule (one such value, or their mean) lies in the honest range: Delta(y) <= Delta(x).
With the family, the one-round supremum of Delta(y)/Delta(x) is exactly 1, attained, wherever the
family exists at f <= 1. Not so at f = 2: at n = 7, q = n, honest 0, 0, 1/2, 1, 1 and two Byzantine
-1/2 tie with the zeros (score 1/2) and ``first`` outputs -1/2; nor for Multi-Krum at f = 1 (n = 7,
q = 5: A hears 0, 0, 0, 1 and -1 and keeps 0, 0, 0, -1). There ``worst`` stays refused (nonlinear).
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np
import sympy as sp

from avagree.proofs.symbols import f as F_SYM, n as N_SYM, q as Q_SYM

RULES = ("krum", "multi-krum")

#: where the family exists, by (rule, tie rule), as a relation in n, f, q (q = n synchronously)
EXISTS = {
    ("krum", "average"): sp.Ge(N_SYM + F_SYM, 2 * sp.floor(Q_SYM / 2) + 2, evaluate=False),
    ("krum", "first"): sp.Ge(N_SYM + F_SYM, Q_SYM + 1, evaluate=False),
    ("krum", "adversary"): sp.Ge(N_SYM + F_SYM, 2 * sp.ceiling(Q_SYM / 2), evaluate=False),
    **{("multi-krum", t): sp.Ge(N_SYM + 3 * F_SYM, 2 * Q_SYM, evaluate=False) for t in ("first", "average", "adversary")},
}


def thresholds(rule: str, F: int, Q: int, ties: str) -> tuple[int, int]:
    """(need_A, need_B): the least number of honest values of its own kind receiver A (output 0) and B
    (output 1) must hear. A may tie under ``first`` and ``adversary``, B only under ``adversary``."""
    if rule == "multi-krum":
        return Q - 2 * F, Q - 2 * F
    strict = Q // 2 - F + 1  # 2(a + f) > q
    tie = (Q + 1) // 2 - F  # 2(a + f) >= q
    return (tie if ties in ("first", "adversary") else strict), (tie if ties == "adversary" else strict)


def exists(rule: str, N: int, F: int, Q: int, model: str, ties: str) -> bool:
    """Does the ratio-1 family exist at (N, F, Q, model) under ``ties``? (q >= 2f + 3 and the model's q
    assumed valid.)"""
    if rule not in RULES or Q < 2 * F + 3 or (model == "sync" and Q != N):
        return False
    need_a, need_b = thresholds(rule, F, Q, ties)
    return N - F >= need_a + need_b and need_a >= 1 and need_b >= 1


def instance(rule: str, N: int, F: int, Q: int, model: str, ties: str) -> tuple[list[Fraction], list[list[int]],
                                                                                 list[list[Fraction]]]:
    """(honest inputs, each receiver's honest senders with its own first, its Byzantine values)."""
    h, need_a, _ = N - F, *thresholds(rule, F, Q, ties)
    k = need_a
    inputs = [Fraction(int(i >= k)) for i in range(h)]
    zeros, ones = list(range(k)), list(range(k, h))
    deliveries, byzantine = [], []
    for j in range(h):
        preferred = ones + zeros if inputs[j] else zeros + ones
        others = [i for i in preferred if i != j]
        deliveries.append([j] + (others[: Q - F - 1] if model == "async" else others))
        byzantine.append([inputs[j]] * F)
    return inputs, deliveries, byzantine


def witness(rule: str, N: int, F: int, Q: int, model: str, ties: str, wbound: Fraction, strict: bool,
            seconds: float = 0.0) -> Any:
    """The family as a contraction witness (Delta(out) = Delta(in)), replayed exactly through the
    reference rule (``first``), averaged over every optimal choice (``average``) or with each receiver's
    recorded optimal choice (``adversary``: A keeps zeros, B ones); WitnessError when it does not replay."""
    from avagree.harness.aggregate import model_rule
    from avagree.harness.choices import execute_choices, find_choice
    from avagree.harness.witness import from_execution
    from avagree.model.execution import Params, Round, execute, make_delivery, received

    params = Params(N, F, Q, 1, model)
    inputs, deliveries, byzantine = instance(rule, N, F, Q, model, ties)
    fam = np.array([[x] for x in inputs], dtype=object)
    rnd = Round(tuple(make_delivery(d, [[b] for b in byz], 1, "exact") for d, byz in zip(deliveries, byzantine)))
    extra: dict[str, Any] = {}
    if ties == "adversary":
        choices = [[find_choice(rule, received(fam, dlv), F, fam[j], fam[j]) for j, dlv in enumerate(rnd.deliveries)]]
        ex = execute_choices(rule, params, fam, [rnd], choices)
        extra = {"ties": "adversary", "choices": choices}
    else:
        ex = execute(model_rule(rule, ties if ties == "average" else None), params, fam, [rnd], mode="exact")
        extra = {"ties": "average"} if ties == "average" else {}
    return from_execution(rule, ex, "contraction", wbound, "krum-family", seconds,
                          {"strict": Fraction(1)} if strict else None,
                          note="the ratio-1 family of avagree.smt.krum_family (outputs 0 and 1 by kind)", **extra)


def ratio(rule: str, N: int, F: int, Q: int, model: str, ties: str) -> Fraction:
    """Delta(out)/Delta(in) of the family run exactly (the tests check it is 1 on a grid)."""
    w = witness(rule, N, F, Q, model, ties, Fraction(1), True)
    out = [y[0] for y in w.outputs]
    return Fraction(max(out) - min(out))


def supremum_is_one(rule: str, N: int, F: int, Q: int, model: str, ties: str) -> bool:
    """Is Krum's exact one-round contraction supremum (d = 1) 1, attained by the family? (f <= 1 and the
    family exists: the upper-bound argument of the module's docstring holds for f <= 1 only.)"""
    return rule == "krum" and F <= 1 and exists(rule, N, F, Q, model, ties)
