"""Every random execution the oracle's searches try is drawn here: honest families,
deliveries, Byzantine values, whole rounds, mutations of a round, and schedules of
several rounds.

Each generator takes a :class:`numpy.random.Generator` and draws from it in a fixed
order, so a search is reproduced by its seed alone. That order is part of the
contract: the audit's evidence strings and the witnesses of ``avagree fuzz --seed S``
are what these draws produce, so a change to any generator below changes them too.

Two families of generators, kept apart because their draws differ:

* the *attack* generators of the search oracle (:func:`avagree.check`, ``avagree
  fuzz``) and the multi-round search (:mod:`avagree.oracle.rounds`):
  :func:`honest_family`, :func:`deliveries`, :func:`attack_byzantine`,
  :func:`attack_round`, :func:`mutate`, :func:`schedule`, :func:`mutate_schedule`.
  Deliveries are full (every receiver hears q - f honest senders and f Byzantine
  vectors), the Byzantine vectors come from the attacks people run
  (:mod:`avagree.adversaries.attacks`) and the paper's split;
* the *basic* generators of the plain random search
  (:func:`avagree.oracle.random_search.search_round`, the audit's search rows):
  :func:`basic_honest_family`, :func:`basic_byzantine`, :func:`basic_round`, whose
  deliveries sometimes carry fewer than f Byzantine vectors.

:func:`legal_round` is the skeleton of a legal round that :func:`basic_round` and
the Hypothesis strategy :func:`avagree.oracle.strategies.executions` share: the
same shape, each with its own source of numbers.
"""

from __future__ import annotations

from typing import Any, Callable, Sequence

import numpy as np

from avagree.adversaries.attacks import ATTACKS, SEARCH_ATTACKS
from avagree.adversaries.split import by_value, split_senders
from avagree.model.execution import Delivery, Params, Round, execute, make_delivery
from avagree.model.numbers import Mode

# -- the attack generators (the search oracle, the multi-round search) --------------------


def honest_family(rng: np.random.Generator, p: Params, unanimous: bool = False) -> np.ndarray:
    """An (h, d) float family, its rows shuffled, in one of five shapes: a large group of
    identical vectors (zeros) and a few others far from them, two clusters at 0 and 1,
    values in {-1, 0, 1}, integers in [-4, 4], or Gaussian rounded to two decimals.
    ``unanimous`` (a quasi-unanimity search) always draws the first shape, with at least
    q - 2f identical vectors."""
    h, d = p.h, p.d
    kind = rng.integers(5)
    if unanimous or kind == 0:  # a large group of identical vectors and a few others
        x = np.zeros((h, d))
        k = int(rng.integers(max(1, p.q - 2 * p.f), h + 1))
        x[k:] = rng.normal(size=(h - k, d)).round(1) + rng.choice([-3.0, 3.0])
    elif kind == 1:
        x = np.zeros((h, d))
        x[int(rng.integers(1, h)) if h > 1 else 0:] = 1.0
    elif kind == 2:
        x = rng.choice([-1.0, 0.0, 1.0], size=(h, d))
    elif kind == 3:
        x = rng.integers(-4, 5, size=(h, d)).astype(float)
    else:
        x = rng.normal(size=(h, d)).round(2)
    return x[rng.permutation(h)]


def deliveries(rng: np.random.Generator, p: Params, x: np.ndarray, split: bool) -> list[list[int]]:
    """The honest senders each receiver hears, its own first: everyone in the synchronous
    model; else q - f of them, at random or, with ``split``, the paper's split along a
    random direction (low receivers hear the lowest vectors, high receivers the highest)."""
    h = p.h
    if p.model == "sync":
        return [list(range(h)) for _ in range(h)]
    m = p.q - p.f
    out = []
    direction = rng.normal(size=p.d)
    proj = x @ direction
    order = by_value(proj)
    for j in range(h):
        if split:  # low receivers hear the lowest vectors, high receivers the highest
            out.append(split_senders(order, j, m))
            continue
        others = rng.choice([k for k in range(h) if k != j], size=m - 1, replace=False).tolist() if m > 1 else []
        out.append([j, *[int(k) for k in others]])
    return out


def attack_byzantine(rng: np.random.Generator, p: Params, x: np.ndarray, senders: list[int], receiver_rank: float,
                     attack: str | None) -> np.ndarray:
    """The f Byzantine vectors one receiver gets, from the honest vectors it hears
    (``x[senders]``): ``"split"`` the extremes on the receiver's side (``receiver_rank``
    in [0, 1], below 1/2 low), ``"own"`` copies of the receiver's own vector, an attack's
    name that attack (:data:`avagree.adversaries.attacks.ATTACKS`), ``None`` one of
    :data:`~avagree.adversaries.attacks.SEARCH_ATTACKS` at random."""
    b = p.f
    if b == 0:
        return np.zeros((0, p.d))
    H = x[senders]
    if attack == "split":
        name = "extreme_low" if receiver_rank < 0.5 else "extreme_high"
    elif attack == "own":
        return np.repeat(x[senders[0]][None], b, axis=0)
    else:
        name = attack or rng.choice(list(SEARCH_ATTACKS))
    return ATTACKS[name](H, b, rng)


def attack_round(rng: np.random.Generator, p: Params, x: np.ndarray, unanimous: bool = False) -> Round:
    """One full round for family ``x``: :func:`deliveries` (split half the time), then one
    plan for the whole round (every receiver ``split``, every receiver ``own``, or
    ``mixed``: each receiver either one attack shared by the round or one of its own);
    ``unanimous`` favours ``own``, which a quasi-unanimity violation needs."""
    split = rng.random() < 0.5
    dl = deliveries(rng, p, x, split)
    attack = rng.choice(["split", "own", "mixed", "mixed"] if not unanimous else ["own", "own", "mixed", "split"])
    proj = x @ rng.normal(size=p.d)
    ranks = np.argsort(np.argsort(proj)) / max(1, p.h - 1)
    same = rng.choice(list(SEARCH_ATTACKS))
    out = []
    for j, senders in enumerate(dl):
        a = {"split": "split", "own": "own"}.get(attack, same if rng.random() < 0.5 else None)
        out.append(make_delivery(senders, attack_byzantine(rng, p, x, senders, ranks[j], a), p.d))
    return Round(tuple(out))


def mutate(rng: np.random.Generator, p: Params, x: np.ndarray, rnd: Round) -> tuple[np.ndarray, Round]:
    """A neighbour of (``x``, ``rnd``) for local search, one of three moves on a random
    receiver j: its Byzantine vectors shifted by Gaussian noise (1%, 10% or 100% of the
    family's span), one sender it hears (not itself) swapped for one it does not
    (asynchronous model only), or one honest vector nudged by 5% of the span. The
    inputs are not changed."""
    x = x.copy()
    dl = list(rnd.deliveries)
    j = int(rng.integers(p.h))
    move = rng.integers(3)
    span = float(np.ptp(x)) or 1.0
    if move == 0 and p.f:
        byz = dl[j].byzantine + rng.normal(scale=span * rng.choice([0.01, 0.1, 1.0]), size=dl[j].byzantine.shape)
        dl[j] = Delivery(dl[j].honest, byz)
    elif move == 1 and p.model == "async" and p.q - p.f < p.h:
        hon = list(dl[j].honest)
        out_of = [k for k in range(p.h) if k not in hon]
        if len(hon) > 1 and out_of:
            hon[int(rng.integers(1, len(hon)))] = int(rng.choice(out_of))
            dl[j] = Delivery(tuple(hon), dl[j].byzantine)
    else:
        k = int(rng.integers(p.h))
        x[k] += rng.normal(scale=span * 0.05, size=p.d)
    return x, Round(tuple(dl))


def schedule(rng: np.random.Generator, fn: Any, p: Params, x: np.ndarray, rounds: int,
             score: Callable[[list[np.ndarray]], Any], greedy: int) -> list[Round]:
    """``rounds`` rounds of :func:`attack_round`, each drawn for the family that round has
    (``fn`` run on the one before); with ``greedy`` > 1 the best of that many fresh rounds
    by ``score`` (of the families so far, the new one last) is kept."""
    out: list[Round] = []
    fams = [x]
    for _ in range(rounds):
        best = None
        for _ in range(max(1, greedy)):
            rnd = attack_round(rng, p, fams[-1], False)
            y = execute(fn, p, fams[-1], [rnd]).outputs
            value = score(fams + [y])
            if best is None or value > best[0]:
                best = (value, rnd, y)
        out.append(best[1])
        fams.append(best[2])
    return out


def mutate_schedule(rng: np.random.Generator, fn: Any, p: Params, x: np.ndarray,
                    sched: Sequence[Round]) -> tuple[np.ndarray, list[Round]]:
    """A neighbour of (``x``, ``sched``): one round s of the schedule re-drawn by
    :func:`attack_round` for the family it has (30%), else changed by :func:`mutate`; the
    input changes only when s is round 0."""
    s = int(rng.integers(len(sched)))
    sched = list(sched)
    if rng.random() < 0.3:
        fam = execute(fn, p, x, sched[:s]).outputs
        sched[s] = attack_round(rng, p, fam, False)
        return x, sched
    x2, sched[s] = mutate(rng, p, x, sched[s])
    return (x2 if s == 0 else x), sched


# -- the basic generators (the plain random search) ---------------------------------------


def basic_honest_family(rng: np.random.Generator, p: Params) -> np.ndarray:
    """An (h, d) float family in one of four shapes, not shuffled: two clusters at 0 and
    1, integers in [-4, 4], Gaussian rounded to two decimals, or values in {-1, 0, 1}
    (three groups, as in Theorem 5)."""
    kind = rng.integers(4)
    h, d = p.h, p.d
    if kind == 0:  # two clusters at 0 and 1
        split = rng.integers(1, h) if h > 1 else 1
        x = np.zeros((h, d))
        x[split:] = 1.0
    elif kind == 1:
        x = rng.integers(-4, 5, size=(h, d)).astype(float)
    elif kind == 2:
        x = rng.normal(size=(h, d)).round(2)
    else:  # three groups like Theorem 5
        x = rng.choice([-1.0, 0.0, 1.0], size=(h, d))
    return x


def basic_byzantine(rng: np.random.Generator, x: np.ndarray, b: int) -> np.ndarray:
    """``b`` Byzantine vectors placed against the honest box [lo, hi] of ``x``, one of
    five patterns: all far below it, all far above it (by 0.5, 1 or 10 spans), copies of
    honest vectors, box corners (or lo, hi, the middle in d = 1), or points on a
    half-span grid from lo - span to hi + span."""
    d = x.shape[1]
    lo, hi = x.min(axis=0), x.max(axis=0)
    span = np.maximum(hi - lo, 1.0)
    kind = rng.integers(5)
    if kind == 0:
        v = np.repeat((lo - span * rng.choice([0.5, 1.0, 10.0]))[None], b, axis=0)
    elif kind == 1:
        v = np.repeat((hi + span * rng.choice([0.5, 1.0, 10.0]))[None], b, axis=0)
    elif kind == 2:
        v = x[rng.integers(x.shape[0], size=b)]
    elif kind == 3:
        v = (rng.choice([lo, hi, (lo + hi) / 2], size=b) if d == 1
             else np.stack([rng.choice([lo[i], hi[i]], size=b) for i in range(d)], axis=1))
    else:
        v = lo + (hi - lo) * rng.integers(-2, 4, size=(b, d)) / 2
    return np.asarray(v, dtype=float).reshape(b, d)


def basic_round(rng: np.random.Generator, p: Params, x: np.ndarray) -> Round:
    """A random legal round for family ``x`` (:func:`legal_round`): asynchronously, each
    receiver gets min(f, q - 1) Byzantine vectors, or 30% of the time any legal number
    of them, and random honest senders for the rest; :func:`basic_byzantine` values."""

    def count() -> int:
        return int(rng.integers(max(0, p.q - p.h), min(p.f, p.q - 1) + 1)) if rng.random() < 0.3 else min(p.f, p.q - 1)

    def senders(others: list[int], k: int) -> list[int]:
        return rng.choice(others, size=k, replace=False).tolist() if k else []

    return legal_round(p, count, senders, lambda b: basic_byzantine(rng, x, b))


# -- shared with the Hypothesis strategies -------------------------------------------------


def legal_round(p: Params, count: Callable[[], int], senders: Callable[[list[int], int], Sequence[int]],
                byzantine: Callable[[int], Any], mode: Mode | None = None) -> Round:
    """A legal round, receiver by receiver, with the numbers drawn by the callables in
    this order: ``count()`` the number b of Byzantine vectors it receives (asynchronous
    model; synchronously b = f and every honest sender is heard), ``senders(others, k)``
    the k = q - b - 1 honest senders it hears besides itself, chosen from ``others``
    (every other honest node), and, when b > 0, ``byzantine(b)`` its (b, d) Byzantine
    vectors. ``mode`` is the number mode of the deliveries (:func:`make_delivery`)."""
    dl = []
    for j in range(p.h):
        if p.model == "sync":
            honest, b = list(range(p.h)), p.f
        else:
            b = count()
            honest = [j, *senders([k for k in range(p.h) if k != j], p.q - b - 1)]
        dl.append(make_delivery(honest, byzantine(b) if b else [], p.d, mode))
    return Round(tuple(dl))
