"""``avagree simulate broadcast``: the broadcast-based algorithm of section 6
as a message-passing simulation (:func:`avagree.sim.broadcast.simulate`);
exit 0 when Theorem 6's halving, agreement and 2 sqrt(h)-averaging all hold.
With ``--search``, a seeded search over the adversary's schedules
(:func:`avagree.sim.schedule_search.search`): exit 1 when it finds a
trajectory breaking one of Theorem 6's bounds (saved, replayed exactly), else 0."""

from __future__ import annotations

import argparse

from avagree.cli.common import envelope, emit, epilog, json_arg, out_arg
from avagree.errors import InputError

EXAMPLES = """  avagree simulate broadcast --n 4 --f 1 --byzantine witness --inputs clustered
  avagree simulate broadcast --n 7 --f 2 --search --t 2 --budget 200 --objective overlap --out avagree-out
  avagree replay avagree-out/broadcast_search_n7_f2_t2_overlap_s0.json"""

#: the scripted runs' options, which --search does not take, with their defaults
SCRIPTED = {"byzantine": "equivocate", "inputs": "gaussian", "iterations": None}


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``simulate`` and its arguments."""
    from avagree.sim.broadcast import BEHAVIOURS
    from avagree.sim.schedule_search import OBJECTIVES

    from avagree.sim.limits import SIMULATE_HELP

    si = sub.add_parser("simulate", help="the broadcast-based algorithm of section 6 as a message-passing simulation",
                        epilog=SIMULATE_HELP + "\n\n" + epilog(EXAMPLES, "0 every check holds (--search: no violation found, which is not a "
                                                "proof); 1 a check fails (--search: a violation, saved); 2 usage error"))
    si.add_argument("system", choices=["broadcast"], help="broadcast: the algorithm of section 6")
    si.add_argument("--n", type=int, required=True, help="number of nodes")
    si.add_argument("--f", type=int, required=True, help="number of Byzantine nodes")
    si.add_argument("--d", type=int, default=2, help="dimension of the inputs (default 2)")
    si.add_argument("--t", type=int, default=None, help="agreement target; iterations t + ceil(log2 h) "
                                                         "(default 1, with --search 2)")
    si.add_argument("--iterations", type=int, default=None, help="iterations to run (default from --t)")
    si.add_argument("--byzantine", default=None, choices=list(BEHAVIOURS),
                    help="'witness' is the strongest: Byzantine reports split the collected sets (halving is then tight); "
                         "default equivocate")
    si.add_argument("--inputs", default=None, choices=["gaussian", "clustered"], help="default gaussian")
    si.add_argument("--seed", type=int, default=0, help="seed of the inputs, schedules and search (default 0)")
    si.add_argument("--search", action="store_true",
                    help="search the adversary's schedules, Byzantine values and reports (seeded; docs/broadcast.md)")
    si.add_argument("--budget", type=int, default=200, help="--search: executions of one iteration in all (default 200)")
    si.add_argument("--objective", default="ratio", choices=list(OBJECTIVES),
                    help="--search: maximise the per-iteration ratio, minimise the overlap of collected sets, or "
                         "maximise the drift of the honest mean")
    out_arg(si, "--search trajectories (a violation is saved by default; the best found only with --out)")
    json_arg(si)
    si.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run the simulation and print one line per iteration and the three checks."""
    from avagree.sim.broadcast import simulate

    _check_size(args)
    if args.search:
        given = [k for k in SCRIPTED if getattr(args, k) is not None]
        if given:
            raise InputError(f"--search chooses its own adversary and iterations: drop --{', --'.join(given)}")
        return run_search(args)
    for k, default in SCRIPTED.items():
        setattr(args, k, default if getattr(args, k) is None else getattr(args, k))
    args.t = 1 if args.t is None else args.t
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


def _check_size(args: argparse.Namespace) -> None:
    """The size limits (:mod:`avagree.sim.limits`), before any work: the iterations asked, or those that
    --t gives (t + ceil(log2 h), Theorem 6)."""
    import math

    from avagree.sim.limits import check_simulate

    t = args.t if args.t is not None else (2 if args.search else 1)
    iterations = args.iterations if args.iterations is not None else \
        t + math.ceil(math.log2(args.n - args.f)) if args.n - args.f >= 1 and isinstance(t, int) and t >= 0 else None
    check_simulate(args.n, args.f, args.d, iterations, args.budget if args.search else None)


def run_search(args: argparse.Namespace) -> int:
    """``--search``: the best trajectory found against Theorem 6's bounds, exactly."""
    from avagree.harness.outputs import witness_dir
    from avagree.sim.schedule_search import save, search, summary

    t = 2 if args.t is None else args.t
    r = search(args.n, args.f, d=args.d, t=t, budget=args.budget, seed=args.seed, objective=args.objective)
    s = summary(r)
    path = None
    if s["violated"] or args.out is not None:
        with witness_dir(args.out) as folder:
            path = save(r, folder)
    params = {"system": "broadcast", "search": True, **{k: getattr(args, k) for k in ("n", "f", "d", "seed", "budget",
                                                                                        "objective")}, "t": t}
    verdict = "VIOLATED" if s["violated"] else "HOLDS"
    if args.json:
        emit(envelope("simulate", params, verdict=verdict, witness=path, **s))
        return 1 if s["violated"] else 0
    print(f"broadcast-based averaging agreement under searched schedules, n={args.n} f={args.f} q={s['q']} d={args.d} "
          f"t={t}, {len(s['per_iteration_ratio'])} iterations; objective {args.objective}, {s['executions']} executions, "
          f"seed {args.seed}")
    for i, (ratio, common) in enumerate(zip(s["per_iteration_ratio"], s["per_iteration_common"]), 1):
        print(f"  iteration {i:>2}: max Delta^cw ratio {ratio} (bound {s['cw_ratio_bound']}), "
              f"least overlap {common} (q = {s['q']})")
    print(f"  after all: Delta_2 ratio^2 {s['agreement_sq']} (bound 4^-t = {s['agreement_sq_bound']}); averaging error^2 "
          f"{s['averaging_sq']} Delta_2^2 (bound C^2 = {s['averaging_sq_bound']})")
    if s["violated"]:
        print(f"  VIOLATED: {', '.join(s['violated'])}, replayed exactly")
    else:
        print("  no violation found (a search, not a proof)")
    if path:
        print(f"  trajectory: {path}\n  replay:     avagree replay {path}")
    return 1 if s["violated"] else 0
