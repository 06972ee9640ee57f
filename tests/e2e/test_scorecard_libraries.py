"""The scorecard on ByzFL and Flower: runs only where they are installed (optional, heavy;
CI does not install them). Issue 28's must-shows: every aggregator present, every cell a
verdict, every VIOLATED witness replaying from its file, the seed of a randomised rule in its
witness, the upstream snippet reproducing the witness through the library's own code."""

import importlib.util
import json

import numpy as np
import pytest

from avagree.cli import main
from avagree.harness.witness import load, replay

VERDICTS = {"HELD", "VIOLATED", "WITHIN TOLERANCE", "NOT EXERCISED", "ERROR"}


def _need(module):
    if importlib.util.find_spec(module) is None or importlib.util.find_spec("torch" if module == "byzfl" else module) is None:
        pytest.skip(f"{module} not installed")


def _run(tmp_path, capsys, *argv):
    code = main(["scorecard", *argv, "--json", "--out", str(tmp_path)])
    doc = json.loads(capsys.readouterr().out)
    assert code in (0, 1)
    return doc["results"]


def _check_rows(rows):
    assert rows and all(r["status"] in VERDICTS and r["status"] == r["verdict"] for r in rows)
    for r in rows:
        if r["status"] == "VIOLATED":
            assert replay(load(r["witness"])).ok, r
        if r["status"] == "ERROR":
            assert r["error"]


def test_byzfl_every_aggregator_a_verdict_and_witnesses_replay(tmp_path, capsys):
    _need("byzfl")
    from avagree.scorecard.byzfl import AGGREGATORS

    rows = _run(tmp_path, capsys, "--library", "byzfl", "--n", "7", "--f", "1")
    assert {f"byzfl:{a}" for a in AGGREGATORS} <= {r["rule"] for r in rows}
    _check_rows(rows)
    assert next(r for r in rows if r["rule"] == "byzfl:Average" and r["spec"] == "contraction")["status"] == "VIOLATED"
    caf = [r for r in rows if r["rule"] == "byzfl:CAF" and r["status"] == "VIOLATED"]
    for r in caf:  # a randomised rule: its seed is in the witness, and the replay reproduces the draw
        w = load(r["witness"])
        assert w.extra["rule_seed"] == 0 and "seed=0" in w.rule and replay(w).ok


def test_flower_functions_a_verdict_each_and_bulyan_refuses_below_4f_plus_3(tmp_path, capsys):
    _need("flwr")
    from avagree.scorecard.flower import FUNCTIONS

    rows = _run(tmp_path, capsys, "--library", "flwr", "--n", "7", "--f", "1")
    assert {f"flwr:{a}" for a in FUNCTIONS} == {r["rule"] for r in rows}
    _check_rows(rows)
    bulyan = [r for r in rows if r["rule"] == "flwr:Bulyan"]
    assert all(r["status"] == "ERROR" and "4 * num_malicious + 3" in r["error"] for r in bulyan)  # q = 6 < 7
    assert bulyan[0]["error_input"]["f"] == 1 and len(bulyan[0]["error_input"]["received"]) == 6
    above = _run(tmp_path, capsys, "--library", "flwr", "--n", "8", "--f", "1",
                 "--spec", "contraction")
    assert next(r for r in above if r["rule"] == "flwr:Bulyan")["status"] in ("HELD", "VIOLATED")


def test_upstream_snippet_reproduces_the_witness_through_the_library(tmp_path):
    _need("byzfl")
    from avagree.scorecard import render, scorecard
    from avagree.scorecard.byzfl import ByzFL

    rule = ByzFL("Average")
    sc = scorecard([rule], 7, 1, d=1, specs=["contraction"], examples=50, save_dir=tmp_path)
    w = sc.cells[0].result.witness
    code = render.snippet(rule, w)
    space = {}
    exec(compile(code, "snippet", "exec"), space)  # noqa: S102 - our own generated snippet
    got = np.asarray(space["outputs"], dtype=float)
    assert np.array_equal(got, np.array(w.outputs, dtype=float))
