"""Grids for issue 25 item 5 (slow): on every admissible (n, f, q) with f <= 2, n <= 3f + 6 (79), both models, the
class front is the exact front of every deterministic multiset rule, the own-weight front is certified and keeps
the class's least a/(1 - c), and the own-dependent rules' composition bound is never below the paper's Theorem 4
value (it would contradict Theorem 4 in this model) and equals it on most instances; in the plane, the lift of the
class optimum beats MDA on f = 1, n = 4..10."""

from fractions import Fraction as Fr

from avagree.optimal import any_rule_front, own_weight, plane_lift
from avagree.optimal.report import instance
from avagree.proofs.lower_bounds import theorem4_bound


def grid():
    for F in range(0, 3):
        for N in range(max(2 * F + 2, 3 * F + 1), 3 * F + 7):
            for Q in range(2 * F + 1, N - F + 1):
                yield N, F, Q, "async"
            yield N, F, N, "sync"


def test_beyond_the_class_grid():
    counted = {"instances": 0, "moved": 0, "own_below": 0, "theorem4": 0}
    for N, F, Q, model in grid():
        inst = instance(N, F, Q, model)
        ow = own_weight.compute(inst, grid_steps=2)
        assert ow.ok, (inst, ow.failures)
        base = [(v.contraction, v.averaging) for v in ow.base.vertices]
        multiset = any_rule_front.compute(inst, False)
        assert multiset.ok and [(v.contraction, v.averaging) for v in multiset.vertices] == base, inst
        comp = min((a / (1 - c) for c, a in base if c < 1), default=None)
        assert own_weight.composition(ow) == comp
        own = any_rule_front.compute(inst, True)
        assert own.ok, (inst, own.failures)
        assert own.vertices[0].contraction == base[0][0]  # own value never lowers the least contraction factor
        oc = any_rule_front.composition(own)
        assert (oc is None) == (comp is None) and (oc is None or oc <= comp)
        if F and oc is not None:
            t4 = Fr(str(theorem4_bound(N, F, Q, model)))
            assert oc >= t4, (inst, oc, t4)
            counted["theorem4"] += oc == t4
        counted["instances"] += 1
        counted["moved"] += ow.moved
        counted["own_below"] += [(v.contraction, v.averaging) for v in own.vertices] != \
            [(v.contraction, v.averaging) for v in ow.vertices]
    assert counted["instances"] >= 75 and counted["moved"] > 0 and counted["own_below"] > 0 and counted["theorem4"] > 0


def test_plane_lift_beats_mda_f1():
    for N in range(4, 11):
        for Q, model in ((N - 1, "async"), (N, "sync")):
            res = plane_lift.compare(instance(N, 1, Q, model), timeout=120, trials=2)
            assert res.verdict == "the lift of the class optimum beats MDA", (N, Q, model, res.mda_lower)
