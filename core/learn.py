"""LEARN (paper section 4.2, Algorithm 1) simulated on the Theorem 2 instance.

Local losses L_j(theta) = 1/2 ||theta - x_j||^2 (so L = 1, K = Delta_2(x), and
grad L_bar(theta) = theta - mean(x)); gradients carry Gaussian noise of total
variance sigma_t^2. Each honest node: gamma = AVG_{ceil(log2 t)}(g),
theta_{t+1/2} = theta - eta gamma, theta_{t+1} = AVG_1(theta_{t+1/2}), where AVG_k
runs a registry rule for the paper's N(k) rounds (avagree.proofs; k rounds for
rules the paper does not iterate) and every aggregation round faces a fresh
adversary. The run returns, for a time drawn
uniformly as in Algorithm 1, ||grad L_bar||^2 averaged over the honest nodes and
Delta_2(theta)^2, to compare with (1 + delta)^2 C^2 K^2 and delta^2 (Theorem 1).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from .adversaries.attacks import ATTACKS
from .algorithms.iterated import ITERATED, iterations
from .aggregate import model_rule
from .diameters import diameter_pow
from .model import Params, Round, execute, make_delivery


@dataclass
class LearnRun:
    grad_sq: float  # mean over honest nodes of ||theta_j - mean(x)||^2 at the drawn time
    disagreement_sq: float  # Delta_2(theta)^2 at the drawn time
    last_grad_sq: float
    last_disagreement_sq: float
    aggregation_rounds: int


def _rounds(rule: str, p: Params, k: int) -> int:
    """N(k) from the paper for the rules it iterates; k rounds for the others."""
    if k <= 0:
        return 0
    return iterations(rule, p, k) if rule in ITERATED else k


def _adversary(rng: np.random.Generator, p: Params, attack: str):
    def make(s: int, fam: np.ndarray) -> Round:
        dl = []
        for j in range(p.h):
            if p.model == "sync":
                honest = list(range(p.h))
            else:
                others = rng.choice([k for k in range(p.h) if k != j], size=p.q - p.f - 1, replace=False).tolist()
                honest = [j, *others]
            byz = ATTACKS[attack](fam[honest], p.f, rng) if p.f else []
            dl.append(make_delivery(honest, byz, p.d))
        return Round(tuple(dl))

    return make


def run_learn(rule: str, n: int, f: int, q: int | None = None, *, model: str = "async", d: int = 5, delta: float = 0.5,
              T: int = 64, sigma0: float = 0.1, attack: str = "alie", seed: int = 0, targets: Any = None) -> LearnRun:
    q = (n if model == "sync" else n - f) if q is None else q
    p = Params(n, f, q, d, model)
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((p.h, d)) if targets is None else np.asarray(targets, dtype=float)
    eta = delta / 12.0  # L = 1
    theta = np.zeros((p.h, d))
    fn = model_rule(rule)
    adv = _adversary(rng, p, attack)
    star = int(rng.integers(1, T + 1))
    record = None
    agg_rounds = 0
    for t in range(1, T + 1):
        sigma_t = sigma0 / math.sqrt(t)
        g = theta - x + rng.standard_normal((p.h, d)) * sigma_t / math.sqrt(d)
        k = math.ceil(math.log2(t)) if t > 1 else 0
        N = _rounds(rule, p, k)
        gamma = execute(fn, p, g, adv, rounds=N).outputs if N else g
        half = theta - eta * gamma
        N1 = _rounds(rule, p, 1)
        theta = execute(fn, p, half, adv, rounds=N1).outputs
        agg_rounds += N + N1
        if t == star:
            record = theta.copy()
    mean_x = x.mean(axis=0)

    def metrics(th: np.ndarray) -> tuple[float, float]:
        return float(((th - mean_x) ** 2).sum(axis=1).mean()), float(diameter_pow(th, 2))

    g_star, d_star = metrics(record)
    g_last, d_last = metrics(theta)
    return LearnRun(g_star, d_star, g_last, d_last, agg_rounds)


def learn_report(rule: str, n: int, f: int, q: int | None = None, *, model: str = "async", d: int = 5,
                 delta: float = 0.5, T: int = 64, seeds: int = 5, attack: str = "alie") -> dict[str, Any]:
    """Theorem 1 on the Theorem 2 instance: averages over seeds against the claimed bounds."""
    from .proofs import constants

    from .model import check_int

    check_int("seeds", seeds, minimum=1)
    check_int("T", T, minimum=1)
    check_int("d", d, minimum=1)
    if not 0 < delta < 3:
        from .errors import ParameterError

        raise ParameterError("delta", delta, "Theorem 1 needs 0 < delta < 3")
    if attack not in ATTACKS:
        from .errors import ParameterError

        raise ParameterError("attack", attack, f"must be one of {', '.join(ATTACKS)}")
    q = (n if model == "sync" else n - f) if q is None else q
    C = None
    if rule in ITERATED:
        c = constants(ITERATED[rule], n, f, q, model)
        C = float(c.averaging_constant) if c.feasible and c.averaging_constant is not None else None
    runs, k2 = [], []
    for s in range(seeds):
        rng = np.random.default_rng(s)
        x = rng.standard_normal((n - f, d))
        k2.append(float(diameter_pow(x, 2)))
        runs.append(run_learn(rule, n, f, q, model=model, d=d, delta=delta, T=T, attack=attack, seed=s, targets=x))
    K2 = float(np.mean(k2))
    out = {"rule": rule, "n": n, "f": f, "q": q, "model": model, "d": d, "delta": delta, "T": T, "seeds": seeds,
           "attack": attack, "C": C, "K2_mean": K2,
           "E_grad_sq": float(np.mean([r.grad_sq for r in runs])),
           "E_disagreement_sq": float(np.mean([r.disagreement_sq for r in runs])),
           "last_grad_sq": float(np.mean([r.last_grad_sq for r in runs])),
           "bound_grad_sq": None if C is None else (1 + delta) ** 2 * C**2 * K2,
           "bound_disagreement_sq": delta**2, "aggregation_rounds": runs[0].aggregation_rounds}
    out["grad_ratio_to_CK2"] = None if C is None else out["E_grad_sq"] / (C**2 * K2)
    return out
