"""``avagree replay``: replay witness files in exact arithmetic
(:func:`avagree.model.witness.replay`); exit 1 if any fails."""

from __future__ import annotations

import argparse
from pathlib import Path

from avagree.counterexamples import paths
from avagree.errors import AvagreeError
from avagree.model import witness


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``replay`` and its arguments."""
    r = sub.add_parser("replay", help="replay witness files in exact arithmetic (default: the committed ones)")
    r.add_argument("files", nargs="*")
    r.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Replay each file (default: the committed witnesses), one OK/FAIL line each."""
    files = [Path(p) for p in args.files] or paths()
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
