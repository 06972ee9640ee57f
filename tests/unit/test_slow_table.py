"""The slow-test table of tests/conftest.py fails a run when an entry names a test that
no longer exists (a renamed test would otherwise silently join the fast run)."""

import importlib.util
from pathlib import Path

import pytest

_spec = importlib.util.spec_from_file_location("avagree_tests_conftest", Path(__file__).resolve().parents[1] / "conftest.py")
conftest = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(conftest)

IDS = ["tests/unit/test_a.py::test_x[1]", "tests/unit/test_a.py::test_y", "tests/e2e/test_b.py::test_z"]


@pytest.mark.parametrize("entry, stale", [
    ("tests/unit/test_a.py::test_x", False),       # a prefix of a parametrised test
    ("tests/unit/test_a.py::test_gone", True),     # its file was collected, the test was not
    ("tests/e2e/", False),                         # a folder
    ("tests/unit/test_other.py::test_q", False),   # a file not collected in this run: cannot tell
    ("tests/quality/", False),
])
def test_stale_entries(entry, stale):
    assert conftest.stale_slow_entries(IDS, {entry: "why"}) == ([entry] if stale else [])


def test_the_real_table_matches_the_suite(request):
    """Every entry of SLOW matches a collected test of the session (when the whole suite is collected)."""
    ids = [item.nodeid for item in request.session.items]
    if not any(i.startswith("tests/e2e/") for i in ids) or not any(i.startswith("tests/engine/") for i in ids):
        pytest.skip("only part of the suite was collected")
    assert conftest.stale_slow_entries(ids) == []
