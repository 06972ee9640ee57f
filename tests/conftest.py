"""Test configuration: hypothesis profiles, the ``slow`` marker's table, and the
opt-in ``--full-audit`` run of the whole claims catalogue.

The tests are grouped by purpose: ``unit/`` (fast checks of the model, rules,
specs, witnesses and the paper's formulas), ``engine/`` (the Z3 engine and the
search oracle), ``e2e/`` (the CLI, the audit, the simulations and experiments)
and ``quality/`` (the engines find specific witnesses). ``python -m pytest -q -n auto``
runs everything except the full audit; ``python -m pytest -m "not slow"`` skips
the tests listed in :data:`SLOW` (under a minute on two cores)."""

import os

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile("ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

#: Node-id prefixes of the slow tests (several seconds each, or many parameters), and why;
#: kept in one table so that test files need no edit to move in or out of the fast run.
SLOW = {
    "tests/e2e/": "end to end: subprocesses, the quick audit, training runs and simulations",
    "tests/unit/test_rules.py::test_fast_path_equals_numpy_path": "compiles the numba kernels for every dtype",
    "tests/unit/test_rules.py::test_non_finite_rejected_on_every_path": "compiles the numba kernels",
    "tests/unit/test_proofs.py::test_checks[check_constants_above_lower_bound]": "exact grid over many (n, f, q)",
    "tests/unit/test_proofs.py::test_checks[check_lemma12_grid]": "exact grid over many (n, f, q)",
    "tests/unit/test_proofs.py::test_checks[check_corollary2]": "exact grid over many (n, f, t)",
    "tests/unit/test_proofs.py::test_checks[check_n_mda]": "exact grid over many (n, f, q, t)",
    "tests/engine/test_smt_geometry.py::test_bounds_on_the_planar_supremum": "nonlinear Z3 in the plane",
    "tests/engine/test_smt_geometry.py::test_too_many_skeletons_is_unknown_at_once": "counts skeletons",
    "tests/engine/test_smt.py::test_quasi_unanimity_literal_vs_own": "Z3 at n = 15",
    "tests/engine/test_smt.py::test_mda_averaging_proved_through_the_one_receiver_deviation": "Z3 at n = 13",
    "tests/engine/test_oracle.py::test_fuzz_cli_exit_codes": "subprocesses",
    "tests/engine/test_oracle.py::test_examples_suite_runs": "runs the examples' pytest suite",
    "tests/engine/test_oracle.py::test_hypothesis_finds_and_shrinks_a_mean_violation": "hypothesis shrinking",
    "tests/engine/test_ties.py::test_mda_at_12_2_adversary_vs_first": "Z3 at n = 12 under two tie rules",
    "tests/engine/test_krum_family.py::test_the_family_does_not_answer_a_non_strict_factor_of_one": "nonlinear Z3 (Krum) to its budget",
    "tests/engine/test_budget.py::test_same_budget_same_planar_interval_on_an_idle_and_a_busy_machine":
        "nonlinear Z3 in the plane, twice, once beside two busy processes",
    "tests/engine/test_budget.py::test_same_seed_and_budget_give_the_same_witness": "subprocesses",
    "tests/engine/test_ties.py::test_mda_at_13_2_is_proved_under_adversary": "Z3 at n = 13",
    "tests/engine/test_rounds_averaging.py::test_mda_two_rounds_exceed": "Z3 optimisations of MDA over two rounds",
    "tests/engine/test_rounds_averaging.py::test_check_on_both_sides": "two Z3 checks of MDA over two rounds",
    "tests/engine/test_cva_encoding.py::test_cva_table_row_at_the_first_feasible_n": "four Z3 runs at n = 8",
    "tests/engine/test_exact_grid.py::test_contraction_grid_f1_to_3": "Z3 worst case on about 50 (n, f, q) per rule",
    "tests/engine/test_exact_grid.py::test_averaging_grid_f1_to_2": "Z3 worst case holding every receiver, n up to 7",
    "tests/quality/test_z3_findings.py::test_contraction_claim_gets_its_expected_verdict[theorem5-z3-mda-n11-f2-async]":
        "Z3 at n = 11",
    "tests/quality/test_schedule_search_quality.py": "200 protocol executions at n = 7 per case",
    # issue 14 items 2-3 (MDA closed form, rounds from the exact factors)
    "tests/engine/test_exact_mda_grid.py::test_grid_f1_f2": "Z3 worst case of MDA on 49 (n, f, q) per tie rule, about 2 min",
    "tests/engine/test_exact_cva_grid.py::test_grid_f1_to_3": "Z3 worst case of CVA on 68 (n, f, q) per tie rule",
    "tests/engine/test_exact_mda_averaging_grid.py::test_averaging_grid_f1_f2": "Z3 worst averaging error of MDA, every receiver encoded, 19 (n, f, q) per tie rule",
    "tests/unit/test_proofs.py::test_checks[check_exact_mda_contraction]": "Z3 and sympy on every case, both tie rules",
    "tests/unit/test_proofs.py::test_checks[check_lemma12_tight_d1]": "exact grid over many (n, f, q)",
    "tests/unit/test_proofs.py::test_checks[check_rounds_vs_paper]": "exact grid over many (n, f, q, t)",
    "tests/unit/test_proofs.py::test_checks[check_composition_families]": "496 T-round replays through the reference rules",
    # issue 25 item 2 (the optimal L-statistics re-checked by the Z3 engine)
    "tests/engine/test_optimal_engine.py::test_front_vertices_equal_z3_grid":
        "Z3 worst case of every front vertex on 43 (n, f, q), f <= 2, both quantities",
    # issue 25 item 5 (beyond the class: own weight, every deterministic rule, the plane)
    "tests/unit/test_beyond_grid.py::test_beyond_the_class_grid": "certified LP fronts on about 150 (n, f, q)",
    "tests/unit/test_beyond_grid.py::test_plane_lift_beats_mda_f1": "the d = 1 Z3 engine on MDA at 14 (n, f, q)",
    "tests/engine/test_own_rules_z3.py::test_own_rules_equal_z3_grid": "Z3 on own-dependent rules at 25 (n, f, q)",
    # issue 25 items 1 and 3 (select's closed forms and the class optimum)
    "tests/engine/test_select_engine.py::test_worst_equals_the_closed_forms_grid": "Z3 worst case of select on 113 points",
    "tests/unit/test_optimum.py::test_optimum_equals_the_lp_grid": "two exact LPs on each of 987 (n, f, q)",
    "tests/unit/test_select_parametric.py::test_every_closed_form_is_proved": "every Z3 obligation, about 5 s a model",
    "tests/engine/test_select_rule.py::test_cli_commands_take_select": "fuzz, and formula's Z3 obligations",
    "tests/unit/test_proofs.py::test_checks[check_exact_select_averaging]": "Z3 obligations, both models",
    # issue 16 item 3 (MDA skeleton classes in the plane, enumerated directly)
    "tests/unit/test_skeleton_classes.py::test_direct_classes_equal_brute_force_classes[7-1-7-False]":
        "brute-force canonicalisation of 7056 raw skeletons x 240 relabellings",
    "tests/unit/test_skeleton_classes.py::test_signature_separates_exactly_the_brute_force_classes[7-1-7-False]":
        "brute-force canonicalisation of 7056 raw skeletons x 240 relabellings",
}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--full-audit", action="store_true", default=False,
                     help="also run the whole claims catalogue through the audit (full_audit tests, minutes)")


def stale_slow_entries(nodeids: list[str], slow: dict[str, str] = SLOW) -> list[str]:
    """The entries of ``slow`` that match none of ``nodeids`` although their file (or folder)
    was collected: a renamed or deleted test left behind in the table."""
    files = {nid.split("::")[0] for nid in nodeids}
    stale = []
    for prefix in slow:
        where = prefix.split("::")[0]
        seen = where in files or (where.endswith("/") and any(f.startswith(where) for f in files))
        if seen and not any(nid.startswith(prefix) for nid in nodeids):
            stale.append(prefix)
    return stale


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    full = config.getoption("--full-audit")
    # a run of whole files and folders sees every test of the files it collected, so an entry of
    # SLOW that matches none of them names a test that no longer exists (a run of single node ids
    # collects only part of a file and cannot tell)
    if not any("::" in str(arg) for arg in config.args):
        stale = stale_slow_entries([item.nodeid for item in items])
        if stale:
            raise pytest.UsageError(f"tests/conftest.py SLOW names tests that were not collected: {', '.join(stale)}")
    for item in items:
        if any(item.nodeid.startswith(prefix) for prefix in SLOW):
            item.add_marker(pytest.mark.slow)
        if "full_audit" in item.keywords:
            item.add_marker(pytest.mark.slow)
            if not full:
                item.add_marker(pytest.mark.skip(reason="the whole claims catalogue takes minutes: pass --full-audit"))


@pytest.fixture(autouse=True)
def _no_default_witness_database(monkeypatch: pytest.MonkeyPatch) -> None:
    """avagree.check replays the saved witnesses of ./avagree-out/witnesses first (issue 26); in the test suite
    that folder is whatever earlier runs left in the repository, so the default is off (tests that use a
    database name it, or run avagree in a fresh folder)."""
    monkeypatch.setattr("avagree.oracle.engine.DATABASE_DIR", None)
