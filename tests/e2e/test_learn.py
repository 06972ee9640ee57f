"""LEARN on the Theorem 2 instance: the paper's bounds hold for MDA and ICwTM in
the runs tried, and a non-robust rule is driven off by the attack."""

import pytest

from avagree import ParameterError
from avagree.sim.learn import learn_report


@pytest.mark.parametrize("rule, n, f, attack", [("mda", 7, 1, "alie"), ("cwtm", 6, 1, "extreme_high")])
def test_theorem1_bounds_hold_in_these_runs(rule, n, f, attack):
    r = learn_report(rule, n, f, T=16, seeds=2, attack=attack)
    assert r["E_disagreement_sq"] <= r["bound_disagreement_sq"]
    assert r["E_grad_sq"] <= r["bound_grad_sq"]
    assert r["E_grad_sq"] > 0 and r["aggregation_rounds"] > 16


def test_mean_is_dragged_away():
    r = learn_report("mean", 7, 1, T=8, seeds=1, attack="large")
    assert r["C"] is None and r["E_grad_sq"] > 1e6


def test_bad_arguments():
    with pytest.raises(ParameterError, match="delta"):
        learn_report("mda", 7, 1, delta=3)
    with pytest.raises(ParameterError, match="attack"):
        learn_report("mda", 7, 1, attack="nope")
    with pytest.raises(ParameterError, match="hypotheses"):
        learn_report("mda", 6, 1, T=4, seeds=1)
