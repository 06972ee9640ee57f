"""LEARN on the Theorem 2 instance: the paper's bounds hold for MDA and ICwTM in
the runs tried, and a non-robust rule is driven off by the attack."""

import json
import math
import subprocess
import sys

import pytest

from avagree import ParameterError
from avagree.sim.learn import learn_report


@pytest.mark.parametrize("rule, n, f, attack", [("mda", 7, 1, "alie"), ("cwtm", 6, 1, "extreme_high")])
def test_theorem1_bounds_hold_in_these_runs(rule, n, f, attack):
    r = learn_report(rule, n, f, T=16, seeds=2, attack=attack)
    assert r["E_disagreement_sq"] <= r["bound_disagreement_sq"]
    assert r["E_grad_sq"] <= r["bound_grad_sq"]
    assert r["E_grad_sq"] > 0 and r["aggregation_rounds"] > 16
    assert r["eta"] == 0.5 / 32  # delta/(32 L): the learning rate Theorem 1's proof supports (docs/learn.md)
    assert r["C_float"] == float(r["C"]) and str(r["C"]) in ("8/3", "4*sqrt(5)/5")  # exact, with its float beside


def test_mean_is_dragged_away():
    r = learn_report("mean", 7, 1, T=8, seeds=1, attack="large")
    assert r["C"] is None and r["E_grad_sq"] > 1e6


def test_bad_arguments():
    with pytest.raises(ParameterError, match="delta"):
        learn_report("mda", 7, 1, delta=3)
    with pytest.raises(ParameterError, match="attack"):
        learn_report("mda", 7, 1, attack="nope")
    with pytest.raises(ParameterError, match="hypotheses"):
        learn_report("mda", 6, 1, T=4, seeds=1)


def _cli(*args):
    p = subprocess.run([sys.executable, "-m", "avagree", "learn", *args], capture_output=True, text=True, timeout=600)
    return p.returncode, p.stdout, p.stderr


def test_recipe_prints_both_recipes():
    code, out, _ = _cli("mda", "--n", "7", "--f", "1", "--task", "recipe", "--json")
    assert code == 0
    doc = json.loads(out)
    assert doc["command"] == "learn" and doc["C"] == "8/3" and doc["params"]["delta"] == "1/2"
    r = {row["recipe"]: row for row in doc["results"]}
    assert (r["paper"]["eta"], r["paper"]["nu"]) == ("1/24", "1/12")
    assert (r["corrected"]["eta"], r["corrected"]["nu"]) == ("1/64", "1/32")
    fixed = r["corrected"]
    assert fixed["T4"] >= 32**2 and fixed["T8"] == pytest.approx(fixed["D"] * 4)
    for plan in (r["paper"], fixed):
        assert plan["T_LEARN"] == math.ceil(max(plan["T7"], plan["T8"]))


@pytest.mark.parametrize("args, msg", [
    (["mean", "--n", "7", "--f", "1", "--task", "recipe"], "rule"),
    (["mda", "--n", "6", "--f", "1", "--task", "recipe"], "hypotheses"),
    (["mda", "--n", "7", "--f", "1", "--task", "recipe", "--L", "0"], "L="),
])
def test_recipe_bad_arguments(args, msg):
    code, out, err = _cli(*args)
    assert code != 0 and msg in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
