"""Hypothesis strategies for your own property tests (needs ``hypothesis``).

Re-exported from :mod:`avagree.oracle.strategies`, where they live.
"""

from avagree.oracle.strategies import (  # noqa: F401
    exact_arrays, executions, params_for, rationals, received_for, to_float,
)


# -- exact ties that float cannot represent (issue 28, item 5) --------------------------------------

from fractions import Fraction as _Fraction  # noqa: E402

import numpy as _np  # noqa: E402
from hypothesis import strategies as _st  # noqa: E402

#: denominators with an odd factor: k/3, k/5, ... have no exact float, so float rounds each value
#: independently and equal gaps (hence equal distances, diameters, scores) need not stay equal
NON_DYADIC = (3, 5, 6, 7, 9, 10, 12)


@_st.composite
def tied_arrays(draw, rows: int, d: int = 1, denominators: tuple[int, ...] = NON_DYADIC, spread: int = 4):
    """A (rows, d) object array of Fractions k/m (m drawn from ``denominators``, none a power of two)
    full of exact ties: each coordinate is an arithmetic progression k0/m, (k0 + s)/m, ... shuffled,
    so every window of the same width has the same diameter (a window of three at 1/5, 2/5, 3/5 and
    one at 2/5, 3/5, 4/5), and some rows are repeated (equal values, equal distances)."""
    m = draw(_st.sampled_from(denominators))
    cols = []
    for _ in range(d):
        k0 = draw(_st.integers(-spread * m, spread * m))
        step = draw(_st.integers(1, 2))
        col = [_Fraction(k0 + step * i, m) for i in range(rows)]
        cols.append(draw(_st.permutations(col)))
    data = [[cols[k][i] for k in range(d)] for i in range(rows)]
    for i in range(rows):  # a few repeated rows: equal coordinates and equal distances
        if rows > 1 and draw(_st.booleans()) and draw(_st.booleans()):
            data[i] = list(data[draw(_st.integers(0, rows - 1))])
    return _np.array(data, dtype=object).reshape(rows, d)
