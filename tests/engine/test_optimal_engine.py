"""Every front vertex of avagree.optimal, re-checked by the per-instance Z3 engine: avagree.smt.worst on
the vertex's rule string (lstat:...), over real-valued executions with no count model, gives exactly
the vertex's contraction factor and averaging error. The fast test covers f = 1, n = 5..7 (q = n - f and
sync); the slow one every admissible (n, f, q) with f <= 2, n <= 3f + 4, both models."""

import pytest

from avagree.algorithms.lstatistic import rule_string
from avagree.optimal import optimal
from avagree.smt import PROVED, worst


def grid(fs, all_q):
    for F in fs:
        for N in range(max(2, 2 * F + 1), 3 * F + 5):
            qs = range(max(1, 2 * F + 1), N - F + 1) if all_q else [N - F] if N - F >= 2 * F + 1 else []
            yield from ((N, F, Q, "async") for Q in qs)
            if N - F >= 2:
                yield N, F, N, "sync"


def _agree(cases):
    checked = 0
    for N, F, Q, model in cases:
        res = optimal(N, F, Q, model)
        assert res.verdict == "PROVED", (N, F, Q, model)
        for v in res.front.vertices:
            rule = rule_string(list(v.weights))
            for spec, want in (("contraction", v.contraction), ("averaging", v.averaging)):
                got = worst(rule, N, F, Q, model, spec=spec, timeout=300)
                assert got.verdict == PROVED and got.value == want, (rule, N, F, Q, model, spec, got.value, want)
                checked += 1
    return checked


def test_front_vertices_equal_z3_f1():
    cases = [(N, 1, Q, m) for N, _, Q, m in grid([1], all_q=False) if N >= 5]
    assert len(cases) == 6 and _agree(cases) == 12


def test_front_vertices_equal_z3_grid():
    assert _agree(grid([0, 1, 2], all_q=True)) >= 80
