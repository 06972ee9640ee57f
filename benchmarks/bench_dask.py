"""Wall time of a Z3 sweep and of the quick audit on a local Dask cluster with 1
and with 2 worker processes (one thread each), beside the same work run inline in
this process, all in the same run; the rows of every run are checked equal to the
inline rows (timings and the numbers inside Z3 witnesses aside, as in
tests/e2e/test_dask.py).

    python benchmarks/bench_dask.py [--json] [--repeat R] [--workers 1,2]

Cluster start-up is not timed (the cluster is started once per worker count and
warmed with one small job); R runs per configuration, the median is reported.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from distributed import Client, LocalCluster

from avagree.audit.runner import run_audit
from avagree.smt.sweep import run_sweep

#: the sweep (asynchronous): many cases of a few seconds at most, none far above the others
#: (MDA at n = 13, f = 2 alone takes longer than the rest, and near its time-out on a loaded machine)
SWEEP = [("mda", [1], "3f+1..12f+1"), ("mda", [2], "3f+1..11"), ("cwtm", [1, 2, 3], "3f+1..7f+1")]


def _rows_key(rows: list) -> list:
    return [{k: v for k, v in r.items() if k not in ("seconds", "witness", "details", "data")} for r in rows]


def _differences(rows: list, ref: list) -> list:
    return [(a, b) for a, b in zip(_rows_key(rows), _rows_key(ref)) if a != b]


@contextlib.contextmanager
def _quiet():
    """Standard output to /dev/null at the descriptor level (the audit's printer holds sys.stdout)."""
    sys.stdout.flush()
    saved = os.dup(1)
    with open(os.devnull, "w") as null:
        os.dup2(null.fileno(), 1)
        try:
            yield
        finally:
            sys.stdout.flush()
            os.dup2(saved, 1)
            os.close(saved)


def _sweep(executor) -> list:
    rows = []
    with _quiet():
        for rule, fs, n in SWEEP:
            rows += run_sweep(rule, fs, n, timeout=120, json_out=True, executor=executor)
    return rows


def _audit(executor) -> list:
    with tempfile.TemporaryDirectory() as tmp, _quiet():
        report = Path(tmp) / "report.json"
        run_audit(quick=True, json_path=str(report), out_dir=Path(tmp), executor=executor, pictures=False,
                  timeout=120)
        return json.loads(report.read_text())["rows"]


def _timed(fn, executor, repeat: int) -> tuple[float, list]:
    times, rows = [], []
    for _ in range(repeat):
        t0 = time.perf_counter()
        rows = fn(executor)
        times.append(time.perf_counter() - t0)
    return statistics.median(times), rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--workers", default="1,2")
    args = ap.parse_args()
    results = []
    for name, fn in (("sweep", _sweep), ("audit --quick", _audit)):
        inline, ref = _timed(fn, None, args.repeat)
        row = {"work": name, "rows": len(ref), "inline_seconds": inline}
        for w in (int(x) for x in args.workers.split(",")):
            with LocalCluster(n_workers=w, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
                    Client(cluster) as client:
                client.get_executor().submit(sum, [1]).result()  # workers up
                secs, rows = _timed(fn, client.get_executor(), args.repeat)
            row[f"workers_{w}_seconds"] = secs
            row[f"workers_{w}_rows_equal"] = _rows_key(rows) == _rows_key(ref)
            row[f"workers_{w}_differences"] = _differences(rows, ref)
        results.append(row)
        if not args.json:
            print(row, flush=True)
    if args.json:
        print(json.dumps({"cpus": os.cpu_count(), "load": os.getloadavg(), "python": sys.version.split()[0],
                          "rows": results}, indent=1))


if __name__ == "__main__":
    main()
