"""``avagree worst``: the exact supremum of the one-round contraction factor
or averaging error (:func:`avagree.smt.worst`); exit 0 when proved, else 3."""

from __future__ import annotations

import argparse
from pathlib import Path

from avagree.cli.budget_args import budget_args, size_help
from avagree.cli.common import envelope, emit, epilog, exact, json_arg, model_q, out_dir_type, params_args, ties_arg
from avagree.harness.outputs import file_safe
from avagree.harness.user_rules import resolve_name

EXAMPLES = """  avagree worst mda --n 7 --f 1                   # 4/5, attained
  avagree worst mda --n 7 --f 1 --rounds 2 --spec averaging   # 52/75 over two rounds (one round: 8/15)
  avagree worst cwtm --n 6 --f 1 --out avagree-out --json
  avagree worst mda --n 7 --f 1 --d 2             # = 4/5 exactly, as in d = 1"""


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``worst`` and its arguments."""
    from avagree.smt.questions import WORST_SPECS  # no z3: --help stays light

    wo = sub.add_parser("worst", help="exact supremum of the one-round contraction factor or averaging error (Z3)",
                        description="The exact supremum (z3's optimiser) over one round, in d = 1; bounds in d >= 2.",
                        epilog=size_help() + epilog(EXAMPLES, "0 PROVED (the value or bounds are exact); 2 usage error; 3 UNKNOWN"))
    wo.add_argument("rule", help="a registry rule with a Z3 encoding (icwtm, imda: the iterated cwtm, mda), or "
                                 "lstat:W1,...,Wq (an L-statistic by its q weights, e.g. lstat:0,1/3,1/3,1/3,0)")
    params_args(wo)
    wo.add_argument("--spec", default="contraction", choices=WORST_SPECS, help="the quantity (default contraction)")
    wo.add_argument("--d", type=int, default=1, help="dimension; d >= 2 (MDA contraction): proved bounds, not the value")
    wo.add_argument("--rounds", type=int, default=1,
                    help="rounds (default 1); T > 1 (d = 1, contraction or averaging): the T-round supremum by "
                         "induction, exact when a replayed execution reaches it, else its bracket")
    budget_args(wo)
    wo.add_argument("--out", default=None, metavar="DIR", type=out_dir_type(),
                    help="save the attaining execution as a witness in DIR (not a failure: saved only when asked)")
    ties_arg(wo)
    json_arg(wo)
    wo.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Compute the supremum (or bounds on it in d >= 2) and print it, saving the attaining execution with --out."""
    from avagree.smt import PROVED, worst

    model, q = model_q(args)
    rule = resolve_name(args.rule)
    if args.rounds != 1:
        return _run_rounds(args, rule, model, q)
    res = worst(rule, args.n, args.f, q, model, spec=args.spec, timeout=args.timeout, d=args.d, ties=args.ties,
                rlimit=args.rlimit)
    if res.witness is not None and args.out:
        p = res.witness.params
        res.path = str(res.witness.save(Path(args.out) / f"worst_{file_safe(rule)}_{args.spec}_n{p.n}_f{p.f}_q{p.q}_{p.model}.json"))
    if args.json:
        emit(envelope("worst", {**res.scope, "spec": args.spec}, verdict=res.verdict, **exact("value", res.value),
                      **exact("lower", res.lower), **exact("upper", res.upper), attained=res.attained,
                      reason=res.reason, seconds=round(res.seconds, 3), witness=res.path, units=res.units))
    else:
        val = "-" if res.value is None else f"{res.value} (~{float(res.value):.6g})"
        if res.upper is not None:
            val = f"= {res.upper} exactly" if res.upper == res.lower else f"in [{res.lower}, {res.upper}]"
        elif res.lower is not None and res.value is None:
            val = f">= {res.lower} (no upper bound proved)"
        print(f"{res.verdict}  sup {args.spec} of {rule} at n={args.n} f={args.f} q={q} {model}, d={args.d}, one round: {val}"
              f"{'' if res.value is None else (' attained' if res.attained else ' (not attained)')}  [{res.seconds:.2f}s]")
        print(f"  {res.reason}")
        if res.path:
            print(f"  witness: {res.path}")
    return 0 if res.verdict == PROVED else 3


def _run_rounds(args: argparse.Namespace, rule: str, model: str, q: int) -> int:
    """``worst --rounds T``: the T-round supremum of the contraction factor or the averaging error (d = 1)."""
    from avagree.errors import ParameterError
    from avagree.model.execution import check_int
    from avagree.smt import PROVED
    from avagree.smt.rounds import worst_rounds
    from avagree.smt.rounds_averaging import worst_averaging_rounds

    check_int("rounds", args.rounds, minimum=1)
    if args.d != 1 or args.spec == "deviation":
        raise ParameterError("rounds", args.rounds, "several rounds take d = 1 and --spec contraction or averaging")
    run_t = worst_averaging_rounds if args.spec == "averaging" else worst_rounds
    res = run_t(rule, args.n, args.f, q, model, rounds=args.rounds, ties=args.ties, rlimit=args.rlimit,
                timeout=args.timeout)
    body = res.as_json()
    if args.json:
        emit(envelope("worst", {**res.scope, "spec": args.spec}, verdict=res.verdict,
                      **{k: v for k, v in body.items() if k not in ("verdict", "scope")}))
    else:
        if res.verdict == PROVED:
            val = f"{res.upper} (~{float(res.upper):.6g}) attained"
        elif res.upper is not None:
            low = "-" if res.lower_sq is None else (str(res.lower) if res.lower is not None else f"sqrt({res.lower_sq})")
            val = f"in [{low}, {res.upper}]"
        else:
            val = "-"
        print(f"{res.verdict}  sup {args.spec} of {rule} at n={args.n} f={args.f} q={q} {model}, d=1, "
              f"{args.rounds} rounds: {val}  [{res.seconds:.2f}s]")
        print(f"  {res.reason}")
    return 0 if res.verdict == PROVED else 3
