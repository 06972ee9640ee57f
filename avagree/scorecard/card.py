"""The scorecard (issue 28): rules by specs, each cell the search oracle's verdict.

Every cell comes from :func:`avagree.oracle.engine.check`, the search ``avagree fuzz``
runs (one oracle, one search): ``HELD`` in the executions tried (with the search
effort and the best value found: a search, never a proof), ``VIOLATED`` (a witness
that replayed, saved, replayed again from its file by name), ``WITHIN TOLERANCE`` (a
violation no larger than the tolerance the user states or the rule documents, and no
violation found beyond it), ``NOT EXERCISED`` or ``ERROR`` (the rule raised or returned
a non-vector: the input it was given and the traceback).
"""

from __future__ import annotations

import time
import traceback
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from avagree.errors import AvagreeError, ParameterError
from avagree.harness.aggregate import model_rule
from avagree.harness.user_rules import as_model_rule, resolve, rule_name
from avagree.harness.witness import replay as replay_witness
from avagree.model.execution import Params, default_q
from avagree.model.numbers import rational_str
from avagree.oracle.engine import check as oracle_check
from avagree.oracle.results import SpecResult, spec_record, witness_file_name
from avagree.scorecard.ties import tie_note
from avagree.specs import SPECS

#: the specs of the scorecard, in its columns' order (issue 28: contraction, averaging, both forms of
#: quasi-unanimity, validity)
SCORECARD_SPECS = ("contraction", "averaging", "quasi-unanimity", "quasi-unanimity-own", "validity")
#: the statuses of a cell
HELD, VIOLATED, WITHIN, NOT_EXERCISED, ERROR = "HELD", "VIOLATED", "WITHIN TOLERANCE", "NOT EXERCISED", "ERROR"


def label_of(rule: Any) -> str:
    """How the table names a rule: a library adapter's ``label``, else the name witnesses record."""
    return getattr(rule, "label", None) or rule_name(rule)


@dataclass
class Cell:
    """One rule x spec verdict. ``result`` is the oracle's :class:`SpecResult` (for a cell within
    tolerance, the search at the bound plus the tolerance); ``first`` the violation inside the
    tolerance, when there was one; ``replay`` the status of replaying the saved witness from its file
    (``OK``, ``FLOAT-ONLY``; anything else is reported and the cell is not VIOLATED); ``tie`` says
    when the violation depends on an exact tie; ``error_input`` and ``traceback`` describe an ERROR."""
    rule: str
    ref: str
    spec: str
    status: str
    params: Params
    result: SpecResult | None
    tolerance: Fraction | None = None
    tolerance_why: str | None = None
    seed: int | None = None
    replay: str | None = None
    tie: str | None = None
    first: SpecResult | None = None
    error: str | None = None
    error_input: dict[str, Any] | None = None
    traceback: str | None = None

    def as_json(self) -> dict[str, Any]:
        """The cell as a row of ``avagree scorecard --json``."""
        p, r = self.params, self.result
        w = r.witness if r is not None else None
        return {"rule": self.rule, "rule_ref": self.ref, "spec": self.spec, "status": self.status,
                "verdict": self.status, "n": p.n, "f": p.f, "q": p.q, "d": p.d, "model": p.model,
                "bound": rational_str(r.bound) if r else None, "bound_float": float(r.bound) if r else None,
                "measured": rational_str(w.measured) if w is not None else None,
                "measured_float": float(w.measured) if w is not None else None,
                "best_float": r.best if r else None, "tried": r.tried if r else 0,
                "exercised": r.exercised if r else 0, "witness": r.path if r else None,
                "replay": self.replay, "tolerance": rational_str(self.tolerance) if self.tolerance else None,
                "tolerance_why": self.tolerance_why, "rule_seed": self.seed, "tie": self.tie,
                "error": self.error, "error_input": self.error_input, "traceback": self.traceback}

    def short(self) -> str:
        """The cell in a table: the status with the best value (held) or the measured one (violated)."""
        r = self.result
        if self.status == HELD and r is not None:
            best = "-" if r.best is None else f"{r.best:.3g}" if r.best > 0 else "0"
            return f"held ({r.tried}, best {best})"
        if self.status == VIOLATED and r is not None and r.witness is not None:
            return f"VIOLATED {float(r.witness.measured):.3g}" + (" (tie)" if self.tie else "")
        if self.status == WITHIN and self.first is not None and self.first.witness is not None:
            return f"within tol. ({float(self.first.witness.measured):.3g})"
        if self.status == ERROR:  # "rule NAME raised TypeError: ..." -> TypeError; "... returned shape ()" -> that
            err = self.error or ""
            if " raised " in err:
                return "ERROR " + err.split(" raised ")[-1].split(":")[0][:40]
            return "ERROR " + (err.split('" ', 1)[-1] if err.startswith('rule "') else err)[:40]
        return self.status.lower()


@dataclass
class Scorecard:
    """The table: one :class:`Cell` per rule and spec, for one (n, f, q, d, model)."""
    params: Params
    specs: tuple[str, ...]
    cells: list[Cell]
    seconds: float
    seed: int
    examples: int
    bounds: dict[str, Fraction] = field(default_factory=dict)

    @property
    def rules(self) -> list[str]:
        return list(dict.fromkeys(c.rule for c in self.cells))

    def cell(self, rule: str, spec: str) -> Cell:
        return next(c for c in self.cells if c.rule == rule and c.spec == spec)

    @property
    def ok(self) -> bool:
        """No cell VIOLATED or ERROR."""
        return not any(c.status in (VIOLATED, ERROR) for c in self.cells)


def scorecard(rules: Sequence[Any], n: int, f: int, q: int | None = None, *, model: str = "async", d: int = 2,
              specs: Sequence[str] = SCORECARD_SPECS, bounds: dict[str, Any] | None = None, examples: int = 100,
              seed: int = 0, ties: str | None = None, tolerance: Any = None,
              save_dir: str | Path | None = None) -> Scorecard:
    """Run the search oracle on every rule and spec; a :class:`Scorecard`.

    ``rules``: anything :func:`avagree.check` takes (registry names, ``module:Class(args)``
    strings, rule objects such as the library adapters of :mod:`avagree.scorecard.byzfl`).
    ``tolerance``: a slack on every spec's bound, in the bound's units (the factor c, the
    constant C, the quasi-unanimity squared distance, the validity distance): a violation
    no larger is WITHIN TOLERANCE when the search at the bound plus the tolerance finds
    nothing; without it, the tolerances a rule documents (``rule.tolerances``) apply.
    ``save_dir``: where witnesses are saved (they are always replayed from there).
    """
    t0 = time.perf_counter()
    q = default_q(n, f, model) if q is None else q
    params = Params(n, f, q, d, model)
    user_tol = None if tolerance is None else Fraction(str(tolerance)) if isinstance(tolerance, float) else Fraction(tolerance)
    if user_tol is not None and user_tol < 0:
        raise ParameterError("tolerance", tolerance, "must be >= 0")
    for rule in rules:  # a name that is not a rule is a usage error, before any search
        if isinstance(rule, str):
            as_model_rule(rule)
    cells: list[Cell] = []
    for rule in rules:
        cells += _rule_cells(rule, params, tuple(specs), dict(bounds or {}), examples, seed, ties, user_tol, save_dir)
    return Scorecard(params, tuple(specs), cells, time.perf_counter() - t0, seed, examples,
                     {k: Fraction(v) for k, v in (bounds or {}).items()})


def _rule_cells(rule: Any, p: Params, specs: tuple[str, ...], bounds: dict, examples: int, seed: int,
                ties: str | None, user_tol: Fraction | None, save_dir: str | Path | None) -> list[Cell]:
    label, ref = label_of(rule), rule_name(rule)
    kw = dict(model=p.model, d=p.d, examples=examples, seed=seed, ties=ties)
    try:
        rep = oracle_check(rule, p.n, p.f, p.q, specs=specs, bounds=bounds, **kw)
    except ParameterError as exc:  # e.g. a registry rule not defined at this q: the row says so
        return [Cell(label, ref, s, ERROR, p, None, error=str(exc)) for s in specs]
    rule_seed = getattr(rule, "seed", None) if getattr(rule, "randomised", False) else None
    cells = []
    for r in rep.results:
        tol = user_tol if user_tol is not None else getattr(rule, "tolerances", {}).get(r.spec)
        why = None if user_tol is not None or tol is None else getattr(rule, "tolerance_why", None)
        cell = Cell(label, ref, r.spec, r.status.upper(), p, r, tol or None, why, rule_seed)
        if r.status == "violated" and tol:
            _apply_tolerance(cell, rule, bounds, kw)
        if cell.status == VIOLATED:
            _save_and_replay(cell, rule, save_dir)
        cells.append(cell)
    errors = [c for c in cells if c.status == ERROR]
    if errors:
        _explain_errors(rule, p, specs, bounds, kw, errors)
    return cells


#: specs without a bound (exact properties: any deviation violates them); a tolerance on them is
#: checked on the deviation measured, by searching again with other seeds
EXACT_PROPERTIES = ("quasi-unanimity", "quasi-unanimity-own", "validity")
#: how many more seeds search for a deviation beyond the tolerance on those specs
TOLERANCE_SEEDS = 3


def _apply_tolerance(cell: Cell, rule: Any, bounds: dict, kw: dict) -> None:
    """A violation within the tolerance: search again, at the bound plus the tolerance (a spec with a
    bound) or with :data:`TOLERANCE_SEEDS` more seeds (an exact property, whose first violation found
    is what the search measures); nothing beyond the tolerance makes the cell WITHIN TOLERANCE, a
    violation beyond it makes it VIOLATED with that witness."""
    r = cell.result
    record = spec_record(r.spec, r.bound)
    p = cell.params
    if r.spec in EXACT_PROPERTIES:
        if r.witness.measured > cell.tolerance:
            return
        cell.first = r
        for extra in range(1, TOLERANCE_SEEDS + 1):
            again = oracle_check(rule, p.n, p.f, p.q, specs=[r.spec], bounds=bounds,
                                 **{**kw, "seed": kw["seed"] + extra}).results[0]
            if again.status == "violated" and again.witness.measured > cell.tolerance:
                cell.result, cell.status = again, VIOLATED
                return
        cell.status = WITHIN
        return
    loose = r.bound + cell.tolerance
    if r.witness.measured > record.to_units(loose):
        return  # beyond the tolerance: a violation as found
    again = oracle_check(rule, p.n, p.f, p.q, specs=[r.spec], bounds={**bounds, r.spec: loose}, **kw).results[0]
    cell.first, cell.result = r, again
    cell.status = VIOLATED if again.status == "violated" else WITHIN if again.status == "held" else again.status.upper()


def _save_and_replay(cell: Cell, rule: Any, save_dir: str | Path | None) -> None:
    """Save the witness (with the rule's seed and tolerance beside the execution) and replay it from
    the file; a file that does not replay as a violation makes the cell ERROR, never VIOLATED."""
    from avagree.harness.outputs import save_witness

    r = cell.result
    w = r.witness
    if cell.seed is not None:
        w.extra["rule_seed"] = cell.seed
    if cell.tolerance is not None:
        w.extra["tolerance"] = rational_str(cell.tolerance)
    r.path = str(save_witness(w, witness_file_name(w.rule, cell.spec, w), save_dir))
    rebuild = rule if "rebuild" in w.extra else None
    try:
        out = replay_witness(r.path, rule=rebuild)
    except AvagreeError as exc:
        cell.status, cell.replay, cell.error = ERROR, "FAIL", f"witness does not replay: {exc}"
        return
    cell.replay = out.status
    if not out.ok:
        cell.status, cell.error = ERROR, f"witness does not replay ({out.status}): {out.reason}"
        return
    if r.replay == "float":
        cell.tie = tie_note(w, as_model_rule(rule))


class _Recorder:
    """The rule, called as the model calls it, keeping the input and traceback of every call that raised
    on float input (the search's calls; the probe for exact arithmetic runs on Fractions)."""

    def __init__(self, rule: Any):
        raw = resolve(rule)
        self.fn = model_rule(raw) if isinstance(raw, str) else as_model_rule(raw)
        self.raw = raw
        self.failures: list[tuple[str, dict[str, Any], str]] = []

    def __call__(self, z: np.ndarray, f: int, own: np.ndarray) -> np.ndarray:
        try:
            if not isinstance(self.raw, str):
                return self._call_raw(z, f, own)
            return self.fn(z, f, own)
        except Exception as exc:
            if z.dtype == np.float64:
                inp = {"received": z.tolist(), "f": f, "own": np.asarray(own).tolist()}
                self.failures.append((f"{type(exc).__name__}: {exc}", inp, traceback.format_exc()))
            raise

    def _call_raw(self, z: np.ndarray, f: int, own: np.ndarray) -> np.ndarray:
        import inspect

        try:
            names = inspect.signature(self.raw).parameters
        except (TypeError, ValueError):
            names = {}
        kw = {k: v for k, v in (("f", f), ("own", own)) if k in names}
        out = np.asarray(self.raw(z, **kw))
        self.fn(z, f, own)  # the same validation (shape, NaN) as the search: its RuleError is recorded too
        return out


def _explain_errors(rule: Any, p: Params, specs: tuple[str, ...], bounds: dict, kw: dict, errors: list[Cell]) -> None:
    """The input and traceback of each ERROR cell: the search is deterministic, so running it again
    through a recording wrapper meets the same failing calls."""
    rec = _Recorder(rule)
    try:
        oracle_check(rec, p.n, p.f, p.q, specs=specs, bounds=bounds, **kw)
    except AvagreeError:
        pass
    pool = list(rec.failures)
    for cell in errors:
        cell.error = cell.result.error if cell.result is not None else cell.error
        hit = next((x for x in pool if cell.error and cell.error.endswith(x[0])), pool[0] if pool else None)
        if hit is not None:
            pool.remove(hit)
            cell.error_input, cell.traceback = hit[1], hit[2]


def spec_header(spec: str, bounds: dict[str, Fraction]) -> str:
    """The spec as a column header, with the bound checked (``contraction (c = 1, strict)``)."""
    record = SPECS[spec]
    b = bounds.get(spec, record.default_bound)
    if spec in ("contraction", "strict-contraction"):
        return f"{spec} (c = {rational_str(b)}{', strict' if spec_record(spec, b).strict else ''})"
    if spec == "averaging":
        return f"averaging (C = {rational_str(b)})"
    return spec
