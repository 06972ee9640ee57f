"""`avagree sweep` and `avagree audit` on a Dask cluster (two local worker
processes, as two machines would run them) give the same rows as on one machine:
the same verdicts, reasons, evidence and witness file names, in the same order;
only the timings differ (and the numbers inside a Z3 witness, which replays all
the same). Small cases: a few seconds of Z3 in all."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from avagree.audit import runner
from avagree.audit.claims import plan
from avagree.harness.witness import load, replay

distributed = pytest.importorskip("distributed")  # the dask extra

#: a sweep with counterexamples and a proof (MDA, f = 1: n = 4, 5, 6 break, n = 7 is proved)
SWEEP = ["sweep", "mda", "--f", "1", "--n", "3f+1..6f+1", "--timeout", "60", "--json"]
#: audit claims of every kind but the slowest: the paper's proof checks, Z3 verdicts, worst cases, specs
AUDIT_KINDS = ("theorem5", "split", "proof_check", "z3_contracts", "z3_worst", "z3_spec")


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as c:
        yield c


#: not compared across machines: timings, and the z3 units spent. Units are compared run against run in
#: tests/engine/test_budget.py (alone and beside busy processes); across Dask workers one CI run saw MDA
#: at n = 5, f = 1 spend 121680 units on a worker against 18151 locally, with the same verdict and witness,
#: which 9 runs since have not reproduced (open, issue 16). Verdicts, values and witnesses must agree.
_NOT_COMPARED = ("seconds", "units")


def _without_timings(doc):
    """The rows without timings and units, witness paths reduced to file names."""
    if isinstance(doc, dict):
        return {k: (Path(v).name if k == "witness" and v else _without_timings(v)) for k, v in doc.items()
                if k not in _NOT_COMPARED}
    if isinstance(doc, list):
        return [_without_timings(v) for v in doc]
    return doc


def _sweep(out: Path, *extra: str) -> list:
    p = subprocess.run([sys.executable, "-m", "avagree", *SWEEP, "--out", str(out), *extra], capture_output=True,
                       text=True, timeout=300)
    assert p.returncode == 1, p.stderr  # 1: some counterexample
    return json.loads(p.stdout)["results"]


def test_sweep_rows_on_the_cluster_equal_the_local_rows(cluster, tmp_path):
    local = _sweep(tmp_path / "local")
    remote = _sweep(tmp_path / "dask", "--scheduler", cluster.scheduler_address)
    assert [r["verdict"] for r in local] == ["COUNTEREXAMPLE"] * 3 + ["PROVED"]
    assert _without_timings(remote) == _without_timings(local)
    # Each run of the engine starts in a fresh z3 context with fixed seeds, so the
    # witnesses are the same files; each one must also replay exactly.
    for row in remote[:3]:
        assert Path(row["witness"]).parent == tmp_path / "dask" and replay(load(row["witness"])).ok


def test_audit_rows_on_the_cluster_equal_the_local_rows(cluster, tmp_path, monkeypatch):
    full = plan

    def some_claims(quick, out, timeout, rlimit=None):
        jobs, seen = [], {}
        for job in full(quick, out, timeout, rlimit):  # the first two claims of each kind
            if job[0] in AUDIT_KINDS and seen.get(job[0], 0) < 2:
                seen[job[0]] = seen.get(job[0], 0) + 1
                jobs.append(job)
        return jobs

    monkeypatch.setattr(runner, "plan", some_claims)
    docs = []
    for name, scheduler in (("local", None), ("dask", cluster.scheduler_address)):
        report = tmp_path / f"{name}.json"
        assert runner.run_audit(quick=True, json_path=str(report), out_dir=tmp_path / name, scheduler=scheduler,
                                pictures=False) == 0
        docs.append(json.loads(report.read_text())["rows"])
    local, remote = docs
    assert len(local) == 2 * len(AUDIT_KINDS) and {r["verdict"] for r in local} >= {"CONFIRMED", "REFUTED"}
    assert _without_timings(remote) == _without_timings(local)


def test_audit_witnesses_travel_back_in_their_rows(tmp_path, monkeypatch):
    """A witness written by a worker is carried in its row and written on the client (issue 17)."""
    from avagree.audit import jobs
    from avagree.verdicts import ClaimVerdict

    def fake(out):  # a job that found a witness in its (worker's) folder
        path = Path(out) / "found.json"
        path.parent.mkdir(parents=True)
        path.write_text('{"a": 1}')
        return jobs.Row("c", {}, ClaimVerdict.REFUTED, "", 0.0, witness=str(path))

    monkeypatch.setitem(jobs.JOBS, "fake", fake)
    row = jobs.run_job(("fake", {"id": "x", "out": str(tmp_path / "w")}))
    assert row.data["_witness_text"] == '{"a": 1}'
    Path(row.witness).unlink()  # as if it had been written on another machine
    runner.land_witness(row)
    assert "_witness_text" not in row.data and Path(row.witness).read_text() == '{"a": 1}'
