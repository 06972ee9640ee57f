"""The Z3 engine in d = 1: decide a spec (:func:`decide`; :func:`unrolled` is the formula with every
round unrolled) and compute the exact supremum of a one-round quantity (:func:`worst`). A model is
turned into exact rationals, replayed through the exact reference implementation and confirmed
before it is reported (a model that does not replay is an engine error, UNKNOWN)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

import z3

from avagree.errors import ParameterError, RuleError, WitnessError
from avagree.harness.outputs import file_safe
from avagree.harness.witness import Witness, from_execution
from avagree.model.diameters import mean
from avagree.model.execution import Params
from avagree.specs import SPECS as SPEC_RECORDS, averaging, contraction

from avagree.smt import krum_family
from avagree.smt.budget import Budget, WallClock, timed_out
from avagree.smt.extract import execution as replay_model, rational
from avagree.smt.problem import Problem, build, generic_count, resolve_ties, scope, violation, witness_spec_bound
from avagree.smt.questions import ENCODINGS, SPECS, WORST_SPECS
from avagree.smt.results import COUNTEREXAMPLE, PROVED, UNKNOWN, CheckResult, WorstResult
from avagree.smt.rule_encodings import NONLINEAR, budget_weight


@dataclass
class Question:
    """A validated d = 1 question of :func:`decide`: the rule, its parameters, the spec, its bound (a
    Fraction) and strictness, the rounds, the resolved tie rule, the first round's encoding, the scope a
    verdict covers, and when the run started (``t0``, :func:`time.perf_counter`)."""

    rule: str
    params: Params
    spec: str
    bound: Fraction
    strict: bool
    rounds: int
    ties: str
    encoding: str
    scope: dict[str, Any]
    t0: float


def question(rule: str, n: int, f: int, q: int, model: str, *, spec: str, bound: Any, strict: bool | None,
             rounds: int, budget: Budget, encoding: str, ties: str | None) -> Question:
    """The arguments of :func:`decide` validated (:class:`~avagree.errors.ParameterError` or
    :class:`~avagree.errors.RuleError` otherwise), with the defaults resolved and the scope."""
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
    return Question(rule, p, spec, bound, strict, rounds, ties, encoding,
                    scope(rule, p, rounds, spec, bound, strict, ties, budget), t0)


def decide(rule: str, n: int, f: int, q: int, model: str, *, spec: str, bound: Any, strict: bool | None, rounds: int,
           budget: Budget, save_dir: str | Path | None, encoding: str, ties: str | None,
           step: str = "the d = 1 check") -> CheckResult:
    """:func:`avagree.smt.decide` in d = 1 within ``budget``, the rounds unrolled into one formula (one
    round of averaging first tries the one-receiver deviation bound); the wall-clock outer limit ends it
    as UNKNOWN."""
    qn = question(rule, n, f, q, model, spec=spec, bound=bound, strict=strict, rounds=rounds, budget=budget,
                  encoding=encoding, ties=ties)
    if rule in krum_family.RULES and spec == "contraction" and rounds == 1:
        found = _family_counterexample(qn, save_dir)  # known ratio-1 executions first: nlsat need not find them
        if found is not None:
            return found
    if spec == "averaging" and rounds == 1:
        # the honest mean of the outputs is within max_j |y_j - mean(x)| of mean(x): when the exact one-receiver
        # supremum of that deviation is at most C, no execution violates C-averaging (and one receiver encodes
        # in a fraction of the time all h take); half the budget at most
        dev = worst(rule, n, f, q, model, spec="deviation", budget=budget.part(budget.total // 2), ties=qn.ties,
                    step="the one-receiver deviation bound of averaging")
        if timed_out(dev):
            return CheckResult(UNKNOWN, qn.scope, time.perf_counter() - qn.t0, dev.reason)
        if dev.verdict == PROVED and dev.value is not None and dev.value * dev.value <= qn.bound:
            return CheckResult(PROVED, qn.scope, time.perf_counter() - qn.t0,
                               f"every receiver's output is within {dev.value} Delta of the honest mean (exact "
                               f"one-receiver supremum), and ({dev.value})^2 <= C^2 = {qn.bound}: so is their average")
    return unrolled(qn, budget, save_dir, step)


def unrolled(qn: Question, budget: Budget, save_dir: str | Path | None, step: str = "the d = 1 check") -> CheckResult:
    """``qn`` decided on one formula of all its rounds and the spec's violation, within ``budget``; a
    model is replayed exactly and saved in ``save_dir`` (if given)."""
    try:
        prob = build(qn.rule, qn.params, qn.rounds, normalise=SPEC_RECORDS[qn.spec].z3_normalised,
                     generic=generic_count(qn.spec, qn.rounds), merge=qn.encoding == "merge", ties=qn.ties,
                     interleave=qn.encoding == "interleave", budget=budget)
        solver = budget.solver()
        solver.add(prob.constraints)
        solver.add(violation(prob, qn.spec, qn.bound, qn.strict))
        res = budget.check(solver, step, budget_weight(qn.rule))
    except WallClock as exc:
        return CheckResult(UNKNOWN, qn.scope, time.perf_counter() - qn.t0, exc.reason())
    if res == z3.unsat:
        return CheckResult(PROVED, qn.scope, time.perf_counter() - qn.t0, "no execution violates the spec in this scope")
    if res != z3.sat:
        return CheckResult(UNKNOWN, qn.scope, time.perf_counter() - qn.t0, budget.why_unknown(solver))
    return _confirm(prob, solver.model(), qn, save_dir)


def _confirm(prob: Problem, model: z3.ModelRef, qn: Question, save_dir: str | Path | None) -> CheckResult:
    """The model replayed exactly as a witness (saved in ``save_dir``, if given): COUNTEREXAMPLE, or
    UNKNOWN (an engine error) when it does not replay."""
    rule, spec, t0 = qn.rule, qn.spec, qn.t0
    try:
        ex, extra = replay_model(prob, model)
        wspec, wbound = witness_spec_bound(spec, qn.bound)
        w = from_execution(rule, ex, wspec, wbound, "z3", time.perf_counter() - t0,
                           {"strict": Fraction(1)} if qn.strict else None, **extra)
    except WitnessError as exc:
        return CheckResult(UNKNOWN, qn.scope, time.perf_counter() - t0, f"engine error, model did not replay: {exc}")
    except RuleError as exc:  # a nonlinear (Krum) model with irrational values: not replayable exactly
        return CheckResult(UNKNOWN, qn.scope, time.perf_counter() - t0, f"z3's model is not replayable: {exc}")
    path = None
    if save_dir is not None:
        p = prob.params
        tag = f"_{prob.ties}" if prob.ties in ("adversary", "average") else ""  # files under the reference rule keep their names
        name = f"z3_{file_safe(rule)}_{spec}_n{p.n}_f{p.f}_q{p.q}_{p.model}_r{prob.rounds}{tag}.json"
        path = str(w.save(Path(save_dir) / name))
    how = _replayed_through(prob.ties)
    return CheckResult(COUNTEREXAMPLE, qn.scope, time.perf_counter() - t0, f"replayed exactly through {how}", w, path)


def _family_counterexample(qn: Question, save_dir: str | Path | None) -> CheckResult | None:
    """Krum's and Multi-Krum's ratio-1 family (:mod:`.krum_family`) as a counterexample when it violates
    the asked contraction (Delta(out) = Delta(in): any c < 1, and c = 1 strict), replayed exactly; None
    when it does not apply."""
    p = qn.params
    if not (qn.bound < 1 or (qn.bound == 1 and qn.strict)) or not krum_family.exists(qn.rule, p.n, p.f, p.q, p.model,
                                                                                     qn.ties):
        return None
    try:
        w = krum_family.witness(qn.rule, p.n, p.f, p.q, p.model, qn.ties, witness_spec_bound(qn.spec, qn.bound)[1],
                                qn.strict, time.perf_counter() - qn.t0)
    except WitnessError as exc:
        return CheckResult(UNKNOWN, qn.scope, time.perf_counter() - qn.t0, f"engine error, family did not replay: {exc}")
    path = None
    if save_dir is not None:
        name = f"krum_family_{file_safe(qn.rule)}_n{p.n}_f{p.f}_q{p.q}_{p.model}_{qn.ties}.json"
        path = str(w.save(Path(save_dir) / name))
    return CheckResult(COUNTEREXAMPLE, qn.scope, time.perf_counter() - qn.t0,
                       f"the ratio-1 family (avagree.smt.krum_family: outputs 0 and 1 by kind, Delta(out) = Delta(in)), "
                       f"replayed exactly through {_replayed_through(qn.ties)}", w, path)


def _replayed_through(ties: str) -> str:
    """What an exact replay under ``ties`` ran."""
    return {"adversary": "the recorded optimal choices",
            "average": "the reference rule averaged over every optimal choice"}.get(ties, "the reference rule")


def worst(rule: str, n: int, f: int, q: int, model: str, *, spec: str, budget: Budget, ties: str | None,
          step: str = "the optimisation") -> WorstResult:
    """:func:`avagree.smt.worst` in d = 1 within ``budget``; the wall-clock outer limit ends it as UNKNOWN."""
    t0 = time.perf_counter()
    p = Params(n, f, q, 1, model)
    if spec not in WORST_SPECS:
        raise ParameterError("spec", spec, f"worst takes {', '.join(WORST_SPECS)}")
    if spec == "contraction" and krum_family.supremum_is_one(rule, n, f, q, model, resolve_ties(rule, ties)):
        return _family_worst(rule, p, resolve_ties(rule, ties), budget, t0)
    if rule in NONLINEAR:
        raise ParameterError("rule", rule, "worst maximises with z3's optimiser, which takes linear arithmetic only, "
                                           "and its scores are quadratic; test a factor with check --bound instead")
    ties = resolve_ties(rule, ties)
    where = scope(rule, p, 1, spec, "sup", False, ties, budget)
    try:
        prob = build(rule, p, 1, normalise=True, generic={"contraction": 2, "deviation": 1}.get(spec, 0), ties=ties,
                     budget=budget)
    except WallClock as exc:
        return WorstResult(None, False, False, time.perf_counter() - t0, where, UNKNOWN, reason=exc.reason())
    opt = budget.solver(z3.Optimize)
    opt.add(prob.constraints)
    obj = z3.Real("objective")
    opt.add(z3.Or([obj == term for term in _objective_terms(prob, spec)]))
    handle = opt.maximize(obj)
    try:
        res = budget.check(opt, step, budget_weight(rule))
    except WallClock as exc:
        return WorstResult(None, False, False, time.perf_counter() - t0, where, UNKNOWN, reason=exc.reason())
    if res != z3.sat:
        return WorstResult(None, False, False, time.perf_counter() - t0, where, UNKNOWN,
                           reason=budget.why_unknown(opt) if res == z3.unknown else f"z3: {res}")
    text = str(handle.value())
    if "oo" in text:
        return WorstResult(None, False, False, time.perf_counter() - t0, where, PROVED, reason="unbounded")
    attained = "epsilon" not in text
    # not attained: z3 gives (sup - epsilon) or (sup + epsilon * k); keep the rational part
    value = rational(handle.value()) if attained else rational_part(handle.value())
    if attained and value is None:
        return WorstResult(None, False, False, time.perf_counter() - t0, where, UNKNOWN,
                           reason=f"engine error: z3's optimum {text} is not a rational number")
    w = None
    if attained:
        w, error = _attaining_witness(prob, opt.model(), rule, spec, value, t0)
        if error:
            return WorstResult(value, attained, True, time.perf_counter() - t0, where, UNKNOWN, reason=error)
        how = _replayed_through(ties)
        why = f"optimum attained; the attaining execution replayed exactly through {how}"
    else:
        why = f"supremum, not attained under ties={ties} (z3's optimum is the value minus an infinitesimal)"
    return WorstResult(value, attained, True, time.perf_counter() - t0, where, PROVED, w, reason=why)


def _family_worst(rule: str, p: Params, ties: str, budget: Budget, t0: float) -> WorstResult:
    """Krum's supremum 1 at f <= 1 (:func:`.krum_family.supremum_is_one`): the upper bound argued there,
    attained by the ratio-1 family, replayed exactly."""
    where = scope(rule, p, 1, "contraction", "sup", False, ties, budget)
    try:
        w = krum_family.witness(rule, p.n, p.f, p.q, p.model, ties, Fraction(1), True, time.perf_counter() - t0)
    except WitnessError as exc:
        return WorstResult(None, False, False, time.perf_counter() - t0, where, UNKNOWN,
                           reason=f"engine error, family did not replay: {exc}")
    return WorstResult(Fraction(1), True, True, time.perf_counter() - t0, where, PROVED, w,
                       reason="Krum outputs a received value of least score, which at f <= 1 lies in the honest range "
                              "(avagree.smt.krum_family), so the factor is <= 1; the ratio-1 family attains 1, "
                              f"replayed exactly through {_replayed_through(ties)}")


def _objective_terms(prob: Problem, spec: str) -> list:
    """The quantity ``worst`` maximises, as terms whose maximum is its absolute value."""
    out, x0, h = prob.families[-1], prob.families[0], prob.params.h
    if spec == "contraction":
        return [out[0] - out[1]]  # two generic receivers, interchangeable
    diff = out[0] - z3.Sum(x0) / h if spec == "deviation" else z3.Sum(out) / h - z3.Sum(x0) / h
    return [diff, -diff]


def _attaining_witness(prob: Problem, model: z3.ModelRef, rule: str, spec: str, value: Fraction,
                       t0: float) -> tuple[Witness | None, str]:
    """Replay the optimum exactly: (a witness for contraction, "") or (None, the engine error)."""
    ex, extra = replay_model(prob, model)
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


def rational_part(val: z3.ExprRef) -> Fraction | None:
    """z3 reports a non-attained optimum as an expression in epsilon; keep its constant term."""
    try:
        e = z3.substitute(val, (z3.Real("epsilon"), z3.RealVal(0)))
        e = z3.simplify(e)
        return rational(e)
    except z3.Z3Exception:
        return None
