"""The composition families (avagree.smt.compose_families): T rounds of the by-kind one-round families,
mapped onto each round's honest values, give exactly c^T through the reference rules (and g^T under the
first-tie rule, g the one-round gap); a family that is not by kind is caught."""

from fractions import Fraction as Fr

import pytest

from avagree.smt import compose_families as cf


@pytest.mark.parametrize("rule, N, F, Q, model", [
    ("cwtm", 7, 1, 6, "async"), ("cwtm", 13, 2, 11, "async"), ("cwtm", 8, 1, 8, "sync"), ("mda", 7, 1, 6, "async"),
    ("mda", 9, 2, 6, "async"), ("mda", 8, 1, 8, "sync"), ("cva", 8, 1, 7, "async"), ("cva", 6, 2, 4, "async"),
    ("cva", 5, 2, 5, "sync"), ("median", 8, 1, 8, "sync"), ("trimmed-middle", 7, 1, 6, "async")])
def test_composed_families_reach_c_to_the_t(rule, N, F, Q, model):
    c = cf.exact_factor(rule, N, F, Q, model)
    g = cf.composed_ratio(rule, N, F, Q, model, 1, "first")
    for T in (1, 2, 3):
        assert cf.composed_ratio(rule, N, F, Q, model, T) == c ** T
        assert cf.composed_ratio(rule, N, F, Q, model, T, "first") == g ** T
    assert g == c if rule in ("cwtm", "median", "trimmed-middle") else g < c


def test_by_hand_mda_two_rounds():
    """n = 7, f = 1, q = 6: c = (n - q + 3f)/(q - f) = 4/5, two rounds 16/25."""
    assert cf.composed_ratio("mda", 7, 1, 6, "async", 2) == Fr(16, 25)


def test_a_family_not_by_kind_is_caught(monkeypatch):
    inputs, deliveries, byzantine = cf.instance("cwtm", 7, 1, 6, "async", first=False)
    byzantine = [list(b) for b in byzantine]
    byzantine[-1] = [Fr(0)]  # one node holding 1 pushed down: its output differs from the other ones'
    monkeypatch.setattr(cf, "instance", lambda *a, **k: (inputs, deliveries, byzantine))
    with pytest.raises(AssertionError, match="not by kind"):
        cf.composed_ratio("cwtm", 7, 1, 6, "async", 2)
