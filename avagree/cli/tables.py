"""``avagree tables``: regenerate a docs table (constants, z3, oracle or
broadcast; :func:`avagree.audit.tables.write_table`)."""

from __future__ import annotations

import argparse
import sys

from avagree.cli.common import epilog


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``tables`` and its arguments."""
    tb = sub.add_parser("tables", help="regenerate a docs table: constants | z3 | oracle | broadcast | cva",
                        epilog=epilog("  avagree tables constants --out docs/constants_table.md\n"
                                      "  avagree tables z3            # decided by the default z3 budget; minutes",
                                      "0 the table was written; 2 usage error"))
    tb.add_argument("name", choices=["constants", "z3", "oracle", "broadcast", "cva"],
                    help="which table: constants (docs/constants_table.md), z3 (docs/z3_table.md), oracle, broadcast, cva")
    tb.add_argument("--out", default=None, help="write to this file (default stdout)")
    tb.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Write the table to --out or stdout; exit 0."""
    from avagree.audit.tables import write_table  # runs the engines behind each table

    if args.out:
        with open(args.out, "w") as fh:
            write_table(args.name, fh)
    else:
        write_table(args.name, sys.stdout)
    return 0
