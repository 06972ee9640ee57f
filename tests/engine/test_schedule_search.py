"""The search over schedules of the broadcast-based algorithm (issue 15, section 6):
schedules within the model's rules, exact replay, determinism, and the bounds of
Theorem 6 reached but not broken at small (n, f)."""

import json
from fractions import Fraction as F

import numpy as np
import pytest

from avagree.audit.claims import CLAIMS
from avagree.audit.jobs import run_job
from avagree.cli import main
from avagree.errors import InputError, ParameterError
from avagree.sim import schedule_search, schedules
from avagree.sim.schedule_search import save, search, summary
from avagree.sim.schedules import Byzantine, Schedule, measure, replay, run_schedule


def _column(*vals):
    return np.array([[F(v)] for v in vals], dtype=object)


def _split_n4(x):
    """Nodes 0 and 1 hear node 2 late; every report reaches node 2 last; the Byzantine
    node 3 broadcasts 11 and reports {0, 1, 3}."""
    return Schedule(7, [Byzantine(((F(11),),) * 4, (0, 1, 3))], {(2, 0): 1, (2, 1): 1},
                    {(k, 2): 2 for k in range(4)})


def test_split_schedule_gives_the_sets_and_outputs_worked_by_hand():
    x = _column(0, 0, 1)
    r = run_schedule(x, 4, 1, _split_n4(x))
    assert r.collected == [{0, 1, 3}, {0, 1, 3}, {0, 1, 2, 3}]
    # nodes 0, 1: {0, 0, 11} trimmed by one each side -> 0; node 2: {0, 0, 1, 11} -> {0, 1} -> 1/2
    assert r.outputs[:, 0].tolist() == [F(0), F(0), F(1, 2)]
    assert measure(x, r) == (F(1, 2), 3)  # halving exactly, overlap exactly q


def test_equivocation_is_caught_by_reliable_broadcast():
    x = _column(0, 1, 2, 3, 4)
    init = tuple((F(-9),) if dst < 3 else (F(9),) for dst in range(7))
    s = Schedule(3, [Byzantine(init, None), Byzantine(init, (0, 1, 2, 5, 6))], help=False)
    r = run_schedule(x, 7, 2, s)
    for sender in range(7):
        assert len({vals[sender] for vals in r.values if sender in vals}) <= 1
    for j in range(5):
        assert all(r.values[j][k] == (F(k),) for k in range(5) if k in r.values[j])  # honest values unaltered
    assert all(F(0) <= v <= F(4) for v in r.outputs[:, 0])


@pytest.mark.parametrize("bad, match", [
    (lambda s: Schedule(s.seed, s.byzantine * 2), "expected f = 1"),
    (lambda s: Schedule(s.seed, [Byzantine(s.byzantine[0].init, (0, 1))]), "n - f = 3 distinct"),
    (lambda s: Schedule(s.seed, [Byzantine(s.byzantine[0].init, (0, 0, 1))]), "n - f = 3 distinct"),
    (lambda s: Schedule(s.seed, s.byzantine, {(0, 1): -1}), "non-negative"),
    (lambda s: Schedule(s.seed, [Byzantine(((F(1), F(2)),) * 4, None)]), "dimension 1"),
])
def test_schedules_outside_the_model_are_rejected(bad, match):
    x = _column(0, 0, 1)
    with pytest.raises(InputError, match=match):
        run_schedule(x, 4, 1, bad(_split_n4(x)))


def test_search_reaches_theorem6_bounds_without_breaking_them():
    r = search(4, 1, t=2, budget=80, seed=0)
    s = summary(r)
    assert s["executions"] == 80 and len(s["per_iteration_ratio"]) == 2 + 2  # t + ceil(log2 3)
    assert F(s["max_cw_ratio"]) == F(1, 2)  # the halving is attained ...
    assert s["min_common"] == 3  # ... and so is the witnesses' overlap q
    assert s["violated"] == []
    # agreement after N = 4 halvings in d = 1: Delta_2 ratio 2^-4, squared 1/256, below 4^-t = 1/16
    assert F(s["agreement_sq"]) <= F(1, 256)


def test_search_is_deterministic_and_replays(tmp_path):
    a, b = search(4, 1, t=2, budget=40, seed=5, objective="overlap"), search(4, 1, t=2, budget=40, seed=5,
                                                                          objective="overlap")
    pa, pb = save(a, tmp_path / "a"), save(b, tmp_path / "b")
    assert pa.read_text() == pb.read_text()
    doc = json.loads(pa.read_text())
    ok, why = replay(doc)
    assert ok and why.startswith("replayed exactly: 4 iterations"), why
    doc["iterations"][0]["outputs"][0][0] = "5"
    ok, why = replay(doc)
    assert not ok and "iteration 1: outputs differs" in why


def test_bad_search_parameters_are_typed_errors():
    with pytest.raises(ParameterError, match="3f \\+ 1 = 7"):
        search(6, 2)
    with pytest.raises(ParameterError):
        search(4, 1, objective="speed")
    with pytest.raises(ParameterError):
        search(4, 1, t=2, budget=3)  # fewer executions than iterations
    with pytest.raises(InputError):
        replay({"schema": "avagree.witness/1"})


def test_a_stricter_bound_is_broken_saved_and_replayed(tmp_path, monkeypatch):
    """The violation path, end to end: against a per-iteration bound of 1/4 (stricter
    than Theorem 6's 1/2) the search finds a trajectory above it, the audit row is
    REFUTED with the saved file, and that file replays with the same violation."""
    real = schedules.theorem6_bounds
    monkeypatch.setattr(schedules, "theorem6_bounds", lambda n, f, t: {**real(n, f, t), "cw_ratio": F(1, 4)})
    monkeypatch.setattr(schedule_search, "theorem6_bounds", schedules.theorem6_bounds)
    claim = next(c for c in CLAIMS if c.id == "theorem6-search-n4-f1-t2-ratio")
    row = run_job(claim.job(str(tmp_path), None))
    assert row.verdict.name == "REFUTED" and "cw_ratio" in row.evidence
    ok, why = replay(json.loads(open(row.witness).read()))
    assert ok and "violates cw_ratio" in why


def test_cli_search(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["simulate", "broadcast", "--n", "4", "--f", "1", "--search", "--budget", "40", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["verdict"] == "HOLDS" and doc["witness"] is None and doc["min_common"] == 3
    assert not (tmp_path / "avagree-out").exists()  # nothing found, nothing asked: nothing written
    assert main(["simulate", "broadcast", "--n", "4", "--f", "1", "--search", "--budget", "40", "--out", "o"]) == 0
    saved = list((tmp_path / "o").glob("broadcast_search_*.json"))
    assert len(saved) == 1
    capsys.readouterr()
    assert main(["replay", str(saved[0])]) == 0
    assert capsys.readouterr().out.startswith("OK")
    assert main(["simulate", "broadcast", "--n", "4", "--f", "1", "--search", "--byzantine", "witness"]) == 2
    assert "drop --byzantine" in capsys.readouterr().err
