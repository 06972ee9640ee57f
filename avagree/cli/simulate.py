"""``avagree simulate broadcast``: the broadcast-based algorithm of section 6
as a message-passing simulation (:func:`avagree.sim.broadcast.simulate`);
exit 0 when Theorem 6's halving, agreement and 2 sqrt(h)-averaging all hold."""

from __future__ import annotations

import argparse

from avagree.cli.common import envelope, emit, json_arg


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``simulate`` and its arguments."""
    from avagree.sim.broadcast import BEHAVIOURS

    si = sub.add_parser("simulate", help="the broadcast-based algorithm of section 6 as a message-passing simulation")
    si.add_argument("system", choices=["broadcast"])
    si.add_argument("--n", type=int, required=True)
    si.add_argument("--f", type=int, required=True)
    si.add_argument("--d", type=int, default=2)
    si.add_argument("--t", type=int, default=1, help="agreement target; iterations t + ceil(log2 h)")
    si.add_argument("--iterations", type=int, default=None)
    si.add_argument("--byzantine", default="equivocate", choices=list(BEHAVIOURS),
                    help="'witness' is the strongest: Byzantine reports split the collected sets (halving is then tight)")
    si.add_argument("--inputs", default="gaussian", choices=["gaussian", "clustered"])
    si.add_argument("--seed", type=int, default=0)
    json_arg(si)
    si.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run the simulation and print one line per iteration and the three checks."""
    from avagree.sim.broadcast import simulate

    r = simulate(args.n, args.f, d=args.d, iterations=args.iterations, t=args.t, byzantine=args.byzantine, seed=args.seed,
                 inputs=args.inputs, progress=True)
    ok = r["halving_holds"] and r["agreement_holds"] and r["averaging_holds"]
    if args.json:
        emit(envelope("simulate", {k: getattr(args, k) for k in ("system", "n", "f", "d", "t", "iterations", "byzantine",
                                                                  "inputs", "seed")},
                      verdict="HOLDS" if ok else "FAILS", **r))
        return 0 if ok else 1
    print(f"broadcast-based averaging agreement, n={r['n']} f={r['f']} q={r['q']} d={r['d']}, {r['iterations']} iterations, "
          f"Byzantine: {r['byzantine']}, seed {r['seed']}")
    for row in r["per_iteration"]:
        print(f"  iteration {row['iteration']:>2}: max Delta^cw ratio {row['cw_ratio']:.4g}, "
              f"common collected >= {row['min_common']} (q = {r['q']}), {row['messages']} messages, {row['rounds']} rounds")
    print(f"  halving every iteration (Theorem 6): {'yes' if r['halving_holds'] else 'NO'} (worst ratio {r['max_cw_ratio_exact']}, exact); "
          f"final Delta_2 ratio {r['final_diameter_ratio']:.3g} (target 2^-t = {r['agreement_target']:.3g}); "
          f"averaging error {r['averaging_error_ratio']:.3g} Delta_2 (bound 2 sqrt(h) = {r['averaging_constant']:.3g})")
    return 0 if ok else 1
