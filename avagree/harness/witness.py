"""Witness files (``counterexamples/*.json``): one format for every execution
avagree reports, loaded strictly and replayed in exact arithmetic.

Schema ``avagree.witness/1`` (extra fields are allowed and kept)::

    schema, rule, n, f, q, d, model, spec, bound, honest, rounds, outputs,
    measured, found_by, seconds

Rationals are strings such as "-3/7". ``rounds`` is a list of
``{"deliveries": [[sender, ...] per receiver], "byzantine": [[vector, ...] per receiver]}``.
``bound`` and ``measured`` are in the units of the spec's quantity (squared for
l2 specs, see :mod:`avagree.specs`). A witness says the execution *violates*
``spec`` with that bound.

``rule`` is a registry name, ``python:module:function`` or, for a rule object,
``python:module:Class(arg=literal, ...)`` (:func:`avagree.harness.user_rules.rule_name`);
optional ``rebuild`` says why that name does not rebuild the rule in another
process, when it does not (then replay with ``replay(path, rule=...)``). The
JSON Schema is ``avagree/schemas/witness.schema.json``.

Optional ``outcome`` (issue 26): ``"violation"`` (the default) or ``"error"``: the rule raised on this
execution; the file then has ``error`` (``type``, ``message``, the rule's own ``traceback``, the
``receiver`` whose input made it raise) instead of ``outputs`` and ``measured``, and replays when the rule
raises the same exception type again. Optional ``import_from``: the folder the rule's module was imported
from, relative to the project root (:func:`avagree.harness.user_rules.import_root`); replay puts it on
``sys.path``, so the witness replays from any folder of the project.

Optional ``ties`` (issue 13): the tie rule (:data:`avagree.algorithms.rule.TIES`).
``"average"``: replay recomputes each output as the mean over every optimal
choice (:meth:`avagree.algorithms.rule.Rule.under`). ``"adversary"`` with
``choices``: per round, per receiver, the indices of the kept optimal subset into
its received list (delivered honest senders first, then Byzantine vectors in file
order); replay checks each is optimal and gives the recorded output
(:mod:`avagree.harness.choices`). Otherwise replay runs the reference rule.
"""

from __future__ import annotations

import json
import math
import sys
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np

from avagree.errors import AvagreeError, RuleError, WitnessError
from avagree.harness.choices import CHOICE_RULES, execute_choices
from avagree.model.diameters import diameter_pow
from avagree.model.execution import (Execution, Params, Round, convert_round, execute, make_delivery, received,
                                     validate_round)
from avagree.model.numbers import convert, mode_of, parse_rational, rational_str
from avagree.algorithms.registry import known
from avagree.algorithms.rule import NO_TIES, TIES
from avagree.harness.aggregate import model_rule
from avagree.harness.interrupts import watching
from avagree.harness.user_rules import RuleRaised, as_model_rule, find_import_root, import_root, rule_name
from avagree.specs import SPECS

SCHEMA = "avagree.witness/1"
REQUIRED = ("schema", "rule", "n", "f", "q", "d", "model", "spec", "bound", "honest", "rounds", "outputs",
            "measured", "found_by")
#: ``"outcome": "error"``: the rule raised on this execution (issue 26); the file has ``error`` =
#: ``{"type": ..., "message": ...}`` (and the rule's own ``traceback``) instead of ``outputs`` and ``measured``,
#: and replays when the rule raises the same type again
ERROR_OUTCOME = "error"
REQUIRED_ERROR = tuple(k for k in REQUIRED if k not in ("outputs", "measured")) + ("error",)
#: read when present (files written before the witness became timing-free), never written: the time a search
#: took is in its verdict or report, so that the same seed and budget save the same file byte for byte
OPTIONAL = ("seconds",)


@dataclass
class Witness:
    """A replayable execution that violates (or attains) a spec, in exact rationals;
    one JSON file (``witness.schema.json``), written by :meth:`save`, read back by
    :func:`load` and checked by :func:`replay`.

    Fields:

    * ``rule``: how to rebuild the rule: a registry name, ``python:module:function``
      or ``python:module:Class(args)`` (:mod:`.user_rules`);
    * ``params``: n, f, q, d and the delivery model (:class:`~avagree.model.execution.Params`);
    * ``spec``, ``bound``, ``spec_args``: the spec violated, its bound in the spec's units
      (squared for contraction and averaging) and its arguments (``strict`` = 1);
    * ``honest``: the honest inputs of round 1, an exact (h, d) array;
    * ``rounds``: per round, each honest receiver's delivery (which honest senders it
      heard, and the Byzantine vectors sent to it);
    * ``outputs``: the honest outputs after the last round, exact (h, d);
    * ``measured``: the spec's measured value on this execution, exact;
    * ``found_by``: the engine and method that found it (``z3``, ``oracle``, ``paper``...);
    * ``seconds``: the time the search took; not written to files (the same search saves the same
      bytes), read from older files that have it, else 0 when loaded;
    * ``extra``: further fields written verbatim (``ties``, recorded ``choices`` under
      ``ties="adversary"``, ``replay`` policy, ``rebuild`` notes, ``outcome``...).
    """

    rule: str
    params: Params
    spec: str
    bound: Fraction
    honest: np.ndarray  # exact (h, d)
    rounds: list[Round]
    outputs: np.ndarray  # exact (h, d)
    measured: Fraction
    found_by: str
    seconds: float
    spec_args: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        p = self.params
        out: dict[str, Any] = {
            "schema": SCHEMA, "rule": self.rule, "n": p.n, "f": p.f, "q": p.q, "d": p.d, "model": p.model,
            "spec": self.spec, "bound": rational_str(self.bound),
            "honest": [[rational_str(v) for v in row] for row in self.honest.tolist()],
            "rounds": [
                {"deliveries": [list(dl.honest) for dl in r.deliveries],
                 "byzantine": [[[rational_str(v) for v in row] for row in dl.byzantine.tolist()] for dl in r.deliveries]}
                for r in self.rounds
            ],
            "outputs": [[rational_str(v) for v in row] for row in self.outputs.tolist()],
            "measured": rational_str(self.measured), "found_by": self.found_by,
        }
        if self.is_error:  # the rule raised: there are no outputs and nothing was measured
            del out["outputs"], out["measured"]
        if self.spec_args:
            out["spec_args"] = {k: rational_str(v) for k, v in self.spec_args.items()}
        out.update(self.extra)
        return out

    @property
    def is_error(self) -> bool:
        """Does the witness record a rule that raises (``"outcome": "error"``), not a violated spec?"""
        return self.extra.get("outcome") == ERROR_OUTCOME

    def save(self, path: str | Path) -> Path:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        doc = self.to_json()
        body = ",\n".join(f" {json.dumps(k)}: {json.dumps(v)}" for k, v in doc.items())
        path.write_text("{\n" + body + "\n}\n")
        return path


def _field(doc: dict, key: str) -> Any:
    if key not in doc:
        raise WitnessError(f"witness: missing field {key!r}")
    return doc[key]


def _int(doc: dict, key: str) -> int:
    v = _field(doc, key)
    if isinstance(v, bool) or not isinstance(v, int):
        raise WitnessError(f"witness: field {key!r} must be an integer, got {v!r}")
    return v


def _rat(v: Any, where: str) -> Fraction:
    if not isinstance(v, str):
        raise WitnessError(f"witness: field {where!r} must be a rational string like '-3/7', got {v!r}")
    try:
        return parse_rational(v, name=where)
    except AvagreeError as exc:
        raise WitnessError(f"witness: field {exc}") from None


def _matrix(v: Any, where: str, rows: int | None, d: int) -> np.ndarray:
    if not isinstance(v, list) or (rows is not None and len(v) != rows):
        raise WitnessError(f"witness: field {where!r} must be a list of {rows if rows is not None else 'some'} vectors")
    out = []
    for i, row in enumerate(v):
        if not isinstance(row, list) or len(row) != d:
            raise WitnessError(f"witness: {where}[{i}] must be a list of d = {d} rational strings")
        out.append([_rat(x, f"{where}[{i}]") for x in row])
    return np.array(out, dtype=object).reshape(len(out), d)


def from_json(doc: Any) -> Witness:
    if not isinstance(doc, dict):
        raise WitnessError("witness: top level must be a JSON object")
    if _field(doc, "schema") != SCHEMA:
        raise WitnessError(f"witness: field 'schema' is {doc.get('schema')!r}, expected {SCHEMA!r}")
    outcome = doc.get("outcome", "violation")
    if outcome not in ("violation", ERROR_OUTCOME):
        raise WitnessError(f"witness: field 'outcome' = {outcome!r} must be 'violation' or 'error'")
    error = outcome == ERROR_OUTCOME
    for key in REQUIRED_ERROR if error else REQUIRED:
        _field(doc, key)
    if error and not (isinstance(doc["error"], dict) and isinstance(doc["error"].get("type"), str)):
        raise WitnessError("witness: field 'error' must be an object with the exception's 'type' (a string)")
    try:
        params = Params(_int(doc, "n"), _int(doc, "f"), _int(doc, "q"), _int(doc, "d"), doc["model"])
    except AvagreeError as exc:
        raise WitnessError(f"witness: {exc}") from None
    rule = doc["rule"]
    if not isinstance(rule, str):
        raise WitnessError("witness: field 'rule' must be a string")
    if doc.get("ties", NO_TIES) not in TIES + (NO_TIES,):
        raise WitnessError(f"witness: field 'ties' = {doc['ties']!r} must be one of {', '.join(TIES + (NO_TIES,))}")
    honest = _matrix(doc["honest"], "honest", params.h, params.d)
    if not isinstance(doc["rounds"], list) or not doc["rounds"]:
        raise WitnessError("witness: field 'rounds' must be a non-empty list")
    rounds = []
    for s, r in enumerate(doc["rounds"]):
        if not isinstance(r, dict) or "deliveries" not in r or "byzantine" not in r:
            raise WitnessError(f"witness: rounds[{s}] needs 'deliveries' and 'byzantine'")
        dl, bz = r["deliveries"], r["byzantine"]
        if not isinstance(dl, list) or not isinstance(bz, list) or len(dl) != params.h or len(bz) != params.h:
            raise WitnessError(f"witness: rounds[{s}] needs one delivery and one Byzantine list per honest receiver (h = {params.h})")
        deliveries = []
        for j, (senders, byz) in enumerate(zip(dl, bz)):
            if not isinstance(senders, list) or not all(isinstance(k, int) and not isinstance(k, bool) for k in senders):
                raise WitnessError(f"witness: rounds[{s}].deliveries[{j}] must be a list of sender indices")
            try:
                deliveries.append(make_delivery(senders, _matrix(byz, f"rounds[{s}].byzantine[{j}]", None, params.d)
                                                if byz else [], params.d, "exact"))
            except AvagreeError as exc:
                raise WitnessError(f"witness: rounds[{s}].deliveries[{j}]: {exc}") from None
        rnd = Round(tuple(deliveries))
        try:
            validate_round(params, rnd)
        except AvagreeError as exc:
            raise WitnessError(f"witness: rounds[{s}]: {exc}") from None
        rounds.append(rnd)
    outputs = np.empty((0, params.d), dtype=object) if error else _matrix(doc["outputs"], "outputs", params.h, params.d)
    seconds = doc.get("seconds", 0.0)
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or not math.isfinite(seconds) or seconds < 0:
        raise WitnessError(f"witness: field 'seconds' must be a non-negative number, got {seconds!r}")
    spec_args = {k: _rat(v, f"spec_args.{k}") for k, v in (doc.get("spec_args") or {}).items()}
    extra = {k: v for k, v in doc.items() if k not in REQUIRED + OPTIONAL and k != "spec_args"}
    measured = Fraction(0) if error else _rat(doc["measured"], "measured")
    return Witness(rule, params, str(doc["spec"]), _rat(doc["bound"], "bound"), honest, rounds, outputs,
                   measured, str(doc["found_by"]), float(seconds), spec_args, extra)


def load(path: str | Path) -> Witness:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise WitnessError(f"{path}: cannot read ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise WitnessError(f"{path}: not a witness file (not UTF-8 text)") from None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise WitnessError(f"{path}: not valid JSON ({exc.msg} at line {exc.lineno})") from None
    try:
        return from_json(doc)
    except WitnessError as exc:
        raise WitnessError(f"{path}: {exc}") from None


#: Replay statuses: the violation reproduces in exact arithmetic (``OK``); it
#: reproduces bit for bit in float for a rule that only takes floats, by more than
#: the float error of the computation (``FLOAT-ONLY``); it reproduces in float but
#: within that error, so it may be rounding (``INCONCLUSIVE``); or it does not (``FAIL``).
OK, FLOAT_ONLY, INCONCLUSIVE, FAIL = "OK", "FLOAT-ONLY", "INCONCLUSIVE", "FAIL"
#: the file loads but its rule or spec does not (module not importable, unknown rule or spec, a claim no
#: witness can make): nothing was replayed (``avagree replay`` exits 2)
ERROR = "ERROR"
#: regression mode (``replay(..., regression=True)``): the rule loads and the violation (or the raise) no
#: longer reproduces (``FIXED``, ok), or it still does (``REPRODUCES``)
FIXED, REPRODUCES = "FIXED", "REPRODUCES"


@dataclass(frozen=True)
class Replay:
    """The outcome of replaying a witness (:func:`replay`).

    Fields: ``ok``, True only for the statuses ``OK`` and ``FLOAT-ONLY`` (the violation
    the file claims is shown, exactly, or beyond float rounding for a rule that takes
    only floats); ``reason``, one line saying what was checked or what failed;
    ``execution``, the replayed :class:`~avagree.model.execution.Execution` (None when
    the file could not be run); ``status``, one of ``OK``, ``FLOAT-ONLY``,
    ``INCONCLUSIVE`` (within float error), ``FAIL``, ``ERROR`` (the rule or spec cannot be loaded) and,
    in regression mode, ``FIXED`` or ``REPRODUCES``."""

    ok: bool
    reason: str
    execution: Execution | None = None
    status: str = ""
    #: the type of the exception the rule raised during the replay (:func:`avagree.harness.user_rules.exception_type`;
    #: ``avagree.errors.RuleError`` for an output avagree refused), else None
    raised: str | None = None

    def __post_init__(self) -> None:
        if not self.status:
            object.__setattr__(self, "status", OK if self.ok else FAIL)


def evaluate_spec(spec: str, ex: Execution, bound: Fraction, args: dict[str, Any]) -> tuple[bool, Any]:
    """(holds, measured) of the registered ``spec`` on ``ex``, with ``bound`` in the
    spec's units (squared for contraction and averaging: see
    :meth:`avagree.specs.spec.Spec.to_units`)."""
    record = SPECS.get(spec)
    if record is None:
        raise WitnessError(f"witness: unknown spec {spec!r}")
    return record.evaluate(ex, bound, args)


#: Float-only replay: a violation counts only when it exceeds this many units of
#: float64 rounding (2^-52) per received value, scaled by how large the values are
#: against the honest diameter (cancellation). See :func:`float_error`.
FLOAT_ERROR_UNITS = 16


def float_error(w: Witness) -> Fraction:
    """A bound on the rounding error of a float computation of ``w``'s measured
    quantity, in the spec's units: each output is a combination of q values of
    magnitude at most M computed with error about q ulps of M, so a diameter or a
    mean moves by about 2 q ulps(M), a ratio to the input diameter D by
    2 q ulps(M) / D, and its square (the units of the l2 specs) by twice that
    times max(1, measured). ``FLOAT_ERROR_UNITS`` adds a safety factor of 16."""
    values = [abs(v) for v in w.honest.ravel().tolist() + w.outputs.ravel().tolist()]
    for r in w.rounds:
        values += [abs(v) for d in r.deliveries for v in d.byzantine.ravel().tolist()]
    M = max(values + [Fraction(1)])
    D2 = Fraction(diameter_pow(w.honest, 2)) if w.params.h > 1 else Fraction(0)
    ulp = Fraction(1, 2**52)
    rel = FLOAT_ERROR_UNITS * w.params.q * ulp * M
    if w.spec in ("contraction", "averaging", "cw-contraction"):
        if D2 == 0:
            return Fraction(0)
        # a ratio to D moves by rel / D <= rel (1 + 1/D^2) (as D <= 1 + D^2), its square by twice that
        # times the ratio plus its square: rational upper bounds, no square root needed
        return 2 * rel * (1 + 1 / D2) * max(Fraction(1), w.measured) + rel * rel / D2
    if w.spec.startswith("quasi-unanimity"):  # a squared distance
        return 2 * rel * max(Fraction(1), w.measured) + rel * rel
    return rel


def _check_claims(w: Witness) -> str | None:
    """What the file claims that cannot be a counterexample, whatever the replay."""
    if w.bound < 0:
        return f"bound {rational_str(w.bound)} is negative: no spec has a negative bound"
    for key, value in w.spec_args.items():
        if key != "strict":
            return f"unknown spec argument {key!r}"
        if value not in (0, 1):
            return f"spec_args.strict must be 0 or 1, got {rational_str(value)}"
    return None


def _run(fn: Any, w: Witness, mode: str) -> Execution:
    if mode == "exact":
        return execute(fn, w.params, w.honest, w.rounds, mode="exact")
    rounds = [convert_round(r, "float") for r in w.rounds]
    return execute(fn, w.params, convert(w.honest, "float"), rounds, mode="float")


def _compare(w: Witness, ex: Execution, mode: str) -> Replay | None:
    """Outputs and the measured quantity must be exactly what the file says."""
    outputs = ex.outputs if mode == "exact" else convert(ex.outputs, "exact")
    if not np.array_equal(outputs, w.outputs):
        got = [[rational_str(v) for v in row] for row in outputs.tolist()]
        return Replay(False, f"outputs differ: {mode} replay gives {got}", ex)
    return None


def replay(w: Witness | str | Path, rule: Any = None, *, regression: bool = False) -> Replay:
    """Re-run the witness (a :class:`Witness` or the path of its file) through the
    rule (the registry rule named in the file, an importable 'python:module:function'
    or 'python:module:Class(args)', or ``rule`` if given) and check
    everything it claims: the bound and spec arguments make sense, the outputs
    and the measured quantity are exactly the recorded ones, and the spec is
    violated. A witness with ``"outcome": "error"`` replays when the rule raises
    the recorded exception type again on the recorded execution.

    Every rule that computes in exact arithmetic is replayed exactly, whatever the
    file's ``replay`` field says: a float execution can manufacture a violation
    through rounding, and the file does not choose a weaker check. Only a rule
    that cannot run on Fractions (a float-only black box, recorded with
    ``"replay": "float"``) is re-run in float64, bit for bit; its verdict is then
    ``FLOAT-ONLY`` when the violation exceeds :func:`float_error`, and
    ``INCONCLUSIVE`` (not a violation) when it does not.

    Status ``ERROR`` (never ok): the rule or the spec cannot be loaded, or the file claims what no
    witness can. The module of a ``python:`` rule is imported from the folder recorded in the file's
    ``import_from`` (relative to the project root: the nearest folder above the current directory, or
    above the file, holding ``pyproject.toml`` or ``.git``), so the witness replays from any folder of
    the project.

    ``regression=True`` (a fixed bug stays fixed): ok, status ``FIXED``, when the rule loads and the
    recorded execution no longer violates the spec (no longer raises, for an error witness); status
    ``REPRODUCES`` when it still does (or the rule now raises).
    """
    with watching():  # a KeyboardInterrupt raised by the rule is its failure; the user's Ctrl-C still stops
        return _replay(w, rule, regression)


def _replay(w: Witness | str | Path, rule: Any, regression: bool) -> Replay:
    where = None
    if not isinstance(w, Witness):
        where = Path(w).resolve().parent
        w = load(w)
    problem = _check_claims(w)
    if problem is None and w.spec not in SPECS:
        problem = f"unknown spec {w.spec!r} (known: {', '.join(SPECS)})"
    declared = w.extra.get("replay", "exact")
    if problem is None and declared not in ("exact", "float"):
        problem = f"unknown replay mode {declared!r}"
    if problem:
        return Replay(False, problem, status=ERROR)
    if "choices" in w.extra:
        ran = _execute_choices(w)
        return _regression(w, ran) if regression else _verdict(w, ran)
    fn = _build(w, rule, where)
    if isinstance(fn, Replay):
        return fn
    ran = _execute(w, fn, rule, declared)
    if regression:
        return _regression(w, ran)
    if w.is_error:
        return _error_verdict(w, ran)
    return _verdict(w, ran)


def _verdict(w: Witness, ran: tuple[Execution, str] | Replay) -> Replay:
    """Does the replayed execution show everything the file claims?"""
    if isinstance(ran, Replay):
        return ran
    ex, mode = ran
    holds, measured = evaluate_spec(w.spec, ex, w.bound, w.spec_args)
    measured = Fraction(measured)
    if holds:
        denies = "exact replay denies it" if mode == "exact" else "the float replay does not show it"
        return Replay(False, f"{w.spec} holds on the replayed execution ({denies}: measured {rational_str(measured)} vs "
                             f"bound {rational_str(w.bound)}): not a counterexample", ex)
    bad = _compare(w, ex, mode)
    if bad is not None:
        return bad
    if measured != w.measured:
        return Replay(False, f"measured differs: replay gives {rational_str(measured)}, file says {rational_str(w.measured)}", ex)
    shown = f"measured {rational_str(measured)} vs bound {rational_str(w.bound)}"
    if mode == "exact":
        return Replay(True, f"{w.spec} violated (exact replay): {shown}", ex, OK)
    err = float_error(w)
    if abs(measured - w.bound) <= err:
        return Replay(False, f"{w.spec} violated in float only by {float(abs(measured - w.bound)):.3g}, within the float "
                             f"error {float(err):.3g} of the computation: may be rounding, not shown", ex, INCONCLUSIVE)
    return Replay(True, f"{w.spec} violated (float replay of a float-only rule, beyond its float error "
                        f"{float(err):.3g}): {shown}", ex, FLOAT_ONLY)


def _error_verdict(w: Witness, ran: tuple[Execution, str] | Replay) -> Replay:
    """An error witness replays when the rule raises the recorded exception type again."""
    want = w.extra["error"]["type"]
    if not isinstance(ran, Replay):
        return Replay(False, f"the rule no longer raises {want}: it ran the recorded execution to its end", ran[0])
    got = ran.raised
    if got == want:
        return Replay(True, f"the rule raised {want} again on the recorded execution", None, OK)
    return Replay(False, f"the rule raised {got} instead of {want}" if got else ran.reason)


def _regression(w: Witness, ran: tuple[Execution, str] | Replay) -> Replay:
    """Regression mode: FIXED when the recorded execution runs and satisfies the spec, else REPRODUCES."""
    if isinstance(ran, Replay):
        what = f"the rule raises {ran.raised} on the recorded execution" if ran.raised else ran.reason
        return Replay(False, f"not fixed: {what}", None, REPRODUCES)
    ex, mode = ran
    holds, measured = evaluate_spec(w.spec, ex, w.bound, w.spec_args)
    shown = f"measured {rational_str(Fraction(measured))} vs bound {rational_str(w.bound)}, {mode} replay"
    if holds:
        was = f"raised {w.extra['error']['type']}" if w.is_error else f"violated {w.spec}"
        return Replay(True, f"fixed: the recorded execution that {was} now satisfies {w.spec} ({shown})", ex, FIXED)
    return Replay(False, f"not fixed: {w.spec} still violated on the recorded execution ({shown})", ex, REPRODUCES)


def _build(w: Witness, rule: Any, where: Path | None) -> Any:
    """The model rule to replay ``w`` through, or a Replay with status ERROR when it cannot be loaded."""
    averaged = w.extra.get("ties") == "average" and rule is None  # a registry rule, averaged over its optimal choices
    if rule is None and isinstance(w.extra.get("import_from"), str):
        folder = find_import_root(w.extra["import_from"], [Path.cwd()] + ([where] if where else []))
        if folder is not None and str(folder) not in sys.path:
            sys.path.insert(0, str(folder))
    try:
        return model_rule(w.rule, "average") if averaged else as_model_rule(rule if rule is not None else w.rule)
    except AvagreeError as exc:
        return Replay(False, f"cannot load the rule: {exc}", status=ERROR)


def _execute(w: Witness, fn: Any, rule: Any, declared: str) -> tuple[Execution, str] | Replay:
    """Run the witness through its rule: exactly, or in float for a float-only black box. When the rule
    raises, a failed Replay whose ``raised`` names the exception type."""
    try:
        return _run(fn, w, "exact"), "exact"
    except AvagreeError as exc:
        if declared == "exact" or _is_registry_rule(w.rule if rule is None else rule):
            return _failed(exc)
    try:  # a float-only black box: it cannot run on Fractions
        return _run(fn, w, "float"), "float"
    except AvagreeError as exc2:
        return _failed(exc2)


def _failed(exc: AvagreeError) -> Replay:
    raised = exc.exc_type if isinstance(exc, RuleRaised) else (f"avagree.errors.{type(exc).__name__}"
                                                                 if isinstance(exc, RuleError) else None)
    return Replay(False, f"execution failed: {exc}", raised=raised)


def _execute_choices(w: Witness) -> tuple[Execution, str] | Replay:
    """Run the witness's recorded optimal choices exactly (``ties="adversary"``)."""
    if w.rule not in CHOICE_RULES:
        return Replay(False, f"rule {w.rule!r} records no choices (only {', '.join(CHOICE_RULES)} pick among optimal subsets)")
    if w.extra.get("ties") != "adversary":
        return Replay(False, f"'choices' recorded under ties={w.extra.get('ties')!r}: choices belong to ties='adversary'")
    try:
        return execute_choices(w.rule, w.params, w.honest, w.rounds, w.extra["choices"]), "exact"
    except AvagreeError as exc:
        return Replay(False, f"recorded choice rejected: {exc}")


def _is_registry_rule(rule: Any) -> bool:
    return known(rule)


def from_execution(rule: Any, ex: Execution, spec: str, bound: Fraction, found_by: str, seconds: float,
                   spec_args: dict[str, Any] | None = None, **extra: Any) -> Witness:
    """Build a witness from an execution (exact, or float with ``replay="float"``),
    and refuse it unless it replays."""
    holds, measured = evaluate_spec(spec, ex, Fraction(bound), spec_args or {})
    exact = mode_of(ex.inputs) == "exact"
    if not exact:
        extra.setdefault("replay", "float")
    conv = (lambda a: a) if exact else (lambda a: convert(a, "exact"))
    rounds = [convert_round(r, "exact") for r in ex.rounds]
    w = Witness(rule_name(rule), ex.params, spec, Fraction(bound), conv(ex.inputs), rounds, conv(ex.outputs),
                Fraction(measured), found_by, round(float(seconds), 3), dict(spec_args or {}), dict(extra))
    return _checked(w, rule)


def from_error(rule: Any, params: Params, honest: np.ndarray, rounds: list[Round], spec: str, bound: Fraction,
               exc: RuleError, found_by: str, spec_args: dict[str, Any] | None = None, **extra: Any) -> Witness:
    """The witness of an execution on which the rule raised ``exc`` (``"outcome": "error"``): the inputs
    (exact, or float with ``replay="float"``), the exception's type and message and the rule's own
    traceback; refused unless the rule raises the same type again when it is replayed."""
    exact = mode_of(honest) == "exact"
    if not exact:
        extra.setdefault("replay", "float")
    error = {"type": exc.exc_type if isinstance(exc, RuleRaised) else f"avagree.errors.{type(exc).__name__}",
             "message": exc.exc_message if isinstance(exc, RuleRaised) else str(exc)}
    if isinstance(exc, RuleRaised):
        error["traceback"] = exc.user_traceback
        for j, dl in enumerate(rounds[0].deliveries if len(rounds) == 1 else ()):  # whose input made it raise
            if np.array_equal(received(honest, dl), exc.received):
                error["receiver"] = j
                break
    w = Witness(rule_name(rule), params, spec, Fraction(bound), honest if exact else convert(honest, "exact"),
                [convert_round(r, "exact") for r in rounds], np.empty((0, params.d), dtype=object), Fraction(0),
                found_by, 0.0, dict(spec_args or {}), {"outcome": ERROR_OUTCOME, "error": error, **extra})
    return _checked(w, rule)


def _checked(w: Witness, rule: Any) -> Witness:
    """``w`` once it replays through ``rule``, with where the rule's module was imported from
    (``import_from``) and, for a rule given as an object, whether its name rebuilds it (``rebuild``)."""
    r = replay(w, rule if not isinstance(rule, str) else None)
    if not r.ok:
        raise WitnessError(f"refusing to report a witness that does not replay: {r.reason}")
    where = import_root(w.rule)
    if where is not None:
        w.extra["import_from"] = where
    if not isinstance(rule, str):
        _note_rebuild(w)
    return w


def _note_rebuild(w: Witness) -> None:
    """A user's rule is named so that another process can rebuild it (:func:`rule_name`);
    when replaying through that name alone fails, say why in ``w.extra["rebuild"]``."""
    local = "<locals>" in w.rule or "<lambda>" in w.rule or w.rule.startswith("python:__main__:")
    r = Replay(False, "a lambda, a nested function or a rule defined in __main__ cannot be imported") if local else replay(w)
    if not r.ok:
        w.extra["rebuild"] = f"{w.rule!r} does not rebuild the rule in another process: {r.reason}; replay it with " \
                             f"avagree.replay(path, rule=...)"
