"""``avagree constants``: the paper's constants for (rule, n, f, q), from
:func:`avagree.proofs.constants` (the eps range and contraction factor of the
rule's theorem, the averaging constant, the iteration count N of section 4 and
Theorem 4's lower bound)."""

from __future__ import annotations

import argparse
from typing import Any

from avagree.algorithms import RULES, get_rule
from avagree.algorithms.registry import at_instance, built_on_the_fly
from avagree.cli.common import envelope, emit, epilog, exact, json_arg, model_q, params_args
from avagree.errors import AvagreeError
from avagree.model.numbers import parse_rational
from avagree.harness.user_rules import resolve_name


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``constants`` and its arguments."""
    c = sub.add_parser("constants", help="the paper's constants, eps range and iteration count for (n, f, q)",
                       epilog=epilog("  avagree constants mda --n 7 --f 1\n  avagree constants icwtm --n 6 --f 1 --json",
                                     "0 always (an infeasible case is an answer, not an error); 2 usage error"))
    c.add_argument("rule", help=" | ".join([*dict.fromkeys(r.constants for r in RULES.values() if r.constants),
                                            "icwtm", "imda"]))
    params_args(c)
    c.add_argument("--t", type=int, default=1, help="agreement target t of AVG_t (default 1)")
    c.add_argument("--d", type=int, default=None, help="dimension, for Remark 3's min{2 sqrt(h), sqrt(d)}")
    json_arg(c)
    c.set_defaults(func=run)


def _show(v: Any) -> str:
    """A constant as exact text, with a decimal approximation when not an integer."""
    import sympy as sp  # sympy is slow to import; only this subcommand needs it

    if v is None:
        return "-"
    if isinstance(v, (int, str)):
        return str(v)
    v = sp.nsimplify(v)
    return sp.sstr(v) if v.is_Integer else f"{sp.sstr(v)} (~{float(v):.6g})"


#: the keys of :meth:`Constants.as_json` that are not constants
_NOT_CONSTANTS = ("rule", "n", "f", "q", "model", "t", "feasible", "failed", "hypothesis", "eps_max_attained",
                  "contraction_on", "notes")


def _envelope(doc: dict[str, Any], d: int | None, exact_vals: dict[str, str | None],
              gap: dict[str, Any] | None = None) -> dict[str, Any]:
    """The constants in the JSON envelope: each constant an exact string with its ``_float``;
    the exact one-round values (:func:`avagree.proofs.exact.exact_fields`) with how they were proved."""
    params = {k: doc[k] for k in ("rule", "n", "f", "q", "model", "t")} | {"d": d}
    values: dict[str, Any] = {}
    for k, v in doc.items():
        if k in _NOT_CONSTANTS:
            continue
        if isinstance(v, dict):  # an irrational: {exact, float}
            values.update({k: v["exact"], f"{k}_float": v["float"]})
        else:
            values.update(exact(k, None if v is None else parse_rational(v, name=k) if isinstance(v, str) else v))
    for k, v in exact_vals.items():
        plain = k.endswith(("_proof", "_kind", "_note")) or isinstance(v, int) or v is None
        values.update({k: v} if plain else exact(k, parse_rational(v, name=k)))
    return envelope("constants", params, verdict="FEASIBLE" if doc["feasible"] else "INFEASIBLE",
                    **{k: doc[k] for k in _NOT_CONSTANTS if k not in params}, **values,
                    **({"class_optimum": gap} if gap is not None else {}))


def _gap(rule: str, exact_vals: dict[str, Any], n: int, f: int, q: int, model: str) -> dict[str, Any] | None:
    """The exact one-round values beside the class optimum (issue 25 item 4, :mod:`avagree.cli.gap`);
    None when the rule has no exact value here."""
    from fractions import Fraction

    from avagree.cli.gap import gap_json

    values = {qty: Fraction(exact_vals[key]) for qty, key in (("contraction", "exact_contraction_factor"),
                                                               ("averaging", "exact_averaging_error"))
              if exact_vals.get(key) is not None}
    return gap_json(rule, values, n, f, q, model) if values else None


def weights_rule_answer(rule: str, n: int, f: int, q: int, model: str) -> str:
    """What ``constants`` says of a weights rule string: the paper has no constants for it; its exact
    one-round values from the count model (:mod:`avagree.proofs.lstat`) and where to go instead."""
    from avagree.proofs import lstat

    get_rule(rule).check_q(q, f)
    inst = lstat.Instance(n, f, q, model)
    vals = [lstat.evaluate(get_rule(rule).weights(q, f), inst, qty) for qty in lstat.QUANTITIES]
    shown = ", ".join(f"{qty} {'unbounded (a weight outside f+1..q-f)' if v is None else v}"
                      for qty, v in zip(("contraction factor", "averaging error"), vals))
    from avagree.cli.gap import gap_json

    gap = gap_json(rule, dict(zip(lstat.QUANTITIES, vals)), n, f, q, model)
    shown += "; the least over the class (certified LP): " + ", ".join(
        f"{qty} {gap[qty]['optimum'] or gap[qty]['verdict']} (ratio {gap[qty]['ratio'] or '-'})" for qty in lstat.QUANTITIES)
    return (f"rule={rule!r}: the paper gives no constants for an L-statistic given by a rule string (only for "
            f"{', '.join(dict.fromkeys(r.constants for r in RULES.values() if r.constants))}); its exact one-round "
            f"values at n={n} f={f} q={q} {model}, d = 1 (count model): {shown}; see avagree worst RULE --spec "
            f"contraction|averaging, or avagree optimal --n {n} --f {f} for the whole class")


def run(args: argparse.Namespace) -> int:
    """Print the constants (or, when the hypotheses fail, which ones and Theorem 4's bound); exit 0."""
    from avagree.proofs import constants
    from avagree.proofs.exact import exact_fields

    model, q = model_q(args)
    rule = at_instance(resolve_name(args.rule), args.n, args.f, q)  # plain select: its step from n
    if built_on_the_fly(rule):
        raise AvagreeError(weights_rule_answer(rule, args.n, args.f, q, model))
    c = constants(rule, args.n, args.f, q, model, t=args.t, d=args.d)
    exact_vals = exact_fields(rule, args.n, args.f, q, model, t=args.t)
    gap = _gap(rule, exact_vals, args.n, args.f, q, model)
    if args.json:
        emit(_envelope(c.as_json(), args.d, exact_vals, gap))
        return 0
    print(f"{c.rule} at n={c.n}, f={c.f}, q={c.q}, {c.model}  (h = {c.n - c.f})")
    for key in ("exact_contraction_factor", "exact_averaging_error"):
        if exact_vals[key] is not None:
            where = "d = 1" if rule in ("mda", "cva") else "d = 1, each Delta^cw[i]"
            print(f"{key.replace('_', ' ')} (one round, {where}): {_show(exact_vals[key])}  "
                  f"[{exact_vals[key + '_proof']}: avagree formula {rule}]")
    if exact_vals.get("exact_note"):
        print(f"  {exact_vals['exact_note']}")
    if gap is not None:
        from avagree.cli.gap import gap_lines

        print("\n".join(line[2:] for line in gap_lines(rule, gap)))
    if exact_vals.get("exact_iterations_kind"):
        print(f"rounds to 2^-{c.t} of the diameter from the exact factor: {_show(exact_vals['exact_iterations'])}"
              + (f" (to N_ICwTM's target: {exact_vals['exact_iterations_icwtm_target']})"
                 if exact_vals.get("exact_iterations_icwtm_target") is not None else "")
              + f"\n  {exact_vals['exact_iterations_kind']}")
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
