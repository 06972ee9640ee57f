"""Bad input gets a typed error naming the parameter and value."""

from fractions import Fraction

import numpy as np
import pytest

import avagree
from avagree import DeliveryError
from avagree import InputError
from avagree import ParameterError
from avagree import RuleError
from avagree.model.execution import Params, Round, make_delivery, validate_round


@pytest.mark.parametrize("bad, match", [
    ([[1.0, float("nan")], [1.0, 2.0], [0.0, 0.0]], "NaN|non-finite"),
    ([[1.0, float("inf")], [1.0, 2.0], [0.0, 0.0]], "NaN|non-finite"),
    ([[1.0, 2.0], [1.0], [0.0, 0.0]], "ragged"),
    ([], "empty|rank"),
    ([1.0, 2.0, 3.0], "rank-2"),
    ([[[1.0]]], "rank-2"),
    ([[Fraction(1)], [0.5], [0.0]], "mixes"),
    ([["a"], ["b"], ["c"]], "not a real number"),
    ([[True], [False], [True]], "boolean"),
])
def test_malformed_received_is_rejected(bad, match):
    with pytest.raises(InputError, match=match):
        avagree.aggregate("cwtm", bad, 1)


def test_nan_in_numpy_array_rejected():
    z = np.zeros((5, 3))
    z[2, 1] = np.nan
    with pytest.raises(InputError, match="NaN"):
        avagree.aggregate("mda", z, 1)


@pytest.mark.parametrize("rule, q, f, need", [("cwtm", 4, 2, 5), ("trimmed-middle", 2, 1, 3), ("median", 2, 1, 3),
                                              ("mda", 2, 2, 3), ("krum", 6, 2, 7), ("multi-krum", 4, 1, 5),
                                              ("winsorized-mean", 4, 2, 5)])
def test_q_too_small_for_rule(rule, q, f, need):
    with pytest.raises(ParameterError, match=f"q={q}.*{rule}.*= {need}"):
        avagree.aggregate(rule, np.zeros((q, 2)), f)


@pytest.mark.parametrize("f", [-1, 1.5, "2", True])
def test_bad_f(f):
    with pytest.raises(ParameterError, match="f="):
        avagree.aggregate("mean", np.zeros((3, 2)), f)


def test_unknown_rule():
    with pytest.raises(RuleError, match="unknown"):
        avagree.aggregate("bogus", np.zeros((3, 2)), 0)


def test_own_is_scanned_only_by_a_rule_that_reads_it():
    """CVA reads own: a NaN in it is an InputError. The mean ignores own: of a float array, only its
    shape is checked (no scan of d values)."""
    z = np.arange(6.0).reshape(3, 2)
    with pytest.raises(InputError, match="own: (contains NaN|non-finite)"):
        avagree.aggregate("cva", z, 1, own=[float("nan"), 0.0])
    assert avagree.aggregate("mean", z, 1, own=np.array([float("nan"), 0.0])).tolist() == [2.0, 3.0]
    with pytest.raises(InputError, match="own: shape"):
        avagree.aggregate("mean", z, 1, own=[0.0])


def test_cva_needs_own():
    with pytest.raises(InputError, match="own"):
        avagree.aggregate("cva", np.zeros((3, 2)), 1)
    with pytest.raises(InputError, match="own"):
        avagree.aggregate("cva", np.zeros((3, 2)), 1, own=[0.0, 0.0, 0.0])


@pytest.mark.parametrize("kw, name", [
    (dict(n=3, f=3, q=1), "f"), (dict(n=3, f=4, q=1), "f"), (dict(n=5, f=1, q=6), "q"),
    (dict(n=5, f=1, q=5), "q"), (dict(n=5, f=2, q=2), "q"), (dict(n=5, f=1, q=4, model="sync"), "q"),
    (dict(n=5, f=1, q=4, model="partial"), "model"), (dict(n=0, f=0, q=1), "n"), (dict(n=5, f=1, q=4, d=0), "d"),
    (dict(n=5.0, f=1, q=4), "n"),
])
def test_params_validation(kw, name):
    with pytest.raises(ParameterError, match=f"^{name}="):
        Params(**kw)


def _round(params, specs):
    return Round(tuple(make_delivery(h, b, params.d) for h, b in specs))


def test_delivery_rules_async():
    p = Params(5, 1, 4, 1)  # h = 4
    ok = [([0, 1, 2], [[9.0]]), ([1, 0, 2], [[9.0]]), ([2, 0, 1, 3], []), ([3, 0, 1], [[9.0]])]
    validate_round(p, _round(p, ok))
    cases = {
        "out of range": [([0, 1, 7], [[9.0]])] + ok[1:],
        "duplicate": [([0, 0, 1], [[9.0]])] + ok[1:],
        "at most f": [([0, 1], [[9.0], [8.0]])] + ok[1:],
        "own vector is missing": [([1, 2, 3], [[9.0]])] + ok[1:],
        "q = 4": [([0, 1], [[9.0]])] + ok[1:],
    }
    for match, rnd in cases.items():
        with pytest.raises(DeliveryError, match=match):
            validate_round(p, _round(p, rnd))
    with pytest.raises(DeliveryError, match="one per honest receiver"):
        validate_round(p, _round(p, ok[:3]))


def test_delivery_rules_sync():
    p = Params(4, 1, 4, 1, "sync")
    good = [([0, 1, 2], [[5.0]])] * 3
    validate_round(p, _round(p, good))
    with pytest.raises(DeliveryError, match="q = 4"):
        validate_round(p, _round(p, [([0, 1], [[5.0]])] + good[1:]))
    with pytest.raises(DeliveryError, match="q = 4"):
        validate_round(p, _round(p, [([0, 1, 2], [])] + good[1:]))


def test_rule_output_is_checked():
    from avagree.harness.aggregate import check_output

    with pytest.raises(RuleError, match="shape"):
        check_output(np.zeros(3), 2, "float", "x")
    with pytest.raises(RuleError, match="non-finite"):
        check_output(np.array([np.nan, 1.0]), 2, "float", "x")
    with pytest.raises(RuleError, match="exactness"):
        check_output(np.zeros(2), 2, "exact", "x")
