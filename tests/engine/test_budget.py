"""Deterministic budgets (issue 18): the same question with the same budget gets the same
verdict, value, spent units and witness whatever the machine's load and whatever ran
before; the wall-clock limit is only an outer limit, and its end is UNKNOWN naming the step."""

import json
import os
import subprocess
import sys
from contextlib import contextmanager
from fractions import Fraction

import pytest
import z3

import avagree
from avagree.errors import ParameterError
from avagree.smt import UNKNOWN, decide, worst
from avagree.smt.budget import Budget, check_rlimit
from avagree.smt.limits import DEFAULT_RLIMIT, SEED

BUSY = "while True:\n    pass\n"


@contextmanager
def busy_machine(processes: int = 2):
    """Keep the machine busy with ``processes`` spinning Python processes (ended by their own ids)."""
    procs = [subprocess.Popen([sys.executable, "-c", BUSY]) for _ in range(processes)]
    try:
        yield
    finally:
        for p in procs:
            p.kill()
            p.wait()


def _pigeonhole(n: int, ctx: z3.Context | None = None) -> list:
    xs = [z3.Int(f"x{i}", ctx) for i in range(n)]
    return [z3.Distinct(xs)] + [z3.And(x >= 0, x < n - 1) for x in xs]


def test_z3_rlimit_is_per_check_and_its_count_per_context():
    """What the budgets rest on (z3 5.4): a solver's rlimit is counted from the start of its check, and the
    'rlimit count' statistic grows over the whole context, so a check's spending is a difference."""
    counts = []
    ctx = z3.Context()  # a context of its own: the count starts at 0 whatever ran before in this process
    for _ in range(2):
        s = z3.Solver(ctx=ctx)
        s.set("rlimit", 50_000)
        s.add(_pigeonhole(9, ctx))
        assert s.check() == z3.unknown
        counts.append(int(s.statistics().get_key_value("rlimit count")))
    assert 50_000 <= counts[0] < 60_000 and 50_000 <= counts[1] - counts[0] < 60_000


def test_a_run_does_not_depend_on_what_ran_before():
    first = decide("mda", 8, 2, 6, ties="first", timeout=None)
    worst("cwtm", 6, 1, 5, timeout=None)
    decide("cwtm", 8, 1, 7, timeout=None)
    again = decide("mda", 8, 2, 6, ties="first", timeout=None)
    assert first.units > 0 and (again.verdict, again.units) == (first.verdict, first.units)
    assert again.witness.to_json() == first.witness.to_json()


def _questions() -> list:
    """Bounded questions: an exact worst case, and a check whose budget runs out."""
    w = worst("mda", 7, 1, 6, ties="first", rlimit=10**8, timeout=None)
    c = decide("mda", 13, 2, 11, ties="first", rlimit=2_000_000, timeout=None)
    return [(r.verdict, r.reason, r.units) for r in (w, c)] + [w.value]


def test_same_budget_same_answers_on_an_idle_and_a_busy_machine():
    """The same bounded questions alone and with two spinning processes on the machine:
    the same verdicts, values, reasons and units spent."""
    idle = _questions()
    with busy_machine():
        busy = _questions()
    assert busy == idle
    assert idle[-1] == Fraction(4, 5) and idle[1][0] == UNKNOWN


def _bounds() -> tuple:
    # 3/4 exactly (the d = 1 supremum is proved an upper bound in the plane by the projection relaxation, in
    # 232 387 units; before it: [3/4, 313/400] at 24e6 units, only [3/4, 1] at 12e6)
    r = worst("mda", 5, 1, 5, "sync", d=2, rlimit=24_000_000, timeout=None)
    return r.verdict, r.lower, r.upper, r.units, r.reason


def test_same_budget_same_planar_interval_on_an_idle_and_a_busy_machine():
    """A bisection in the plane (steps and skeletons get shares of the budget, the split that was
    by wall clock before issue 18) alone and with two spinning processes: the same interval."""
    idle = _bounds()
    with busy_machine():
        busy = _bounds()
    assert busy == idle
    assert idle[0] == "PROVED" and idle[1] == idle[2] == Fraction(3, 4)


def test_a_budget_that_runs_out_is_unknown_with_its_units():
    r = decide("mda", 13, 2, 11, ties="first", rlimit=2_000_000, timeout=None)
    assert r.verdict == UNKNOWN and "budget" in r.reason and "2000000" in r.reason
    assert 2_000_000 <= r.units < 2_200_000 and r.scope["rlimit"] == 2_000_000


def test_wall_clock_end_is_unknown_and_names_the_step():
    r = decide("mda", 19, 3, 16, timeout=0.05)
    # issue 26: the limit holds from the first second, so it may end the run while the formula is built
    assert r.verdict == UNKNOWN and "wall-clock" in r.reason and ("'the d = 1 check'" in r.reason or "'building the formula" in r.reason)
    g = worst("mda", 13, 2, 11, d=2, timeout=0.5)  # its d = 1 lower bound alone takes seconds (n = 7 is now ~1 s in all)
    assert g.verdict == UNKNOWN and "wall-clock" in g.reason and "step '" in g.reason
    assert "proved so far: " in g.reason and "None" not in g.reason  # what was shown, in words


def test_scope_records_budget_seed_and_z3_version():
    for r in (decide("cwtm", 6, 1, 5, rlimit=10**8), worst("cwtm", 6, 1, 5, rlimit=10**8),
              decide("mda", 5, 1, 4, d=2, rlimit=10**8)):
        assert r.scope["rlimit"] == 10**8 and r.scope["seed"] == SEED and r.scope["z3"] == z3.get_full_version()
        assert 0 < r.units <= 10**8
        assert json.loads(json.dumps(r.as_json(), default=str))["scope"]["rlimit"] == 10**8
    assert decide("cwtm", 6, 1, 5).scope["rlimit"] == DEFAULT_RLIMIT


@pytest.mark.parametrize("bad", [0, -1, 1.5, True, "7", 2**63])
def test_bad_budgets_are_refused(bad):
    with pytest.raises(ParameterError, match="rlimit"):
        check_rlimit(bad)
    with pytest.raises(ParameterError, match="rlimit"):
        decide("cwtm", 6, 1, 5, rlimit=bad)


def test_a_part_never_exceeds_what_is_left():
    b = Budget(100)
    p = b.part(80)
    p._charge(80)
    assert (b.left, p.left, b.part(50).total) == (20, 0, 20)


def _witness_bytes(args: list[str], tmp, hashseed: str) -> bytes:
    """Run the CLI in a fresh process (its own hash seed) and return the bytes of the one witness it saved
    (a witness records no timing, so two runs must save the same file byte for byte)."""
    out = tmp / hashseed
    env = {**os.environ, "PYTHONHASHSEED": hashseed}
    subprocess.run([sys.executable, "-m", "avagree", *args, "--out", str(out)], env=env, capture_output=True,
                   text=True, timeout=300)
    (path,) = out.glob("*.json")
    raw = path.read_bytes()
    assert json.loads(raw)["found_by"]
    return raw


@pytest.mark.parametrize("args", [
    ["check", "mda", "--n", "8", "--f", "2", "--ties", "first", "--rlimit", "100000000"],  # Z3
    ["fuzz", "mean", "--n", "5", "--f", "1", "--seed", "3", "--examples", "50", "--spec", "contraction"],  # oracle
], ids=["z3", "oracle"])
def test_same_seed_and_budget_give_the_same_witness(args, tmp_path):
    a = _witness_bytes(args, tmp_path, "1")
    b = _witness_bytes(args, tmp_path, "2")
    assert a == b and b"measured" in a


def test_api_oracle_same_seed_same_witness():
    one = avagree.check("median", 7, 1, d=1, specs=["strict-contraction"], examples=300, seed=5)
    two = avagree.check("median", 7, 1, d=1, specs=["strict-contraction"], examples=300, seed=5)
    w1, w2 = one.results[0].witness, two.results[0].witness
    assert w1 is not None and w1.to_json() == w2.to_json()


def test_audit_rows_carry_their_budget():
    from avagree.audit.claims import select
    from avagree.audit.jobs import run_job

    claim = next(c for c in select(True) if c.id == "lemma12-z3-mda-n7-f1-async")
    row = run_job(claim.job(None, None, True, 5 * 10**7))
    assert row.data["rlimit"] == 5 * 10**7 and 0 < row.data["units"] <= 5 * 10**7
    assert row.data["z3"] == "PROVED" and row.data["z3_version"] == z3.get_full_version()  # the verdict keeps its key
    assert "budget 50000000 z3 units" in row.scope and row.verdict == claim.expected
