"""The Z3 engine: verdicts on known cases, witnesses that replay, exact suprema,
and UNKNOWN (never a pass) on time-out."""

from fractions import Fraction as Fr

import pytest

from avagree import ParameterError
from avagree import RuleError
from avagree.model.execution import Params
from avagree.oracle.random_search import search_round
from avagree.smt import COUNTEREXAMPLE, PROVED, UNKNOWN, decide, worst
from avagree.specs import contraction
from avagree.harness.witness import load, replay
import avagree


# The paper's claims (CwTM and MDA at their thresholds, Theorem 5, the trimmed middle)
# are in the claims catalogue and checked by tests/quality/test_z3_findings.py; these
# are the engine's verdicts on cases the paper makes no claim about.
@pytest.mark.parametrize("rule, n, f, q, model, verdict", [
    ("cwtm", 3, 1, 3, "sync", COUNTEREXAMPLE),   # n = 3f, below every threshold
    ("mean", 4, 1, 3, "async", COUNTEREXAMPLE),
    ("cva", 8, 1, 7, "async", PROVED),
])
def test_no_contraction_verdicts(rule, n, f, q, model, verdict, tmp_path):
    r = decide(rule, n, f, q, model, timeout=60, save_dir=tmp_path)
    assert r.verdict == verdict, r.reason
    assert r.scope["d"] == 1 and r.scope["rounds"] == 1 and r.scope["model"] == model
    if verdict == COUNTEREXAMPLE:
        w = load(r.path)
        assert replay(w).ok and w.found_by == "z3"
        assert w.measured >= 1  # Delta_2(out) >= Delta_2(in)


def test_paper_factor_is_tight_for_mda_in_one_dimension():
    # the reference tie rule approaches 4/5 without reaching it; an adversary choosing among ties reaches it
    w = worst("mda", 7, 1, 6, ties="first")
    assert (w.verdict, w.value, w.attained, w.scope["ties"]) == (PROVED, Fr(4, 5), False, "first")
    w = worst("mda", 7, 1, 6)
    assert (w.verdict, w.value, w.attained, w.scope["ties"]) == (PROVED, Fr(4, 5), True, "adversary")
    assert w.witness is not None and replay(w.witness).ok and w.witness.extra["ties"] == "adversary"
    assert decide("mda", 7, 1, 6, bound=Fr(4, 5)).verdict == PROVED
    assert decide("mda", 7, 1, 6, bound=Fr(79, 100)).verdict == COUNTEREXAMPLE


def test_cwtm_worst_case_is_below_lemma15(tmp_path):
    w = worst("cwtm", 6, 1, 5)
    assert (w.value, w.attained) == (Fr(2, 3), True)  # Lemma 15 promises 5/6
    assert replay(w.witness).ok
    ws = worst("cwtm", 6, 1, 5, spec="averaging")
    assert ws.value == Fr(2, 5)  # eq. (200): (2f + h - q)/h, tight


def test_search_never_beats_the_proved_supremum():
    p = Params(6, 1, 5, 1)
    res = search_round(avagree.model_rule("cwtm"), p, lambda ex: (lambda v: (v.holds, v.measured))(contraction(ex, 1)), 300, seed=3)
    assert res.measured <= Fr(4, 9)  # (2/3)^2


def test_quasi_unanimity_literal_vs_own():
    assert decide("cva", 15, 1, 14, spec="quasi-unanimity").verdict == COUNTEREXAMPLE
    assert decide("cva", 15, 1, 14, spec="quasi-unanimity-own").verdict == PROVED
    assert decide("mda", 7, 1, 6, spec="quasi-unanimity").verdict == PROVED
    assert decide("mean", 7, 1, 6, spec="quasi-unanimity-own").verdict == COUNTEREXAMPLE


def test_validity():
    assert decide("cwtm", 6, 1, 5, spec="validity").verdict == PROVED
    assert decide("mda", 7, 1, 6, spec="validity").verdict == COUNTEREXAMPLE  # MDA may average in a Byzantine value


def test_timeout_is_unknown_never_a_pass():
    r = decide("mda", 19, 3, 16, timeout=0.05)
    assert r.verdict == UNKNOWN and ("timeout" in r.reason or "canceled" in r.reason)


def test_bad_requests():
    with pytest.raises(RuleError, match="no Z3 encoding"):
        decide("bogus-rule", 7, 1, 6)
    with pytest.raises(ParameterError, match="d=2"):
        decide("cwtm", 6, 1, 5, d=2)
    with pytest.raises(ParameterError, match="q="):
        decide("cwtm", 6, 2, 4)
    with pytest.raises(ParameterError, match="spec"):
        decide("cwtm", 6, 1, 5, spec="liveness")


def test_mda_averaging_proved_through_the_one_receiver_deviation():
    # all h receivers time out beyond n of about 6; max_j |y_j - mean| bounds the mean's error
    r = decide("mda", 13, 2, 11, spec="averaging", bound=Fr(1, 2))  # C = 1/sqrt(2) > 58/99
    assert r.verdict == PROVED and "58/99" in r.reason
    r = decide("mda", 7, 1, 6, spec="averaging", bound=Fr(1, 100))  # C = 1/10 < 8/15
    assert r.verdict == COUNTEREXAMPLE and r.witness.measured > Fr(1, 100)
