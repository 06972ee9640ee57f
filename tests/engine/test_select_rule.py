"""Reduce-and-select through every command that takes a rule: ``select:k=K`` (the step given) and plain
``select`` (the derived step n - q + f where the engine knows n, max(1, 2f) without it): aggregate, the Z3
engine (check, worst), the search oracle and its pytest fixture, witness files and replay, constants."""

import json
from fractions import Fraction as Fr

import pytest

import avagree
from avagree.cli import main
from avagree.errors import ParameterError
from avagree.smt import COUNTEREXAMPLE, PROVED, decide, worst


def test_aggregate_with_and_without_the_step():
    z = [[Fr(v)] for v in (4, 0, 9, 1, 7, 3, 5)]  # sorted 0 1 3 4 5 7 9, f = 1: positions 2..6 = 1 3 4 5 7
    assert avagree.aggregate("select:k=2", z, 1)[0] == Fr(1 + 4 + 7, 3)
    assert avagree.aggregate("select", z, 1)[0] == Fr(1 + 4 + 7, 3)  # without n: step 2f = 2
    assert avagree.aggregate("select:k=1", z, 1)[0] == avagree.aggregate("cwtm", z, 1)[0]
    with pytest.raises(ParameterError, match="select:k=K"):
        avagree.aggregate("select:k=-1", z, 1)


def test_z3_engine_takes_the_derived_step_and_records_it(tmp_path):
    res = worst("select", 13, 2, 13, "sync", timeout=60)  # derived step f = 2: 1/c(n - 2f, f) = 1/5
    assert res.verdict == PROVED and res.value == Fr(1, 5) and res.scope["rule"] == "select:k=2"
    assert worst("select:k=4", 13, 2, 13, "sync", timeout=60).value == Fr(1, 3)  # another rule: step 4
    bad = decide("select", 5, 1, 4, save_dir=tmp_path, timeout=60)  # k = 2, one value selected: no contraction
    assert bad.verdict == COUNTEREXAMPLE and bad.witness.rule == "select:k=2"
    assert json.loads(open(bad.path).read())["rule"] == "select:k=2" and avagree.replay(bad.path).ok


def test_oracle_and_fixture(avagree_check, tmp_path):
    rep = avagree.check("select", n=5, f=1, specs=["contraction"], examples=200, save_dir=tmp_path)
    assert not rep.ok and rep.results[0].witness.rule == "select:k=2" and avagree.replay(rep.results[0].path).ok
    avagree_check("select", n=13, f=2, specs=["contraction"], examples=30)
    avagree_check("select:k=3", n=13, f=2, specs=["contraction"], examples=30)


def test_cli_commands_take_select(tmp_path, capsys):
    assert main(["check", "select", "--n", "7", "--f", "1", "--out", str(tmp_path)]) == 0
    capsys.readouterr()
    assert main(["worst", "select:k=2", "--n", "7", "--f", "1", "--spec", "averaging", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["value"] == "1/2"
    assert main(["fuzz", "select", "--n", "7", "--f", "1", "--examples", "20", "--out", str(tmp_path)]) == 0
    capsys.readouterr()
    assert main(["constants", "select", "--n", "13", "--f", "2", "--sync"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "select:k=2" in err and "contraction factor 1/5, averaging error 2/11" in err
    assert main(["formula", "select", "--spec", "contraction", "--sync", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["results"][0]["proof"] == "parameterised" and doc["results"][0]["verdict"] == "PROVED"
    assert main(["formula", "select:k=3"]) == 2
