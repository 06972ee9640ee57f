"""The count model of an L-statistic with arbitrary weights (avagree.proofs.lstat): it equals the
proved closed forms at CwTM's, the median's, the trimmed middle's and the mean's weights on a grid,
it equals brute force over every explicit 0/1 execution (each receiver's deliveries and Byzantine
bits enumerated, outputs computed by the rule itself), random real-valued executions never exceed
it, and a weight outside f + 1 .. q - f makes both quantities unbounded (a concrete execution)."""

import itertools
import random
from fractions import Fraction as Fr

import numpy as np
import pytest
import sympy as sp

import avagree
from avagree.algorithms.lstatistic import rule_string
from avagree.algorithms.registry import get_rule
from avagree.errors import ParameterError
from avagree.model.execution import Params, Round, execute, make_delivery
from avagree.proofs import exact, lstat


def instances(fs, extra):
    """(n, f, q, model): n from max(2f + 2, 3f + 1) to 3f + extra, every admissible q >= 2f + 1, and sync."""
    for F in fs:
        for N in range(max(2 * F + 2, 3 * F + 1), 3 * F + extra + 1):
            for Q in range(max(1, 2 * F + 1), N - F + 1):
                yield N, F, Q, "async"
            yield N, F, N, "sync"


@pytest.mark.parametrize("rule", ["cwtm", "median", "trimmed-middle", "mean"])
def test_equals_the_closed_forms(rule):
    checked = 0
    for N, F, Q, model in instances(range(0, 4) if rule == "mean" else range(1, 4), 10):
        if rule == "mean" and F:
            continue
        inst = lstat.Instance(N, F, Q, model)
        w = get_rule(rule).weights(Q, F)
        for spec in lstat.QUANTITIES:
            assert lstat.evaluate(w, inst, spec) == exact.exact_value(rule, spec, N, F, Q, model), (rule, spec, inst)
            checked += 1
    assert checked >= 60


def brute_force(weights, inst):
    """Both quantities over every 0/1 execution, the outputs computed by the lstat rule: per arrangement of
    k ones, each receiver's set of reachable outputs (every delivery of m honest values holding its own, every
    number of Byzantine ones); receivers are independent, so the extremes combine receiver by receiver."""
    rule = rule_string(weights)
    h, m, f = inst.h, inst.m, inst.f
    worst_c, worst_a = Fr(0), Fr(0)
    for k in range(1, h):
        x = [Fr(0)] * (h - k) + [Fr(1)] * k
        highs, lows = [], []
        for j in range(h):
            others = [i for i in range(h) if i != j]
            outs = set()
            for chosen in itertools.combinations(others, m - 1):
                for c in range(f + 1):
                    z = [[x[j]]] + [[x[i]] for i in chosen] + [[Fr(1)]] * c + [[Fr(0)]] * (f - c)
                    outs.add(avagree.aggregate(rule, z, f)[0])
            highs.append(max(outs))
            lows.append(min(outs))
        worst_c = max(worst_c, max(highs) - min(lows))
        worst_a = max(worst_a, sum(highs) / h - Fr(k, h), Fr(k, h) - sum(lows) / h)
    return worst_c, worst_a


def random_weights(rng, inst):
    w = [Fr(0)] * inst.q
    for p in inst.positions:
        w[p - 1] = Fr(rng.randint(0, 3))
    if not sum(w):
        w[inst.f] = Fr(1)
    return [x / sum(w) for x in w]


@pytest.mark.parametrize("N, F, Q, model", [(4, 1, 3, "async"), (5, 1, 3, "async"), (5, 1, 4, "async"), (5, 1, 5, "sync"),
                                            (6, 1, 4, "async"), (6, 1, 5, "async"), (6, 1, 6, "sync"), (4, 0, 3, "async"),
                                            (7, 2, 5, "async"), (7, 2, 7, "sync")])
def test_equals_brute_force_over_every_0_1_execution(N, F, Q, model):
    rng = random.Random(N * 100 + F * 10 + Q)
    inst = lstat.Instance(N, F, Q, model)
    for _ in range(4):
        w = random_weights(rng, inst)
        assert brute_force(w, inst) == (lstat.contraction(w, inst), lstat.averaging(w, inst)), w


def test_random_real_executions_stay_within_the_count_model():
    """Real inputs, real Byzantine values anywhere (clamping is the reduction's step 3), random deliveries."""
    rng = random.Random(7)
    for N, F, Q, model in [(6, 1, 5, "async"), (7, 1, 5, "async"), (7, 2, 7, "sync"), (9, 2, 6, "async")]:
        inst = lstat.Instance(N, F, Q, model)
        for _ in range(3):
            w = random_weights(rng, inst)
            rule = get_rule(rule_string(w)).fn
            bound_c, bound_a = lstat.contraction(w, inst), lstat.averaging(w, inst)
            for _ in range(40):
                x = [Fr(rng.randint(0, 8), 8) for _ in range(inst.h)]
                spread = max(x) - min(x)
                if not spread:
                    continue
                outs = []
                for j in range(inst.h):
                    chosen = [j] + rng.sample([i for i in range(inst.h) if i != j], inst.m - 1)
                    z = [[x[i]] for i in chosen] + [[Fr(rng.randint(-20, 28), 8)] for _ in range(F)]
                    outs.append(rule(np.array(z, dtype=object), F)[0])
                assert (max(outs) - min(outs)) / spread <= bound_c
                assert abs(sum(outs) / len(outs) - sum(x) / len(x)) / spread <= bound_a


def test_forms_are_one_per_k_and_sign():
    inst = lstat.Instance(7, 1, 6)
    assert [fm.label for fm in lstat.contraction_forms(inst)] == [f"C[k={k}]" for k in range(1, 6)]
    labels = [fm.label for fm in lstat.averaging_forms(inst)]
    assert labels[:5] == [f"A+[k={k}]" for k in range(1, 6)] and labels[5:] == [f"A-[k={k}]" for k in range(1, 6)]
    # C[k=2] = G(min(2, 5) + 1) - G(max(0, 2 - 1)): the weights at positions 4..5 (top 3 minus top 1)
    assert lstat.contraction_forms(inst)[1].coefficients(6) == [0, 0, 0, 1, 1, 0]


def test_weights_outside_the_class_are_unbounded_symbolically_and_concretely():
    inst = lstat.Instance(6, 1, 5)
    w = [Fr(1, 5)] * 5  # the mean: weight 1/5 on position 1 (and 5)
    assert lstat.contraction(w, inst) is None and lstat.averaging(w, inst) is None
    arg = lstat.unbounded_gap(w, inst)
    assert arg["W"] == sp.Rational(1, 5) and arg["limit"] == sp.oo
    rule = get_rule(rule_string(w)).fn
    p = Params(6, 1, 5, 1, "async")
    for B in (10, 1000, 10**6):
        family = [[Fr(0)], [Fr(0)], [Fr(1)], [Fr(1)], [Fr(1)]]
        # every receiver: its own value, the other four minus one, and the Byzantine value -B
        rnd = Round(tuple(make_delivery(sorted({j, *[i for i in range(5) if i != j][:3]}), [[Fr(-B)]], 1, "exact")
                          for j in range(5)))
        ex = execute(lambda z, f, own: rule(z, f), p, family, [rnd], mode="exact")
        outs = [v[0] for v in ex.outputs]
        error = abs(sum(outs) / 5 - Fr(3, 5))
        assert error >= arg["averaging_lower"].subs(arg["B"], B)  # B W - 1, unbounded in B
        assert error >= Fr(B, 5) - 1
    # contraction: one receiver gets -B, another the honest-looking value 1
    rnd = Round(tuple(make_delivery([j, *[i for i in range(5) if i != j][:3]], [[Fr(-10**6) if j == 0 else Fr(1)]], 1,
                                    "exact") for j in range(5)))
    ex = execute(lambda z, f, own: rule(z, f), p, family, [rnd], mode="exact")
    outs = [v[0] for v in ex.outputs]
    assert max(outs) - min(outs) >= Fr(10**6, 5) - 1


def test_bad_parameters_and_weights_are_typed_errors():
    for args in [(5, 1, 5, "async"), (5, 1, 4, "sync"), (3, 2, 1, "async"), (5, -1, 3, "async"), (5, 1, 1, "async")]:
        with pytest.raises(ParameterError):
            lstat.Instance(*args)
    inst = lstat.Instance(6, 1, 5)
    for bad in ([Fr(1, 2)] * 5, [Fr(1)] * 4, [Fr(-1), Fr(2), 0, 0, 0]):
        with pytest.raises(ParameterError):
            lstat.contraction(bad, inst)
    assert lstat.contraction({2: Fr(1, 2), 4: Fr(1, 2)}, inst) == Fr(1, 2)
