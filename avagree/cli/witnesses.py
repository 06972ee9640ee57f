"""``avagree witnesses``: regenerate the witnesses of the paper's own
constructions (Theorem 5, the split of Theorem 9's proof) and, with --z3, the
Z3 counterexamples of the full audit."""

from __future__ import annotations

import argparse
from pathlib import Path

from avagree.cli.common import epilog


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``witnesses`` and its arguments."""
    w = sub.add_parser("witnesses", help="regenerate the witnesses of the paper's own constructions",
                       epilog=epilog("  avagree witnesses --out avagree-out/paper\n"
                                     "  avagree witnesses --z3            # from the checkout: rewrites counterexamples/",
                                     "0 the witnesses were written; 2 usage error"))
    w.add_argument("--out", default="counterexamples",
                   help="folder to write them to (default counterexamples/ in the current directory: the committed "
                        "folder when run from the checkout)")
    w.add_argument("--z3", action="store_true", help="also the Z3 counterexamples of the full audit")
    w.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Write each witness and print its path; exit 0."""
    from avagree.adversaries.witnesses import all_paper_witnesses  # runs the rules (numba)

    out = Path(args.out)
    for name, w in all_paper_witnesses():
        print(w.save(out / name))
    if args.z3:
        from avagree.audit.runner import z3_witnesses  # the audit's Z3 cases (z3, sympy)

        for path in z3_witnesses(str(out)):
            print(path)
    return 0
