"""LEARN (Algorithm 1) on a real heterogeneous task: scikit-learn's digits.

The data set (1797 8x8 images, 10 classes) ships inside scikit-learn, so no
download is needed. It is split into a test set (20 %, stratified) and a
training set dealt to the h honest nodes non-iid: sorted by label, cut into 2h
shards, two random shards per node, so most nodes see two to four classes.
Byzantine nodes hold no data.

Model: multinomial logistic regression in numpy (pixels / 16, a bias feature),
cross-entropy plus (lam/2) ||W||^2, minibatch gradients. Each local loss is
L_j-smooth with L_j <= lambda_max(X_j^T X_j / m_j) / 2 + lam (the softmax
Hessian is at most 1/2 in operator norm); L = max_j L_j is computed from the
data and eta = delta / (12 L), as Algorithm 1 writes it, comes from
:func:`avagree.proofs.learn.eta_value` (Theorem 1's proof supports delta/(32 L); docs/learn.md).

Methods: ``RULE`` aggregates once per AVG call (plain decentralised SGD with
that rule); ``iRULE`` (``icwtm``, ``imda``, ...) runs the paper's N(k) rounds
for AVG_k (avagree.proofs), as LEARN does; ``xRULE`` (any L-statistic: ``xcwtm``,
``xmedian``, ``xlstat:...``, a newly registered one) runs the rounds its own exact
one-round factor needs (count model, :mod:`avagree.proofs.lstat`; N_ICwTM's target),
and ``optimal`` does so with the certified least-contraction L-statistic of the
run's (n, f, q) (:mod:`avagree.optimal`).
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np

from avagree.errors import AvagreeError, ParameterError
from avagree.model.execution import Params, check_int, default_q

DEFAULT_METHODS = ("mean", "cwtm", "icwtm", "imda")
DEFAULT_ATTACKS = ("none", "sign_flip", "alie", "ipm", "gaussian")
#: the method running the certified least-contraction L-statistic of the run's (n, f, q), rounds from its factor
OPTIMAL = "optimal"


@dataclass
class Task:
    X: list[np.ndarray]  # per honest node, (m_j, features)
    y: list[np.ndarray]
    X_test: np.ndarray
    y_test: np.ndarray
    classes: int
    L: float  # smoothness of the local losses, from the data
    lam: float

    @property
    def shape(self) -> tuple[int, int]:
        return self.X_test.shape[1], self.classes


def load_task(h: int, seed: int = 0, lam: float = 1e-3) -> Task:
    """The digits data set split non-iid over ``h`` honest nodes."""
    check_int("h", h, minimum=1)
    try:
        from sklearn.datasets import load_digits
        from sklearn.model_selection import train_test_split
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise AvagreeError("the digits task needs scikit-learn: pip install 'avagree[learn]'") from exc
    X, y = load_digits(return_X_y=True)
    X = np.hstack([X / 16.0, np.ones((X.shape[0], 1))])
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.2, stratify=y, random_state=seed)
    if 2 * h > len(y_tr):
        raise ParameterError("n - f", h, f"too many honest nodes for {len(y_tr)} training samples (two shards each)")
    rng = np.random.default_rng(seed)
    shards = np.array_split(np.argsort(y_tr, kind="stable"), 2 * h)
    deal = rng.permutation(2 * h)
    parts = [np.concatenate([shards[deal[2 * j]], shards[deal[2 * j + 1]]]) for j in range(h)]
    Xs, ys = [X_tr[ix] for ix in parts], [y_tr[ix] for ix in parts]
    L = max(float(np.linalg.eigvalsh(Xj.T @ Xj / len(Xj)).max()) / 2 for Xj in Xs) + lam
    return Task(Xs, ys, X_te, y_te, int(y.max()) + 1, L, lam)


def gradient(W: np.ndarray, X: np.ndarray, y: np.ndarray, lam: float) -> np.ndarray:
    """Gradient of mean cross-entropy + (lam/2)||W||^2 for softmax(X W)."""
    Z = X @ W
    Z -= Z.max(axis=1, keepdims=True)
    P = np.exp(Z)
    P /= P.sum(axis=1, keepdims=True)
    P[np.arange(len(y)), y] -= 1.0
    return X.T @ P / len(y) + lam * W


def accuracy(W: np.ndarray, X: np.ndarray, y: np.ndarray) -> float:
    return float((np.argmax(X @ W, axis=1) == y).mean())


def split_methods(text: str) -> tuple[str, ...]:
    """Comma-separated methods, where a weights rule string keeps its own commas: ``mean,xlstat:0,1/2,1/2,0,icwtm``
    is (mean, xlstat:0,1/2,1/2,0, icwtm) (a bare number continues the weights before it)."""
    import re

    out: list[str] = []
    for part in text.split(","):
        if out and "lstat:" in out[-1] and re.fullmatch(r"[0-9./]+", part):
            out[-1] += "," + part
        elif part:
            out.append(part)
    return tuple(out)


def parse_policy(name: str) -> tuple[str, str]:
    """A method's rule and AVG policy: ``RULE`` -> (rule, "once"); ``iRULE`` -> (rule, "paper") for a rule the
    paper iterates; ``xRULE`` -> (rule, "exact") for an L-statistic (rounds from its exact one-round factor);
    ``optimal`` -> ("optimal", "exact"), the certified least-contraction L-statistic of the run's (n, f, q)."""
    from avagree.algorithms import get_rule
    from avagree.algorithms.registry import known
    from avagree.sim.iterated import ITERATED

    if name == OPTIMAL:
        return OPTIMAL, "exact"
    if name.startswith("x") and not known(name) and known(name[1:]):
        if get_rule(name[1:]).weights is None:
            from avagree.errors import RuleError

            raise RuleError(f"method={name!r}: xRULE needs an L-statistic (a rule with order-statistic weights, "
                            "e.g. cwtm, median, lstat:W1,...,Wq)")
        return name[1:], "exact"
    if name.startswith("i") and name[1:] in ITERATED:
        return name[1:], "paper"
    if name.startswith("i") and name[1:] not in ITERATED and name not in _registry():
        from avagree.errors import RuleError

        raise RuleError(f"method={name!r}: iRULE needs a rule the paper iterates ({', '.join(ITERATED)}); xRULE "
                        "iterates an L-statistic with rounds from its exact factor")
    get_rule(name)  # raises a typed error naming the registry
    return name, "once"


def parse_method(name: str) -> tuple[str, bool]:
    """``RULE`` -> (rule, False); ``iRULE``, ``xRULE``, ``optimal`` -> (rule, True): iterated (:func:`parse_policy`)."""
    rule, policy = parse_policy(name)
    return rule, policy != "once"


def method_rule(name: str, p: Params) -> tuple[str, str]:
    """The rule a method runs at ``p`` and its policy: ``optimal`` resolved to its certified rule string
    (:func:`avagree.optimal.gap.least_contraction_rule`); an ``exact`` policy's factor checked (ParameterError)."""
    rule, policy = parse_policy(name)
    if rule == OPTIMAL:
        from avagree.optimal.gap import least_contraction_rule

        rule = least_contraction_rule(p.n, p.f, p.q, p.model)
    from avagree.algorithms.registry import at_instance

    rule = at_instance(rule, p.n, p.f, p.q)  # plain select: its derived step at the run's (n, f, q)
    if policy == "exact":
        from avagree.sim.learn import exact_factor

        exact_factor(rule, p)
    return rule, policy


def _registry() -> set[str]:
    from avagree.algorithms import RULES

    return set(RULES)


@dataclass
class Curve:
    method: str
    attack: str
    steps: list[int]
    accuracy: list[float]  # mean test accuracy of the honest nodes' models
    worst_accuracy: list[float]  # the worst honest node's
    disagreement: list[float]  # Delta_2 of the honest models (flattened W)
    aggregation_rounds: int
    seconds: float
    diverged_at: int | None = None  # step at which some honest model became non-finite
    rule: str | None = None  # the rule run (an ``optimal`` method's rule string)
    policy: str = "once"  # rounds per AVG_k: once, paper (N(k)), exact (from the exact one-round factor)
    factor: str | None = None  # the exact one-round factor the exact policy counts rounds from

    def as_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


class _Diverged(Exception):
    def __init__(self, step: int):
        super().__init__(step)
        self.step = step


def run(task: Task, method: str, attack: str, p: Params, *, T: int, eta: float, batch: int = 32, seed: int = 0,
        log_every: int = 10, progress: Callable[[int], None] | None = None) -> Curve:
    """Algorithm 1 on ``task`` with the given method and attack (``none``: the
    Byzantine nodes send the average of what the receiver got, a benign stand-in)."""
    import time

    from avagree.sim.learn import algorithm1, make_avg

    t0 = time.perf_counter()
    rule, policy = method_rule(method, p)
    rng = np.random.default_rng(seed)
    dim, classes = task.shape
    inner = make_avg(rule, p, attack, rng, policy)
    step = [0]

    def avg(family: np.ndarray, k: int):
        if not np.isfinite(family).all():
            raise _Diverged(step[0])
        return inner(family, k)

    theta0 = np.zeros((p.h, dim * classes))

    def grads(theta: np.ndarray, t: int) -> np.ndarray:
        step[0] = t
        if not np.isfinite(theta).all():
            raise _Diverged(t)
        out = np.empty_like(theta)
        for j in range(p.h):
            ix = rng.integers(0, len(task.y[j]), size=min(batch, len(task.y[j])))
            out[j] = gradient(theta[j].reshape(dim, classes), task.X[j][ix], task.y[j][ix], task.lam).ravel()
        return out

    curve = Curve(method, attack, [], [], [], [], 0, 0.0, rule=rule, policy=policy)
    if policy == "exact":
        from avagree.sim.learn import exact_factor

        curve.factor = str(exact_factor(rule, p))

    def log(t: int, theta: np.ndarray) -> None:
        from avagree.model.diameters import diameter_pow

        accs = [accuracy(theta[j].reshape(dim, classes), task.X_test, task.y_test) for j in range(p.h)]
        curve.steps.append(t)
        curve.accuracy.append(float(np.mean(accs)))
        curve.worst_accuracy.append(float(min(accs)))
        curve.disagreement.append(float(diameter_pow(theta, 2)) ** 0.5)

    log(0, theta0)
    try:
        with np.errstate(over="ignore", invalid="ignore"):
            for t, theta, rounds in algorithm1(theta0, grads, avg, eta, T):
                curve.aggregation_rounds = rounds
                if not np.isfinite(theta).all():
                    raise _Diverged(t)
                if t % log_every == 0 or t == T:
                    log(t, theta)
                if progress is not None:
                    progress(1)
    except _Diverged as exc:  # a result, not an error: the curve stops where the models left the reals
        curve.diverged_at = exc.step
    curve.seconds = time.perf_counter() - t0
    return curve


def experiment(n: int = 13, f: int = 2, q: int | None = None, *, model: str = "async", methods=DEFAULT_METHODS,
               attacks=DEFAULT_ATTACKS, T: int = 300, delta: float = 1.0, eta: float | None = None, batch: int = 32, seed: int = 0, log_every: int = 10,
               progress: bool = False) -> dict[str, Any]:
    """Every (method, attack) pair on one non-iid split (q defaults to n - f, or n when sync)."""
    from tqdm import tqdm

    from avagree.sim.learn import check_attack
    from avagree.proofs.learn import eta_value as paper_eta

    q = default_q(n, f, model) if q is None else q
    Params(n, f, q, 1, model)  # validates n, f, q, model before the data set is loaded
    check_int("T", T, minimum=1)
    check_int("batch", batch, minimum=1)
    check_int("log_every", log_every, minimum=1)
    if not 0 < delta < 3:
        raise ParameterError("delta", delta, "Theorem 1 needs 0 < delta < 3")
    if eta is not None and not (isinstance(eta, (int, float)) and math.isfinite(eta) and eta > 0):
        raise ParameterError("eta", eta, "must be a positive finite number")
    for a in attacks:
        check_attack(a)
    for m in methods:
        parse_method(m)
    from avagree.sim.limits import DIGITS_D, check_learn  # issue 26: refused before the data set is loaded

    check_learn(n, f, q, DIGITS_D, T)
    task = load_task(n - f, seed)
    p = Params(n, f, q, task.shape[0] * task.shape[1], model)
    for m in methods:
        method_rule(m, p)  # an optimal method certified, an exact factor below 1, before any run
    step = float(paper_eta(delta, task.L)) if eta is None else float(eta)
    curves = []
    bar = tqdm(total=T * len(methods) * len(attacks), desc="LEARN digits", file=sys.stderr,
               disable=None if progress else True, leave=False)
    with bar:
        for a in attacks:
            for m in methods:
                curves.append(run(task, m, a, p, T=T, eta=step, batch=batch, seed=seed, log_every=log_every,
                                  progress=bar.update).as_json())
    return {"task": "digits", "n": n, "f": f, "q": p.q, "model": model, "h": p.h, "T": T, "delta": delta,
            "L": task.L, "eta": step, "eta_source": "paper: delta/(12 L)" if eta is None else "--eta",
            "batch": batch, "seed": seed, "train_sizes": [len(v) for v in task.y],
            "classes_per_node": [sorted(set(v.tolist())) for v in task.y], "curves": curves}
