"""The simulations' size limits (issue 26, avagree/sim/limits.py): the largest accepted size passes, one
more is a SizeError naming the limit, in the API as on the command line."""

import pytest

from avagree.errors import SizeError
from avagree.sim import limits as L


def test_simulate_limits_at_their_edges():
    L.check_simulate(L.SIMULATE_MAX_N, 1, 2, L.SIMULATE_MAX_ITERATIONS, L.SIMULATE_MAX_BUDGET)
    L.check_simulate(10, 1, L.SIMULATE_MAX_D)
    for args, words in [((L.SIMULATE_MAX_N + 1, 1, 2), "n <= 64"), ((10, 1, L.SIMULATE_MAX_D + 1), "d <= 1000"),
                        ((64, 1, 245), "n^2 d = 1003520"), ((7, 1, 2, 101), "iterations <= 100"),
                        ((7, 1, 2, 3, 100_001), "budget <= 100000")]:
        with pytest.raises(SizeError, match=words.replace("^", r"\^")):
            L.check_simulate(*args)


def test_learn_limits_at_their_edges():
    L.check_learn(448, 1, 447, 5, L.LEARN_MAX_T, L.LEARN_MAX_SEEDS)  # h q d = 447 * 447 * 5 = 999 045
    with pytest.raises(SizeError, match="h q d = 1003520"):
        L.check_learn(449, 1, 448, 5)
    with pytest.raises(SizeError, match="n <= 1000"):
        L.check_learn(1001, 1, 1000, 1)
    with pytest.raises(SizeError, match="T <= 100000"):
        L.check_learn(7, 1, 6, 5, L.LEARN_MAX_T + 1)
    with pytest.raises(SizeError, match="seeds <= 1000"):
        L.check_learn(7, 1, 6, 5, 1, L.LEARN_MAX_SEEDS + 1)


@pytest.mark.parametrize("call", ["simulate", "search", "learn_report", "experiment"])
def test_the_api_refuses_before_any_work(call):
    if call == "simulate":
        from avagree.sim.broadcast import simulate as fn
        args, kw = (100, 1), {}
    elif call == "search":
        from avagree.sim.schedule_search import search as fn
        args, kw = (100, 1), {}
    elif call == "learn_report":
        from avagree.sim.learn import learn_report as fn
        args, kw = ("cwtm", 2000, 1), {}
    else:
        from avagree.sim.digits import experiment as fn
        args, kw = (100, 1), {}
    with pytest.raises(SizeError):
        fn(*args, **kw)
