"""The class optimum's closed forms (issue 25, item 3; proofs/exact_select.py): the least contraction factor
1/c and the least averaging error (n - q + f)/(n - f) over the L-statistics with weights on f + 1 .. q - f,
against the exact LP of avagree.optimal, and their parametric dual families checked as certificates per
instance. The fast tests cover a few points; the slow one the grid f <= 3, n <= 30, every admissible q,
both models."""

from fractions import Fraction as Fr

from avagree.algorithms.lstatistic import reduce_select_weights
from avagree.algorithms.registry import get_rule
from avagree.algorithms.select import derived_step
from avagree.optimal.front import Front, best
from avagree.optimal.problem import problem, verify
from avagree.proofs import exact_select as es
from avagree.proofs.lstat import Instance

POINTS = [(7, 1, 6, "async"), (13, 2, 11, "async"), (40, 5, 35, "async"), (40, 5, 30, "async"), (13, 2, 9, "async"),
          (13, 2, 8, "async"), (7, 1, 7, "sync"), (13, 2, 13, "sync"), (40, 5, 40, "sync"), (20, 3, 12, "async")]


def dual_certificates(N, F, Q, model):
    """The parametric dual families at one instance, as certificates checked by avagree.optimal's verify."""
    inst = Instance(N, F, Q, model)
    out = {}
    for spec, family, weights, sign in (
            ("contraction", es.contraction_dual(N, F, Q), reduce_select_weights(Q, F, derived_step(N, F, Q)), 0),
            ("averaging", es.averaging_dual(N, F, Q), get_rule("cwtm").weights(Q, F), -1)):
        prob = problem(inst, f"min {spec}", {spec: Fr(1)})
        ys = [family.get(fm.k, Fr(0)) if fm.sign == sign else Fr(0) for fm in prob.forms]
        w = weights if isinstance(weights, list) else [weights.get(p, Fr(0)) for p in range(1, Q + 1)]
        mu = Fr(1, es.parameters(N, F, Q)[1]) if spec == "contraction" else Fr(0)
        out[spec] = verify(prob, w, ys, mu)
    return out


def agree(cases):
    checked = 0
    for N, F, Q, model in cases:
        inst = Instance(N, F, Q, model)
        front = Front(inst)
        for spec in es.SPECS:
            lp = best(inst, spec, front)
            want = es.OPTIMUM[spec].at(N, F, Q, model)
            assert lp is not None and lp.ok and lp.value == want, (N, F, Q, model, spec, lp and lp.value, want)
            cert = dual_certificates(N, F, Q, model)[spec]
            assert cert.ok and cert.value == cert.bound == want, (N, F, Q, model, spec, cert.failures)
            checked += 1
    return checked


def test_optimum_equals_the_lp_on_a_few_points():
    assert agree(POINTS) == 20


def test_a_wrong_dual_family_is_rejected():
    """The check can fail: one window fewer leaves a position uncovered."""
    N, F, Q = 40, 5, 30
    inst = Instance(N, F, Q)
    prob = problem(inst, "min contraction", {"contraction": Fr(1)})
    family = es.contraction_dual(N, F, Q)
    dropped = dict(list(family.items())[1:])
    c = len(family)
    ys = [dropped.get(fm.k, Fr(0)) * c / (c - 1) for fm in prob.forms]
    cert = verify(prob, reduce_select_weights(Q, F, derived_step(N, F, Q)), ys, Fr(1, c))
    assert not cert.ok and any("dual infeasible" in x for x in cert.failures)


def test_optimum_equals_the_lp_grid():
    cases = [(N, F, Q, "async") for F in (1, 2, 3) for N in range(3 * F + 1, 31) for Q in range(2 * F + 1, N - F + 1)]
    cases += [(N, F, N, "sync") for F in (1, 2, 3) for N in range(2 * F + 1, 31)]
    assert agree(cases) == 2 * len(cases) and len(cases) == 987
