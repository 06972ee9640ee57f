"""The execution model of averaging agreement (paper, sections 2.1 and 3).

n nodes, at most f Byzantine, h = n - f honest nodes indexed 0..h-1. In each round
every honest receiver j gets q vectors:

* ``async`` (q <= n - f): its own vector, at least q - f - 1 other distinct honest
  vectors chosen by the adversary, and at most f Byzantine vectors that may
  differ from one receiver to the next (so exactly q in all);
* ``sync`` (q = n): every honest vector plus exactly f Byzantine vectors.

The receiver applies the aggregation rule to what it received; the family of
outputs is the next round's honest family. Every path (float, exact, Z3
witnesses) goes through :func:`execute_round`, so what is checked is what runs.
"""

from __future__ import annotations

import numbers as _nums
from dataclasses import dataclass
from typing import Callable, Iterable, Literal, Sequence, Union

import numpy as np

from avagree.errors import DeliveryError, InputError, ParameterError
from avagree.model.numbers import Mode, as_array, convert, mode_of

DeliveryModel = Literal["async", "sync"]
MODELS: tuple[str, ...] = ("async", "sync")


def check_int(name: str, value: object, *, minimum: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, _nums.Integral):
        raise ParameterError(name, value, "must be an integer")
    value = int(value)
    if minimum is not None and value < minimum:
        raise ParameterError(name, value, f"must be >= {minimum}")
    return value


def default_q(n: int, f: int, model: str = "async") -> int:
    """The q a receiver hears when none is given: n - f in the asynchronous model
    (the most it can wait for), n in the synchronous one (section 2.1)."""
    return n if model == "sync" else n - f


@dataclass(frozen=True)
class Params:
    """System parameters, validated on construction.

    ``d`` is the dimension of the vectors; ``model`` the delivery model.
    """

    n: int
    f: int
    q: int
    d: int = 1
    model: DeliveryModel = "async"

    def __post_init__(self) -> None:
        n = check_int("n", self.n, minimum=1)
        f = check_int("f", self.f, minimum=0)
        if f >= n:
            raise ParameterError("f", f, f"must be < n = {n} (at least one honest node)")
        q = check_int("q", self.q, minimum=1)
        check_int("d", self.d, minimum=1)
        if self.model not in MODELS:
            raise ParameterError("model", self.model, "must be 'async' or 'sync'")
        if q > n:
            raise ParameterError("q", q, f"must be <= n = {n}")
        if self.model == "sync" and q != n:
            raise ParameterError("q", q, f"must equal n = {n} in the synchronous model")
        if self.model == "async":
            if q > n - f:
                raise ParameterError("q", q, f"must be <= n - f = {n - f} in the asynchronous model")
            if q <= f and f > 0:
                raise ParameterError("q", q, f"must be > f = {f}: a receiver needs at least one honest vector besides the Byzantine ones")

    @property
    def h(self) -> int:
        """Number of honest nodes, h = n - f."""
        return self.n - self.f

    @property
    def min_honest(self) -> int:
        """Fewest honest vectors a receiver gets (its own included)."""
        return self.h if self.model == "sync" else self.q - self.f

    def describe(self) -> str:
        return f"n={self.n}, f={self.f}, q={self.q}, d={self.d}, {self.model}"


@dataclass(frozen=True)
class Delivery:
    """What one honest receiver gets in one round.

    ``honest``: 0-based indices of the honest senders delivered (distinct);
    ``byzantine``: a (b, d) array of Byzantine vectors (b may be 0).
    """

    honest: tuple[int, ...]
    byzantine: np.ndarray


@dataclass(frozen=True)
class Round:
    """One round: a delivery for each honest receiver, in receiver order."""

    deliveries: tuple[Delivery, ...]


def make_delivery(honest: Iterable[int], byzantine: object, d: int, mode: Mode | None = None) -> Delivery:
    """Build a delivery; ``byzantine`` may be an empty list."""
    hon = tuple(honest)
    for k in hon:
        check_int("sender index", k, minimum=0)
    if isinstance(byzantine, np.ndarray) and byzantine.size == 0 or (not isinstance(byzantine, np.ndarray) and len(byzantine) == 0):  # type: ignore[arg-type]
        byz = np.zeros((0, d), dtype=object if mode == "exact" else np.float64)
    else:
        byz = as_array(byzantine, rank=2, name="byzantine", mode=mode)
        if byz.shape[1] != d:
            raise InputError(f"byzantine: vectors have dimension {byz.shape[1]}, expected d = {d}")
    return Delivery(tuple(int(k) for k in hon), byz)


def validate_delivery(params: Params, receiver: int, delivery: Delivery) -> None:
    """Raise :class:`DeliveryError` unless ``delivery`` is legal for ``receiver``."""
    hon, byz = delivery.honest, delivery.byzantine
    where = f"receiver {receiver}"
    for k in hon:
        if not 0 <= k < params.h:
            raise DeliveryError(f"{where}: honest sender index {k} out of range 0..{params.h - 1}")
    if len(set(hon)) != len(hon):
        dup = sorted({k for k in hon if hon.count(k) > 1})
        raise DeliveryError(f"{where}: duplicate honest sender(s) {dup}")
    if byz.ndim != 2 or (byz.shape[0] and byz.shape[1] != params.d):
        raise DeliveryError(f"{where}: Byzantine vectors must have shape (b, {params.d}), got {byz.shape}")
    b = byz.shape[0]
    if b > params.f:
        raise DeliveryError(f"{where}: {b} Byzantine vectors, at most f = {params.f} allowed")
    if len(hon) + b != params.q:
        raise DeliveryError(f"{where}: receives {len(hon)} honest + {b} Byzantine = {len(hon) + b} vectors, q = {params.q}")
    if params.model == "sync":
        if set(hon) != set(range(params.h)):
            raise DeliveryError(f"{where}: the synchronous model delivers every honest vector")
        if b != params.f:
            raise DeliveryError(f"{where}: the synchronous model delivers exactly f = {params.f} Byzantine vectors, got {b}")
    elif receiver not in hon:
        raise DeliveryError(f"{where}: its own vector is missing (asynchronous model)")


def validate_round(params: Params, rnd: Round) -> None:
    if len(rnd.deliveries) != params.h:
        raise DeliveryError(f"round has {len(rnd.deliveries)} deliveries, expected one per honest receiver (h = {params.h})")
    for j, dlv in enumerate(rnd.deliveries):
        validate_delivery(params, j, dlv)


def convert_round(rnd: Round, mode: Mode) -> Round:
    """The same round with its Byzantine vectors in number mode ``mode`` (float ->
    exact is exact: every float is a rational)."""
    return Round(tuple(Delivery(d.honest, convert(d.byzantine, mode)) for d in rnd.deliveries))


def as_family(params: Params, family: object, mode: Mode | None = None) -> np.ndarray:
    """Validate an honest family of shape (h, d)."""
    arr = as_array(family, rank=2, name="honest family", mode=mode)
    if arr.shape != (params.h, params.d):
        raise InputError(f"honest family: shape {arr.shape}, expected (h, d) = ({params.h}, {params.d})")
    return arr


def received(family: np.ndarray, delivery: Delivery) -> np.ndarray:
    """The (q, d) array a receiver aggregates: delivered honest vectors, then Byzantine ones."""
    hon = family[list(delivery.honest)]
    byz = delivery.byzantine
    if byz.shape[0] == 0:
        return hon
    if mode_of(byz) != mode_of(family):
        byz = convert(byz, mode_of(family))
    return np.concatenate([hon, byz.astype(hon.dtype, copy=False)], axis=0)


# A rule as the model sees it: (received (q, d), f, own vector (d,)) -> output (d,).
ModelRule = Callable[[np.ndarray, int, np.ndarray], np.ndarray]
Adversary = Union[Sequence[Round], Callable[[int, np.ndarray], Round]]


def execute_round(rule: ModelRule, params: Params, family: np.ndarray, rnd: Round) -> np.ndarray:
    """Apply one round: every honest receiver aggregates what it was delivered."""
    validate_round(params, rnd)
    outs = [rule(received(family, dlv), params.f, family[j]) for j, dlv in enumerate(rnd.deliveries)]
    return np.stack(outs, axis=0)


@dataclass(frozen=True)
class Execution:
    """A whole run: ``families[0]`` is the input, ``families[-1]`` the output."""

    params: Params
    families: tuple[np.ndarray, ...]
    rounds: tuple[Round, ...]

    @property
    def inputs(self) -> np.ndarray:
        return self.families[0]

    @property
    def outputs(self) -> np.ndarray:
        return self.families[-1]


def execute(rule: ModelRule, params: Params, family: object, adversary: Adversary, rounds: int | None = None,
            mode: Mode | None = None) -> Execution:
    """Run ``rounds`` rounds. ``adversary`` is a list of rounds, or a callable
    ``(round_index, current_family) -> Round`` (a fresh adversary each round)."""
    fam = as_family(params, family, mode)
    if callable(adversary):
        if rounds is None:
            raise ParameterError("rounds", rounds, "required when the adversary is a callable")
        count = check_int("rounds", rounds, minimum=0)
    else:
        count = len(adversary) if rounds is None else check_int("rounds", rounds, minimum=0)
        if count > len(adversary):
            raise ParameterError("rounds", count, f"only {len(adversary)} rounds were given")
    fams, rnds = [fam], []
    for t in range(count):
        rnd = adversary(t, fams[-1]) if callable(adversary) else adversary[t]
        fams.append(execute_round(rule, params, fams[-1], rnd))
        rnds.append(rnd)
    return Execution(params, tuple(fams), tuple(rnds))


def full_delivery(params: Params, byzantine_for: Callable[[int], object] | None = None, mode: Mode | None = None) -> Round:
    """A plain round: every receiver gets its own vector, the lowest-index other
    honest vectors, and the Byzantine vectors ``byzantine_for(receiver)`` (none by
    default; the synchronous model needs exactly f, so it needs ``byzantine_for``)."""
    dl = []
    for j in range(params.h):
        need_byz = params.f if params.model == "sync" else 0
        byz = byzantine_for(j) if byzantine_for else []
        b = len(byz) if not isinstance(byz, np.ndarray) else byz.shape[0]
        if params.model == "sync" and b != need_byz:
            raise DeliveryError(f"receiver {j}: the synchronous model needs exactly f = {params.f} Byzantine vectors")
        others = [k for k in range(params.h) if k != j][: params.q - b - 1]
        dl.append(make_delivery([j, *others], byz, params.d, mode))
    return Round(tuple(dl))
