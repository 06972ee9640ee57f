"""The ``avagree`` command line. Exit codes: 0 success (or PROVED / nothing
violated), 1 counterexample or failed replay, 2 usage or input error,
3 UNKNOWN. Errors are one line on stderr, never a traceback.

One module per subcommand, each with ``add_parser(sub)`` (its arguments, beside
its handler) and ``run(args) -> int``; the shared parser pieces are in
:mod:`avagree.cli.common`. Subcommand modules import their engines (z3, numba,
sympy, sklearn, matplotlib behind them) lazily, inside the functions that need
them, so that a subcommand pays only for its own."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Sequence

from avagree.cli import (audit, check, constants, formula, fuzz, learn, optimal, replay, rules, scorecard, simulate,
                         sweep, tables, witnesses, worst)
from avagree.cli.common import Parser, check_default_out, epilog
from avagree import __version__
from avagree.errors import AvagreeError

#: the subcommands, in the order ``avagree --help`` lists them
SUBCOMMANDS = (audit, constants, formula, optimal, replay, witnesses, check, worst, sweep, fuzz, scorecard, learn, simulate,
               tables, rules)


def build_parser() -> argparse.ArgumentParser:
    """The ``avagree`` parser: one sub-parser per module of :data:`SUBCOMMANDS`."""
    p = Parser(prog="avagree", description="Checker and test oracle for Byzantine-resilient averaging agreement.",
               epilog=epilog("  avagree audit --quick\n  avagree check cwtm --n 5 --f 1\n"
                             "  avagree fuzz myrules:my_rule --n 7 --f 1     # your rule, from ./myrules.py\n"
                             "  avagree replay avagree-out/witnesses/*.json\n  avagree COMMAND --help"))
    p.add_argument("--version", action="version", version=f"avagree {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for command in SUBCOMMANDS:
        command.add_parser(sub)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Parse ``argv`` (default sys.argv), run the subcommand and return its exit code;
    an :class:`AvagreeError` is one line on stderr and exit 2."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        check_default_out(args)  # every output path is checked before any work (issue 26)
        return args.func(args)
    except AvagreeError as exc:
        sys.stderr.write(f"avagree: error: {exc}\n")
        return 2
    except KeyboardInterrupt:
        sys.stderr.write("avagree: interrupted\n")
        return 130
    except BrokenPipeError:  # `avagree rules --json | head`: the reader left, which is not an error
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # so the interpreter's final flush does not fail again
        return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
