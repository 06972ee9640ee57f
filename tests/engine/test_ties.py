"""Tie rules (issue 13): MDA's verdicts under ``first`` (the reference rule) and
``adversary`` (any optimal subset, what the paper allows), witnesses that record
each receiver's choice, and an exact replay that checks the choice."""

import copy
import itertools
import json
import subprocess
import sys
from fractions import Fraction as Fr

import numpy as np
import pytest

import avagree
from avagree import ParameterError
from avagree.algorithms import get_rule
from avagree.algorithms.mda import mda_tie_outputs
from avagree.harness.choices import chosen_output, find_choice
from avagree.model.execution import received
from avagree.harness.witness import from_json, replay
from avagree.smt import COUNTEREXAMPLE, PROVED, decide, worst
from avagree.smt.sweep import run_case


def col(*vals):
    return np.array([[Fr(v)] for v in vals], dtype=object)


def _adversary_counterexample(n, f):
    r = decide("mda", n, f, n - f)
    assert (r.verdict, r.scope["ties"]) == (COUNTEREXAMPLE, "adversary")
    w = r.witness
    assert w.extra["ties"] == "adversary" and len(w.extra["choices"]) == 1 and len(w.extra["choices"][0]) == n - f
    rep = replay(from_json(json.loads(json.dumps(w.to_json()))))  # through the file format
    assert rep.ok and rep.reason.startswith("contraction violated (exact replay)")
    assert w.measured >= 1  # Delta_2(out) >= Delta_2(in): no strict contraction
    return w


def test_mda_at_6f_is_a_counterexample_under_adversary_and_proved_under_first():
    _adversary_counterexample(6, 1)
    r = decide("mda", 6, 1, 5, ties="first")
    assert (r.verdict, r.scope["ties"]) == (PROVED, "first")


def test_mda_at_6f_plus_1_is_proved_under_adversary():
    r = decide("mda", 7, 1, 6)
    assert (r.verdict, r.scope["ties"]) == (PROVED, "adversary")


def test_mda_at_12_2_adversary_vs_first():
    _adversary_counterexample(12, 2)
    assert decide("mda", 12, 2, 10, ties="first", timeout=300).verdict == PROVED


def test_mda_at_13_2_is_proved_under_adversary():
    r = decide("mda", 13, 2, 11, timeout=300)
    assert (r.verdict, r.scope["ties"]) == (PROVED, "adversary")


def test_sync_threshold_under_adversary():
    assert decide("mda", 4, 1, 4, "sync").verdict == COUNTEREXAMPLE
    assert decide("mda", 5, 1, 5, "sync").verdict == PROVED


def test_worst_under_adversary_attains_the_supremum():
    w = worst("mda", 7, 1, 6, ties="adversary")
    assert (w.verdict, w.value, w.attained) == (PROVED, Fr(4, 5), True)
    assert w.as_json()["value"] == "4/5" and w.as_json()["scope"]["ties"] == "adversary"
    assert replay(w.witness).ok and w.witness.measured == Fr(16, 25)


def test_issue_example_ties_are_a_full_diameter_apart():
    # honest 0, 0, 1, 1, 1 (n = 6, f = 1, q = 5); receiver A gets {0, 0, 1, 1} + Byzantine 0, B gets {0, 1, 1, 1} + 2
    a, b = col(0, 0, 1, 1, 0), col(0, 1, 1, 1, 2)
    assert [o[0] for o in mda_tie_outputs(a, 1)] == [Fr(1, 4), Fr(1, 2)]
    assert [o[0] for o in mda_tie_outputs(b, 1)] == [Fr(3, 4), Fr(5, 4)]
    assert chosen_output("mda", a, 1, None, find_choice("mda", a, 1, None, col(Fr(1, 4))[0]))[0] == Fr(1, 4)
    assert chosen_output("mda", b, 1, None, find_choice("mda", b, 1, None, col(Fr(5, 4))[0]))[0] == Fr(5, 4)
    assert avagree.aggregate("mda", b, 1)[0] == Fr(3, 4)  # the reference (first) rule keeps the other tie


def test_a_non_optimal_choice_is_rejected():
    a = col(0, 0, 0, 0, 5)
    with pytest.raises(avagree.WitnessError, match="not optimal: squared diameter 25, the least is 0"):
        chosen_output("mda", a, 1, None, [0, 1, 2, 4])
    with pytest.raises(avagree.WitnessError, match="4 distinct indices"):
        chosen_output("mda", a, 1, None, [0, 0, 1, 4])


def _doc():
    return decide("mda", 6, 1, 5).witness.to_json()


def test_replay_fails_on_a_tampered_choice():
    doc = _doc()
    assert replay(from_json(doc)).ok
    w = from_json(doc)
    tampered = {"not optimal": 0, "other output": 0}
    for j, dlv in enumerate(w.rounds[0].deliveries):
        z = received(w.honest, dlv)
        for alt in itertools.combinations(range(doc["q"]), doc["q"] - doc["f"]):
            bad = copy.deepcopy(doc)
            bad["choices"][0][j] = list(alt)
            try:
                out = chosen_output("mda", z, doc["f"], None, list(alt))
            except avagree.WitnessError:
                r = replay(from_json(bad))
                assert not r.ok and f"choices[0][{j}]" in r.reason and "not optimal" in r.reason
                tampered["not optimal"] += 1
                continue
            if not np.array_equal(out, w.outputs[j]):  # optimal, but not the recorded output
                r = replay(from_json(bad))
                assert not r.ok and ("outputs differ" in r.reason or "holds on the replayed" in r.reason)
                tampered["other output"] += 1
    assert tampered["not optimal"] > 0 and tampered["other output"] > 0
    bad = copy.deepcopy(doc)
    bad["choices"][0][0] = [0, 1]
    r = replay(from_json(bad))
    assert not r.ok and "choices[0][0]" in r.reason


def test_choices_belong_to_the_adversary_tie_rule():
    doc = _doc()
    doc["ties"] = "first"
    r = replay(from_json(doc))
    assert not r.ok and "ties='adversary'" in r.reason
    doc = _doc()
    doc["choices"] = doc["choices"] * 2
    r = replay(from_json(doc))
    assert not r.ok and "one list per round" in r.reason


def test_tie_rules_on_the_records():
    assert get_rule("mda").ties == ("first", "average", "adversary")
    assert get_rule("mda").default_ties == "adversary"
    assert get_rule("median").resolve_ties(None) == "none" == get_rule("median").resolve_ties("adversary")
    assert get_rule("cva").resolve_ties(None) == "adversary" == get_rule("krum").resolve_ties(None)
    with pytest.raises(ParameterError, match="ties='first'.*mda-avg implements ties=average only"):
        get_rule("mda-avg").resolve_ties("first")
    with pytest.raises(ParameterError, match="ties='bogus'"):
        get_rule("mda").resolve_ties("bogus")
    assert get_rule("krum").ties == ("first", "average", "adversary") == get_rule("cva").ties
    with pytest.raises(ParameterError, match="worst maximises with z3's optimiser"):
        worst("multi-krum", 7, 1, 6, ties="average")  # quadratic scores: decide only (Krum at f <= 1 has 1)
    assert decide("median", 7, 1, 6).scope["ties"] == "none"


def test_oracle_and_sweep_carry_the_tie_rule():
    rep = avagree.check("mda", 7, 1, ties="average", examples=5, d=1, specs=["contraction"])
    assert (rep.rule, rep.ties, rep.as_json()["params"]["ties"]) == ("mda", "average", "average")
    assert avagree.check("mda", 7, 1, examples=5, d=1, specs=["contraction"]).ties == "adversary"
    row = run_case({"rule": "mda", "n": 6, "f": 1, "q": 5, "model": "async"}, "contraction", 30, None, "first")
    assert (row["verdict"], row["ties"]) == (PROVED, "first")


def test_cli_check_default_ties(tmp_path):
    p = subprocess.run([sys.executable, "-m", "avagree", "check", "mda", "--n", "6", "--f", "1", "--json", "--out",
                        str(tmp_path)], capture_output=True, text=True, timeout=300)
    assert p.returncode == 1
    doc = json.loads(p.stdout)
    assert doc["verdict"] == "COUNTEREXAMPLE" and doc["params"]["ties"] == "adversary"
    p = subprocess.run([sys.executable, "-m", "avagree", "replay", doc["witness"]], capture_output=True, text=True,
                       timeout=300)
    assert p.returncode == 0 and p.stdout.startswith("OK")
    p = subprocess.run([sys.executable, "-m", "avagree", "check", "mda", "--n", "6", "--f", "1", "--ties", "first",
                        "--out", str(tmp_path)], capture_output=True, text=True, timeout=300)
    assert p.returncode == 0 and "ties=first" in p.stdout


def test_cva_and_krum_choices_among_equal_distances_and_scores():
    # CVA, own 0, f = 2: received -1, 1, 1, 3 keep 2 of the three at distance 1
    z, own = col(-1, 1, 1, 3), col(0)[0]
    assert get_rule("cva").chooser.options(z, 2, own) == [[0, 1], [0, 2], [1, 2]]
    assert avagree.aggregate("cva", z, 2, own=own)[0] == 0  # the reference keeps -1 and the first 1
    assert chosen_output("cva", z, 2, own, find_choice("cva", z, 2, own, col(1)[0]))[0] == 1  # the adversary's pick
    with pytest.raises(avagree.WitnessError, match="not optimal: vector 1 is left out with score 1 below a kept one's 9"):
        chosen_output("cva", z, 2, own, [0, 3])
    # Krum, f = 1, q = 5 (m = 2 neighbours): -1, 0 and 1 all score 2, -2 and 2 score 5
    z = col(-2, -1, 1, 2, 0)
    assert [int(s) for s in get_rule("krum").chooser.options(z, 1, None) for s in s] == [1, 2, 4]
    assert find_choice("krum", z, 1, None, col(1)[0]) == [2]
    with pytest.raises(avagree.WitnessError, match="not optimal"):
        chosen_output("krum", z, 1, None, [0])
    assert get_rule("multi-krum").chooser.options(z, 1, None) == [[0, 1, 2, 4], [1, 2, 3, 4]]


def test_cva_adversary_encoding_is_the_reference_or_a_tie():
    # under adversary Z3 may pick among equally close values, never a farther one
    r = decide("cva", 8, 1, 7, spec="quasi-unanimity-own", ties="adversary")
    assert r.verdict == PROVED and r.scope["ties"] == "adversary"
    r = decide("cva", 5, 1, 4, ties="adversary")
    assert r.verdict == COUNTEREXAMPLE and replay(r.witness).ok and r.witness.extra["ties"] == "adversary"


def test_mda_under_average_contracts_at_6f_like_first():
    # averaging over every optimal subset contracts where the adversary's choice does not (d = 1, f = 1)
    r = decide("mda", 6, 1, 5, ties="average")
    assert (r.verdict, r.scope["ties"]) == (PROVED, "average")
    assert decide("mda", 4, 1, 4, "sync", ties="average").verdict == PROVED
    assert decide("mda", 4, 1, 4, "sync", ties="adversary").verdict == COUNTEREXAMPLE
    assert decide("mda-avg", 6, 1, 5).scope["ties"] == "average"


def test_worst_under_average_at_6f_is_one_not_attained():
    # strict contraction in every execution, with factors arbitrarily close to 1 (as under first)
    w = worst("mda", 6, 1, 5, ties="average")
    assert (w.verdict, w.value, w.attained, w.scope["ties"]) == (PROVED, 1, False, "average")


@pytest.mark.parametrize("rule", ["mda", "cva"])
def test_average_witness_replays_averaged(rule):
    r = decide(rule, 5, 1, 4, ties="average")
    assert r.verdict == COUNTEREXAMPLE and "averaged over every optimal choice" in r.reason
    doc = r.witness.to_json()
    assert doc["ties"] == "average" and doc["schema"] == "avagree.witness/1" and "choices" not in doc
    assert replay(from_json(json.loads(json.dumps(doc)))).ok
    ex = replay(from_json(doc)).execution
    info, differs = get_rule(rule), False
    for j, dlv in enumerate(ex.rounds[0].deliveries):  # each output is the mean over the optimal subsets
        z = received(ex.inputs, dlv)
        assert list(info.chooser.enumerated_average(z, 1, ex.inputs[j])) == list(ex.outputs[j])
        differs |= list(info.fn(z, 1, ex.inputs[j])) != list(ex.outputs[j])
    if differs:  # the reference's choice gives other outputs: read as ties=first the file does not replay
        assert not replay(from_json({**doc, "ties": "first"})).ok
    with pytest.raises(avagree.WitnessError, match="field 'ties' = 'bogus' must be one of first, average"):
        from_json({**doc, "ties": "bogus"})


def test_plane_lifts_an_average_counterexample():
    r = decide("mda", 5, 1, 4, d=2, ties="average")
    assert (r.verdict, r.scope["ties"], r.scope["d"]) == (COUNTEREXAMPLE, "average", 2)
    assert r.witness.extra["ties"] == "average" and r.witness.params.d == 2 and replay(r.witness).ok
