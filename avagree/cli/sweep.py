"""``avagree sweep``: a table of Z3 verdicts over a range of (n, f)
(:func:`avagree.smt.sweep.run_sweep`); exit 1 on any counterexample, else 3 on
any UNKNOWN, else 0."""

from __future__ import annotations

import argparse

from avagree.cli.common import ties_arg


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``sweep`` and its arguments."""
    from avagree.smt.engine import SPECS as SMT_SPECS  # loads z3

    sw = sub.add_parser("sweep", help="a table of Z3 verdicts over a range of (n, f)")
    sw.add_argument("rule")
    sw.add_argument("--f", default="1..2", help="range of f, e.g. 1..2")
    sw.add_argument("--n", default="3f+1..7f+1", help="range of n in terms of f, e.g. 3f+1..7f+1")
    sw.add_argument("--sync", action="store_true")
    sw.add_argument("--spec", default="contraction", choices=[s for s in SMT_SPECS if s != "averaging"])
    sw.add_argument("--timeout", type=float, default=60.0)
    sw.add_argument("--jobs", type=int, default=1)
    sw.add_argument("--scheduler", default=None, metavar="ADDRESS", help="run on a Dask distributed cluster (dask extra)")
    sw.add_argument("--out", default=None, help="folder for witnesses found")
    ties_arg(sw)
    sw.add_argument("--json", action="store_true")
    sw.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run the sweep (it prints its own table) and map the verdicts to the exit code."""
    from avagree.smt.sweep import parse_range, run_sweep

    executor = None
    if args.scheduler:
        from avagree.audit.runner import make_executor  # the same Dask client as `avagree audit --scheduler`

        executor = make_executor(1, args.scheduler)
    try:
        rows = run_sweep(args.rule, parse_range(args.f, "--f"), args.n, sync=args.sync, spec=args.spec,
                         timeout=args.timeout, jobs=args.jobs, out=args.out, json_out=args.json, ties=args.ties,
                         executor=executor)
    finally:
        if executor is not None:
            executor.shutdown()
    return 1 if any(r["verdict"] == "COUNTEREXAMPLE" for r in rows) else (3 if any(r["verdict"] == "UNKNOWN" for r in rows) else 0)
