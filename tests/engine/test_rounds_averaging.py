"""Averaging over several rounds by induction (avagree.smt.rounds_averaging): the two-receiver bound's
inequality on random families, exact values replayed, the check's verdicts on both sides of the value,
and the unrolled formula agreeing where it decides."""

import json
import random
from fractions import Fraction

from avagree.cli import main
from avagree.harness.witness import replay
from avagree.smt import decide, line
from avagree.smt.budget import Budget
from avagree.smt.rounds_averaging import _coefficients, worst_averaging_rounds
from avagree.specs import averaging


def _objective(ys, alpha, gamma):
    m = sum(ys) / len(ys)
    return m + alpha * (max(ys) - m) + gamma * (m - min(ys))


def test_two_receivers_bound_every_family_of_outputs_and_the_bound_is_reached():
    # mean(y) + alpha (max - mean) + gamma (mean - min) <= cP max + cQ min for every y (the module's argument),
    # with equality on h - 1 values at the max and one at the min (k >= 0) or the mirror (k < 0)
    rng = random.Random(5)
    for _ in range(300):
        h = rng.randint(2, 9)
        alpha, gamma = (Fraction(rng.randint(-4, 12), rng.randint(1, 6)) for _ in range(2))
        cp, cq = _coefficients(alpha, gamma, h)
        ys = [Fraction(rng.randint(-20, 20), rng.randint(1, 5)) for _ in range(h)]
        hi, lo = max(ys), min(ys)
        assert _objective(ys, alpha, gamma) <= cp * hi + cq * lo
        k = 1 - alpha + gamma
        extreme = [hi] * (h - 1) + [lo] if k >= 0 else [hi] + [lo] * (h - 1)
        assert _objective(extreme, alpha, gamma) == cp * hi + cq * lo


def test_cwtm_over_three_rounds_is_its_one_round_error_not_the_composition_bound():
    # CwTM (6, 1, 5): alpha = 2/5, c = 2/3; validity keeps every later mean within max(x_1), so three rounds
    # give exactly 2/5, below alpha (1 + c + c^2) = 38/45
    r = worst_averaging_rounds("cwtm", 6, 1, 5, rounds=3)
    assert r.verdict == "PROVED" and r.upper == Fraction(2, 5) and r.hull == Fraction(2, 5)
    assert r.lower_sq == Fraction(4, 25) and len(r.execution.rounds) == 3
    assert Fraction(averaging(r.execution, 0).measured) == Fraction(4, 25)


def test_mda_two_rounds_exceed_one_round_but_stay_below_the_composition_bound():
    # MDA (7, 1, 6), ties=adversary: one round 8/15, contraction 4/5; two rounds exactly 52/75 < 8/15 (1 + 4/5) = 72/75
    r = worst_averaging_rounds("mda", 7, 1, 6, rounds=2)
    assert r.verdict == "PROVED" and r.upper == Fraction(52, 75) and r.bounds[1][1] == Fraction(8, 15)
    assert Fraction(averaging(r.execution, 0).measured) == Fraction(52, 75) ** 2


def test_check_on_both_sides_of_the_two_round_value():
    c2 = Fraction(52, 75) ** 2
    ok = decide("mda", 7, 1, 6, spec="averaging", rounds=2, bound=c2)
    assert ok.verdict == "PROVED" and "52/75" in ok.reason and ok.scope["rounds"] == 2
    bad = decide("mda", 7, 1, 6, spec="averaging", rounds=2, bound=c2 - Fraction(1, 1000))
    assert bad.verdict == "COUNTEREXAMPLE" and len(bad.witness.rounds) == 2
    rep = replay(bad.witness)
    assert rep.ok and Fraction(averaging(rep.execution, 0).measured) == c2


def test_the_unrolled_formula_agrees_where_it_decides():
    # CwTM (4, 1, 3), two rounds: the unrolled formula (every receiver of both rounds) proves the induction's
    # value and refutes anything below it
    r = worst_averaging_rounds("cwtm", 4, 1, 3, rounds=2)
    assert r.verdict == "PROVED" and r.upper == Fraction(2, 3)
    for c2, verdict in ((r.upper ** 2, "PROVED"), (r.upper ** 2 - Fraction(1, 1000), "COUNTEREXAMPLE")):
        b = Budget(None, None)
        qn = line.question("cwtm", 4, 1, 3, "async", spec="averaging", bound=c2, strict=False, rounds=2, budget=b,
                           encoding="interleave", ties=None)
        assert line.unrolled(qn, b, None).verdict == verdict


def test_worst_rounds_cli(capsys):
    assert main(["worst", "cwtm", "--n", "6", "--f", "1", "--rounds", "2", "--spec", "averaging", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["verdict"] == "PROVED" and doc["upper"] == "2/5" and doc["params"]["rounds"] == 2
    assert main(["worst", "cwtm", "--n", "6", "--f", "1", "--rounds", "2", "--spec", "deviation"]) == 2
