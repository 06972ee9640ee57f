"""Several rounds: Z3 by induction from one-round lemmas (avagree.smt.rounds) and the multi-round
search (avagree.oracle.rounds); every value checked against an independent computation or replay."""

from fractions import Fraction

import numpy as np
import sympy as sp

from avagree.model.diameters import diameter_pow
from avagree.model.execution import Params, execute, full_delivery
from avagree.harness.aggregate import model_rule
from avagree.harness.witness import replay
from avagree.oracle.rounds import measure, search_rounds
from avagree.proofs import at, mda
from avagree.smt import decide
from avagree.smt.rounds import rational_root, worst_rounds


def test_rational_root():
    assert rational_root(Fraction(8, 27), 3) == Fraction(2, 3)
    assert rational_root(Fraction(1), 5) == 1
    assert rational_root(Fraction(2), 2) is None
    assert rational_root(Fraction(64, 125), 3) == Fraction(4, 5)


def test_induction_proves_cwtm_three_rounds_at_the_cube_of_its_one_round_factor():
    # CwTM (6, 1, 5): the exact one-round factor is 2/3 (docs/z3.md), so three rounds give at most 8/27
    r = decide("cwtm", 6, 1, 5, rounds=3, bound=Fraction(8, 27), strict=False)
    assert r.verdict == "PROVED" and "induction" in r.reason and r.scope["rounds"] == 3


def test_below_the_cube_a_three_round_execution_replays():
    r = decide("cwtm", 6, 1, 5, rounds=3, bound=Fraction(8, 27), strict=True)
    assert r.verdict == "COUNTEREXAMPLE"
    w = r.witness
    assert len(w.rounds) == 3 and replay(w).ok
    ex = replay(w).execution
    ratio = Fraction(diameter_pow(ex.outputs, 2)) / Fraction(diameter_pow(ex.inputs, 2))
    assert ratio == Fraction(8, 27) ** 2


def test_mda_below_6f_does_not_contract_over_two_rounds():
    r = decide("mda", 5, 1, 4, rounds=2)  # ties=adversary by default
    assert r.verdict == "COUNTEREXAMPLE" and r.scope["ties"] == "adversary"
    rep = replay(r.witness)
    assert rep.ok and len(r.witness.rounds) == 2
    assert diameter_pow(rep.execution.outputs, 2) >= diameter_pow(rep.execution.inputs, 2)


def test_worst_rounds_is_the_power_of_the_one_round_supremum_for_cwtm():
    w = worst_rounds("cwtm", 6, 1, 5, rounds=2)
    assert w.verdict == "PROVED" and w.one_round == Fraction(2, 3)
    assert w.upper == Fraction(4, 9) and w.lower_sq == Fraction(16, 81)
    assert replay(w.witness).ok and len(w.witness.rounds) == 2


def test_search_never_beats_the_proved_supremum_and_replays():
    r = search_rounds("cwtm", 6, 1, d=1, rounds=2, objective="diameter", examples=15)
    assert 0 < r.value_sq <= Fraction(4, 9) ** 2
    rep = replay(r.witness)
    assert rep.ok and len(r.witness.rounds) == 2
    assert measure(rep.execution, "diameter") == r.value_sq


def test_drift_measure_by_hand():
    p = Params(4, 1, 3, 1)
    fn = model_rule("mean")
    x = np.array([[Fraction(0)], [Fraction(0)], [Fraction(3)]], dtype=object)
    rnd = full_delivery(p, lambda j: [[Fraction(6)]], mode="exact")
    ex = execute(fn, p, x, [rnd], mode="exact")
    # every receiver hears its own value, the next honest one and 6: outputs 2, 2, 3; mean moves 7/3 - 1
    m = [Fraction(2), Fraction(2), Fraction(3)]
    assert [v[0] for v in ex.outputs.tolist()] == m
    assert measure(ex, "drift") == (sum(m) / 3 - 1) ** 2 / 9


def test_iterated_bounds():
    assert at(mda.LEMMA12_ITERATED, n=7, f=1, q=6, rounds=3) == sp.Rational(64, 125)
    one = at(mda.THEOREM3_AFTER_T, n=7, f=1, q=6, eps=sp.Rational(1, 9), rounds=1)
    assert sp.simplify(one - at(mda.LEMMA13_ALPHA, n=7, f=1, q=6)) == 0
    lim = sp.limit(at(mda.THEOREM3_AFTER_T, n=7, f=1, q=6, eps=sp.Rational(1, 9)), mda.T, sp.oo)
    assert sp.simplify(lim - at(mda.THEOREM3_C, n=7, f=1, q=6, eps=sp.Rational(1, 9))) == 0


def test_audit_rows_state_the_exact_supremum_and_the_search_ratio():
    from avagree.audit.jobs import job_search_rounds, job_z3_rounds
    from avagree.verdicts import ClaimVerdict

    row = job_z3_rounds("cwtm", 6, 1, 2, "claim", None)
    # Lemma 15 at (6, 1, 5): 1 - eps_tilde = 5/6, so the iterated bound is 25/36; the truth is (2/3)^2
    assert row.verdict == ClaimVerdict.CONFIRMED and row.data["paper"] == "25/36" and row.data["upper"] == "4/9"
    row = job_search_rounds("cwtm", 6, 1, 2, 2, "drift", 6, "claim")
    assert row.verdict == ClaimVerdict.UNKNOWN and 0 < row.data["ratio"] <= 1
