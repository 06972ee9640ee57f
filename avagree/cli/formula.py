"""``avagree formula``: the exact one-round contraction factor and averaging error of an
order-based rule (d = 1, and each coordinate of its coordinate-wise lift) as closed forms in
n, f, q (:mod:`avagree.proofs.exact`), with their region of validity; the parameterised proof
obligations (:mod:`avagree.smt.parametric`) are decided again on every call, and ``proof`` is
``"parameterised"`` only when all of them go through. MDA (contraction, d = 1,
:mod:`avagree.proofs.exact_mda`): its Z3 obligations (:mod:`avagree.smt.mda_parametric`) and sympy
families (:mod:`avagree.proofs.mda_family`). Exit 0 when they do, 3 otherwise."""

from __future__ import annotations

import argparse
from typing import Any

from avagree.cli.common import emit, envelope, epilog, json_arg, out_file_type
from avagree.harness.user_rules import resolve_name


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``formula`` and its arguments."""
    fo = sub.add_parser("formula", help="exact one-round constants of mean/median/cwtm/trimmed-middle/mda/cva as closed forms "
                                        "in n, f, q, proved for all parameters",
                            epilog=epilog("  avagree formula cwtm\n  avagree formula median --spec averaging --sync --json\n"
                                          "  avagree formula mda --sync\n  avagree formula cva --json\n"
                                          "  avagree formula cwtm --n 40 --f 5   # the value there, the class optimum, the ratio",
                                          "0 every proof obligation went through; 3 one did not; 2 usage error"))
    fo.add_argument("rule", help="mean | median | cwtm | trimmed-middle | mda (d = 1) | cva (contraction, d = 1) | select (step "
                                 "n - q + f) | optimum (the least values over the L-statistics of avagree optimal); "
                                 "icwtm and imda name the one-round cwtm and mda")
    fo.add_argument("--spec", choices=("contraction", "averaging"), default=None, help="default: both (cva: contraction)")
    fo.add_argument("--sync", action="store_true", help="synchronous model (q = n)")
    fo.add_argument("--n", type=int, default=None, help="with --f: the value at this instance beside the class optimum "
                                                        "(least over L-statistics, certified LP) and the exact ratio")
    fo.add_argument("--f", type=int, default=None, help="with --n: see --n")
    fo.add_argument("--q", type=int, default=None, help="with --n, --f: vectors heard (default n - f, or n with --sync)")
    json_arg(fo)
    fo.add_argument("--plot", default=None, metavar="PNG", type=out_file_type("--plot"),
                    help="cwtm: draw the exact factor against Lemma 15's bound over n (q = n - f, f = 1, 2, 3); "
                         "mda: the exact factor against Lemma 12 and the rounds to 2^-10 against N(t)")
    fo.set_defaults(func=run)


def plot_cwtm(path: str, fs: tuple[int, ...] = (1, 2, 3), n_max: int = 60) -> None:
    """The exact one-round CwTM factor (q = n - f) against Lemma 15's 1 - eps_tilde where Assumption 6 holds."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from avagree.proofs import constants
    from avagree.proofs.exact import exact_value

    fig, ax = plt.subplots(figsize=(7, 4))
    for F, colour in zip(fs, ("C0", "C1", "C2")):
        ns = range(3 * F + 1, n_max + 1)
        ax.plot(ns, [float(exact_value("cwtm", "contraction", N, F, N - F)) for N in ns], color=colour,
                label=f"exact, f = {F}")
        feasible = [(N, constants("cwtm", N, F, N - F)) for N in ns]
        paper = [(N, float(c.contraction_factor)) for N, c in feasible if c.feasible]
        ax.plot([N for N, _ in paper], [v for _, v in paper], color=colour, linestyle="--",
                label=f"Lemma 15's 1 - eps_tilde, f = {F}")
    ax.set_xlabel("n  (q = n - f, asynchronous)")
    ax.set_ylabel("one-round contraction factor of CwTM")
    ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def composition(rule: str, proved: bool) -> dict[str, Any] | None:
    """Several rounds from the one-round factor c (issue 29, item 3): the T-round supremum is c^T, for the rules
    whose lower-bound family composes (:data:`avagree.proofs.exact_rounds.COMPOSED`); None for the others."""
    from avagree.proofs.exact_rounds import COMPOSED

    if rule not in COMPOSED:
        return None
    return {"statement": "T rounds (d = 1, a fresh adversary each round): the exact supremum of Delta_T/Delta_0 is "
                         "c^T for every T >= 1 where c > 0, so the rounds from c are exact",
            "proof": "parameterised" if proved else None,
            "argument": "the one-round family above is by kind (outputs c x + y_0, node by node); the rule and its "
                        "optimal choices commute with x -> a x + b, a > 0, so the family mapped onto each round's "
                        "honest values multiplies Delta by c again; each round multiplies it by at most c "
                        "(docs/closed_forms.md, composition)",
            "replayed": "avagree.smt.compose_families, audit row proof-composition-families (T = 2, 3, on a grid)"}


def mda_entry(model: str) -> dict[str, Any]:
    """MDA's closed form (contraction, d = 1): Z3's obligations (upper bounds, covers) and sympy's
    lower-bound families under both tie rules; ``proof`` is "parameterised" only when all go through."""
    import sympy as sp

    from avagree.proofs import exact_mda, mda_family
    from avagree.smt.mda_parametric import prove_mda

    obs = [{"kind": ob.kind, "status": ob.status, "seconds": round(ob.seconds, 3),
            **({"counterexample": ob.counterexample} if ob.counterexample else {})}
           for ob in prove_mda() if ob.model == model]
    fams = [c for name, m in mda_family.CASES if m == model for ties in ("adversary", "first")
            for c in mda_family.check(name, model, ties)]
    obs += [{"kind": f"family {c.family} ({c.case}, ties={c.ties})", "status": c.status} for c in fams]
    proved = all(o["status"] in ("proved", "attained", "approached") for o in obs)
    return {"rule": "mda", "spec": "contraction", "model": model, "d": 1,
            "expression": sp.sstr(tidy(exact_mda.expression(model))), "region": exact_mda.region_text(model),
            "proof": "parameterised" if proved else None, "obligations": obs,
            "ties": {"attained": list(exact_mda.ATTAINED_UNDER), "approached": list(exact_mda.APPROACHED_UNDER),
                     "not claimed": ["average"]}, "composition": composition("mda", proved)}


def mda_averaging_entry(model: str) -> dict[str, Any]:
    """MDA's averaging error (d = 1): Z3's obligations (one receiver's deviation, the family's cover) and
    sympy's family under both tie rules; ``proof`` is "parameterised" only when all go through."""
    import sympy as sp

    from avagree.proofs import exact_mda, mda_family
    from avagree.smt.mda_parametric import prove_mda_averaging

    obs = [{"kind": ob.kind, "status": ob.status, "seconds": round(ob.seconds, 3)}
           for ob in prove_mda_averaging() if ob.model == model]
    obs += [{"kind": f"family averaging (ties={ties})", "status": mda_family.averaging_check(model, ties).status}
            for ties in ("adversary", "first")]
    proved = all(o["status"] in ("proved", "attained", "approached") for o in obs)
    return {"rule": "mda", "spec": "averaging", "model": model, "d": 1,
            "expression": sp.sstr(exact_mda.averaging_expression(model)),
            "region": exact_mda.averaging_region_text(model), "proof": "parameterised" if proved else None,
            "obligations": obs, "paper": "Lemma 13's alpha (eq. 136), exact",
            "ties": {"supremum under": ["adversary", "first"], "family attains under": list(exact_mda.ATTAINED_UNDER),
                     "family approaches under": list(exact_mda.APPROACHED_UNDER), "not claimed": ["average"],
                     "bound": "holds for every choice of a least-spread subset, so for every tie rule"}}


def cva_entry(model: str) -> dict[str, Any]:
    """CVA's closed form (contraction, d = 1): Z3's obligations (:mod:`avagree.smt.cva_parametric`)."""
    import sympy as sp

    from avagree.proofs import exact_cva
    from avagree.smt.cva_parametric import prove_cva

    obs = [{"kind": ob.kind, "status": ob.status, "seconds": round(ob.seconds, 3),
            **({"counterexample": ob.counterexample} if ob.counterexample else {})}
           for ob in prove_cva() if ob.model == model]
    proved = all(o["status"] == "proved" for o in obs)
    return {"rule": "cva", "spec": "contraction", "model": model, "d": 1,
            "expression": sp.sstr(exact_cva.expression(model)), "region": exact_cva.region_text(model),
            "proof": "parameterised" if proved else None, "obligations": obs, "composition": composition("cva", proved),
            "ties": {"attained": list(exact_cva.ATTAINED_UNDER), "approached": list(exact_cva.APPROACHED_UNDER),
                     "not claimed": ["average"],
                     "rule": "the q - f values closest to the receiver's own; among equally close ones the adversary "
                             "chooses (first: the reference keeps the lower value); the upper bound holds for every "
                             "choice"}}


def plot_mda(path: str, fs: tuple[int, ...] = (1, 2, 3), n_max: int = 60, t: int = 10) -> None:
    """Left: MDA's exact one-round factor (q = n - f) from n = 3f + 1, with the paper's 1 - eps_tilde where
    Assumption 5 holds. Right: rounds to 2^-t of the diameter from the exact factors (an upper bound by
    composition) against the paper's N_MDA(t) and N_ICwTM(t) (CwTM: to eq. 190's target), f = 1."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from avagree.proofs import constants
    from avagree.proofs.exact import exact_fields
    from avagree.proofs.exact_mda import mda_exact

    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4))
    for F, colour in zip(fs, ("C0", "C1", "C2")):
        ns = range(3 * F + 1, n_max + 1)
        left.plot(ns, [float(mda_exact(N, F, N - F)[0]) for N in ns], color=colour, label=f"exact, f = {F}")
        paper = [(N, float(c.contraction_factor)) for N in ns for c in [constants("mda", N, F, N - F)] if c.feasible]
        left.plot([N for N, _ in paper], [v for _, v in paper], color=colour, linestyle=":", linewidth=3,
                  label=f"paper 1 - eps_tilde (Lemma 12), f = {F}")
    left.axhline(1, color="grey", linewidth=0.5)
    left.set(xlabel="n  (q = n - f, asynchronous, d = 1)", ylabel="one-round contraction factor of MDA", ylim=(0, 2.1))
    left.legend(fontsize=7)
    for rule, key, colour in (("mda", "exact_iterations", "C0"), ("cwtm", "exact_iterations_icwtm_target", "C3")):
        rows = [(N, constants(rule, N, 1, N - 1, t=t), exact_fields(rule, N, 1, N - 1, t=t)) for N in range(4, n_max + 1)]
        rows = [(N, c, e) for N, c, e in rows if c.feasible]
        right.plot([N for N, _, _ in rows], [int(c.iterations) for _, c, _ in rows], color=colour, linestyle="--",
                   label=f"paper's N(t), {rule}")
        right.plot([N for N, _, _ in rows], [e[key] for _, _, e in rows], color=colour, label=f"from the exact factor, {rule}")
    right.set(xlabel="n  (f = 1, q = n - 1)", ylabel=f"rounds for t = {t}", yscale="log")
    right.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def _shortest(*candidates: Any) -> Any:
    """The candidate printed shortest (ties: the first)."""
    import sympy as sp

    return min(candidates, key=lambda c: len(sp.sstr(c)))


def _tidy_value(x: Any) -> Any:
    """One value, equal to ``x``, printed simply: common integer factors of numerator and denominator
    cancelled (``(2n - 2 floor(q/2) - 2)/(2n - 2f)`` -> ``(n - floor(q/2) - 1)/(n - f)``)."""
    import sympy as sp

    out = []
    for c in (x, sp.cancel(x), sp.factor(x)):
        num, den = sp.fraction(sp.together(c))
        (cn, pn), (cd, pd) = num.as_content_primitive(), den.as_content_primitive()
        out.append(cn / cd * pn / pd)
    return _shortest(*out, x)


def _tidy_condition(c: Any) -> Any:
    """A branch condition, replaced by sympy's simplification only when that removes operations
    (``f + n <= n + 1`` -> ``f <= 1``; ``q <= 3*f/2 + n/2`` stays)."""
    import sympy as sp

    if c is sp.true:
        return c
    s = sp.simplify(c)
    return s if sp.count_ops(s) <= sp.count_ops(c) - 2 else c


def tidy(expr: Any) -> Any:
    """``expr`` simplified for reading, the same function of n, f, q (issue 26: ``formula median`` printed
    ``Piecewise((1, ...), (2, True))/2``): a factor outside a Piecewise folded into its branches
    (``sympy.piecewise_fold``), each branch value and condition the simplest form sympy finds that prints
    no longer (``f + n <= n + 1`` -> ``f <= 1``)."""
    import sympy as sp

    expr = sp.piecewise_fold(expr)
    if isinstance(expr, sp.Piecewise):
        return sp.Piecewise(*[(_tidy_value(v), _tidy_condition(c)) for v, c in expr.args])
    return _tidy_value(expr)


def entries(rule: str, specs: tuple[str, ...], model: str) -> list[dict[str, Any]]:
    """One JSON-ready entry per closed form of ``rule``: expression, region, proof and its obligations."""
    import sympy as sp

    from avagree.errors import RuleError
    from avagree.proofs import exact
    from avagree.smt.parametric import prove

    known = [*dict.fromkeys(r for r, _ in exact.FORMS), "mda", "cva", "select", "optimum"]
    if rule not in known:
        raise RuleError(f"rule={rule!r}: no closed form (closed forms exist for {', '.join(known)})")
    if rule in ("select", "optimum"):  # reduce-and-select (derived step) and the class optimum (issue 25)
        from avagree.smt.select_parametric import entry

        return [entry(rule, spec, model) for spec in specs]
    if rule == "cva":
        if "averaging" in specs:
            raise RuleError("rule='cva': no closed form of the averaging error (only --spec contraction)")
        return [cva_entry(model)]
    if rule == "mda":
        return [mda_entry(model) if spec == "contraction" else mda_averaging_entry(model) for spec in specs]

    out = []
    for spec in specs:
        for form in exact.forms(rule, spec):
            obs = prove(form, model)
            proved = all(ob.proved for ob in obs)
            out.append({"rule": rule, "spec": spec, "model": model, "d": 1,
                        "expression": sp.sstr(tidy(form.expression(model))), "region": form.region_text(model),
                        "proof": "parameterised" if proved else None,
                        "obligations": [{"kind": ob.kind, "status": ob.status, "seconds": round(ob.seconds, 3),
                                         **({"counterexample": ob.counterexample} if ob.counterexample else {})}
                                        for ob in obs],
                        "lift": "coordinate-wise rules: the same value for each coordinate's diameter Delta^cw[i] and "
                                "each coordinate of the mean, in any dimension d",
                        **({"composition": composition(rule, proved)} if spec == "contraction" and form.numerator != sp.oo
                           and composition(rule, proved) else {})})
    return out


def _add_gaps(found: list[dict[str, Any]], args: argparse.Namespace, model: str) -> None:
    """Each entry's value at (--n, --f, --q) beside the class optimum and the exact ratio (``gap``, issue 25 item 4)."""
    from avagree.cli.gap import gap_json, rule_value
    from avagree.errors import ParameterError
    from avagree.model.execution import default_q
    from avagree.proofs.lstat import Instance

    if args.n is None or args.f is None:
        raise ParameterError("n, f", (args.n, args.f), "give both --n and --f for the value at an instance")
    q = args.q if args.q is not None else default_q(args.n, args.f, model)
    Instance(args.n, args.f, q, model)  # the model's own parameter checks, before any value
    for spec in dict.fromkeys(e["spec"] for e in found):  # once per spec (the mean has a form per range of f)
        e = next(e for e in found if e["spec"] == spec)
        value = rule_value(e["rule"], spec, args.n, args.f, q, model)
        e["gap"] = gap_json(e["rule"], {spec: value}, args.n, args.f, q, model)


def run(args: argparse.Namespace) -> int:
    """Print the closed forms (text or JSON); exit 3 when a proof obligation did not go through."""
    args.rule = resolve_name(args.rule)  # icwtm, imda: one round of each is a round of cwtm, mda
    if args.plot:
        (plot_mda if args.rule == "mda" else plot_cwtm)(args.plot)
        print(f"picture: {args.plot}")
    model = "sync" if args.sync else "async"
    specs = (args.spec,) if args.spec else ("contraction",) if args.rule == "cva" else ("contraction", "averaging")
    found = entries(args.rule, specs, model)
    if args.n is not None or args.f is not None or args.q is not None:
        _add_gaps(found, args, model)
    proved = all(e["proof"] for e in found)
    if args.json:
        rows = [{"verdict": "PROVED" if e["proof"] else "UNKNOWN", **e} for e in found]
        at = {k: getattr(args, k) for k in ("n", "f", "q") if getattr(args, k) is not None}
        emit(envelope("formula", {"rule": args.rule, "spec": args.spec, "model": model, **at}, results=rows))
    else:
        for e in found:
            print(f"{e['rule']} {e['spec']} ({model}, one round): {e['expression']}")
            print(f"  where {e['region']};  proof: {e['proof'] or 'NOT PROVED'} "
                  f"({', '.join(o['kind'] + ' ' + o['status'] for o in e['obligations'])})")
            if e.get("composition"):
                print(f"  {e['composition']['statement']};  proof: {e['composition']['proof'] or 'NOT PROVED'}")
            if "gap" in e:
                from avagree.cli.gap import gap_lines

                g = e["gap"]
                value = g[e["spec"]]["rule_value"]
                print(f"  at n={g['n']} f={g['f']} q={g['q']} {model}: {e['rule']} {e['spec']} = "
                      f"{'-' if value is None else value}")
                print("\n".join(gap_lines(e["rule"], g)))
    return 0 if proved else 3
