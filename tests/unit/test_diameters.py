"""Diameters (Definition 1), Lemma 1's bounds and Lemma 2's triangle inequality."""

import math
from fractions import Fraction as Fr

import numpy as np
from hypothesis import given, strategies as st

import sympy

from avagree.proofs.diameters import lemma1_upper
from avagree.model.diameters import cw_diameter, cw_diameter_pow, cw_diameter_r, diameter, diameter_pow
from avagree.oracle.strategies import exact_arrays, to_float


def test_known_values():
    x = [[Fr(0), Fr(0)], [Fr(3), Fr(4)], [Fr(1), Fr(-1)]]
    assert diameter_pow(x, 2) == 29  # (3,4)-(1,-1)
    assert diameter(x, 1) == 7
    assert diameter(x, math.inf) == 5
    assert list(cw_diameter(x)) == [3, 5]
    assert cw_diameter_pow(x, 2) == 34
    assert float(cw_diameter_r(x, 2)) == math.sqrt(34)
    assert diameter(to_float(np.array(x, dtype=object)), 2) == math.sqrt(29)


@given(x=exact_arrays(rows=st.integers(1, 7), d=st.integers(1, 4)), r=st.sampled_from([1, 2, 3, math.inf]))
def test_lemma1(x, r):
    h, d = x.shape
    dr, cw = float(diameter(x, r)), float(cw_diameter_r(x, r))
    upper = float(lemma1_upper(h, d, sympy.oo if r == math.inf else r))
    assert dr <= cw * (1 + 1e-12) + 1e-12
    assert cw <= upper * dr * (1 + 1e-12) + 1e-12


@given(data=st.data())
def test_lemma2_triangle(data):
    x = data.draw(exact_arrays(rows=st.integers(1, 6), d=st.integers(1, 3)))
    y = data.draw(exact_arrays(rows=x.shape[0], d=x.shape[1]))
    assert all(a <= b + c for a, b, c in zip(cw_diameter(x + y), cw_diameter(x), cw_diameter(y)))
    assert diameter(x + y, 1) <= diameter(x, 1) + diameter(y, 1)
    assert float(diameter(x + y, 2)) <= float(diameter(x, 2)) + float(diameter(y, 2)) + 1e-9
