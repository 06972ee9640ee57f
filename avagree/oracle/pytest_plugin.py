"""pytest plugin (registered as ``avagree`` through the ``pytest11`` entry point).

Fixture ``avagree_check``: run the oracle on a rule and fail the test with the
readable report when a spec is violated::

    def test_my_rule(avagree_check):
        avagree_check(my_rule, n=7, f=1, specs=["contraction", "quasi-unanimity-own"])

Options: ``--avagree-examples K`` (executions per spec), ``--avagree-seed S``.
Disable with ``-p no:avagree``.
"""

from __future__ import annotations

from typing import Any, Callable

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("avagree")
    group.addoption("--avagree-examples", type=int, default=None, help="executions per spec for avagree_check")
    group.addoption("--avagree-seed", type=int, default=None, help="seed for avagree_check")


@pytest.fixture
def avagree_check(request: pytest.FixtureRequest) -> Callable[..., Any]:
    from avagree.oracle.engine import check

    examples = request.config.getoption("--avagree-examples")
    seed = request.config.getoption("--avagree-seed")

    def run(rule: Any, n: int, f: int, q: int | None = None, **kw: Any):
        if examples is not None:
            kw.setdefault("examples", examples)
        if seed is not None:
            kw.setdefault("seed", seed)
        report = check(rule, n, f, q, **kw)
        if not report.ok:
            pytest.fail(str(report), pytrace=False)
        return report

    return run
