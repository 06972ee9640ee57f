"""MDA's closed form (avagree.proofs.exact_mda) equals Z3's per-instance exact supremum
(``avagree worst``, d = 1) on every (n, f, q) of a grid, both delivery models, under both tie
rules: attained under adversary, a supremum not attained under first. The fast test covers small
f = 1 cases on both sides of 2q = n + 3f; the slow one f = 1 (n <= 9) and f = 2 (n <= 8, and 13)."""

import pytest

from avagree.proofs import exact_mda
from avagree.smt import PROVED, worst


def cases(F, n_max, extra=()):
    """(n, f, q, model): every q of f + 1 .. n - f (async) and q = n (sync), 2f + 1 <= n <= n_max."""
    for N in [*range(2 * F + 1, n_max + 1), *extra]:
        for Q in range(F + 1, N - F + 1):
            yield N, F, Q, "async"
        yield N, F, N, "sync"


def _agree(points, ties):
    checked = 0
    for N, F, Q, model in points:
        value, kind = exact_mda.mda_exact(N, F, Q, model)
        res = worst("mda", N, F, Q, model, ties=ties, timeout=600)
        assert res.verdict == PROVED, (N, F, Q, model, ties, res.reason)
        if kind == "unbounded":
            assert res.value is None and res.reason == "unbounded", (N, F, Q, model, ties)
        else:
            assert res.value == value and res.attained == (ties == "adversary"), (N, F, Q, model, ties, res.value)
        checked += 1
    return checked


@pytest.mark.parametrize("ties", ["adversary", "first"])
def test_grid_small_f1(ties):
    points = [(4, 1, 3, "async"), (5, 1, 4, "async"), (6, 1, 5, "async"), (4, 1, 4, "sync"), (3, 1, 3, "sync"),
              (4, 1, 2, "async")]
    assert _agree(points, ties) == 6


@pytest.mark.parametrize("ties", ["adversary", "first"])
def test_grid_f1_f2(ties):
    points = [*cases(1, 9), *cases(2, 8)] + ([(13, 2, 11, "async")] if ties == "first" else [])
    assert _agree(points, ties) == len(points) == (49 if ties == "adversary" else 50)
