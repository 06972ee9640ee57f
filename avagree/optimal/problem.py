r"""The linear programs over the weights of an L-statistic, and their exact certificates.

Every problem here has the form: minimise :math:`\sum_g \lambda_g \max_{i \in g} F_i(w)` over
the weights w (w >= 0, :math:`\sum_p w_p = 1`, w_p = 0 outside the admissible positions
f + 1 .. q - f), where each group g is the contraction forms or the averaging forms of
:mod:`avagree.proofs.lstat` (affine: :math:`F_i(w) = a_i \cdot w + b_i`); a group may
instead be *bounded*, :math:`\max_{i \in g} F_i(w) \le \beta_g`, with no weight in the
objective. So "min C", "min A", "min A s.t. C <= c" and "min l1 C + l2 A" are all one shape.

**The certificate** (weak duality, checked in exact arithmetic by :func:`verify`): a feasible
w, multipliers :math:`y_i \ge 0` on the forms with :math:`\sum_{i \in g} y_i = \lambda_g` on
each objective group, and a free multiplier :math:`\mu` on :math:`\sum_p w_p = 1` with
:math:`\sum_i y_i a_{ip} \ge \mu` at every admissible p. Then for every feasible w',

.. math:: \sum_g \lambda_g \max_{i\in g} F_i(w') \ge \sum_{i \in \text{obj}} y_i F_i(w')
   \ge \mu + \sum_i y_i b_i - \sum_{g\ \text{bounded}} \Big(\sum_{i \in g} y_i\Big) \beta_g,

(the last step uses :math:`\sum_i y_i a_i \cdot w' \ge \mu \sum_p w'_p = \mu` and
:math:`F_i(w') \le \beta_g` on a bounded group), so when this dual bound equals the
objective at w, w is optimal and the value is exact. A float solver only proposes w, y and
mu (:mod:`.solve`); this module alone decides.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Sequence

from avagree.proofs.lstat import Form, Instance, forms, top_sums


@dataclass(frozen=True)
class Group:
    """The forms of one quantity: in the objective with weight ``weight``, or bounded by ``bound``."""

    quantity: str
    forms: tuple[Form, ...]
    weight: Fraction | None = None
    bound: Fraction | None = None

    @property
    def bounded(self) -> bool:
        return self.bound is not None


@dataclass(frozen=True)
class Problem:
    """One LP over the weights of ``inst``'s class; ``title`` says it in words."""

    inst: Instance
    groups: tuple[Group, ...]
    title: str

    @property
    def forms(self) -> list[Form]:
        return [fm for g in self.groups for fm in g.forms]


def problem(inst: Instance, title: str, objective: dict[str, Fraction], bounds: dict[str, Fraction] | None = None
            ) -> Problem:
    """The LP minimising sum_g objective[g] * max(group g) subject to max(group g) <= bounds[g]."""
    groups = [Group(qty, tuple(forms(inst, qty)), weight=Fraction(wt)) for qty, wt in objective.items()]
    groups += [Group(qty, tuple(forms(inst, qty)), bound=Fraction(b)) for qty, b in (bounds or {}).items()]
    return Problem(inst, tuple(groups), title)


@dataclass
class Certificate:
    """A primal point, dual multipliers and what :func:`verify` found: ``ok`` when the primal
    objective equals the dual bound exactly (then ``value`` is the exact optimum)."""

    problem: Problem
    weights: list[Fraction]
    multipliers: list[Fraction]  # one per form of problem.forms, in order
    mu: Fraction
    ok: bool = False
    value: Fraction | None = None
    bound: Fraction | None = None
    failures: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, object]:
        """The certificate as JSON-ready data: the problem, the primal weights, the nonzero
        multipliers by form label, mu, the value and dual bound, and the inequalities checked."""
        labelled = [(fm.label, y) for fm, y in zip(self.problem.forms, self.multipliers) if y]
        inst = self.problem.inst
        return {"problem": self.problem.title, "weights": [str(w) for w in self.weights],
                "multipliers": {label: str(y) for label, y in labelled}, "mu": str(self.mu),
                "value": None if self.value is None else str(self.value),
                "dual_bound": None if self.bound is None else str(self.bound), "certified": self.ok,
                "checked": CHECKED.format(lo=inst.f + 1, hi=inst.q - inst.f), "failures": self.failures}


#: the inequalities :func:`verify` checks, in words
CHECKED = ("w_p >= 0, sum w = 1, w_p = 0 outside {lo}..{hi}; every bounded group's forms <= its bound at w; "
           "y_i >= 0, sum of y over each objective group = its weight; sum_i y_i a_i[p] >= mu for p = {lo}..{hi}; "
           "objective at w = mu + sum_i y_i b_i - sum over bounded groups of (sum y) * bound (all exact)")


def dual_row(prob: Problem, multipliers: Sequence[Fraction]) -> list[Fraction]:
    """(sum_i y_i a_i)[p] for p = 1..q, in O(q + terms) by a difference array."""
    q = prob.inst.q
    diff = [Fraction(0)] * (q + 2)
    for fm, y in zip(prob.forms, multipliers):
        if y:
            for c, u in fm.terms:
                if u:
                    diff[q - u + 1] += y * c
    out, run = [], Fraction(0)
    for p in range(1, q + 1):
        run += diff[p]
        out.append(run)
    return out


def best_mu(prob: Problem, multipliers: Sequence[Fraction]) -> Fraction:
    """The largest mu the multipliers allow: min over admissible p of (sum_i y_i a_i)[p]."""
    row = dual_row(prob, multipliers)
    return min(row[p - 1] for p in prob.inst.positions)


def verify(prob: Problem, weights: Sequence[Fraction], multipliers: Sequence[Fraction], mu: Fraction) -> Certificate:
    """Check a proposed certificate in exact arithmetic (module docstring); never trusts its input."""
    inst = prob.inst
    cert = Certificate(prob, list(weights), list(multipliers), Fraction(mu))
    fail = cert.failures
    w = cert.weights
    if len(w) != inst.q or len(cert.multipliers) != len(prob.forms):
        fail.append("wrong number of weights or multipliers")
        return cert
    if any(x < 0 for x in w) or sum(w) != 1:
        fail.append("weights not nonnegative summing to 1")
    if any(x and p not in inst.positions for p, x in enumerate(w, start=1)):
        fail.append(f"a nonzero weight outside {inst.f + 1}..{inst.q - inst.f}")
    tops = top_sums(w)
    value, bound, start = Fraction(0), cert.mu, 0
    row = dual_row(prob, cert.multipliers)
    for g in prob.groups:
        ys = cert.multipliers[start:start + len(g.forms)]
        start += len(g.forms)
        top = max(fm.at(tops) for fm in g.forms)
        if any(y < 0 for y in ys):
            fail.append(f"a negative multiplier on the {g.quantity} forms")
        bound += sum((y * fm.const for fm, y in zip(g.forms, ys)), Fraction(0))
        if g.bounded:
            if top > g.bound:
                fail.append(f"{g.quantity} {top} exceeds its bound {g.bound}")
            bound -= sum(ys, Fraction(0)) * g.bound
        else:
            if sum(ys, Fraction(0)) != g.weight:
                fail.append(f"multipliers on the {g.quantity} forms do not sum to {g.weight}")
            value += g.weight * top
    if any(row[p - 1] < cert.mu for p in inst.positions):
        fail.append("dual infeasible: sum_i y_i a_i[p] < mu at some admissible p")
    cert.value, cert.bound = value, bound
    if not fail and value != bound:
        fail.append(f"objective {value} differs from the dual bound {bound}")
    cert.ok = not fail
    return cert
