"""The composition families (issue 29, item 3): T rounds whose honest diameter is exactly c^T, c the exact
one-round factor in d = 1, for CwTM, MDA and CVA (and the other order-based rules with a closed form).

Every lower-bound family of the one-round closed forms is *by kind*: honest inputs 0 and 1, every node
holding 1 is delivered alike (pushed up) and every node holding 0 alike (pushed down), so each node's
output is y_1 or y_0 according to its input, with y_1 - y_0 = c > 0 (:mod:`avagree.smt.parametric`'s
``attained``, :mod:`avagree.proofs.mda_family`, :mod:`avagree.proofs.exact_cva`, proved for symbolic
n, f, q). The outputs are then the affine image c x + y_0 of the inputs, node by node. The rules commute
with increasing affine maps x -> a x + b (a > 0), and so do their optimal choices (spreads and distances
scale by a, the order of values is kept), so the same family, mapped onto the current two honest values,
is a legal next round and multiplies the diameter by c again: after T rounds it is c^T (attained under
``ties="adversary"`` and for rules without choices; under ``first`` each round gives the family's
one-round gap g < c, so g^T, which tends to c^T). With the induction upper bound (each round multiplies
the diameter by at most c), the T-round supremum is exactly c^T for every T, n, f, q of the closed forms'
regions where c > 0, so the round counts from the exact factor are exact.

:func:`composed_ratio` builds the T-round execution concretely and runs it through the reference rules in
exact arithmetic (the audit and the tests replay it on a grid).
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import sympy as sp

from avagree.algorithms.registry import get_rule
from avagree.errors import ParameterError
from avagree.proofs import exact, exact_cva, exact_mda
from avagree.proofs.symbols import f as F_SYM, n as N_SYM, q as Q_SYM
from avagree.smt import cva_parametric, mda_parametric

Instance = tuple[list[Fraction], list[list[int]], list[list[Fraction]]]


def _order_based(rule: str, N: int, F: int, Q: int, model: str) -> Instance:
    """The count-model family of :mod:`avagree.proofs.exact` with every node pushed by kind: k = witness_k
    ones (the last k nodes); a node holding 1 gets its own value, as many honest ones as allowed and f
    Byzantine ones; a node holding 0 as many zeros as allowed and f Byzantine zeros."""
    form = exact.form_at(rule, "contraction", F)
    if form is None or form.witness_k is None or exact.exact_value(rule, "contraction", N, F, Q, model) is None:
        raise ParameterError("q", Q, f"no bounded closed form of {rule} at (n, f, q) = ({N}, {F}, {Q}) ({model})")
    h, m = N - F, Q - F
    k = int(sp.sympify(form.witness_k).subs({N_SYM: N, F_SYM: F, Q_SYM: Q}))
    inputs = [Fraction(int(i >= h - k)) for i in range(h)]
    ones, zeros = list(range(h - k, h)), list(range(h - k))
    deliveries, byzantine = [], []
    for j in range(h):
        preferred = ones + zeros if inputs[j] else zeros + ones
        deliveries.append([j] + [i for i in preferred if i != j][: m - 1] if model == "async" else
                          [j] + [i for i in range(h) if i != j])
        byzantine.append([inputs[j]] * F)
    return inputs, deliveries, byzantine


def instance(rule: str, N: int, F: int, Q: int, model: str, first: bool) -> Instance:
    """The one-round family of ``rule`` by kind at (N, F, Q): honest inputs (0/1), each node's received
    honest indices (its own first) and Byzantine values."""
    if rule == "mda":
        value, kind = exact_mda.mda_exact(N, F, Q, model)
        if kind != "parameterised":
            raise ParameterError("q", Q, f"no bounded closed form of mda at (n, f, q) = ({N}, {F}, {Q}) ({model})")
        name = "meet" if (2 * Q >= N + 3 * F + 1 if model == "async" else N >= 3 * F + 1) else "apart"
        return mda_parametric.family_instance(name, model, N, F, Q, first)
    if rule == "cva":
        return cva_parametric.family_instance(N, F, Q, model, first)
    return _order_based(rule, N, F, Q, model)


def exact_factor(rule: str, N: int, F: int, Q: int, model: str) -> Fraction | None:
    """The exact one-round factor c of ``rule`` (the closed forms)."""
    if rule == "mda":
        return exact_mda.mda_exact(N, F, Q, model)[0]
    if rule == "cva":
        return exact_cva.cva_exact(N, F, Q, model)
    return exact.exact_value(rule, "contraction", N, F, Q, model)


def composed_ratio(rule: str, N: int, F: int, Q: int, model: str, T: int, ties: str = "adversary") -> Fraction:
    """Delta after T rounds of the composed family over Delta before, run through the reference rule in
    exact arithmetic: each round maps the one-round family onto the current honest values (lo for nodes
    that held 0, hi for nodes that held 1) by x -> (hi - lo) x + lo, Byzantine values included; under
    ``adversary`` a node that held 1 keeps its best optimal subset (largest output), one that held 0 its
    lowest; otherwise the reference rule's own choice. Raises AssertionError when a round's outputs are not
    by kind (the family would not compose)."""
    spec = get_rule(rule)
    inputs, deliveries, byzantine = instance(rule, N, F, Q, model, first=ties == "first")
    x = list(inputs)
    for _ in range(T):
        lo, hi = min(x), max(x)
        assert all(v == (hi if b else lo) for v, b in zip(x, inputs)), "the outputs are not by kind"
        a, y = hi - lo, []
        for j, (dlv, byz) in enumerate(zip(deliveries, byzantine)):
            z = np.array([[x[i]] for i in dlv] + [[a * b + lo] for b in byz], dtype=object)
            own = np.array([x[j]], dtype=object)
            args = (z, F, own) if spec.needs_own else (z, F)
            if ties == "adversary" and spec.chooser is not None:
                options = spec.chooser.options(z, F, own if spec.needs_own else None)
                outs = [sum(z[i][0] for i in subset) / len(subset) for subset in options]
                y.append(max(outs) if inputs[j] else min(outs))
            else:
                y.append(spec.fn(*args)[0])
        x = y
    return (max(x) - min(x)) / (max(inputs) - min(inputs))
