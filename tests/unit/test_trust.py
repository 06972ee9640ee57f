"""Replay never confirms what exact arithmetic denies (issue 19); witness
rationals are strict, time limits are limits, and worst reports the number it
found (issue 13, items 3, 4 and 6)."""

from __future__ import annotations

import json
import subprocess
import sys
from fractions import Fraction

import numpy as np
import pytest

import avagree
from avagree.counterexamples import paths
from avagree.errors import ParameterError, WitnessError
from avagree.model import Params, Round, execute, make_delivery
from avagree.model.numbers import convert
from avagree.harness.witness import (FAIL, FLOAT_ONLY, INCONCLUSIVE, OK, Witness, from_json, replay)
from avagree.smt import decide, worst
from avagree.specs import contraction

# MDA, n = 4, f = 1, synchronous, d = 2: honest vectors near 10^8 that differ in the last bits. In float64 the
# Gram-matrix distances and the float averages make the squared contraction ratio 1.16 (no contraction); in
# exact arithmetic it is about 0.604 < 1 (found by a seeded random search over such inputs).
_ULP = 2.0**-26
_X = 1e8 + np.array([[4, -3], [2, 0], [-3, -2]]) * _ULP
_B = 1e8 + np.array([[5, -2], [-4, 1], [4, 8]]) * _ULP


def _float_witness() -> Witness:
    p = Params(4, 1, 4, 2, "sync")
    rnd = Round(tuple(make_delivery([0, 1, 2], _B[j][None], 2) for j in range(3)))
    ex = execute(avagree.model_rule("mda"), p, _X, [rnd])
    v = contraction(ex, 1)
    return Witness("mda", p, "contraction", Fraction(1), convert(ex.inputs, "exact"),
                   [Round(tuple(make_delivery(d.honest, convert(d.byzantine, "exact"), 2, "exact") for d in rnd.deliveries))],
                   convert(ex.outputs, "exact"), Fraction(v.measured), "hand", 0.0, {"strict": Fraction(1)},
                   {"replay": "float"})


def test_float_manufactured_violation_is_denied_by_exact_replay(tmp_path):
    w = _float_witness()
    assert w.measured >= 1  # the float execution does look like a violation
    r = replay(w)
    assert not r.ok and r.status == FAIL
    assert "exact replay denies it" in r.reason
    assert contraction(r.execution, 1).measured < 1  # exactly, it contracts
    path = w.save(tmp_path / "float.json")
    p = subprocess.run([sys.executable, "-m", "avagree", "replay", str(path)], capture_output=True, text=True)
    assert p.returncode == 1 and "exact replay denies it" in p.stdout


def _committed(name: str) -> dict:
    return json.loads(next(p for p in paths() if p.name == name).read_text())


def test_tampered_measured_is_refused():
    doc = _committed("theorem5_mda_f1_n5.json")
    assert replay(from_json(doc)).status == OK
    doc["measured"] = "2"
    r = replay(from_json(doc))
    assert not r.ok and "measured differs" in r.reason


def test_negative_bound_and_bad_strict_are_refused():
    doc = _committed("theorem5_mda_f1_n5.json")
    doc["bound"] = "-1"
    r = replay(from_json(doc))
    assert not r.ok and "negative" in r.reason
    doc = _committed("theorem5_mda_f1_n5.json")
    doc["spec_args"] = {"strict": "2"}
    assert "strict must be 0 or 1" in replay(from_json(doc)).reason


def test_file_cannot_ask_for_float_replay_of_an_exact_rule():
    doc = _committed("split_cwtm_f1_n5_q4.json")
    doc["replay"] = "float"
    r = replay(from_json(doc))
    assert r.ok and r.status == OK and "exact replay" in r.reason


def _float_only_nudge(z, f=None):
    """A black box that refuses Fractions: the first received value, pushed out by 2^-50 of the spread."""
    if z.dtype == object:
        raise TypeError("floats only")
    return z[0] + (z[0] - z[-1]) * 2.0**-50


def _float_only_mean(z, f=None):
    if z.dtype == object:
        raise TypeError("floats only")
    return z.mean(axis=0)


def _float_only_witness(rule, honest, byz) -> Witness:
    p = Params(4, 1, 3, 1, "async")
    rnd = Round(tuple(make_delivery([j, (j + 1) % 3], [[byz[j]]], 1) for j in range(3)))
    ex = execute(avagree.harness.user_rules.as_model_rule(rule), p, np.array(honest, dtype=float)[:, None], [rnd])
    v = contraction(ex, 1)
    ex_rounds = [Round(tuple(make_delivery(d.honest, convert(d.byzantine, "exact"), 1, "exact") for d in rnd.deliveries))]
    return Witness("python:tests:rule", p, "contraction", Fraction(1), convert(ex.inputs, "exact"), ex_rounds,
                   convert(ex.outputs, "exact"), Fraction(v.measured), "hand", 0.0, {"strict": Fraction(1)},
                   {"replay": "float"})


def test_float_only_violation_within_rounding_is_inconclusive():
    w = _float_only_witness(_float_only_nudge, [0.0, 1.0, 0.5], [1.0, 1.0, 1.0])
    assert w.measured > 1  # the float replay does exceed the bound, by a few ulps
    r = replay(w, _float_only_nudge)
    assert not r.ok and r.status == INCONCLUSIVE and "may be rounding" in r.reason


def test_float_only_violation_beyond_rounding_is_float_only_not_ok():
    w = _float_only_witness(_float_only_mean, [0.0, 1.0, 0.5], [-1e6, 1e6, 1e6])
    r = replay(w, _float_only_mean)
    assert r.ok and r.status == FLOAT_ONLY


def test_oracle_does_not_save_float_only_rounding():
    rep = avagree.check(_float_only_nudge, n=4, f=1, d=1, specs=["strict-contraction"], examples=60)
    assert all(r.status != "violated" for r in rep.results)


@pytest.mark.parametrize("bad", ["1e400", " 1 ", "1_000", "\u0663", "+3", "3/-7", "1/0", "0.5", 5, None])
def test_witness_rationals_are_strict(bad):
    doc = _committed("theorem5_mda_f1_n5.json")
    doc["honest"][2][0] = bad
    with pytest.raises(WitnessError, match=r"honest\[2\]"):
        from_json(doc)


def test_cli_bound_takes_decimals_but_not_exponents():
    from avagree.model.numbers import parse_rational

    assert parse_rational("0.8", name="--bound", decimal=True) == Fraction(4, 5)
    with pytest.raises(avagree.InputError, match="--bound"):
        parse_rational("8e-1", name="--bound", decimal=True)


@pytest.mark.parametrize("timeout", [1e-9, 0.0, -1.0, float("nan"), float("inf")])
def test_time_limits_below_resolution_are_refused(timeout):
    with pytest.raises(ParameterError, match="timeout"):
        decide("mda", 7, 1, 6, timeout=timeout)
    with pytest.raises(ParameterError, match="timeout"):
        worst("cwtm", 7, 1, 6, timeout=timeout)


def test_cli_timeout_below_resolution_is_a_usage_error():
    p = subprocess.run([sys.executable, "-m", "avagree", "check", "mda", "--n", "7", "--f", "1", "--timeout", "1e-9"],
                       capture_output=True, text=True)
    assert p.returncode == 2 and "timeout" in p.stderr and "Traceback" not in p.stderr


@pytest.mark.parametrize("rule, n, f, q", [("cwtm", 9, 1, 6), ("median", 7, 1, 6)])
def test_worst_reports_an_attained_optimum_of_one(rule, n, f, q):
    r = worst(rule, n, f, q)
    assert r.verdict == "PROVED" and r.value == 1 and r.attained
    assert r.as_json()["value"] == "1"
    assert r.witness is not None and replay(r.witness).status == OK
    assert "replayed exactly" in r.reason
