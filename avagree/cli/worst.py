"""``avagree worst``: the exact supremum of the one-round contraction factor
or averaging error (:func:`avagree.smt.worst`); exit 0 when proved, else 3."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from avagree.cli.budget_args import budget_args
from avagree.cli.common import model_q, params_args, ties_arg


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``worst`` and its arguments."""
    from avagree.smt.engine import WORST_SPECS  # loads z3

    wo = sub.add_parser("worst", help="exact supremum of the one-round contraction factor or averaging error (Z3)")
    wo.add_argument("rule")
    params_args(wo)
    wo.add_argument("--spec", default="contraction", choices=WORST_SPECS)
    wo.add_argument("--d", type=int, default=1, help="dimension; d >= 2 (MDA contraction): proved bounds, not the value")
    budget_args(wo)
    wo.add_argument("--out", default=None, help="folder to save the attaining execution as a witness")
    ties_arg(wo)
    wo.add_argument("--json", action="store_true")
    wo.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Compute the supremum (or bounds on it in d >= 2) and print it, saving the attaining execution with --out."""
    from avagree.smt import PROVED, worst

    model, q = model_q(args)
    res = worst(args.rule, args.n, args.f, q, model, spec=args.spec, timeout=args.timeout, d=args.d, ties=args.ties,
                rlimit=args.rlimit)
    if res.witness is not None and args.out:
        p = res.witness.params
        res.path = str(res.witness.save(Path(args.out) / f"worst_{args.rule}_{args.spec}_n{p.n}_f{p.f}_q{p.q}_{p.model}.json"))
    if args.json:
        print(json.dumps(res.as_json(), indent=1))
    else:
        val = "-" if res.value is None else f"{res.value} (~{float(res.value):.6g})"
        if res.upper is not None:
            val = f"in [{res.lower}, {res.upper}]"
        print(f"{res.verdict}  sup {args.spec} of {args.rule} at n={args.n} f={args.f} q={q} {model}, d={args.d}, one round: {val}"
              f"{'' if res.value is None else (' attained' if res.attained else ' (not attained)')}  [{res.seconds:.2f}s]")
        print(f"  {res.reason}")
        if res.path:
            print(f"  witness: {res.path}")
    return 0 if res.verdict == PROVED else 3
