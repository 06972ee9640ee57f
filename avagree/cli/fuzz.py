"""``avagree fuzz``: adversarial search against the specs for any rule (the
search oracle, :func:`avagree.oracle.engine.check`); exit 1 when a spec is
violated."""

from __future__ import annotations

import argparse
import json

from avagree.cli.common import model_q, params_args, ties_arg
from avagree.model.numbers import parse_rational
from avagree.oracle.engine import DEFAULT_SPECS, ORACLE_SPECS, check as oracle_check


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``fuzz`` and its arguments."""
    fz = sub.add_parser("fuzz", help="adversarial search against the specs, for any rule (registry name or module:function)")
    fz.add_argument("rule")
    params_args(fz)
    fz.add_argument("--d", type=int, default=2)
    fz.add_argument("--spec", action="append", choices=ORACLE_SPECS)
    fz.add_argument("--bound", action="append", metavar="SPEC=VALUE", help="e.g. contraction=4/5 or averaging=8/3")
    fz.add_argument("--examples", type=int, default=300, help="executions tried per spec (default 300)")
    fz.add_argument("--seed", type=int, default=0)
    fz.add_argument("--out", default="counterexamples", help="folder for witnesses (default counterexamples)")
    ties_arg(fz)
    fz.add_argument("--json", action="store_true")
    fz.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run the oracle with the --bound SPEC=VALUE pairs as exact rationals and print its report."""
    model, q = model_q(args)
    bounds = {}
    for item in args.bound or []:
        spec, _, value = item.partition("=")
        bounds[spec] = parse_rational(value, name=f"--bound {spec}", decimal=True)
    rep = oracle_check(args.rule, args.n, args.f, q, model=model, d=args.d, specs=args.spec or DEFAULT_SPECS,
                       bounds=bounds, examples=args.examples, seed=args.seed, save_dir=args.out, progress=True, ties=args.ties)
    print(json.dumps(rep.as_json(), indent=1) if args.json else rep)
    return 0 if rep.ok else 1
