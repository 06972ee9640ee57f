"""The test oracle: check any aggregation rule against the specifications by
adversarial search, and report each spec as violated (with a replayed witness),
held in everything tried, or not exercised.

The search is deterministic given ``seed`` and bounded by ``examples``. It
starts from the attacks people run (:mod:`avagree.adversaries.attacks`) and the
paper's split deliveries, then climbs on the violation margin by local search
(re-drawing one receiver's Byzantine vectors, swapping a delivered sender,
nudging an honest vector). A violation is reported only after it replays: in
exact arithmetic when the rule accepts Fractions, else bit for bit in float.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field, replace
from fractions import Fraction
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from avagree.adversaries.attacks import ATTACKS, SEARCH_ATTACKS
from avagree.adversaries.split import by_value, split_senders
from avagree.algorithms.registry import get_rule, known
from avagree.errors import AvagreeError, ParameterError, RuleError, WitnessError
from avagree.model.execution import (Delivery, Params, Round, check_int, convert_round, default_q, execute,
                                     make_delivery)
from avagree.model.numbers import convert, rational_str
from avagree.harness.outputs import file_safe, save_witness
from avagree.harness.aggregate import model_rule
from avagree.harness.user_rules import as_model_rule, resolve_name, rule_name, supports_exact
from avagree.harness.witness import Witness, from_execution
from avagree.oracle.failure import falsifying, paste_back
from avagree.oracle.shrink import shrink
from avagree.specs import SPECS, Spec

ORACLE_SPECS = tuple(name for name, s in SPECS.items() if s.margin is not None)
"""The specs the oracle searches: those whose record says how to measure a margin."""
DEFAULT_SPECS = tuple(name for name, s in SPECS.items()
                      if s.margin is not None and s.fuzz_default and name != "strict-contraction")
"""The specs checked when none are named (``strict-contraction`` is ``contraction`` at its default c = 1)."""


def spec_record(name: str, bound: Fraction) -> Spec:
    """The record the search runs for ``name`` at ``bound`` (user units). One vocabulary
    with ``avagree check``: ``contraction`` at c = 1 is strict (a violation is
    Delta_2(out) >= Delta_2(in), no contraction at all); below 1 it is
    Delta_2(out) > c Delta_2(in). ``strict-contraction`` is strict at every c."""
    if name == "contraction" and bound == 1:
        return replace(SPECS["strict-contraction"], name="contraction")
    return SPECS[name]


@dataclass
class SpecResult:
    spec: str
    status: str  # "violated" | "held" | "not exercised" | "error"
    bound: Fraction
    best: float | None
    tried: int
    exercised: int
    witness: Any = None
    path: str | None = None
    replay: str | None = None
    error: str | None = None

    def as_json(self) -> dict[str, Any]:
        """One result row: the spec, its verdict (VIOLATED, HELD, NOT EXERCISED, ERROR), the bound, the witness."""
        measured = None if self.witness is None else self.witness.measured
        return {"spec": self.spec, "verdict": str(self.status).upper(), "bound": rational_str(self.bound),
                "bound_float": float(self.bound), "measured": None if measured is None else rational_str(measured),
                "measured_float": None if measured is None else float(measured), "best_float": self.best,
                "tried": self.tried, "exercised": self.exercised, "witness": self.path, "replay": self.replay,
                "error": self.error}

    def line(self) -> str:
        if self.status == "violated":
            where = f" -> {self.path}" if self.path else ""
            record = spec_record(self.spec, self.bound)
            rel = ">=" if record.strict else ">"
            units = " (squared)" if record.squared else ""
            return (f"{self.spec}: VIOLATED (measured{units} {float(self.witness.measured):.6g} {rel} "
                    f"{float(record.to_units(self.bound)):.6g}, {self.replay} replay){where}")
        if self.status == "held":
            best = f"best {self.best:.6g}" if self.best is not None and self.best > 0 else "never deviated"
            return f"{self.spec}: held in {self.tried} executions tried ({best} vs bound {float(self.bound):.6g}); not a proof"
        if self.status == "error":
            return f"{self.spec}: ERROR {self.error}"
        return f"{self.spec}: not exercised in {self.tried} executions"


@dataclass
class Report:
    rule: str
    params: Params
    results: list[SpecResult]
    seconds: float
    seed: int
    ties: str = "none"

    @property
    def violated(self) -> list[SpecResult]:
        return [r for r in self.results if r.status in ("violated", "error")]

    @property
    def ok(self) -> bool:
        return not self.violated

    def __str__(self) -> str:
        head = f"avagree oracle: {self.rule} at {self.params.describe()} (seed {self.seed}, {self.seconds:.1f}s)"
        return "\n".join([head] + ["  " + r.line() for r in self.results])

    def save(self, save_dir: str | Path | None = None) -> list[str]:
        """Save every violation's witness not saved yet under ``save_dir`` (default
        ``avagree-out/witnesses``, :mod:`avagree.harness.outputs`); the paths of all of them."""
        for r in self.results:
            if r.witness is not None and r.path is None:
                r.path = str(save_witness(r.witness, _file_name(_stem(self.rule, r.witness), r.spec, r.witness.params),
                                          save_dir))
        return [r.path for r in self.results if r.path]

    def failure_text(self) -> str:
        """The report, then per violation the falsifying execution (shrunk), its
        witness file and the lines that replay it (save first: :meth:`save`)."""
        lines = [str(self)]
        for r in self.results:
            if r.witness is not None:
                lines += ["", *falsifying(r.witness, r.spec), *(paste_back(r.witness, r.path) if r.path else [])]
        return "\n".join(lines)

    def assert_ok(self, save_dir: str | Path | None = None) -> None:
        """Fail (AssertionError) when a spec is violated, with the report, the
        falsifying execution and the paste-back lines; the witness is saved first
        (under ``save_dir``, default ``avagree-out/witnesses``)."""
        __tracebackhide__ = True  # pytest: the failure is the user's rule, not this frame
        if not self.ok:
            self.save(save_dir)
            raise AssertionError(self.failure_text())

    def as_json(self) -> dict[str, Any]:
        """params and results as ``avagree fuzz --json`` prints them inside its envelope
        (exact values as strings, each with a ``_float``; ``verdict`` upper case)."""
        return {"params": self.params_json(), "results": [r.as_json() for r in self.results],
                "seconds": round(self.seconds, 3)}

    def params_json(self) -> dict[str, Any]:
        p = self.params
        return {"rule": self.rule, "n": p.n, "f": p.f, "q": p.q, "d": p.d, "model": p.model, "seed": self.seed,
                "ties": self.ties, "specs": [r.spec for r in self.results]}


# -- candidate generation -----------------------------------------------------------

def _family(rng: np.random.Generator, p: Params, for_qu: bool) -> np.ndarray:
    h, d = p.h, p.d
    kind = rng.integers(5)
    if for_qu or kind == 0:  # a large group of identical vectors and a few others
        x = np.zeros((h, d))
        k = int(rng.integers(max(1, p.q - 2 * p.f), h + 1))
        x[k:] = rng.normal(size=(h - k, d)).round(1) + rng.choice([-3.0, 3.0])
    elif kind == 1:
        x = np.zeros((h, d))
        x[int(rng.integers(1, h)) if h > 1 else 0:] = 1.0
    elif kind == 2:
        x = rng.choice([-1.0, 0.0, 1.0], size=(h, d))
    elif kind == 3:
        x = rng.integers(-4, 5, size=(h, d)).astype(float)
    else:
        x = rng.normal(size=(h, d)).round(2)
    return x[rng.permutation(h)]


def _deliveries(rng: np.random.Generator, p: Params, x: np.ndarray, split: bool) -> list[list[int]]:
    h = p.h
    if p.model == "sync":
        return [list(range(h)) for _ in range(h)]
    m = p.q - p.f
    out = []
    direction = rng.normal(size=p.d)
    proj = x @ direction
    order = by_value(proj)
    for j in range(h):
        if split:  # low receivers hear the lowest vectors, high receivers the highest
            out.append(split_senders(order, j, m))
            continue
        others = rng.choice([k for k in range(h) if k != j], size=m - 1, replace=False).tolist() if m > 1 else []
        out.append([j, *[int(k) for k in others]])
    return out


def _byzantine(rng: np.random.Generator, p: Params, x: np.ndarray, senders: list[int], receiver_rank: float,
               attack: str | None) -> np.ndarray:
    b = p.f
    if b == 0:
        return np.zeros((0, p.d))
    H = x[senders]
    if attack == "split":
        name = "extreme_low" if receiver_rank < 0.5 else "extreme_high"
    elif attack == "own":
        return np.repeat(x[senders[0]][None], b, axis=0)
    else:
        name = attack or rng.choice(list(SEARCH_ATTACKS))
    return ATTACKS[name](H, b, rng)


def _round(rng: np.random.Generator, p: Params, x: np.ndarray, for_qu: bool) -> Round:
    split = rng.random() < 0.5
    dl = _deliveries(rng, p, x, split)
    attack = rng.choice(["split", "own", "mixed", "mixed"] if not for_qu else ["own", "own", "mixed", "split"])
    proj = x @ rng.normal(size=p.d)
    ranks = np.argsort(np.argsort(proj)) / max(1, p.h - 1)
    same = rng.choice(list(SEARCH_ATTACKS))
    out = []
    for j, senders in enumerate(dl):
        a = {"split": "split", "own": "own"}.get(attack, same if rng.random() < 0.5 else None)
        out.append(make_delivery(senders, _byzantine(rng, p, x, senders, ranks[j], a), p.d))
    return Round(tuple(out))


def _mutate(rng: np.random.Generator, p: Params, x: np.ndarray, rnd: Round) -> tuple[np.ndarray, Round]:
    x = x.copy()
    dl = list(rnd.deliveries)
    j = int(rng.integers(p.h))
    move = rng.integers(3)
    span = float(np.ptp(x)) or 1.0
    if move == 0 and p.f:
        byz = dl[j].byzantine + rng.normal(scale=span * rng.choice([0.01, 0.1, 1.0]), size=dl[j].byzantine.shape)
        dl[j] = Delivery(dl[j].honest, byz)
    elif move == 1 and p.model == "async" and p.q - p.f < p.h:
        hon = list(dl[j].honest)
        out_of = [k for k in range(p.h) if k not in hon]
        if len(hon) > 1 and out_of:
            hon[int(rng.integers(1, len(hon)))] = int(rng.choice(out_of))
            dl[j] = Delivery(tuple(hon), dl[j].byzantine)
    else:
        k = int(rng.integers(p.h))
        x[k] += rng.normal(scale=span * 0.05, size=p.d)
    return x, Round(tuple(dl))


# -- the search ---------------------------------------------------------------------------

@dataclass(frozen=True)
class _Target:
    """The rule under test and what every spec's search shares."""
    fn: Any
    rule: Any
    name: str
    params: Params
    exact_ok: bool
    seed: int
    t0: float
    #: witness fields beside the execution: ``{"ties": "average"}`` when the rule runs averaged
    extra: dict = field(default_factory=dict)


def check(rule: Any, n: int, f: int, q: int | None = None, *, model: str = "async", d: int = 2,
          specs: Sequence[str] = DEFAULT_SPECS, bounds: dict[str, Any] | None = None, examples: int = 300,
          seed: int = 0, save_dir: str | Path | None = None, progress: bool = False, ties: str | None = None) -> Report:
    """Search for executions of ``rule`` that violate ``specs``.

    ``ties`` (registry rules that pick among optimal choices; default
    ``adversary``): ``first`` runs the reference rule, ``average`` the mean over
    every optimal choice (:meth:`avagree.algorithms.rule.Rule.under`; its
    witnesses say ``"ties": "average"`` and replay averaged), ``adversary``
    searches with the reference rule's choice, one the adversary may make, so
    every violation found holds under ``adversary`` (the search never proves).
    Reported as ``Report.ties``.

    ``rule``: a registry name, a weights rule string ('lstat:0,1/3,1/3,1/3,0'),
    'module:function', or any callable taking the
    received (q, d) array (and optionally ``f=`` and ``own=``). ``bounds``: the
    contraction factor c (default 1), the averaging constant C (default 1) or a
    cw-contraction factor (default 1). ``examples``: executions tried per spec.
    """
    t0 = time.perf_counter()
    check_int("examples", examples, minimum=1)
    check_int("seed", seed, minimum=0)
    if q is None:
        q = default_q(n, f, model)
    p = Params(n, f, q, d, model)
    resolved = "none"
    rule = resolve_name(rule)
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

    bar = tqdm(total=len(specs) * examples, file=sys.stderr, disable=None if progress else True, leave=False, desc="fuzz")
    results = []
    for si, spec in enumerate(specs):
        bound = bounds.get(spec, SPECS[spec].default_bound)
        results.append(_check_spec(target, spec_record(spec, bound), si, bound, examples, save_dir, bar.update))
    bar.close()
    return Report(target.name, p, results, time.perf_counter() - t0, seed, resolved)


def _parse_bounds(bounds: dict[str, Any] | None) -> dict[str, Fraction]:
    """The user's bounds as Fractions (floats read through their decimal text), each for an oracle spec and >= 0."""
    out = {k: Fraction(str(v)) if isinstance(v, float) else Fraction(v) for k, v in (bounds or {}).items()}
    for k, v in out.items():
        if k not in ORACLE_SPECS or v < 0:
            raise ParameterError(f"bound {k}", str(v), f"needs a spec among {', '.join(ORACLE_SPECS)} and a value >= 0")
    return out


def _check_spec(target: _Target, spec: Spec, si: int, bound: Fraction, examples: int,
                save_dir: str | Path | None, tick: Any) -> SpecResult:
    """Search ``examples`` executions for a violation of ``spec`` and report it as a :class:`SpecResult`."""
    p = target.params
    unit = spec.to_units(bound)
    rng = np.random.default_rng([target.seed, si])
    best: tuple[float, np.ndarray, Round] | None = None
    tried = exercised = 0
    for i in range(examples):
        if best is not None and i % 4 != 0:
            x, rnd = _mutate(rng, p, best[1], best[2])
        else:
            x = _family(rng, p, spec.unanimous_search)
            rnd = _round(rng, p, x, spec.unanimous_search)
        try:
            ex = execute(target.fn, p, x, [rnd])
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
                path = _save(target, spec, w, save_dir)
                return SpecResult(spec.name, "violated", bound, float(w.measured), tried, exercised, w, path,
                                  w.extra.get("replay", "exact"))
    if exercised == 0:
        return SpecResult(spec.name, "not exercised", bound, None, tried, 0)
    return SpecResult(spec.name, "held", bound, best[0] + float(unit) if best else None, tried, exercised)


def _file_name(rule: str, spec: str, p: Params) -> str:
    """The witness file name of a violation: the rule's name made safe for any file system."""
    safe = file_safe(rule.removeprefix("python:"))
    return f"oracle_{safe}_{spec}_n{p.n}_f{p.f}_q{p.q}_{p.model}_d{p.d}.json"


def _save(target: _Target, spec: Spec, w: Witness, save_dir: str | Path | None) -> str | None:
    if save_dir is None:
        return None
    return str(w.save(Path(save_dir) / _file_name(_stem(target.name, w), spec.name, w.params)))


def _stem(rule: str, w: Witness) -> str:
    """The file name's rule part: ``rule``, tagged when the witness is averaged over ties."""
    return rule + ("_average" if w.extra.get("ties") == "average" else "")


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
