"""LEARN (paper section 4.2, Algorithm 1): its loop (:func:`algorithm1`, shared
with the digits task in :mod:`avagree.sim.digits`), AVG_k against a fresh adversary
(:func:`make_avg`), and the Theorem 2 instance.

Local losses L_j(theta) = 1/2 ||theta - x_j||^2 (so L = 1, K = Delta_2(x), and
grad L_bar(theta) = theta - mean(x)); gradients carry Gaussian noise of total
variance sigma_t^2. Each honest node: gamma = AVG_{ceil(log2 t)}(g),
theta_{t+1/2} = theta - eta gamma, theta_{t+1} = AVG_1(theta_{t+1/2}), where AVG_k
runs a registry rule for the paper's N(k) rounds (avagree.proofs; k rounds for
rules the paper does not iterate) and every aggregation round faces a fresh
adversary; eta = delta/(32 L) from avagree.proofs (Algorithm 1 writes delta/(12 L),
with which Theorem 1's proof only gives (1 + 16 delta/3) C^2 K^2: docs/findings.md). The run returns, for a time drawn
uniformly as in Algorithm 1, ||grad L_bar||^2 averaged over the honest nodes and
Delta_2(theta)^2, to compare with (1 + delta)^2 C^2 K^2 and delta^2 (Theorem 1).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from avagree.adversaries.attacks import ATTACKS
from avagree.sim.iterated import ITERATED, iterations
from avagree.harness.aggregate import model_rule
from avagree.model.diameters import diameter_pow
from avagree.model.execution import Params, Round, execute, make_delivery, default_q
from avagree.proofs.learn import eta_value


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


def check_attack(attack: str) -> str:
    """The attack names learning runs accept: ``none`` or one of :data:`ATTACKS`."""
    if attack != "none" and attack not in ATTACKS:
        from avagree.errors import ParameterError

        raise ParameterError("attack", attack, f"must be none or one of {', '.join(ATTACKS)}")
    return attack


def _adversary(rng: np.random.Generator, p: Params, attack: str):
    """Fresh random legal deliveries each round; f Byzantine vectors from ``attack``
    (``none``: copies of the receiver's honest average, a benign stand-in)."""
    check_attack(attack)

    def make(s: int, fam: np.ndarray) -> Round:
        dl = []
        for j in range(p.h):
            if p.model == "sync":
                honest = list(range(p.h))
            else:
                others = rng.choice([k for k in range(p.h) if k != j], size=p.q - p.f - 1, replace=False).tolist()
                honest = [j, *others]
            if not p.f:
                byz = []
            elif attack == "none":
                byz = np.repeat(fam[honest].mean(axis=0, keepdims=True), p.f, axis=0)
            else:
                byz = ATTACKS[attack](fam[honest], p.f, rng)
            dl.append(make_delivery(honest, byz, p.d))
        return Round(tuple(dl))

    return make


def exact_factor(rule: str, p: Params) -> Fraction:
    """The exact one-round contraction factor of the L-statistic ``rule`` (a registry rule with ``weights`` or a
    ``lstat:...`` string) at ``p``'s (n, f, q, model): the count model of :mod:`avagree.proofs.lstat` (d = 1, and
    each coordinate's diameter of the coordinate-wise rule in any d). ParameterError when the rule is not an
    L-statistic, is unbounded (a weight outside f + 1 .. q - f) or does not contract (factor >= 1)."""
    from avagree.algorithms import get_rule
    from avagree.errors import ParameterError
    from avagree.proofs import lstat

    record = get_rule(rule)
    if record.weights is None:
        raise ParameterError("rule", rule, "rounds from the exact factor need an L-statistic (a rule with order-"
                                           "statistic weights, or lstat:W1,...,Wq)")
    record.check_q(p.q, p.f)
    c = lstat.contraction(record.weights(p.q, p.f), lstat.Instance(p.n, p.f, p.q, p.model))
    where = f"at n={p.n} f={p.f} q={p.q} {p.model}"
    if c is None:
        raise ParameterError("rule", rule, f"unbounded {where} (a weight outside positions f+1..q-f): no round count")
    if c >= 1:
        raise ParameterError("rule", rule, f"its exact one-round factor is {c} >= 1 {where}: no round count reaches "
                                           "a target")
    return c


def exact_rounds(factor: Fraction, p: Params, k: int) -> int:
    """Rounds for AVG_k from an exact one-round factor on each coordinate's diameter: the least N with
    factor^N 2 sqrt(h) <= 2^-k, N_ICwTM's target (:func:`avagree.proofs.exact_rounds.rounds_to_delta2`; an upper
    bound by composition, each round facing the worst case)."""
    from avagree.proofs.exact_rounds import rounds_to_delta2

    N = rounds_to_delta2(factor, k, p.h) if k > 0 else 0
    assert N is not None  # factor < 1 (exact_factor)
    return N


def make_avg(rule: str, p: Params, attack: str, rng: np.random.Generator, policy: str = "paper"):
    """AVG_k for Algorithm 1: ``avg(family, k) -> (outputs, rounds run)``.
    ``policy``: "paper" (the paper's N(k) for the rules it iterates, k rounds for
    the others), "exact" (an L-statistic: rounds from its own exact one-round factor,
    :func:`exact_rounds`) or "once" (one round whenever k >= 1: plain decentralised SGD)."""
    from avagree.algorithms.registry import at_instance

    rule = at_instance(rule, p.n, p.f, p.q)  # plain select: its derived step at this (n, f, q)
    fn = model_rule(rule)
    adv = _adversary(rng, p, attack)
    factor = exact_factor(rule, p) if policy == "exact" else None

    def avg(family: np.ndarray, k: int) -> tuple[np.ndarray, int]:
        if policy == "exact":
            N = exact_rounds(factor, p, k)
        else:
            N = _rounds(rule, p, k) if policy == "paper" else (1 if k >= 1 else 0)
        return (execute(fn, p, family, adv, rounds=N).outputs if N else family), N

    return avg


def algorithm1(theta0: np.ndarray, gradients, avg, eta: float, T: int):
    """Algorithm 1's loop: gamma = AVG_{ceil(log2 t)}(g), theta_{t+1/2} = theta - eta
    gamma, theta_{t+1} = AVG_1(theta_{t+1/2}). Yields (t, theta_{t+1}, aggregation
    rounds so far). ``gradients(theta, t)`` returns every honest node's stochastic
    gradient at its own parameters."""
    theta, total = theta0, 0
    for t in range(1, T + 1):
        g = gradients(theta, t)
        gamma, n1 = avg(g, math.ceil(math.log2(t)) if t > 1 else 0)
        theta, n2 = avg(theta - eta * gamma, 1)
        total += n1 + n2
        yield t, theta, total


def run_learn(rule: str, n: int, f: int, q: int | None = None, *, model: str = "async", d: int = 5, delta: float = 0.5,
              T: int = 64, sigma0: float = 0.1, attack: str = "alie", seed: int = 0, targets: Any = None) -> LearnRun:
    q = default_q(n, f, model) if q is None else q
    p = Params(n, f, q, d, model)
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((p.h, d)) if targets is None else np.asarray(targets, dtype=float)
    eta = float(eta_value(delta, 1, corrected=True))  # L = 1; delta/(32 L), the step Theorem 1's proof supports
    theta = np.zeros((p.h, d))
    avg = make_avg(rule, p, attack, rng)
    star = int(rng.integers(1, T + 1))
    record = None
    agg_rounds = 0

    def gradients(th: np.ndarray, t: int) -> np.ndarray:
        return th - x + rng.standard_normal((p.h, d)) * (sigma0 / math.sqrt(t)) / math.sqrt(d)

    for t, theta, agg_rounds in algorithm1(theta, gradients, avg, eta, T):
        if t == star:
            record = theta.copy()
    mean_x = x.mean(axis=0)

    def metrics(th: np.ndarray) -> tuple[float, float]:
        return float(((th - mean_x) ** 2).sum(axis=1).mean()), float(diameter_pow(th, 2))

    g_star, d_star = metrics(record)
    g_last, d_last = metrics(theta)
    return LearnRun(g_star, d_star, g_last, d_last, agg_rounds)


def learn_report(rule: str, n: int, f: int, q: int | None = None, *, model: str = "async", d: int = 5,
                 delta: float = 0.5, T: int = 64, seeds: int = 5, attack: str = "alie", seed: int = 0,
                 progress: bool = False) -> dict[str, Any]:
    """Theorem 1 on the Theorem 2 instance: averages over seeds against the claimed bounds."""
    from avagree.proofs import constants

    from avagree.model.execution import check_int

    check_int("seeds", seeds, minimum=1)
    check_int("T", T, minimum=1)
    check_int("d", d, minimum=1)
    if not 0 < delta < 3:
        from avagree.errors import ParameterError

        raise ParameterError("delta", delta, "Theorem 1 needs 0 < delta < 3")
    check_attack(attack)
    q = default_q(n, f, model) if q is None else q
    from avagree.sim.limits import check_learn  # issue 26: refused before any work

    check_learn(n, f, q, d, T, seeds)
    C = C_exact = None
    if rule in ITERATED:
        c = constants(ITERATED[rule], n, f, q, model)
        if c.feasible and c.averaging_constant is not None:
            C_exact, C = c.averaging_constant, float(c.averaging_constant)
    import sys

    from tqdm import tqdm

    check_int("seed", seed, minimum=0)
    runs, k2 = [], []
    for s in tqdm(range(seed, seed + seeds), desc="LEARN seeds", file=sys.stderr, disable=None if progress else True,
                  leave=False):
        rng = np.random.default_rng(s)
        x = rng.standard_normal((n - f, d))
        k2.append(float(diameter_pow(x, 2)))
        runs.append(run_learn(rule, n, f, q, model=model, d=d, delta=delta, T=T, attack=attack, seed=s, targets=x))
    K2 = float(np.mean(k2))
    out = {"rule": rule, "n": n, "f": f, "q": q, "model": model, "d": d, "delta": delta, "T": T, "seeds": seeds,
           "first_seed": seed,
           "attack": attack, "C": C_exact, "C_float": C, "K2_mean": K2,
           "E_grad_sq": float(np.mean([r.grad_sq for r in runs])),
           "E_disagreement_sq": float(np.mean([r.disagreement_sq for r in runs])),
           "last_grad_sq": float(np.mean([r.last_grad_sq for r in runs])),
           "bound_grad_sq": None if C is None else (1 + delta) ** 2 * C**2 * K2,
           "bound_disagreement_sq": delta**2, "aggregation_rounds": runs[0].aggregation_rounds,
           "eta": float(eta_value(delta, 1, corrected=True))}
    out["grad_ratio_to_CK2"] = None if C is None else out["E_grad_sq"] / (C**2 * K2)
    return out
