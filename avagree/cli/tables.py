"""``avagree tables``: regenerate a docs table (constants, z3, oracle or
broadcast; :func:`avagree.audit.tables.write_table`)."""

from __future__ import annotations

import argparse
import sys

from avagree.cli.common import epilog


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``tables`` and its arguments."""
    tb = sub.add_parser("tables", help="regenerate a docs table: constants | z3 | oracle | broadcast | cva | rules | learn",
                        epilog=epilog("  avagree tables constants --out docs/constants_table.md\n"
                                      "  avagree tables rules --update docs/rules.md\n"
                                      "  avagree tables learn --update docs/learn.md   # section 4 step by step\n"
                                      "  avagree tables z3            # decided by the default z3 budget; minutes",
                                      "0 the table was written; 2 usage error (or --update FILE without the markers)"))
    tb.add_argument("name", choices=["constants", "z3", "oracle", "broadcast", "cva", "rules", "learn"],
                    help="which table: constants (docs/constants_table.md), z3 (docs/z3_table.md), oracle, broadcast, "
                         "cva, rules (docs/rules.md), learn (docs/learn.md and docs/findings.md)")
    out = tb.add_mutually_exclusive_group()
    out.add_argument("--out", default=None, help="write to this file (default stdout)")
    out.add_argument("--update", metavar="FILE", default=None,
                     help="rewrite the table between its marker lines inside FILE (a hand-written doc)")
    tb.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Write the table to --out or stdout; exit 0."""
    from avagree.audit.tables import update_between_markers, write_table  # runs the engines behind each table

    if args.update:
        update_between_markers(args.name, args.update)
    elif args.out:
        with open(args.out, "w") as fh:
            write_table(args.name, fh)
    else:
        write_table(args.name, sys.stdout)
    return 0
