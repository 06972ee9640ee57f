"""The audit's job for Lemmas 6 and 7 in expectation (issue 27 item 6), registered in
:data:`avagree.audit.jobs.JOBS` as ``learn_expectation``."""

from __future__ import annotations

import time
from typing import Any

from avagree.audit import proof_checks
from avagree.audit.row import REFUTED, UNKNOWN, Row

#: a simulated interval counts against a bound only when its lower end exceeds the bound by this fraction of it
SIM_MARGIN = 0.05


def job_learn_expectation(lemma: str, claim: str, samples: int, seed: int = 0, exact: str | None = None,
                          **setup: Any) -> Row:
    """Lemma 6 or 7 in expectation on LEARN's step (:func:`avagree.sim.learn_expect.simulate_lemma`): the estimate
    of E[left - right] with its 99.9 % normal interval. UNKNOWN whenever the interval does not lie above 0 by
    :data:`SIM_MARGIN` of the bound; REFUTED only when it does and the proof check ``exact`` then shows the
    failure exactly; never CONFIRMED (a simulation is not a proof)."""
    from avagree.sim.learn_expect import simulate_lemma

    t0 = time.perf_counter()
    r = simulate_lemma(lemma, samples=samples, seed=seed, **setup)
    params = {k: r[k] for k in ("rule", "n", "f", "d", "t", "sigma", "noise", "samples", "seed")}
    est = (f"E lhs ~ {r['lhs_mean']:.4g}, bound ~ {r['bound_mean']:.4g} (alpha_t = {r['alpha_t']:.3g}, abar = "
           f"{r['abar']:.3g}{', C = ' + r['C'] if r['C'] else ''}); E[lhs - bound] ~ {r['z_mean']:.4g} in "
           f"[{r['z_low']:.4g}, {r['z_high']:.4g}] (99.9 %, {samples} samples, seed {seed})")
    how = (f"simulated: LEARN's step t = {r['t']} from a seeded theta_t, quadratic losses, Gaussian noise "
           f"({r['noise']}), {r['rule']} AVG against random deliveries and {r['attack']}")
    data = {k: r[k] for k in ("lhs_mean", "bound_mean", "z_mean", "z_low", "z_high")}
    if r["z_low"] > SIM_MARGIN * abs(r["bound_mean"]):
        chk = proof_checks.by_name(exact)() if exact else None
        if chk is not None and not chk.holds and not chk.undecided:
            return Row(claim, params, REFUTED, f"{est}: the interval lies above the bound by more than "
                       f"{SIM_MARGIN:.0%} of it; shown exactly by proof-{chk.name}: {chk.failures[0]}",
                       time.perf_counter() - t0, how, group="search", data=data)
        return Row(claim, params, UNKNOWN, f"{est}: above the bound, not shown exactly", time.perf_counter() - t0,
                   how, group="search", data=data)
    where = "below the bound" if r["z_high"] < 0 else "not clearly above the bound"
    return Row(claim, params, UNKNOWN, f"{est}: {where}; a simulation is not a proof", time.perf_counter() - t0, how,
               group="search", data=data)
