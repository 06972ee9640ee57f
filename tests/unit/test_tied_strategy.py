"""Exact non-dyadic ties (issue 28, item 5): the strategy draws them, the coordinate-wise
registry rules give the same output in float and in exact arithmetic on them, and the rules
that choose by comparing distances or scores are documented to differ (one input each)."""

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, strategies as st

from avagree.algorithms.registry import RULES, get_rule
from avagree.harness.aggregate import model_rule
from avagree.strategies import tied_arrays, to_float

#: registry rules whose float output may differ from the exact one on an exact non-dyadic tie
#: (docs/scorecard.md, "Exact ties in float"), each with one input (values, f) where it does
FLOAT_TIE_SENSITIVE = {
    "mda": ([0, "1/3", "2/3", 1, "4/3", "5/3", 2], 1),
    "mda-avg": ([0, "1/3", "2/3"], 1),
    "cva": ([["25/6", "1/3"], ["9/2", "1/2"], ["23/6", "1/6"]], 1),
    "krum": ([0, "1/3", "2/3", 1, "4/3", "5/3", 2], 2),
    "multi-krum": ([0, "1/3", "2/3", 1, "4/3", "5/3"], 1),
    "meamed": ([["12/7", "-5/7"], ["16/7", "-6/7"], ["6/7", "-3/7"], ["10/7", "-2/7"], ["6/7", "-3/7"],
                ["12/7", "-5/7"]], 2),
}


def _outputs(name, z, f):
    fn = model_rule(name)
    exact = np.array([float(v) for v in fn(z, f, z[0])])
    return exact, fn(to_float(z), f, to_float(z)[0])


@given(st.data())
def test_tied_arrays_are_exact_non_dyadic_ties(data):
    z = data.draw(tied_arrays(5, 2))
    dens = {v.denominator for v in z.ravel()}
    assert all(isinstance(v, Fraction) for v in z.ravel())
    assert any(d & (d - 1) for d in dens) or all(v.denominator == 1 for v in z.ravel())  # some non-power of two
    col = sorted(set(z[:, 0]))
    gaps = {b - a for a, b in zip(col, col[1:])}
    assert len(gaps) <= 2  # an arithmetic progression, minus repeated rows: equal gaps, exactly


@pytest.mark.parametrize("name", [r for r in RULES if r not in FLOAT_TIE_SENSITIVE])
@given(data=st.data())
def test_float_and_exact_agree_on_exact_ties(name, data):
    info = get_rule(name)
    f = data.draw(st.integers(1, 2))
    q = data.draw(st.integers(max(info.min_q(f), 2 * f + 1), 9))
    z = data.draw(tied_arrays(q, data.draw(st.integers(1, 2))))
    exact, flt = _outputs(name, z, f)
    assert np.allclose(exact, flt, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("name", sorted(FLOAT_TIE_SENSITIVE))
def test_choosing_rules_can_break_a_non_dyadic_tie_differently_in_float(name):
    values, f = FLOAT_TIE_SENSITIVE[name]
    z = np.array([[Fraction(v) for v in (row if isinstance(row, list) else [row])] for row in values], dtype=object)
    assert any(v.denominator & (v.denominator - 1) for v in z.ravel())  # a value with no exact float
    exact, flt = _outputs(name, z, f)
    assert np.max(np.abs(exact - flt)) > 1e-3  # a different choice, not rounding
