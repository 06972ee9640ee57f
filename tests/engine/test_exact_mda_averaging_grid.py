"""MDA's averaging error in closed form (avagree.proofs.exact_mda, Lemma 13's alpha) equals Z3's
per-instance exact supremum (``avagree worst mda --spec averaging``, d = 1, every receiver encoded) on
every (n, f, q) of a grid, both delivery models, under both tie rules (attained under adversary;
``unbounded`` when q <= 2f). The fast test covers four small f = 1 points; the slow one f = 1, n <= 6
(every q) and f = 2, n = 5, 6 (every q; beyond them Z3 spends its budget)."""

import pytest

from avagree.proofs import exact_mda
from avagree.smt import PROVED, worst


def cases(F, ns):
    """(n, f, q, model): every q of f + 1 .. n - f (async) and q = n (sync)."""
    for N in ns:
        for Q in range(F + 1, N - F + 1):
            yield N, F, Q, "async"
        yield N, F, N, "sync"


def _agree(points, ties):
    for N, F, Q, model in points:
        value, kind = exact_mda.mda_averaging_exact(N, F, Q, model)
        res = worst("mda", N, F, Q, model, spec="averaging", ties=ties, timeout=600)
        assert res.verdict == PROVED, (N, F, Q, model, ties, res.reason)
        if kind == "unbounded":
            assert res.value is None and res.reason == "unbounded", (N, F, Q, model, ties)
        else:
            assert res.value == value and (ties != "adversary" or res.attained), (N, F, Q, model, ties, res.value)
    return len(points)


@pytest.mark.parametrize("ties", ["adversary", "first"])
def test_averaging_grid_small_f1(ties):
    assert _agree([(4, 1, 3, "async"), (5, 1, 4, "async"), (4, 1, 4, "sync"), (4, 1, 2, "async")], ties) == 4


@pytest.mark.parametrize("ties", ["adversary", "first"])
def test_averaging_grid_f1_f2(ties):
    points = [*cases(1, range(3, 7)), *cases(2, range(5, 7))]
    assert _agree(points, ties) == len(points) == 19
