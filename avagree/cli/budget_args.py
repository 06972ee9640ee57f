"""``--rlimit`` and ``--timeout``, shared by the subcommands that run Z3 (check, worst,
sweep, audit): the deterministic budget that decides the verdict, and the wall-clock
outer limit (issue 18; :mod:`avagree.smt.budget`)."""

from __future__ import annotations

import argparse


def budget_args(p: argparse.ArgumentParser, per: str = "") -> None:
    """Add --rlimit and --timeout (``per``: e.g. " per case", for commands that run many questions)."""
    from avagree.smt.limits import DEFAULT_RLIMIT, DEFAULT_TIMEOUT  # no z3: --help stays light

    p.add_argument("--rlimit", type=int, default=None, metavar="UNITS",
                   help=f"deterministic budget{per} in z3 resource units (default {DEFAULT_RLIMIT}); the same budget "
                        "gives the same verdict on any machine load (docs/z3.md, Budgets)")
    p.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT,
                   help=f"wall-clock outer limit{per}, seconds (default {DEFAULT_TIMEOUT:g}); reaching it is UNKNOWN")


def size_help() -> str:
    """The Z3 engine's size limits (issue 26), for the --help of the subcommands that run it (no z3 loaded)."""
    from avagree.smt.limits import SIZE_HELP

    return SIZE_HELP + "\n\n"
