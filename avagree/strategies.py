"""Hypothesis strategies for your own property tests (needs ``hypothesis``).

Re-exported from :mod:`avagree.oracle.strategies`, where they live.
"""

from avagree.oracle.strategies import (  # noqa: F401
    exact_arrays, executions, params_for, rationals, received_for, to_float,
)
