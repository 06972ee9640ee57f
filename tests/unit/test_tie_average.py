"""``ties="average"`` in the reference implementation (issue 13): the mean of the
outputs of every optimal index subset, from each rule's Chooser; closed forms
equal that definition, float equals exact, and hand-computed values."""

from fractions import Fraction as Fr

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import avagree
from avagree import ParameterError
from avagree.algorithms import RULES, get_rule

AVERAGED = sorted(name for name, r in RULES.items() if "average" in r.ties and r.chooser is not None)


def col(*vals):
    return np.array([[Fr(v)] for v in vals], dtype=object)


def test_every_choosing_rule_averages():
    assert AVERAGED == ["cva", "krum", "mda", "multi-krum"]


@st.composite
def small_case(draw, rule):
    """Small integer vectors, so that equal diameters, distances and scores are common."""
    f = draw(st.integers(0, 2))
    q = draw(st.integers(max(get_rule(rule).min_q(f), 1), max(get_rule(rule).min_q(f), 1) + 3))
    d = draw(st.integers(1, 2))
    z = np.array([[Fr(draw(st.integers(-2, 2))) for _ in range(d)] for _ in range(q)], dtype=object)
    return z, f, z[draw(st.integers(0, q - 1))]


@pytest.mark.parametrize("rule", AVERAGED)
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_average_is_the_mean_over_every_optimal_subset(rule, data):
    z, f, own = data.draw(small_case(rule))
    ch = get_rule(rule).chooser
    subsets = ch.options(z, f, own)
    want = sum(z[s].sum(axis=0) for s in subsets) / (ch.size(z.shape[0], f) * len(subsets))  # the definition
    got = avagree.aggregate(rule, z, f, own=own, ties="average")
    assert list(got) == list(want) == list(ch.enumerated_average(z, f, own))
    perm = data.draw(st.permutations(list(range(z.shape[0]))))
    assert list(avagree.aggregate(rule, z[perm], f, own=own, ties="average")) == list(got)  # a multiset function
    flt = avagree.aggregate(rule, z.astype(float), f, own=own.astype(float), ties="average")
    assert flt.dtype == np.float64 and np.allclose(flt, [float(v) for v in got], rtol=1e-12, atol=1e-12)


def test_hand_values():
    # CVA, own 0, f = 2, keep 2: -1 and 1, 1 at distance 1: subsets {-1, 1}, {-1, 1'}, {1, 1'}
    z, own = col(-1, 1, 1, 3), col(0)[0]
    assert avagree.aggregate("cva", z, 2, own=own, ties="average")[0] == Fr(1, 3)
    assert avagree.aggregate("cva", z, 2, own=own)[0] == 0  # first: -1 and the first 1
    # Krum, f = 1 (2 neighbours): 0, 1, 2, 3, 5 score 5, 2, 2, 5, 13: 1 and 2 tie
    z = col(0, 1, 2, 3, 5)
    assert avagree.aggregate("krum", z, 1, ties="average")[0] == Fr(3, 2)
    assert avagree.aggregate("krum", z, 1)[0] == 1
    assert avagree.aggregate("multi-krum", z, 1, ties="average")[0] == Fr(3, 2)  # 1, 2 and both of the 5s: no choice
    # MDA, the receiver {0, 1, 1, 1} + Byzantine 2, keep 4 of diameter 1: {0, 1, 1, 1} (mean 3/4) or
    # {1, 1, 1, 2} (mean 5/4); from 0, 0, 1, 1, 1 every index 4-subset has diameter 1:
    # dropping one of the two 0s gives {0, 1, 1, 1} (3/4, twice), dropping one of the three 1s {0, 0, 1, 1} (1/2, thrice)
    assert avagree.aggregate("mda", col(0, 1, 1, 1, 2), 1, ties="average")[0] == 1
    assert avagree.aggregate("mda", col(0, 0, 1, 1, 1), 1, ties="average")[0] == (2 * Fr(3, 4) + 3 * Fr(1, 2)) / 5
    assert get_rule("mda-avg").fn(col(0, 0, 1, 1, 1), 1)[0] == Fr(3, 5)


def test_adversary_has_no_single_output():
    with pytest.raises(ParameterError, match="ties='adversary'.*no single output"):
        avagree.aggregate("mda", col(0, 1, 2), 1, ties="adversary")
    with pytest.raises(ParameterError, match="ties='first'.*mda-avg implements ties=average only"):
        avagree.aggregate("mda-avg", col(0, 1, 2), 1, ties="first")  # mda-avg is averaged only
    assert list(avagree.aggregate("median", col(0, 1, 2), 1, ties="average")) == [1]  # no choice: any rule is the same
