"""``avagree audit``: check every claim of the paper the tool can check (the
claims catalogue, run by :func:`avagree.audit.run_audit`), the main job.

Exit status: 0 by default (an audit that runs is a success, whatever it finds);
``--fail-on refuted,unknown`` makes it 1 when a row has one of those verdicts,
which is what a CI job wants; ``--fail-on unexpected`` when a verdict is not the
claims catalogue's expected one (the report's ``matches_expected`` and
``unexpected``; the table's last line says it either way). ``--jobs`` defaults to
the cores this process may use."""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import tempfile
from pathlib import Path

from avagree.cli.annotate import annotation, print_annotation
from avagree.cli.budget_args import budget_args
from avagree.cli.common import envelope, emit, epilog, format_arg, out_dir_type, out_file_type
from avagree.errors import ParameterError
from avagree.harness.outputs import output_dir

VERDICTS = ("confirmed", "refuted", "unknown")
#: the --fail-on word for "a verdict other than the catalogue's expected one"
UNEXPECTED = "unexpected"
EXAMPLES = """  avagree audit --quick
  avagree audit --quick --json > audit.json              # the report on stdout, the table on stderr
  avagree audit --quick --fail-on unknown --format github   # in CI: annotations, exit 1 on any UNKNOWN
  avagree audit --fail-on unexpected --jobs 1            # exit 1 when a verdict is not the catalogue's expected one"""


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``audit`` and its arguments."""
    a = sub.add_parser("audit", help="check every claim of the paper the tool can check (the main job)",
                       epilog=epilog(EXAMPLES, "0 the audit ran (default), or no row has a --fail-on verdict; "
                                               "1 a row has one; 2 usage error"))
    a.add_argument("--quick", action="store_true", help="a smaller run (under a minute)")
    a.add_argument("--json", action="store_true", help="print the report (JSON envelope) on stdout; the table goes to stderr")
    a.add_argument("--report", metavar="PATH", type=out_file_type("--report"),
                   help="also write the report (the same JSON) to PATH; its folder must exist (checked before the audit runs)")
    a.add_argument("--fail-on", default="", metavar="VERDICTS",
                   help="comma-separated verdicts that make the exit status 1: refuted, unknown, confirmed, and "
                        "unexpected (a verdict other than the claims catalogue's expected one; the report's "
                        "'matches_expected' and 'unexpected' say which). Default none: exit 0 whatever the audit finds")
    a.add_argument("--out", default="avagree-out", type=out_dir_type(), help="folder for witnesses and pictures (default avagree-out)")
    a.add_argument("--jobs", type=int, default=None,
                   help="parallel processes (default: the cores this process may use, os.sched_getaffinity, "
                        "else os.cpu_count(); --jobs 1 runs the claims one after another in this process)")
    a.add_argument("--scheduler", default=None, metavar="ADDRESS", help="run on a Dask distributed cluster (dask extra)")
    budget_args(a, " per Z3 case")
    format_arg(a)
    a.set_defaults(func=run)


def _fail_on(text: str) -> set[str]:
    words = {w.strip().lower() for w in text.split(",") if w.strip()}
    if words - {*VERDICTS, UNEXPECTED}:
        raise ParameterError("--fail-on", text, f"must be a comma-separated subset of {', '.join(VERDICTS)}, "
                                                f"{UNEXPECTED}")
    return {w.upper() for w in words}


def run(args: argparse.Namespace) -> int:
    """Run the audit; print the table (stderr with --json), the report and the annotations; the exit status."""
    from avagree.audit import run_audit  # every engine
    from avagree.audit.runner import available_cores

    fail_on = _fail_on(args.fail_on)
    jobs = available_cores() if args.jobs is None else args.jobs
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "audit.json"
        quiet = args.json or args.format == "plain"
        with contextlib.redirect_stdout(sys.stderr) if quiet else contextlib.nullcontext(), output_dir(args.out):
            code = run_audit(quick=args.quick, json_path=str(raw), out_dir=Path(args.out), jobs=jobs,
                             scheduler=args.scheduler, timeout=args.timeout, rlimit=args.rlimit)
        doc = json.loads(raw.read_text())
    rows = [{**r, "verdict": str(r["verdict"])} for r in doc["rows"]]
    report = envelope("audit", {"quick": args.quick, "timeout": args.timeout, "rlimit": doc["rlimit"], "z3": doc["z3"],
                                "fail_on": sorted(fail_on), "jobs": jobs},
                      results=rows, counts=doc["counts"], matches_expected=not doc["unexpected"],
                      unexpected=doc["unexpected"])
    if args.report:
        Path(args.report).write_text(json.dumps(report, indent=1) + "\n")
        print(f"report: {args.report}", file=sys.stderr if quiet else sys.stdout)
    if args.json:
        emit(report)
    odd = {u["id"] for u in doc["unexpected"]} if UNEXPECTED.upper() in fail_on else set()
    if args.format != "text":
        for r in rows:
            if r["verdict"] in fail_on or r["verdict"] == "REFUTED" or r["id"] in odd:
                level = "error" if r["verdict"] in fail_on or r["id"] in odd else "notice"
                where = (r["witness"], 1) if r.get("witness") else None
                what = f" (expected {r['expected']})" if r["id"] in odd else ""
                print_annotation(args, annotation(args.format, f"avagree audit: {r['verdict']}{what} {r['id']}",
                                                  f"{r['claim']}: {r['evidence']}", where, level))
    return 1 if any(r["verdict"] in fail_on for r in rows) or odd else code
