"""``avagree audit``: check every claim of the paper the tool can check (the
claims catalogue, run by :func:`avagree.audit.run_audit`), the main job."""

from __future__ import annotations

import argparse
from pathlib import Path

from avagree.cli.budget_args import budget_args


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``audit`` and its arguments."""
    a = sub.add_parser("audit", help="check every claim of the paper the tool can check (the main job)")
    a.add_argument("--quick", action="store_true", help="a smaller run (under a minute)")
    a.add_argument("--json", metavar="PATH", help="write the report as JSON")
    a.add_argument("--out", default="avagree-out", help="folder for witnesses and pictures (default avagree-out)")
    a.add_argument("--jobs", type=int, default=1, help="parallel processes")
    a.add_argument("--scheduler", default=None, metavar="ADDRESS", help="run on a Dask distributed cluster (dask extra)")
    budget_args(a, " per Z3 case")
    a.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run the audit; its exit code is the audit's."""
    from avagree.audit import run_audit  # every engine

    return run_audit(quick=args.quick, json_path=args.json, out_dir=Path(args.out), jobs=args.jobs,
                     scheduler=args.scheduler, timeout=args.timeout, rlimit=args.rlimit)
