"""The parameterised proofs of select's closed forms and of the class optimum (avagree/smt/select_parametric.py):
every obligation proved in both models, and a closed form off by one is refuted (the obligations can fail)."""

from dataclasses import replace

import pytest

from avagree.proofs import exact_select as es
from avagree.smt import select_parametric as sp_


@pytest.mark.parametrize("model", ["async", "sync"])
def test_select_contraction_is_proved(model):
    obs = sp_.prove_form("select", "contraction", model)
    assert [ob.kind for ob in obs] == ["parameters", "extremes", "upper", "attained", "published factor (identity)"]
    assert all(ob.status == "proved" for ob in obs), [ob.describe() for ob in obs]


def test_off_by_one_is_refuted():
    low = replace(es.SELECT["contraction"], numerator=es.SELECT["contraction"].numerator - 1)
    assert sp_.upper(low, "sync").status == "refuted"
    high = replace(es.SELECT["averaging"], numerator=es.SELECT["averaging"].numerator + 1)
    assert sp_.attained(high, "sync").status == "refuted"
    under = replace(es.SELECT["averaging"], numerator=es.SELECT["averaging"].numerator - 1)
    assert sp_.upper(under, "sync").status == "refuted"
    wrong_step = replace(es.SELECT["contraction"], witness_k=es.REM)  # x = r: the top selected position is missed
    assert sp_.attained(wrong_step, "sync").status == "refuted"
    out_of_range = replace(es.SELECT["averaging"], witness_k=es.H)  # x = h honest ones is no execution
    assert sp_.attained(out_of_range, "async").status == "refuted"


@pytest.mark.parametrize("model", ["async", "sync"])
def test_every_closed_form_is_proved(model):
    for name in ("select", "optimum"):
        for spec in es.SPECS:
            entry = sp_.entry(name, spec, model)
            assert entry["proof"] == "parameterised", entry["obligations"]
            kinds = [o["kind"] for o in entry["obligations"]]
            assert "dual" in kinds if name == "optimum" else "attained" in kinds
