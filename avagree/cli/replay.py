"""``avagree replay``: replay witness files (:func:`avagree.harness.witness.replay`):
exactly for every rule that computes exactly, whatever the file says. One line
per file starting with its status (OK, FLOAT-ONLY, INCONCLUSIVE, FAIL, or ERROR
for a file that is not a witness or whose rule or spec cannot be loaded); exit 2
if a file is missing, not a witness or not loadable, else 1 if any fails, 3 if
none fails but one is inconclusive, else 0. A folder stands for the witness files
in it. ``--regression``: a fixed bug stays fixed: FIXED (exit 0) when the rule
loads and the recorded execution no longer violates the spec (no longer raises),
REPRODUCES (exit 1) when it still does. The current directory is importable, and
so is the folder the witness records its rule's module was imported from
(``import_from``, relative to the project root), so a witness of
``python:myrules:f`` replays from any folder of the project."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from avagree.cli.annotate import annotation, print_annotation, witness_location
from avagree.cli.common import envelope, emit, epilog, format_arg, json_arg
from avagree.counterexamples import paths
from avagree.errors import AvagreeError, InputError, WitnessError
from avagree.harness import witness
from avagree.harness.user_rules import cwd_importable

#: a file that is not a witness (unreadable, not JSON, a field missing or malformed): exit 2
ERROR = "ERROR"
EXAMPLES = """  avagree replay                                   # every committed witness
  avagree replay avagree-out/witnesses/*.json --json
  avagree replay avagree-out/witnesses             # every witness in the folder
  avagree replay --regression avagree-out/witnesses/oracle_myrules_f_contraction_n5_f1_q4_async_d1.json
  avagree replay /tmp/pytest-of-me/pytest-3/test_rule0/oracle_myrules_f_contraction_n5_f1_q4_async_d1.json"""


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``replay`` and its arguments."""
    r = sub.add_parser("replay", help="replay witness files in exact arithmetic (default: the committed ones)",
                       description="Re-run each witness through its rule and check everything it claims.",
                       epilog=epilog(EXAMPLES, "0 every file replays (--regression: every one is FIXED); 1 one fails "
                                               "(--regression: one REPRODUCES); 2 a file is missing or not a witness, "
                                               "or its rule or spec cannot be loaded (ERROR line); 3 one is "
                                               "inconclusive (float-only, within rounding)"))
    r.add_argument("files", nargs="*", help="witness files or folders of them (default: the committed counterexamples)")
    r.add_argument("--regression", action="store_true",
                   help="pass when the violation no longer reproduces (the bug is fixed), fail when it still does")
    json_arg(r)
    format_arg(r)
    r.set_defaults(func=run)


def _one(path: Path, regression: bool = False) -> dict:
    """One file's result row: verdict (OK, FLOAT-ONLY, INCONCLUSIVE, FAIL, ERROR; with ``regression``
    FIXED, REPRODUCES, ERROR), what it is, why."""
    if _is_schedule(path):
        if regression:
            return {"file": str(path), "verdict": ERROR, "reason": "a broadcast trajectory has no regression mode"}
        return _one_schedule(path)
    try:
        w = witness.load(path)
    except WitnessError as exc:  # not a witness at all: an input error (exit 2), not a failed replay
        return {"file": str(path), "verdict": ERROR, "reason": str(exc).removeprefix(f"{path}: ")}
    try:
        r = witness.replay(path, regression=regression)
    except AvagreeError as exc:
        return {"file": str(path), "verdict": witness.FAIL, "reason": str(exc)}
    p = w.params
    return {"file": str(path), "verdict": r.status, "rule": w.rule, "n": p.n, "f": p.f, "q": p.q, "d": p.d,
            "model": p.model, "spec": w.spec, "reason": r.reason}


def _is_schedule(path: Path) -> bool:
    """A saved broadcast trajectory (``avagree simulate broadcast --search``), not a rule's witness?"""
    from avagree.sim.schedules import SCHEMA

    try:
        return json.loads(path.read_text()).get("schema") == SCHEMA
    except (OSError, ValueError, AttributeError):
        return False  # witness.load reports what is wrong with it


def _one_schedule(path: Path) -> dict:
    """A broadcast trajectory replayed exactly through the protocol (:func:`avagree.sim.schedules.replay`)."""
    from avagree.sim import schedules

    doc = json.loads(path.read_text())
    try:
        ok, reason = schedules.replay(doc)
    except AvagreeError as exc:
        ok, reason = False, str(exc)
    return {"file": str(path), "verdict": witness.OK if ok else witness.FAIL, "rule": "broadcast (section 6)",
            "n": doc.get("n"), "f": doc.get("f"), "q": doc.get("q"), "d": doc.get("d"), "model": "async",
            "spec": "theorem6", "reason": reason}


def run(args: argparse.Namespace) -> int:
    """Replay each file (default: the committed witnesses), one status line each."""
    cwd_importable()
    files = _files(args.files) if args.files else paths()
    rows = [_one(path, args.regression) for path in files]
    broken = sum(r["verdict"] == ERROR for r in rows)
    bad = sum(r["verdict"] in (witness.FAIL, witness.REPRODUCES) for r in rows)
    unsure = sum(r["verdict"] == witness.INCONCLUSIVE for r in rows)
    if args.json:
        emit(envelope("replay", {"files": [str(p) for p in files], "regression": args.regression}, results=rows))
    for r in rows:
        if args.format != "plain" and not args.json:
            what = f"{r['rule']} n={r['n']} f={r['f']} q={r['q']} {r['model']}: " if "rule" in r else ""
            print(f"{r['verdict']:<4}  {r['file']}: {what}{r['reason']}")
        if args.format != "text" and r["verdict"] in (witness.FAIL, ERROR, witness.INCONCLUSIVE, witness.REPRODUCES):
            print_annotation(args, annotation(args.format, f"avagree replay: {r['verdict']}", r["reason"],
                                              witness_location(r["file"]),
                                              "warning" if r["verdict"] == witness.INCONCLUSIVE else "error"))
    return 2 if broken else 1 if bad else (3 if unsure else 0)


def _files(given: list[str]) -> list[Path]:
    """The witness files named, a folder standing for its ``*.json`` files (sorted); InputError (exit 2)
    for a path that does not exist or a folder without witness files."""
    out: list[Path] = []
    missing, empty = [], []
    for name in given:
        p = Path(name)
        if p.is_dir():
            found = sorted(f for f in p.glob("*.json") if f.is_file())
            out.extend(found)
            if not found:
                empty.append(name)
        elif p.is_file():
            out.append(p)
        else:
            missing.append(name)
    if missing:  # a usage error (exit 2), not a failed replay
        raise InputError(f"no such witness file: {', '.join(missing)}")
    if empty:
        raise InputError(f"no witness files (*.json) in folder: {', '.join(empty)}")
    return out
