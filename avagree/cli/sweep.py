"""``avagree sweep``: a table of Z3 verdicts over a range of (n, f)
(:func:`avagree.smt.sweep.run_sweep`); exit 1 on any counterexample, else 3 on
any UNKNOWN, else 0."""

from __future__ import annotations

import argparse

from avagree.cli.budget_args import budget_args, size_help
from avagree.cli.common import envelope, emit, epilog, json_arg, out_arg, ties_arg
from avagree.harness.outputs import witness_dir
from avagree.harness.user_rules import resolve_name

EXAMPLES = """  avagree sweep cwtm --f 1..2                      # n = 3f+1..7f+1
  avagree sweep mda --f 1 --n 4f..6f+1 --jobs 2 --json"""


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``sweep`` and its arguments."""
    from avagree.smt.questions import SPECS as SMT_SPECS  # no z3: --help stays light

    sw = sub.add_parser("sweep", help="a table of Z3 verdicts over a range of (n, f)",
                        description="Run check over a range of (n, f); counterexamples are saved on this machine, "
                                    "also when the cases run in worker processes.",
                        epilog=size_help() + epilog(EXAMPLES))
    sw.add_argument("rule", help="a registry rule with a Z3 encoding (icwtm, imda: the iterated cwtm, mda)")
    sw.add_argument("--f", default="1..2", help="range of f, e.g. 1..2 (default)")
    sw.add_argument("--n", default="3f+1..7f+1", help="range of n in terms of f (default 3f+1..7f+1)")
    sw.add_argument("--sync", action="store_true", help="synchronous model (q = n)")
    sw.add_argument("--spec", default="contraction", choices=[s for s in SMT_SPECS if s != "averaging"],
                    help="spec (default contraction, strict at c = 1)")
    budget_args(sw, " per case")
    sw.add_argument("--jobs", type=int, default=1, help="parallel processes (default 1)")
    sw.add_argument("--scheduler", default=None, metavar="ADDRESS", help="run on a Dask distributed cluster (dask extra)")
    out_arg(sw)
    ties_arg(sw)
    json_arg(sw)
    sw.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run the sweep (it prints its own table unless --json) and map the verdicts to the exit code."""
    from avagree.smt.budget import Budget, scope_entries
    from avagree.smt.sweep import parse_range, run_sweep

    from avagree.smt.problem import resolve_ties

    rule = resolve_name(args.rule)
    resolve_ties(rule, args.ties)  # an unknown rule, or one without a Z3 encoding: exit 2 before any case runs
    executor = None
    if args.scheduler:
        from avagree.audit.runner import make_executor  # the same Dask client as `avagree audit --scheduler`

        executor = make_executor(1, args.scheduler)
    try:
        with witness_dir(args.out) as folder:
            rows = run_sweep(rule, parse_range(args.f, "--f"), args.n, sync=args.sync, spec=args.spec,
                             timeout=args.timeout, jobs=args.jobs, out=str(folder), json_out=args.json, ties=args.ties,
                             rlimit=args.rlimit, executor=executor)
    finally:
        if executor is not None:
            executor.shutdown()
    if args.json:
        emit(envelope("sweep", {"rule": rule, "f": args.f, "n": args.n, "model": "sync" if args.sync else "async",
                                "spec": args.spec, "timeout": args.timeout, "ties": args.ties,
                                **scope_entries(Budget(args.rlimit, args.timeout))},  # the budget used, seed, z3
                      results=rows))
    verdicts = {r["verdict"] for r in rows}
    return 1 if "COUNTEREXAMPLE" in verdicts else (3 if "UNKNOWN" in verdicts else 0)
