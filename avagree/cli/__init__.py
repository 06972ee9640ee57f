"""The ``avagree`` command line. Exit codes: 0 success (or PROVED / nothing
violated), 1 counterexample or failed replay, 2 usage or input error,
3 UNKNOWN. Errors are one line on stderr, never a traceback."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, Sequence

from avagree.errors import AvagreeError, ParameterError
from avagree.model.execution import default_q


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2
        sys.stderr.write(f"{self.prog}: error: {message}\n")
        raise SystemExit(2)


def _params_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--n", type=int, required=True, help="number of nodes")
    p.add_argument("--f", type=int, required=True, help="declared number of Byzantine nodes")
    p.add_argument("--q", type=int, default=None, help="vectors heard per round (default n - f, or n with --sync)")
    p.add_argument("--sync", action="store_true", help="synchronous model (q = n)")


def _model_q(args: argparse.Namespace) -> tuple[str, int]:
    model = "sync" if args.sync else "async"
    q = args.q if args.q is not None else default_q(args.n, args.f, model)
    return model, q


def cmd_rules(args: argparse.Namespace) -> int:
    from avagree.algorithms import RULES

    rows = [(r.name, r.section, r.min_q_text, r.claim) for r in RULES.values()]
    if args.json:
        print(json.dumps([dict(zip(("rule", "section", "needs", "paper_claim"), row)) for row in rows], indent=1))
        return 0
    width = max(len(r[0]) for r in rows)
    for name, section, need, claim in rows:
        print(f"{name:<{width}}  sec {section:<10} {need:<12} {claim}")
    return 0


def _show(v: Any) -> str:
    import sympy as sp

    if v is None:
        return "-"
    if isinstance(v, (int, str)):
        return str(v)
    v = sp.nsimplify(v)
    return sp.sstr(v) if v.is_Integer else f"{sp.sstr(v)} (~{float(v):.6g})"


def cmd_constants(args: argparse.Namespace) -> int:
    from avagree.proofs import constants

    model, q = _model_q(args)
    c = constants(args.rule, args.n, args.f, q, model, t=args.t, d=args.d)
    if args.json:
        print(json.dumps(c.as_json(), indent=1))
        return 0
    print(f"{c.rule} at n={c.n}, f={c.f}, q={c.q}, {c.model}  (h = {c.n - c.f})")
    print(f"hypothesis: {c.hypothesis}")
    if not c.feasible:
        print("NOT FEASIBLE: the paper's hypotheses cannot hold for these parameters:")
        for line in c.failed:
            print(f"  - {line}")
        print(f"Theorem 4 lower bound on any averaging constant: {_show(c.lower_bound)}")
        return 0
    print(f"eps admitted:       0 {'<' if c.rule == 'mda' or c.rule == 'cva' else '<='} eps <= {_show(c.eps_max)}{'' if c.eps_max_attained else ' (supremum)'}; used eps = {_show(c.eps)}")
    print(f"eps_tilde:          {_show(c.eps_tilde)}")
    print(f"contraction factor: {_show(c.contraction_factor)}  on {c.contraction_on}")
    print(f"averaging constant: {_show(c.averaging_constant)}")
    print(f"iterations for t={c.t}: {_show(c.iterations)}")
    print(f"Theorem 4 lower bound: {_show(c.lower_bound)}")
    for k, v in c.extra.items():
        print(f"{k}: {_show(v)}")
    for note in c.notes:
        print(f"note: {note}")
    return 0


def cmd_replay(args: argparse.Namespace) -> int:
    from avagree.model import witness

    files = [Path(p) for p in args.files]
    if not files:
        from avagree.counterexamples import paths

        files = paths()
    bad = 0
    for path in files:
        try:
            w = witness.load(path)
            r = witness.replay(w)
        except AvagreeError as exc:
            print(f"FAIL  {path}: {exc}")
            bad += 1
            continue
        print(f"{'OK  ' if r.ok else 'FAIL'}  {path}: {w.rule} n={w.params.n} f={w.params.f} q={w.params.q} {w.params.model}: {r.reason}")
        bad += not r.ok
    return 1 if bad else 0


def cmd_witnesses(args: argparse.Namespace) -> int:
    from avagree.adversaries.witnesses import all_paper_witnesses

    out = Path(args.out)
    for name, w in all_paper_witnesses():
        print(w.save(out / name))
    if args.z3:
        from avagree.audit.runner import z3_witnesses

        for path in z3_witnesses(str(out)):
            print(path)
    return 0


def _bound(text: str | None, spec: str) -> Any:
    from fractions import Fraction

    from avagree.model.numbers import parse_rational

    if text is None:
        return Fraction(1) if spec == "contraction" else Fraction(0)
    return parse_rational(text, name="--bound")


def cmd_check(args: argparse.Namespace) -> int:
    from avagree.smt import COUNTEREXAMPLE, PROVED, check

    model, q = _model_q(args)
    bound = _bound(args.bound, args.spec)
    if args.spec == "averaging" and args.bound is None:
        raise AvagreeError("averaging needs --bound C2 (the averaging constant squared, e.g. 16/25 or 24 for 2 sqrt(6))")
    res = check(args.rule, args.n, args.f, q, model, spec=args.spec, bound=bound, rounds=args.rounds,
                timeout=args.timeout, d=args.d, strict=True if args.strict else None, save_dir=args.out, progress=True)
    if args.json:
        print(json.dumps(res.as_json(), indent=1))
    else:
        sc = res.scope
        print(f"{res.verdict}  {sc['rule']} n={sc['n']} f={sc['f']} q={sc['q']} d={sc['d']} {sc['model']} rounds={sc['rounds']} "
              f"spec={sc['spec']} bound={sc['bound']}{' (strict)' if sc['strict'] else ''}  [{res.seconds:.2f}s]")
        print(f"  {res.reason}")
        if res.path:
            print(f"  witness: {res.path}")
        if res.verdict == PROVED:
            print(f"  scope: {sc['wlog']}")
    return {PROVED: 0, COUNTEREXAMPLE: 1}.get(res.verdict, 3)


def cmd_worst(args: argparse.Namespace) -> int:
    from avagree.smt import PROVED, worst

    model, q = _model_q(args)
    res = worst(args.rule, args.n, args.f, q, model, spec=args.spec, timeout=args.timeout, d=args.d)
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


def cmd_sweep(args: argparse.Namespace) -> int:
    from avagree.smt.sweep import parse_range, run_sweep

    rows = run_sweep(args.rule, parse_range(args.f, "--f"), args.n, sync=args.sync, spec=args.spec, timeout=args.timeout,
                     jobs=args.jobs, out=args.out, json_out=args.json)
    return 1 if any(r["verdict"] == "COUNTEREXAMPLE" for r in rows) else (3 if any(r["verdict"] == "UNKNOWN" for r in rows) else 0)


def cmd_tables(args: argparse.Namespace) -> int:
    from avagree.audit.tables import write_table

    if args.out:
        with open(args.out, "w") as fh:
            write_table(args.name, fh)
    else:
        write_table(args.name, sys.stdout)
    return 0


def cmd_fuzz(args: argparse.Namespace) -> int:
    from avagree.oracle.engine import DEFAULT_SPECS, check as oracle_check

    model, q = _model_q(args)
    bounds = {}
    for item in args.bound or []:
        spec, _, value = item.partition("=")
        from avagree.model.numbers import parse_rational

        bounds[spec] = parse_rational(value, name=f"--bound {spec}")
    rep = oracle_check(args.rule, args.n, args.f, q, model=model, d=args.d, specs=args.spec or DEFAULT_SPECS,
                       bounds=bounds, examples=args.examples, seed=args.seed, save_dir=args.out, progress=True)
    print(json.dumps(rep.as_json(), indent=1) if args.json else rep)
    return 0 if rep.ok else 1


def cmd_learn(args: argparse.Namespace) -> int:
    model, q = _model_q(args)
    digits = args.task == "digits"
    args.delta = args.delta if args.delta is not None else (1.0 if digits else 0.5)
    args.T = args.T if args.T is not None else (300 if digits else 64)
    if digits:
        return _learn_digits(args, model, q)
    from avagree.sim.learn import learn_report

    if args.rule is None:
        raise ParameterError("rule", None, "learn --task theorem2 needs a RULE (see avagree rules)")
    r = learn_report(args.rule, args.n, args.f, q, model=model, d=args.d, delta=args.delta, T=args.T, seeds=args.seeds,
                     attack=args.attack, seed=args.seed, progress=True)
    if args.json:
        print(json.dumps(r, indent=1))
        return 0
    print(f"LEARN with {r['rule']} at n={r['n']} f={r['f']} q={r['q']} {r['model']}, d={r['d']}, delta={r['delta']}, "
          f"T={r['T']}, {r['seeds']} seeds, attack {r['attack']} (Theorem 2 instance: 1/2 ||theta - x_j||^2)")
    bound = "-" if r["bound_grad_sq"] is None else f"{r['bound_grad_sq']:.4g} = (1+delta)^2 C^2 K^2, C = {r['C']:.4g}"
    print(f"  E ||grad L_bar(theta_*)||^2 = {r['E_grad_sq']:.4g}   (Theorem 1 bound: {bound})")
    print(f"  E Delta_2(theta_*)^2        = {r['E_disagreement_sq']:.4g}   (Theorem 1 bound: delta^2 = {r['delta'] ** 2:.4g})")
    print(f"  aggregation rounds per run: {r['aggregation_rounds']}; T is far below the paper's T_LEARN(delta)")
    return 0


def _learn_digits(args: argparse.Namespace, model: str, q: int) -> int:
    from avagree.sim.digits import DEFAULT_ATTACKS, DEFAULT_METHODS, experiment

    methods = DEFAULT_METHODS if args.rule is None else tuple(m for m in args.rule.split(",") if m)
    attacks = DEFAULT_ATTACKS if args.attacks is None else tuple(a for a in args.attacks.split(",") if a)
    r = experiment(args.n, args.f, q, model=model, methods=methods, attacks=attacks, T=args.T, delta=args.delta,
                   eta=args.eta, seed=args.seed, progress=True)
    plots = []
    if args.plot:
        from avagree.audit.plots import learning_curves

        plots = [str(p) for p in learning_curves(r, Path(args.plot))]
    r["plots"] = plots
    if args.json:
        print(json.dumps(r, indent=1))
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


def cmd_simulate(args: argparse.Namespace) -> int:
    from avagree.sim.broadcast import simulate

    r = simulate(args.n, args.f, d=args.d, iterations=args.iterations, t=args.t, byzantine=args.byzantine, seed=args.seed,
                 inputs=args.inputs, progress=True)
    if args.json:
        print(json.dumps(r, indent=1))
        return 0
    print(f"broadcast-based averaging agreement, n={r['n']} f={r['f']} q={r['q']} d={r['d']}, {r['iterations']} iterations, "
          f"Byzantine: {r['byzantine']}, seed {r['seed']}")
    for row in r["per_iteration"]:
        print(f"  iteration {row['iteration']:>2}: max Delta^cw ratio {row['cw_ratio']:.4g}, "
              f"common collected >= {row['min_common']} (q = {r['q']}), {row['messages']} messages, {row['rounds']} rounds")
    print(f"  halving every iteration (Theorem 6): {'yes' if r['halving_holds'] else 'NO'} (worst ratio {r['max_cw_ratio_exact']}, exact); "
          f"final Delta_2 ratio {r['final_diameter_ratio']:.3g} (target 2^-t = {r['agreement_target']:.3g}); "
          f"averaging error {r['averaging_error_ratio']:.3g} Delta_2 (bound 2 sqrt(h) = {r['averaging_constant']:.3g})")
    return 0 if r["halving_holds"] and r["agreement_holds"] and r["averaging_holds"] else 1


def cmd_audit(args: argparse.Namespace) -> int:
    from avagree.audit import run_audit

    return run_audit(quick=args.quick, json_path=args.json, out_dir=Path(args.out), jobs=args.jobs,
                     scheduler=args.scheduler, timeout=args.timeout)


def build_parser() -> argparse.ArgumentParser:
    from avagree.algorithms import RULES
    from avagree.oracle.engine import ORACLE_SPECS
    from avagree.sim.broadcast import BEHAVIOURS
    from avagree.smt.engine import SPECS as SMT_SPECS, WORST_SPECS

    p = _Parser(prog="avagree", description="Checker and test oracle for Byzantine-resilient averaging agreement.")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    a = sub.add_parser("audit", help="check every claim of the paper the tool can check (the main job)")
    a.add_argument("--quick", action="store_true", help="a smaller run (under a minute)")
    a.add_argument("--json", metavar="PATH", help="write the report as JSON")
    a.add_argument("--out", default="avagree-out", help="folder for witnesses and pictures (default avagree-out)")
    a.add_argument("--jobs", type=int, default=1, help="parallel processes")
    a.add_argument("--scheduler", default=None, metavar="ADDRESS", help="run on a Dask distributed cluster (dask extra)")
    a.add_argument("--timeout", type=float, default=60.0, help="Z3 time-out per case, seconds (default 60)")
    a.set_defaults(func=cmd_audit)

    c = sub.add_parser("constants", help="the paper's constants, eps range and iteration count for (n, f, q)")
    c.add_argument("rule", help=" | ".join(dict.fromkeys(r.constants for r in RULES.values() if r.constants)))
    _params_args(c)
    c.add_argument("--t", type=int, default=1, help="agreement target t of AVG_t (default 1)")
    c.add_argument("--d", type=int, default=None, help="dimension, for Remark 3's min{2 sqrt(h), sqrt(d)}")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_constants)

    r = sub.add_parser("replay", help="replay witness files in exact arithmetic (default: the committed ones)")
    r.add_argument("files", nargs="*")
    r.set_defaults(func=cmd_replay)

    w = sub.add_parser("witnesses", help="regenerate the witnesses of the paper's own constructions")
    w.add_argument("--out", default="counterexamples")
    w.add_argument("--z3", action="store_true", help="also the Z3 counterexamples of the full audit")
    w.set_defaults(func=cmd_witnesses)

    ch = sub.add_parser("check", help="decide a spec with Z3: PROVED / COUNTEREXAMPLE / UNKNOWN (exit 0 / 1 / 3)")
    ch.add_argument("rule", help=" | ".join(n for n, r in RULES.items() if r.encoding is not None))
    _params_args(ch)
    ch.add_argument("--d", type=int, default=1, help="dimension: 1, or >= 2 for one round of MDA contraction (nonlinear)")
    ch.add_argument("--spec", default="contraction", choices=SMT_SPECS)
    ch.add_argument("--bound", default=None,
                    help="contraction factor c (default 1: no contraction at all), or C^2 for averaging (rational, e.g. 16/25)")
    ch.add_argument("--strict", action="store_true", help="a violation is Delta(out) >= c Delta(in) (default for c = 1)")
    ch.add_argument("--rounds", type=int, default=1)
    ch.add_argument("--timeout", type=float, default=60.0, help="seconds (default 60); a time-out is UNKNOWN")
    ch.add_argument("--out", default="counterexamples", help="folder for the witness file (default counterexamples)")
    ch.add_argument("--json", action="store_true")
    ch.set_defaults(func=cmd_check)

    wo = sub.add_parser("worst", help="exact supremum of the one-round contraction factor or averaging error (Z3)")
    wo.add_argument("rule")
    _params_args(wo)
    wo.add_argument("--spec", default="contraction", choices=WORST_SPECS)
    wo.add_argument("--d", type=int, default=1, help="dimension; d >= 2 (MDA contraction): proved bounds, not the value")
    wo.add_argument("--timeout", type=float, default=60.0)
    wo.add_argument("--out", default=None, help="folder to save the attaining execution as a witness")
    wo.add_argument("--json", action="store_true")
    wo.set_defaults(func=cmd_worst)

    sw = sub.add_parser("sweep", help="a table of Z3 verdicts over a range of (n, f)")
    sw.add_argument("rule")
    sw.add_argument("--f", default="1..2", help="range of f, e.g. 1..2")
    sw.add_argument("--n", default="3f+1..7f+1", help="range of n in terms of f, e.g. 3f+1..7f+1")
    sw.add_argument("--sync", action="store_true")
    sw.add_argument("--spec", default="contraction", choices=[s for s in SMT_SPECS if s != "averaging"])
    sw.add_argument("--timeout", type=float, default=60.0)
    sw.add_argument("--jobs", type=int, default=1)
    sw.add_argument("--out", default=None, help="folder for witnesses found")
    sw.add_argument("--json", action="store_true")
    sw.set_defaults(func=cmd_sweep)

    fz = sub.add_parser("fuzz", help="adversarial search against the specs, for any rule (registry name or module:function)")
    fz.add_argument("rule")
    _params_args(fz)
    fz.add_argument("--d", type=int, default=2)
    fz.add_argument("--spec", action="append", choices=ORACLE_SPECS)
    fz.add_argument("--bound", action="append", metavar="SPEC=VALUE", help="e.g. contraction=4/5 or averaging=8/3")
    fz.add_argument("--examples", type=int, default=300, help="executions tried per spec (default 300)")
    fz.add_argument("--seed", type=int, default=0)
    fz.add_argument("--out", default="counterexamples", help="folder for witnesses (default counterexamples)")
    fz.add_argument("--json", action="store_true")
    fz.set_defaults(func=cmd_fuzz)

    le = sub.add_parser("learn", help="simulate LEARN (Algorithm 1): the Theorem 2 instance, or digits (non-iid)")
    le.add_argument("rule", nargs="?", default=None,
                    help="registry rule (theorem2); comma-separated methods for digits, iRULE = the paper's N(k) rounds "
                         "(default mean,cwtm,icwtm,imda)")
    _params_args(le)
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
    le.add_argument("--json", action="store_true")
    le.set_defaults(func=cmd_learn)

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
    si.add_argument("--json", action="store_true")
    si.set_defaults(func=cmd_simulate)

    tb = sub.add_parser("tables", help="regenerate a docs table: constants | z3 | oracle | broadcast")
    tb.add_argument("name", choices=["constants", "z3", "oracle", "broadcast"])
    tb.add_argument("--out", default=None, help="write to this file (default stdout)")
    tb.set_defaults(func=cmd_tables)

    lr = sub.add_parser("rules", help="list the reference rules and the paper's claims for them")
    lr.add_argument("--json", action="store_true")
    lr.set_defaults(func=cmd_rules)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return args.func(args)
    except AvagreeError as exc:
        sys.stderr.write(f"avagree: error: {exc}\n")
        return 2
    except KeyboardInterrupt:
        sys.stderr.write("avagree: interrupted\n")
        return 130


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
