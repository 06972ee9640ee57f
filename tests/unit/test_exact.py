"""The closed forms of avagree.proofs.exact: their parameterised proofs go through (and a wrong
formula's do not), the 0/1 outputs they are built on are the rules' own, and their lower-bound
families replay through the reference rules to exactly the formula."""

from dataclasses import replace
from fractions import Fraction as Fr

import pytest
import sympy as sp

from avagree.algorithms.registry import get_rule
from avagree.errors import ParameterError, RuleError
from avagree.proofs import exact
from avagree.proofs.symbols import f, n, q
from avagree.smt import parametric

CASES = [(rule, spec, model) for (rule, spec) in exact.FORMS for model in ("async", "sync")]


@pytest.mark.parametrize("rule, spec, model", CASES)
def test_every_obligation_is_proved_for_all_parameters(rule, spec, model):
    form = exact.FORMS[rule, spec]
    for check in (parametric.extremes, parametric.upper, parametric.attained):
        ob = check(form, model)
        assert ob.proved, ob.describe()


@pytest.mark.parametrize("rule, spec", [("cwtm", "contraction"), ("median", "averaging"), ("trimmed-middle", "averaging")])
def test_a_wrong_formula_fails_its_proof(rule, spec):
    form = exact.FORMS[rule, spec]
    low = replace(form, numerator=form.numerator - 1)  # below the supremum somewhere: an execution exceeds it
    high = replace(form, numerator=form.numerator + 1)  # above it: the family no longer reaches it
    assert parametric.upper(low, "async").status == "refuted"
    assert parametric.attained(high, "async").status == "refuted"
    assert parametric.upper(high, "async").proved  # a looser bound is still a bound


def test_an_empty_region_proves_nothing():
    form = exact.FORMS["cwtm", "contraction"]
    empty = replace(form, vertex=replace(form.vertex, f_range=(2, 1)))
    assert parametric.upper(empty, "async").status == "vacuous"


@pytest.mark.parametrize("rule", ["mean", "median", "cwtm", "trimmed-middle"])
def test_vertex_output_is_the_rules_weights(rule):
    """scaled(u)/denominator equals the sum of the rule's order-statistic weights on the top u positions."""
    weights = get_rule(rule).weights
    for F in range(0, 4):
        fm = exact.form_at(rule, "contraction", F)
        if fm is None or fm.numerator == sp.oo:
            continue
        for Q in range(max(1, 2 * F + 1) if rule != "mean" else 1, 12):
            w = weights(Q, F)
            for U in range(Q + 1):
                expect = sum((wp for p, wp in w.items() if p > Q - U), Fr(0))
                vertex = fm.vertex
                got = sp.Rational(vertex.scaled.subs({exact.u: U, q: Q, f: F})) / vertex.denominator.subs({q: Q, f: F})
                assert got == sp.Rational(expect.numerator, expect.denominator), (rule, F, Q, U)


def _grid(rule, max_f=2):
    for F in ([0] if rule == "mean" else range(1, max_f + 1)):
        for N in range(F + 2, 4 * F + 7):
            for Q in range(max(1, F + 1 if F else 1, 2 * F + 1 if rule != "mean" else 1), N - F + 1):
                yield N, F, Q, "async"
            if N >= 2 * F + 1:
                yield N, F, N, "sync"


@pytest.mark.parametrize("rule", ["mean", "median", "cwtm", "trimmed-middle"])
@pytest.mark.parametrize("spec", exact.SPECS)
def test_families_replay_to_the_formula(rule, spec):
    """The lower-bound family, run through the reference rule in exact arithmetic, measures the formula."""
    count = 0
    for N, F, Q, model in _grid(rule):
        ex = parametric.family_execution(rule, spec, N, F, Q, model)
        assert parametric.measured(ex, spec) == exact.exact_value(rule, spec, N, F, Q, model), (N, F, Q, model)
        count += 1
    assert count > 15


def test_values_by_hand():
    # CwTM at n = 6, f = 1, q = 5: min(1, (n - q + f)/(q - 2f)) = 2/3 (Lemma 15 says 5/6)
    assert exact.exact_value("cwtm", "contraction", 6, 1, 5) == Fr(2, 3)
    # the averaging error of CwTM is eq. (200)'s (n - q + f)/(n - f): 2/5 at (6, 1, 5)
    assert exact.exact_value("cwtm", "averaging", 6, 1, 5) == Fr(2, 5)
    # synchronous CwTM: f/(n - 2f)
    assert exact.exact_value("cwtm", "contraction", 10, 2, 10, "sync") == Fr(1, 3)
    # median: no contraction with a Byzantine value, except synchronous with f = 1 and even n (1/2)
    assert exact.exact_value("median", "contraction", 8, 1, 8, "sync") == Fr(1, 2)
    assert exact.exact_value("median", "contraction", 9, 1, 9, "sync") == 1
    # trimmed middle at q = n - f: no contraction for n <= 5f, 1/2 above
    assert exact.exact_value("trimmed-middle", "contraction", 5, 1, 4) == 1
    assert exact.exact_value("trimmed-middle", "contraction", 6, 1, 5) == Fr(1, 2)
    # the mean without Byzantine nodes: min(q, n - q)/q
    assert exact.exact_value("mean", "contraction", 5, 0, 3) == Fr(2, 3)
    assert exact.exact_value("mean", "contraction", 5, 1, 3) is None  # unbounded


def test_expressions_parse_back_with_sympy():
    for form in exact.FORMS.values():
        for model in ("async", "sync"):
            expr = form.expression(model)
            back = sp.sympify(sp.sstr(expr), locals={"n": n, "f": f, "q": q})
            for N, F, Q, where in _grid(form.rule, 1):
                if where == model and exact.form_at(form.rule, form.spec, F) is form:
                    assert back.subs({n: N, f: F, q: Q}) == exact.exact_value(form.rule, form.spec, N, F, Q, model)


def test_unknown_rule_and_spec():
    with pytest.raises(RuleError):
        exact.forms("krum", "contraction")
    with pytest.raises(ParameterError):
        exact.forms("cwtm", "validity")
    with pytest.raises(ParameterError):
        parametric.family_execution("cwtm", "contraction", 6, 1, 2)  # q < 2f + 1


def test_an_undecided_obligation_is_unknown_never_refuted(monkeypatch):
    """A spent budget leaves the obligation 'unknown': the audit row is UNKNOWN, not REFUTED."""
    from avagree.audit.jobs import job_proof_check
    from avagree.smt import parametric
    from avagree.verdicts import ClaimVerdict

    monkeypatch.setattr(parametric, "RLIMIT", 1)
    row = job_proof_check("check_exact_cwtm_averaging")
    assert row.verdict == ClaimVerdict.UNKNOWN and "unknown" in row.evidence
