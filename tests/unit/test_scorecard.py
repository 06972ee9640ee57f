"""The scorecard on registry rules (fast; no library needed): every cell a verdict from the
fuzz oracle, witnesses replaying from their files, errors with their input and traceback,
tolerances, and the CLI's bad inputs (exit 2, one line)."""

import json
from fractions import Fraction

import numpy as np
import pytest

from avagree.cli import main
from avagree.harness.witness import load, replay
from avagree.scorecard import SCORECARD_SPECS, scorecard
from avagree.scorecard.card import ERROR, HELD, VIOLATED, WITHIN
from avagree.scorecard.preconditions import exact_factor, exact_threshold
from avagree.scorecard.ties import exact_ties
from avagree.schemas import validate


def test_registry_rules_give_a_verdict_per_cell_and_violations_replay(tmp_path):
    sc = scorecard(["cwtm", "mean", "mda"], 7, 1, d=1, examples=60, save_dir=tmp_path)
    assert sc.rules == ["cwtm", "mean", "mda"] and len(sc.cells) == 3 * len(SCORECARD_SPECS)
    assert {c.spec for c in sc.cells} == set(SCORECARD_SPECS)
    assert sc.cell("mean", "contraction").status == VIOLATED  # the mean follows one Byzantine vector
    assert sc.cell("cwtm", "contraction").status == HELD  # n = 6f + 1: CwTM contracts (not a proof here)
    assert sc.cell("mda", "validity").status == VIOLATED  # MDA may average a Byzantine vector in
    for c in sc.cells:
        if c.status == VIOLATED:
            assert c.replay == "OK" and replay(load(c.result.path)).ok
    assert not sc.ok


def test_same_seed_same_table(tmp_path):
    a = scorecard(["cwtm", "krum"], 6, 1, d=1, examples=40, save_dir=tmp_path / "a")
    b = scorecard(["cwtm", "krum"], 6, 1, d=1, examples=40, save_dir=tmp_path / "b")
    assert [(c.status, c.result.best) for c in a.cells] == [(c.status, c.result.best) for c in b.cells]


class Shaky:
    """A rule object that raises on inputs with a repeated vector (a library bug, in miniature)."""

    def __call__(self, received, f):
        if len({tuple(r) for r in np.asarray(received, dtype=float).tolist()}) < len(received):
            raise ZeroDivisionError("repeated vector")
        return np.mean(np.asarray(received, dtype=float), axis=0)


def test_an_error_cell_carries_the_input_and_the_traceback(tmp_path):
    sc = scorecard([Shaky()], 7, 1, d=1, specs=["quasi-unanimity"], examples=30, save_dir=tmp_path)
    cell = sc.cells[0]
    assert cell.status == ERROR and "ZeroDivisionError: repeated vector" in cell.error
    rows = [tuple(r) for r in cell.error_input["received"]]
    assert len(set(rows)) < len(rows) and cell.error_input["f"] == 1
    assert "ZeroDivisionError" in cell.traceback and "def __call__" not in cell.traceback
    assert cell.as_json()["status"] == "ERROR"


class Nudged:
    """Each node keeps its own vector plus 1/1000 in every coordinate: validity breaks by 1/1000
    at the node holding the honest maximum, never by more."""

    def __call__(self, received, f, own):
        return np.asarray(own, dtype=float) + 1e-3


def test_tolerance_turns_a_small_deviation_into_within_tolerance(tmp_path):
    strict = scorecard([Nudged()], 7, 1, d=1, specs=["validity"], examples=30, save_dir=tmp_path)
    assert strict.cells[0].status == VIOLATED
    loose = scorecard([Nudged()], 7, 1, d=1, specs=["validity"], examples=30, tolerance=Fraction(1, 100),
                      save_dir=tmp_path)
    assert loose.cells[0].status == WITHIN and loose.cells[0].first.witness.measured <= Fraction(1, 100)
    tight = scorecard([Nudged()], 7, 1, d=1, specs=["validity"], examples=30, tolerance=Fraction(1, 10**6),
                      save_dir=tmp_path)
    assert tight.cells[0].status == VIOLATED


def test_contraction_tolerance_searches_again_at_the_loosened_bound(tmp_path):
    sc = scorecard(["cwtm"], 5, 1, d=1, specs=["contraction"], examples=100, tolerance=Fraction(1, 2),
                   save_dir=tmp_path)
    c = sc.cells[0]  # n = 4f + 1: Delta_2 can stay equal (factor 1), never above 1.5
    assert c.status == WITHIN and c.first.witness.measured == 1 and c.result.bound == Fraction(3, 2)


def test_exact_ties_found_exactly():
    z = np.array([[Fraction(1, 5)], [Fraction(2, 5)], [Fraction(3, 5)]], dtype=object)
    assert exact_ties(z) == ["equal distances between different pairs"]
    assert exact_ties(np.array([[Fraction(0)], [Fraction(1)], [Fraction(3)]], dtype=object)) == []


def test_reference_thresholds_from_the_closed_forms():
    assert exact_threshold("cwtm", 1) == 6 and exact_threshold("mda", 1) == 7  # 5f + 1 and 6f + 1 (async)
    assert exact_factor("mda", 7, 1) == Fraction(4, 5) and exact_factor("krum", 7, 1) is None


def test_cli_json_rows_and_schema(tmp_path, capsys):
    code = main(["scorecard", "cwtm", "mean", "--n", "7", "--f", "1", "--d", "1", "--examples", "30", "--json",
                 "--out", str(tmp_path)])
    doc = json.loads(capsys.readouterr().out)
    validate(doc, "report")
    assert code == 1 and doc["command"] == "scorecard"
    assert {(r["rule"], r["spec"]) for r in doc["results"]} == {(r, s) for r in ("cwtm", "mean") for s in SCORECARD_SPECS}
    assert all(r["status"] in ("HELD", "VIOLATED", "NOT EXERCISED", "ERROR", "WITHIN TOLERANCE") for r in doc["results"])


@pytest.mark.parametrize("argv, needle", [
    (["scorecard", "--library", "nosuchlib", "--n", "7", "--f", "1"], "library 'nosuchlib': unknown"),
    (["scorecard", "nosuchrule", "--n", "7", "--f", "1"], "nosuchrule"),
    (["scorecard", "cwtm", "--f", "1"], "--n"),
    (["scorecard", "--n", "7", "--f", "1"], "RULE"),
    (["scorecard", "cwtm", "--f", "1", "--preconditions"], "--library"),
])
def test_cli_bad_input_is_exit_2_one_line(argv, needle, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and needle in err[0]


def test_missing_library_names_what_to_pip_install(monkeypatch, capsys):
    import sys

    monkeypatch.setitem(sys.modules, "flwr", None)  # as if not installed
    monkeypatch.setitem(sys.modules, "flwr.server.strategy.aggregate", None)
    assert main(["scorecard", "--library", "flwr", "--n", "7", "--f", "1"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "pip install flwr" in err[0]
