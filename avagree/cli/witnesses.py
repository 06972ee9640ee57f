"""``avagree witnesses``: regenerate the witnesses of the paper's own
constructions (Theorem 5, the split of Theorem 9's proof) and, with --z3, the
Z3 counterexamples of the full audit."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Iterator

from avagree.model.execution import default_q


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``witnesses`` and its arguments."""
    w = sub.add_parser("witnesses", help="regenerate the witnesses of the paper's own constructions")
    w.add_argument("--out", default="counterexamples")
    w.add_argument("--z3", action="store_true", help="also the Z3 counterexamples of the full audit")
    w.set_defaults(func=run)


def z3_witnesses(out: str, timeout: float = 120.0) -> Iterator[str]:
    """Run every Z3 case of the full audit and save the counterexamples it finds
    (each replayed exactly before it is written)."""
    from avagree.audit.claims import plan  # the audit runs every engine
    from avagree.smt import check  # z3

    for kind, kw in plan(False, out, timeout):
        if kind not in ("z3_contracts", "z3_spec"):
            continue
        q = default_q(kw["n"], kw["f"], kw["model"])
        r = check(kw["rule"], kw["n"], kw["f"], q, kw["model"], spec=kw.get("spec", "contraction"), timeout=timeout,
                  save_dir=out)
        if r.path:
            yield r.path


def run(args: argparse.Namespace) -> int:
    """Write each witness and print its path; exit 0."""
    from avagree.adversaries.witnesses import all_paper_witnesses  # runs the rules (numba)

    out = Path(args.out)
    for name, w in all_paper_witnesses():
        print(w.save(out / name))
    if args.z3:
        for path in z3_witnesses(str(out)):
            print(path)
    return 0
