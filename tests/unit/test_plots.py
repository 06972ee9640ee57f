"""The audit's threshold maps: one picture per rule, delivery model and tie rule;
the diameter picture's exact zeros."""

import math

import matplotlib
import numpy as np

from avagree.audit.row import Row
from avagree.audit.plots import draw_measured, threshold_maps
from avagree.verdicts import ClaimVerdict, Verdict


def _row(n: int, ties: str | None, v: Verdict, rule: str = "mda") -> Row:
    params = {"rule": rule, "n": n, "f": 1, "model": "async", **({"ties": ties} if ties else {})}
    return Row("c", params, ClaimVerdict.CONFIRMED, "", 0.0, group="z3", data={"z3": v})


def test_one_map_per_tie_rule(tmp_path):
    rows = [_row(6, "first", Verdict.PROVED), _row(6, "adversary", Verdict.COUNTEREXAMPLE),
            _row(7, "adversary", Verdict.PROVED), _row(6, None, Verdict.PROVED, "cwtm"), _row(7, "none", Verdict.PROVED, "cwtm"),
            Row("plane", {"rule": "mda", "n": 7, "f": 1, "model": "async", "d": 2, "ties": "adversary"},
                ClaimVerdict.CONFIRMED, "", 0.0, group="z3", data={"z3": Verdict.PROVED})]
    names = sorted(p.name for p in threshold_maps(rows, tmp_path))
    assert names == ["threshold_cwtm_async.png", "threshold_mda_async_adversary.png", "threshold_mda_async_first.png"]
    assert all((tmp_path / n).stat().st_size > 1000 for n in names)


def test_an_exact_zero_diameter_is_a_marker_not_a_tiny_number():
    """A log axis cannot show 0: it is drawn as a labelled marker on the axis floor, a decade below the
    smallest positive diameter (within the axis), so the axis spans the measured decades, not 300 (a clipped 1e-300)."""
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ts = np.arange(6)
    draw_measured(ax, ts, np.array([1.0, 0.5, 0.25, 1e-3, 0.0, 0.0]))
    low, high = ax.get_ylim()
    marker, line = ax.lines[1], ax.lines[0]
    plt.close(fig)
    assert list(line.get_xdata()) == [0, 1, 2, 3] and list(marker.get_xdata()) == [4, 5]
    (floor,) = set(marker.get_ydata())
    assert marker.get_label() == "measured diameter exactly 0" and 1e-5 < floor < 1e-3 and low < floor
    assert math.log10(high / low) < 6  # a few decades, the zeros included
