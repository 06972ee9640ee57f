"""``avagree fuzz``: adversarial search against the specs for any rule (the
search oracle, :func:`avagree.oracle.engine.check`); exit 1 when a spec is
violated."""

from __future__ import annotations

import argparse

from avagree.cli.annotate import annotation, print_annotation, rule_location, witness_location
from avagree.cli.common import (envelope, emit, epilog, format_arg, json_arg, model_q, out_arg, params_args, spec_value,
                                ties_arg)
from avagree.model.numbers import parse_rational
from avagree.harness.outputs import witness_dir
from avagree.harness.user_rules import cwd_importable
from avagree.oracle.engine import DEFAULT_DATABASE, DEFAULT_SPECS, ORACLE_SPECS, check as oracle_check
from avagree.oracle.failure import falsifying, paste_back

EXAMPLES = """  avagree fuzz mean --n 7 --f 1
  avagree fuzz myrules:trimmed --n 6 --f 1 --spec contraction --spec validity   # ./myrules.py
  avagree fuzz 'myrules:TrMean(f=2)' --n 11 --f 2 --json                         # a rule object
  avagree fuzz myrules:trimmed --n 6 --f 1 --format github                       # CI annotations"""


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``fuzz`` and its arguments."""
    fz = sub.add_parser("fuzz", help="adversarial search against the specs, for any rule (registry name or module:function)",
                        description="Search executions of RULE for violations of the specs; each violation is shrunk, "
                                    "replayed (exactly when the rule takes Fractions) and saved as a witness file.",
                        epilog=_limits() + epilog(EXAMPLES, "0 nothing violated (not a proof); 1 a spec violated; 2 usage error"))
    fz.add_argument("rule", help="a registry name (avagree rules; icwtm and imda are the iterated cwtm and mda), "
                                 "lstat:W1,...,Wq (an L-statistic by its q weights), module:function or 'module:Class(arg=value)' from the current directory or installed")
    params_args(fz)
    fz.add_argument("--d", type=int, default=2, help="dimension of the vectors (default 2)")
    fz.add_argument("--spec", action="append", choices=ORACLE_SPECS,
                    help=f"spec to search (repeatable; default {', '.join(DEFAULT_SPECS)}); contraction at c = 1 is "
                         f"strict, as in check")
    fz.add_argument("--bound", action="append", metavar="SPEC=VALUE", type=spec_value, help="e.g. contraction=4/5 or averaging=8/3")
    fz.add_argument("--examples", type=int, default=300, help="executions tried per spec (default 300)")
    fz.add_argument("--seed", type=int, default=0, help="seed of the search (default 0; the search is deterministic)")
    out_arg(fz)
    fz.add_argument("--no-database", action="store_true",
                    help="do not replay the saved witnesses of this rule first (by default those in the --out folder, "
                         "else avagree-out/witnesses/, are replayed before any search, and one that still reproduces "
                         "is reported at once)")
    ties_arg(fz)
    json_arg(fz)
    format_arg(fz)
    fz.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run the oracle with the --bound SPEC=VALUE pairs as exact rationals and print its report."""
    cwd_importable()
    model, q = model_q(args)
    bounds = {}
    for item in args.bound or []:
        spec, _, value = item.partition("=")
        bounds[spec] = parse_rational(value, name=f"--bound {spec}", decimal=True)
    rep = oracle_check(args.rule, args.n, args.f, q, model=model, d=args.d, specs=args.spec or DEFAULT_SPECS,
                       bounds=bounds, examples=args.examples, seed=args.seed, progress=True, ties=args.ties,
                       database=None if args.no_database else args.out or DEFAULT_DATABASE)
    with witness_dir(args.out) as folder:
        rep.save(folder)
    if args.json:
        doc = rep.as_json()
        emit(envelope("fuzz", {**doc["params"], "examples": args.examples}, results=doc["results"],
                      seconds=doc["seconds"], replayed=doc["replayed"]))
    elif args.format != "plain":
        print(rep.failure_text() if not rep.ok else rep)
    if args.format != "text":
        _annotate(rep, args)
    return 0 if rep.ok else 1


def _annotate(rep, args: argparse.Namespace) -> None:
    for r in rep.violated:
        where = rule_location(args.rule) or witness_location(r.path)
        detail = r.error if r.witness is None else " ".join(
            line.strip() for line in [*falsifying(r.witness, r.spec)[2:], paste_back(r.witness, r.path)[1]])
        print_annotation(args, annotation(args.format, f"avagree: {r.spec} violated by {rep.rule}", f"{r.line()}. {detail}",
                                          where))


def _limits() -> str:
    """The engine's size limits (issue 26), for --help."""
    from avagree.oracle.limits import SIZE_HELP  # no z3

    return SIZE_HELP + "\n\n"
