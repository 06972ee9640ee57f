"""Own weight (avagree.optimal.own_weight): the own-bit count model equals brute force over every explicit
0/1 execution (deliveries and Byzantine bits enumerated, outputs lam * own + (1 - lam) * the lstat rule's own
output), random real-valued executions never exceed it, the identity C_lam = lam + (1 - lam) C and
A_lam = (1 - lam) A holds, and the certified own-weight front on known points (CLI in test_optimal_beyond_cli)."""

import itertools
import random
from fractions import Fraction as Fr

import pytest

import avagree
from avagree.algorithms.lstatistic import rule_string
from avagree.errors import ParameterError
from avagree.optimal import own_weight
from avagree.optimal.report import instance
from avagree.proofs import lstat


def random_weights(rng, inst):
    w = [Fr(0)] * inst.q
    for p in inst.positions:
        w[p - 1] = Fr(rng.randint(0, 3))
    if not sum(w):
        w[inst.f] = Fr(1)
    return [x / sum(w) for x in w]


def out(rule, lam, own, z, f):
    return lam * own + (1 - lam) * avagree.aggregate(rule, [[v] for v in z], f)[0]


def brute_force(weights, lam, inst):
    """Both quantities over every 0/1 execution: each receiver's reachable outputs (every delivery of m honest
    values holding its own, every number of Byzantine ones), receivers independent."""
    rule = rule_string(weights)
    h, m, f = inst.h, inst.m, inst.f
    worst_c, worst_a = Fr(0), Fr(0)
    for k in range(1, h):
        x = [Fr(0)] * (h - k) + [Fr(1)] * k
        highs, lows = [], []
        for j in range(h):
            outs = {out(rule, lam, x[j], [x[j]] + [x[i] for i in chosen] + [Fr(1)] * c + [Fr(0)] * (f - c), f)
                    for chosen in itertools.combinations([i for i in range(h) if i != j], m - 1) for c in range(f + 1)}
            highs.append(max(outs))
            lows.append(min(outs))
        worst_c = max(worst_c, max(hi - lo for a, hi in enumerate(highs) for b, lo in enumerate(lows) if a != b))
        worst_a = max(worst_a, sum(highs) / h - Fr(k, h), Fr(k, h) - sum(lows) / h)
    return worst_c, worst_a


@pytest.mark.parametrize("N, F, Q, model", [(4, 1, 3, "async"), (5, 1, 4, "async"), (5, 1, 5, "sync"),
                                            (6, 1, 4, "async"), (4, 0, 3, "async"), (7, 2, 5, "async")])
def test_own_bit_forms_equal_brute_force_and_the_identity(N, F, Q, model):
    rng = random.Random(N * 100 + F * 10 + Q)
    inst = lstat.Instance(N, F, Q, model)
    for lam in (Fr(0), Fr(1, 3), Fr(3, 4), Fr(1)):
        w = random_weights(rng, inst)
        got = (own_weight.evaluate(w, lam, inst, "contraction"), own_weight.evaluate(w, lam, inst, "averaging"))
        assert brute_force(w, lam, inst) == got, (w, lam)
        assert got == (lam + (1 - lam) * lstat.contraction(w, inst), (1 - lam) * lstat.averaging(w, inst))


def test_random_real_executions_stay_within_the_own_bit_model():
    rng = random.Random(11)
    for N, F, Q, model in [(6, 1, 5, "async"), (7, 2, 7, "sync"), (9, 2, 6, "async")]:
        inst = lstat.Instance(N, F, Q, model)
        for lam in (Fr(1, 4), Fr(2, 3)):
            w = random_weights(rng, inst)
            rule = rule_string(w)
            bound_c = own_weight.evaluate(w, lam, inst, "contraction")
            for _ in range(30):
                x = [Fr(rng.randint(0, 8), 8) for _ in range(inst.h)]
                if max(x) == min(x):
                    continue
                outs = []
                for j in range(inst.h):
                    others = rng.sample([i for i in range(inst.h) if i != j], inst.m - 1)
                    byz = [Fr(rng.randint(-20, 28), 8) for _ in range(F)]
                    outs.append(out(rule, lam, x[j], [x[j]] + [x[i] for i in others] + byz, F))
                assert max(outs) - min(outs) <= bound_c * (max(x) - min(x))


def test_lambda_out_of_range_is_a_parameter_error():
    with pytest.raises(ParameterError, match="must be in"):
        own_weight.contraction_forms(lstat.Instance(7, 1, 6), Fr(3, 2))


@pytest.mark.parametrize("n, f, q, model, front", [
    (7, 1, None, "async", [(Fr(1, 2), Fr(1, 3)), (Fr(1), Fr(0))]),
    (4, 0, 3, "async", [(Fr(1, 3), Fr(1, 6)), (Fr(1), Fr(0))]),  # (2/5, 3/20) is on the new edge: not a vertex
    (13, 2, 9, "async", [(Fr(1), Fr(0))]),  # no rule of the class contracts: keeping the own value dominates
    (6, 0, 6, "sync", [(Fr(0), Fr(0))])])  # the mean: nothing moves
def test_own_weight_front(n, f, q, model, front):
    res = own_weight.compute(instance(n, f, q, model), grid_steps=4)
    assert res.ok, res.failures
    assert [(v.contraction, v.averaging) for v in res.vertices] == front
    assert res.moved == (front != [(v.contraction, v.averaging) for v in res.base.vertices])
    assert all(p.agrees for p in res.grid) and len(res.grid) == 5
    base_comp = min((v.averaging / (1 - v.contraction) for v in res.base.vertices if v.contraction < 1), default=None)
    assert own_weight.composition(res) == base_comp  # own weight never improves a/(1 - c)


def test_a_wrong_identity_is_caught():
    res = own_weight.compute(instance(7, 1), grid_steps=2)
    bad = own_weight.GridPoint(Fr(1, 2), res.grid[1].contraction, res.grid[1].averaging, (Fr(1, 2), Fr(1, 6)))
    assert res.grid[1].agrees and not bad.agrees
