"""``avagree replay``: replay witness files (:func:`avagree.model.witness.replay`):
exactly for every rule that computes exactly, whatever the file says. One line
per file starting with its status (OK, FLOAT-ONLY, INCONCLUSIVE, FAIL); exit 1
if any fails, 3 if none fails but one is inconclusive, else 0."""

from __future__ import annotations

import argparse
from pathlib import Path

from avagree.counterexamples import paths
from avagree.errors import AvagreeError, InputError
from avagree.model import witness


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``replay`` and its arguments."""
    r = sub.add_parser("replay", help="replay witness files in exact arithmetic (default: the committed ones)")
    r.add_argument("files", nargs="*")
    r.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Replay each file (default: the committed witnesses), one status line each."""
    files = [Path(p) for p in args.files] or paths()
    missing = [str(p) for p in files if not p.is_file()]
    if missing:  # a usage error (exit 2), not a failed replay
        raise InputError(f"no such witness file: {', '.join(missing)}")
    bad = unsure = 0
    for path in files:
        try:
            w = witness.load(path)
            r = witness.replay(w)
        except AvagreeError as exc:
            print(f"FAIL  {path}: {exc}")
            bad += 1
            continue
        print(f"{r.status:<4}  {path}: {w.rule} n={w.params.n} f={w.params.f} q={w.params.q} {w.params.model}: {r.reason}")
        bad += r.status == witness.FAIL
        unsure += r.status == witness.INCONCLUSIVE
    return 1 if bad else (3 if unsure else 0)
