"""The ByzFL example: runs only where ByzFL (an optional, heavy extra) is installed."""

import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _byzfl_trmean():
    pytest.importorskip("torch")
    sys.path.insert(0, str(EXAMPLES))
    try:
        byzfl_oracle = pytest.importorskip("byzfl_oracle")
        try:
            return byzfl_oracle.byzfl_rule("TrMean")
        except ImportError:
            pytest.skip("byzfl not installed")
    finally:
        sys.path.remove(str(EXAMPLES))


def test_byzfl_trmean_breaks_at_3f_plus_1_in_float():
    import avagree

    rule = _byzfl_trmean()
    broken = avagree.check(rule, 4, 1, d=2, specs=["contraction"], examples=300)
    assert broken.results[0].status == "violated" and broken.results[0].replay == "float"
    assert broken.results[0].witness.measured > 1  # the diameter grows, beyond any rounding


def test_byzfl_trmean_at_4f_plus_1_keeps_its_diameter_which_float_alone_cannot_show():
    """At n = 4f + 1 a trimmed mean can keep Delta_2 exactly (Theorem 9's split): an equality,
    which a float-only rule's replay cannot tell from rounding, so the oracle does not report it
    for ByzFL's TrMean (it is held), while the reference CwTM, replayed exactly, shows it."""
    import avagree

    rule = _byzfl_trmean()
    assert avagree.check(rule, 5, 1, d=2, specs=["strict-contraction"], examples=300).results[0].status == "held"
    exact = avagree.check("cwtm", 5, 1, d=2, specs=["strict-contraction"], examples=300).results[0]
    assert exact.status == "violated" and exact.replay == "exact" and exact.witness.measured == 1
    fine = avagree.check(rule, 6, 1, d=2, specs=["strict-contraction"], examples=100)
    assert fine.results[0].status == "held"
