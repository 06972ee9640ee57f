"""Averaging over several rounds in d = 1 by induction from one-round optimisations (issue 29, item 2),
instead of unrolling the rounds into one formula.

The T-round averaging error of an execution is max_{s <= T} |mean(x_s) - mean(x_0)| / Delta(x_0)
(Definition 3 after every round). For a sign sigma (+1: the mean pushed up, -1: down) and a >= 0 let

    W_sigma(a) = sup over one round of [sigma (mean(y) - mean(x)) + a Delta(y)] / Delta(x)     (Delta(x) > 0)

(``joint`` below). Then, by induction on t, every t-round execution has
sigma (mean(x_t) - mean(x_0)) + a Delta(x_t) <= W_sigma^t(a) Delta(x_0), W^t the t-fold composition:
split off the first round, apply the statement to the t - 1 rounds from x_1, then W's definition at
a' = W^(t-1)(a). It needs Lemma U (a family of diameter 0 is kept: every receiver outputs the common
value; Z3) for the case Delta(x_1) = 0, and the affine equivariance of the rules (inputs normalised to
min 0, diameter 1). So the T-round error is at most max over sigma and s <= T of W_sigma^s(0); since
W(a) <= W(0) + a c (c the one-round contraction supremum), this is at most the composition bound
alpha (1 + c + ... + c^(T-1)), and possibly less.

**Two receivers suffice for an upper bound.** Receivers are independent in the model (each gets its
own delivery and Byzantine values, and under ``ties=adversary`` its own optimal subset), so the output
family ranges over the product of the one-receiver output sets S_j(x). Each S_j(x) is contained in
S(x), the outputs of a receiver of *any* identity (the delivery any q - f honest senders, its own among
them): equal to it in the synchronous model, where every receiver gets every honest value. Over S(x)^h,
for sigma = +1, with M = max y and L = min y, mean(y) <= ((h - 1) M + L) / h, so the objective is at most
((h - 1)/h + a) M - (a - 1/h) L, which is at most ((h - 1)/h + a) sup S - (a - 1/h) inf S when a >= 1/h
and at most sup S when a < 1/h (L <= M); both are approached (h - 1 receivers near sup S and one near
inf S, or all near sup S). sigma = -1 is the mirror image. So W_sigma(a) is bounded by one optimisation
over a shared input family and two receivers of symbolic identity (one maximising, one minimising),
each of whose own value is delivered: small even for MDA at n = 13. In the asynchronous model the
bound may exceed W (a receiver's own value must be delivered); it is an upper bound in every case, and
the lower bound below says whether it is reached.

**Tilted potentials.** The weight a Delta(y) of the rounds after a round is the special case
alpha = gamma = a of a potential alpha (top(y) - sigma mean(y)) + gamma (sigma mean(y) - bottom(y))
(:func:`extend_induction`): the same two-receiver argument bounds it, and choosing alpha != gamma (a line
in mu, valid by the optimum itself) is what makes MDA's bound tight (docs/z3.md).

**The lower bound** is a T-round execution built round by round on exact numbers: on the family x_t,
each receiver's largest and least output (one receiver, the inputs fixed: a small optimisation, cached
by the receiver's own value) are combined as in the argument above with the potential of the remaining
rounds (or none); started from the upper bound's own optimal families and the splits 0 1^(h-1),
0^(h-1) 1. Each chain is replayed exactly through the reference rule (under ``adversary`` through its
recorded optimal choices) and its averaging error measured exactly; the best is the lower end.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import z3

from avagree.algorithms.registry import get_rule
from avagree.errors import WitnessError
from avagree.harness.aggregate import model_rule
from avagree.harness.choices import execute_choices, find_choice
from avagree.harness.outputs import file_safe
from avagree.harness.witness import from_execution
from avagree.model.diameters import mean
from avagree.model.execution import Delivery, Execution, Params, Round, check_int, execute, received
from avagree.smt import line, problem, rule_encodings
from avagree.smt.budget import Budget, WallClock
from avagree.smt.encode import SymRound, make_interleaved, make_receiver
from avagree.smt.extract import execution as replay_model, rational, val
from avagree.smt.limits import DEFAULT_TIMEOUT
from avagree.smt.results import COUNTEREXAMPLE, PROVED, UNKNOWN, CheckResult
from avagree.smt.rounds import rational_root
from avagree.specs import averaging

METHOD = ("induction on rounds: per sign, what the rounds after a round can add is bounded by a potential "
          "alpha (max - mean) + gamma (mean - min) of its output family, each level a one-round optimisation by "
          "z3's optimiser over every honest family with two receivers of symbolic identity (receivers are "
          "independent); Lemma U (diameter 0 is kept); where Z3 proves one-round validity, also the one-receiver "
          "deviation supremum; lower ends are executions replayed exactly")

SIGNS = (1, -1)


def unanimity_kept(rule: str, p: Params, ties: str, budget: Budget) -> bool:
    """Lemma U: on an honest family of diameter 0 (all 0, by equivariance) every receiver outputs 0,
    whatever it is delivered and whatever the Byzantine values (True when Z3 proves it)."""
    prob = problem.build(rule, p, 1, normalise=False, generic=1, ties=ties, fixed=[Fraction(0)] * p.h, budget=budget)
    solver = budget.solver()
    solver.add(prob.constraints + [prob.families[-1][0] != 0])
    return budget.check(solver, "Lemma U (diameter 0 is kept)") == z3.unsat


@dataclass
class Joint:
    """One optimisation of :func:`joint`: ``value`` (None when undecided), ``attained`` (z3's optimum is a
    maximum, not a supremum), the optimal inputs (sorted, normalised) and their tilt coordinate ``mu``."""
    sigma: int
    value: Fraction | None
    attained: bool = False
    inputs: list[Fraction] | None = None
    mu: Fraction | None = None
    reason: str = ""


def _coefficients(alpha: Fraction, gamma: Fraction, h: int) -> tuple[Fraction, Fraction]:
    """(coefficient of the top receiver's output, of the bottom one's) bounding, in the sign's own direction,
    mean(y) + alpha (max y - mean(y)) + gamma (mean(y) - min y) over y in S^h (the module's argument)."""
    k = 1 - alpha + gamma  # the coefficient of mean(y)
    if k >= 0:  # mean(y) <= ((h - 1) max + min) / h
        return k * Fraction(h - 1, h) + alpha, k * Fraction(1, h) - gamma
    return k * Fraction(1, h) + alpha, k * Fraction(h - 1, h) - gamma  # mean(y) >= (max + (h - 1) min) / h


def joint(rule: str, p: Params, ties: str, sigma: int, alpha: Fraction, gamma: Fraction, lam: Fraction,
          budget: Budget) -> Joint:
    """An upper bound, over normalised sorted inputs x, on
    sup_y [sigma (mean(y) - mean(x)) + alpha (top(y) - sigma mean(y)) + gamma (sigma mean(y) - bottom(y))] - lam mu(x)
    (top, bottom: max and min of sigma y; mu(x) = sigma mean(x) - bottom(x)), from z3's optimum over two
    receivers of symbolic identity with sigma y_top >= sigma y_bottom (the module's argument)."""
    h = p.h
    cp, cq = _coefficients(alpha, gamma, h)
    cons: list = []
    xs = [z3.Real(f"x_{k}") for k in range(h)]
    cons += [xs[k] <= xs[k + 1] for k in range(h - 1)] + [xs[0] == 0, xs[h - 1] == 1]
    info = get_rule(rule)
    outs = []
    for name in ("top", "bottom"):
        rec = make_interleaved(p, xs, 0, None, name, cons)
        y = z3.Real(f"y_{name}")
        cons.append(y == rule_encodings.output_term(info, ties, rec, p.q, p.f, cons))
        outs.append(sigma * y)
    cons.append(outs[1] <= outs[0])
    mean_x = z3.Sum(xs) / h
    mu = mean_x if sigma == 1 else 1 - mean_x
    opt = budget.solver(z3.Optimize)
    opt.add(cons)
    obj = z3.Real("objective")
    opt.add(obj == z3.RealVal(str(cp)) * outs[0] + z3.RealVal(str(cq)) * outs[1] - sigma * mean_x
            - z3.RealVal(str(lam)) * mu)
    handle = opt.maximize(obj)
    res = budget.check(opt, f"the one-round joint optimum (sign {sigma:+d}, alpha {alpha}, gamma {gamma}, tilt {lam})",
                       rule_encodings.budget_weight(rule))
    if res != z3.sat:
        return Joint(sigma, None, reason=budget.why_unknown(opt) if res == z3.unknown else f"z3: {res}")
    text = str(handle.value())
    if "oo" in text:
        return Joint(sigma, None, reason="unbounded (q <= 2f?)")
    attained = "epsilon" not in text
    value = rational(handle.value()) if attained else line.rational_part(handle.value())
    if value is None:
        return Joint(sigma, None, reason=f"engine error: z3's optimum {text} is not a rational number")
    model = opt.model()
    x = [val(model, v) for v in xs]
    m = sum(x) / h
    return Joint(sigma, value, attained, x, m if sigma == 1 else 1 - m)


@dataclass
class Upper:
    """The upper ends: ``bounds[sigma][s]`` bounds sigma (mean(x_s) - mean(x_0)) / Delta(x_0) (s = 0..levels),
    ``potentials[sigma][s]`` = (alpha_s, gamma_s): every s-round continuation from a family x adds at most
    alpha_s (top - mean) + gamma_s (mean - bottom) in the sign's direction (s = 0..levels - 1); ``steps`` the
    optimisations; ``hull`` the one-receiver deviation supremum when Z3 proves one-round validity (it bounds
    every round's error: :func:`hull_bound`); ``reason`` when a step was not decided."""
    bounds: dict[int, list[Fraction]]
    potentials: dict[int, list[tuple[Fraction, Fraction]]]
    steps: list[Joint]
    hull: Fraction | None = None
    reason: str = ""
    zero: dict[tuple[int, int], Joint] = field(default_factory=dict)  # (sign, s): the untilted optimum of level s

    def induction(self, rounds: int) -> Fraction | None:
        if len(self.bounds) < len(SIGNS) or any(len(b) <= rounds for b in self.bounds.values()):
            return None
        return max(max(b[: rounds + 1]) for b in self.bounds.values())

    def value(self, rounds: int) -> Fraction | None:
        vals = [v for v in (self.induction(rounds), self.hull) if v is not None]
        return min(vals) if vals else None

    def potential(self, sigma: int, s: int) -> tuple[Fraction, Fraction]:
        """The continuation bound after a round when s rounds remain ((0, 0) when not computed)."""
        pots = self.potentials.get(sigma, [])
        return pots[s] if s < len(pots) else (Fraction(0), Fraction(0))

    def how(self, rounds: int) -> str:
        parts = []
        if self.induction(rounds) is not None:
            parts.append(f"by induction, per sign after s = 1..{rounds} rounds: up {_fmt(self.bounds[1])}, down "
                         f"{_fmt(self.bounds[-1])} (z3's optimiser over every honest family, two receivers; Lemma U)")
        if self.hull is not None:
            parts.append(f"by validity (Z3: every output within its round's honest range, so max(x_s) <= max(x_1)) "
                         f"and the exact one-receiver deviation supremum {self.hull}")
        return "; ".join(parts)


def _fmt(b: list[Fraction]) -> str:
    return ", ".join(str(v) for v in b[1:])


#: the tilts tried for each potential after the untilted one (at most this many more optimisations)
TILT_STEPS = 2


def extend_induction(up: Upper, rule: str, p: Params, ties: str, levels: int, budget: Budget,
                     plan: int | None = None) -> Upper:
    """``up`` with its bounds to ``levels`` rounds for both signs; stops at the first undecided step (``reason``).
    Each optimisation gets an equal share of what is left of ``budget`` among those still planned (to ``plan``
    levels, default ``levels``).

    Level s: the bound is sup_x J(x) for J the one-round objective with the potential phi_(s-1) of the
    rounds after it (lam = 0 in :func:`joint`); the potential phi_s is a line in mu(x) above J at every x:
    A(lam) + lam mu(x) with A(lam) = sup_x [J(x) - lam mu(x)] (valid for every lam, by the optimum itself),
    the tilt lam in [-1, 0] chosen to make the line low at mu = (h - 1)/h, where the worst outputs sit
    (h - 1 receivers at the top), by a few cutting-plane steps from lam = 0 (phi_s = (b_s, b_s)) and -1."""
    plan = max(plan or levels, levels)

    def planned() -> int:  # optimisations still planned: one per level and sign, and the tilts between levels
        return sum((plan + 1 - len(up.bounds.get(sg, [0]))) * (1 + TILT_STEPS) for sg in SIGNS)

    for sigma in SIGNS:
        b = up.bounds.setdefault(sigma, [Fraction(0)])
        pots = up.potentials.setdefault(sigma, [(Fraction(0), Fraction(0))])
        while len(b) <= levels:
            share = budget.part(budget.left * (1 + TILT_STEPS) // max(planned(), 1))
            if len(pots) < len(b):
                pots.append(_potential(rule, p, ties, sigma, pots[-1], up.zero[(sigma, len(b) - 1)], up, share))
            jt = joint(rule, p, ties, sigma, *pots[len(b) - 1], Fraction(0), share)
            up.steps.append(jt)
            if jt.value is None:
                up.reason = f"the bound after {len(b)} rounds (sign {sigma:+d}) not found: {jt.reason}"
                return up
            up.zero[(sigma, len(b))] = jt
            b.append(jt.value)
    return up


def _potential(rule: str, p: Params, ties: str, sigma: int, prev: tuple[Fraction, Fraction], jt: Joint, up: Upper,
               budget: Budget) -> tuple[Fraction, Fraction]:
    """The next potential (alpha, gamma) = (A(lam), A(lam) + lam) from the untilted optimum ``jt`` and up to
    :data:`TILT_STEPS` tilted ones (see :func:`extend_induction`)."""
    target = Fraction(p.h - 1, p.h)
    tried = [(Fraction(0), jt)]
    lam = Fraction(-1)
    for _ in range(TILT_STEPS):
        last = tried[-1][1]
        if last.mu is None or (len(tried) == 1 and last.mu >= target):
            break
        t = joint(rule, p, ties, sigma, *prev, lam, budget.part(budget.left // 2))
        up.steps.append(t)
        if t.value is None or t.mu is None:
            break
        tried.append((lam, t))
        (l0, j0), (l1, j1) = tried[-2], tried[-1]
        if j0.mu == j1.mu:
            break
        v0, v1 = j0.value + l0 * j0.mu, j1.value + l1 * j1.mu  # J at the two optimal families
        lam = min(Fraction(0), max(Fraction(-1), (v0 - v1) / (j0.mu - j1.mu)))
        if any(lam == lt for lt, _ in tried):
            break
    lam_best, best = min(tried, key=lambda lt: lt[1].value + lt[0] * target)
    return best.value, best.value + lam_best


def hull_bound(rule: str, p: Params, ties: str, budget: Budget) -> Fraction | None:
    """When Z3 proves one-round validity (every output within its round's honest range) the maximum of the
    honest family never grows after round 1 and the minimum never falls, so for every s >= 1
    mean(x_s) - mean(x_0) <= max(x_1) - mean(x_0) <= dev Delta(x_0), and the same downwards, dev the exact
    one-receiver deviation supremum (``worst --spec deviation``). That dev, or None."""
    v = line.decide(rule, p.n, p.f, p.q, p.model, spec="validity", bound=0, strict=None, rounds=1,
                    budget=budget.part(budget.left // 4), save_dir=None, encoding="interleave", ties=ties,
                    step="Lemma V (one-round validity)")
    if v.verdict != PROVED:
        return None
    dev = line.worst(rule, p.n, p.f, p.q, p.model, spec="deviation", budget=budget.part(budget.left // 4), ties=ties,
                     step="the one-receiver deviation supremum")
    return dev.value if dev.verdict == PROVED else None


# ---- the lower bound: chains on exact numbers -------------------------------------------------------

@dataclass
class _Best:
    value: Fraction
    delivery: Delivery
    choice: Any


def _receiver_extreme(rule: str, p: Params, ties: str, xs: list[Fraction], j: int, up: bool,
                      budget: Budget) -> _Best | None:
    """Receiver ``j``'s largest (``up``) or least output on the fixed family ``xs``, with a delivery
    reaching it (z3's optimum; when it is only a supremum, z3's model, which reaches less)."""
    prob = problem.Problem(p, rule, 1, ties=ties)
    fam = [z3.RealVal(str(x)) for x in xs]
    rec = make_receiver(p, fam, 0, j, str(j), xs == sorted(xs), prob.constraints)
    y = z3.Real("y")
    prob.constraints.append(y == rule_encodings.output_term(get_rule(rule), ties, rec, p.q, p.f, prob.constraints))
    prob.families += [fam, [y]]
    prob.sym_rounds.append(SymRound([rec]))
    opt = budget.solver(z3.Optimize)
    opt.add(prob.constraints)
    opt.maximize(y) if up else opt.minimize(y)
    if budget.check(opt, f"receiver {j}'s {'largest' if up else 'least'} output") != z3.sat:
        return None
    ex, extra = replay_model(prob, opt.model())
    choice = extra["choices"][0][j] if ties == "adversary" else None
    return _Best(Fraction(ex.outputs[j][0]), ex.rounds[0].deliveries[j], choice)


def _swap(d: Delivery, j: int, k: int) -> Delivery:
    """Receiver ``j``'s delivery for receiver ``k`` of the same value (senders j and k exchanged)."""
    return Delivery(tuple(k if s == j else j if s == k else s for s in d.honest), d.byzantine)


@dataclass
class Chain:
    inputs: list[Fraction]
    rounds: list[Round]
    choices: list[Any]

    def execution(self, rule: str, p: Params, ties: str) -> Execution:
        x0 = np.array([[x] for x in self.inputs], dtype=object)
        if ties == "adversary":
            return execute_choices(rule, p, x0, self.rounds, self.choices)
        return execute(model_rule(rule, ties if ties == "average" else None), p, x0, self.rounds, mode="exact")


def _chain(rule: str, p: Params, ties: str, sigma: int, xs: list[Fraction],
           weights: list[tuple[Fraction, Fraction]], budget: Budget) -> Chain | None:
    """An execution from ``xs``, one round per weight (alpha, gamma): each receiver at its largest or least output,
    maximising sigma mean(y) + alpha (top(y) - sigma mean(y)) + gamma (sigma mean(y) - bottom(y)) (top, bottom:
    max and min of sigma y; the weights bound what the rounds after it can add)."""
    chain = Chain(list(xs), [], [])
    fam = list(xs)
    for alpha, gamma in weights:
        ext: dict[tuple[Fraction, bool], tuple[int, _Best]] = {}
        per: list[dict[bool, _Best]] = []
        for j, v in enumerate(fam):
            got = {}
            for up in (True, False):
                if (v, up) not in ext:
                    b = _receiver_extreme(rule, p, ties, fam, j, up, budget)
                    if b is None:
                        return None
                    ext[(v, up)] = (j, b)
                j0, b = ext[(v, up)]
                got[up] = b if j0 == j else _Best(b.value, _swap(b.delivery, j0, j), None)
            per.append(got)
        # sigma = +1: everyone up, or everyone up but one receiver down (sigma = -1: the mirror)
        options = [None] + list(range(p.h))
        hi = sigma == 1

        def score(k: int | None) -> Fraction:
            ys = [per[j][hi if j != k else not hi].value for j in range(p.h)]
            m, sy = sigma * sum(ys) / p.h, [sigma * v for v in ys]
            return m + alpha * (max(sy) - m) + gamma * (m - min(sy))

        k = max(options, key=lambda o: score(o))
        picks = [per[j][hi if j != k else not hi] for j in range(p.h)]
        rnd = Round(tuple(b.delivery for b in picks))
        chain.rounds.append(rnd)
        if ties == "adversary":
            x_now = np.array([[x] for x in fam], dtype=object)
            chain.choices.append([find_choice(rule, received(x_now, dl), p.f, x_now[j],
                                              np.array([b.value], dtype=object))
                                  for j, (dl, b) in enumerate(zip(rnd.deliveries, picks))])
        fam = [Fraction(row[0]) for row in chain.execution(rule, p, ties).outputs]
    return chain


@dataclass
class AveragingRounds:
    """The T-round averaging error's supremum bracketed: ``upper`` by induction, ``lower`` (squared:
    ``lower_sq``) by a replayed chain; ``verdict`` PROVED when they meet (the exact value), else UNKNOWN.
    ``composition``: alpha (1 + c + ... + c^(T-1)) from the one-round values when computed."""
    verdict: str
    rounds: int
    upper: Fraction | None
    lower_sq: Fraction | None
    seconds: float
    scope: dict[str, Any]
    reason: str = ""
    execution: Execution | None = None
    units: int = 0
    bounds: dict[int, list[Fraction]] | None = None
    hull: Fraction | None = None

    @property
    def lower(self) -> Fraction | None:
        return None if self.lower_sq is None else rational_root(self.lower_sq, 2)

    def as_json(self) -> dict[str, Any]:
        s = lambda v: None if v is None else str(v)  # noqa: E731
        return {"verdict": self.verdict, "rounds": self.rounds, "upper": s(self.upper), "lower": s(self.lower),
                "lower_squared": s(self.lower_sq), "seconds": round(self.seconds, 3), "scope": self.scope,
                "reason": self.reason, "units": self.units, "hull": s(self.hull),
                "per_round": {("up" if k == 1 else "down"): [str(v) for v in b] for k, b in (self.bounds or {}).items()}}


def _lower(rule: str, p: Params, ties: str, rounds: int, upper: Upper, budget: Budget,
           target_sq: Fraction | None = None) -> tuple[Fraction, Execution, dict[str, Any]] | None:
    """The best chain, replayed exactly: (its squared T-round averaging error, the execution, the witness's
    extra fields), or None. Chains start from the upper bound's optimal families (the first round's own first)
    and the splits 0 1^(h-1), 0^(h-1) 1, weighted by the induction's potentials or not at all
    (each round pushing the mean only); stops once ``target_sq`` is reached."""
    best: tuple[Fraction, Execution, dict[str, Any]] | None = None
    h = p.h
    for sigma in SIGNS:
        starts = [jt.inputs for jt in reversed(upper.steps) if jt.sigma == sigma and jt.inputs is not None]
        starts += [[Fraction(0)] + [Fraction(1)] * (h - 1), [Fraction(0)] * (h - 1) + [Fraction(1)]]
        schedules = [[upper.potential(sigma, rounds - t - 1) for t in range(rounds)],
                     [(Fraction(0), Fraction(0))] * rounds]
        seen: set[tuple[Any, ...]] = set()
        for weights in dict.fromkeys(tuple(w) for w in schedules):
            for xs in starts:
                if (tuple(xs), weights) in seen or len(set(xs)) < 2:
                    continue
                seen.add((tuple(xs), weights))
                try:
                    chain = _chain(rule, p, ties, sigma, xs, list(weights), budget)
                except WitnessError:  # a recorded choice not found: this start gives no chain
                    chain = None
                if chain is None:
                    continue
                ex = chain.execution(rule, p, ties)
                err = Fraction(averaging(ex, 0).measured)
                if best is None or err > best[0]:
                    extra = {"ties": "adversary", "choices": chain.choices} if ties == "adversary" else (
                        {"ties": "average"} if ties == "average" else {})
                    best = (err, ex, extra)
                if target_sq is not None and best[0] >= target_sq:
                    return best
    return best


def _bracket(rule: str, p: Params, ties: str, rounds: int, budget: Budget,
             c2: Fraction | None = None) -> tuple[Upper | None, tuple[Fraction, Execution, dict[str, Any]] | None, str]:
    """(the upper ends, the best replayed chain, why undecided). Order: Lemma U, W(0) for both signs, the
    validity bound and chains to it; then the induction to T rounds and chains to its bound. With ``c2``
    (C^2 of a check) it stops as soon as the upper end is at most C or a chain exceeds C."""
    if not unanimity_kept(rule, p, ties, budget.part(budget.left // 8)):
        return None, None, "Lemma U (diameter 0 is kept) not proved: no induction"
    up = extend_induction(Upper({}, {}, []), rule, p, ties, 1, budget, plan=rounds)
    if up.reason:
        return up, None, up.reason
    up.hull = hull_bound(rule, p, ties, budget.part(budget.left // 4))
    low = None

    def done(u: Fraction | None) -> bool:
        if u is None:
            return False
        if c2 is not None:
            return u * u <= c2 or (low is not None and low[0] > c2)
        return low is not None and low[0] >= u * u

    if up.hull is not None:
        if c2 is not None and up.hull ** 2 <= c2:
            return up, None, ""
        low = _lower(rule, p, ties, rounds, up, budget.part(budget.left // 3),
                     target_sq=up.hull ** 2 if c2 is None else min(up.hull ** 2, c2 + Fraction(1, 10**12)))
        if done(up.hull):
            return up, low, ""
    up = extend_induction(up, rule, p, ties, rounds, budget.part(budget.left * 3 // 4))
    u = up.value(rounds)
    if done(u):
        return up, low, ""
    target = None if u is None else (u * u if c2 is None else min(u * u, c2 + Fraction(1, 10**12)))
    more = _lower(rule, p, ties, rounds, up, budget, target_sq=target)
    if more is not None and (low is None or more[0] > low[0]):
        low = more
    return up, low, up.reason


def _scope(rule: str, p: Params, rounds: int, bound: Any, ties: str, budget: Budget) -> dict[str, Any]:
    return {**problem.scope(rule, p, rounds, "averaging", bound, False, ties, budget), "method": METHOD}


def decide(rule: str, n: int, f: int, q: int, model: str, *, bound: Any, rounds: int, budget: Budget,
           save_dir: str | Path | None, encoding: str, ties: str | None) -> CheckResult:
    """:func:`avagree.smt.decide` of C-averaging over ``rounds`` > 1 rounds (``bound`` = C^2) in d = 1: PROVED when
    an upper end (:func:`_bracket`) is at most C, COUNTEREXAMPLE when a replayed chain exceeds C (at most three
    quarters of the budget), else the unrolled formula with what is left; the wall-clock limit: UNKNOWN."""
    qn = line.question(rule, n, f, q, model, spec="averaging", bound=bound, strict=False, rounds=rounds,
                       budget=budget, encoding=encoding, ties=ties)
    scope = {**qn.scope, "method": METHOD}
    c2 = qn.bound
    try:
        up, low, _ = _bracket(rule, qn.params, qn.ties, rounds, budget.part(budget.total * 3 // 4), c2)
    except WallClock as exc:
        return CheckResult(UNKNOWN, scope, time.perf_counter() - qn.t0, exc.reason())
    u = None if up is None else up.value(rounds)
    if u is not None and u * u <= c2:
        why = (f"the {rounds}-round averaging error is at most {u} ({up.how(rounds)}), and ({u})^2 <= C^2 = {c2}")
        return CheckResult(PROVED, scope, time.perf_counter() - qn.t0, why)
    if low is not None and low[0] > c2:
        return _counterexample(rule, qn.params, rounds, c2, low[1], low[2], scope, qn.t0, save_dir)
    return line.unrolled(qn, budget, save_dir)


def _counterexample(rule: str, p: Params, rounds: int, c2: Fraction, ex: Execution, extra: dict[str, Any],
                    scope: dict[str, Any], t0: float, save_dir: str | Path | None) -> CheckResult:
    try:
        w = from_execution(rule, ex, "averaging", c2, "z3:averaging-chain", time.perf_counter() - t0, None, **extra)
    except WitnessError as exc:
        return CheckResult(UNKNOWN, scope, time.perf_counter() - t0, f"engine error, chain did not replay: {exc}")
    path = None
    if save_dir is not None:
        tag = f"_{scope['ties']}" if scope["ties"] in ("adversary", "average") else ""
        name = f"z3_{file_safe(rule)}_averaging_n{p.n}_f{p.f}_q{p.q}_{p.model}_r{rounds}{tag}.json"
        path = str(w.save(Path(save_dir) / name))
    why = (f"a {rounds}-round execution (each round every receiver at its largest or least output), squared "
           f"averaging error {w.measured} > C^2 = {c2}, replayed exactly")
    return CheckResult(COUNTEREXAMPLE, scope, time.perf_counter() - t0, why, w, path)


def worst_averaging_rounds(rule: str, n: int, f: int, q: int, model: str = "async", *, rounds: int = 2,
                           ties: str | None = None, rlimit: int | None = None,
                           timeout: float | None = DEFAULT_TIMEOUT) -> AveragingRounds:
    """The T-round averaging error's supremum in d = 1 (scope: rule, n, f, q, d = 1, T, model, ties, inputs
    normalised): exact (PROVED) when a replayed chain reaches an upper end, else the bracket (UNKNOWN)."""
    check_int("rounds", rounds, minimum=1)
    t0 = time.perf_counter()
    budget = Budget(rlimit, timeout)
    p = Params(n, f, q, 1, model)
    ties = problem.resolve_ties(rule, ties)
    scope = _scope(rule, p, rounds, "sup", ties, budget)

    def result(verdict: str, why: str, upper=None, low=None, up=None) -> AveragingRounds:
        return AveragingRounds(verdict, rounds, upper, None if low is None else low[0], time.perf_counter() - t0,
                               scope, why, None if low is None else low[1], budget.spent,
                               None if up is None else up.bounds, None if up is None else up.hull)

    try:
        up, low, why = _bracket(rule, p, ties, rounds, budget)
    except WallClock as exc:
        return result(UNKNOWN, exc.reason())
    u = None if up is None else up.value(rounds)
    if u is None:
        return result(UNKNOWN, why, up=up)
    if low is None:
        return result(UNKNOWN, f"sup <= {u} ({up.how(rounds)}); no chain within the budget", u, up=up)
    if low[0] == u * u:
        return result(PROVED, f"the {rounds}-round averaging error's supremum is exactly {u}: <= {up.how(rounds)}; "
                              f"attained by a {rounds}-round execution replayed exactly", u, low, up)
    return result(UNKNOWN, f"the {rounds}-round averaging error's supremum lies in [sqrt({low[0]}), {u}]: the upper "
                           f"end {up.how(rounds)}; the lower end a replayed chain", u, low, up)
