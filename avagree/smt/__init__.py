"""The Z3 engine: exact counterexamples and bounded proofs for d = 1.

:func:`check` answers COUNTEREXAMPLE (replayed exactly and saved), PROVED (in a
stated scope) or UNKNOWN (time-out or unsupported); :func:`worst` computes the
exact supremum of a one-round quantity with z3's optimiser.
"""

from avagree.smt.engine import COUNTEREXAMPLE, PROVED, UNKNOWN, CheckResult, WorstResult, check, supported, worst  # noqa: F401
