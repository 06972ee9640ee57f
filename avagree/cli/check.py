"""``avagree check``: decide a spec with Z3 (:func:`avagree.smt.decide`):
PROVED / COUNTEREXAMPLE / UNKNOWN, exit 0 / 1 / 3."""

from __future__ import annotations

import argparse
from fractions import Fraction

from avagree.algorithms import RULES
from avagree.specs import SPECS
from avagree.cli.budget_args import budget_args, size_help
from avagree.cli.annotate import annotation, print_annotation, rule_location, witness_location
from avagree.cli.common import (envelope, emit, epilog, format_arg, json_arg, model_q, out_arg, params_args,
                                ties_arg)
from avagree.errors import AvagreeError
from avagree.model.numbers import parse_rational
from avagree.harness.outputs import witness_dir
from avagree.harness.user_rules import ALIASES, resolve_name

EXAMPLES = """  avagree check cwtm --n 5 --f 1                  # COUNTEREXAMPLE (exit 1), saved under avagree-out/witnesses/
  avagree check mda --n 7 --f 1 --json            # PROVED (exit 0)
  avagree check icwtm --n 6 --f 1 --rounds 2      # the iterated rule over two rounds
  avagree check mda --n 7 --f 1 --d 2 --rlimit 1200000000   # the budget decides, not the clock"""


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``check`` and its arguments."""
    from avagree.smt.rule_encodings import supported  # no z3: --help stays light
    from avagree.specs import Z3_SPECS

    ch = sub.add_parser("check", help="decide a spec with Z3: PROVED / COUNTEREXAMPLE / UNKNOWN (exit 0 / 1 / 3)",
                        description="Decide a spec for a reference rule with Z3 (d = 1; MDA contraction in d >= 2). "
                                    "A counterexample is replayed exactly before it is reported and saved.",
                        epilog=size_help() + epilog(EXAMPLES))
    ch.add_argument("rule", help=" | ".join([n for n in RULES if supported(n)] + list(ALIASES))
                    + " | lstat:W1,...,Wq (an L-statistic by its q weights, e.g. lstat:0,1/3,1/3,1/3,0)")
    params_args(ch)
    ch.add_argument("--d", type=int, default=1,
                    help="dimension: 1 (default), or >= 2 for one round of MDA contraction (nonlinear)")
    ch.add_argument("--spec", default="contraction", choices=[*Z3_SPECS, "strict-contraction"],
                    help="; ".join(f"{s.name}: {s.summary}" for s in SPECS.values() if s.name in Z3_SPECS
                                   or s.name == "strict-contraction") + " (default: contraction)")
    ch.add_argument("--bound", default=None,
                    help="contraction factor c (default 1: no contraction at all), or C^2 for averaging (rational, e.g. 16/25)")
    ch.add_argument("--strict", action="store_true", help="a violation is Delta(out) >= c Delta(in) (default for c = 1)")
    ch.add_argument("--rounds", type=int, default=1, help="rounds of the rule (default 1)")
    budget_args(ch)
    out_arg(ch)
    ties_arg(ch)
    json_arg(ch)
    format_arg(ch)
    ch.set_defaults(func=run)


def _bound(text: str | None, spec: str) -> Fraction:
    """--bound as an exact rational; default 1 for contraction (no contraction at all), else 0."""
    if text is None:
        return Fraction(1) if spec == "contraction" else Fraction(0)
    return parse_rational(text, name="--bound", decimal=True)


def run(args: argparse.Namespace) -> int:
    """Run the Z3 engine and print its verdict, reason, witness path and scope."""
    from avagree.smt import COUNTEREXAMPLE, PROVED, decide

    model, q = model_q(args)
    strict = args.strict or args.spec == "strict-contraction"
    spec = "contraction" if args.spec == "strict-contraction" else args.spec
    bound = _bound(args.bound, spec)
    if spec == "averaging" and args.bound is None:
        raise AvagreeError("averaging needs --bound C2 (the averaging constant squared, e.g. 16/25 or 24 for 2 sqrt(6))")
    with witness_dir(args.out) as folder:
        res = decide(resolve_name(args.rule), args.n, args.f, q, model, spec=spec, bound=bound, rounds=args.rounds,
                     timeout=args.timeout, d=args.d, strict=True if strict else None, save_dir=folder, progress=True,
                     ties=args.ties, rlimit=args.rlimit)
    sc = res.scope
    if args.json:
        emit(envelope("check", sc, verdict=res.verdict, reason=res.reason, seconds=round(res.seconds, 3),
                      witness=res.path, units=res.units))
    elif args.format != "plain":
        print(f"{res.verdict}  {sc['rule']} n={sc['n']} f={sc['f']} q={sc['q']} d={sc['d']} {sc['model']} rounds={sc['rounds']} "
              f"spec={sc['spec']} bound={sc['bound']}{' (strict)' if sc['strict'] else ''} ties={sc['ties']}  [{res.seconds:.2f}s]")
        print(f"  {res.reason}")
        if res.path:
            print(f"  witness: {res.path}\n  replay:  avagree replay {res.path}")
        if res.verdict == PROVED:
            print(f"  scope: {sc['wlog']}")
    if args.format != "text" and res.verdict != PROVED:
        level = "error" if res.verdict == COUNTEREXAMPLE else "warning"
        print_annotation(args, annotation(
            args.format, f"avagree check: {res.verdict}", f"{sc['spec']} for {sc['rule']} at n={sc['n']} "
            f"f={sc['f']} q={sc['q']}: {res.reason}" + (f"; witness {res.path}" if res.path else ""),
            rule_location(sc["rule"]) or witness_location(res.path), level))
    return {PROVED: 0, COUNTEREXAMPLE: 1}.get(res.verdict, 3)
