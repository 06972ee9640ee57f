"""LEARN's methods that iterate an L-statistic with rounds from its own exact one-round factor (``xRULE``) and
the certified optimal L-statistic (``optimal``), issue 25 item 6, on a tiny setting (the real digits run is
tests/e2e/test_digits.py and docs/learn.md)."""

import pytest

pytest.importorskip("sklearn")  # installed by the test extra; CI installs it

from avagree import ParameterError  # noqa: E402
from avagree.model.execution import Params  # noqa: E402
from avagree.sim.digits import experiment, method_rule  # noqa: E402


def test_exact_policy_counts_rounds_from_the_rules_own_factor():
    from fractions import Fraction

    from avagree.sim.learn import exact_factor, exact_rounds

    p = Params(13, 2, 11, 650, "async")
    # CwTM's (n - q + f)/(q - 2f) = 4/7; the optimum 1/2 (avagree optimal --n 13 --f 2)
    assert exact_factor("cwtm", p) == Fraction(4, 7)
    rule, policy = method_rule("optimal", p)
    assert policy == "exact" and rule.startswith("lstat:") and exact_factor(rule, p) == Fraction(1, 2)
    # rounds for AVG_1: least N with c^(2N) <= 1/(h 4^2), h = 11: (1/2)^(2N) <= 1/176 at N = 4; (4/7)^(2N) at N = 5
    assert (exact_rounds(Fraction(1, 2), p, 1), exact_rounds(Fraction(4, 7), p, 1), exact_rounds(Fraction(1, 2), p, 0)) \
        == (4, 5, 0)
    with pytest.raises(ParameterError, match=">= 1"):
        method_rule("xmedian", p)  # the median does not contract here (factor 1)
    with pytest.raises(ParameterError, match="unbounded"):
        method_rule("xmean", p)  # weights outside f+1..q-f


def test_optimal_and_exact_methods_run_beside_the_paper_ones():
    """Tiny setting: n = 13, f = 2, T = 4; the exact policy runs fewer rounds than the paper's N(k), and the
    curve records the rule and the factor it counted rounds from."""
    r = experiment(13, 2, methods=("icwtm", "xcwtm", "optimal"), attacks=("alie",), T=4, log_every=2)
    by = {c["method"]: c for c in r["curves"]}
    assert by["xcwtm"]["factor"] == "4/7" and by["optimal"]["factor"] == "1/2"
    assert by["optimal"]["rule"].startswith("lstat:") and by["icwtm"]["policy"] == "paper"
    # t = 1..4: gradients AVG_k with k = 0, 1, 2, 2, parameters AVG_1 each step; with c^(2N) <= 1/(11 4^(k+1)):
    # c = 1/2: N(1) = 4, N(2) = 5, so 4 * 4 + 4 + 5 + 5 = 30; c = 4/7: N(1) = 5, N(2) = 6, so 4 * 5 + 5 + 6 + 6 = 37
    assert (by["optimal"]["aggregation_rounds"], by["xcwtm"]["aggregation_rounds"]) == (30, 37)
    assert by["icwtm"]["aggregation_rounds"] > 37  # the paper's N_ICwTM from 1 - eps_tilde = 6/7
    for c in r["curves"]:
        assert c["disagreement"][-1] < 1e-6 and c["accuracy"][-1] > c["accuracy"][0]




def test_select_runs_with_its_derived_step_at_the_runs_instance():
    """Plain select knows no n; learn knows it: k = n - q + f (f synchronously, 2f at q = n - f, more below)."""
    from avagree.sim.digits import method_rule
    from avagree.sim.learn import Params

    assert method_rule("xselect", Params(13, 2, 13, 5, "sync")) == ("select:k=2", "exact")
    assert method_rule("xselect", Params(13, 2, 11, 5, "async")) == ("select:k=4", "exact")
    assert method_rule("xselect", Params(13, 2, 10, 5, "async")) == ("select:k=5", "exact")
