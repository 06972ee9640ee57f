"""d = 2, Delta_2 (avagree.optimal.plane_lift): the verdict logic on exact bounds, a replayed execution of the
lift whose ratio lies between C* and sqrt(2) C*, and the comparison with MDA at (7, 1, 6) async."""

from fractions import Fraction as Fr

import pytest

from avagree.optimal import plane_lift
from avagree.optimal.report import instance


def test_decide():
    assert plane_lift.decide(Fr(1, 2), None, Fr(4, 5), None) == "the lift of the class optimum beats MDA"
    assert plane_lift.decide(Fr(1, 2), None, Fr(7, 10), None) == "UNKNOWN"  # 0.7 < sqrt(2)/2
    assert plane_lift.decide(Fr(1, 2), None, Fr(2, 5), Fr(2, 5)) == "MDA beats every coordinate-wise rule of the class"
    assert plane_lift.decide(Fr(1, 2), Fr(4, 9), Fr(1, 2), Fr(3, 5)) == "MDA beats the lift of the class optimum"


def test_circle_points_are_exact():
    for t in (Fr(0), Fr(1, 3), Fr(-2, 5), Fr(7)):
        x, y = plane_lift.circle_point(t)
        assert x * x + y * y == Fr(1, 4)


def test_lift_lower_bound_replays_between_the_bounds():
    inst = instance(7, 1)
    w = [Fr(0), Fr(1, 6), Fr(1, 3), Fr(0), Fr(1, 2), Fr(0)]
    wit = plane_lift.lift_lower_bound(w, inst, trials=8, seed=1)
    assert wit is not None and 0 < wit.ratio_sq <= 2 * Fr(1, 2) ** 2
    again = plane_lift.replay(w, inst, wit.honest, wit.receivers)
    assert again.ratio_sq == wit.ratio_sq


def test_compare_at_7_1_6():
    res = plane_lift.compare(instance(7, 1), timeout=120, trials=5)
    assert res.best_contraction == Fr(1, 2) and res.mda_lower == Fr(4, 5)
    assert res.verdict == "the lift of the class optimum beats MDA"
    assert res.as_json()["lift_upper_squared"] == "1/2"


def test_cli_plane(capsys):
    import json

    from avagree.cli import main
    from avagree.schemas import validate

    assert main(["optimal", "--n", "6", "--f", "1", "--sync", "--plane", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    validate(doc, "report")
    assert doc["plane"]["verdict"] == "the lift of the class optimum beats MDA"
    assert (doc["plane"]["class_least_contraction_d1"], doc["plane"]["mda"]["lower"]) == ("1/4", "3/5")
    assert main(["optimal", "--n", "21", "--f", "1", "--plane"]) == 2
    assert "--plane: at most 20" in capsys.readouterr().err
