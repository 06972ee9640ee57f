"""The reductions of issue 25 item 5 checked from outside by Z3 (avagree.smt.own_rules): over real-valued
executions with no count model, the own-weight rule's and the own-dependent threshold rules' exact suprema equal
what avagree.optimal.own_weight and any_rule_front compute. Fast: (7, 1, 6) async; slow: f <= 1, n <= 7, every q."""

from fractions import Fraction as Fr

from avagree.optimal import any_rule_front, own_weight
from avagree.optimal.report import instance
from avagree.smt.own_rules import own_weight_term, threshold_term, worst


def _agree(inst, lams):
    runs = 0
    fr = own_weight.compute(inst, grid_steps=1)
    w = list(fr.base.vertices[0].weights)
    for lam in lams:
        for spec in ("contraction", "averaging"):
            got = worst(own_weight_term(w, lam), inst.n, inst.f, inst.q, inst.model, spec)
            assert got == own_weight.evaluate(w, lam, inst, spec), (inst, lam, spec, got)
            runs += 1
    for v in any_rule_front.compute(inst, True).vertices:
        table = dict(v.rule.table)
        for spec, want in (("contraction", v.contraction), ("averaging", v.averaging)):
            got = worst(threshold_term(table), inst.n, inst.f, inst.q, inst.model, spec)
            assert got == want, (inst, spec, got, want)
            runs += 1
    return runs


def test_own_rules_equal_z3_at_7_1_6():
    assert _agree(instance(7, 1), [Fr(1, 3)]) == 6


def test_own_rules_equal_z3_grid():
    runs = 0
    for N, F in [(4, 0), (5, 0), (5, 1), (6, 1), (7, 1)]:
        for Q in range(2 * F + 1, N - F + 1):
            runs += _agree(instance(N, F, Q, "async"), [Fr(1, 4), Fr(2, 3)])
        runs += _agree(instance(N, F, N, "sync"), [Fr(1, 4)])
    assert runs >= 80
