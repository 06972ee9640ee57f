"""pytest plugin (registered as ``avagree`` through the ``pytest11`` entry point).

Fixture ``avagree_check``: run the oracle on a rule and fail the test when a
spec is violated, with the falsifying execution (shrunk; the worst receiver's
inputs and output, exactly), the saved witness and the line that replays it::

    def test_my_rule(avagree_check):
        avagree_check(my_rule, n=7, f=1, specs=["contraction", "quasi-unanimity-own"])

``rule`` is anything :func:`avagree.check` takes: a function, a rule object
(``TrMean(f=2)``), ``"module:function"``, ``"module:Class(f=2)"`` or a registry
name. Witnesses go to ``avagree-out/witnesses/`` under pytest's root directory
(the folder gets a ``.gitignore``), or to ``--avagree-out DIR``; that folder is
also the database of saved witnesses (as Hypothesis's example database): before
any search, the witnesses of the rule under test there are replayed, and one
that still reproduces fails the test at once with the old witness. A fixed rule
passes them and is searched as usual; its witnesses are kept, so a regression
fails again at once. ``avagree_check(..., database=None)`` skips them.

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
                    help="folder for the witnesses of failed avagree_check calls, replayed first on the next run "
                         "(default: avagree-out/witnesses under pytest's root directory)")


@pytest.fixture
def avagree_check(request: pytest.FixtureRequest) -> Callable[..., Any]:
    """``avagree_check(rule, n, f, q=None, **kw)``: :func:`avagree.check`, failing the test on a violation
    (or a rule that raises); the saved witnesses of the rule are replayed first."""
    from avagree.harness.outputs import WITNESS_DIR, output_dir
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
        folder = Path(kw.pop("save_dir", None) or out or request.config.rootpath / WITNESS_DIR)
        kw.setdefault("database", folder)
        report = check(rule, n, f, q, **kw)
        if not report.ok:
            with output_dir(folder):
                report.save(folder)
            pytest.fail(report.failure_text(), pytrace=False)
        return report

    return run
