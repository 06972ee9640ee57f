"""Witness files: every committed witness replays exactly; corrupt files get clear errors."""

import json

import pytest

from avagree import WitnessError
from avagree.counterexamples import paths
from avagree.adversaries.witnesses import all_paper_witnesses
from avagree.harness.witness import from_json, load, replay

COMMITTED = paths()


def test_there_are_committed_witnesses():
    assert len(COMMITTED) >= 9


@pytest.mark.parametrize("path", COMMITTED, ids=lambda p: p.name)
def test_committed_witness_replays(path):
    w = load(path)
    r = replay(w)
    assert r.ok, r.reason


def test_committed_witnesses_are_regenerated_identically(tmp_path):
    for name, w in all_paper_witnesses():
        committed = json.loads(next(p for p in COMMITTED if p.name == name).read_text())
        assert committed == w.to_json(), name


def _doc():
    return json.loads(next(p for p in COMMITTED if p.name.startswith("split_cwtm_f1")).read_text())


@pytest.mark.parametrize("mutate, match", [
    (lambda d: d.pop("honest"), "missing field 'honest'"),
    (lambda d: d.update(schema="other/2"), "schema"),
    (lambda d: d.update(n="5"), "'n' must be an integer"),
    (lambda d: d.update(f=5), "f=5"),
    (lambda d: d["honest"][0].__setitem__(0, "x/y"), "not a rational"),
    (lambda d: d["honest"].pop(), "honest"),
    (lambda d: d["rounds"][0]["deliveries"][0].append(0), "duplicate"),
    (lambda d: d["rounds"][0]["deliveries"][0].remove(0), "own vector|q = 4"),
    (lambda d: d["rounds"][0]["byzantine"][0].append(["3"]), "at most f|q = 4"),
    (lambda d: d.update(seconds=-1), "seconds"),
    (lambda d: d.update(rounds=[]), "non-empty"),
])
def test_corrupt_witness_rejected(mutate, match):
    doc = _doc()
    mutate(doc)
    with pytest.raises(WitnessError, match=match):
        from_json(doc)


def test_tampered_outputs_do_not_replay():
    doc = _doc()
    doc["outputs"][0] = ["1/2"]
    r = replay(from_json(doc))
    assert not r.ok and "outputs differ" in r.reason


def test_non_violation_does_not_replay():
    doc = _doc()
    doc["bound"] = "2"  # measured 1 < 2: contraction with factor sqrt(2) holds
    r = replay(from_json(doc))
    assert not r.ok and "holds" in r.reason


def test_unreadable_files(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(WitnessError, match="not valid JSON"):
        load(bad)
    with pytest.raises(WitnessError, match="cannot read"):
        load(tmp_path / "missing.json")


def test_a_witness_records_no_timing_and_older_files_with_one_still_load(tmp_path):
    """Same seed and budget, same file: the time a search took is in its report, not in the witness;
    files written before that carry a ``seconds`` field, which is still read (and checked)."""
    doc = _doc()
    assert "seconds" not in doc
    old = tmp_path / "old.json"
    old.write_text(json.dumps({**doc, "seconds": 1.5}))
    w = load(old)
    assert w.seconds == 1.5 and "seconds" not in w.to_json() and replay(w).ok
