"""How to use avagree from your own test suite (run: python -m pytest examples/)."""

import pytest

from my_rules import float_cwtm, mean_of_median_half


def test_float_cwtm_is_resilient_at_5f_plus_1(avagree_check):
    avagree_check(float_cwtm, n=6, f=1, specs=["contraction", "strict-contraction", "validity"], examples=200)


@pytest.mark.xfail(reason="the oracle finds executions where it does not contract", strict=True)
def test_home_made_rule(avagree_check):
    avagree_check(mean_of_median_half, n=7, f=1, specs=["strict-contraction", "validity"], examples=300)
