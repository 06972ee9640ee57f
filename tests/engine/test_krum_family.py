"""Krum's and Multi-Krum's ratio-1 family (avagree.smt.krum_family): where it exists, it replays exactly
through the reference rules to Delta(out) = Delta(in); check uses it; and where Krum may output a value
outside the honest range the ratio exceeds 1 (so the family alone gives no supremum)."""

from __future__ import annotations

from fractions import Fraction as Fr

import numpy as np
import pytest

from avagree.algorithms.krum import krum, krum_scores, multi_krum
from avagree.errors import ParameterError
from avagree.smt import decide, krum_family as K, worst

TIES = ("first", "average", "adversary")


def _grid():
    for model in ("async", "sync"):
        for F in (0, 1, 2, 3):
            for N in range(2 * F + 3, 14):
                for Q in ([N] if model == "sync" else range(2 * F + 3, N - F + 1)):
                    if N - F >= 2:
                        yield N, F, Q, model


@pytest.mark.parametrize("rule", K.RULES)
@pytest.mark.parametrize("ties", TIES)
def test_family_replays_to_ratio_one_where_it_exists(rule, ties):
    seen = 0
    for N, F, Q, model in _grid():
        symbolic = bool(K.EXISTS[(rule, ties)].subs({K.N_SYM: N, K.F_SYM: F, K.Q_SYM: Q}))
        assert K.exists(rule, N, F, Q, model, ties) == symbolic, (N, F, Q, model)
        if symbolic:
            assert K.ratio(rule, N, F, Q, model, ties) == 1, (N, F, Q, model)
            seen += 1
    assert seen > 50


def test_where_the_family_exists():
    # every async Krum instance with f >= 1; sync n even at f = 1 only with A's tie (first, adversary)
    assert all(K.exists("krum", N, F, Q, "async", "average") for N, F, Q, m in _grid() if m == "async" and F >= 1)
    assert not K.exists("krum", 6, 1, 6, "sync", "average")
    assert K.exists("krum", 6, 1, 6, "sync", "first") and K.exists("krum", 7, 1, 7, "sync", "average")
    assert not K.exists("krum", 7, 0, 7, "sync", "first")  # f = 0, q = n: every receiver hears the same values
    assert not K.exists("multi-krum", 7, 1, 6, "async", "adversary")  # n + 3f < 2q
    assert K.exists("multi-krum", 9, 1, 6, "async", "first")


@pytest.mark.parametrize("ties", TIES)
def test_check_krum_n7_f1_is_decided_by_the_family(ties, tmp_path):
    res = decide("krum", 7, 1, 6, ties=ties, save_dir=tmp_path)
    assert res.verdict == "COUNTEREXAMPLE" and "ratio-1 family" in res.reason
    assert res.witness.measured == res.witness.bound == 1  # Delta(out)^2 = Delta(in)^2 = 1
    assert res.path is not None


def test_the_family_does_not_answer_a_non_strict_factor_of_one():
    res = decide("krum", 7, 1, 6, strict=False, ties="first", rlimit=5_000_000)
    assert "ratio-1 family" not in res.reason


def _z(values):
    return np.array([[Fr(v)] for v in values], dtype=object)


def test_krum_can_output_a_byzantine_value_outside_the_honest_range():
    # n = 7, f = 2, q = n: honest 0, 0, 1/2, 1, 1; two Byzantine -1/2 tie with the zeros (score 1/2)
    honest = [0, 0, Fr(1, 2), 1, 1]
    low = _z(honest + [Fr(-1, 2)] * 2)
    assert krum_scores(low, 2) == [Fr(1, 2), Fr(1, 2), Fr(3, 4), Fr(5, 4), Fr(5, 4), Fr(1, 2), Fr(1, 2)]
    assert krum(low, 2)[0] == Fr(-1, 2)  # ties=first: the least value of least score
    assert krum(_z(honest + [Fr(3, 2)] * 2), 2)[0] == 1  # so one round of Krum here can give ratio 3/2


def test_multi_krum_can_leave_the_honest_range_at_f1():
    # n = 7, f = 1, q = 5 async: A hears 0, 0, 0, 1 and a Byzantine -1; B hears 1, 1, 1, 0 and a Byzantine 1
    assert multi_krum(_z([0, 0, 0, 1, -1]), 1)[0] == Fr(-1, 4)
    assert multi_krum(_z([1, 1, 1, 0, 1]), 1)[0] == 1  # ratio 5/4 under the reference rule


@pytest.mark.parametrize("ties", TIES)
def test_worst_krum_is_one_at_f1(ties):
    res = worst("krum", 7, 1, 6, ties=ties)
    assert res.verdict == "PROVED" and res.value == 1 and res.attained
    assert res.witness.measured == 1


def test_worst_krum_stays_refused_where_the_upper_bound_is_not_shown():
    with pytest.raises(ParameterError):
        worst("krum", 7, 2, 7, "sync")  # f = 2: Krum may leave the honest range
    with pytest.raises(ParameterError):
        worst("multi-krum", 9, 1, 6)


def test_no_byzantine_value_outside_the_received_honest_range_scores_least_at_f1():
    # the upper-bound argument of krum_family, on random small-integer receptions (many ties)
    rng = np.random.default_rng(7)
    for _ in range(3000):
        q = int(rng.integers(5, 10))
        honest = [Fr(int(v)) for v in rng.integers(0, 5, q - 1)]
        byz = Fr(int(rng.integers(-3, 8)), int(rng.integers(1, 3)))
        scores = krum_scores(_z(honest + [byz]), 1)
        best = min(scores)
        lo, hi = min(honest), max(honest)
        assert lo <= byz <= hi or scores[-1] > best, (honest, byz)


@pytest.mark.parametrize("n", [6, 8, 10])
def test_sync_f1_even_n_under_average_approaches_one(n):
    # no ratio-1 family there; honest k zeros, h - k - 1 ones and 1 + delta: A (Byzantine 0) outputs 0,
    # B (Byzantine 1) outputs 1, ratio 1/(1 + delta) -> 1 (the supremum is 1 by the f <= 1 upper bound)
    from avagree.harness.aggregate import model_rule

    rule, h, delta = model_rule("krum", "average"), n - 1, Fr(1, 100)
    k = (h - 1) // 2
    honest = [0] * k + [1] * (h - k - 1) + [1 + delta]
    assert not K.exists("krum", n, 1, n, "sync", "average")
    assert rule(_z(honest + [0]), 1, _z([0])[0])[0] == 0
    assert rule(_z(honest + [1]), 1, _z([1])[0])[0] == 1


def test_the_oracle_knows_krums_ratio_one():
    from avagree.oracle.known import known_property

    line = known_property("krum", "contraction", Fr(1), True, 7, 1, 6, "async")
    assert line is not None and "is 1, so no contraction factor below 1 holds" in line and "--q 6" in line
    assert known_property("krum", "contraction", Fr(1), True, 7, 2, 7, "sync") is None  # f = 2: not shown
    assert known_property("krum", "contraction", Fr(1), False, 7, 1, 6, "async") is None  # 1 <= 1 holds


def test_the_upper_bound_step_term_by_term_with_z3():
    # the f <= 1 argument's only inequality: b < x_1 <= x_i gives (x_i - x_1)^2 < (x_i - b)^2
    import z3

    b, x1, xi = z3.Reals("b x1 xi")
    s = z3.Solver()
    s.add(b < x1, x1 <= xi, (xi - x1) * (xi - x1) >= (xi - b) * (xi - b))
    assert s.check() == z3.unsat
