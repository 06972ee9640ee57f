"""``avagree constants``: the paper's constants for (rule, n, f, q), from
:func:`avagree.proofs.constants` (the eps range and contraction factor of the
rule's theorem, the averaging constant, the iteration count N of section 4 and
Theorem 4's lower bound)."""

from __future__ import annotations

import argparse
import json
from typing import Any

from avagree.algorithms import RULES
from avagree.cli.common import model_q, params_args


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``constants`` and its arguments."""
    c = sub.add_parser("constants", help="the paper's constants, eps range and iteration count for (n, f, q)")
    c.add_argument("rule", help=" | ".join(dict.fromkeys(r.constants for r in RULES.values() if r.constants)))
    params_args(c)
    c.add_argument("--t", type=int, default=1, help="agreement target t of AVG_t (default 1)")
    c.add_argument("--d", type=int, default=None, help="dimension, for Remark 3's min{2 sqrt(h), sqrt(d)}")
    c.add_argument("--json", action="store_true")
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


def run(args: argparse.Namespace) -> int:
    """Print the constants (or, when the hypotheses fail, which ones and Theorem 4's bound); exit 0."""
    from avagree.proofs import constants
    from avagree.proofs.exact import exact_fields

    model, q = model_q(args)
    c = constants(args.rule, args.n, args.f, q, model, t=args.t, d=args.d)
    exact = exact_fields(args.rule, args.n, args.f, q, model)
    if args.json:
        print(json.dumps({**c.as_json(), **exact}, indent=1))
        return 0
    print(f"{c.rule} at n={c.n}, f={c.f}, q={c.q}, {c.model}  (h = {c.n - c.f})")
    for key in ("exact_contraction_factor", "exact_averaging_error"):
        if exact[key] is not None:
            print(f"{key.replace('_', ' ')} (one round, d = 1, each Delta^cw[i]): {_show(exact[key])}  "
                  f"[{exact[key + '_proof']}: avagree formula {args.rule}]")
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
