"""``avagree scorecard``: rules by specs, each cell the search oracle's verdict (the
``fuzz`` search, :mod:`avagree.scorecard`), for registry rules, your own
(``module:Class(args)``) and whole libraries (``--library byzfl``, ``--library flwr``,
when installed); exit 1 when a cell is VIOLATED or ERROR."""

from __future__ import annotations

import argparse

from avagree.cli.common import envelope, emit, epilog, json_arg, model_q, out_arg, params_args, ties_arg
from avagree.errors import ParameterError
from avagree.harness.outputs import witness_dir
from avagree.harness.user_rules import cwd_importable
from avagree.model.numbers import parse_rational
from avagree.oracle.engine import ORACLE_SPECS

EXAMPLES = """  avagree scorecard cwtm median krum mda --n 7 --f 1
  avagree scorecard --library byzfl --n 7 --f 1 --json            # needs: pip install byzfl torch
  avagree scorecard --library flwr --n 13 --f 2 --d 1 --d 2 --markdown
  avagree scorecard --library flwr --f 1 --preconditions           # at each declared minimum n and above
  avagree scorecard 'myrules:TrMean(f=2)' --n 11 --f 2 --tolerance 1e-6"""


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``scorecard`` and its arguments."""
    from avagree.scorecard.card import SCORECARD_SPECS

    sc = sub.add_parser("scorecard", help="a table of rules x specs from the search oracle (registry rules, your own, "
                                          "ByzFL's or Flower's when installed)",
                        description="Run the search oracle (as fuzz) on every rule and spec: each cell HELD (executions "
                                    "tried, best value: not a proof), VIOLATED (witness saved and replayed from its "
                                    "file), WITHIN TOLERANCE, NOT EXERCISED or ERROR (the input and the traceback).",
                        epilog=epilog(EXAMPLES, "0 no cell violated or in error (not a proof); 1 a cell VIOLATED or "
                                                "ERROR; 2 usage error (unknown rule or library, library not installed)"))
    sc.add_argument("rules", nargs="*", metavar="RULE",
                    help="registry names, lstat:W1,...,Wq, module:function or 'module:Class(arg=value)'")
    sc.add_argument("--library", action="append", default=[], metavar="LIB",
                    help="add every rule of a library: byzfl (pip install byzfl torch), flwr (pip install flwr)")
    sc.add_argument("--n", type=int, default=None, help="number of nodes (not with --preconditions)")
    sc.add_argument("--f", type=int, required=True, help="declared number of Byzantine nodes")
    sc.add_argument("--q", type=int, default=None, help="vectors heard per round (default n - f, or n with --sync)")
    sc.add_argument("--sync", action="store_true", help="synchronous model (q = n)")
    sc.add_argument("--d", type=int, action="append", default=None, help="dimension (repeatable: one table each; default 2)")
    sc.add_argument("--spec", action="append", choices=ORACLE_SPECS,
                    help=f"spec (repeatable; default {', '.join(SCORECARD_SPECS)})")
    sc.add_argument("--bound", action="append", metavar="SPEC=VALUE", help="e.g. contraction=4/5 or averaging=2")
    sc.add_argument("--examples", type=int, default=100, help="executions tried per cell (default 100)")
    sc.add_argument("--seed", type=int, default=0, help="seed of the search and of the rules that draw random "
                                                        "numbers (default 0)")
    sc.add_argument("--tolerance", default=None, metavar="T",
                    help="slack on every bound (the bound's units): a violation within it is WITHIN TOLERANCE when "
                         "no violation beyond it is found (default: the tolerances the rules document)")
    sc.add_argument("--preconditions", action="store_true",
                    help="with --library: each rule at its declared minimum n and one above, against the exact "
                         "thresholds of its reference rule where one has a closed form")
    sc.add_argument("--markdown", action="store_true", help="print the tables in Markdown")
    out_arg(sc)
    ties_arg(sc)
    json_arg(sc)
    sc.set_defaults(func=run)


def library_rules(names: list[str], seed: int) -> list:
    """The rules of the named libraries (RuleError naming what to pip install when one is missing)."""
    from avagree.scorecard.libraries import get_library

    libs = [get_library(name) for name in names]  # unknown names first, before any import
    return [r for lib in libs for r in lib.rules(seed)]


def run(args: argparse.Namespace) -> int:
    """Build the rules, run the tables (or the preconditions), print them."""
    from avagree.scorecard import render
    from avagree.scorecard.card import SCORECARD_SPECS, VIOLATED, scorecard
    from avagree.scorecard.libraries import get_library
    from avagree.scorecard.preconditions import preconditions

    cwd_importable()
    if args.preconditions and not args.library:
        raise ParameterError("--preconditions", "", "needs --library byzfl or --library flwr")
    if not args.preconditions and args.n is None:
        raise ParameterError("--n", None, "required (except with --preconditions)")
    if not args.rules and not args.library:
        raise ParameterError("RULE", "", "give at least one rule or --library")
    rules = list(args.rules) + library_rules(args.library, args.seed)
    bounds = {}
    for item in args.bound or []:
        spec, _, value = item.partition("=")
        bounds[spec] = parse_rational(value, name=f"--bound {spec}", decimal=True)
    tol = None if args.tolerance is None else parse_rational(args.tolerance, name="--tolerance", decimal=True)
    specs = tuple(args.spec or SCORECARD_SPECS)
    common = dict(specs=specs, bounds=bounds, examples=args.examples, seed=args.seed, ties=args.ties, tolerance=tol)
    with witness_dir(args.out) as folder:
        if args.preconditions:
            pre_rows, cards = [], []
            for name in args.library:
                lib = get_library(name)
                lib_rules = [r for r in rules if getattr(r, "label", "").startswith(name + ":")]
                for d in args.d or [2]:
                    got, cs = preconditions(lib, lib_rules, args.f, d=d, save_dir=folder, **common)
                    pre_rows += got
                    cards += cs
            return _print_preconditions(args, pre_rows, cards)
        model, q = model_q(args)
        cards = [scorecard(rules, args.n, args.f, q, model=model, d=d, save_dir=folder, **common)
                 for d in args.d or [2]]
    if args.json:
        emit(envelope("scorecard", {"rules": cards[0].rules, "n": args.n, "f": args.f, "q": q, "model": model,
                                    "d": args.d or [2], "specs": list(specs), "examples": args.examples,
                                    "seed": args.seed, "tolerance": args.tolerance, "libraries": _versions(args.library)},
                      results=render.rows(cards), seconds=round(sum(c.seconds for c in cards), 3)))
    elif args.markdown:
        print(render.markdown(cards))
    else:
        print("\n\n".join(render.text(c) for c in cards))
    return 0 if all(c.ok for c in cards) else 1


def _versions(names: list[str]) -> dict[str, str | None]:
    from avagree.scorecard.libraries import get_library

    return {name: get_library(name).version() for name in names}


def _print_preconditions(args: argparse.Namespace, pre_rows: list, cards: list) -> int:
    from avagree.scorecard import render

    if args.json:
        emit(envelope("scorecard", {"preconditions": True, "f": args.f, "d": args.d or [2], "examples": args.examples,
                                    "seed": args.seed, "libraries": _versions(args.library)},
                      results=[p.as_json() for p in pre_rows] + render.rows(cards)))
    else:
        print("\n".join(p.line() for p in pre_rows))
        if args.markdown:
            print(render.markdown(cards))
    return 0 if all(p.verdict != "VIOLATED" for p in pre_rows) else 1
