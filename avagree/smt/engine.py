"""Decide specifications of reference rules with Z3 (d = 1, a few rounds).

Verdicts:

* COUNTEREXAMPLE: z3 found a model; it is turned into exact rationals, replayed
  through the exact reference implementation, confirmed, and saved as a witness;
* PROVED: z3 showed no violation exists in the stated scope;
* UNKNOWN: time-out, solver incompleteness, or a model that did not replay
  (reported as an engine error, never as a counterexample).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any, Sequence

import z3

from avagree.errors import ParameterError, RuleError, WitnessError
from avagree.model.diameters import mean
from avagree.model.execution import Params, check_int
from avagree.harness.outputs import file_safe
from avagree.harness.witness import Witness, from_execution
from avagree.specs import SPECS as SPEC_RECORDS, Z3_SPECS, averaging, contraction
from avagree.verdicts import Verdict

from avagree.smt.budget import DEFAULT_TIMEOUT, PLANE_WORST_RLIMIT, Budget, WallClock, scope_entries, timed_out
from avagree.smt import rule_encodings
from avagree.smt.encode import SymRound, make_round
from avagree.smt.extract import execution as _execution, rational as _fraction
from avagree.algorithms.registry import RULES, get_rule

COUNTEREXAMPLE, PROVED, UNKNOWN = Verdict.COUNTEREXAMPLE, Verdict.PROVED, Verdict.UNKNOWN
SPECS = Z3_SPECS
"""The specs the Z3 engine decides: those whose record has a Z3 violation predicate."""
WORST_SPECS = ("contraction", "averaging", "deviation")
ENCODINGS = ("merge", "rank", "interleave")


def supported(rule: str) -> bool:
    """Has ``rule`` a d = 1 encoding (under its reference tie rule, or only averaged: ``mda-avg``)?"""
    return rule_encodings.supported(rule)


@dataclass
class CheckResult:
    verdict: str
    scope: dict[str, Any]
    seconds: float
    reason: str = ""
    witness: Witness | None = None
    path: str | None = None
    units: int = 0  # z3 resource units spent (scope["rlimit"] is the budget)

    def as_json(self) -> dict[str, Any]:
        return {"verdict": self.verdict, "scope": self.scope, "seconds": round(self.seconds, 3), "reason": self.reason,
                "witness": self.path, "units": self.units}


@dataclass
class WorstResult:
    value: Fraction | None
    attained: bool
    exact: bool
    seconds: float
    scope: dict[str, Any]
    verdict: str
    witness: Witness | None = None
    path: str | None = None
    reason: str = ""
    lower: Fraction | None = None  # d >= 2: the supremum lies in [lower, upper]
    upper: Fraction | None = None
    units: int = 0  # z3 resource units spent (scope["rlimit"] is the budget)

    def as_json(self) -> dict[str, Any]:
        out = {"verdict": self.verdict, "value": None if self.value is None else str(self.value), "attained": self.attained,
               "seconds": round(self.seconds, 3), "scope": self.scope, "reason": self.reason, "witness": self.path,
               "units": self.units}
        if self.lower is not None or self.upper is not None:
            out["lower"] = None if self.lower is None else str(self.lower)
            out["upper"] = None if self.upper is None else str(self.upper)
        return out


@dataclass
class _Problem:
    params: Params
    rule: str
    rounds: int
    families: list[list[z3.ArithRef]] = field(default_factory=list)  # inputs of each round + final
    sym_rounds: list[SymRound] = field(default_factory=list)
    merge: bool = True
    constraints: list = field(default_factory=list)
    generic: int = 0
    ties: str = "none"


def _generic_count(spec: str, rounds: int) -> int:
    """One-round specs that look at one or two receivers encode only those (of
    symbolic identity); averaging and several rounds need every receiver."""
    if rounds != 1:
        return 0
    return SPEC_RECORDS[spec].z3_generic


def resolve_ties(rule: str, ties: str | None) -> str:
    """The tie rule of a Z3 verdict about ``rule`` (see :meth:`avagree.algorithms.rule.Rule.resolve_ties`);
    ParameterError for one with no d = 1 encoding."""
    if not supported(rule):
        encoded = ", ".join(r for r in RULES if supported(r))
        raise RuleError(f"rule={rule!r}: no Z3 encoding (encoded: {encoded}); use the search oracle")
    info = get_rule(rule)
    ties = info.resolve_ties(ties)
    if not rule_encodings.encoded(info, ties):
        raise ParameterError("ties", ties, f"no Z3 encoding of {rule} under ties={ties}; use the search oracle "
                                           "(avagree fuzz / avagree.check)")
    return ties


def _build(rule: str, p: Params, rounds: int, normalise: bool, generic: int = 0, merge: bool = True,
           ties: str | None = None, interleave: bool = True, fixed: Sequence[Fraction] | None = None) -> _Problem:
    """The symbolic execution; ``fixed``: the round-1 honest inputs as given numbers, in node order (neither
    normalised nor required sorted: unsorted ones are read by the rank encoding)."""
    ties = resolve_ties(rule, ties)
    info = get_rule(rule)
    info.check_q(p.q, p.f)
    h = p.h
    prob = _Problem(p, rule, rounds)
    prob.generic = generic
    prob.ties = ties
    if fixed is not None:
        xs = [z3.RealVal(str(Fraction(v))) for v in fixed]
    else:
        xs = [z3.Real(f"x_{k}") for k in range(h)]
        prob.constraints += [xs[k] <= xs[k + 1] for k in range(h - 1)]
        if normalise:
            prob.constraints += [xs[0] == 0, xs[h - 1] == 1]
        else:
            prob.constraints += [xs[0] == 0, xs[h - 1] >= 0, xs[h - 1] <= 1]
    fam = xs
    prob.families.append(fam)
    for r in range(rounds):
        sr = make_round(p, fam, r, sorted_inputs=(r == 0 and (fixed is None or list(fixed) == sorted(fixed))),
                        constraints=prob.constraints, generic=generic, merge=merge, interleave=interleave)
        if generic == 2:
            prob.constraints.append(sr.received[0].receiver != sr.received[1].receiver)
        outs = []
        for j, rec in enumerate(sr.received):
            y = z3.Real(f"y_{r}_{j}")
            prob.constraints.append(y == rule_encodings.output_term(info, ties, rec, p.q, p.f, prob.constraints))
            outs.append(y)
        prob.sym_rounds.append(sr)
        fam = outs
        prob.families.append(fam)
    return prob


def _violation(prob: _Problem, spec: str, bound: Fraction, strict: bool) -> z3.BoolRef:
    """The registered spec's Z3 violation predicate on ``prob`` (see :class:`avagree.specs.spec.Spec`)."""
    record = SPEC_RECORDS.get(spec)
    if record is None or record.z3_violation is None:
        raise ParameterError("spec", spec, f"must be one of {', '.join(SPECS)}")
    return record.z3_violation(prob, bound, strict)


def _scope(rule: str, p: Params, rounds: int, spec: str, bound: Any, strict: bool, ties: str,
           budget: Budget) -> dict[str, Any]:
    return {"rule": rule, "n": p.n, "f": p.f, "q": p.q, "d": 1, "model": p.model, "rounds": rounds, "spec": spec,
            "bound": str(bound), "strict": strict, "ties": ties, **scope_entries(budget),
            "wlog": "inputs sorted and normalised (min 0, diameter 1 for contraction/averaging); f Byzantine values per receiver; "
                    "one-round contraction looks at the two extreme receivers, validity and quasi-unanimity at one"}


def _spec_bound_for_witness(spec: str, bound: Fraction) -> tuple[str, Fraction]:
    """The witness's spec name and bound in the spec's units (contraction: c -> c^2;
    averaging: the engine's bound is already C^2)."""
    record = SPEC_RECORDS[spec]
    return record.witness_name, bound if record.z3_bound_in_units else record.to_units(bound)


def check(rule: str, n: int, f: int, q: int, model: str = "async", *, spec: str = "contraction", bound: Any = 1,
          strict: bool | None = None, rounds: int = 1, timeout: float | None = DEFAULT_TIMEOUT, d: int = 1,
          save_dir: str | Path | None = None, encoding: str = "interleave", progress: bool = False,
          ties: str | None = None, rlimit: int | None = None) -> CheckResult:
    """Decide ``spec`` for ``rule`` at (n, f, q, model), one-dimensional, over ``rounds`` rounds.

    ``bound``: the contraction factor c (Delta_2(out) <= c Delta_2(in); with
    ``strict`` (default when c = 1) a violation is Delta_2(out) >= c Delta_2(in),
    i.e. no contraction at all), or C^2 for averaging (the averaging constant
    squared, so irrational constants stay exact). Ignored for quasi-unanimity
    and validity. ``encoding`` of the first round's receivers (:mod:`avagree.smt.encode`):
    "interleave" (order statistics as sorted variables; the default, measured fastest),
    "merge" (sorted deliveries, merge formula) or "rank" (Boolean selections, ranks). ``ties``:
    the tie rule (:data:`avagree.algorithms.rule.TIES`; default ``adversary`` for
    a rule that picks among optimal choices, MDA: the paper allows any optimal
    subset, so a PROVED under it holds for every tie rule); ``scope["ties"]``
    says which, ``"none"`` for a rule without choices. ``rlimit``: the
    deterministic budget in z3 resource units (default
    :data:`avagree.smt.budget.DEFAULT_RLIMIT`), which decides the verdict;
    ``timeout``: a wall-clock outer limit in seconds (None: none), whose end is
    UNKNOWN naming the step it stopped (:mod:`avagree.smt.budget`).
    """
    check_int("rounds", rounds, minimum=1)
    budget = Budget(rlimit, timeout)
    if d != 1:
        from avagree.smt.geometry import GEOMETRIC, check_geometric

        if rule in GEOMETRIC and spec == "contraction" and rounds == 1 and encoding in ("interleave", "merge"):
            return _spent(check_geometric(rule, n, f, q, model, d=d, bound=bound, strict=strict, budget=budget,
                                          save_dir=save_dir, progress=progress, ties=ties), budget)
        raise ParameterError("d", d, f"the Z3 engine decides d = 1, and d >= 2 only for one round of contraction with "
                                     f"{', '.join(GEOMETRIC)}; use the search oracle")
    return _spent(_check(rule, n, f, q, model, spec=spec, bound=bound, strict=strict, rounds=rounds, budget=budget,
                         save_dir=save_dir, encoding=encoding, ties=ties), budget)


def _spent(result: Any, budget: Budget) -> Any:
    """``result`` with the units its run spent."""
    result.units = budget.spent
    return result


def _check(rule: str, n: int, f: int, q: int, model: str, *, spec: str, bound: Any, strict: bool | None, rounds: int,
           budget: Budget, save_dir: str | Path | None, encoding: str, ties: str | None,
           step: str = "the d = 1 check") -> CheckResult:
    """:func:`check` in d = 1 within ``budget``; the wall-clock outer limit ends it as UNKNOWN."""
    t0 = time.perf_counter()
    p = Params(n, f, q, 1, model)
    if spec not in SPECS:
        raise ParameterError("spec", spec, f"must be one of {', '.join(SPECS)}")
    ties = resolve_ties(rule, ties)
    bound = Fraction(bound)
    if bound < 0:
        raise ParameterError("bound", str(bound), "must be >= 0 (a contraction factor, or C^2 for averaging)")
    if strict is None:
        strict = spec == "contraction" and bound == 1
    if encoding not in ENCODINGS:
        raise ParameterError("encoding", encoding, f"must be one of {', '.join(ENCODINGS)}")
    scope = _scope(rule, p, rounds, spec, bound, strict, ties, budget)
    try:
        if spec == "averaging" and rounds == 1:
            # the honest mean of the outputs is within max_j |y_j - mean(x)| of mean(x): when the exact one-receiver
            # supremum of that deviation is at most C, no execution violates C-averaging (and one receiver encodes
            # in a fraction of the time all h take); half the budget at most
            dev = _worst(rule, n, f, q, model, spec="deviation", budget=budget.part(budget.total // 2), ties=ties,
                         step="the one-receiver deviation bound of averaging")
            if timed_out(dev):
                return CheckResult(UNKNOWN, scope, time.perf_counter() - t0, dev.reason)
            if dev.verdict == PROVED and dev.value is not None and dev.value * dev.value <= bound:
                return CheckResult(PROVED, scope, time.perf_counter() - t0,
                                   f"every receiver's output is within {dev.value} Delta of the honest mean (exact "
                                   f"one-receiver supremum), and ({dev.value})^2 <= C^2 = {bound}: so is their average")
        if spec == "contraction" and rounds > 1:
            from avagree.smt.rounds import decide  # cycle: the induction builds on this module

            decided = decide(rule, p, rounds, bound, strict, ties, budget.part(budget.total * 3 // 4), save_dir,
                             scope, t0)
            if decided is not None:
                return decided
        prob = _build(rule, p, rounds, normalise=SPEC_RECORDS[spec].z3_normalised,
                      generic=_generic_count(spec, rounds), merge=encoding == "merge", ties=ties,
                      interleave=encoding == "interleave")
        solver = budget.solver()
        solver.add(prob.constraints)
        solver.add(_violation(prob, spec, bound, strict))
        res = budget.check(solver, step)
    except WallClock as exc:
        return CheckResult(UNKNOWN, scope, time.perf_counter() - t0, exc.reason())
    if res == z3.unsat:
        return CheckResult(PROVED, scope, time.perf_counter() - t0, "no execution violates the spec in this scope")
    if res != z3.sat:
        return CheckResult(UNKNOWN, scope, time.perf_counter() - t0, budget.why_unknown(solver))
    return _confirm(prob, solver.model(), rule, spec, bound, strict, t0, scope, save_dir, "z3")


def _confirm(prob: _Problem, model: z3.ModelRef, rule: str, spec: str, bound: Fraction, strict: bool, t0: float,
             scope: dict, save_dir: str | Path | None, found_by: str) -> CheckResult:
    try:
        ex, extra = _execution(prob, model)
        wspec, wbound = _spec_bound_for_witness(spec, bound)
        w = from_execution(rule, ex, wspec, wbound, found_by, time.perf_counter() - t0,
                           {"strict": Fraction(1)} if strict else None, **extra)
    except WitnessError as exc:
        return CheckResult(UNKNOWN, scope, time.perf_counter() - t0, f"engine error, model did not replay: {exc}")
    path = None
    if save_dir is not None:
        p = prob.params
        tag = f"_{prob.ties}" if prob.ties in ("adversary", "average") else ""  # files under the reference rule keep their names
        name = f"z3_{file_safe(rule)}_{spec}_n{p.n}_f{p.f}_q{p.q}_{p.model}_r{prob.rounds}{tag}.json"
        path = str(w.save(Path(save_dir) / name))
    how = _replayed_through(prob.ties)
    return CheckResult(COUNTEREXAMPLE, scope, time.perf_counter() - t0, f"replayed exactly through {how}", w, path)


def _replayed_through(ties: str) -> str:
    """What an exact replay under ``ties`` ran."""
    return {"adversary": "the recorded optimal choices",
            "average": "the reference rule averaged over every optimal choice"}.get(ties, "the reference rule")


def worst(rule: str, n: int, f: int, q: int, model: str = "async", *, spec: str = "contraction",
          timeout: float | None = DEFAULT_TIMEOUT, d: int = 1, ties: str | None = None,
          rlimit: int | None = None) -> WorstResult:
    """The exact supremum over one round, in d = 1, of Delta(out)/Delta(in)
    (``contraction``), |mean(out) - mean(in)| / Delta(in) (``averaging``,
    Definition 3) or |y_j - mean(in)| / Delta(in) for a single receiver
    (``deviation``, the per-node form of Lemma 13 and eq. 200). With d >= 2
    (MDA, contraction): bounds [lower, upper] instead of the exact value.
    ``ties`` as in :func:`check` (the supremum over the adversary's choices too
    under ``adversary``); ``rlimit`` and ``timeout`` as there (default budget with d >= 2:
    :data:`avagree.smt.budget.PLANE_WORST_RLIMIT`)."""
    budget = Budget(PLANE_WORST_RLIMIT if rlimit is None and d != 1 else rlimit, timeout)
    if d != 1:
        from avagree.smt.bounds import worst_geometric  # cycle: geometry runs check() first

        if spec != "contraction":
            raise ParameterError("d", d, "in d >= 2 only the contraction factor is bounded")
        return _spent(worst_geometric(rule, n, f, q, model, d=d, budget=budget, ties=ties), budget)
    return _spent(_worst(rule, n, f, q, model, spec=spec, budget=budget, ties=ties), budget)


def _worst(rule: str, n: int, f: int, q: int, model: str, *, spec: str, budget: Budget, ties: str | None,
           step: str = "the optimisation") -> WorstResult:
    """:func:`worst` in d = 1 within ``budget``; the wall-clock outer limit ends it as UNKNOWN."""
    t0 = time.perf_counter()
    p = Params(n, f, q, 1, model)
    if spec not in WORST_SPECS:
        raise ParameterError("spec", spec, f"worst takes {', '.join(WORST_SPECS)}")
    ties = resolve_ties(rule, ties)
    prob = _build(rule, p, 1, normalise=True, generic={"contraction": 2, "deviation": 1}.get(spec, 0), ties=ties)
    scope = _scope(rule, p, 1, spec, "sup", False, ties, budget)
    opt = budget.solver(z3.Optimize)
    opt.add(prob.constraints)
    obj = z3.Real("objective")
    opt.add(z3.Or([obj == term for term in _objective_terms(prob, spec)]))
    handle = opt.maximize(obj)
    try:
        res = budget.check(opt, step)
    except WallClock as exc:
        return WorstResult(None, False, False, time.perf_counter() - t0, scope, UNKNOWN, reason=exc.reason())
    if res != z3.sat:
        return WorstResult(None, False, False, time.perf_counter() - t0, scope, UNKNOWN,
                           reason=budget.why_unknown(opt) if res == z3.unknown else f"z3: {res}")
    text = str(handle.value())
    if "oo" in text:
        return WorstResult(None, False, False, time.perf_counter() - t0, scope, PROVED, reason="unbounded")
    attained = "epsilon" not in text
    # not attained: z3 gives (sup - epsilon) or (sup + epsilon * k); keep the rational part
    value = _fraction(handle.value()) if attained else _rational_part(handle.value())
    if attained and value is None:
        return WorstResult(None, False, False, time.perf_counter() - t0, scope, UNKNOWN,
                           reason=f"engine error: z3's optimum {text} is not a rational number")
    w = None
    if attained:
        w, error = _attaining_witness(prob, opt.model(), rule, spec, value, t0)
        if error:
            return WorstResult(value, attained, True, time.perf_counter() - t0, scope, UNKNOWN, reason=error)
        how = _replayed_through(ties)
        why = f"optimum attained; the attaining execution replayed exactly through {how}"
    else:
        why = f"supremum, not attained under ties={ties} (z3's optimum is the value minus an infinitesimal)"
    return WorstResult(value, attained, True, time.perf_counter() - t0, scope, PROVED, w, reason=why)


def _objective_terms(prob: _Problem, spec: str) -> list:
    """The quantity ``worst`` maximises, as terms whose maximum is its absolute value."""
    out, x0, h = prob.families[-1], prob.families[0], prob.params.h
    if spec == "contraction":
        return [out[0] - out[1]]  # two generic receivers, interchangeable
    diff = out[0] - z3.Sum(x0) / h if spec == "deviation" else z3.Sum(out) / h - z3.Sum(x0) / h
    return [diff, -diff]


def _attaining_witness(prob: _Problem, model: z3.ModelRef, rule: str, spec: str, value: Fraction,
                       t0: float) -> tuple[Witness | None, str]:
    """Replay the optimum exactly: (a witness for contraction, "") or (None, the engine error)."""
    ex, extra = _execution(prob, model)
    if spec == "contraction":
        measured = contraction(ex, 1).measured
    elif spec == "averaging":
        measured = averaging(ex, 0).measured
    else:
        m0 = mean(ex.inputs)
        measured = max(((y - m0) * (y - m0)).sum() for y in ex.outputs)  # the optimal receiver attains the max
    if measured != value * value:
        return None, f"engine error: optimum {value} but replay measures squared {measured}"
    if spec != "contraction" or value <= 0:
        return None, ""
    # the attaining execution, as a witness that no factor below `value` holds
    w = from_execution(rule, ex, "contraction", value * value, "z3:optimize", time.perf_counter() - t0,
                       {"strict": Fraction(1)}, note=f"attains the supremum {value} of the one-round contraction factor",
                       **extra)
    return w, ""


def _rational_part(val: z3.ExprRef) -> Fraction | None:
    """z3 reports a non-attained optimum as an expression in epsilon; keep its constant term."""
    try:
        e = z3.substitute(val, (z3.Real("epsilon"), z3.RealVal(0)))
        e = z3.simplify(e)
        return _fraction(e)
    except z3.Z3Exception:
        return None
