"""Parser pieces every subcommand shares: one-line usage errors (exit 2), the
arguments of the paper's system model (n nodes, f Byzantine, each honest node
hearing q vectors per round; section 2) and the default q of that model."""

from __future__ import annotations

import argparse
import sys

from avagree.algorithms.rule import TIES
from avagree.model.execution import default_q


class Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line on stderr and exit 2."""

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
                   help="tie rule among optimal choices: first (reference, canonical order), average, adversary "
                        "(any optimal choice, per receiver and round; the default for MDA)")


def model_q(args: argparse.Namespace) -> tuple[str, int]:
    """The model ("sync" or "async") and q: --q if given, else the model's
    default (n - f asynchronous, n synchronous; :func:`avagree.model.execution.default_q`)."""
    model = "sync" if args.sync else "async"
    q = args.q if args.q is not None else default_q(args.n, args.f, model)
    return model, q
