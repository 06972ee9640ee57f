"""``avagree optimal``: the optimal L-statistics at (n, f, q) (:mod:`avagree.optimal`): the least
one-round contraction factor and averaging error over every rule y = sum_p w_p z_(p) with weights
on positions f + 1 .. q - f, the exact Pareto front between them, the named rules against them
and the least a/(1 - c) over the front, every number certified in exact arithmetic.
Exit 0 when certified, 3 when some LP found no exact certificate (UNKNOWN), 2 on bad input."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from avagree.cli.common import emit, envelope, epilog, exact, json_arg, params_args

#: the largest n for --any-rule (its LP has about 4 (n - f) q rows)
MAX_ANY_N = 120
#: the largest n for --plane (MDA's Z3 engines)
MAX_PLANE_N = 20

EXAMPLES = """  avagree optimal --n 40 --f 5 --json
  avagree optimal --n 7 --f 1                     # CwTM is optimal there
  avagree optimal --n 13 --f 2 --q 9              # a receiver hears q < n - f values
  avagree optimal --n 10 --f 2 --sync
  avagree check lstat:0,1/2,0,1/2,0 --n 6 --f 1   # a front rule, by its rule string
  avagree optimal --n 7 --f 1 --own-weight        # rules lam * own + (1 - lam) * L-statistic
  avagree optimal --n 7 --f 1 --any-rule          # every deterministic rule: certified bound and exact front"""


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``optimal`` and its arguments."""
    op = sub.add_parser("optimal", help="the least contraction factor and averaging error over all L-statistics with "
                                        "weights on f+1..q-f, and their exact Pareto front (LP, certified exactly)",
                        description="Over every rule y = sum_p w_p z_(p), w >= 0, sum w = 1, weights on positions "
                                    "f+1..q-f (one round, d = 1): the least contraction factor, the least averaging "
                                    "error and the Pareto front between them, each certified by primal weights and dual "
                                    "multipliers checked in exact arithmetic (docs/optimality.md). Rule strings "
                                    "lstat:W1,...,Wq name the front's rules for check, worst, fuzz.",
                        epilog=epilog(EXAMPLES, "0 every number certified; 2 usage or input error (f >= n, q out of "
                                                "range, q < 2f + 1, n > 500); 3 UNKNOWN (an LP without an exact "
                                                "certificate: no number reported for it)"))
    params_args(op)
    op.add_argument("--own-weight", action="store_true",
                    help="also the rules lam * own + (1 - lam) * L-statistic, 0 <= lam <= 1: their certified front, "
                         "and the LPs at a rational grid of lam (docs/optimality_beyond.md)")
    op.add_argument("--any-rule", action="store_true",
                    help=f"also every deterministic one-round rule (view: the received multiset, or own value and "
                         f"multiset): certified lower bounds on each line of the front and the exact front of all such "
                         f"rules, with rules attaining it (n <= {MAX_ANY_N}; docs/optimality_beyond.md)")
    op.add_argument("--plane", action="store_true",
                    help=f"also d = 2, Delta_2: the class optimum's coordinate-wise lift against MDA (exact bounds; the "
                         f"plane engine only when MDA's d = 1 factor does not decide; n <= {MAX_PLANE_N})")
    json_arg(op)
    op.add_argument("--plot", default=None, metavar="PNG", help="draw the (contraction, averaging) plane: the certified "
                                                                "front, the named rules, MDA (d = 1), the paper's bounds")
    op.set_defaults(func=run)


def _x(value: Any) -> str:
    return "-" if value is None else f"{value} (~{float(value):.6g})"


def _named_json(res: Any) -> list[dict[str, Any]]:
    return [{"rule": r.rule, "in_class": r.contraction is not None, **exact("contraction", r.contraction),
             **exact("averaging", r.averaging), **exact("ratio_contraction", r.ratio_contraction),
             **exact("ratio_averaging", r.ratio_averaging), "on_front": r.on_front} for r in res.named]


def _composition_json(res: Any) -> dict[str, Any] | None:
    from avagree.optimal.report import COMPOSITION, vertex_json

    if res.composition is None:
        return None
    value, v = res.composition
    return {**exact("bound", value), "label": COMPOSITION, "at": vertex_json(v, res.named)}


def _print(res: Any) -> None:
    from avagree.algorithms.lstatistic import rule_string
    from avagree.optimal.report import COMPOSITION, attained_by

    inst = res.inst
    print(f"avagree optimal: L-statistics with weights on positions {inst.f + 1}..{inst.q - inst.f}, n={inst.n} "
          f"f={inst.f} q={inst.q} {inst.model}, one round, d = 1  [{res.seconds:.2f}s]")
    print(f"{res.verdict}  least contraction factor: {_x(res.best_contraction)}")
    print(f"{res.verdict}  least averaging error:    {_x(res.best_averaging)}")
    vs = res.front.vertices if res.front.ok else []
    if vs:
        what = "one rule attains both optima" if len(vs) == 1 else f"{len(vs)} vertices, contraction up, averaging down"
        print(f"Pareto front ({what}):")
        for v in vs:
            also = attained_by(v, res.named)
            print(f"  contraction {v.contraction}, averaging {v.averaging}:  {rule_string(list(v.weights))}"
                  + (f"  (the same point: {', '.join(also)})" if also else ""))
    for r in res.named:
        if r.contraction is None:
            print(f"  {r.rule:15s} not in the class (a weight outside {inst.f + 1}..{inst.q - inst.f}: unbounded)")
            continue
        ratios = [("the least is 0" if x is None else f"x{x} the least") for x in (r.ratio_contraction, r.ratio_averaging)]
        print(f"  {r.rule:15s} contraction {r.contraction} ({ratios[0]}), averaging {r.averaging} "
              f"({ratios[1]}); on the front: {'yes' if r.on_front else 'no'}")
    if res.composition is not None:
        value, v = res.composition
        print(f"several rounds: least a/(1 - c) over the front = {_x(value)} at {rule_string(list(v.weights))}:\n  "
              f"{COMPOSITION}")
    elif res.front.ok:
        print("several rounds: no rule of the class contracts (every front point has c >= 1)")
    if res.front.failures:
        print("UNKNOWN: " + "; ".join(res.front.failures))
    else:
        print(f"certificate: {2 + len(res.front.ends) + len(res.front.edges)} LPs, each with primal weights and dual "
              f"multipliers checked in exact arithmetic (--json prints them)")


def _beyond(args: argparse.Namespace, res: Any) -> tuple[dict[str, Any], bool]:
    """The --own-weight and --any-rule objects (issue 25 item 5) and whether all of them are certified."""
    from avagree.errors import ParameterError

    out: dict[str, Any] = {}
    ok = True
    if args.own_weight:
        from avagree.optimal import own_weight

        ow = own_weight.compute(res.inst)
        out["own_weight"] = own_weight.report_json(ow)
        ok = ok and ow.ok
    if args.any_rule:
        if res.inst.n > MAX_ANY_N:
            raise ParameterError("n", res.inst.n, f"--any-rule: at most {MAX_ANY_N}")
        from avagree.optimal import any_rule, any_rule_front

        block: dict[str, Any] = {}
        for own, name in ((False, "multiset"), (True, "own_value_and_multiset")):
            comp = any_rule.compare(res.inst, 1, own)
            fr = any_rule_front.compute(res.inst, own)
            block[name] = {**any_rule.report_json(comp), "exact_front": any_rule_front.report_json(fr),
                           "composition": None if any_rule_front.composition(fr) is None
                           else str(any_rule_front.composition(fr))}
            ok = ok and fr.ok and not comp.failures and all(ln.bound.ok for ln in comp.lines)
        out["any_rule"] = block
    if args.plane:
        if res.inst.n > MAX_PLANE_N:
            raise ParameterError("n", res.inst.n, f"--plane: at most {MAX_PLANE_N}")
        from avagree.optimal import plane_lift

        pl = plane_lift.compare(res.inst, timeout=120, trials=30)
        out["plane"] = pl.as_json()
    return out, ok


def _print_beyond(extra: dict[str, Any]) -> None:
    ow = extra.get("own_weight")
    if ow:
        pts = ", ".join(f"({v['contraction']}, {v['averaging']}) lam={v['lambda']}" for v in ow["front"])
        print(f"own weight [{ow['verdict']}] ({ow['identity']}): front {pts}; moves the front: "
              f"{'yes' if ow['moves_front'] else 'no'}; least a/(1 - c) {ow['composition']}")
    for name, block in extra.get("any_rule", {}).items():
        fr = block["exact_front"]
        pts = ", ".join(f"({v['contraction']}, {v['averaging']})" for v in fr["front"])
        print(f"every deterministic rule, view = {name.replace('_', ' ')} [{fr['verdict']}]: exact front {pts}; "
              f"least a/(1 - c) {block['composition']}; the {block['family']} front is optimal against them: "
              f"{'yes' if block['front_optimal_against_every_rule'] else 'no'}")
    pl = extra.get("plane")
    if pl:
        print(f"d = 2, Delta_2: every coordinate-wise class rule >= {pl['every_cw_class_rule_at_least']}, the lift of the "
              f"optimum <= sqrt({pl['lift_upper_squared']}); MDA in [{pl['mda']['lower']}, {pl['mda']['upper'] or '?'}] "
              f"({pl['mda']['engine']}): {pl['verdict']}")


def run(args: argparse.Namespace) -> int:
    """Compute, certify and print (text or JSON); exit 0 when certified, 3 otherwise."""
    from avagree.optimal import optimal
    from avagree.optimal.report import certificate_json, vertex_json

    model = "sync" if args.sync else "async"
    res = optimal(args.n, args.f, args.q, model)
    if args.plot:
        from pathlib import Path

        from avagree.audit.plots import front_picture

        print(f"picture: {front_picture(res.inst.n, res.inst.f, res.inst.q, model, Path(args.plot))}",
              file=sys.stderr if args.json else sys.stdout)
    extra, extra_ok = _beyond(args, res)
    if args.json:
        inst = res.inst
        emit(envelope("optimal", {"n": inst.n, "f": inst.f, "q": inst.q, "model": model, "d": 1},
                      verdict=res.verdict, **exact("best_contraction", res.best_contraction),
                      **exact("best_averaging", res.best_averaging),
                      front=[vertex_json(v, res.named) for v in res.front.vertices] if res.front.ok else [],
                      rules=_named_json(res), composition=_composition_json(res),
                      certificate=certificate_json(res.front), seconds=round(res.seconds, 3), **extra))
    else:
        _print(res)
        _print_beyond(extra)
    return 0 if res.verdict == "PROVED" and extra_ok else 3
