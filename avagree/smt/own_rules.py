r"""Z3 worst cases, d = 1, one round, over real-valued executions, of two rules that look at the
receiver's own value and have no registry record (issue 25, item 5): the own-weight rule
:math:`\lambda\,o + (1 - \lambda) \sum_p w_p z_{(p)}` and the own-dependent threshold rule
:math:`z_{(1)} + \sum_{i<q} (z_{(i+1)} - z_{(i)})\, r(1\{o > z_{(i)}\}, q - i)` of
:mod:`avagree.optimal.any_rule_front` (an L-statistic whose weights depend on the own value's rank).

The symbolic execution is the engine's own (:func:`avagree.smt.problem.build`: honest inputs sorted
with min 0 and max 1, each receiver's deliveries and f free Byzantine values, its order statistics
and its own value), built for a placeholder L-statistic with the same q; the outputs of the rule
asked are new variables defined from each receiver's order statistics and own value, and z3's
optimiser maximises the quantity over them. No count model is used: this checks the reductions of
:mod:`avagree.optimal.own_weight` and :mod:`avagree.optimal.any_rule_front` from outside. The
value is z3's exact optimum (a supremum over real executions); no witness is replayed through a
reference implementation (these rules have none), so a disagreement would be reported, not trusted.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Callable, Mapping, Sequence

from avagree.errors import ParameterError
from avagree.model.execution import Params

#: (received, q) -> the output term of one receiver
OutputTerm = Callable[[object, int], object]


def own_weight_term(weights: Sequence[Fraction], lam: Fraction) -> OutputTerm:
    """lam * own + (1 - lam) * sum_p w_p z_(p)."""
    import z3

    def term(rec, q):
        stat = z3.Sum([z3.RealVal(str(w)) * rec.order_stat(p) for p, w in enumerate(weights, start=1) if w])
        return z3.RealVal(str(lam)) * rec.own + z3.RealVal(str(1 - lam)) * stat
    return term


def threshold_term(table: Mapping[tuple[int, int], Fraction]) -> OutputTerm:
    """z_(1) + sum_i (z_(i+1) - z_(i)) r(own > z_(i), q - i), r from ``table`` keyed (own bit, ones)."""
    import z3

    def term(rec, q):
        out = rec.order_stat(1)
        for i in range(1, q):
            gap = rec.order_stat(i + 1) - rec.order_stat(i)
            hi, lo = table.get((1, q - i), Fraction(0)), table.get((0, q - i), Fraction(0))
            out = out + z3.If(rec.own > rec.order_stat(i), z3.RealVal(str(hi)) * gap, z3.RealVal(str(lo)) * gap)
        return out
    return term


def worst(term: OutputTerm, n: int, f: int, q: int, model: str, spec: str, timeout: float = 120) -> Fraction | None:
    """z3's exact sup over one round of Delta(out)/Delta(in) (``contraction``) or |mean(out) - mean(in)|/Delta(in)
    (``averaging``) for the rule whose output is ``term``; None when z3 does not answer (UNKNOWN)."""
    import z3

    from avagree.algorithms.lstatistic import rule_string
    from avagree.smt.budget import Budget
    from avagree.smt.extract import rational
    from avagree.smt.problem import build

    if spec not in ("contraction", "averaging"):
        raise ParameterError("spec", spec, "must be contraction or averaging")
    p = Params(n, f, q, 1, model)
    placeholder = rule_string([Fraction(0)] * f + [Fraction(1)] + [Fraction(0)] * (q - f - 1))
    prob = build(placeholder, p, 1, normalise=True, generic=2 if spec == "contraction" else 0,
                 budget=Budget(None, timeout))
    recs = prob.sym_rounds[0].received
    ys = [z3.Real(f"own_rule_y_{j}") for j in range(len(recs))]
    opt = z3.Optimize()
    opt.set("timeout", int(timeout * 1000))
    opt.add(prob.constraints)
    opt.add([y == term(rec, q) for y, rec in zip(ys, recs)])
    obj = z3.Real("own_rule_objective")
    if spec == "contraction":
        opt.add(z3.Or(obj == ys[0] - ys[1], obj == ys[1] - ys[0]))
    else:
        xs = prob.families[0]
        gap = z3.Sum(ys) / len(ys) - z3.Sum(xs) / len(xs)
        opt.add(z3.Or(obj == gap, obj == -gap))
    handle = opt.maximize(obj)
    if opt.check() != z3.sat:
        return None
    text = str(handle.value())
    if "oo" in text or "epsilon" in text:
        return None
    return rational(handle.value())
