"""``avagree learn``: simulate LEARN (Algorithm 1), either on the Theorem 2
instance (1/2 ||theta - x_j||^2, compared with Theorem 1's bounds) or on
digits with non-iid splits."""

from __future__ import annotations

import argparse
from pathlib import Path

from avagree.cli.common import envelope, emit, json_arg, model_q, params_args
from avagree.errors import ParameterError


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``learn`` and its arguments."""
    le = sub.add_parser("learn", help="simulate LEARN (Algorithm 1): the Theorem 2 instance, or digits (non-iid)")
    le.add_argument("rule", nargs="?", default=None,
                    help="registry rule (theorem2); comma-separated methods for digits, iRULE = the paper's N(k) rounds "
                         "(default mean,cwtm,icwtm,imda)")
    params_args(le)
    le.add_argument("--task", default="theorem2", choices=["theorem2", "digits"])
    le.add_argument("--d", type=int, default=5, help="dimension (theorem2)")
    le.add_argument("--delta", type=float, default=None, help="delta of Theorem 1 (default 0.5 theorem2, 1 digits)")
    le.add_argument("--eta", type=float, default=None, help="digits: learning rate (default the paper's delta/(12 L))")
    le.add_argument("--T", type=int, default=None, help="learning steps (default 64 theorem2, 300 digits)")
    le.add_argument("--seeds", type=int, default=5, help="theorem2: runs averaged")
    le.add_argument("--seed", type=int, default=0, help="first seed (theorem2), the split and run seed (digits)")
    le.add_argument("--attack", default="alie", help="theorem2: the attack")
    le.add_argument("--attacks", default=None, help="digits: comma-separated attacks (default none,sign_flip,alie,ipm,gaussian)")
    le.add_argument("--plot", default=None, metavar="DIR", help="digits: write digits_accuracy.png, digits_disagreement.png")
    json_arg(le)
    le.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run the chosen task with its defaults for delta and T and print the report; exit 0."""
    model, q = model_q(args)
    digits = args.task == "digits"
    args.delta = args.delta if args.delta is not None else (1.0 if digits else 0.5)
    args.T = args.T if args.T is not None else (300 if digits else 64)
    if digits:
        return _learn_digits(args, model, q)
    from avagree.sim.learn import learn_report  # the LEARN simulation (numba kernels)

    if args.rule is None:
        raise ParameterError("rule", None, "learn --task theorem2 needs a RULE (see avagree rules)")
    r = learn_report(args.rule, args.n, args.f, q, model=model, d=args.d, delta=args.delta, T=args.T, seeds=args.seeds,
                     attack=args.attack, seed=args.seed, progress=True)
    if args.json:
        emit(_envelope(args, r))
        return 0
    print(f"LEARN with {r['rule']} at n={r['n']} f={r['f']} q={r['q']} {r['model']}, d={r['d']}, delta={r['delta']}, "
          f"T={r['T']}, {r['seeds']} seeds, attack {r['attack']} (Theorem 2 instance: 1/2 ||theta - x_j||^2)")
    bound = "-" if r["bound_grad_sq"] is None else f"{r['bound_grad_sq']:.4g} = (1+delta)^2 C^2 K^2, C = {r['C']:.4g}"
    print(f"  E ||grad L_bar(theta_*)||^2 = {r['E_grad_sq']:.4g}   (Theorem 1 bound: {bound})")
    print(f"  E Delta_2(theta_*)^2        = {r['E_disagreement_sq']:.4g}   (Theorem 1 bound: delta^2 = {r['delta'] ** 2:.4g})")
    print(f"  aggregation rounds per run: {r['aggregation_rounds']}; T is far below the paper's T_LEARN(delta)")
    return 0


def _envelope(args: argparse.Namespace, r: dict) -> dict:
    """The run in the JSON envelope: the arguments as params, the simulation's numbers as results."""
    params = {k: v for k, v in vars(args).items() if k not in ("func", "json", "command")}
    curves = r.get("curves")
    rest = {k: v for k, v in r.items() if k != "curves"}
    return envelope("learn", params, results=curves, **rest) if curves is not None else \
        envelope("learn", params, results=[rest])


def _learn_digits(args: argparse.Namespace, model: str, q: int) -> int:
    """The digits task: accuracy and disagreement per method and attack, optional plots."""
    from avagree.sim.digits import DEFAULT_ATTACKS, DEFAULT_METHODS, experiment  # sklearn

    methods = DEFAULT_METHODS if args.rule is None else tuple(m for m in args.rule.split(",") if m)
    attacks = DEFAULT_ATTACKS if args.attacks is None else tuple(a for a in args.attacks.split(",") if a)
    r = experiment(args.n, args.f, q, model=model, methods=methods, attacks=attacks, T=args.T, delta=args.delta,
                   eta=args.eta, seed=args.seed, progress=True)
    plots = []
    if args.plot:
        from avagree.audit.plots import learning_curves  # matplotlib

        plots = [str(p) for p in learning_curves(r, Path(args.plot))]
    r["plots"] = plots
    if args.json:
        emit(_envelope(args, r))
        return 0
    print(f"LEARN on digits (non-iid, {r['h']} honest nodes, sizes {min(r['train_sizes'])}..{max(r['train_sizes'])}), "
          f"n={r['n']} f={r['f']} q={r['q']} {r['model']}, T={r['T']}, eta={r['eta']:.4g} ({r['eta_source']}, "
          f"L={r['L']:.4g}), seed {r['seed']}")
    print(f"  {'method':<8} {'attack':<12} {'accuracy':>8} {'worst node':>10} {'Delta_2':>10} {'agg. rounds':>11} {'seconds':>8}")
    for c in r["curves"]:
        tail = f"  diverged (non-finite models) at step {c['diverged_at']}" if c["diverged_at"] is not None else ""
        print(f"  {c['method']:<8} {c['attack']:<12} {c['accuracy'][-1]:>8.3f} {c['worst_accuracy'][-1]:>10.3f} "
              f"{c['disagreement'][-1]:>10.3g} {c['aggregation_rounds']:>11} {c['seconds']:>8.1f}{tail}")
    for p in plots:
        print(f"  plot: {p}")
    return 0
