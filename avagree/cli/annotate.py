"""Findings as CI annotations (``--format github`` and ``--format plain``).

``github``: GitHub Actions workflow commands (``::error file=F,line=L,title=T::message``),
printed after the usual text (on stderr with ``--json``, which keeps stdout one
JSON document), which the runner turns into annotations on the pull request; ``plain``: only ``FILE:LINE: error: title: message`` lines, the
form compilers, editors and most CI systems parse. A finding points at the
user's rule (its source file and the line of its ``def`` or ``class``) when
avagree can find it, else at the witness file."""

from __future__ import annotations

import argparse
import inspect
import os
import sys
from pathlib import Path
from typing import Any

from avagree.errors import AvagreeError
from avagree.harness.user_rules import resolve


def _escape(text: str, prop: bool = False) -> str:
    out = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return out.replace(":", "%3A").replace(",", "%2C") if prop else out


def _relative(path: str) -> str:
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive
        return path
    return path if rel.startswith("..") else rel


def rule_location(rule: Any) -> tuple[str, int] | None:
    """(source file, line) of a user's rule's definition (function or class); None for a
    registry rule (its code is avagree's, not in the user's repository) or when not found."""
    try:
        obj = resolve(rule)
    except AvagreeError:
        return None
    if isinstance(obj, str):
        return None
    target = obj if inspect.isfunction(obj) or inspect.isclass(obj) else type(obj)
    try:
        path = inspect.getsourcefile(target)
        _, line = inspect.getsourcelines(target)
    except (TypeError, OSError):
        return None
    return (_relative(path), max(1, line)) if path else None


def annotation(fmt: str, title: str, message: str, where: tuple[str, int] | None, level: str = "error") -> str:
    """One finding in ``fmt`` (github or plain), at ``where`` = (file, line) when known."""
    if fmt == "github":
        props = ",".join(f"{k}={_escape(str(v), True)}" for k, v in
                         (("file", where and where[0]), ("line", where and where[1]), ("title", title)) if v)
        return f"::{level} {props}::{_escape(message)}"
    file, line = where or ("avagree", 0)
    return f"{file}:{line}: {level}: {title}: {message}"


def print_annotation(args: argparse.Namespace, line: str) -> None:
    """Print one annotation: on stdout, or on stderr with ``--json`` so that stdout stays
    one JSON document (GitHub Actions reads workflow commands from both streams)."""
    print(line, file=sys.stderr if getattr(args, "json", False) else sys.stdout)


def witness_location(path: str | Path | None) -> tuple[str, int] | None:
    return (_relative(str(path)), 1) if path else None
