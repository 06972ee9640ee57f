"""``avagree check``: decide a spec with Z3 (:func:`avagree.smt.check`):
PROVED / COUNTEREXAMPLE / UNKNOWN, exit 0 / 1 / 3."""

from __future__ import annotations

import argparse
import json
from fractions import Fraction

from avagree.algorithms import RULES
from avagree.cli.budget_args import budget_args
from avagree.cli.common import model_q, params_args, ties_arg
from avagree.errors import AvagreeError
from avagree.model.numbers import parse_rational


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``check`` and its arguments."""
    from avagree.smt.engine import SPECS as SMT_SPECS  # loads z3

    ch = sub.add_parser("check", help="decide a spec with Z3: PROVED / COUNTEREXAMPLE / UNKNOWN (exit 0 / 1 / 3)")
    ch.add_argument("rule", help=" | ".join(n for n, r in RULES.items() if r.encoding is not None))
    params_args(ch)
    ch.add_argument("--d", type=int, default=1, help="dimension: 1, or >= 2 for one round of MDA contraction (nonlinear)")
    ch.add_argument("--spec", default="contraction", choices=SMT_SPECS)
    ch.add_argument("--bound", default=None,
                    help="contraction factor c (default 1: no contraction at all), or C^2 for averaging (rational, e.g. 16/25)")
    ch.add_argument("--strict", action="store_true", help="a violation is Delta(out) >= c Delta(in) (default for c = 1)")
    ch.add_argument("--rounds", type=int, default=1)
    budget_args(ch)
    ch.add_argument("--out", default="counterexamples", help="folder for the witness file (default counterexamples)")
    ties_arg(ch)
    ch.add_argument("--json", action="store_true")
    ch.set_defaults(func=run)


def _bound(text: str | None, spec: str) -> Fraction:
    """--bound as an exact rational; default 1 for contraction (no contraction at all), else 0."""
    if text is None:
        return Fraction(1) if spec == "contraction" else Fraction(0)
    return parse_rational(text, name="--bound", decimal=True)


def run(args: argparse.Namespace) -> int:
    """Run the Z3 engine and print its verdict, reason, witness path and scope."""
    from avagree.smt import COUNTEREXAMPLE, PROVED, check

    model, q = model_q(args)
    bound = _bound(args.bound, args.spec)
    if args.spec == "averaging" and args.bound is None:
        raise AvagreeError("averaging needs --bound C2 (the averaging constant squared, e.g. 16/25 or 24 for 2 sqrt(6))")
    res = check(args.rule, args.n, args.f, q, model, spec=args.spec, bound=bound, rounds=args.rounds,
                timeout=args.timeout, d=args.d, strict=True if args.strict else None, save_dir=args.out, progress=True,
                ties=args.ties, rlimit=args.rlimit)
    if args.json:
        print(json.dumps(res.as_json(), indent=1))
    else:
        sc = res.scope
        print(f"{res.verdict}  {sc['rule']} n={sc['n']} f={sc['f']} q={sc['q']} d={sc['d']} {sc['model']} rounds={sc['rounds']} "
              f"spec={sc['spec']} bound={sc['bound']}{' (strict)' if sc['strict'] else ''} ties={sc['ties']}  [{res.seconds:.2f}s]")
        print(f"  {res.reason}")
        if res.path:
            print(f"  witness: {res.path}")
        if res.verdict == PROVED:
            print(f"  scope: {sc['wlog']}")
    return {PROVED: 0, COUNTEREXAMPLE: 1}.get(res.verdict, 3)
