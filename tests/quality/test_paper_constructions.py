"""The paper's constructions replayed exactly: Theorem 5 (MDA at n = 6f - 1) and
the split of Theorem 9's proof."""

from fractions import Fraction as Fr

import pytest

import avagree
from avagree.adversaries import lemma16_split, theorem4_schedule, theorem5_mda, theorem7_split
from avagree.model.diameters import diameter_pow
from avagree.specs import averaging, contraction, quasi_unanimity


def _run(rule, construction):
    params, family, rounds = construction
    return avagree.execute(avagree.model_rule(rule), params, family, rounds, mode="exact")


@pytest.mark.parametrize("f", [1, 2, 3])
def test_theorem5_groups_with_average_ties(f):
    ex = _run("mda-avg", theorem5_mda(f, rounds=3))
    for fam in ex.families[1:]:
        out = [v[0] for v in fam.tolist()]
        assert out[: 2 * f] == [Fr(-1)] * (2 * f)
        assert out[2 * f : 3 * f - 1] == [Fr(0)] * (f - 1)  # the paper says 1; averaging all ties gives 0
        assert out[3 * f - 1 :] == [Fr(1)] * (2 * f)
    assert diameter_pow(ex.outputs, 2) == diameter_pow(ex.inputs, 2) == 4  # a fixed point: never contracts
    assert not contraction(ex, 1, strict=True).holds


@pytest.mark.parametrize("f", [1, 2, 3])
def test_theorem5_groups_with_first_tie_rule(f):
    ex = _run("mda", theorem5_mda(f, rounds=1))
    out = [v[0] for v in ex.outputs.tolist()]
    assert out[: 2 * f] == [Fr(-1)] * (2 * f)
    # lexicographic tie rule keeps the 2f values -1, the f-1 zeros and f of the 1s
    assert out[2 * f : 3 * f - 1] == [Fr(-f, 4 * f - 1)] * (f - 1)
    assert out[3 * f - 1 :] == [Fr(1)] * (2 * f)
    assert diameter_pow(ex.outputs, 2) == diameter_pow(ex.inputs, 2)


def test_theorem5_first_tie_rule_drifts_the_average():
    ex = _run("mda", theorem5_mda(2, rounds=4))
    v = averaging(ex, 0)
    assert not v.holds and v.measured == Fr(1865956, 466948881)


@pytest.mark.parametrize("n, f, contracts", [(5, 1, False), (9, 2, False), (10, 2, False), (6, 1, True), (11, 2, True)])
def test_split_pins_cwtm_async(n, f, contracts):
    ex = _run("cwtm", lemma16_split(n, f, n - f))
    assert contraction(ex, 1, strict=True).holds == contracts
    assert quasi_unanimity(ex).holds


def test_split_sync_needs_n_le_3f():
    assert not contraction(_run("cwtm", lemma16_split(6, 2, 6, "sync")), 1, strict=True).holds
    assert contraction(_run("cwtm", lemma16_split(7, 2, 7, "sync")), 1, strict=True).holds


def test_theorem4_schedule_pins_first_group_to_zero():
    ex = _run("cwtm", theorem4_schedule(9, 1, 8))
    out = [v[0] for v in ex.outputs.tolist()]
    assert out[: 8 - 1] == [Fr(0)] * 7


def test_theorem7_split_drags_each_group():
    ex = _run("mda", theorem7_split(6, 2, Fr(-5), Fr(5)))
    out = [v[0] for v in ex.outputs.tolist()]
    assert out == [Fr(-5), Fr(-5), Fr(1), Fr(1)]  # the low group follows the Byzantine value
    assert not averaging(ex, 1).holds
