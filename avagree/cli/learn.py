"""``avagree learn``: simulate LEARN (Algorithm 1), either on the Theorem 2
instance (1/2 ||theta - x_j||^2, compared with Theorem 1's bounds) or on
digits with non-iid splits; or (``--task recipe``) evaluate Theorem 1's recipe
for T_LEARN(delta), as the paper writes it and from the steps that hold."""

from __future__ import annotations

import argparse
from fractions import Fraction
from pathlib import Path

from avagree.cli.common import envelope, emit, epilog, json_arg, model_q, out_dir_type, params_args
from avagree.errors import ParameterError


EXAMPLES = """  avagree learn mda --n 7 --f 1 --T 32 --seeds 3
  avagree learn --task digits --n 10 --f 2 --attacks none,alie --T 100 --json
  avagree learn icwtm,xcwtm,optimal,imda --task digits --n 13 --f 2   # the optimal L-statistic beside CwTM, MDA
  avagree learn mda --task recipe --n 7 --f 1"""


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``learn`` and its arguments."""
    from avagree.sim.limits import LEARN_HELP

    le = sub.add_parser("learn", help="simulate LEARN (Algorithm 1): the Theorem 2 instance, or digits (non-iid)",
                        epilog=LEARN_HELP + "\n\n" + epilog(EXAMPLES, "0 the run finished (a measurement, not a verdict); 2 usage error"))
    le.add_argument("rule", nargs="?", default=None,
                    help="registry rule (theorem2); comma-separated methods for digits: RULE once per AVG, iRULE = the "
                         "paper's N(k) rounds, xRULE = an L-statistic (cwtm, median, lstat:W1,...,Wq, ...) with rounds "
                         "from its exact one-round factor, optimal = the certified least-contraction L-statistic at "
                         "(n, f, q) so iterated (default mean,cwtm,icwtm,imda)")
    params_args(le)
    le.add_argument("--task", default="theorem2", choices=["theorem2", "digits", "recipe"],
                    help="theorem2 (default): the Theorem 2 instance against Theorem 1's bounds; digits: scikit-learn's "
                         "digits split non-iid; recipe: Theorem 1's T_LEARN(delta), as written and corrected")
    le.add_argument("--d", type=int, default=5, help="dimension (theorem2)")
    le.add_argument("--delta", type=float, default=None, help="delta of Theorem 1 (default 0.5 theorem2, 1 digits)")
    le.add_argument("--eta", type=float, default=None, help="digits: learning rate (default the paper's delta/(12 L))")
    le.add_argument("--T", type=int, default=None, help="learning steps (default 64 theorem2, 300 digits)")
    le.add_argument("--seeds", type=int, default=5, help="theorem2: runs averaged")
    le.add_argument("--seed", type=int, default=0, help="first seed (theorem2), the split and run seed (digits)")
    le.add_argument("--attack", default="alie", help="theorem2: the attack")
    le.add_argument("--attacks", default=None, help="digits: comma-separated attacks (default none,sign_flip,alie,ipm,gaussian)")
    le.add_argument("--plot", default=None, metavar="DIR", type=out_dir_type("--plot"), help="digits: write digits_accuracy.png, digits_disagreement.png")
    le.add_argument("--L", type=Fraction, default=Fraction(1), help="recipe: smoothness L (default 1)")
    le.add_argument("--K", type=Fraction, default=Fraction(1), help="recipe: largest gradient gap K (default 1)")
    le.add_argument("--sigma0", type=Fraction, default=Fraction(1, 10),
                    help="recipe: noise schedule sigma_t = sigma0/sqrt(t) (default 1/10, as the theorem2 task)")
    le.add_argument("--Lmax", type=Fraction, default=Fraction(1), help="recipe: bound L_max on the initial losses")
    json_arg(le)
    le.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run the chosen task with its defaults for delta and T and print the report; exit 0."""
    model, q = model_q(args)
    digits = args.task == "digits"
    args.delta = args.delta if args.delta is not None else (1.0 if digits else 0.5)
    args.T = args.T if args.T is not None else (300 if digits else 64)
    if args.task != "recipe":  # the size limits (avagree.sim.limits), before any work; recipe is symbolic
        from avagree.sim.limits import DIGITS_D, check_learn

        check_learn(args.n, args.f, q, DIGITS_D if digits else args.d, args.T, 1 if digits else args.seeds)
    if digits:
        return _learn_digits(args, model, q)
    if args.task == "recipe":
        return _recipe(args, model, q)
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
    bound = "-" if r["bound_grad_sq"] is None else f"{r['bound_grad_sq']:.4g} = (1+delta)^2 C^2 K^2, C = {r['C']} (~{r['C_float']:.4g})"
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
    from avagree.sim.digits import DEFAULT_ATTACKS, DEFAULT_METHODS, experiment, split_methods  # sklearn

    methods = DEFAULT_METHODS if args.rule is None else split_methods(args.rule)
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
    width = max(8, *(len(c["method"]) for c in r["curves"]))
    print(f"  {'method':<{width}} {'attack':<12} {'accuracy':>8} {'worst node':>10} {'Delta_2':>10} {'agg. rounds':>11} "
          f"{'seconds':>8}")
    for c in r["curves"]:
        tail = f"  diverged (non-finite models) at step {c['diverged_at']}" if c["diverged_at"] is not None else ""
        print(f"  {c['method']:<{width}} {c['attack']:<12} {c['accuracy'][-1]:>8.3f} {c['worst_accuracy'][-1]:>10.3f} "
              f"{c['disagreement'][-1]:>10.3g} {c['aggregation_rounds']:>11} {c['seconds']:>8.1f}{tail}")
    for c in r["curves"]:
        if c["policy"] == "exact" and c["attack"] == r["curves"][0]["attack"]:
            print(f"  {c['method']}: {c['rule']}, exact one-round factor {c['factor']} (rounds to N_ICwTM's target; "
                  "an upper bound by composition)")
    for p in plots:
        print(f"  plot: {p}")
    return 0


def _recipe(args: argparse.Namespace, model: str, q: int) -> int:
    """Theorem 1's T_LEARN(delta) for the rule's averaging constant C (avagree constants), both recipes."""
    import sympy as sp

    from avagree.algorithms import RULES
    from avagree.proofs import constants
    from avagree.proofs.learn import t_learn

    if args.rule is None or args.rule not in RULES or not RULES[args.rule].constants:
        raise ParameterError("rule", args.rule, "learn --task recipe needs a rule with constants (see avagree constants)")
    c = constants(RULES[args.rule].constants, args.n, args.f, q, model)
    if not c.feasible or c.averaging_constant is None:
        raise ParameterError("n, f, q", (args.n, args.f, q), "the paper's hypotheses fail: no averaging constant C")
    for name in ("L", "K", "sigma0", "Lmax"):
        if getattr(args, name) <= 0:
            raise ParameterError(name, str(getattr(args, name)), "must be positive")
    sigma0 = sp.Rational(args.sigma0.numerator, args.sigma0.denominator)
    C, delta = sp.nsimplify(c.averaging_constant), sp.nsimplify(args.delta)
    plans = {name: t_learn(delta, args.L, args.K, C, args.n - args.f, lambda t: sigma0 / sp.sqrt(t), sigma0, args.Lmax,
                           corrected=corrected) for name, corrected in (("paper", False), ("corrected", True))}
    out = {"rule": args.rule, "n": args.n, "f": args.f, "q": q, "model": model, "C": sp.sstr(C), "delta": sp.sstr(delta),
           "L": str(args.L), "K": str(args.K), "sigma_t": f"({args.sigma0})/sqrt(t)", "L_max": str(args.Lmax),
           **{name: {"eta": sp.sstr(p.eta), "nu": sp.sstr(p.nu), "A": float(p.A), "B": float(p.B), "D": float(p.D),
                     **{k: float(v) for k, v in p.T.items()}, "T_LEARN": p.T_learn} for name, p in plans.items()}}
    if args.json:
        params = {k: out[k] for k in ("rule", "n", "f", "q", "model", "delta", "L", "K", "sigma_t", "L_max")}
        emit(envelope("learn", {"task": "recipe", **params}, results=[{"recipe": name, **out[name]} for name in plans],
                      C=out["C"]))
        return 0
    print(f"Theorem 1's T_LEARN(delta = {out['delta']}) for {args.rule} at n={args.n} f={args.f} q={q} {model}: "
          f"C = {out['C']} (~{float(C):.4g}), L = {args.L}, K = {args.K}, sigma_t = {out['sigma_t']}, L_max = {args.Lmax}")
    keys = ["eta", "nu", "A", "B", "D", "T1", "T2", "T3", "T4", "T5", "T6", "T7", "T8", "T_LEARN"]
    print(f"  {'':<10}" + "".join(f"{k:>11}" for k in keys))
    for name in plans:
        row = out[name]
        print(f"  {name:<10}" + "".join(f"{row[k]:>11}" if isinstance(row[k], str) else f"{row[k]:>11.4g}" for k in keys))
    print("  paper: Algorithm 1 and Theorem 1 as written; corrected: the steps that hold (docs/learn.md, "
          "avagree audit rows proof-lemma8-*, proof-lemma10-*, proof-theorem1-*)")
    return 0
