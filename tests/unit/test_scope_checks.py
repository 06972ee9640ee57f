"""Assumption 6's example at eps = 1/12 with its q-inequality, and N_ICwTM against n (issue 15, section 7)."""

from __future__ import annotations

from fractions import Fraction

from avagree.audit.tables import constants_table
from avagree.proofs import scope_checks
from avagree.proofs.symbols import f


def _meets(n: int, F: int) -> bool:
    """eps = 1/12, q = n - f, by hand: n >= 4(5/6)/(2/3) f + 1 = 5f + 1 and h >= 2h/3 + 2f + 1/2."""
    h = n - F
    return n >= 5 * F + 1 and Fraction(h) >= Fraction(2, 3) * h + 2 * F + Fraction(1, 2)


def test_smallest_n_at_eps_1_12():
    sym = scope_checks.smallest_n_eps_1_12("async")
    assert sym["n"] == 5 * f + 1 and sym["both"] == 7 * f + 2
    for F in (1, 2, 5):
        smallest = next(n for n in range(F + 1, 20 * F) if _meets(n, F))
        assert smallest == sym["both"].subs(f, F) == 7 * F + 2
    assert scope_checks.smallest_n_eps_1_12("sync")["both"] == 5 * f + 1


def test_assumption6_example_q_is_refuted_with_7f_plus_2():
    c = scope_checks.check_assumption6_example_q()
    assert not c.holds and c.failures[0] == "f=1: smallest n is 9, not 5f+1 = 6" and "7*f + 2" in c.note


def test_n_icwtm_goes_up_from_14_to_19():
    ups = {(n, a.iterations, b.iterations) for n, a, b in scope_checks.n_icwtm_increases(1, 1, 7)}
    assert (6, 14, 19) in ups  # the numbers of issue 15
    c = scope_checks.check_n_icwtm_monotone()
    assert not c.holds and c.failures[0].startswith("f=1 t=1: N_ICwTM = 14 at n=6, 19 at n=7")


def test_constants_table_marks_the_rise():
    lines = [line for line in constants_table(max_f=1, worst_upto_f=0) if line.startswith("| cwtm | 1 | 7 | 6 |")]
    assert len(lines) == 1 and "| 19 (up from 14 at n = 6) |" in lines[0]
