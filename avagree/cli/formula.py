"""``avagree formula``: the exact one-round contraction factor and averaging error of an
order-based rule (d = 1, and each coordinate of its coordinate-wise lift) as closed forms in
n, f, q (:mod:`avagree.proofs.exact`), with their region of validity; the parameterised proof
obligations (:mod:`avagree.smt.parametric`) are decided again on every call, and ``proof`` is
``"parameterised"`` only when all of them go through. Exit 0 when they do, 3 otherwise."""

from __future__ import annotations

import argparse
import json
from typing import Any


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``formula`` and its arguments."""
    fo = sub.add_parser("formula", help="exact one-round constants of mean/median/cwtm/trimmed-middle as closed forms "
                                        "in n, f, q, proved for all parameters")
    fo.add_argument("rule", help="mean | median | cwtm | trimmed-middle")
    fo.add_argument("--spec", choices=("contraction", "averaging"), default=None, help="default: both")
    fo.add_argument("--sync", action="store_true", help="synchronous model (q = n)")
    fo.add_argument("--json", action="store_true")
    fo.set_defaults(func=run)


def entries(rule: str, specs: tuple[str, ...], model: str) -> list[dict[str, Any]]:
    """One JSON-ready entry per closed form of ``rule``: expression, region, proof and its obligations."""
    import sympy as sp

    from avagree.proofs import exact
    from avagree.smt.parametric import prove

    out = []
    for spec in specs:
        for form in exact.forms(rule, spec):
            obs = prove(form, model)
            proved = all(ob.proved for ob in obs)
            out.append({"rule": rule, "spec": spec, "model": model, "d": 1,
                        "expression": sp.sstr(form.expression(model)), "region": form.region_text(model),
                        "proof": "parameterised" if proved else None,
                        "obligations": [{"kind": ob.kind, "status": ob.status, "seconds": round(ob.seconds, 3),
                                         **({"counterexample": ob.counterexample} if ob.counterexample else {})}
                                        for ob in obs],
                        "lift": "coordinate-wise rules: the same value for each coordinate's diameter Delta^cw[i] and "
                                "each coordinate of the mean, in any dimension d"})
    return out


def run(args: argparse.Namespace) -> int:
    """Print the closed forms (text or JSON); exit 3 when a proof obligation did not go through."""
    model = "sync" if args.sync else "async"
    specs = (args.spec,) if args.spec else ("contraction", "averaging")
    found = entries(args.rule, specs, model)
    if args.json:
        print(json.dumps(found, indent=1))
    else:
        for e in found:
            print(f"{e['rule']} {e['spec']} ({model}, one round): {e['expression']}")
            print(f"  where {e['region']};  proof: {e['proof'] or 'NOT PROVED'} "
                  f"({', '.join(o['kind'] + ' ' + o['status'] for o in e['obligations'])})")
    return 0 if all(e["proof"] for e in found) else 3
