"""Parser pieces every subcommand shares: one-line usage errors (exit 2), the
arguments of the paper's system model (n nodes, f Byzantine, each honest node
hearing q vectors per round; section 2) and the default q of that model, the
witness folder (--out), CI formats (--format), help epilogs, and the one JSON
envelope every command prints with --json (:func:`envelope`)."""

from __future__ import annotations

import argparse
import json
import sys
from enum import Enum
from fractions import Fraction
from pathlib import Path
from typing import Any

from avagree.algorithms.rule import TIES
from avagree.model.execution import default_q
from avagree.model.numbers import rational_str
from avagree.errors import InputError
from avagree.verdicts import Verdict
from avagree.harness.outputs import WITNESS_DIR, check_out_dir, check_out_file

#: the exit codes every command shares (the ``avagree --help`` epilog and each command's)
EXIT_CODES = "0 success, PROVED or nothing violated; 1 counterexample or failed replay; 2 usage or input error; 3 UNKNOWN"
#: output formats of the commands that report findings (:mod:`avagree.cli.annotate`)
FORMATS = ("text", "github", "plain")


class Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line on stderr and exit 2,
    and whose epilogs keep their line breaks."""

    def __init__(self, *args: Any, **kw: Any) -> None:
        kw.setdefault("formatter_class", argparse.RawDescriptionHelpFormatter)
        super().__init__(*args, **kw)

    def error(self, message: str) -> None:  # one line, exit 2
        sys.stderr.write(f"{self.prog}: error: {message}\n")
        raise SystemExit(2)


def params_args(p: argparse.ArgumentParser) -> None:
    """Add --n, --f, --q and --sync: the parameters (n, f, q) of section 2's model."""
    p.add_argument("--n", type=int, required=True, help="number of nodes")
    p.add_argument("--f", type=int, required=True, help="declared number of Byzantine nodes")
    p.add_argument("--q", type=int, default=None, help="vectors heard per round (default n - f, or n with --sync)")
    p.add_argument("--sync", action="store_true", help="synchronous model (q = n)")


def ties_arg(p: argparse.ArgumentParser) -> None:
    """Add --ties: the tie rule of a rule that picks *a* minimiser (issue 13;
    :data:`avagree.algorithms.rule.TIES`; default adversary where implemented)."""
    p.add_argument("--ties", choices=TIES, default=None,
                   help="tie rule of MDA, CVA, Krum, Multi-Krum among optimal choices: first (reference, "
                        "canonical order), average (mean over every optimal index subset), adversary (any optimal "
                        "choice, per receiver and round; the default). Z3 (check, worst, sweep) encodes MDA and CVA "
                        "under all three; rules without choices ignore it")


def model_q(args: argparse.Namespace) -> tuple[str, int]:
    """The model ("sync" or "async") and q: --q if given, else the model's
    default (n - f asynchronous, n synchronous; :func:`avagree.model.execution.default_q`)."""
    model = "sync" if args.sync else "async"
    q = args.q if args.q is not None else default_q(args.n, args.f, model)
    return model, q


# -- one JSON envelope for every command ------------------------------------------------------

#: the schema name of every command's ``--json`` document (docs/schema/report.schema.json)
REPORT_SCHEMA = "avagree.report/1"

#: every top-level ``verdict`` a command's envelope may carry (the schema's enum; issue 26): the engines'
#: :class:`~avagree.verdicts.Verdict` (check, worst, optimal), constants' FEASIBLE / INFEASIBLE, simulate's
#: HOLDS / FAILS and ``simulate --search``'s HOLDS / VIOLATED
TOP_VERDICTS = (*(str(v) for v in Verdict), "FEASIBLE", "INFEASIBLE", "HOLDS", "FAILS", "VIOLATED")


def jsonable(v: Any) -> Any:
    """``v`` with every exact number as a string ("4/5", sympy's "2*sqrt(6)"), tuples
    as lists and verdict words as their strings; ints, floats, bools and None stay."""
    if v is None or isinstance(v, (bool, int, float)) and not isinstance(v, Enum):
        return v
    if isinstance(v, (str, Enum, Path)):
        return str(v)
    if isinstance(v, dict):
        return {str(k): jsonable(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [jsonable(x) for x in v]
    return str(v)  # Fraction, sympy numbers


def exact(name: str, value: Any) -> dict[str, Any]:
    """A constant as ``{name: "8/3", name_float: 2.666...}``: the exact value is always a
    string (None when absent), its float beside it for plotting and thresholds."""
    if value is None:
        return {name: None, f"{name}_float": None}
    try:
        approx: float | None = float(value)
    except (TypeError, ValueError):
        approx = None
    return {name: rational_str(value) if isinstance(value, (int, Fraction)) else str(value), f"{name}_float": approx}


def envelope(command: str, params: dict[str, Any], *, verdict: Any = None, results: list[Any] | None = None,
             **fields: Any) -> dict[str, Any]:
    """The document every command's ``--json`` prints: ``schema``, ``command``,
    ``params`` (what was asked), then ``verdict`` (one answer) or ``results`` (one
    entry per case, each with its own ``verdict``), then the command's own fields.
    Exact values are strings (:func:`jsonable`; :func:`exact` adds a ``_float``)."""
    doc: dict[str, Any] = {"schema": REPORT_SCHEMA, "command": command, "params": jsonable(params)}
    if verdict is not None:
        doc["verdict"] = str(verdict)
    if results is not None:
        doc["results"] = jsonable(results)
    doc.update(jsonable(fields))
    return doc


def emit(doc: dict[str, Any]) -> None:
    """Print a document on stdout (``--json`` always goes there)."""
    print(json.dumps(doc, indent=1))


def json_arg(p: argparse.ArgumentParser) -> None:
    """Add --json: the envelope (:func:`envelope`) on stdout instead of text."""
    p.add_argument("--json", action="store_true",
                   help=f"print one JSON document (schema {REPORT_SCHEMA}: schema, command, params, verdict or results) "
                        f"on stdout")


def _path_type(check: Any, option: str) -> Any:
    """An argparse ``type`` that checks an output path before any work (issue 26): a bad one is a
    one-line usage error (exit 2) naming the problem, at parse time."""

    def parse(text: str) -> str:
        try:
            check(text, option)
        except InputError as exc:
            raise argparse.ArgumentTypeError(str(exc).removeprefix(f"{option} ")) from None
        return text

    parse.__name__ = "folder" if check is check_out_dir else "file"  # argparse names it in "invalid ... value"
    return parse


def out_dir_type(option: str = "--out") -> Any:
    """``type=`` for an option naming a folder avagree writes into (created if missing):
    refused at once when it is an existing file or no file can be written there."""
    return _path_type(check_out_dir, option)


def out_file_type(option: str = "--out") -> Any:
    """``type=`` for an option naming a file avagree writes: refused at once when its folder is
    missing (avagree does not guess), it is a folder, or it cannot be written."""
    return _path_type(check_out_file, option)


def spec_value(text: str) -> str:
    """``type=`` for ``--bound SPEC=VALUE`` (fuzz): the form is checked when the arguments are parsed, so
    ``--bound 4/5`` says what is expected (the value itself is parsed exactly by the command)."""
    spec, eq, value = text.partition("=")
    if not eq or not spec.strip() or not value.strip():
        raise argparse.ArgumentTypeError(f"expected SPEC=VALUE, e.g. contraction=4/5 or averaging=8/3, not {text!r}")
    return text


def out_arg(p: argparse.ArgumentParser, what: str = "witnesses of the counterexamples found") -> None:
    """Add --out: where witnesses go (default ``avagree-out/witnesses``, :mod:`avagree.harness.outputs`)."""
    p.set_defaults(default_out=WITNESS_DIR)  # checked by check_default_out when --out is not given
    p.add_argument("--out", default=None, metavar="DIR", type=out_dir_type(),
                   help=f"folder for the {what} (default {WITNESS_DIR}/ in the current directory, "
                        f"which avagree git-ignores; never the package)")


def check_default_out(args: argparse.Namespace) -> None:
    """Before any work: the folder a command writes into when no --out is given (:func:`out_arg`'s
    default, ``avagree-out/witnesses`` in the current directory) must be one avagree can create and write."""
    default = getattr(args, "default_out", None)
    if default is not None and getattr(args, "out", None) is None:
        try:
            check_out_dir(default, "--out (default)")
        except InputError as exc:
            raise InputError(f"{exc}; give --out DIR to write elsewhere") from None


def format_arg(p: argparse.ArgumentParser) -> None:
    """Add --format: text (default), github (workflow annotations) or plain (FILE:LINE: message)."""
    p.add_argument("--format", choices=FORMATS, default="text",
                   help="text (default); github: '::error file=...::' lines that GitHub Actions shows as annotations; "
                        "plain: 'FILE:LINE: error: ...' lines for editors and other CI systems")


def epilog(examples: str, exits: str = EXIT_CODES) -> str:
    """A sub-command's help epilog: its examples, then the exit codes."""
    return f"examples:\n{examples}\n\nexit codes: {exits}"
