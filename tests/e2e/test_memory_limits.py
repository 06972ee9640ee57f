"""Issue 26, "Memory" must-show: the oversized commands, each in its own process under a 2 GiB limit on
its address space (RLIMIT_AS), exit 2 at once with the size message, not an out-of-memory error
(``check cwtm --n 1000000000`` grew to 7 GB and died in z3 before the limits; ``fuzz`` at n = 10^5 raised
MemoryError; ``learn cwtm --n 2000`` passed 3 GB). A small run of each command needs well under the
limit (measured: under 0.5 GiB of address space each, numba and z3 loaded), so the limit is what an
accepted command must live within, and the control rows show it runs there."""

import os
import resource
import subprocess
import sys

import pytest

LIMIT = 2 * 2**30  # bytes of address space

OVERSIZED = {  # argv -> words of the one-line message
    "check": (["check", "cwtm", "--n", "1000000000", "--f", "1"], ["n <= 500", "avagree formula cwtm"]),
    "check-terms": (["check", "cwtm", "--n", "100000", "--f", "1", "--timeout", "5"], ["size limit"]),
    "worst": (["worst", "mda", "--n", "1000000000", "--f", "1"], ["n <= 500"]),
    "sweep": (["sweep", "cwtm", "--f", "1", "--n", "1..1000000000"], ["n <= 500"]),
    "fuzz": (["fuzz", "cwtm", "--n", "100000", "--f", "1"], ["n <= 2000"]),
    "fuzz-d": (["fuzz", "cwtm", "--n", "1000", "--f", "1", "--d", "100000"], ["cells"]),
    "optimal": (["optimal", "--n", "1000000000", "--f", "1"], ["at most 500"]),
    "simulate": (["simulate", "broadcast", "--n", "100000", "--f", "1"], ["n <= 64"]),
    "simulate-search": (["simulate", "broadcast", "--n", "100000", "--f", "1", "--search"], ["n <= 64"]),
    "learn": (["learn", "cwtm", "--n", "100000", "--f", "1"], ["n <= 1000"]),
    "learn-cells": (["learn", "cwtm", "--n", "1000", "--f", "1", "--d", "1000"], ["h q d"]),
    "learn-digits": (["learn", "--task", "digits", "--n", "100000", "--f", "1"], ["n <= 1000"]),
}

SMALL = {  # the same commands at a size they accept, under the same limit: they run
    "check": (["check", "cwtm", "--n", "5", "--f", "1"], 1),
    "fuzz": (["fuzz", "cwtm", "--n", "5", "--f", "1", "--d", "1", "--spec", "contraction", "--examples", "100"], 1),
    "simulate": (["simulate", "broadcast", "--n", "4", "--f", "1"], 0),
    "learn": (["learn", "cwtm", "--n", "7", "--f", "1", "--T", "4", "--seeds", "1"], 0),
}


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (LIMIT, LIMIT))


def _run(argv, cwd):
    env = {**os.environ, "PYTHONFAULTHANDLER": "0"}
    return subprocess.run([sys.executable, "-m", "avagree", *argv], capture_output=True, text=True, cwd=cwd,
                          env=env, preexec_fn=_limited, timeout=120)


@pytest.mark.parametrize("name", list(OVERSIZED))
def test_oversized_command_is_refused_within_the_memory_limit(name, tmp_path):
    argv, words = OVERSIZED[name]
    p = _run(argv, tmp_path)
    err = p.stderr.strip()
    assert p.returncode == 2, (p.returncode, err[-500:])
    assert "\n" not in err and "Traceback" not in err and "MemoryError" not in err, err[-500:]
    assert "limit" in err or "at most" in err, err
    for w in words:
        assert w in err, (w, err)
    assert not any(tmp_path.iterdir())  # refused before anything was written


@pytest.mark.parametrize("name", list(SMALL))
def test_an_accepted_run_fits_under_the_same_limit(name, tmp_path):
    argv, code = SMALL[name]
    p = _run(argv, tmp_path)
    assert p.returncode == code, p.stderr[-500:]
    assert "Traceback" not in p.stderr
