"""A Z3 model of the d = 1 engine's formula as an exact execution (paper section
2.1's model): the inputs, each receiver's delivery, and under
``ties="adversary"`` each receiver's recorded optimal choice
(:mod:`avagree.harness.choices`)."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np
import z3

from avagree.algorithms.registry import get_rule
from avagree.errors import RuleError
from avagree.harness.aggregate import model_rule
from avagree.harness.choices import execute_choices, find_choice
from avagree.model.execution import Round, execute, make_delivery, received


def rational(v: z3.ExprRef) -> Fraction | None:
    """A z3 numeral as a Fraction (z3 gives an integer optimum as an IntNumRef,
    which is not a "rational value" to z3), or None when it is not rational."""
    if z3.is_int_value(v):
        return Fraction(v.as_long())
    if z3.is_rational_value(v):
        return Fraction(v.as_fraction())
    return None



def val(model: z3.ModelRef, term: z3.ArithRef) -> Fraction:
    v = rational(model.eval(term, model_completion=True))
    if v is None:
        raise RuleError("z3 returned a non-rational value (nonlinear model); cannot replay")
    return v



def extract(prob: Any, model: z3.ModelRef) -> tuple[np.ndarray, list[Round]]:
    p = prob.params
    fam = np.array([[val(model, x)] for x in prob.families[0]], dtype=object)
    rounds = []
    for sr in prob.sym_rounds:
        chosen: dict[int, Any] = {}
        for rec in sr.received:
            j = rec.receiver if isinstance(rec.receiver, int) else model.eval(rec.receiver, model_completion=True).as_long()
            senders = [j] + [k for k in rec.selected(model) if k != j]
            byz = [[val(model, b)] for b in rec.byz]
            chosen[j] = make_delivery(senders, byz, 1, "exact")
        dl = []
        for j in range(p.h):  # receivers the formula did not constrain get a plain delivery
            if j in chosen:
                dl.append(chosen[j])
            else:
                others = [k for k in range(p.h) if k != j][: p.q - p.f - 1] if p.model == "async" else [k for k in range(p.h) if k != j]
                dl.append(make_delivery([j, *others], [[fam[j][0]]] * p.f, 1, "exact"))
        rounds.append(Round(tuple(dl)))
    return fam, rounds



def execution(prob: Any, model: z3.ModelRef) -> tuple[Any, dict[str, Any]]:
    """The model as an exact execution through the reference rule, and the extra
    witness fields: under ``ties="average"`` the rule averaged over its optimal
    choices, recorded as ``"ties": "average"``; under ``ties="adversary"`` each receiver keeps an optimal
    subset giving the model's output (receivers the formula leaves free keep the
    reference's), recorded as ``choices`` and checked by :func:`execute_choices`."""
    fam, rounds = extract(prob, model)
    if prob.ties == "average":  # the outputs are recomputed as the mean over every optimal choice
        return execute(model_rule(prob.rule, "average"), prob.params, fam, rounds, mode="exact"), {"ties": "average"}
    if prob.ties != "adversary":
        return execute(model_rule(prob.rule), prob.params, fam, rounds, mode="exact"), {}
    p, current, choices = prob.params, fam, []
    for r, (sr, rnd) in enumerate(zip(prob.sym_rounds, rounds)):
        wanted = {}
        for rec, y in zip(sr.received, prob.families[r + 1]):
            j = rec.receiver if isinstance(rec.receiver, int) else model.eval(rec.receiver, model_completion=True).as_long()
            wanted[j] = np.array([val(model, y)], dtype=object)
        per = []
        for j, dlv in enumerate(rnd.deliveries):
            z = received(current, dlv)
            want = wanted[j] if j in wanted else get_rule(prob.rule).fn(z, p.f, current[j])
            per.append(find_choice(prob.rule, z, p.f, current[j], want))
        choices.append(per)
        current = execute_choices(prob.rule, p, fam, rounds[: r + 1], choices).outputs
    return execute_choices(prob.rule, p, fam, rounds, choices), {"ties": "adversary", "choices": choices}

