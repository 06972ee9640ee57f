"""Hypothesis strategies for avagree's inputs (public: ``avagree.strategies``).

Values are drawn as small rationals (numerator/denominator), so every generated
array exists exactly in both number modes: ``to_float`` of an exact array is the
same array rounded once.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from hypothesis import strategies as st


def rationals(bound: int = 20, denominators: int = 8) -> st.SearchStrategy[Fraction]:
    return st.builds(Fraction, st.integers(-bound * denominators, bound * denominators), st.integers(1, denominators))


@st.composite
def exact_arrays(draw, rows: int | st.SearchStrategy[int] = st.integers(1, 8), d: int | st.SearchStrategy[int] = st.integers(1, 3),
                 duplicates: bool = True, bound: int = 20) -> np.ndarray:
    """A (rows, d) object array of Fractions; with ``duplicates`` rows repeat often."""
    r = draw(rows) if isinstance(rows, st.SearchStrategy) else rows
    dd = draw(d) if isinstance(d, st.SearchStrategy) else d
    pool_size = draw(st.integers(1, r)) if duplicates else r
    pool = [[draw(rationals(bound)) for _ in range(dd)] for _ in range(pool_size)]
    data = [pool[draw(st.integers(0, pool_size - 1))] if duplicates else pool[i] for i in range(r)]
    return np.array(data, dtype=object).reshape(r, dd)


def to_float(arr: np.ndarray) -> np.ndarray:
    return np.array([float(v) for v in arr.ravel()], dtype=np.float64).reshape(arr.shape)


@st.composite
def received_for(draw, min_q_of_f, max_f: int = 3, max_q: int = 9, d=st.integers(1, 3)) -> tuple[np.ndarray, int]:
    """(received exact array, f) with q >= min_q_of_f(f)."""
    f = draw(st.integers(0, max_f))
    lo = max(1, min_q_of_f(f))
    q = draw(st.integers(lo, max(lo, max_q)))
    return draw(exact_arrays(rows=q, d=d)), f
