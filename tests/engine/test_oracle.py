"""The oracle: finds what it should on known-broken rules, reports 'held' (never
'proved') on sound ones, replays every witness, and works on black boxes."""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings, target

import avagree
from avagree.specs import contraction
from avagree.oracle.strategies import executions, params_for
from avagree.harness.witness import load, replay


def test_mean_breaks_contraction_and_averaging_with_default_budget(tmp_path):
    rep = avagree.check("mean", 7, 1, save_dir=tmp_path)
    status = {r.spec: r.status for r in rep.results}
    assert status["contraction"] == "violated" and status["averaging"] == "violated"
    for r in rep.results:
        if r.status == "violated":
            assert replay(load(r.path)).ok
    with pytest.raises(AssertionError, match="contraction: VIOLATED"):
        rep.assert_ok()


@pytest.mark.parametrize("rule, n, f, broken", [("cwtm", 5, 1, True), ("cwtm", 6, 1, False), ("median", 7, 1, True),
                                                  ("mda", 5, 1, True), ("krum", 7, 1, True)])
def test_strict_contraction(rule, n, f, broken):
    rep = avagree.check(rule, n, f, d=1, specs=["strict-contraction"], examples=300)
    assert (rep.results[0].status == "violated") == broken


def test_quasi_unanimity_findings():
    cva = avagree.check("cva", 8, 1, specs=["quasi-unanimity", "quasi-unanimity-own"], examples=300)
    assert [r.status for r in cva.results] == ["violated", "held"]
    mda = avagree.check("mda", 7, 1, specs=["quasi-unanimity"], examples=200)
    assert mda.results[0].status == "held" and mda.results[0].exercised > 0


def test_held_is_not_a_proof_and_is_deterministic():
    a = avagree.check("cwtm", 6, 1, specs=["contraction"], examples=100, seed=5)
    b = avagree.check("cwtm", 6, 1, specs=["contraction"], examples=100, seed=5)
    assert a.results[0].status == "held" and a.results[0].best == b.results[0].best
    assert "not a proof" in str(a)


def _float_only(received, f):
    z = np.sort(np.asarray(received, dtype=np.float64), axis=0)
    return z.mean(axis=0)  # plain mean, but only accepts floats


def test_black_box_float_rule_replays_in_float(tmp_path):
    rep = avagree.check(_float_only, 7, 1, specs=["contraction"], save_dir=tmp_path)
    r = rep.results[0]
    assert r.status == "violated" and r.replay == "float"
    w = load(r.path)
    assert w.extra["replay"] == "float" and w.rule.endswith("_float_only")
    assert replay(w, _float_only).ok


def test_user_rule_errors_are_reported():
    rep = avagree.check(lambda z: np.asarray(z, float).mean(), 6, 1, specs=["contraction"], examples=5)
    assert rep.results[0].status == "error" and "shape" in rep.results[0].error


def test_fuzz_cli_exit_codes(tmp_path):
    run = lambda *a: subprocess.run([sys.executable, "-m", "avagree", "fuzz", *a, "--out", str(tmp_path)],
                                    capture_output=True, text=True, timeout=300)
    p = run("mean", "--n", "7", "--f", "1", "--json")
    assert p.returncode == 1 and json.loads(p.stdout)["results"][0]["verdict"] == "VIOLATED"
    p = run("cwtm", "--n", "6", "--f", "1", "--examples", "50")
    assert p.returncode == 0 and "held" in p.stdout
    p = run("cwtm", "--n", "6", "--f", "1", "--spec", "nonsense")
    assert p.returncode == 2 and "Traceback" not in p.stderr


def test_hypothesis_target_drives_a_users_property_to_failure():
    """A user's property test ('the mean never expands the diameter'): target() on
    the contraction ratio steers Hypothesis to the violation."""

    @settings(max_examples=300, deadline=None, database=None)
    @given(ex=executions("mean", 5, 1, 4))
    def prop(ex):
        v = contraction(ex, 1)
        if v.measured != float("inf"):
            target(float(v.measured), label="contraction ratio")
        assert v.holds

    with pytest.raises(AssertionError):
        prop()


def test_hypothesis_finds_and_shrinks_a_mean_violation():
    from hypothesis import find

    ex = find(executions("mean", 5, 1, 4), lambda e: not contraction(e, 1).holds,
              settings=settings(max_examples=500, deadline=None, database=None))
    assert contraction(ex, 1).measured > 1
    assert max(abs(v) for v in ex.inputs.ravel()) <= 1  # shrunk to a small family


@given(p=params_for("cwtm"))
def test_params_for_respects_the_rule(p):
    n, f, q, model = p
    assert q >= 2 * f + 1 and (q == n if model == "sync" else q <= n - f)


def test_examples_suite_runs():
    root = Path(__file__).resolve().parents[2] / "examples"
    if not root.exists():
        pytest.skip("examples/ not shipped here")
    p = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(root)],
                       capture_output=True, text=True, timeout=600, cwd=root)
    assert p.returncode == 0, p.stdout[-2000:]
    assert "1 passed, 1 xfailed" in p.stdout


def test_assert_ok_saves_a_shrunk_witness_and_says_how_to_replay_it(tmp_path):
    rep = avagree.check("mean", 5, 1, specs=["contraction"], examples=50)
    assert rep.results[0].path is None  # nothing written until asked
    with pytest.raises(AssertionError) as info:
        rep.assert_ok(save_dir=tmp_path)
    text = str(info.value)
    (path,) = tmp_path.glob("*.json")
    assert f"avagree replay {path}" in text and f"avagree.replay({str(path)!r}).ok" in text
    assert "worst receiver" in text and "honest inputs" in text
    w = avagree.replay(path)
    assert w.ok and rep.results[0].witness.params.d == 1  # shrunk from d = 2: the mean fails in one coordinate


def test_shrunk_witness_has_small_numbers():
    """The search's large Byzantine values (1e6, unshrunk) become the smallest power of two that keeps
    the violation: for the mean at n = 5, f = 1 the shrunk honest inputs are 0, 0, 0, 1/2, and a
    Byzantine 2 moves one receiver's output to 5/8 against 1/8 elsewhere (no contraction), a 1 would not."""
    w = avagree.check("mean", 5, 1, specs=["contraction"], examples=50).results[0].witness
    byz = [abs(v) for r in w.rounds for dl in r.deliveries for v in dl.byzantine.ravel()]
    assert max(abs(v) for v in w.honest.ravel()) <= 1 and 0 < max(byz) <= 4
    assert w.found_by.endswith("shrunk") and avagree.replay(w).ok
