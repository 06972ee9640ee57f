"""Run the audit's jobs on any ``concurrent.futures`` executor, print the table,
write the JSON report and the pictures; and regenerate the Z3 witnesses of the
audit's claims (``avagree witnesses --z3``)."""

from __future__ import annotations

import json
import os
import sys
import time
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import asdict
from pathlib import Path
from typing import Iterator, TextIO

from tqdm import tqdm

from avagree.audit.claims import by_id, plan
from avagree.audit.jobs import CONFIRMED, REFUTED, UNKNOWN, Row, run_job
from avagree.audit.plots import diameter_curves, front_pictures, threshold_maps
from avagree.errors import AvagreeError
from avagree.model.execution import check_int, default_q
from avagree.smt import decide
from avagree.smt.budget import Budget, z3_version
from avagree.smt.limits import DEFAULT_TIMEOUT


def _print_row(r: Row, file: TextIO | None = None) -> None:
    file = file or sys.stdout  # looked up now, so that a redirected stdout (audit --json) is honoured
    params = ", ".join(f"{k}={v}" for k, v in r.params.items())
    print(f"{r.verdict:<9} {r.seconds:6.2f}s  {r.claim}  [{params}]", file=file)
    print(f"{'':18}{r.evidence}", file=file)
    if r.witness:
        print(f"{'':18}witness: {r.witness}", file=file)


def available_cores() -> int:
    """The cores this process may run on (its CPU affinity where the system tells, else ``os.cpu_count()``,
    at least 1): ``avagree audit``'s default ``--jobs``."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # not Linux
        return max(1, os.cpu_count() or 1)


def unexpected_rows(rows: list[Row]) -> list[dict[str, str]]:
    """The rows whose verdict is not the catalogue's expected one (:data:`avagree.audit.claims.CLAIMS`):
    ``{"id", "expected", "verdict"}`` each; empty when every verdict matches."""
    out = []
    for r in rows:
        expected = by_id(r.id).expected
        if r.verdict != expected:
            out.append({"id": r.id, "expected": str(expected), "verdict": str(r.verdict)})
    return out


def match_line(rows: list[Row], unexpected: list[dict[str, str]]) -> str:
    """One line: does every verdict match the catalogue's expected one, and which do not."""
    if not unexpected:
        return f"all {len(rows)} verdicts match the catalogue's expected ones"
    return (f"{len(unexpected)} of {len(rows)} verdicts differ from the catalogue's expected ones: "
            + "; ".join(f"{u['id']} {u['verdict']} (expected {u['expected']})" for u in unexpected))


def make_executor(jobs: int, scheduler: str | None) -> Executor | None:
    """A Dask executor on ``scheduler``, else a process pool of ``jobs`` workers, else None (run inline)."""
    if scheduler:
        try:
            from dask.distributed import Client  # dask is an optional extra
        except ImportError:
            raise AvagreeError("--scheduler needs the dask extra: pip install 'avagree[dask]'") from None
        return Client(scheduler).get_executor()
    return ProcessPoolExecutor(max_workers=jobs) if jobs > 1 else None


def land_witness(row: Row) -> None:
    """Write the witness a row carries back from its worker (:func:`run_job`) at its path on this machine."""
    text = row.data.pop("_witness_text", None)
    if text is not None and row.witness:
        path = Path(row.witness)
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.is_file() or path.read_text() != text:
            path.write_text(text)


def run_audit(quick: bool = False, json_path: str | None = None, out_dir: Path = Path("avagree-out"), jobs: int = 1,
              scheduler: str | None = None, timeout: float | None = DEFAULT_TIMEOUT, executor: Executor | None = None,
              pictures: bool = True, rlimit: int | None = None) -> int:
    """Check every claim of the catalogue (``quick``: the quick subset), print one row per
    claim, the counts and whether every verdict is the catalogue's expected one, draw the pictures,
    write the JSON report (each row with its ``expected`` verdict, and the ``unexpected`` ones); return
    the exit code.
    Each Z3 case gets the deterministic budget ``rlimit`` (z3 units, times its claim's
    scale), so the verdicts do not depend on ``jobs`` or the machine's load; ``timeout``
    is each case's wall-clock outer limit."""
    check_int("jobs", jobs, minimum=1)
    budget = Budget(rlimit, timeout)  # validates both
    out_dir = Path(out_dir)
    todo = plan(quick, str(out_dir / "witnesses"), timeout, budget.total)
    t0 = time.perf_counter()
    print(f"avagree audit{' --quick' if quick else ''}: {len(todo)} claims; Z3 budget {budget.total} units per case "
          f"(z3 {z3_version()}), wall-clock limit {'none' if timeout is None else f'{timeout:g} s'} per case; "
          f"{'the given executor' if executor is not None else scheduler or f'{jobs} process' + 'es' * (jobs > 1)}",
          flush=True)
    own = executor is None
    ex = executor if executor is not None else make_executor(jobs, scheduler)
    rows: list[Row] = []
    bar = tqdm(total=len(todo), file=sys.stderr, disable=None, leave=False, desc="audit")
    try:
        results = map(run_job, todo) if ex is None else ex.map(run_job, todo)
        for row in results:
            land_witness(row)
            rows.append(row)
            bar.update()
            _print_row(row)
            sys.stdout.flush()
    finally:
        bar.close()
        if own and ex is not None and hasattr(ex, "shutdown"):
            ex.shutdown()
    counts = {v: sum(r.verdict == v for r in rows) for v in (CONFIRMED, REFUTED, UNKNOWN)}
    print(f"\n{len(rows)} claims in {time.perf_counter() - t0:.1f}s: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
    unexpected = unexpected_rows(rows)
    print(match_line(rows, unexpected))
    if pictures:
        for path in [*threshold_maps(rows, out_dir), *diameter_curves(out_dir), *front_pictures(out_dir)]:
            print(f"picture: {path}")
    if json_path:
        Path(json_path).parent.mkdir(parents=True, exist_ok=True)
        doc = {"rows": [{**asdict(r), "expected": str(by_id(r.id).expected)} for r in rows], "counts": counts,
               "quick": quick, "rlimit": budget.total, "z3": z3_version(), "unexpected": unexpected,
               "jobs": jobs}
        Path(json_path).write_text(json.dumps(doc, indent=1, default=str) + "\n")
    return 0


def z3_witnesses(out: str, timeout: float | None = DEFAULT_TIMEOUT, rlimit: int | None = None) -> Iterator[str]:
    """Run every Z3 case of the full audit and save the counterexamples it finds
    (each replayed exactly before it is written), each within the audit's budget."""
    for kind, kw in plan(False, out, timeout, rlimit):
        if kind not in ("z3_contracts", "z3_spec"):
            continue
        q = default_q(kw["n"], kw["f"], kw["model"])
        r = decide(kw["rule"], kw["n"], kw["f"], q, kw["model"], spec=kw.get("spec", "contraction"),
                   timeout=kw["timeout"], save_dir=out, ties=kw.get("ties"), rlimit=kw["rlimit"])
        if r.path:
            yield r.path
