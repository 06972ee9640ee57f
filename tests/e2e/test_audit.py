"""`avagree audit --quick`: runs end to end, every row carries its claim's id and
gets the verdict the claims catalogue expects, every REFUTED row about executions
links a committed witness that replays, and the Dask executor path works. The whole
catalogue runs only with ``--full-audit`` (minutes)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from avagree.audit import run_audit
from avagree.audit.claims import by_id, expected_counts, plan, select
from avagree.audit.jobs import run_job
from avagree.counterexamples import DIRECTORY
from avagree.harness.witness import load, replay
from avagree.schemas import validate


@pytest.fixture(scope="module")
def quick_report(tmp_path_factory):
    out = tmp_path_factory.mktemp("audit")
    report = out / "report.json"
    p = subprocess.run([sys.executable, "-m", "avagree", "audit", "--quick", "--report", str(report), "--out", str(out),
                        "--fail-on", "unknown,unexpected", "--format", "github", "--json"], capture_output=True,
                       text=True, timeout=600)
    doc = json.loads(report.read_text())
    assert json.loads(p.stdout) == doc  # --json: stdout is the one report, table and annotations on stderr
    unknown = [r for r in doc["results"] if r["verdict"] == "UNKNOWN"]
    assert p.returncode == (1 if unknown else 0), p.stderr  # --fail-on unknown
    assert p.stderr.count("::error ") == len(unknown)  # one annotation per UNKNOWN row
    assert isinstance(doc["params"]["rlimit"], int) and doc["params"]["z3"]  # the budget actually used
    return {**doc, "rows": doc["results"]}, out, p.stderr


def test_rows_have_the_report_fields(quick_report):
    doc, _, _ = quick_report
    validate(doc, "report")
    assert doc["rows"]
    for row in doc["rows"]:
        assert {"id", "claim", "params", "verdict", "evidence", "seconds"} <= set(row)
        assert row["verdict"] in ("CONFIRMED", "REFUTED", "UNKNOWN")
        assert not row["evidence"].startswith("internal error"), row


def test_refuted_execution_rows_link_committed_witnesses_that_replay(quick_report):
    doc, _, _ = quick_report
    linked = [r for r in doc["rows"] if r["verdict"] == "REFUTED" and r["witness"]]
    assert len(linked) >= 3
    for r in linked:
        path = Path(r["witness"])
        assert path.parent == DIRECTORY, f"{r['claim']}: witness not committed ({path})"
        assert replay(load(path)).ok


def test_the_audit_says_every_verdict_matches_the_catalogue(quick_report):
    doc, _, table = quick_report
    assert doc["matches_expected"] is True and doc["unexpected"] == []
    assert all(r["expected"] == str(by_id(r["id"]).expected) for r in doc["rows"])
    assert f"all {len(doc['rows'])} verdicts match the catalogue's expected ones" in table
    assert doc["params"]["jobs"] >= 1  # default: the cores this process may use


def _assert_rows_match_the_catalogue(rows, quick):
    assert [r["id"] for r in rows] == [c.id for c in select(quick)]
    for r in rows:
        claim = by_id(r["id"])
        assert (r["verdict"], r["claim"]) == (claim.expected, claim.statement), (r["id"], r["evidence"])


def test_quick_rows_get_the_catalogues_verdicts(quick_report):
    doc, out, table = quick_report
    _assert_rows_match_the_catalogue(doc["rows"], quick=True)
    assert doc["counts"] == {str(v): k for v, k in expected_counts(quick=True).items()}
    assert (out / "threshold_cwtm_async.png").stat().st_size > 1000
    assert (out / "diameter_cwtm_n6_f1.png").stat().st_size > 1000
    assert "UNKNOWN" in table  # search rows never claim a pass


@pytest.mark.full_audit
def test_full_audit_gets_the_catalogues_verdicts(tmp_path):
    report = tmp_path / "report.json"
    # the default budget decides every Z3 row (MDA at n = 15, the largest d = 1 case, spends 516M of its 1200M
    # units); the wall-clock limit only has to be out of the way: that case took 433 s at a load average of 12
    assert run_audit(json_path=str(report), out_dir=tmp_path, jobs=2, pictures=False, timeout=3600) == 0
    _assert_rows_match_the_catalogue(json.loads(report.read_text())["rows"], quick=False)


def test_dask_executor_runs_jobs():
    distributed = pytest.importorskip("distributed")
    jobs = [j for j in plan(True, None, 30) if j[0] in ("z3_contracts", "theorem5")][:4]
    with distributed.Client(distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                                                     dashboard_address=None)) as client:
        rows = list(client.get_executor().map(run_job, jobs))
    local = [run_job(j) for j in jobs]
    assert [r.verdict for r in rows] == [r.verdict for r in local]
