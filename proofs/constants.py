"""Concrete constants for a rule at given (n, f, q, model): feasibility of the
paper's hypotheses, the eps they admit, the constants and the iteration count.

Nothing is reported for parameters outside the hypotheses without saying so:
``feasible`` is False and ``failed`` lists each failing inequality with its values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import sympy as sp

from avagree.errors import RuleError
from avagree.model.execution import Params, check_int

from . import broadcast, cva, icwtm, lower_bounds, mda
from .symbols import at

RULES_WITH_CONSTANTS = ("mda", "cva", "cwtm", "trimmed-middle")


@dataclass
class Constants:
    """A rule's constants at (n, f, q, model): feasibility of the paper's hypotheses, eps, eps_tilde,
    contraction factor, averaging constant, iteration count N(t) and Theorem 4's lower bound."""
    rule: str
    n: int
    f: int
    q: int
    model: str
    t: int
    feasible: bool
    failed: list[str]
    hypothesis: str
    eps_max: Any = None  # sympy number or None
    eps_max_attained: bool = True
    eps: Any = None
    eps_tilde: Any = None
    contraction_factor: Any = None
    contraction_on: str = ""
    averaging_constant: Any = None
    iterations: Any = None
    lower_bound: Any = None
    notes: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        """Exact values as ints, 'p/q' strings or {exact, float} for irrationals."""
        def enc(v: Any) -> Any:
            if v is None or isinstance(v, (bool, str)):
                return v
            if isinstance(v, int):
                return v
            v = sp.nsimplify(v)
            if v.is_Integer:
                return int(v)
            return str(v) if v.is_Rational else {"exact": sp.sstr(v), "float": float(v)}

        out = {
            "rule": self.rule, "n": self.n, "f": self.f, "q": self.q, "model": self.model, "t": self.t,
            "feasible": self.feasible, "failed": list(self.failed), "hypothesis": self.hypothesis,
            "eps_max": enc(self.eps_max), "eps_max_attained": self.eps_max_attained, "eps": enc(self.eps),
            "eps_tilde": enc(self.eps_tilde), "contraction_factor": enc(self.contraction_factor),
            "contraction_on": self.contraction_on, "averaging_constant": enc(self.averaging_constant),
            "iterations": enc(self.iterations), "lower_bound_theorem4": enc(self.lower_bound), "notes": list(self.notes),
        }
        out.update({k: enc(v) for k, v in self.extra.items()})
        return out


def _eps_window(bounds: list[tuple[str, sp.Expr]], low: sp.Expr, low_open: bool, high: sp.Expr) -> tuple[Any, bool, list[str]]:
    """Intersect eps <= bound_i with the eps range (low, high) and report failures."""
    eps_max = sp.Min(*[b for _, b in bounds])
    failed = []
    attained = True
    if eps_max >= high:
        eps_max, attained = high, False
    ok = eps_max > low if low_open else eps_max >= low
    if not ok:
        for name, b in bounds:
            bad = b <= low if low_open else b < low
            if bad:
                failed.append(f"{name} (needs eps {'>' if low_open else '>='} {low}, allows eps <= {sp.sstr(b)})")
    return eps_max, attained, failed


def _admissible(conditions: tuple[sp.Expr, ...], N: int, F: int, Q: int, eps_value: Any) -> None:
    """Guard: the eps reported satisfies the hypotheses as the paper writes them (each
    condition >= 0), i.e. the hand-solved EPS_MAX_FROM_* bounds were solved right."""
    for cond in conditions:
        if not at(cond, n=N, f=F, q=Q, eps=eps_value) >= 0:
            raise ArithmeticError(f"internal: eps = {eps_value} violates {cond} at n={N} f={F} q={Q}")


def constants(rule: str, n: int, f: int, q: int, model: str = "async", t: int = 1, d: int | None = None) -> Constants:
    """Constants of ``rule`` at (n, f, q, model) and iteration count for input ``t``.

    Raises :class:`avagree.errors.ParameterError` for parameters that are not a
    system at all (f >= n, q > n, ...); parameters that are a system but fall
    outside the paper's hypotheses give ``feasible=False`` with reasons.
    """
    Params(n, f, q, 1, model)  # validates n, f, q, model
    t = check_int("t", t, minimum=0)
    if d is not None:
        d = check_int("d", d, minimum=1)
    lb = lower_bounds.theorem4_bound(n, f, q, model)
    if rule == "mda":
        return _mda(n, f, q, model, t, lb)
    if rule == "cva":
        return _cva(n, f, q, model, t, lb)
    if rule == "cwtm":
        return _icwtm(n, f, q, model, t, lb, d)
    if rule == "trimmed-middle":
        return _broadcast(n, f, q, model, t, lb, d)
    raise RuleError(f"rule={rule!r}: the paper gives constants for {', '.join(RULES_WITH_CONSTANTS)}")


#: the note when eps -> 1 is only a supremum (f = 0)
_SUPREMUM_AT_1 = "eps -> 1 is a supremum (f = 0): constants are the limits"


def _window(rule: str, N: int, F: int, Q: int, model: str, T: int, lb: Any, bounds: list[tuple[str, sp.Expr]],
            high: sp.Expr, low_open: bool, hypothesis: str, contraction_on: str, suffix: str = "") -> Constants:
    """The rule's constants record with eps's window from ``bounds`` (the hypothesis solved for eps) inside
    (0, high); ``feasible`` and the failures say whether the window is empty."""
    eps_max, attained, failed = _eps_window(bounds, sp.Integer(0), low_open, high)
    c = Constants(rule, N, F, Q, model, T, not failed, failed, hypothesis + "; ".join(b for b, _ in bounds) + suffix,
                  lower_bound=lb, contraction_on=contraction_on)
    c.eps_max, c.eps_max_attained = eps_max, attained
    return c


def _take_eps(c: Constants, conditions: tuple[sp.Expr, ...], open_note: str) -> None:
    """eps := the largest admissible value; when attained, the hypotheses as written hold there
    (:func:`_admissible`), otherwise the window is open at eps_max and ``open_note`` says so."""
    c.eps = c.eps_max
    if c.eps_max_attained:
        _admissible(conditions, c.n, c.f, c.q, c.eps_max)
    else:
        c.notes.append(open_note)


def _mda(N: int, F: int, Q: int, model: str, T: int, lb: Any) -> Constants:
    bounds = [("n >= (6+2eps)/(1-eps) f", at(mda.EPS_MAX_FROM_N, n=N, f=F, q=Q)),
              ("q >= (1+eps)/2 h + (5+3eps)/2 f", at(mda.EPS_MAX_FROM_Q, n=N, f=F, q=Q))]
    c = _window("mda", N, F, Q, model, T, lb, bounds, sp.Integer(1), True, "Assumption 5: 0 < eps < 1, ",
                "Delta_2 (Lemma 12)")
    c.extra["lemma12_factor"] = at(mda.LEMMA12_FACTOR, n=N, f=F, q=Q)
    c.extra["lemma13_alpha"] = at(mda.LEMMA13_ALPHA, n=N, f=F, q=Q)
    if not c.feasible:
        return c
    _take_eps(c, (mda.N_CONDITION, mda.Q_CONDITION), _SUPREMUM_AT_1)
    eps_max = c.eps
    c.eps_tilde = sp.nsimplify(at(mda.EPS_TILDE, eps=eps_max))
    c.contraction_factor = c.extra["lemma12_factor"]
    c.extra["one_minus_eps_tilde"] = 1 - c.eps_tilde
    c.averaging_constant = sp.nsimplify(at(mda.THEOREM3_C, n=N, f=F, q=Q, eps=eps_max))
    c.iterations = at(mda.N_MDA, t=T, eps=eps_max)
    return c


def _cva(N: int, F: int, Q: int, model: str, T: int, lb: Any) -> Constants:
    bounds = [("n >= (7+3eps)/(1-eps) f", at(cva.EPS_MAX_FROM_N, n=N, f=F, q=Q)),
              ("q >= (1+eps)/2 h + (3+2eps) f", at(cva.EPS_MAX_FROM_Q, n=N, f=F, q=Q))]
    c = _window("cva", N, F, Q, model, T, lb, bounds, sp.Integer(1), True, "Section 5.4: 0 < eps < 1, ",
                "Delta_2 (section 5.4: Lemma 12's sketch, no formula written)")
    c.extra["factor_5f_not_in_paper"] = at(cva.FACTOR_5F, n=N, f=F, q=Q)
    if not c.feasible:
        return c
    _take_eps(c, (cva.N_CONDITION, cva.Q_CONDITION), _SUPREMUM_AT_1)
    eps_max = c.eps
    c.eps_tilde = sp.nsimplify(at(cva.EPS_TILDE, eps=eps_max))
    c.contraction_factor = sp.nsimplify(at(cva.SKETCH_FACTOR, eps=eps_max))
    c.iterations = at(cva.N_CVA, t=T, eps=eps_max)
    c.notes.append("section 5.4 writes no CVA formula: eps_tilde, the factor 1 - eps_tilde and N(t) = ceil(t ln2/eps_tilde) "
                   "are Lemma 12 read under the CVA conditions ('the same sketch of the proof as MDA')")
    c.notes.append("no averaging constant: Theorem 3's needs Lemma 13, whose proof uses Lemma 11, which CVA's subset "
                   "does not satisfy (its diameter can exceed Delta_2, up to 2 Delta_2); the paper gives none for CVA")
    return c


def _icwtm(N: int, F: int, Q: int, model: str, T: int, lb: Any, D: int | None) -> Constants:
    bounds = [("q >= (1+4eps)/2 h + 2f + 1/2", at(icwtm.EPS_MAX_FROM_Q, n=N, f=F, q=Q))]
    if model == "async":
        if N - 1 - 2 * F > 0:
            bounds.insert(0, ("n >= 4(1-2eps)/(1-4eps) f + 1", at(icwtm.EPS_MAX_FROM_N, n=N, f=F, q=Q)))
        else:
            bounds.insert(0, ("n >= 4(1-2eps)/(1-4eps) f + 1", sp.Integer(-1)))
    c = _window("cwtm", N, F, Q, model, T, lb, bounds, sp.Rational(1, 4), False, "Assumption 6: 0 <= eps < 1/4, ",
                "each Delta^cw[i] (Lemma 15)",
                " (synchronous: the paper reduces it to n >= 3f + 1)" if model == "sync" else "")
    if not c.feasible:
        return c
    # eps_tilde is a step function of eps, left-continuous (a ceiling): the best value
    # reached below 1/4 is its value at eps_max = 1/4.
    _take_eps(c, (icwtm.N_CONDITION, icwtm.Q_CONDITION) if model == "async" else (icwtm.Q_CONDITION,),
              "eps < 1/4 is open: eps_tilde taken just below 1/4")
    eps_max = c.eps
    c.eps_tilde = at(icwtm.EPS_TILDE, n=N, f=F, q=Q, eps=eps_max)
    c.contraction_factor = at(icwtm.LEMMA15_FACTOR, n=N, f=F, q=Q, eps=eps_max)
    c.averaging_constant = at(icwtm.THEOREM8_C, n=N, f=F, q=Q)
    if D is not None:
        c.extra["remark3_constant"] = at(icwtm.REMARK3_C, n=N, f=F, q=Q, d=D)
    c.iterations = at(icwtm.N_ICWTM, n=N, f=F, q=Q, t=T, eps=eps_max)
    return c


def _broadcast(N: int, F: int, Q: int, model: str, T: int, lb: Any, D: int | None) -> Constants:
    failed = []
    n_min, q_required = at(broadcast.N_MIN, f=F), at(broadcast.Q_REQUIRED, n=N, f=F)
    if N < n_min:
        failed.append(f"n >= 3f + 1: {N} >= {n_min} is false")
    if Q != q_required:
        failed.append(f"q = n - f: {Q} = {q_required} is false")
    c = Constants("trimmed-middle", N, F, Q, model, T, not failed, failed,
                  "Theorem 6: n >= 3f + 1, q = n - f, reliable broadcast and witnesses", lower_bound=lb,
                  contraction_on="each Delta^cw[i], per broadcast iteration")
    if failed:
        return c
    c.contraction_factor = broadcast.PER_ITERATION_CW_FACTOR
    c.averaging_constant = sp.simplify(at(broadcast.THEOREM6_C, n=N, f=F))
    c.iterations = sp.simplify(at(broadcast.N_BROADCAST, n=N, f=F, t=T))
    if D is not None:
        c.extra["constant_with_d"] = sp.simplify(at(broadcast.THEOREM6_C_WITH_D, n=N, f=F, d=D))
    c.notes.append("the guarantee is for the broadcast-based protocol, not for the plain local rule")
    return c
