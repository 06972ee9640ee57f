"""One skeleton class of the plane engine (:mod:`avagree.smt.geometry`) decided: its linear
relaxation first, then its formula in nonlinear real arithmetic with subset minimality refined
lazily from counterexamples (a model whose kept set is not a minimum-diameter subset adds the
lemma that some pair of the optimal subset is at least as far apart), and a candidate replayed
exactly through the reference rule under the tie rule asked for."""

from __future__ import annotations

import time
from fractions import Fraction

import numpy as np
import z3

from avagree.smt.budget import Budget
from avagree.smt.limits import NONLINEAR_WEIGHT
from avagree.smt.plane_case import Case


def _sqdist(vecs: np.ndarray) -> np.ndarray:
    m = len(vecs)
    return np.array([[((vecs[a] - vecs[b]) ** 2).sum() for b in range(m)] for a in range(m)], dtype=object)


def solve_case(case: Case, p, rule: str, bound: Fraction, strict: bool, budget: Budget, t0: float,
               relax: bool = True, step: str = "a skeleton", ties: str = "first"):
    """('unsat' | 'tie-only' | 'unknown' | 'witness', witness or None, refinements), within ``budget``;
    a candidate is replayed under ``ties`` (:func:`_replay`)."""
    from avagree.algorithms.distance import canonical_order
    from avagree.algorithms.min_diameter import first_optimal, optimal_threshold

    lemmas: list = []
    tie_restricted = False
    rounds = 0
    if relax:  # the linear relaxation first
        quick = budget.solver()
        quick.add(case.relaxed)
        if budget.check(quick, f"{step}, linear relaxation") == z3.unsat:
            return "unsat", None, 0
    while True:
        if budget.left <= 0:
            return "unknown", None, rounds
        solver = budget.solver()
        solver.add(case.cons + lemmas)
        res = budget.check(solver, f"{step}, refinement {rounds + 1}", NONLINEAR_WEIGHT)
        rounds += 1
        if res == z3.unsat:
            return ("tie-only" if tie_restricted else "unsat"), None, rounds
        if res != z3.sat:
            return "unknown", None, rounds
        m = solver.model()
        added, concrete = False, []
        for g in (0, 1):
            ids, vecs = case.concrete(m, g)
            concrete.append((ids, vecs))
            D = _sqdist(vecs)
            kept = [ids.index(e) for e in case.sk.kept[g]]
            kept_d = max((D[a][b] for a in kept for b in kept), default=Fraction(0))
            if optimal_threshold(D, case.k) < kept_d:  # not a minimum-diameter subset: refine
                lemmas.append(case.lemma(g, tuple(ids[i] for i in first_optimal(D, case.k)), strict=False))
                added = True
        if added:
            continue
        xv = case.honest(m)
        w = _replay(rule, p, xv, concrete, bound, strict, t0, ties)
        if w is not None:
            return "witness", w, rounds
        # the reference keeps another optimal subset (its tie rule: first in canonical order), or (ties=average)
        # the mean over the optimal subsets does not violate: exclude the reference's tie from here on, an
        # under-approximation, so that this skeleton can no longer count towards PROVED
        tie_restricted = True
        excluded = False
        for g, (ids, vecs) in enumerate(concrete):
            order = canonical_order(vecs)
            picked = order[first_optimal(_sqdist(vecs[order]), case.k)]
            ref = tuple(ids[i] for i in sorted(picked))
            if set(ref) != set(case.sk.kept[g]):
                lemmas.append(case.lemma(g, ref, strict=True))
                excluded = True
        if not excluded:  # same kept sets yet no violation (rounding of an algebraic model): nothing to learn
            return "unknown", None, rounds


def _replay(rule: str, p, xv: np.ndarray, concrete: list, bound: Fraction, strict: bool, t0: float,
            ties: str = "first"):
    """The candidate as an exact execution through the reference (under ``ties="average"``: averaged over
    every optimal subset, and the witness says so; under ``first`` and ``adversary`` the reference's choice,
    one the adversary may make); a witness if it violates."""
    from avagree.harness.aggregate import model_rule
    from avagree.errors import WitnessError
    from avagree.model.execution import Round, execute, make_delivery
    from avagree.harness.witness import from_execution

    h, f, d = p.h, p.f, p.d
    dl = []
    for j in range(h):
        if j < 2:
            ids, vecs = concrete[j]
            honest = [j] + [e[1] for e in ids if e[0] == "h" and e[1] != j]
            byz = [vecs[i] for i, e in enumerate(ids) if e[0] == "b"]
        else:  # receivers the formula does not constrain: a plain delivery
            others = [k for k in range(h) if k != j]
            honest = [j] + (others[: p.q - f - 1] if p.model == "async" else others)
            byz = [xv[j]] * f
        dl.append(make_delivery(honest, np.array(byz, dtype=object).reshape(len(byz), d), d, "exact"))
    averaged = ties == "average"
    ex = execute(model_rule(rule, "average" if averaged else None), p, xv, [Round(tuple(dl))], mode="exact")
    try:
        return from_execution(rule, ex, "contraction", bound * bound, "z3:nra+cegar", time.perf_counter() - t0,
                              {"strict": Fraction(1)} if strict else None, **({"ties": "average"} if averaged else {}))
    except WitnessError:
        return None
