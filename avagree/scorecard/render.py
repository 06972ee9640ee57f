"""The scorecard as text, Markdown, JSON rows, and per library a report to send upstream:
each violation's shortest witness as a runnable snippet calling the library's own code,
with what the spec expects and what the library returns."""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Sequence

import numpy as np

from avagree.harness.witness import Witness
from avagree.model.execution import received
from avagree.model.numbers import rational_str
from avagree.scorecard.card import ERROR, VIOLATED, WITHIN, Cell, Scorecard, spec_header


def text(sc: Scorecard) -> str:
    """The table as aligned text, one line per rule, then the notes (ties, tolerances, errors)."""
    head = [f"avagree scorecard at {sc.params.describe()}: {len(sc.rules)} rules x {len(sc.specs)} specs, "
            f"{sc.examples} executions per cell, seed {sc.seed}, {sc.seconds:.1f}s (a search: held is not a proof)"]
    width = max([len(r) for r in sc.rules] + [4])
    cols = [spec_header(s, sc.bounds) for s in sc.specs]
    lines = head + ["  " + "rule".ljust(width) + "  " + " | ".join(cols)]
    for rule in sc.rules:
        lines.append("  " + rule.ljust(width) + "  " + " | ".join(sc.cell(rule, s).short() for s in sc.specs))
    return "\n".join(lines + notes(sc.cells))


def notes(cells: Sequence[Cell]) -> list[str]:
    """One line per cell that needs more than its short form: witnesses, ties, tolerances, errors."""
    out = []
    for c in cells:
        where = f"{c.rule} {c.spec} at n={c.params.n} f={c.params.f} d={c.params.d}"
        if c.status == VIOLATED and c.result is not None:
            out.append(f"  {where}: VIOLATED ({c.replay} replay) -> {c.result.path}"
                       + (f"; rule seed {c.seed}" if c.seed is not None else "") + (f"; {c.tie}" if c.tie else ""))
        elif c.status == WITHIN and c.first is not None:
            out.append(f"  {where}: within tolerance {rational_str(c.tolerance)} "
                       f"(deviation {float(c.first.witness.measured):.3g}){'; ' + c.tolerance_why if c.tolerance_why else ''}")
        elif c.status == ERROR:
            inp = f"; input {c.error_input}" if c.error_input else ""
            out.append(f"  {where}: ERROR {c.error}{inp}")
    return out


def markdown(cards: Sequence[Scorecard]) -> str:
    """The tables in Markdown: one per (n, f, d), rules by specs."""
    out = []
    for sc in cards:
        out += [f"### {sc.params.describe()}", "",
                "| rule | " + " | ".join(spec_header(s, sc.bounds) for s in sc.specs) + " |",
                "|---|" + "---|" * len(sc.specs)]
        for rule in sc.rules:
            out.append(f"| {rule} | " + " | ".join(sc.cell(rule, s).short() for s in sc.specs) + " |")
        extra = notes(sc.cells)
        if extra:
            out += ["", "Notes:", ""] + [f"- {line.strip()}" for line in extra]
        out.append("")
    return "\n".join(out)


def rows(cards: Sequence[Scorecard]) -> list[dict[str, Any]]:
    """Every cell of every table as a JSON row (``rule``, ``spec``, ``status``, ...)."""
    return [c.as_json() for sc in cards for c in sc.cells]


# -- the upstream report ---------------------------------------------------------------------------

EXPECTED = {
    "contraction": "Delta_2(outputs) < c * Delta_2(honest inputs): one round brings the honest vectors closer",
    "averaging": "||mean(outputs) - mean(honest inputs)|| <= C * Delta_2(honest inputs)",
    "quasi-unanimity": "a node that receives q - f equal vectors x outputs x",
    "quasi-unanimity-own": "a node whose own vector x is among q - f equal received vectors outputs x",
    "validity": "every output inside the per-coordinate range of the honest inputs",
}


def _vecs(arr: np.ndarray) -> str:
    return "[" + ", ".join("[" + ", ".join(repr(float(v)) for v in row) + "]" for row in arr.tolist()) + "]"


def snippet(rule: Any, w: Witness) -> str:
    """A runnable Python snippet replaying ``w`` through the library's own code (``rule.snippet``)."""
    imports, call = rule.snippet(w.params.f)
    lines = [*imports, "", f"honest = np.array({_vecs(w.honest)})  # the honest nodes' vectors"]
    lines.append("# what each honest node receives: the honest vectors it heard, then the Byzantine ones")
    lines.append("received = [")
    own_idx = []
    for j, dl in enumerate(w.rounds[0].deliveries):
        lines.append(f"    np.array({_vecs(received(w.honest, dl))}),")
        own_idx.append(list(dl.honest).index(j) if j in dl.honest else 0)
    lines.append("]")
    uses_own = "own_idx" in call
    if uses_own:
        lines.append(f"own_indices = {own_idx}  # where each node's own vector is in what it receives")
        lines.append(f"outputs = np.array([{call} for r, own_idx in zip(received, own_indices)])")
    else:
        lines.append(f"outputs = np.array([{call} for r in received])")
    lines += ["diam = lambda x: max(np.linalg.norm(a - b) for a in x for b in x)",
              'print("outputs:", outputs.tolist())',
              'print("Delta_2(in) =", diam(honest), " Delta_2(out) =", diam(outputs))',
              'print("mean(in) =", honest.mean(axis=0), " mean(out) =", outputs.mean(axis=0))',
              'print("honest range per coordinate:", honest.min(axis=0), honest.max(axis=0))']
    return "\n".join(lines)


def _size(w: Witness) -> tuple[int, int, int]:
    return w.params.n, w.params.d, len(str(w.to_json()))


def upstream_report(library: str, version: str | None, rules: Sequence[Any], cards: Sequence[Scorecard],
                    command: str, date: str, declared_min_q: Any = None) -> str:
    """The report for ``library``'s maintainers: per (rule, spec) violated, the shortest witness over
    the tables as a snippet, expected vs got; then the rules that raised, with their inputs, leaving out
    a raise below the rule's declared minimum (``declared_min_q(rule, f)``: the library's own check)."""
    by_label = {getattr(r, "label", None): r for r in rules}
    best: dict[tuple[str, str], Cell] = {}
    errors: dict[str, Cell] = {}
    for sc in cards:
        for c in sc.cells:
            if c.rule not in by_label:
                continue
            if c.status == VIOLATED and c.result is not None and c.result.witness is not None:
                key = (c.rule, c.spec)
                if key not in best or _size(c.result.witness) < _size(best[key].result.witness):
                    best[key] = c
            elif c.status == ERROR and c.error_input and c.rule not in errors:
                below = declared_min_q is not None and c.params.q < declared_min_q(by_label[c.rule], c.params.f)
                if not below:
                    errors[c.rule] = c
    out = [f"# {library} {version or ''}: findings of avagree's scorecard", "",
           f"Generated on {date} by `{command}`. Each finding replayed from its witness file "
           "(float-only rules replay bit for bit, beyond the float error of the computation). "
           "Model: n nodes, at most f Byzantine; each honest node aggregates q = n - f vectors "
           "(the honest ones it heard, its own among them, and Byzantine ones). "
           "\"held\" cells are a search's answer, not a proof. A violation at a small n may be a limit of the "
           "rule rather than a bug (a trimmed mean needs n > 5f here, MDA n > 6f): compare n with the rule's "
           "declared minimum and the exact thresholds in docs/scorecard.md (\"Declared preconditions\").", ""]
    if not best and not errors:
        out.append("No violation and no error found.")
    for (rule, spec), c in sorted(best.items()):
        w = c.result.witness
        out += [f"## {rule}: {spec}", "",
                f"At n = {w.params.n}, f = {w.params.f}, q = {w.params.q}, d = {w.params.d} (shortest witness found; "
                f"searched at n = {c.params.n}).", "",
                f"- expected: {EXPECTED.get(spec, spec)}" + (f" (bound {rational_str(c.result.bound)})"
                                                              if spec in ("contraction", "averaging") else ""),
                f"- got: measured {float(w.measured):.6g} ({rational_str(w.measured)}"
                f"{', squared' if spec in ('contraction', 'averaging') else ''})"]
        if c.tie:
            out.append(f"- note: {c.tie}")
        if c.seed is not None:
            out.append(f"- the rule draws random numbers: seeded with {c.seed} (numpy's global generator)")
        out += ["", "```python", snippet(by_label[rule], w), "```", ""]
    for rule, c in sorted(errors.items()):
        out += [f"## {rule}: raises", "", f"At n = {c.params.n}, f = {c.params.f}: {c.error}", "",
                f"Input (received vectors, f): `{c.error_input['received']}`, f = {c.error_input['f']}", "",
                "```", (c.traceback or "").strip()[-1500:], "```", ""]
    return "\n".join(out)
