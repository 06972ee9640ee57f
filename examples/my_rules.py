"""Aggregation rules as a user would write them, checked by ``examples/test_my_rules.py``.

``float_cwtm`` only takes floats (it converts its input), so the oracle replays
what it finds bit for bit in float; ``mean_of_median_half`` is a plausible-looking
home-made rule that the oracle breaks.
"""

import numpy as np


def float_cwtm(received, f):
    z = np.sort(np.asarray(received, dtype=np.float64), axis=0)
    return z[f : len(z) - f].mean(axis=0)


def mean_of_median_half(received, f):
    """Average the half of the vectors closest (coordinate-wise) to the median."""
    z = np.asarray(received, dtype=np.float64)
    med = np.median(z, axis=0)
    order = np.argsort(np.abs(z - med).sum(axis=1), kind="stable")
    return z[order[: max(1, len(z) // 2)]].mean(axis=0)
