"""The shared split adversary (avagree.adversaries.split) and the constructions built on it."""

from fractions import Fraction as Fr

import numpy as np

from avagree.adversaries import lemma16_split, theorem7_split
from avagree.adversaries.split import by_value, halves, heard, is_low, split_senders, spread_attack_round


def test_by_value_is_stable_and_plain_ints():
    order = by_value(np.array([3.0, 1.0, 2.0, 1.0]))
    assert order == [1, 3, 2, 0]
    assert all(type(k) is int for k in order)


def test_median_cut_puts_the_middle_rank_low():
    order = [4, 0, 3, 1, 2]  # ranks: 4 -> 0, 0 -> 1, 3 -> 2, 1 -> 3, 2 -> 4
    assert [is_low(order, j) for j in range(5)] == [True, False, False, True, True]
    assert halves(order, 2) == ([4, 0], [3, 1, 2])


def test_receivers_hear_their_own_side_first():
    order = list(range(6))
    assert split_senders(order, 1, 3) == [1, 0, 2]
    assert split_senders(order, 2, 3) == [2, 0, 1]
    assert split_senders(order, 3, 3) == [3, 5, 4]
    assert split_senders(order, 4, 1) == [4]
    assert heard(2, [5, 2, 0, 1], 3) == [2, 5, 0]


def test_spread_attack_round():
    rnd = spread_attack_round(np.array([[0.0], [3.0], [1.0], [2.0]]), q=3, f=1)
    assert [d.honest for d in rnd.deliveries] == [(0, 2), (1, 3), (2, 0), (3, 1)]
    assert [d.byzantine.tolist() for d in rnd.deliveries] == [[[-3.0]], [[6.0]], [[-3.0]], [[6.0]]]


def test_lemma16_and_theorem7_deliveries():
    params, family, rounds = lemma16_split(5, 1, 4)
    assert family == [[Fr(0)], [Fr(0)], [Fr(1)], [Fr(1)]]
    assert [d.honest for d in rounds[0].deliveries] == [(0, 1, 2), (1, 0, 2), (2, 3, 0), (3, 2, 0)]
    assert [d.byzantine.tolist() for d in rounds[0].deliveries] == [[[Fr(0)]], [[Fr(0)]], [[Fr(1)]], [[Fr(1)]]]
    _, _, rounds = lemma16_split(6, 2, 6, "sync")
    assert [d.honest for d in rounds[0].deliveries] == [(0, 1, 2, 3), (1, 0, 2, 3), (2, 3, 0, 1), (3, 2, 0, 1)]
    _, _, rounds = theorem7_split(5, 2)
    assert [d.honest for d in rounds[0].deliveries] == [(0,), (1,), (2,)]
    assert [d.byzantine.tolist() for d in rounds[0].deliveries] == [[[-5], [-5]], [[5], [5]], [[5], [5]]]
