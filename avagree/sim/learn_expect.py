"""Lemmas 6 and 7 in expectation, simulated (issue 27 item 6): one step of LEARN (Algorithm 1)
from a fixed family theta_t, on the quadratic losses 1/2 ||theta - x_j||^2 (L = 1, K = Delta_2(x)),
with Gaussian gradient noise of total variance sigma_t^2 per node, repeated over many seeded
samples of the noise and of AVG's adversary.

Each sample gives Z = (the lemma's left-hand side) - (its right-hand side), where a right-hand
side that contains E Delta_2(g_t)^2 (Lemma 7) is linear in it, so the sample's own
Delta_2(g_t)^2 stands in for it and E Z is exactly "left minus right". The lemma says E Z <= 0.
The report is the sample mean of Z with a normal interval; a simulation is never a proof, so
the audit's row stays UNKNOWN unless the interval lies above 0 by a stated margin and the
failure is then shown exactly (:mod:`avagree.audit.jobs`). The bounds are read from
:mod:`avagree.proofs.learn` (eqs. 40 and 50).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import sympy as sp

from avagree.model.diameters import diameter_pow
from avagree.model.execution import Params
from avagree.proofs import constants
from avagree.proofs import learn as lr
from avagree.proofs.symbols import h as h_sym, t as t_sym
from avagree.sim.iterated import ITERATED
from avagree.sim.learn import make_avg

#: two-sided normal quantile of the reported interval (99.9 %)
Z_999 = 3.29


def simulate_lemma(lemma: str, rule: str = "mda", n: int = 7, f: int = 1, d: int = 5, t: int = 4, sigma: float = 0.5,
                   delta: float = 0.5, samples: int = 600, seed: int = 0, noise: str = "independent",
                   spread: float = 1.0, theta_spread: float = 0.1, attack: str = "alie") -> dict[str, Any]:
    """Sample mean and interval of Z for ``lemma`` ("6" or "7") at step ``t``. ``noise``: "independent"
    (each node its own N(0, sigma^2/d I)) or "common" (one draw shared by every node: still zero mean with
    E||xi_j||^2 = sigma^2, as Assumption 3 asks, but correlated). ``spread``: the targets x_j are
    ``spread`` times standard normal (0: equal losses, K = 0); ``theta_spread``: the same for theta_t
    around 0 (0: the nodes agree)."""
    if lemma not in ("6", "7") or noise not in ("independent", "common"):
        raise ValueError(f"lemma {lemma!r}, noise {noise!r}")
    p = Params(n, f, n - f, d, "async")
    H = p.h
    rng = np.random.default_rng(seed)
    x = spread * rng.standard_normal((H, d))
    theta = theta_spread * rng.standard_normal((H, d))
    eta = float(lr.eta_value(delta, 1, corrected=False))  # Algorithm 1: delta/(12 L), L = 1
    alpha_t = max(1 / math.sqrt(t), sigma)
    abar = max(1.0, sigma)  # sigma_bar = sigma: the schedule is constant here
    C = constants(ITERATED[rule], n, f, p.q).averaging_constant if lemma == "7" else None
    vals = {lr.K: sp.sqrt(sp.nsimplify(float(diameter_pow(x, 2)))), lr.L: 1, h_sym: H, lr.sigma: sp.nsimplify(sigma),
            lr.alpha: sp.nsimplify(alpha_t), lr.abar: sp.nsimplify(abar), lr.Dth: sp.nsimplify(float(diameter_pow(theta, 2))),
            lr.eta: sp.nsimplify(eta), t_sym: t, lr.C: sp.nsimplify(C) if C is not None else 0}
    rhs = lr.LEMMA6_RHS if lemma == "6" else lr.LEMMA7_RHS
    slope = float(sp.diff(rhs, lr.Dg).subs(vals)) if lemma == "7" else 0.0
    const = float(rhs.subs(lr.Dg, 0).subs(vals))
    avg = make_avg(rule, p, attack, rng) if lemma == "7" else None
    k = math.ceil(math.log2(t)) if t > 1 else 0
    lhs, dg2, zs = [], [], []
    for _ in range(samples):
        if noise == "common":
            xi = np.repeat(rng.standard_normal((1, d)), H, axis=0) * (sigma / math.sqrt(d))
        else:
            xi = rng.standard_normal((H, d)) * (sigma / math.sqrt(d))
        g = theta - x + xi
        dg = float(diameter_pow(g, 2))
        if lemma == "6":
            value = dg
        else:
            gamma, _ = avg(g, k)
            nxt, _ = avg(theta - eta * gamma, 1)
            G_bar = -(nxt.mean(axis=0) - theta.mean(axis=0)) / eta
            value = float(((G_bar - (theta.mean(axis=0) - x.mean(axis=0))) ** 2).sum())
        lhs.append(value)
        dg2.append(dg)
        zs.append(value - slope * dg - const)
    z = np.asarray(zs)
    mean, se = float(z.mean()), float(z.std(ddof=1) / math.sqrt(samples)) if samples > 1 else float("inf")
    bound = const + slope * float(np.mean(dg2))
    return {"lemma": lemma, "rule": rule, "n": n, "f": f, "h": H, "d": d, "t": t, "sigma": sigma, "eta": eta,
            "alpha_t": alpha_t, "abar": abar, "C": None if C is None else str(C), "noise": noise, "spread": spread,
            "theta_spread": theta_spread, "samples": samples, "seed": seed, "attack": attack,
            "lhs_mean": float(np.mean(lhs)), "bound_mean": bound, "z_mean": mean,
            "z_low": mean - Z_999 * se, "z_high": mean + Z_999 * se}
