"""Diameters of a family of vectors (paper, Definition 1).

* ``diameter(x, r)``: the l_r diameter  max_{j,k} ||x_j - x_k||_r;
* ``cw_diameter(x)``: the per-coordinate diameters  Delta^cw[i] = max_j x_j[i] - min_j x_j[i];
* ``cw_diameter_r(x, r)``: their l_r norm, Delta_r^cw.

Both number modes. In exact mode the l_2 quantities are irrational in general, so
``diameter_pow(x, r)`` gives the r-th power (a Fraction for integer r), which is
what specifications compare; ``diameter`` returns a Fraction for r in {1, inf}
and an exact sympy surd otherwise.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import numpy as np

from avagree.errors import ParameterError
from avagree.model.numbers import as_array, mode_of

INF = math.inf


def _check_r(r: Any) -> float:
    if isinstance(r, bool) or not isinstance(r, (int, float, Fraction)) or r != r or r < 1:
        raise ParameterError("r", r, "must be a number in [1, inf]")
    return r


def _family(x: Any) -> np.ndarray:
    return as_array(x, rank=2, name="family")


def _norm_pow(v: np.ndarray, r: Any) -> Any:
    """||v||_r^r (max |v| for r = inf)."""
    a = np.abs(v)
    if r == INF:
        return a.max()
    if r == 1:
        return a.sum()
    if r == 2:
        return (a * a).sum()
    if mode_of(v) == "exact" and isinstance(r, int):
        return sum(e**r for e in a)
    return (a.astype(np.float64) ** float(r)).sum()


def diameter_pow(x: Any, r: Any = 2) -> Any:
    """Delta_r(x)^r (Delta_inf for r = inf): exact for exact input and integer r."""
    r = _check_r(r)
    arr = _family(x)
    best: Any = 0 if mode_of(arr) == "float" else Fraction(0)
    for j in range(arr.shape[0] - 1):
        diffs = arr[j + 1 :] - arr[j]
        for row in diffs:
            val = _norm_pow(row, r)
            if val > best:
                best = val
    return float(best) if mode_of(arr) == "float" else best


def _root(value: Any, r: Any, exact: bool) -> Any:
    if r == INF or r == 1:
        return value
    if exact:
        import sympy  # only for an exact surd: importing avagree loads no sympy

        return sympy.root(sympy.Rational(value.numerator, value.denominator), sympy.Rational(Fraction(r)))
    return float(value) ** (1.0 / float(r))


def diameter(x: Any, r: Any = 2) -> Any:
    """Delta_r(x) = max_{j,k} ||x_j - x_k||_r (Definition 1, eq. 4)."""
    arr = _family(x)
    return _root(diameter_pow(arr, r), r, mode_of(arr) == "exact")


def cw_diameter(x: Any) -> np.ndarray:
    """Delta^cw(x)[i] = max_{j,k} |x_j[i] - x_k[i]| (Definition 1, eq. 5)."""
    arr = _family(x)
    return arr.max(axis=0) - arr.min(axis=0)


def cw_diameter_pow(x: Any, r: Any = 2) -> Any:
    """Delta_r^cw(x)^r."""
    r = _check_r(r)
    arr = _family(x)
    val = _norm_pow(cw_diameter(arr), r)
    return val if mode_of(arr) == "exact" else float(val)


def cw_diameter_r(x: Any, r: Any = 2) -> Any:
    """Delta_r^cw(x) = ||Delta^cw(x)||_r."""
    arr = _family(x)
    return _root(cw_diameter_pow(arr, r), r, mode_of(arr) == "exact")


def mean(x: Any) -> np.ndarray:
    """The average of a family, in its number mode."""
    arr = _family(x)
    return arr.sum(axis=0) / arr.shape[0]


def squared_distance(u: np.ndarray, v: np.ndarray) -> Any:
    """||u - v||_2^2 (a Fraction in exact mode)."""
    diff = u - v
    return (diff * diff).sum()
