"""pytest plugin (registered as ``avagree`` through the ``pytest11`` entry point).

Fixture ``avagree_check``: run the oracle on a rule and fail the test when a
spec is violated, with the falsifying execution (shrunk; the worst receiver's
inputs and output, exactly), the saved witness and the line that replays it::

    def test_my_rule(avagree_check):
        avagree_check(my_rule, n=7, f=1, specs=["contraction", "quasi-unanimity-own"])

``rule`` is anything :func:`avagree.check` takes: a function, a rule object
(``TrMean(f=2)``), ``"module:function"``, ``"module:Class(f=2)"`` or a registry
name. Witnesses go to the test's own ``tmp_path`` (pytest keeps the last three
runs' folders), or to ``--avagree-out DIR``.

Options: ``--avagree-examples K`` (executions per spec), ``--avagree-seed S``,
``--avagree-out DIR``. Disable with ``-p no:avagree``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("avagree")
    group.addoption("--avagree-examples", type=int, default=None, help="executions per spec for avagree_check")
    group.addoption("--avagree-seed", type=int, default=None, help="seed for avagree_check")
    group.addoption("--avagree-out", default=None, metavar="DIR",
                    help="folder for the witnesses of failed avagree_check calls (default: the test's tmp_path)")


@pytest.fixture
def avagree_check(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Any]:
    """``avagree_check(rule, n, f, q=None, **kw)``: :func:`avagree.check`, failing the test on a violation."""
    from avagree.oracle.engine import check

    examples = request.config.getoption("--avagree-examples")
    seed = request.config.getoption("--avagree-seed")
    out = request.config.getoption("--avagree-out")

    def run(rule: Any, n: int, f: int, q: int | None = None, **kw: Any):
        __tracebackhide__ = True  # the failure is in the user's rule, not in these frames
        if examples is not None:
            kw.setdefault("examples", examples)
        if seed is not None:
            kw.setdefault("seed", seed)
        save_dir = kw.pop("save_dir", None)
        report = check(rule, n, f, q, **kw)
        if not report.ok:
            folder = save_dir or out or tmp_path_factory.mktemp(_safe(request.node.name), numbered=True)
            report.save(Path(folder))
            pytest.fail(report.failure_text(), pytrace=False)
        return report

    return run


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in name)[:40] or "avagree"
