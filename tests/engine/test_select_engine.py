"""select's closed forms (proofs/exact_select.py) against the per-instance Z3 engine: avagree.smt.worst on plain
``select`` (which takes the derived step n - q + f from n), over real-valued executions with no count model,
gives exactly the closed form. Fast: f = 1, a few points. Slow: contraction on f = 1..3, 3f + 1 <= n <= 3f + 6,
every 2f + 1 <= q <= n - f and q = n (81 points); averaging on f = 1, n = 4..8 and f = 2, n = 7..9 (every
2f + 1 <= q <= n - f), and q = n for f = 1, n = 3..8 and f = 2, n = 5..9 (32 points)."""

from avagree.proofs import exact_select as es
from avagree.smt import PROVED, worst


def _agree(cases):
    for N, F, Q, model, spec in cases:
        got = worst("select", N, F, Q, model, spec=spec, timeout=300)
        want = es.SELECT[spec].at(N, F, Q, model)
        assert got.verdict == PROVED and got.value == want, (N, F, Q, model, spec, got.value, want)
        assert got.scope["rule"] == f"select:k={max(1, N - Q + F)}"
    return len(cases)


def test_worst_equals_the_closed_forms_f1():
    cases = [(5, 1, 4, "async", "contraction"), (6, 1, 4, "async", "contraction"), (6, 1, 6, "sync", "contraction"),
             (4, 1, 3, "async", "averaging"), (5, 1, 4, "async", "averaging"), (6, 1, 6, "sync", "averaging")]
    assert _agree(cases) == 6


def test_worst_equals_the_closed_forms_grid():
    cases = [(N, F, Q, "async", "contraction") for F in (1, 2, 3) for N in range(3 * F + 1, 3 * F + 7)
             for Q in range(2 * F + 1, N - F + 1)]
    cases += [(N, F, N, "sync", "contraction") for F in (1, 2, 3) for N in range(3 * F + 1, 3 * F + 7)]
    cases += [(N, F, Q, "async", "averaging") for F, ns in ((1, range(4, 9)), (2, range(7, 10)))
              for N in ns for Q in range(2 * F + 1, N - F + 1)]
    cases += [(N, F, N, "sync", "averaging") for F, ns in ((1, range(3, 9)), (2, range(5, 10))) for N in ns]
    assert _agree(cases) == 113
