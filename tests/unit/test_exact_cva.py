"""CVA's closed form in d = 1 (avagree.proofs.exact_cva): the Z3 obligations go through (and a tighter
bound's, or a broken family's, do not), the family replays through the reference CVA in exact
arithmetic (the adversary's best optimal subsets reach the formula, the reference's own choice
stays just below it), and random executions with every optimal choice never exceed the formula."""

from dataclasses import replace
from fractions import Fraction as Fr

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from avagree.algorithms.cva import CVA_CHOOSER, cva
from avagree.proofs import exact_cva
from avagree.smt import cva_parametric as cp


def test_every_obligation_is_proved_for_all_parameters():
    obs = cp.prove_cva()
    assert len(obs) == 8 and all(ob.proved for ob in obs), [ob.describe() for ob in obs if not ob.proved]


@pytest.mark.parametrize("model", ["async", "sync"])
def test_a_tighter_bound_or_a_broken_family_is_refuted(model):
    assert cp.upper(model, exact_cva.NUMERATOR[model] - 1).status == "refuted"
    fam = exact_cva.FAMILY[model]
    assert cp.attained(model, replace(fam, u_ones=fam.u_ones + 1)).status == "refuted"


def _outputs(z, F, own):
    outs = [sum(z[i][0] for i in subset) / len(subset) for subset in CVA_CHOOSER.options(z, F, own)]
    return min(outs), max(outs)


def _gap(N, F, Q, model, first):
    inputs, deliveries, byzantine = cp.family_instance(N, F, Q, model, first)
    got = []
    for dlv, byz in zip(deliveries, byzantine):
        assert len(dlv) == Q - F and len(byz) == F and len(set(dlv)) == len(dlv)
        z = np.array([[inputs[i]] for i in dlv] + [[b] for b in byz], dtype=object)
        own = np.array([inputs[dlv[0]]], dtype=object)
        low, high = _outputs(z, F, own)
        got.append(cva(z, F, own)[0] if first else (high if inputs[dlv[0]] else low))
    assert min(inputs) == 0 and max(inputs) == 1
    return max(got) - min(got)


POINTS = [(8, 1, 7, "async"), (9, 1, 6, "async"), (7, 1, 4, "async"), (5, 1, 2, "async"), (10, 3, 5, "async"),
          (15, 2, 13, "async"), (9, 2, 7, "async"), (9, 3, 5, "async"), (6, 1, 6, "sync"), (5, 2, 5, "sync"),
          (10, 3, 10, "sync"), (3, 1, 3, "sync")]


@pytest.mark.parametrize("N, F, Q, model", POINTS)
def test_family_replays_through_the_reference(N, F, Q, model):
    """Adversary: the best optimal subsets give the formula; first: the reference's choice gives the
    formula minus t_U eps/m (eps = 1/4), t_U = min(f, m - u_ones) Byzantine values kept by U."""
    value = exact_cva.cva_exact(N, F, Q, model)
    fam = exact_cva.FAMILY[model]
    vals = {cp.FS: F, cp.SS: 0 if model == "sync" else N - Q, cp.MS: Q - F}
    t_u = int(min(F, Q - F - fam.u_ones.subs(vals)))
    assert _gap(N, F, Q, model, first=False) == value
    assert _gap(N, F, Q, model, first=True) == value - Fr(t_u, 4 * (Q - F))


def test_the_issue_formula_is_the_upper_piece():
    """(5f + h - q)/(q - f) where 2q >= n + 3f; below it the factor is smaller than that expression."""
    assert exact_cva.cva_exact(8, 1, 7) == Fr(5 + 7 - 7, 6) == Fr(5, 6)
    assert exact_cva.cva_exact(8, 1, 5) == Fr(3, 2) < Fr(5 + 7 - 5, 4)
    assert exact_cva.cva_exact(5, 1, 2) == 1 and exact_cva.cva_exact(5, 2, 5, "sync") == 2
    assert exact_cva.cva_exact(4, 1, 4) is None and exact_cva.cva_exact(4, 0, 3) is None


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_random_executions_stay_within_the_formula(data):
    F = data.draw(st.integers(1, 2))
    sync = data.draw(st.booleans())
    N = data.draw(st.integers(2 * F + 2, 3 * F + 5))
    Q = N if sync else data.draw(st.integers(F + 1, N - F))
    h, m = N - F, Q - F
    inputs = [Fr(data.draw(st.integers(0, 4)), 4) for _ in range(h - 2)] + [Fr(0), Fr(1)]
    outs = []
    for j in (h - 2, h - 1, 0):
        others = data.draw(st.permutations([i for i in range(h) if i != j]))
        z = [[inputs[j]]] + [[inputs[i]] for i in others[: m - 1]]
        z += [[Fr(data.draw(st.integers(-8, 12)), 4)] for _ in range(F)]
        outs.append(_outputs(np.array(z, dtype=object), F, np.array([inputs[j]], dtype=object)))
    gap = max(hi for _, hi in outs) - min(lo for lo, _ in outs)
    assert gap <= exact_cva.cva_exact(N, F, Q, "sync" if sync else "async")
