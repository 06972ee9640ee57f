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
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from avagree.adversaries.attacks import ATTACKS, SEARCH_ATTACKS
from avagree.adversaries.split import by_value, split_senders
from avagree.algorithms import RULES
from avagree.errors import AvagreeError, ParameterError, WitnessError
from avagree.model.execution import (Delivery, Params, Round, check_int, convert_round, default_q, execute,
                                     make_delivery)
from avagree.model.numbers import convert
from avagree.model.user_rules import as_model_rule, rule_name, supports_exact
from avagree.model.witness import Witness, from_execution
from avagree.specs import SPECS, Spec

ORACLE_SPECS = tuple(name for name, s in SPECS.items() if s.margin is not None)
"""The specs the oracle searches: those whose record says how to measure a margin."""
DEFAULT_SPECS = tuple(name for name, s in SPECS.items() if s.margin is not None and s.fuzz_default)
"""The specs checked when none are named."""


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

    def line(self) -> str:
        if self.status == "violated":
            where = f" -> {self.path}" if self.path else ""
            record = SPECS[self.spec]
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

    def assert_ok(self) -> None:
        """Fail (AssertionError) with the readable report when a spec is violated."""
        if not self.ok:
            raise AssertionError(str(self))

    def as_json(self) -> dict[str, Any]:
        return {"rule": self.rule, "n": self.params.n, "f": self.params.f, "q": self.params.q, "d": self.params.d,
                "model": self.params.model, "seed": self.seed, "ties": self.ties, "seconds": round(self.seconds, 3),
                "results": [{"spec": r.spec, "status": r.status, "bound": str(r.bound), "best": r.best, "tried": r.tried,
                             "exercised": r.exercised, "witness": r.path, "replay": r.replay, "error": r.error}
                            for r in self.results]}


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


#: the registry record that implements a rule under a tie rule its own record only names
_TIE_VARIANTS = {("mda", "average"): "mda-avg"}


def check(rule: Any, n: int, f: int, q: int | None = None, *, model: str = "async", d: int = 2,
          specs: Sequence[str] = DEFAULT_SPECS, bounds: dict[str, Any] | None = None, examples: int = 300,
          seed: int = 0, save_dir: str | Path | None = None, progress: bool = False, ties: str | None = None) -> Report:
    """Search for executions of ``rule`` that violate ``specs``.

    ``ties`` (registry rules that pick among optimal choices; default
    ``adversary``): ``first`` runs the reference rule, ``average`` the averaged
    variant (MDA: ``mda-avg``), ``adversary`` searches with the reference rule's
    choice, one the adversary may make, so every violation found holds under
    ``adversary`` (the search never proves). Reported as ``Report.ties``.

    ``rule``: a registry name, 'module:function', or any callable taking the
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
    if isinstance(rule, str):
        info = RULES.get(rule)
        if info is not None:
            info.check_q(q, f)
            resolved = info.resolve_ties(ties)
            rule = _TIE_VARIANTS.get((rule, resolved), rule)
    fn = as_model_rule(rule)
    target = _Target(fn, rule, rule_name(rule), p, supports_exact(fn, d), seed, t0)
    bounds = _parse_bounds(bounds)
    for s in specs:
        if s not in ORACLE_SPECS:
            raise ParameterError("spec", s, f"must be one of {', '.join(ORACLE_SPECS)}")
    from tqdm import tqdm  # lazily, as before: only a search draws a progress bar

    bar = tqdm(total=len(specs) * examples, file=sys.stderr, disable=None if progress else True, leave=False, desc="fuzz")
    results = []
    for si, spec in enumerate(specs):
        record = SPECS[spec]
        results.append(_check_spec(target, record, si, bounds.get(spec, record.default_bound), examples, save_dir,
                                   bar.update))
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
                path = _save(target, spec, w, save_dir)
                return SpecResult(spec.name, "violated", bound, float(w.measured), tried, exercised, w, path,
                                  w.extra.get("replay", "exact"))
    if exercised == 0:
        return SpecResult(spec.name, "not exercised", bound, None, tried, 0)
    return SpecResult(spec.name, "held", bound, best[0] + float(unit) if best else None, tried, exercised)


def _save(target: _Target, spec: Spec, w: Witness, save_dir: str | Path | None) -> str | None:
    if save_dir is None:
        return None
    p = target.params
    safe = target.name.replace(":", "_").replace("/", "_").replace("<", "").replace(">", "")
    return str(w.save(Path(save_dir) / f"oracle_{safe}_{spec.name}_n{p.n}_f{p.f}_q{p.q}_{p.model}_d{p.d}.json"))


def _confirm(target: _Target, x: np.ndarray, rnd: Round, spec: Spec, unit: Fraction) -> Witness | None:
    """The witness of a violation found in float, replayed exactly when the rule accepts Fractions."""
    p = target.params
    if target.exact_ok:
        ex = execute(target.fn, p, convert(x, "exact"), [convert_round(rnd, "exact")], mode="exact")
    else:
        ex = execute(target.fn, p, x, [rnd])
    try:
        return from_execution(target.rule, ex, spec.witness_name, unit, f"oracle:seed={target.seed}",
                              time.perf_counter() - target.t0, spec.witness_args or None)
    except WitnessError:
        return None  # a float-only violation that exact arithmetic does not confirm is not reported
