"""Reduce-and-select (issue 25, item 1): the rule and its rule strings, the step n knows, and its closed
forms (proofs/exact_select.py) against the count model, the reference rule and Dolev et al.'s factors."""

from fractions import Fraction as Fr
from itertools import product

import numpy as np
import pytest

from avagree import aggregate
from avagree.algorithms.lstatistic import reduce_select_weights
from avagree.algorithms.registry import RULES, at_instance, get_rule, known
from avagree.algorithms.select import derived_step, step_without_n
from avagree.errors import ParameterError
from avagree.harness.user_rules import resolve_name
from avagree.proofs import exact_select as es
from avagree.proofs import lstat
from avagree.smt.parametric import measured
from avagree.smt.select_parametric import family_execution


def grid(f_max, extra):
    """Every (n, f, q, model) of the closed forms' region with f <= f_max, n <= 3f + extra."""
    for F in range(1, f_max + 1):
        for N in range(2 * F + 1, 3 * F + extra + 1):
            yield from ((N, F, Q, "async") for Q in range(2 * F + 1, N - F + 1))
            yield N, F, N, "sync"


def test_select_strings_and_the_step_n_gives():
    assert get_rule("select:k=3").weights(9, 1) == {2: Fr(1, 3), 5: Fr(1, 3), 8: Fr(1, 3)}
    assert get_rule("select:k=3") is get_rule("select:k=3") and known("select:k=7") and "select" in RULES
    assert resolve_name("select:k=3") == "select:k=3"
    for bad in ("select:k=0", "select:k=x", "select:3", "select:k=03", "select:k=2,"):
        with pytest.raises(ParameterError):
            get_rule(bad)
    # with n known: the shift n - q + f (2f at q = n - f, f at q = n); f = 0, q = n: 1
    assert [at_instance("select", N, F, Q) for N, F, Q in ((13, 2, 11), (13, 2, 13), (13, 2, 8), (5, 0, 5))] == [
        "select:k=4", "select:k=2", "select:k=7", "select:k=1"]
    assert at_instance("cwtm", 13, 2, 11) == "cwtm" and derived_step(40, 5, 35) == 10
    # without n: step max(1, 2f), the derived step at q = n - f
    assert RULES["select"].weights(11, 2) == {p: w for p, w in enumerate(reduce_select_weights(11, 2, 4), 1) if w}
    assert step_without_n(0) == 1 and step_without_n(3) == 6


def test_the_rule_is_its_weights_exact_and_float():
    rng = np.random.default_rng(7)
    for q, F, k in product(range(3, 12), range(0, 4), range(1, 6)):
        if q < 2 * F + 1:
            continue
        z = rng.integers(-50, 50, size=(q, 3))
        exact = np.array([[Fr(int(v)) for v in row] for row in z], dtype=object)
        w = reduce_select_weights(q, F, k)
        want = [sum((wi * s for wi, s in zip(w, sorted(exact[:, i]))), Fr(0)) for i in range(3)]
        got = aggregate(f"select:k={k}", exact, F)
        assert list(got) == want
        assert np.allclose(aggregate(f"select:k={k}", z.astype(float), F), [float(v) for v in want])
    with pytest.raises(ParameterError):
        aggregate("select:k=2", [[0.0], [1.0]], 1)  # q < 2f + 1


def test_selected_ones_formula_is_the_rules_top_sums():
    """J(u) = min(c, ceil((u - f - r)/k)) (0 when u <= f + r) is c times the weight on the top u positions."""
    for q, F, k in product(range(1, 16), range(0, 5), range(1, 9)):
        if q < 2 * F + 1:
            continue
        tops = lstat.top_sums(reduce_select_weights(q, F, k))
        c = (q - 2 * F - 1) // k + 1
        assert [Fr(es.selected_ones(u, F, q, k), c) for u in range(q + 1)] == tops, (q, F, k)


def test_closed_forms_equal_the_count_model():
    count = 0
    for N, F, Q, model in grid(4, 12):
        inst = lstat.Instance(N, F, Q, model)
        w = reduce_select_weights(Q, F, derived_step(N, F, Q))
        assert lstat.contraction(w, inst) == es.SELECT["contraction"].at(N, F, Q, model), (N, F, Q, model)
        assert lstat.averaging(w, inst) == es.SELECT["averaging"].at(N, F, Q, model), (N, F, Q, model)
        count += 1
    assert count == 370


def test_published_factors_at_their_q():
    assert es.published_matches("async") and es.published_matches("sync")
    for F in range(1, 6):
        for N in range(3 * F + 1, 12 * F + 2):
            assert es.SELECT["contraction"].at(N, F, N - F) == Fr(1, (N - 3 * F - 1) // (2 * F) + 1)
            assert es.SELECT["contraction"].at(N, F, N, "sync") == Fr(1, (N - 2 * F - 1) // F + 1)
    assert es.SELECT["averaging"].at(40, 5, 35) == Fr(2, 5) and es.SELECT["averaging"].at(40, 5, 40, "sync") == Fr(9, 35)


def test_families_replay_through_the_reference_rule():
    for N, F, Q, model in grid(2, 6):
        for spec in es.SPECS:
            ex = family_execution(spec, N, F, Q, model)
            assert measured(ex, spec) == es.SELECT[spec].at(N, F, Q, model), (spec, N, F, Q, model)


def test_outside_the_region_is_a_parameter_error():
    for args in ((7, 0, 7, "sync"), (7, 1, 2, "async"), (7, 1, 7, "async"), (7, 1, 6, "sync")):
        with pytest.raises(ParameterError):
            es.SELECT["contraction"].at(*args)
