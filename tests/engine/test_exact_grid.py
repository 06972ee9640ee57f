"""The closed forms equal Z3's per-instance exact suprema (``avagree worst``) on every (n, f, q) of a
grid, both delivery models; the fast test covers f = 1, the slow one f = 1..3 (contraction) and
f = 1 and synchronous f = 2 (averaging: Z3 holds every receiver and times out from n of about 7)."""

import pytest

from avagree.proofs import exact
from avagree.smt import PROVED, worst

RULES = ("median", "cwtm", "trimmed-middle")


def grid(fs, max_extra):
    """(n, f, q, model): 3f + 1 <= n <= 3f + 1 + max_extra, every q of 2f+1..n-f, and q = n (sync)."""
    for F in fs:
        for N in range(3 * F + 1, 3 * F + 2 + max_extra):
            for Q in range(2 * F + 1, N - F + 1):
                yield N, F, Q, "async"
            yield N, F, N, "sync"


def _agree(rule, spec, cases):
    checked = 0
    for N, F, Q, model in cases:
        res = worst(rule, N, F, Q, model, spec=spec, timeout=120)
        assert res.verdict == PROVED, (rule, spec, N, F, Q, model, res.reason)
        assert res.value == exact.exact_value(rule, spec, N, F, Q, model), (rule, spec, N, F, Q, model)
        checked += 1
    return checked


@pytest.mark.parametrize("rule", RULES)
def test_contraction_grid_f1(rule):
    assert _agree(rule, "contraction", grid([1], 3)) >= 10


@pytest.mark.parametrize("rule", RULES)
def test_averaging_grid_f1(rule):
    assert _agree(rule, "averaging", grid([1], 1)) >= 4


def test_mean():
    for N, Q in [(3, 2), (5, 3), (6, 6)]:
        res = worst("mean", N, 0, Q, "sync" if Q == N else "async", timeout=60)
        assert res.value == exact.exact_value("mean", "contraction", N, 0, Q, "sync" if Q == N else "async")
    res = worst("mean", 5, 1, 4, "async", timeout=60)
    assert res.verdict == PROVED and res.value is None and res.reason == "unbounded"
    assert exact.exact_value("mean", "contraction", 5, 1, 4) is None and exact.forms("mean", "contraction")[-1].value.is_infinite


@pytest.mark.parametrize("rule", RULES)
def test_contraction_grid_f1_to_3(rule):
    assert _agree(rule, "contraction", grid([1, 2, 3], 2)) == 27


@pytest.mark.parametrize("rule", RULES)
def test_averaging_grid_f1_to_2(rule):
    cases = list(grid([1], 1)) + [(6, 1, 6, "sync"), (7, 2, 7, "sync")]
    assert _agree(rule, "averaging", cases) == 7
