"""Executions of several rounds of contraction in d = 1 built with Z3, for the counterexample side
of :mod:`avagree.smt.rounds`: a :class:`Chain` of rounds, extended greedily (each round maximising the
next diameter on the family it is given, :func:`extend`), or a self-similar round (outputs c x + beta
on inputs x, :func:`self_similar`) repeated under the affine map v -> c v + beta
(:func:`find_repeated`), which gives Delta(x_T) = c^T Delta(x_0) exactly for every T."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np
import z3

from avagree.algorithms.registry import get_rule
from avagree.harness.aggregate import model_rule
from avagree.harness.choices import execute_choices
from avagree.harness.witness import Witness
from avagree.model.diameters import diameter_pow
from avagree.model.execution import Delivery, Execution, Params, Round, execute
from avagree.smt import rule_encodings
from avagree.smt.budget import Budget
from avagree.smt.encode import SymRound, make_receiver
from avagree.smt.extract import execution as _execution
from avagree.smt.problem import Problem, build


@dataclass
class Chain:
    """A T-round execution built round by round; ``choices`` under ``ties="adversary"``."""
    inputs: np.ndarray
    rounds: list[Round] = field(default_factory=list)
    choices: list[Any] = field(default_factory=list)
    outputs: np.ndarray | None = None
    self_similar: bool = False

    def execution(self, rule: str, p: Params, ties: str) -> Execution:
        if ties == "adversary":
            return execute_choices(rule, p, self.inputs, self.rounds, self.choices)
        return execute(model_rule(rule), p, self.inputs, self.rounds, mode="exact")

    def ratio_sq(self) -> Fraction:
        return Fraction(diameter_pow(self.outputs, 2)) / Fraction(diameter_pow(self.inputs, 2))


def chain_from(w: Witness) -> Chain:
    """The chain whose first round is the one-round witness ``w``."""
    ch = w.extra.get("choices")
    return Chain(w.honest, [w.rounds[0]], [ch[0]] if ch else [], w.outputs)


def extend(chain: Chain, rule: str, p: Params, ties: str, rounds: int, budget: Budget) -> Chain | None:
    """``chain`` extended to ``rounds`` rounds, each maximising the next diameter on the family it is given
    (Z3 optimum over deliveries and Byzantine values); None when Z3 gives no answer within ``budget``."""
    while len(chain.rounds) < rounds:
        fam = [row[0] for row in chain.outputs.tolist()]
        if len(set(fam)) == 1:  # Lemma Z: nothing moves any more
            return None
        prob = build(rule, p, 1, normalise=False, generic=2, merge=False, ties=ties, fixed=fam)
        opt = budget.solver(z3.Optimize)
        opt.add(prob.constraints)
        out = prob.families[-1]
        opt.maximize(out[0] - out[1])
        if budget.check(opt, f"chain round {len(chain.rounds) + 1}") != z3.sat:
            return None
        ex, extra = _execution(prob, opt.model())
        chain.rounds.append(ex.rounds[0])
        if ties == "adversary":
            chain.choices.append(extra["choices"][0])
        chain.outputs = ex.outputs
    return chain


def candidate_inputs(p: Params, w: Witness | None) -> list[list[Fraction]]:
    """Families tried for a self-similar round: ``w``'s inputs (sorted), then the splits 0^k 1^(h-k)."""
    out = [sorted(row[0] for row in w.honest.tolist())] if w is not None else []
    return out + [[Fraction(0)] * k + [Fraction(1)] * (p.h - k) for k in range(1, p.h)]


def self_similar(rule: str, p: Params, ties: str, xs: list[Fraction], c: Fraction, budget: Budget,
                 betas: tuple[Fraction, ...] = (), joint: bool = True) -> tuple[Round, Any, Fraction] | None:
    """(round, its choices, beta) with outputs y_j = c x_j + beta for every receiver j, or None. Each beta
    of ``betas`` is tried receiver by receiver (independent small problems, the inputs being fixed);
    then (``joint``) beta is left to Z3 with every receiver in one formula."""
    for beta in betas:
        found = []
        for j in range(p.h):
            fd = _one_receiver(rule, p, ties, xs, j, c * xs[j] + beta, budget)
            if fd is None:
                break
            found.append(fd)
        else:
            rnd = Round(tuple(fd[0] for fd in found))
            return rnd, ([fd[1] for fd in found] if ties == "adversary" else None), beta
    if joint is False:
        return None
    prob = build(rule, p, 1, normalise=False, ties=ties, fixed=xs)
    beta = z3.Real("beta")
    solver = budget.solver()
    solver.add(prob.constraints)
    solver.add([y == z3.RealVal(str(c)) * z3.RealVal(str(x)) + beta for y, x in zip(prob.families[-1], xs)])
    if budget.check(solver, f"a self-similar round at factor {c}") != z3.sat:
        return None
    ex, extra = _execution(prob, solver.model())
    b = Fraction(ex.outputs[0][0]) - c * Fraction(xs[0])
    return ex.rounds[0], (extra["choices"][0] if ties == "adversary" else None), b


def _one_receiver(rule: str, p: Params, ties: str, xs: list[Fraction], j: int, target: Fraction,
                  budget: Budget) -> tuple[Delivery, Any] | None:
    """A delivery (and under ``adversary`` its choice) making receiver ``j`` output ``target``, or None."""
    prob = Problem(p, rule, 1, ties=ties)
    fam = [z3.RealVal(str(x)) for x in xs]
    rec = make_receiver(p, fam, 0, j, str(j), xs == sorted(xs), prob.constraints)
    info = get_rule(rule)
    y = rule_encodings.output_term(info, "adversary" if ties == "adversary" else "first", rec, p.q, p.f,
                                   prob.constraints)
    prob.families += [fam, [y]]
    prob.sym_rounds.append(SymRound([rec]))
    solver = budget.solver()
    solver.add(prob.constraints + [y == z3.RealVal(str(target))])
    if budget.check(solver, f"receiver {j} of a self-similar round") != z3.sat:
        return None
    ex, extra = _execution(prob, solver.model())
    return ex.rounds[0].deliveries[j], (extra["choices"][0][j] if ties == "adversary" else None)


def _betas(xs: list[Fraction], c: Fraction) -> tuple[Fraction, ...]:
    """Offsets worth trying first: the image's low end at the input's (0), or centred, or its top end at the top."""
    lo, hi = min(xs), max(xs)
    return tuple(dict.fromkeys([lo - c * lo, (lo + hi) / 2 - c * (lo + hi) / 2, hi - c * hi]))


def repeated(xs: list[Fraction], rnd: Round, choice: Any, c: Fraction, beta: Fraction, rounds: int) -> Chain:
    """The self-similar round repeated: round s's Byzantine values are the first's mapped s times by v -> c v + beta."""
    chain = Chain(np.array([[x] for x in xs], dtype=object), self_similar=True)
    for s in range(rounds):
        dl = []
        for d in rnd.deliveries:
            byz = d.byzantine
            for _ in range(s):
                byz = byz * c + beta
            dl.append(Delivery(d.honest, byz))
        chain.rounds.append(Round(tuple(dl)))
        if choice is not None:
            chain.choices.append(choice)
    return chain


def find_repeated(rule: str, p: Params, ties: str, c: Fraction, w: Witness | None, rounds: int,
                  budget: Budget) -> Chain | None:
    """A T-round execution with Delta(x_T) = c^T Delta(x_0) from a self-similar round, or None."""
    tries = [(xs, joint) for joint in (False, True) for xs in candidate_inputs(p, w) if len(set(xs)) > 1]
    for xs, joint in tries:  # the cheap receiver-by-receiver search on every candidate first
        found = self_similar(rule, p, ties, xs, c, budget, () if joint else _betas(xs, c), joint)
        if found is not None:
            chain = repeated(xs, *found[:2], c, found[2], rounds)
            chain.outputs = chain.execution(rule, p, ties).outputs
            return chain
    return None
