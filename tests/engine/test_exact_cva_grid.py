"""CVA's closed form (avagree.proofs.exact_cva) equals Z3's per-instance exact supremum (``avagree
worst``, d = 1) on every (n, f, q) of a grid, both delivery models, under both tie rules: attained under
adversary, a supremum not attained under first (attained when q = f + 1: every receiver keeps its own
value). The fast test covers small f = 1 points in each piece; the slow one f = 1 (n <= 8), f = 2
(n <= 10) and f = 3 (n <= 10)."""

import pytest

from avagree.proofs import exact_cva
from avagree.smt import PROVED, worst


def cases(F, ns):
    """(n, f, q, model): every q of f + 1 .. n - f (async) and q = n (sync), n - f >= 2."""
    for N in ns:
        for Q in range(F + 1, N - F + 1):
            yield N, F, Q, "async"
        if N - F >= 2:
            yield N, F, N, "sync"


def _agree(points, ties):
    checked = 0
    for N, F, Q, model in points:
        value = exact_cva.cva_exact(N, F, Q, model)
        res = worst("cva", N, F, Q, model, ties=ties, timeout=600)
        assert res.verdict == PROVED, (N, F, Q, model, ties, res.reason)
        attained = ties == "adversary" or (model == "async" and Q == F + 1)
        assert res.value == value and res.attained == attained, (N, F, Q, model, ties, res.value, res.attained)
        checked += 1
    return checked


@pytest.mark.parametrize("ties", ["adversary", "first"])
def test_grid_small_f1(ties):
    points = [(8, 1, 7, "async"), (8, 1, 5, "async"), (5, 1, 2, "async"), (6, 1, 6, "sync"), (3, 1, 3, "sync")]
    assert _agree(points, ties) == 5


@pytest.mark.parametrize("ties", ["adversary", "first"])
def test_grid_f1_to_3(ties):
    points = [*cases(1, range(3, 9)), *cases(2, range(5, 11)), *cases(3, range(7, 11))]
    assert _agree(points, ties) == len(points) == 68
