"""The failure message of a violated spec, in the form Hypothesis users expect:
the falsifying execution (the worst receiver's inputs and output, exactly),
where its witness file is, and the lines that replay it::

    Falsifying execution for contraction (d = 1, exact):
      honest inputs  x0 = [0]  x1 = [1]  x2 = [1]  x3 = [0]
      worst receiver 2 (output farthest from the honest mean):
        own input      [1]
        honest heard   x2 = [1], x0 = [0], x3 = [0]
        Byzantine      [5]
        output         [1/2]
    witness: /tmp/.../oracle_....json
    replay:  avagree replay /tmp/.../oracle_....json
    python:  avagree.replay("/tmp/.../oracle_....json").ok   # True: the violation reproduces
"""

from __future__ import annotations

import shlex
from fractions import Fraction
from pathlib import Path

from avagree.model.numbers import rational_str
from avagree.harness.witness import Witness


def _vec(row) -> str:
    return "[" + ", ".join(rational_str(v) for v in row) + "]"


def worst_receiver(w: Witness) -> int:
    """The honest receiver whose last output is farthest (l2, exactly) from the mean of the honest inputs."""
    h = w.params.h
    mean = [sum(w.honest[:, k], Fraction(0)) / h for k in range(w.params.d)]
    dist = [sum((w.outputs[j, k] - mean[k]) ** 2 for k in range(w.params.d)) for j in range(h)]
    return max(range(h), key=lambda j: (dist[j], -j))


def falsifying(w: Witness, spec: str | None = None) -> list[str]:
    """The execution as text: every honest input, and the worst receiver's first round (for a rule that
    raised: the receiver whose input made it raise, the exception and the rule's own traceback)."""
    if w.is_error:
        return _raising(w, spec)
    j = worst_receiver(w)
    first = w.rounds[0].deliveries[j]
    mode = w.extra.get("replay", "exact")
    lines = [f"Falsifying execution for {spec or w.spec} ({w.rule} at n={w.params.n} f={w.params.f} q={w.params.q} "
             f"{w.params.model}, d = {w.params.d}, {mode}):",
             "  honest inputs  " + "  ".join(f"x{i} = {_vec(row)}" for i, row in enumerate(w.honest.tolist())),
             f"  worst receiver {j} (output farthest from the honest mean){' in round 1' if len(w.rounds) > 1 else ''}:",
             f"    own input      {_vec(w.honest[j])}",
             "    honest heard   " + ", ".join(f"x{k} = {_vec(w.honest[k])}" for k in first.honest),
             "    Byzantine      " + (", ".join(_vec(row) for row in first.byzantine.tolist()) or "none"),
             f"    output         {_vec(w.outputs[j])}" + (f" (after {len(w.rounds)} rounds)" if len(w.rounds) > 1 else "")]
    return lines


def paste_back(w: Witness, path: str | Path) -> list[str]:
    """Where the witness is and the two ways to replay it."""
    path = str(Path(path).resolve())
    rule = ", rule=my_rule" if "rebuild" in w.extra else ""
    lines = [f"witness: {path}",
             f"replay:  avagree replay {shlex.quote(path)}" if not rule else
             "replay:  (from Python only: the rule cannot be rebuilt from its name)",
             f"python:  avagree.replay({path!r}{rule}).ok   # True: the "
             f"{'rule raises again' if w.is_error else 'violation reproduces'}"]
    if rule:
        lines.append(f"note:    {w.extra['rebuild']}")
    return lines


def _raising(w: Witness, spec: str | None) -> list[str]:
    """An error witness as text: the honest inputs, the input the rule raised on, what it raised and where."""
    err = w.extra["error"]
    j = err.get("receiver")
    lines = [f"Raising execution for {spec or w.spec} ({w.rule} at n={w.params.n} f={w.params.f} q={w.params.q} "
             f"{w.params.model}, d = {w.params.d}, {w.extra.get('replay', 'exact')}):",
             "  honest inputs  " + "  ".join(f"x{i} = {_vec(row)}" for i, row in enumerate(w.honest.tolist()))]
    if j is not None:
        first = w.rounds[0].deliveries[j]
        lines += [f"  receiver {j} (the rule raised on its input, f = {w.params.f}):",
                  f"    own input      {_vec(w.honest[j])}",
                  "    honest heard   " + ", ".join(f"x{k} = {_vec(w.honest[k])}" for k in first.honest),
                  "    Byzantine      " + (", ".join(_vec(row) for row in first.byzantine.tolist()) or "none")]
    lines.append(f"  raised         {err['type']}: {err.get('message', '')}")
    if err.get("traceback"):
        lines += ["  the rule's traceback (its own frames):"] + ["    " + t for t in err["traceback"].rstrip().splitlines()]
    return lines
