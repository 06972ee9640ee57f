"""``avagree rules``: the reference rules and the paper's claims for them."""

from __future__ import annotations

import argparse

from avagree.cli.common import envelope, emit, epilog, json_arg


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``rules`` and its arguments."""
    lr = sub.add_parser("rules", help="list the reference rules and the paper's claims for them",
                        epilog=epilog("  avagree rules\n  avagree rules --json | head -1\n  avagree rules --markdown",
                                      "0 always; 2 usage error"))
    json_arg(lr)
    lr.add_argument("--markdown", action="store_true", help="the table of docs/rules.md, generated from the Rule records (avagree tables rules --update FILE rewrites it there)")
    lr.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print each rule's name, section, minimum q and the paper's claim; exit 0."""
    from avagree.algorithms import RULES  # the registry loads the rules' numba kernels

    if args.markdown:
        from avagree.audit.tables import rules_table  # reads the engines' registrations (loads z3)

        print("\n".join(rules_table()))
        return 0

    rows = [(r.name, r.section, r.min_q_text, r.claim) for r in RULES.values()]
    if args.json:
        emit(envelope("rules", {}, results=[dict(zip(("rule", "section", "needs", "paper_claim"), row)) for row in rows]))
        return 0
    width = max(len(r[0]) for r in rows)
    for name, section, need, claim in rows:
        print(f"{name:<{width}}  sec {section:<10} {need:<12} {claim}")
    return 0
