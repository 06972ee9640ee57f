"""``avagree witnesses``: the witnesses of the paper's own constructions
(Theorem 5, the split of Theorem 9's proof), each replayed exactly as it is
built, and with --z3 the Z3 counterexamples of the full audit. Files only where
asked (issue 26): without ``--out DIR`` they are listed, not written."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from avagree.cli.common import emit, envelope, epilog, json_arg, out_dir_type
from avagree.errors import InputError

EXAMPLES = """  avagree witnesses                               # list them (nothing written)
  avagree witnesses --out avagree-out/paper       # write them there
  avagree witnesses --z3 --out counterexamples    # from the checkout: rewrite the committed folder"""


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``witnesses`` and its arguments."""
    w = sub.add_parser("witnesses", help="regenerate the witnesses of the paper's own constructions",
                       description="Build the witnesses of the paper's constructions, each replayed in exact "
                                   "arithmetic; list them, or write them with --out DIR.",
                       epilog=epilog(EXAMPLES, "0 the witnesses were built (and written with --out); 2 usage error"))
    w.add_argument("--out", default=None, metavar="DIR", type=out_dir_type(),
                   help="folder to write them to (default: write nothing, list them; --out counterexamples from the "
                        "checkout rewrites the committed folder)")
    w.add_argument("--z3", action="store_true", help="also the Z3 counterexamples of the full audit (needs --out)")
    json_arg(w)
    w.set_defaults(func=run)


def _row(name: str, w: Any, path: Path | None) -> dict[str, Any]:
    p = w.params
    return {"name": name, "verdict": "COUNTEREXAMPLE", "rule": w.rule, "n": p.n, "f": p.f, "q": p.q, "d": p.d,
            "model": p.model, "spec": w.spec, "bound": w.bound, "measured": w.measured, "found_by": w.found_by,
            "witness": None if path is None else str(path)}


def run(args: argparse.Namespace) -> int:
    """Build each witness, write it with --out, and list it (one line, or the JSON envelope); exit 0."""
    if args.z3 and args.out is None:
        raise InputError("--z3 writes the Z3 counterexamples it finds: name the folder with --out DIR")
    from avagree.adversaries.witnesses import all_paper_witnesses  # runs the rules (numba)

    out = None if args.out is None else Path(args.out)
    rows = []
    for name, w in all_paper_witnesses():
        rows.append(_row(name, w, None if out is None else w.save(out / name)))
        if not args.json:
            r = rows[-1]
            print(r["witness"] or f"{name}: {r['rule']} n={r['n']} f={r['f']} q={r['q']} {r['model']}, {r['spec']} "
                                f"measured {r['measured']} vs bound {r['bound']} (replayed exactly; not written)")
    if args.z3 and out is not None:
        from avagree.audit.runner import z3_witnesses  # the audit's Z3 cases (z3, sympy)

        for path in z3_witnesses(str(out)):
            rows.append({"name": Path(path).name, "verdict": "COUNTEREXAMPLE", "found_by": "z3", "witness": path})
            if not args.json:
                print(path)
    if args.json:
        emit(envelope("witnesses", {"out": args.out, "z3": args.z3}, results=rows))
    elif out is None:
        print("nothing written: --out DIR writes them (the committed copies are in the checkout's counterexamples/)")
    return 0
