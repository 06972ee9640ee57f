"""MDA in d >= 2 with Z3 (nonlinear): lifted d = 1 counterexamples, skeleton
classes, lazily refined minimality, and honest UNKNOWNs."""

from fractions import Fraction

import numpy as np
import pytest

from avagree import ParameterError
from avagree.smt import COUNTEREXAMPLE, UNKNOWN, check
from avagree.smt.geometry import skeletons
from avagree.witness import load, replay


@pytest.mark.parametrize("d", [2, 3])
def test_d1_counterexample_lifts_to_higher_dimension(d, tmp_path):
    r = check("mda", 5, 1, 4, d=d, save_dir=tmp_path)
    assert r.verdict == COUNTEREXAMPLE and r.scope["d"] == d
    w = load(r.path)
    assert w.params.d == d and w.honest.shape == (4, d)
    assert (w.honest[:, 1:] == 0).all()  # embedded on the first axis
    assert replay(w).ok and w.measured >= 1  # Delta(out) >= Delta(in): no contraction


@pytest.mark.parametrize("h, f, q, sync", [(3, 1, 4, True), (4, 1, 4, False), (5, 1, 5, False), (5, 2, 5, False)])
def test_skeletons_are_legal_deliveries_and_kept_sets(h, f, q, sync):
    k = q - f
    classes = skeletons(h, f, q, sync)
    assert classes
    for sk in classes:
        for g in (0, 1):
            P, S = sk.delivered[g], sk.kept[g]
            assert g in P and len(P) == (h if sync else q - f) and len(set(P)) == len(P)
            assert len(S) == k and len(set(S)) == k
            assert all((e[0] == "h" and e[1] in P) or (e[0] == "b" and 0 <= e[1] < f) for e in S)


def test_symmetry_reduction_counts():
    # sync, h = 3, f = 1, q = 4: each receiver drops one of x0, x1, x2, b (16 ordered pairs); swapping the
    # receivers swaps the labels 0 and 1, with 4 fixed pairs: (16 + 4) / 2 = 10 classes (Burnside)
    assert len(skeletons(3, 1, 4, True)) == 10
    # async h = 4, f = 1, q = 4: 3 deliveries x 4 kept sets per receiver, 144 ordered pairs, fewer classes
    assert 144 / 4 <= len(skeletons(4, 1, 4, False)) < 144


def test_time_out_is_unknown():
    r = check("mda", 6, 1, 5, d=2, timeout=2)
    assert r.verdict == UNKNOWN and "undecided" in r.reason


def test_bad_requests_in_higher_dimension():
    with pytest.raises(ParameterError, match="d=2"):
        check("mda", 7, 1, 6, d=2, spec="averaging", bound=Fraction(1))
    with pytest.raises(ParameterError, match="d=2"):
        check("mda", 7, 1, 6, d=2, rounds=2)
    with pytest.raises(ParameterError, match="q="):
        check("mda", 7, 2, 2, d=2)  # q must exceed f
