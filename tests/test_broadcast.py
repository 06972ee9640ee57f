"""The broadcast-based protocol (section 6) simulated: Bracha's guarantees, the
witness overlap, halving per iteration, and 2 sqrt(h)-averaging."""

import numpy as np
import pytest

from avagree import ParameterError
from avagree.broadcast import run_iteration, simulate


@pytest.mark.parametrize("n, f", [(4, 1), (7, 2), (10, 3), (13, 4)])
@pytest.mark.parametrize("byz", ["equivocate", "silent", "extreme", "low"])
def test_theorem6_in_simulation(n, f, byz):
    r = simulate(n, f, d=2, byzantine=byz, seed=n + f)
    assert r["min_common"] >= r["q"]  # witnesses: any two honest nodes share q values
    assert r["halving_holds"], r["per_iteration"]
    assert r["final_diameter_ratio"] <= r["agreement_target"]
    assert r["averaging_error_ratio"] <= r["averaging_constant"]
    assert r["iterations"] == 1 + int(np.ceil(np.log2(n - f)))


@pytest.mark.parametrize("seed", range(5))
def test_equivocation_never_delivers_two_values(seed):
    x = np.random.default_rng(seed).standard_normal((5, 2))
    r = run_iteration(x, 7, 2, byzantine="equivocate", seed=seed)
    for sender in range(7):
        seen = {vals[sender] for vals in r.values if sender in vals}
        assert len(seen) <= 1, (sender, seen)  # Bracha: one value per sender among honest nodes
    for j in range(5):
        for k in range(5):
            if k in r.values[j]:
                assert r.values[j][k] == tuple(x[k].tolist())  # honest values arrive unaltered (authenticated)
    lo, hi = x.min(axis=0), x.max(axis=0)
    assert ((r.outputs >= lo) & (r.outputs <= hi)).all()


def test_too_few_nodes_rejected():
    with pytest.raises(ParameterError, match="3f \\+ 1"):
        simulate(6, 2)
