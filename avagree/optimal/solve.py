"""Find a certificate for a :class:`~.problem.Problem`: HiGHS (scipy.optimize.linprog) in
floating point proposes the primal weights and the dual multipliers; they are rationalised
and checked by :func:`.problem.verify` in exact arithmetic. When the rationalised float
solution does not certify, the exact vertex is recovered from the constraints the float
solution makes active (and the dual from the weights it makes positive), solved exactly in
Fractions (:mod:`.exact_linear`), and checked again. None when nothing certifies: the caller
reports UNKNOWN, never a number.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Sequence

import numpy as np

from .exact_linear import solve_exact
from .problem import Certificate, Problem, best_mu, verify

#: denominators tried when rationalising the float solution (None: the float's exact value)
DENOMINATORS = (10**3, 10**6, 10**9, None)
#: tolerances for "active" (slack) and "positive" (weights, multipliers) in the exact recovery
TOLERANCES = (1e-9, 1e-7, 1e-11, 1e-5)
#: denominator of the float values given to the free unknowns of the exact recovery
GUESS = 10**6


class FloatSolution:
    """HiGHS's primal weights (all q positions), multipliers (one per form) and mu."""

    def __init__(self, prob: Problem, res: object, A: np.ndarray, rhs: np.ndarray) -> None:
        inst = prob.inst
        nw = len(inst.positions)
        self.weights = np.zeros(inst.q)
        self.weights[inst.f:inst.f + nw] = res.x[:nw]  # type: ignore[attr-defined]
        self.multipliers = -np.asarray(res.ineqlin.marginals)  # type: ignore[attr-defined]
        self.mu = float(res.eqlin.marginals[0])  # type: ignore[attr-defined]
        self.slack = rhs - A @ res.x  # type: ignore[attr-defined]


def matrices(prob: Problem) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[int]]:
    """(objective c, A_ub, b_ub, column of each form's group epigraph variable or -1) over the
    variables (w at the admissible positions, then one t per objective group)."""
    inst = prob.inst
    pos = list(inst.positions)
    free = [g for g in prob.groups if not g.bounded]
    nv = len(pos) + len(free)
    c = np.zeros(nv)
    rows, rhs, tcol = [], [], []
    t_index = 0
    for g in prob.groups:
        col = -1
        if not g.bounded:
            col = len(pos) + t_index
            c[col] = float(g.weight)
            t_index += 1
        for fm in g.forms:
            coeff = fm.coefficients(inst.q)
            row = np.zeros(nv)
            row[: len(pos)] = [float(coeff[p - 1]) for p in pos]
            if col >= 0:
                row[col] = -1.0
            rows.append(row)
            rhs.append(float((g.bound if g.bounded else 0) - fm.const))
            tcol.append(col)
    return c, np.array(rows), np.array(rhs), tcol


def float_solve(prob: Problem) -> FloatSolution | None:
    """HiGHS's solution of the LP, or None when it does not report an optimum."""
    from scipy.optimize import linprog

    c, A, rhs, _ = matrices(prob)
    nw = len(prob.inst.positions)
    a_eq = np.zeros((1, len(c)))
    a_eq[0, :nw] = 1.0
    bounds = [(0, None)] * nw + [(None, None)] * (len(c) - nw)
    res = linprog(c, A_ub=A, b_ub=rhs, A_eq=a_eq, b_eq=[1.0], bounds=bounds, method="highs")
    return FloatSolution(prob, res, A, rhs) if res.status == 0 else None


def _rational(x: float, limit: int | None) -> Fraction:
    r = Fraction(float(x))
    return r if limit is None else r.limit_denominator(limit)


def rationalised(prob: Problem, sol: FloatSolution, limit: int | None) -> Certificate:
    """The float solution rounded to rationals, projected back onto what the checks need
    (weights nonnegative summing to 1, each objective group's multipliers summing to its weight,
    the best mu for them), then verified."""
    w = [max(Fraction(0), _rational(x, limit)) for x in sol.weights]
    total = sum(w, Fraction(0))
    w = [x / total for x in w] if total else w
    return _with_best_mu(prob, w, _projected_multipliers(prob, sol.multipliers, limit))


def _projected_multipliers(prob: Problem, ys: Sequence[float], limit: int | None) -> list[Fraction]:
    out: list[Fraction] = []
    start = 0
    for g in prob.groups:
        part = [max(Fraction(0), _rational(y, limit)) for y in ys[start:start + len(g.forms)]]
        start += len(g.forms)
        total = sum(part, Fraction(0))
        if not g.bounded and total:
            part = [y * g.weight / total for y in part]
        out += part
    return out


def _with_best_mu(prob: Problem, w: list[Fraction], ys: list[Fraction]) -> Certificate:
    return verify(prob, w, ys, best_mu(prob, ys))


def recovered(prob: Problem, sol: FloatSolution, tol: float) -> Certificate | None:
    """The exact solution of the constraints the float solution makes active: primal (the
    forms with slack <= tol, sum w = 1, over the weights > tol and the groups' t), dual (the
    multipliers > tol and mu, from the reduced costs of the positive weights and each objective
    group's sum), each solved exactly with the float values as the choice of any free unknown."""
    inst, forms = prob.inst, prob.forms
    c, A, rhs, tcol = matrices(prob)
    pos = list(inst.positions)
    nw = len(pos)
    support = [j for j in range(nw) if sol.weights[pos[j] - 1] > tol]
    if not support:
        return None
    tvars = sorted({col for col in tcol if col >= 0})
    unknowns = support + tvars
    exact_rows = [fm.coefficients(inst.q) for fm in forms]
    eqs, rhs_exact = [], []
    groups_of = [g for g in prob.groups for _ in g.forms]
    for i, fm in enumerate(forms):
        if sol.slack[i] <= tol * max(1.0, abs(rhs[i])):
            row = [exact_rows[i][pos[j] - 1] for j in support] + [Fraction(-1 if col == tcol[i] else 0) for col in tvars]
            g = groups_of[i]
            eqs.append(row)
            rhs_exact.append((g.bound if g.bounded else Fraction(0)) - fm.const)
    eqs.append([Fraction(1)] * len(support) + [Fraction(0)] * len(tvars))
    rhs_exact.append(Fraction(1))
    guess = [_rational(sol.weights[pos[j] - 1], GUESS) for j in support] + [Fraction(0)] * len(tvars)
    x = solve_exact(eqs, rhs_exact, guess)
    if x is None:
        return None
    w = [Fraction(0)] * inst.q
    for j, v in zip(support, x):
        w[pos[j] - 1] = v
    ys = _recovered_multipliers(prob, sol, tol, support, exact_rows)
    return None if ys is None else _with_best_mu(prob, w, ys)


def _recovered_multipliers(prob: Problem, sol: FloatSolution, tol: float, support: list[int],
                           exact_rows: list[list[Fraction]]) -> list[Fraction] | None:
    """Multipliers y (on the forms with y > tol) and mu with sum_i y_i a_i[p] = mu at the support's
    positions and each objective group's y summing to its weight, solved exactly."""
    pos = list(prob.inst.positions)
    live = [i for i, y in enumerate(sol.multipliers) if y > tol]
    eqs, rhs = [], []
    for j in support:
        eqs.append([exact_rows[i][pos[j] - 1] for i in live] + [Fraction(-1)])
        rhs.append(Fraction(0))
    start = 0
    for g in prob.groups:
        idx = range(start, start + len(g.forms))
        start += len(g.forms)
        if not g.bounded:
            eqs.append([Fraction(1 if i in idx else 0) for i in live] + [Fraction(0)])
            rhs.append(g.weight)
    guess = [_rational(sol.multipliers[i], GUESS) for i in live] + [_rational(sol.mu, GUESS)]
    x = solve_exact(eqs, rhs, guess)
    if x is None:
        return None
    ys = [Fraction(0)] * len(prob.forms)
    for i, v in zip(live, x):
        ys[i] = v
    return ys


def certify(prob: Problem) -> Certificate | None:
    """A certificate that verifies exactly (module docstring), or None."""
    sol = float_solve(prob)
    if sol is None:
        return None
    for limit in DENOMINATORS:
        cert = rationalised(prob, sol, limit)
        if cert.ok:
            return cert
    for tol in TOLERANCES:
        found = recovered(prob, sol, tol)
        if found is not None and found.ok:
            return found
    return None
