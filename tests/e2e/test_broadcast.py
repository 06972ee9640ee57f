"""The broadcast-based protocol (section 6) simulated: Bracha's guarantees, the
witness overlap, halving per iteration, and 2 sqrt(h)-averaging."""

import numpy as np
import pytest

from avagree import ParameterError
from avagree.sim.broadcast import BEHAVIOURS, run_iteration, simulate


@pytest.mark.parametrize("n, f", [(4, 1), (7, 2), (10, 3), (13, 4)])
@pytest.mark.parametrize("byz", BEHAVIOURS)
def test_theorem6_in_simulation(n, f, byz):
    r = simulate(n, f, d=2, byzantine=byz, seed=n + f)
    assert r["min_common"] >= r["q"]  # witnesses: any two honest nodes share q values
    assert r["halving_holds"], r["per_iteration"]  # exact: worst ratio <= 1/2 as a rational
    assert r["agreement_holds"] and r["final_diameter_ratio"] <= r["agreement_target"]
    assert r["averaging_holds"] and r["averaging_error_ratio"] <= r["averaging_constant"]
    assert r["iterations"] == 1 + int(np.ceil(np.log2(n - f)))


@pytest.mark.parametrize("f", [1, 2, 3])
@pytest.mark.parametrize("k", [3, 6])  # n = 3f + 1 and n = 6f + 1, the ends of Theorem 6's range
def test_witness_adversary_makes_halving_tight(f, k):
    """Byzantine reports let h - f nodes stop with exactly n - f collected values
    while the rest collect n: the overlap is exactly q and, from the second
    iteration on, every iteration halves the cw-diameter exactly (no slack)."""
    n = k * f + 1
    r = simulate(n, f, d=2, byzantine="witness", inputs="clustered", seed=f)
    assert r["min_common"] == n - f
    assert r["max_cw_ratio_exact"] == "1/2"
    assert all(row["cw_ratio"] == 0.5 for row in r["per_iteration"][1:])
    assert r["halving_holds"]


def test_witness_collected_sets_differ():
    x = np.array([[0.0], [0.01], [1.0]])  # n = 4, f = 1: nodes 0, 1 short, node 2 full
    r = run_iteration(x, 4, 1, byzantine="witness", late={(2, 0), (2, 1)},
                      late_reports={(k, 2) for k in range(4)}, byz_report=(0, 1, 3))
    assert r.collected == [{0, 1, 3}, {0, 1, 3}, {0, 1, 2, 3}]
    assert r.outputs[:, 0].tolist() == [0.01, 0.01, (0.01 + 1.0) / 2]  # median of 3 vs middle of 4


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
    with pytest.raises(ParameterError, match="byzantine"):
        simulate(4, 1, byzantine="nonsense")
    with pytest.raises(ParameterError, match="inputs"):
        simulate(4, 1, inputs="uniform")
