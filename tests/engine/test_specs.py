"""The Spec records: one registry that every engine reads, and a differential
test that each spec's exact evaluation and its Z3 violation predicate agree."""

from fractions import Fraction as Fr

import pytest
import z3

from avagree.errors import ParameterError
from avagree.harness.aggregate import model_rule
from avagree.model.execution import Params, execute
from avagree.harness.witness import evaluate_spec
from avagree.oracle.engine import DEFAULT_SPECS, ORACLE_SPECS
from avagree.smt import engine, extract, problem, questions
from avagree.specs import SPECS, Z3_SPECS


def test_one_registry_and_the_engines_views_of_it():
    """Each engine's list of specs is the registry filtered by the record's own fields, so a
    new spec joins every engine it describes itself to without an edit here."""
    assert {"contraction", "strict-contraction", "averaging", "quasi-unanimity", "quasi-unanimity-own",
            "validity"} <= set(SPECS)  # the paper's properties are registered
    assert all(name == s.name and s.summary for name, s in SPECS.items())  # named as keyed, and described
    assert ORACLE_SPECS == tuple(n for n, s in SPECS.items() if s.margin is not None)
    assert questions.SPECS == Z3_SPECS == tuple(n for n, s in SPECS.items() if s.z3_violation is not None)
    # strict-contraction is contraction at its default c = 1 (one vocabulary with check): not searched twice
    assert set(DEFAULT_SPECS) <= {n for n, s in SPECS.items() if s.fuzz_default} and "strict-contraction" not in DEFAULT_SPECS
    assert {"contraction", "averaging", "quasi-unanimity-own", "validity"} <= set(DEFAULT_SPECS)
    # every witness a spec writes names a spec the witness files can evaluate
    assert {s.witness_name for s in SPECS.values()} <= set(SPECS)


@pytest.mark.parametrize("name, user, units", [
    ("contraction", Fr(4, 5), Fr(16, 25)), ("strict-contraction", Fr(1), Fr(1)), ("averaging", Fr(3, 2), Fr(9, 4)),
    ("cw-contraction", Fr(4, 5), Fr(4, 5)), ("validity", Fr(0), Fr(0)), ("quasi-unanimity", Fr(0), Fr(0)),
])
def test_user_bounds_in_the_spec_units(name, user, units):
    assert SPECS[name].to_units(user) == units


def test_strict_contraction_is_written_as_strict_contraction_witnesses():
    s = SPECS["strict-contraction"]
    assert (s.witness_name, s.witness_args, s.strict) == ("contraction", {"strict": Fr(1)}, True)
    assert SPECS["contraction"].witness_args == {}


def test_the_z3_engine_rejects_a_spec_without_a_predicate():
    with pytest.raises(ParameterError, match="must be one of contraction, averaging"):
        engine.decide("mean", 4, 1, 3, spec="cw-contraction")


# (rule, n, f, q, model, rounds, bound as the Z3 engine takes it, strict). q > 2f throughout: at most one value can
# reach q - f copies in a delivery, so the literal and the symbolic quasi-unanimity read the same value (ties are
# another question).
CASES = {
    "contraction": [("mean", 4, 1, 3, "async", 1, Fr(1), False), ("mean", 4, 1, 3, "async", 1, Fr(1), True),
                    ("cwtm", 5, 1, 4, "async", 1, Fr(1, 2), False), ("median", 4, 1, 4, "sync", 2, Fr(3, 4), False)],
    "averaging": [("mean", 4, 1, 3, "async", 1, Fr(1, 4), False), ("median", 5, 1, 4, "async", 1, Fr(1, 9), False),
                  ("mean", 4, 1, 4, "sync", 2, Fr(1), False)],
    "quasi-unanimity": [("mean", 4, 1, 3, "async", 1, Fr(0), False), ("cwtm", 6, 1, 5, "async", 1, Fr(0), False)],
    "quasi-unanimity-own": [("mean", 4, 1, 3, "async", 1, Fr(0), False), ("median", 5, 1, 4, "async", 1, Fr(0), False)],
    "validity": [("mean", 4, 1, 3, "async", 1, Fr(0), False), ("cwtm", 5, 1, 4, "async", 2, Fr(0), False)],
}


def _solve(prob, formula):
    s = z3.Solver()
    s.set("timeout", 20000)
    s.add(prob.constraints)
    s.add(formula)
    res = s.check()
    assert res != z3.unknown, s.reason_unknown()
    return s.model() if res == z3.sat else None


def _exact_verdict(prob, model, spec, bound, strict):
    fam, rounds = extract.extract(prob, model)
    ex = execute(model_rule(prob.rule), prob.params, fam, rounds, mode="exact")
    assert [ex.families[-1][j][0] for j in range(prob.params.h)] == [extract.val(model, y) for y in prob.families[-1]]
    wspec, wbound = problem.witness_spec_bound(spec, bound)
    holds, _ = evaluate_spec(wspec, ex, wbound, {"strict": Fr(1)} if strict else {})
    return holds


def test_every_z3_spec_has_differential_cases():
    assert set(CASES) == {name for name, s in SPECS.items() if s.z3_violation is not None}


@pytest.mark.parametrize("spec, case", [(s, c) for s, cases in CASES.items() for c in cases],
                         ids=lambda v: v if isinstance(v, str) else f"{v[0]}-n{v[1]}-f{v[2]}-q{v[3]}-r{v[5]}-b{v[6]}"
                         f"{'-strict' if v[7] else ''}")
def test_z3_predicate_agrees_with_the_exact_evaluation(spec, case):
    """Each model of the violation predicate is an execution the exact evaluation
    calls violated, and each model of its negation one it calls held."""
    rule, n, f, q, model, rounds, bound, strict = case
    record = SPECS[spec]
    prob = problem.build(rule, Params(n, f, q, 1, model), rounds, normalise=record.z3_normalised, generic=0)
    violation = record.z3_violation(prob, bound, strict)
    bad = _solve(prob, violation)
    good = _solve(prob, z3.Not(violation))
    assert good is not None
    assert _exact_verdict(prob, good, spec, bound, strict) is True
    if bad is not None:
        assert _exact_verdict(prob, bad, spec, bound, strict) is False


def test_differential_cases_include_violations_of_every_spec():
    """The differential test is not vacuous: each spec has a case whose violation is satisfiable."""
    for spec, cases in CASES.items():
        record = SPECS[spec]
        rule, n, f, q, model, rounds, bound, strict = cases[0]
        prob = problem.build(rule, Params(n, f, q, 1, model), rounds, normalise=record.z3_normalised, generic=0)
        assert _solve(prob, record.z3_violation(prob, bound, strict)) is not None, spec
