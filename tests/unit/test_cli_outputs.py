"""Issue 26, items 3 and 10, the fast parts: output paths checked before work, the report schema's verdict
enum, the audit's comparison with the catalogue and its default --jobs, and the simplified closed forms."""

import os
from types import SimpleNamespace

import pytest
import sympy as sp

from avagree.errors import InputError
from avagree.harness.outputs import check_out_dir, check_out_file


def test_output_folder_checks(tmp_path):
    (tmp_path / "taken.txt").write_text("x")
    assert check_out_dir(tmp_path / "new" / "nested") == tmp_path / "new" / "nested"  # created later, by the writer
    assert not (tmp_path / "new").exists()  # the check writes nothing
    assert check_out_dir(tmp_path) == tmp_path
    with pytest.raises(InputError, match="is an existing file, not a folder"):
        check_out_dir(tmp_path / "taken.txt")
    with pytest.raises(InputError, match="taken.txt is a file, so the folder cannot be created"):
        check_out_dir(tmp_path / "taken.txt" / "sub")
    with pytest.raises(InputError, match="cannot write into its parent /proc"):
        check_out_dir("/proc/avagree-out")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken.txt"]


def test_output_file_checks(tmp_path):
    (tmp_path / "old.json").write_text("x")
    assert check_out_file(tmp_path / "old.json", "--report") == tmp_path / "old.json"  # replaced: allowed
    assert check_out_file(tmp_path / "new.json") == tmp_path / "new.json"
    with pytest.raises(InputError, match=r"--report .*missing/r.json: no such folder .*missing \(create it first\)"):
        check_out_file(tmp_path / "missing" / "r.json", "--report")
    with pytest.raises(InputError, match="is a folder; name a file in it"):
        check_out_file(tmp_path)
    with pytest.raises(InputError, match="cannot write there"):
        check_out_file("/proc/report.json")


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only-by-mode folder")
def test_a_folder_without_write_permission_is_refused(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    try:
        with pytest.raises(InputError, match="cannot write into the folder"):
            check_out_dir(locked)
        with pytest.raises(InputError, match="cannot write there"):
            check_out_file(locked / "r.json")
    finally:
        locked.chmod(0o700)


def test_every_top_level_verdict_is_in_the_schema_enum():
    from avagree.cli.common import TOP_VERDICTS
    from avagree.schemas import schema
    from avagree.verdicts import Verdict

    enum = schema("report")["properties"]["verdict"]["enum"]
    assert sorted(enum) == sorted(TOP_VERDICTS)
    assert {str(v) for v in Verdict} <= set(enum)
    from avagree.schemas import validate
    import jsonschema

    with pytest.raises(jsonschema.ValidationError):
        validate({"schema": "avagree.report/1", "command": "check", "params": {}, "verdict": "MAYBE"}, "report")


def test_audit_rows_against_the_catalogue():
    from avagree.audit.claims import CLAIMS
    from avagree.audit.runner import match_line, unexpected_rows
    from avagree.verdicts import ClaimVerdict

    a, b = CLAIMS[0], CLAIMS[1]
    other = next(v for v in ClaimVerdict if v != b.expected)
    rows = [SimpleNamespace(id=a.id, verdict=a.expected), SimpleNamespace(id=b.id, verdict=other)]
    assert unexpected_rows(rows[:1]) == [] and match_line(rows[:1], []) == \
        "all 1 verdicts match the catalogue's expected ones"
    odd = unexpected_rows(rows)
    assert odd == [{"id": b.id, "expected": str(b.expected), "verdict": str(other)}]
    assert match_line(rows, odd).startswith("1 of 2 verdicts differ") and b.id in match_line(rows, odd)


def test_audit_jobs_default_is_the_available_cores():
    from avagree.audit.runner import available_cores
    from avagree.cli import build_parser

    assert available_cores() == len(os.sched_getaffinity(0))
    assert build_parser().parse_args(["audit"]).jobs is None  # resolved to available_cores() when run


N, F, Q = sp.symbols("n f q", integer=True, positive=True)


@pytest.mark.parametrize("rule", ["median", "mean", "cwtm", "trimmed-middle"])
@pytest.mark.parametrize("model", ["async", "sync"])
def test_simplified_closed_forms_are_the_same_functions(rule, model):
    from avagree.cli.formula import tidy
    from avagree.proofs import exact

    for spec in ("contraction", "averaging"):
        for form in exact.forms(rule, spec):
            e = form.expression(model)
            t = tidy(e)
            assert len(sp.sstr(t)) <= len(sp.sstr(e))
            syms = {s.name: s for s in e.free_symbols | t.free_symbols}
            for n in range(4, 14):
                for f in range(1, (n - 1) // 3 + 1):
                    for q in range(2 * f + 1, n - f + 1):
                        at = {syms[k]: v for k, v in (("n", n), ("f", f), ("q", q)) if k in syms}
                        assert e.subs(at) == t.subs(at), (rule, spec, model, n, f, q)


def test_median_prints_simplified():
    from avagree.cli.formula import tidy
    from avagree.proofs import exact

    text = {spec: [sp.sstr(tidy(fm.expression(m))) for fm in exact.forms("median", spec) for m in ("async", "sync")]
            for spec in ("contraction", "averaging")}
    assert text["contraction"] == ["Piecewise((1/2, (f + n <= q + 1) & Eq(q, 2*floor(q/2))), (1, True))",
                                   "Piecewise((1/2, (f <= 1) & Eq(n, 2*floor(n/2))), (1, True))"]
    assert text["averaging"] == ["(n - floor(q/2) - 1)/(-f + n)", "(n - floor(n/2) - 1)/(-f + n)"]
