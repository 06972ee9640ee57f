"""Weights rule strings (lstat:W1,...,Wq) through every command that takes a rule: aggregate, the Z3
engine (check, worst), the search oracle and its pytest fixture, witness files and replay, constants,
and the typed errors on a malformed string or a q other than len(weights)."""

import json
from fractions import Fraction as Fr

import pytest

import avagree
from avagree.algorithms.registry import get_rule, known
from avagree.cli import main
from avagree.errors import ParameterError, RuleError
from avagree.proofs import lstat
from avagree.smt import COUNTEREXAMPLE, PROVED, decide, worst

CWTM5 = "lstat:0,1/3,1/3,1/3,0"


def test_aggregate_exact_and_float():
    z = [[Fr(1)], [Fr(5)], [Fr(2)], [Fr(9)], [Fr(0)]]
    assert avagree.aggregate(CWTM5, z, 1)[0] == Fr(8, 3) == avagree.aggregate("cwtm", z, 1)[0]
    assert avagree.aggregate("lstat:0,0.25,0.5,0.25,0", [[1.0], [5.0], [2.0], [9.0], [0.0]], 1)[0] == 2.5
    out = avagree.aggregate(CWTM5, [[1.0, 2.0], [5.0, 0.0], [2.0, 2.0], [9.0, 1.0], [0.0, 7.0]], 1)
    assert list(out) == pytest.approx([8 / 3, 5 / 3])


def test_canonical_name_and_one_record():
    assert get_rule("lstat:0,0.5,2/4,0").name == "lstat:0,1/2,1/2,0"
    assert get_rule("lstat:0,0.5,2/4,0") is get_rule("lstat:0,1/2,1/2,0")
    assert known(CWTM5) and known("cwtm") and not known("mymod:rule")


@pytest.mark.parametrize("bad, why", [("lstat:0,1/3,1/3", "sum to exactly 1"), ("lstat:1/2,x,1/2", "rationals"),
                                      ("lstat:-1,1,1", "nonnegative"), ("lstat:", "rationals"),
                                      ("lstat:1/2, 1/2", "rationals")])
def test_malformed_strings_are_parameter_errors(bad, why):
    with pytest.raises(ParameterError, match=why):
        get_rule(bad)


def test_defined_only_for_len_weights_values():
    with pytest.raises(ParameterError, match="exactly q = 5"):
        avagree.aggregate(CWTM5, [[1.0], [2.0], [3.0], [4.0]], 1)
    with pytest.raises(ParameterError, match="exactly q = 5"):
        worst(CWTM5, 7, 1, 6)
    with pytest.raises(RuleError, match="lstat:W1"):
        get_rule("nosuchrule")


def test_z3_engine_decides_and_equals_the_count_model():
    inst = lstat.Instance(6, 1, 5)
    for text in (CWTM5, "lstat:0,1/2,0,1/2,0", "lstat:0,1/6,2/3,1/6,0"):
        w = get_rule(text).weights(5, 1)
        for spec in lstat.QUANTITIES:
            res = worst(text, 6, 1, 5, spec=spec, timeout=60)
            assert res.verdict == PROVED and res.value == lstat.evaluate(w, inst, spec), (text, spec)
    assert decide(CWTM5, 6, 1, 5, timeout=60).verdict == PROVED
    assert decide("lstat:0,1/2,1/2,0", 5, 1, 4, timeout=60).verdict == COUNTEREXAMPLE


def test_witness_records_the_rule_string_and_replays(tmp_path):
    res = decide("lstat:0,0.5,0.5,0", 5, 1, 4, save_dir=tmp_path, timeout=60)
    assert res.verdict == COUNTEREXAMPLE and res.witness.rule == "lstat:0,1/2,1/2,0"
    assert json.loads(open(res.path).read())["rule"] == "lstat:0,1/2,1/2,0"
    assert "/" not in res.path.split(str(tmp_path))[1].strip("/")  # a flat file name
    assert avagree.replay(res.path).ok


def test_oracle_and_fixture(avagree_check, tmp_path):
    rep = avagree.check("lstat:1/4,1/4,1/4,1/4,0", n=6, f=1, specs=["validity"], examples=30, save_dir=tmp_path)
    assert not rep.ok and avagree.replay(rep.results[0].path).ok
    avagree_check(CWTM5, n=6, f=1, specs=["contraction"], examples=30)


def test_cli_commands_take_the_rule_string(tmp_path, capsys):
    assert main(["check", CWTM5, "--n", "6", "--f", "1", "--out", str(tmp_path)]) == 0
    capsys.readouterr()
    assert main(["worst", CWTM5, "--n", "6", "--f", "1", "--spec", "averaging", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["params"]["rule"] == CWTM5 and doc["value"] == "2/5"
    assert main(["fuzz", CWTM5, "--n", "6", "--f", "1", "--examples", "20", "--out", str(tmp_path)]) == 0
    capsys.readouterr()
    assert main(["constants", CWTM5, "--n", "6", "--f", "1"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no constants" in err and "contraction factor 2/3, averaging error 2/5" in err
    assert main(["check", "lstat:0,1/3", "--n", "6", "--f", "1"]) == 2
    assert "sum to exactly 1" in capsys.readouterr().err
