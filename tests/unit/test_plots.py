"""The audit's threshold maps: one picture per rule, delivery model and tie rule."""

from avagree.audit.jobs import Row
from avagree.audit.plots import threshold_maps
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
