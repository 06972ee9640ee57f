"""The schedule search finds Theorem 6's extremes from random starts (issue 15,
section 6): the per-iteration factor 1/2 and the witnesses' overlap q, at
n = 6f + 1 for f = 1 and n = 3f + 1 for f = 2, without breaking them."""

from fractions import Fraction as F

import pytest

from avagree.sim.schedule_search import search, summary


@pytest.mark.parametrize("n, f", [(7, 1), (7, 2)])
def test_search_reaches_half_and_q(n, f):
    s = summary(search(n, f, t=2, budget=200, seed=0))
    assert F(s["max_cw_ratio"]) == F(1, 2)
    assert s["min_common"] == n - f
    assert s["violated"] == []
