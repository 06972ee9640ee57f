"""``avagree tables``: regenerate a docs table (constants, z3, oracle or
broadcast; :func:`avagree.audit.tables.write_table`)."""

from __future__ import annotations

import argparse
import io
import sys
from typing import Any

from avagree.cli.common import emit, envelope, epilog, json_arg, out_file_type


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``tables`` and its arguments."""
    tb = sub.add_parser("tables", help="regenerate a docs table: constants | z3 | oracle | broadcast | cva | rules | learn",
                        epilog=epilog("  avagree tables constants --out docs/constants_table.md\n"
                                      "  avagree tables rules --update docs/rules.md\n"
                                      "  avagree tables learn --update docs/learn.md   # section 4 step by step\n"
                                      "  avagree tables z3            # decided by the default z3 budget; minutes\n"
                                      "  avagree tables rules --json  # each markdown table as columns and rows",
                                      "0 the table was written; 2 usage error (or --update FILE without the markers)"))
    tb.add_argument("name", choices=["constants", "z3", "oracle", "broadcast", "cva", "rules", "learn"],
                    help="which table: constants (docs/constants_table.md), z3 (docs/z3_table.md), oracle, broadcast, "
                         "cva, rules (docs/rules.md), learn (docs/learn.md and docs/findings.md)")
    out = tb.add_mutually_exclusive_group()
    out.add_argument("--out", default=None, type=out_file_type(), help="write to this file (default stdout)")
    out.add_argument("--update", metavar="FILE", default=None, type=out_file_type("--update"),
                     help="rewrite the table between its marker lines inside FILE (a hand-written doc)")
    json_arg(tb)
    tb.set_defaults(func=run)


def markdown_tables(text: str) -> list[dict[str, Any]]:
    """Every markdown table in ``text`` as ``{"table": k, "columns": [...], "rows": [[...], ...]}``
    (cells as written, code quotes kept)."""

    def cells(line: str) -> list[str]:
        return [c.strip() for c in line.strip().strip("|").split("|")]

    lines, out = text.splitlines(), []
    for i, line in enumerate(lines[:-1]):
        sep = lines[i + 1].strip()
        starts = line.lstrip().startswith("|") and (i == 0 or not lines[i - 1].lstrip().startswith("|"))
        if starts and sep.startswith("|") and set(sep) <= set("|-: "):
            rows = []
            for row in lines[i + 2:]:
                if not row.lstrip().startswith("|"):
                    break
                rows.append(cells(row))
            out.append({"table": len(out) + 1, "columns": cells(line), "rows": rows})
    return out


def run(args: argparse.Namespace) -> int:
    """Write the table to --out, into --update's file or on stdout (with --json: the envelope on stdout,
    each markdown table as columns and rows, the markdown itself in ``markdown``); exit 0."""
    from avagree.audit.tables import update_between_markers, write_table  # runs the engines behind each table

    if args.json:
        if args.update:  # the table once, where it now stands in the file
            from pathlib import Path

            from avagree.audit.tables import markers

            update_between_markers(args.name, args.update)
            begin, end = markers(args.name)
            text = Path(args.update).read_text(encoding="utf-8").split(begin, 1)[1].split(end, 1)[0]
        else:
            buf = io.StringIO()
            write_table(args.name, buf)
            text = buf.getvalue()
        if args.out:
            with open(args.out, "w") as fh:
                fh.write(text)
        emit(envelope("tables", {"name": args.name, "out": args.out, "update": args.update},
                      results=markdown_tables(text), markdown=text))
    elif args.update:
        update_between_markers(args.name, args.update)
    elif args.out:
        with open(args.out, "w") as fh:
            write_table(args.name, fh)
    else:
        write_table(args.name, sys.stdout)
    return 0
