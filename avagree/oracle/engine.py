"""The test oracle: check any aggregation rule against the specifications by
adversarial search, and report each spec as violated (with a replayed witness),
held in everything tried, or not exercised (a :class:`~avagree.oracle.results.Report`).

The search is deterministic given ``seed`` and bounded by ``examples``. It
starts from the attacks people run (:mod:`avagree.adversaries.attacks`) and the
paper's split deliveries, then climbs on the violation margin by local search
(re-drawing one receiver's Byzantine vectors, swapping a delivered sender,
nudging an honest vector); the executions are drawn by
:mod:`avagree.oracle.generators`. A violation is reported only after it replays: in
exact arithmetic when the rule accepts Fractions, else bit for bit in float.
"""

from __future__ import annotations

import json
import sys
import time
import zlib
from dataclasses import dataclass, field, replace
from fractions import Fraction
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from avagree.algorithms.registry import at_instance, get_rule, known
from avagree.errors import AvagreeError, ParameterError, RuleError, WitnessError
from avagree.model.execution import Params, Round, check_int, convert_round, default_q, execute
from avagree.model.numbers import convert, rational_str
from avagree.harness.aggregate import model_rule
from avagree.harness.interrupts import watching
from avagree.harness.outputs import WITNESS_DIR
from avagree.harness.user_rules import RuleRaised, as_model_rule, resolve_name, rule_name, supports_exact
from avagree.harness.witness import Witness, from_error, from_execution, load, replay
from avagree.oracle.generators import attack_round, honest_family, mutate
from avagree.oracle.known import known_property
from avagree.oracle.limits import check_size
from avagree.oracle.results import Report, SpecResult, spec_record, witness_file_name
from avagree.oracle.shrink import shrink
from avagree.specs import SPECS, Spec

ORACLE_SPECS = tuple(name for name, s in SPECS.items() if s.margin is not None)
"""The specs the oracle searches: those whose record says how to measure a margin."""
DEFAULT_SPECS = tuple(name for name, s in SPECS.items()
                      if s.margin is not None and s.fuzz_default and name != "strict-contraction")
"""The specs checked when none are named (``strict-contraction`` is ``contraction`` at its default c = 1)."""


# -- the search ---------------------------------------------------------------------------

@dataclass(frozen=True)
class _Target:
    """The rule under test and what every spec's search shares: the model rule ``fn`` run,
    the rule as given, its recorded name, the params, whether it takes Fractions, the seed,
    the start time, and ``extra``."""
    fn: Any
    rule: Any
    name: str
    params: Params
    exact_ok: bool
    seed: int
    t0: float
    #: witness fields beside the execution: ``{"ties": "average"}`` when the rule runs averaged
    extra: dict = field(default_factory=dict)


#: ``check(database=DEFAULT_DATABASE)``: the run's ``save_dir`` when given, else :data:`DATABASE_DIR`
DEFAULT_DATABASE = "default"
#: the default database of saved witnesses, relative to the current directory (where ``avagree fuzz``
#: saves); None turns the default off (the test suite does, so that its results do not depend on what
#: earlier runs left in the repository's ``avagree-out/``)
DATABASE_DIR: Path | None = WITNESS_DIR


def check(rule: Any, n: int, f: int, q: int | None = None, *, model: str = "async", d: int = 2,
          specs: Sequence[str] = DEFAULT_SPECS, bounds: dict[str, Any] | None = None, examples: int = 300,
          seed: int = 0, save_dir: str | Path | None = None, progress: bool = False, ties: str | None = None,
          database: str | Path | None = DEFAULT_DATABASE) -> Report:
    """Search for executions of ``rule`` that violate ``specs``; a :class:`Report` with
    one :class:`SpecResult` per spec.

    A **search, never a proof**: a spec that ``held`` was only not violated in the
    ``examples`` executions tried. For a Z3 decision (PROVED in a stated scope, or a
    counterexample found by the solver) use :mod:`avagree.smt` (``avagree check``).

    ``ties`` (registry rules that pick among optimal choices; default
    ``adversary``): ``first`` runs the reference rule, ``average`` the mean over
    every optimal choice (:meth:`avagree.algorithms.rule.Rule.under`; its
    witnesses say ``"ties": "average"`` and replay averaged), ``adversary``
    searches with the reference rule's choice, one the adversary may make, so
    every violation found holds under ``adversary`` (the search never proves).
    Reported as ``Report.ties``.

    ``rule``: a registry name, 'module:function', or any callable taking the
    received (q, d) array (and optionally ``f=`` and ``own=``). ``bounds``: the
    contraction factor c (default 1), the averaging constant C (default 1) or a
    cw-contraction factor (default 1). ``examples``: executions tried per spec.

    ``database`` (issue 26, as Hypothesis's example database): a folder of saved witnesses; before any
    search, every witness in it of this rule, at these n, f, q, model, spec, bound (and tie rule) is
    replayed, and a spec whose old witness still reproduces is reported from it at once (``source``
    ``"database"``, ``tried`` 0), so a regression fails with the witness that found it first. Default:
    ``save_dir`` when given, else ``avagree-out/witnesses/`` in the current directory (where ``avagree
    fuzz`` saves); None: no database. Read only: a witness that no longer reproduces is kept.

    Each spec's search is seeded by ``seed`` and the spec's name (not its position), and the shrinker is
    deterministic, so a violation shrinks to the same witness whatever specs are checked beside it.

    A rule that raises (anything, ``sys.exit`` included) gives the spec an ``error`` result with the
    execution that made it raise as a witness (``"outcome": "error"``, shrunk, with the rule's own
    traceback); what the rule prints goes to stderr. A real Ctrl-C still stops the run
    (:mod:`avagree.harness.interrupts`).
    """
    with watching():  # a KeyboardInterrupt raised by the rule is its failure; the user's Ctrl-C still stops
        return _check(rule, n, f, q, model, d, specs, bounds, examples, seed, save_dir, progress, ties, database)


def _check(rule: Any, n: int, f: int, q: int | None, model: str, d: int, specs: Sequence[str],
           bounds: dict[str, Any] | None, examples: int, seed: int, save_dir: str | Path | None, progress: bool,
           ties: str | None, database: str | Path | None) -> Report:
    t0 = time.perf_counter()
    check_int("examples", examples, minimum=1)
    check_int("seed", seed, minimum=0)
    if q is None:
        q = default_q(n, f, model)
    p = Params(n, f, q, d, model)
    check_size(n, f, q, d)  # before any work (issue 26)
    resolved = "none"
    rule = at_instance(resolve_name(rule), n, f, q)  # plain select: its step from n
    info = get_rule(rule) if known(rule) else None
    if info is not None:
        info.check_q(q, f)
        resolved = info.resolve_ties(ties)
    averaged = resolved == "average" and "first" in info.ties  # mda-avg is averaged by its name alone
    fn = model_rule(rule, "average") if averaged else as_model_rule(rule)
    target = _Target(fn, rule, rule_name(rule), p, supports_exact(fn, d), seed, t0,
                     {"ties": "average"} if averaged else {})
    bounds = _parse_bounds(bounds)
    for s in specs:
        if s not in ORACLE_SPECS:
            raise ParameterError("spec", s, f"must be one of {', '.join(ORACLE_SPECS)}")
    from tqdm import tqdm  # lazily, as before: only a search draws a progress bar

    if database == DEFAULT_DATABASE:
        database = save_dir if save_dir is not None else DATABASE_DIR
    bar = tqdm(total=len(specs) * examples, file=sys.stderr, disable=None if progress else True, leave=False, desc="fuzz")
    replayed: list[dict[str, Any]] = []
    saved = [_from_database(target, spec_record(s, bounds.get(s, SPECS[s].default_bound)),
                            bounds.get(s, SPECS[s].default_bound), database, replayed) for s in specs]
    results = []
    for spec, old in zip(specs, saved):
        bound = bounds.get(spec, SPECS[spec].default_bound)
        results.append(old or _check_spec(target, spec_record(spec, bound), bound, examples, save_dir, bar.update))
    bar.close()
    if info is not None:  # a registry rule: is a violation one the proofs already know?
        for r in results:
            if r.status == "violated":
                record = spec_record(r.spec, r.bound)
                r.known = known_property(info.name, record.witness_name, r.bound, record.strict, p.n, p.f, p.q,
                                         p.model, resolved)
    return Report(target.name, p, results, time.perf_counter() - t0, seed, resolved, replayed)


def spec_stream(spec: Spec) -> int:
    """The spec's own entropy word for its search's random stream: a stable hash (CRC-32) of the question it
    asks (the spec its witnesses name, and whether it is strict), so that the stream does not depend on
    which specs are checked beside it, nor in which order, and ``contraction`` at c = 1 and
    ``strict-contraction`` (the same question) search the same executions."""
    return zlib.crc32(f"{spec.witness_name}{':strict' if spec.strict else ''}".encode())


# -- the database of saved witnesses (issue 26) ---------------------------------------------

def _from_database(target: _Target, spec: Spec, bound: Fraction, database: str | Path | None,
                   replayed: list[dict[str, Any]]) -> SpecResult | None:
    """The result of ``spec`` from a saved witness of this rule and question that still reproduces, or None;
    each witness replayed is appended to ``replayed`` (its file and whether it reproduced)."""
    if database is None or not Path(database).is_dir():
        return None
    p, unit = target.params, spec.to_units(bound)
    key = {"rule": target.name, "n": p.n, "f": p.f, "q": p.q, "model": p.model, "spec": spec.witness_name,
           "bound": rational_str(unit)}
    for path in sorted(Path(database).glob("*.json")):
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue  # not ours to judge here: `avagree replay` says what is wrong with it
        if not isinstance(doc, dict) or any(doc.get(k) != v for k, v in key.items()) or \
                doc.get("ties") != target.extra.get("ties") or \
                {k: str(v) for k, v in (doc.get("spec_args") or {}).items()} != \
                {k: rational_str(v) for k, v in (spec.witness_args or {}).items()}:
            continue
        try:
            w = load(path)
            r = replay(w, None if isinstance(target.rule, str) else target.rule)
        except AvagreeError:
            continue
        replayed.append({"file": str(path), "spec": spec.name, "reproduces": r.ok})
        if r.ok:
            return _result(spec.name, bound, w, str(path), 0, 0, "database")
    return None


def _result(spec: str, bound: Fraction, w: Witness, path: str | None, tried: int, exercised: int,
            source: str) -> SpecResult:
    """The result of a witness: ``violated``, or ``error`` for a rule that raised."""
    mode = w.extra.get("replay", "exact")
    if w.is_error:
        err = w.extra["error"]
        why = " (the rule called sys.exit)" if err["type"] == "SystemExit" else ""
        return SpecResult(spec, "error", bound, None, tried, exercised, w, path, mode,
                          f"rule {w.rule} raised {err['type']}: {err.get('message', '')}{why}", source=source)
    return SpecResult(spec, "violated", bound, float(w.measured), tried, exercised, w, path, mode, source=source)


def _parse_bounds(bounds: dict[str, Any] | None) -> dict[str, Fraction]:
    """The user's bounds as Fractions (floats read through their decimal text), each for an oracle spec and >= 0."""
    out = {k: Fraction(str(v)) if isinstance(v, float) else Fraction(v) for k, v in (bounds or {}).items()}
    for k, v in out.items():
        if k not in ORACLE_SPECS or v < 0:
            raise ParameterError(f"bound {k}", str(v), f"needs a spec among {', '.join(ORACLE_SPECS)} and a value >= 0")
    return out


def _check_spec(target: _Target, spec: Spec, bound: Fraction, examples: int,
                save_dir: str | Path | None, tick: Any) -> SpecResult:
    """Search ``examples`` executions for a violation of ``spec`` and report it as a :class:`SpecResult`."""
    p = target.params
    unit = spec.to_units(bound)
    rng = np.random.default_rng([target.seed, spec_stream(spec)])
    best: tuple[float, np.ndarray, Round] | None = None
    tried = exercised = 0
    for i in range(examples):
        if best is not None and i % 4 != 0:
            x, rnd = mutate(rng, p, best[1], best[2])
        else:
            x = honest_family(rng, p, spec.unanimous_search)
            rnd = attack_round(rng, p, x, spec.unanimous_search)
        try:
            ex = execute(target.fn, p, x, [rnd])
        except RuleError as exc:  # the rule raised or returned what is not a vector: a finding, with its input
            w = _error_witness(target, spec, unit, x, rnd, exc)
            if w is None:
                return SpecResult(spec.name, "error", bound, None, tried, exercised, error=str(exc))
            return _result(spec.name, bound, w, _save(target, spec, w, save_dir), tried, exercised, "search")
        except AvagreeError as exc:
            return SpecResult(spec.name, "error", bound, None, tried, exercised, error=str(exc))
        tried += 1
        tick()
        margin, ex_ok = spec.margin(ex, unit)
        exercised += ex_ok
        if not ex_ok:
            continue
        if best is None or margin > best[0]:
            best = (margin, x, rnd)
        if margin > 0:
            w = _confirm(target, x, rnd, spec, unit)
            if w is not None:
                w = _shrunk(target, spec, unit, x, rnd) or w
                return _result(spec.name, bound, w, _save(target, spec, w, save_dir), tried, exercised, "search")
    if exercised == 0:
        return SpecResult(spec.name, "not exercised", bound, None, tried, 0)
    return SpecResult(spec.name, "held", bound, best[0] + float(unit) if best else None, tried, exercised)


def _save(target: _Target, spec: Spec, w: Witness, save_dir: str | Path | None) -> str | None:
    if save_dir is None:
        return None
    return str(w.save(Path(save_dir) / witness_file_name(target.name, spec.name, w)))


def _shrunk(target: _Target, spec: Spec, unit: Fraction, x: np.ndarray, rnd: Round) -> Witness | None:
    """The violation shrunk (:mod:`avagree.oracle.shrink`) and replayed again, or None if that fails."""
    p, xs, rs = shrink(target.fn, target.exact_ok, spec, unit, target.params, x, rnd)
    return _confirm(replace(target, params=p), xs, rs, spec, unit, shrunk=True)


def _confirm(target: _Target, x: np.ndarray, rnd: Round, spec: Spec, unit: Fraction, shrunk: bool = False) -> Witness | None:
    """The witness of a violation found in float, replayed exactly when the rule accepts Fractions."""
    mode = "exact" if target.exact_ok else "float"
    try:
        ex = execute(target.fn, target.params, convert(x, mode), [convert_round(rnd, mode)], mode=mode)
        return from_execution(target.rule, ex, spec.witness_name, unit,
                              f"oracle:seed={target.seed}{',shrunk' if shrunk else ''}",
                              time.perf_counter() - target.t0, spec.witness_args or None, **target.extra)
    except (WitnessError, RuleError, OverflowError):
        return None  # a float-only violation that exact arithmetic does not confirm is not reported


def _error_witness(target: _Target, spec: Spec, unit: Fraction, x: np.ndarray, rnd: Round,
                   exc: RuleError) -> Witness | None:
    """The execution on which the rule raised, shrunk while it raises the same exception type, as a
    witness with ``"outcome": "error"`` (exact inputs when the rule raises on them too, else float), or
    None when it does not raise again (a rule that is not deterministic)."""
    want = _raised(exc)

    def raises(c: tuple[Params, np.ndarray, Round], mode: str) -> RuleError | None:
        p, xs, r = c
        try:
            execute(target.fn, p, convert(xs, mode), [convert_round(r, mode)], mode=mode)
        except RuleError as again:
            return again if _raised(again) == want else None
        except (AvagreeError, ArithmeticError):
            return None
        return None

    modes = ("exact", "float") if target.exact_ok else ("float",)
    for mode in modes:
        start = (target.params, convert(x, "exact"), convert_round(rnd, "exact"))
        if raises(start, mode) is None:
            continue
        p, xs, rs = shrink(target.fn, mode == "exact", spec, unit, target.params, x, rnd,
                           keeps=lambda c, m=mode: raises(c, m) is not None)
        again = raises((p, xs, rs), mode)
        try:
            return from_error(target.rule, p, convert(xs, mode), [convert_round(rs, mode)], spec.witness_name, unit,
                              again, f"oracle:seed={target.seed},shrunk", spec.witness_args or None, **target.extra)
        except (WitnessError, RuleError):
            continue
    return None


def _raised(exc: RuleError) -> str:
    return exc.exc_type if isinstance(exc, RuleRaised) else f"avagree.errors.{type(exc).__name__}"
