"""The ByzFL example: runs only where ByzFL (an optional, heavy extra) is installed."""

import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_byzfl_trmean_breaks_at_4f_plus_1():
    pytest.importorskip("torch")
    sys.path.insert(0, str(EXAMPLES))
    try:
        byzfl_oracle = pytest.importorskip("byzfl_oracle")
        try:
            rule = byzfl_oracle.byzfl_rule("TrMean")
        except ImportError:
            pytest.skip("byzfl not installed")
    finally:
        sys.path.remove(str(EXAMPLES))
    import avagree

    broken = avagree.check(rule, 5, 1, d=2, specs=["strict-contraction"], examples=300)
    assert broken.results[0].status == "violated" and broken.results[0].replay == "float"
    fine = avagree.check(rule, 6, 1, d=2, specs=["strict-contraction"], examples=100)
    assert fine.results[0].status == "held"
