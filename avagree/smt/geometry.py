"""MDA in dimension d >= 2 with Z3: squared l2 distances (nonlinear real
arithmetic), combinatorial skeletons enumerated up to symmetry, and subset
minimality refined lazily from counterexamples.

Scope: one round, the contraction spec, two receivers (the two whose outputs
are farthest apart; without loss of generality honest nodes 0 and 1, since
honest inputs are free and nodes can be relabelled), each with f free
Byzantine vectors.

1. A counterexample in d = 1 embeds in every d (x -> (x, 0, ..., 0); MDA's
   distances, kept sets and outputs are unchanged), so the d = 1 engine runs
   before any nonlinear step (after the linear relaxations of 2., when they
   leave a class) and its witness is lifted and replayed exactly in dimension d.
2. Otherwise every *skeleton* is decided: the honest senders each receiver is
   delivered and the q - f elements its MDA keeps. Skeletons that differ by a
   relabelling of honest nodes 2..h-1 (or by swapping the two receivers) are
   the same problem, and so do skeletons that differ by a permutation of one
   receiver's (free) Byzantine vectors, so one of each class is solved
   (:func:`avagree.smt.skeletons.skeletons` enumerates the classes directly by
   pattern counts; the normal form of :mod:`avagree.smt.plane_case` fixes only
   nodes 0 and 1 and the outputs, so it does not break that symmetry). With the
   skeleton fixed, the outputs are linear and the constraints polynomial of
   degree 2. Each class's linear relaxation (the execution projected on the
   line through the two outputs) is tried first, for every class, before the
   d = 1 check: when it refutes them all (n = 13, f = 2), that is the proof.
3. Minimality, "no (q - f)-subset T of the received vectors has squared
   diameter below D", would take one disjunction per competing T. Instead Z3
   is asked for a violation; the exact reference
   (:mod:`avagree.algorithms.min_diameter`) computes the true optimal subset of
   each receiver's concrete multiset, and when the skeleton's kept set is not
   optimal the lemma "some pair of T* is at least D apart" is added for the
   optimal T* (true of every MDA execution, whatever the tie rule). One class's
   loop is :func:`avagree.smt.plane_refine.solve_case`.

Verdicts: a skeleton is refuted (unsat) for every tie rule, so all skeletons
unsat is PROVED. A model with optimal kept sets is replayed through the exact
reference (algebraic values rounded to rationals at 1e-30); if it violates, it
is a COUNTEREXAMPLE. If the reference breaks a tie differently and the
violation disappears, the search goes on in that skeleton with the tie
excluded (strict lemma); a skeleton refuted only that way makes the verdict
UNKNOWN ("violations need an adversarial tie-break"), never PROVED.

Tie rules (``ties``; the scope's ``ties`` is the one asked for, and every
witness is replayed under it): all skeletons unsat means every pair of optimal
subsets of the two receivers gives outputs closer than the bound, so PROVED
holds under ``first`` and ``adversary`` and also under ``average``: each
receiver's output is then a convex combination of optimal subsets' outputs, and
the distance between two such combinations is at most the largest distance
between their terms. Counterexamples: the d = 1 one is found under ``ties``
and lifted (embedding keeps every optimal subset); a skeleton's candidate is
replayed through the reference's choice (``first``, which is also one the
adversary may make) or, under ``average``, through the mean over every
optimal subset, and reported only if that replay violates.

Two tie-rule-specific steps (issue 29): under ``average``, classes the relaxation leaves
may be refuted by the averaging argument (:mod:`avagree.smt.plane_average`), and a PROVED
that uses it holds under ``average`` only (its reason says so); under ``first`` the n = 6f
tie-break family (:mod:`avagree.smt.plane_family`) is tried before any z3 step. "MDA
commutes with similarities" holds for its optimal subsets, not for ``first``'s pick, which
follows the lexicographic canonical order: the normal form is without loss of generality
for PROVED (every tie rule) and for ``average``, and a ``first`` candidate is only ever
reported after an exact replay in the coordinates it was found in.

Normal form (:mod:`avagree.smt.plane_case`): x_0 = 0, out_0 - out_1 on the first
axis pointing its way, x_1 in the plane of the first two axes with second
coordinate >= 0, honest squared diameter <= 1, so that the outputs' distance
is the linear "first coordinate of out_0 - out_1 >= c" (> c when not strict).
"""

from __future__ import annotations

import sys
import time
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import z3

from avagree.errors import ParameterError
from avagree.smt.budget import Budget, WallClock, scope_entries, timed_out
from avagree.smt.limits import DEFAULT_TIMEOUT, UNITS_PER_SECOND
from avagree.smt import line
from avagree.smt.plane_average import average_pass
from avagree.smt.plane_case import Case, Frame
from avagree.smt.plane_family import tie_break_witness
from avagree.smt.plane_refine import solve_case
from avagree.smt.problem import resolve_ties
from avagree.smt.results import COUNTEREXAMPLE, PROVED, UNKNOWN, CheckResult
from avagree.smt.skeletons import MAX_WORK, Skeleton, enumeration_work, skeletons

#: the registry rules the plane engine decides in d >= 2 (its skeletons are MDA's)
GEOMETRIC = ("mda",)


def _lift(w, d: int, t0: float):
    """A d = 1 witness embedded in dimension d, replayed exactly there."""
    from avagree.harness.aggregate import model_rule
    from avagree.errors import WitnessError
    from avagree.harness.choices import execute_choices
    from avagree.model.execution import Params, Round, execute, make_delivery
    from avagree.harness.witness import from_execution

    def pad(a: np.ndarray) -> np.ndarray:
        out = np.array([[Fraction(0)] * d for _ in range(a.shape[0])], dtype=object).reshape(a.shape[0], d)
        out[:, 0] = a[:, 0]
        return out

    p1 = w.params
    p = Params(p1.n, p1.f, p1.q, d, p1.model)
    rounds = [Round(tuple(make_delivery(dv.honest, pad(dv.byzantine), d, "exact") for dv in r.deliveries))
              for r in w.rounds]
    extra = {k: w.extra[k] for k in ("ties", "choices") if k in w.extra}
    try:  # recorded optimal choices stay optimal when embedded (distances are unchanged)
        if "choices" in extra:
            ex = execute_choices(w.rule, p, pad(w.honest), rounds, extra["choices"])
        else:
            ex = execute(model_rule(w.rule, "average" if w.extra.get("ties") == "average" else None), p, pad(w.honest),
                         rounds, mode="exact")
        return from_execution(w.rule, ex, w.spec, w.bound, "z3 (d = 1, embedded)", time.perf_counter() - t0,
                              w.spec_args or None, **extra)
    except WitnessError:
        return None


def _from_d1(rule: str, p, bound: Fraction, strict: bool, ties: str, budget: Budget, t0: float) -> tuple[str, Any]:
    """The d = 1 check within ``budget``: (the reason if the wall-clock limit ended it, else "";
    its counterexample lifted to dimension d and replayed there, or None)."""
    one = line.decide(rule, p.n, p.f, p.q, p.model, spec="contraction", bound=bound, strict=strict, rounds=1,
                      save_dir=None, budget=budget, encoding="merge", ties=ties, step="the d = 1 check (lifting)")
    if timed_out(one):
        return one.reason, None
    return "", _lift(one.witness, p.d, t0) if one.verdict == COUNTEREXAMPLE else None


def _summary(total: int, counts: dict[str, int], by_relaxation: int, refinements: int, ties: str,
             by_average: int = 0) -> str:
    tie_only = ("violated by single optimal subsets whose mean did not replay a violation" if ties == "average"
                else "violated only with an adversarial tie-break")
    averaged = f", {by_average} by the averaging argument (ties=average only)" if by_average else ""
    return (f"{total} skeleton classes: {counts['unsat']} refuted ({by_relaxation} by the linear relaxation)"
            f"{averaged}, {counts['tie-only']} {tie_only}, {counts['unknown']} undecided; {refinements} refinements")


def _scope(rule: str, n: int, f: int, q: int, d: int, model: str, bound: Fraction, strict: bool,
           ties: str, budget: Budget) -> dict[str, Any]:
    """What a :func:`check_geometric` verdict covers, and why that is without loss of generality.
    ``ties``: the tie rule asked for; a PROVED holds for every tie rule, a counterexample lifted
    from d = 1 is under the d = 1 verdict's tie rule."""
    return {"rule": rule, "n": n, "f": f, "q": q, "d": d, "model": model, "rounds": 1, "spec": "contraction",
            "bound": str(bound), "strict": strict, "ties": ties, **scope_entries(budget),
            "wlog": "x_0 = 0, out_0 - out_1 on the first axis, x_1 in the plane of the first two axes with second "
                    "coordinate >= 0, honest diameter <= 1 (contraction is invariant "
                    "under similarities, MDA commutes with them); f Byzantine vectors per receiver; the two "
                    "receivers are honest nodes 0 and 1; skeletons up to relabelling honest nodes 2..h-1, permuting each "
                    "receiver's Byzantine vectors and swapping the receivers; PROVED holds for every tie rule, unless its "
                    "reason counts classes refuted by the averaging argument (then for ties=average only)"}


#: no pass over the skeletons starts with fewer units left (half a second of CPU on the reference machine)
MIN_SHARE = UNITS_PER_SECOND // 2


def _relaxation_pass(cases: list[Skeleton], frame: Frame, k: int, bound: Fraction, strict: bool,
                     budget: Budget) -> tuple[list[tuple[int, Skeleton]], set[int]]:
    """Every class's linear relaxation, each within an equal share of what ``budget`` has left: the classes
    it does not refute, and the indexes of those whose relaxation ran out of units (worth a second try)."""
    todo, retry = [], set()
    quick = budget.solver()  # one solver: the frame's constraints once, each class's own in a scope of its own
    quick.add(frame.relaxed)
    for i, sk in enumerate(cases):
        share = budget.part(budget.left // (len(cases) - i))
        quick.push()
        quick.add(Case(frame, sk, k, bound, strict).own)
        res = share.check(quick, f"skeleton {i + 1} of {len(cases)}, linear relaxation")
        quick.pop()
        if res != z3.unsat:
            todo.append((i, sk))
            if res == z3.unknown:
                retry.add(i)
    return todo, retry


def _decide_skeletons(todo: list[tuple[int, Skeleton]], retry: set[int], total: int, frame: Frame, p, rule: str,
                      bound: Fraction, strict: bool, t0: float, budget: Budget, progress: bool,
                      ties: str) -> tuple[dict[str, int], int, tuple[int, Any] | None]:
    """Decide the skeleton classes ``todo`` (index, class) of ``total`` within ``budget``, their linear
    relaxation tried again for the indexes in ``retry``: the counts of "unsat", "tie-only" and "unknown"
    classes among them, the refinements made, and the first witness found as (class index, witness), or None."""
    from tqdm import tqdm  # optional progress bar

    counts = {"unsat": 0, "tie-only": 0}
    refinements = 0
    bar = tqdm(total=len(todo), desc=f"{rule} d={p.d} skeletons", file=sys.stderr,
               disable=None if progress else True, leave=False)
    with bar:
        # passes over the undecided skeletons; each gets an equal share of the units left (no minimum: a
        # minimum would let the first skeletons eat what the last need), so that one hard skeleton does not
        # starve the others, and units the easy ones leave go to the later ones and to the hard ones next pass
        while todo and budget.left > MIN_SHARE:
            undecided = []
            for pos, (i, sk) in enumerate(todo):
                if budget.left <= 0:
                    undecided += todo[pos:]
                    break
                share = budget.part(budget.left // (len(todo) - pos))
                status, w, r = solve_case(Case(frame, sk, p.q - p.f, bound, strict), p, rule, bound, strict, share,
                                           t0, i in retry, f"skeleton {i + 1} of {total}", ties)
                refinements += r
                if status == "witness":
                    return counts, refinements, (i, w)
                if status == "unknown":
                    undecided.append((i, sk))
                else:
                    counts[status] += 1
                    bar.update(1)
            progress_made = len(undecided) < len(todo)
            todo = undecided
            if not progress_made:  # every share was used up (or z3 gave up at once): more passes would not help
                break
    counts["unknown"] = len(todo)
    return counts, refinements, None


def check_geometric(rule: str, n: int, f: int, q: int, model: str = "async", *, d: int = 2, bound: Any = 1,
                    strict: bool | None = None, timeout: float | None = DEFAULT_TIMEOUT, rlimit: int | None = None,
                    save_dir: str | Path | None = None, progress: bool = False, relax: bool = True,
                    ties: str | None = None, budget: Budget | None = None):
    """Decide one-round contraction (Delta_2(out) <= bound * Delta_2(in); with
    ``strict``, the default when bound = 1, a violation is Delta_2(out) >=
    Delta_2(in)) for MDA in dimension d >= 2. ``relax=False`` skips the linear
    relaxation (for measuring what it buys, benchmarks/bench_smt.py). ``ties``: as in
    :func:`avagree.smt.decide` (default ``adversary``); it decides which d = 1
    counterexample is lifted, and a PROVED here holds for every tie rule. ``rlimit``
    and ``timeout`` as there (``budget``: a step's share of a caller's budget):
    the classes' linear relaxations get at most a quarter of the units, then (if
    some class is left) the d = 1 check at most a quarter, the classes the rest."""
    from avagree.algorithms import get_rule
    from avagree.model.execution import Params

    t0 = time.perf_counter()
    if rule not in GEOMETRIC:
        raise ParameterError("d", d, f"the Z3 engine decides {rule} in d = 1 only; d >= 2 is encoded for "
                                     f"{', '.join(GEOMETRIC)} (use the search oracle)")
    p = Params(n, f, q, d, model)
    get_rule(rule).check_q(q, f)
    ties = resolve_ties(rule, ties)
    budget = budget if budget is not None else Budget(rlimit, timeout)
    bound = Fraction(bound)
    if bound < 0:
        raise ParameterError("bound", str(bound), "must be >= 0 (a contraction factor)")
    strict = bound == 1 if strict is None else strict
    h = p.h
    scope = _scope(rule, n, f, q, d, model, bound, strict, ties, budget)

    def done(verdict: str, reason: str, w=None) -> CheckResult:
        path = None
        if w is not None and save_dir is not None:
            tag = f"_{ties}" if ties in ("adversary", "average") else ""
            path = str(w.save(Path(save_dir) / f"z3_{rule}_contraction_n{n}_f{f}_q{q}_{model}_d{d}{tag}.json"))
        return CheckResult(verdict, scope, time.perf_counter() - t0, reason, w, path, units=budget.spent)

    if h < 2:
        return done(PROVED, "one honest node: nothing to contract")
    if ties == "first":  # n = 6f: the tie-break family (no z3), replayed exactly
        w = tie_break_witness(n, f, q, d, model, bound, strict, t0)
        if w is not None:
            return done(COUNTEREXAMPLE, "the n = 6f tie-break family (the canonical order seen a quarter turn "
                                        "away keeps the Byzantine tied subset at both receivers), replayed exactly "
                                        "through the reference rule", w)
    try:
        # 1. every skeleton class's linear relaxation (a projection on the line through the outputs): at
        # n = 13, f = 2 it refutes all 527 classes, and then nothing else is needed
        cases = todo = retry = None
        by_average = 0
        if enumeration_work(h, model == "sync") <= MAX_WORK:
            cases = skeletons(h, f, q, model == "sync")
            frame = Frame(h, f, d)
            todo, retry = list(enumerate(cases)), set()
            if relax:
                todo, retry = _relaxation_pass(cases, frame, q - f, bound, strict, budget.part(budget.total // 4))
            if todo and ties == "average" and strict:  # the averaging argument (linear) for the classes left
                todo, by_average = average_pass(todo, len(cases), frame, q - f, bound,
                                                budget.part(budget.total // 4))
                retry &= {j for j, _ in todo}
        if cases is None or todo:  # 2. a d = 1 counterexample lifts to every d
            stopped, w = _from_d1(rule, p, bound, strict, ties, budget.part(budget.total // 4), t0)
            if stopped:
                return done(UNKNOWN, stopped)
            if w is not None:
                return done(COUNTEREXAMPLE, "a d = 1 counterexample embedded in dimension d, replayed exactly", w)
        if cases is None:
            return done(UNKNOWN, f"{enumeration_work(h, model == 'sync')} multisets of skeleton patterns: too many "
                                 f"skeleton classes to enumerate here (limit {MAX_WORK})")
        # 3. the classes the relaxation left: nonlinear arithmetic and lazy minimality
        counts, refinements, found = _decide_skeletons(todo, retry, len(cases), frame, p, rule, bound, strict, t0,
                                                       budget, progress, ties)
        by_relaxation = len(cases) - len(todo) - by_average
        counts["unsat"] += by_relaxation
    except WallClock as exc:
        return done(UNKNOWN, exc.reason())
    if found is not None:
        i, w = found
        how = "averaged over every optimal subset" if ties == "average" else "through the reference rule"
        return done(COUNTEREXAMPLE, f"replayed exactly {how} (skeleton {i + 1} of {len(cases)}, {refinements} "
                                    "refinements)", w)
    summary = _summary(len(cases), counts, by_relaxation, refinements, ties, by_average)
    if counts["unsat"] + by_average == len(cases):
        under = " under ties=average (mean over every optimal subset)" if by_average else ""
        return done(PROVED, f"no execution violates the spec{under} ({summary})")
    spent = f"; {budget.spent} of the budget's {budget.total} z3 units spent" if counts["unknown"] else ""
    return done(UNKNOWN, summary + spent)
