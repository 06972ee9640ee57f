"""Every deterministic rule (avagree.optimal.any_rule, any_rule_front): the indistinguishability LP's certified
bounds, its exact front, and the threshold rules attaining it, replayed on explicit executions (every 0/1
execution, and random real-valued ones) with outputs computed by ThresholdRule.output, not by the LP."""

import itertools
import json
import random
from fractions import Fraction as Fr

import pytest

from avagree.cli import main
from avagree.errors import ParameterError
from avagree.optimal import any_rule, any_rule_front
from avagree.optimal.report import instance
from avagree.schemas import validate


def views_of(rule, x, j, inst, byz_values):
    """Every output receiver j can produce: deliveries of m - 1 other honest values, f Byzantine values."""
    others = [i for i in range(inst.h) if i != j]
    outs = set()
    for chosen in itertools.combinations(others, inst.m - 1):
        for byz in itertools.combinations_with_replacement(byz_values, inst.f):
            outs.add(rule.output(x[j], [x[j]] + [x[i] for i in chosen] + list(byz)))
    return outs


def replayed(rule, inst):
    """(contraction, averaging) of a threshold rule over every 0/1 execution, receivers independent."""
    h = inst.h
    worst_c = worst_a = Fr(0)
    for k in range(1, h):
        x = [Fr(0)] * (h - k) + [Fr(1)] * k
        sets = [views_of(rule, x, j, inst, [Fr(0), Fr(1)]) for j in range(h)]
        highs, lows = [max(s) for s in sets], [min(s) for s in sets]
        worst_c = max(worst_c, max(hi - lo for a, hi in enumerate(highs) for b, lo in enumerate(lows) if a != b))
        worst_a = max(worst_a, sum(highs) / h - Fr(k, h), Fr(k, h) - sum(lows) / h)
    return worst_c, worst_a


@pytest.mark.parametrize("n, f, q, model, multiset, own", [
    (7, 1, 6, "async", [(Fr(1, 2), Fr(1, 3))], [(Fr(1, 2), Fr(1, 6)), (Fr(1), Fr(0))]),
    (6, 1, 6, "sync", [(Fr(1, 4), Fr(1, 5))], [(Fr(1, 4), Fr(3, 20)), (Fr(1), Fr(0))]),
    (4, 0, 3, "async", [(Fr(1, 3), Fr(1, 6)), (Fr(2, 5), Fr(3, 20))], [(Fr(1, 3), Fr(1, 6)), (Fr(1), Fr(0))])])
def test_exact_fronts_and_their_rules_replay(n, f, q, model, multiset, own):
    inst = instance(n, f, q, model)
    for flag, want in ((False, multiset), (True, own)):
        fr = any_rule_front.compute(inst, flag)
        assert fr.ok, fr.failures
        assert [(v.contraction, v.averaging) for v in fr.vertices] == want
        for v in fr.vertices:  # each vertex's threshold rule attains it on explicit 0/1 executions
            assert replayed(v.rule, inst) == (v.contraction, v.averaging)


def test_threshold_rule_stays_within_its_values_on_real_executions():
    inst = instance(7, 1)
    v = any_rule_front.compute(inst, True).vertices[0]
    rng = random.Random(5)
    for _ in range(60):
        x = [Fr(rng.randint(0, 12), 12) for _ in range(inst.h)]
        if max(x) == min(x):
            continue
        outs = []
        for j in range(inst.h):
            chosen = rng.sample([i for i in range(inst.h) if i != j], inst.m - 1)
            byz = [Fr(rng.randint(-30, 40), 12) for _ in range(inst.f)]
            outs.append(v.rule.output(x[j], [x[j]] + [x[i] for i in chosen] + byz))
        spread = max(x) - min(x)
        assert max(outs) - min(outs) <= v.contraction * spread
        assert abs(sum(outs) / inst.h - sum(x) / inst.h) <= v.averaging * spread


@pytest.mark.parametrize("n, f, q, model", [(7, 1, 6, "async"), (13, 2, 11, "async"), (7, 1, 7, "sync"), (8, 1, 5, "async")])
def test_class_front_is_optimal_against_every_multiset_rule(n, f, q, model):
    comp = any_rule.compare(instance(n, f, q, model), 1, own=False)
    assert comp.meets and all(ln.bound.primal_exact for ln in comp.lines)


def test_more_levels_give_the_same_bound_and_own_value_helps():
    inst = instance(7, 1)
    two = any_rule.compare(inst, 2, own=False)
    assert two.meets and two.contraction.bound.value == Fr(1, 2)
    own = any_rule.compare(inst, 1, own=True)  # the own-weight front is beaten on its edge to (1, 0)
    assert not own.meets and own.lines[2].bound.value == Fr(1, 4) < own.lines[2].value == Fr(1, 3)


def test_a_tampered_dual_is_rejected():
    inst = instance(7, 1)
    lp = any_rule.build(inst, 1)
    b = any_rule.certify_lower(lp, {"c": Fr(1)})
    assert b.ok and b.value == Fr(1, 2)
    ok, _, fail = any_rule.check_dual(lp, {"c": Fr(1)}, [Fr(1, 2)] * len(lp.ub), [Fr(0)] * len(lp.eq))
    assert not ok and fail


def test_bad_levels():
    with pytest.raises(ParameterError, match="levels"):
        any_rule.build(instance(7, 1), 0)


def test_cli_own_weight_and_any_rule(capsys):
    assert main(["optimal", "--n", "7", "--f", "1", "--own-weight", "--any-rule", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    validate(doc, "report")
    assert doc["own_weight"]["moves_front"] and doc["own_weight"]["composition"] == "2/3"
    assert doc["any_rule"]["multiset"]["front_optimal_against_every_rule"]
    assert doc["any_rule"]["own_value_and_multiset"]["composition"] == "1/3"
    assert main(["optimal", "--n", "130", "--f", "1", "--any-rule"]) == 2
    assert "at most" in capsys.readouterr().err


def compositions(total, parts):
    if parts == 1:
        yield (total,)
        return
    for first in range(total + 1):
        for rest in compositions(total - first, parts - 1):
            yield (first,) + rest


@pytest.mark.parametrize("n, f, q, model", [(7, 1, 6, "async"), (6, 1, 6, "sync")])
def test_threshold_rule_on_three_valued_executions(n, f, q, model):
    """Honest inputs in {0, 1/2, 1} (every multiset), Byzantine values in {-1, 0, 1/2, 1, 2}: the own-dependent
    vertex rule's worst ratios over these executions are exactly its LP values (the integral argument, tested on
    values that are not 0/1)."""
    inst = instance(n, f, q, model)
    v = any_rule_front.compute(inst, True).vertices[0]
    levels, byz = [Fr(0), Fr(1, 2), Fr(1)], [Fr(-1), Fr(0), Fr(1, 2), Fr(1), Fr(2)]
    worst_c = worst_a = Fr(0)
    for counts in compositions(inst.h, 3):
        x = [lv for lv, c in zip(levels, counts) for _ in range(c)]
        spread = max(x) - min(x)
        if not spread:
            continue
        sets = [views_of(v.rule, x, j, inst, byz) for j in range(inst.h)]
        highs, lows = [max(s) for s in sets], [min(s) for s in sets]
        worst_c = max(worst_c, max(hi - lo for a, hi in enumerate(highs) for b, lo in enumerate(lows) if a != b) / spread)
        mean = sum(x) / inst.h
        worst_a = max(worst_a, (sum(highs) / inst.h - mean) / spread, (mean - sum(lows) / inst.h) / spread)
    assert (worst_c, worst_a) == (v.contraction, v.averaging)


def test_rank_weights_reproduce_the_threshold_rule():
    """On distinct values the own-dependent rule is the L-statistic of the own value's rank."""
    inst = instance(7, 1)
    rule = any_rule_front.compute(inst, True).vertices[0].rule
    assert all(sum(rule.rank_weights(r)) == 1 for r in range(1, inst.q + 1))
    assert rule.rank_weights(1) != rule.rank_weights(3)  # it does depend on the own value's rank
    rng = random.Random(1)
    for _ in range(100):
        z = rng.sample(range(1000), inst.q)
        j = rng.randrange(inst.q)
        zs = sorted(z)
        w = rule.rank_weights(zs.index(z[j]) + 1)
        assert sum(a * b for a, b in zip(w, zs)) == rule.output(Fr(z[j]), [Fr(x) for x in z])
