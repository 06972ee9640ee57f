"""Several rounds of contraction in d = 1 by induction from one-round lemmas (issue 15 section 5,
issue 16 item 3), instead of unrolling the rounds into one formula.

The argument, for a rule the d = 1 engine encodes (each is equivariant under x -> a x + b, a > 0, which
is what lets one round be checked on inputs with min 0 and diameter 1, the engine's normalisation):

* Lemma Z (Z3): a receiver of an honest family of diameter 0 outputs that value: two receivers never
  disagree, whatever they are delivered and whatever the Byzantine values;
* Lemma C (Z3, symbolic inputs, every delivery and Byzantine value of the model): one round gives
  Delta(y) <= c Delta(x), or Delta(y) < c Delta(x) when ``strict`` and Delta(x) > 0 (the normalised
  check at c, or the exact one-round supremum c1 of ``worst``: not attained means strict).

Each round's honest family is *some* family and each round's adversary is *some* adversary, so the
one-round statements apply round after round (a fresh adversary each round), and by induction on s:
Delta(x_T) <= c^T Delta(x_0) (strict: < when Delta(x_0) > 0, and Delta(x_T) = 0 when Delta(x_0) = 0).
That is a proof of the T-round statement at the bound c^T, not of something weaker.

The other side is a self-similar round: on an input family x (the one-round worst case's, or a split
0^k 1^(h-k)), Z3 looks for deliveries and Byzantine values (every receiver encoded) whose outputs are
y = c x + beta, node by node (the chains are built in :mod:`avagree.smt.chains`). Rules are equivariant, so the same adversary mapped by v -> c v + beta
repeats it: T rounds give exactly Delta(x_T) = c^T Delta(x_0), for every T. The T-round execution is
replayed exactly through the reference rule (under ``ties="adversary"``, through its recorded optimal
choices, which the affine map keeps optimal). With c = c1 the T-round supremum is exactly c1^T.
When no self-similar round is found, a greedy chain (each round maximising the next diameter on the
given family) only brackets the supremum.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from fractions import Fraction
from math import isqrt
from pathlib import Path
from typing import Any

import z3

from avagree.errors import WitnessError
from avagree.harness.outputs import file_safe
from avagree.harness.witness import Witness, from_execution
from avagree.model.execution import Params, check_int
from avagree.smt import line, problem
from avagree.smt.budget import Budget, WallClock
from avagree.smt.chains import Chain, chain_from, extend, find_repeated
from avagree.smt.limits import DEFAULT_TIMEOUT
from avagree.smt.results import COUNTEREXAMPLE, PROVED, UNKNOWN, CheckResult

METHOD = ("induction on rounds from one-round lemmas proved by Z3 over every honest family (Lemma C: the factor; "
          "Lemma Z: diameter 0 stays 0); counterexamples are chains replayed exactly")


def rational_root(x: Fraction, k: int) -> Fraction | None:
    """The rational k-th root of ``x`` >= 0, or None when it is irrational."""
    a, b = x.numerator, x.denominator
    ra, rb = _iroot(a, k), _iroot(b, k)
    return Fraction(ra, rb) if ra ** k == a and rb ** k == b else None


def _iroot(a: int, k: int) -> int:
    if k == 2:
        return isqrt(a)
    r = round(a ** (1.0 / k))
    for c in (r - 1, r, r + 1):
        if c >= 0 and c ** k == a:
            return c
    return r


def zero_case(rule: str, p: Params, ties: str, budget: Budget) -> bool:
    """Lemma Z: with every honest value equal, no two receivers' outputs differ (True when Z3 proves it)."""
    prob = problem.build(rule, p, 1, normalise=False, generic=2, ties=ties, budget=budget)
    xs, out = prob.families[0], prob.families[-1]
    solver = budget.solver()
    solver.add(prob.constraints + [xs[-1] == 0, out[0] != out[1]])
    return budget.check(solver, "Lemma Z (diameter 0 stays 0)") == z3.unsat


def _cmp(strict: bool) -> str:
    return "<" if strict else "<="


def decide(rule: str, n: int, f: int, q: int, model: str, *, bound: Any, strict: bool | None, rounds: int,
           budget: Budget, save_dir: str | Path | None, encoding: str, ties: str | None) -> CheckResult:
    """:func:`avagree.smt.decide` of contraction over ``rounds`` > 1 rounds in d = 1 within ``budget``: by
    induction or a replayed chain (:func:`induction`, at most three quarters of the budget), else on the
    unrolled formula (:func:`avagree.smt.line.unrolled`); the wall-clock outer limit ends it as UNKNOWN."""
    qn = line.question(rule, n, f, q, model, spec="contraction", bound=bound, strict=strict, rounds=rounds,
                       budget=budget, encoding=encoding, ties=ties)
    try:
        decided = induction(rule, qn.params, rounds, qn.bound, qn.strict, qn.ties, budget.part(budget.total * 3 // 4),
                            save_dir, qn.scope, qn.t0)
    except WallClock as exc:
        return CheckResult(UNKNOWN, qn.scope, time.perf_counter() - qn.t0, exc.reason())
    return decided if decided is not None else line.unrolled(qn, budget, save_dir)


def induction(rule: str, p: Params, rounds: int, bound: Fraction, strict: bool, ties: str, budget: Budget,
              save_dir: str | Path | None, scope: dict[str, Any], t0: float) -> CheckResult | None:
    """T-round contraction at ``bound`` by induction (PROVED) or by a replayed chain (COUNTEREXAMPLE);
    None when neither decides it (the caller may unroll)."""
    scope = {**scope, "method": METHOD}
    if not zero_case(rule, p, ties, budget):
        return None
    root = rational_root(bound, rounds)
    start: Witness | None = None
    if root is not None:
        one = line.decide(rule, p.n, p.f, p.q, p.model, spec="contraction", bound=root, strict=strict, rounds=1,
                          budget=budget.part(budget.left // 2), save_dir=None, encoding="merge", ties=ties,
                          step="Lemma C at c = bound^(1/T)")
        if one.verdict == PROVED:
            why = (f"by induction over {rounds} rounds: Z3 proves one round gives Delta(y) {_cmp(strict)} {root} Delta(x) "
                   f"for every honest family (Lemma C) and that diameter 0 stays 0 (Lemma Z); so Delta(x_T) "
                   f"{_cmp(strict)} ({root})^{rounds} Delta(x_0) = {bound} Delta(x_0)")
            return CheckResult(PROVED, scope, time.perf_counter() - t0, why)
        start = one.witness if one.verdict == COUNTEREXAMPLE else None
        factor = rational_root(start.measured, 2) if start is not None else None  # the witness's own ratio
        factor = factor if factor is not None and factor > root else root
    if start is None:
        w = line.worst(rule, p.n, p.f, p.q, p.model, spec="contraction", budget=budget.part(budget.left // 2),
                       ties=ties, step="Lemma C: the exact one-round supremum")
        if w.verdict != PROVED or w.value is None:
            return None
        c1, upper = w.value, w.value ** rounds
        if upper < bound or (upper == bound and (not strict or not w.attained)):
            why = (f"by induction over {rounds} rounds: the exact one-round supremum is {c1} "
                   f"({'attained' if w.attained else 'not attained'}; Z3 over every honest family, Lemma C) and "
                   f"diameter 0 stays 0 (Lemma Z); so Delta(x_T) {_cmp(not w.attained)} ({c1})^{rounds} Delta(x_0) "
                   f"= {upper} Delta(x_0)")
            return CheckResult(PROVED, scope, time.perf_counter() - t0, why)
        start, factor = w.witness, c1
    if start is None:
        return None
    chain = find_repeated(rule, p, ties, factor, start, rounds, budget) or chain_from(start)
    return _chain_verdict(chain, rule, p, rounds, bound, strict, ties, budget, save_dir, scope, t0)


def _chain_verdict(chain: Chain, rule: str, p: Params, rounds: int, bound: Fraction, strict: bool, ties: str,
                   budget: Budget, save_dir: str | Path | None, scope: dict[str, Any],
                   t0: float) -> CheckResult | None:
    chain = extend(chain, rule, p, ties, rounds, budget)
    if chain is None:
        return None
    r2, b2 = chain.ratio_sq(), bound * bound
    if not (r2 >= b2 if strict else r2 > b2):
        return None
    extra = {"ties": "adversary", "choices": chain.choices} if ties == "adversary" else {}
    try:
        w = from_execution(rule, chain.execution(rule, p, ties), "contraction", b2, "z3:induction-chain",
                           time.perf_counter() - t0, {"strict": Fraction(1)} if strict else None, **extra)
    except WitnessError as exc:
        return CheckResult(UNKNOWN, scope, time.perf_counter() - t0, f"engine error, chain did not replay: {exc}")
    path = None
    if save_dir is not None:
        tag = "_adversary" if ties == "adversary" else ""
        name = f"z3_{file_safe(rule)}_contraction_n{p.n}_f{p.f}_q{p.q}_{p.model}_r{rounds}{tag}.json"
        path = str(w.save(Path(save_dir) / name))
    how = "the recorded optimal choices" if ties == "adversary" else "the reference rule"
    how_built = ("a self-similar round repeated" if chain.self_similar else
                 "a one-round counterexample, then each round maximising the next diameter")
    why = (f"a {rounds}-round execution ({how_built}), "
           f"squared ratio {r2} {'>=' if strict else '>'} {b2}, replayed exactly through {how}")
    return CheckResult(COUNTEREXAMPLE, scope, time.perf_counter() - t0, why, w, path)


@dataclass
class RoundsWorst:
    """The T-round supremum of Delta(x_T) / Delta(x_0), bracketed: ``upper`` = c1^T by induction from the
    exact one-round supremum c1; ``lower``: a replayed T-round chain attains it. ``verdict`` is PROVED
    (the supremum is exactly ``upper``, attained) when they meet, else UNKNOWN (only the bracket)."""
    verdict: str
    rounds: int
    one_round: Fraction | None
    upper: Fraction | None
    lower_sq: Fraction | None  # squared: the chain's ratio may be irrational only through a square root
    seconds: float
    scope: dict[str, Any]
    reason: str = ""
    witness: Witness | None = None
    units: int = 0

    @property
    def lower(self) -> Fraction | None:
        return None if self.lower_sq is None else rational_root(self.lower_sq, 2)

    def as_json(self) -> dict[str, Any]:
        s = lambda v: None if v is None else str(v)  # noqa: E731
        return {"verdict": self.verdict, "rounds": self.rounds, "one_round": s(self.one_round), "upper": s(self.upper),
                "lower": s(self.lower), "lower_squared": s(self.lower_sq), "seconds": round(self.seconds, 3),
                "scope": self.scope, "reason": self.reason, "units": self.units}


def worst_rounds(rule: str, n: int, f: int, q: int, model: str = "async", *, rounds: int = 2, ties: str | None = None,
                 rlimit: int | None = None, timeout: float | None = DEFAULT_TIMEOUT) -> RoundsWorst:
    """The T-round contraction supremum in d = 1, as :class:`RoundsWorst` (scope: rule, n, f, q, model,
    rounds, ties, inputs normalised as in :func:`avagree.smt.decide`)."""
    check_int("rounds", rounds, minimum=1)
    t0 = time.perf_counter()
    budget = Budget(rlimit, timeout)
    p = Params(n, f, q, 1, model)
    ties = problem.resolve_ties(rule, ties)
    scope = {**problem.scope(rule, p, rounds, "contraction", "sup", False, ties, budget), "method": METHOD}

    def result(verdict: str, why: str, c1=None, upper=None, lower_sq=None, w=None) -> RoundsWorst:
        return RoundsWorst(verdict, rounds, c1, upper, lower_sq, time.perf_counter() - t0, scope, why, w, budget.spent)

    try:
        if not zero_case(rule, p, ties, budget):
            return result(UNKNOWN, "Lemma Z not proved: no induction")
        w = line.worst(rule, n, f, q, model, spec="contraction", budget=budget.part(budget.left // 2), ties=ties,
                       step="Lemma C: the exact one-round supremum")
        if w.verdict != PROVED or w.value is None:
            return result(UNKNOWN, f"one-round supremum not found: {w.reason}")
        c1, upper = w.value, w.value ** rounds
        if w.witness is None:
            return result(UNKNOWN, f"sup <= {upper} by induction; the one-round supremum {c1} is not attained "
                                   f"(ties={ties}), so no chain starts from it", c1, upper)
        chain = (find_repeated(rule, p, ties, c1, w.witness, rounds, budget)
                 or extend(chain_from(w.witness), rule, p, ties, rounds, budget))
    except WallClock as exc:
        return result(UNKNOWN, exc.reason())
    if chain is None:
        return result(UNKNOWN, f"sup <= {upper} by induction; no chain within the budget", c1, upper)
    r2 = chain.ratio_sq()
    extra = {"ties": "adversary", "choices": chain.choices} if ties == "adversary" else {}
    try:
        wit = from_execution(rule, chain.execution(rule, p, ties), "contraction", r2, "z3:induction-chain",
                             time.perf_counter() - t0, {"strict": Fraction(1)},
                             note=f"a {rounds}-round chain: squared ratio {r2}", **extra)
    except WitnessError as exc:
        return result(UNKNOWN, f"engine error, chain did not replay: {exc}", c1, upper)
    if r2 == upper * upper:
        how = ("a self-similar round repeated (so c1^T is attained for every T)" if chain.self_similar else
               "a replayed chain")
        return result(PROVED, f"the {rounds}-round supremum is exactly ({c1})^{rounds} = {upper}: <= by induction "
                              f"(Lemmas C and Z), attained by {how}", c1, upper, r2, wit)
    return result(UNKNOWN, f"the {rounds}-round supremum lies in [sqrt({r2}), {upper}]: the upper end by induction, "
                           f"the lower end a replayed greedy chain", c1, upper, r2, wit)
