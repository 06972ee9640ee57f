"""Attacks people run against robust aggregators, as Byzantine-vector makers.

Each attack takes the honest vectors a receiver is delivered (m, d), the number
b of Byzantine vectors, and a numpy Generator, and returns a (b, d) float array.
They are written for float mode; the oracle converts what it finds to exact
rationals before replaying.

* ``sign_flip``: -mean (Allen-Zhu et al.);
* ``large``: mean + 10^6 in every coordinate, up or down;
* ``alie``: "a little is enough" (Baruch et al. 2019): mean + z std per coordinate,
  z the normal quantile for (m - s)/m with s = floor(m/2 + 1) - b;
* ``ipm``: inner-product manipulation (Xie et al. 2020): -0.1 mean;
* ``mimic``: copies of the honest vector farthest from the mean (Karimireddy et al.);
* ``extreme_low`` / ``extreme_high``: the honest minimum (maximum) per coordinate,
  pushed a fraction of the spread further, which is what trimming rules fear.
"""

from __future__ import annotations

from statistics import NormalDist
from typing import Callable

import numpy as np

Attack = Callable[[np.ndarray, int, np.random.Generator], np.ndarray]


def sign_flip(H: np.ndarray, b: int, rng: np.random.Generator) -> np.ndarray:
    return np.repeat(-H.mean(axis=0)[None], b, axis=0)


def large(H: np.ndarray, b: int, rng: np.random.Generator) -> np.ndarray:
    sign = 1.0 if rng.random() < 0.5 else -1.0
    return np.repeat((H.mean(axis=0) + sign * 1e6)[None], b, axis=0)


def alie(H: np.ndarray, b: int, rng: np.random.Generator) -> np.ndarray:
    m = H.shape[0]
    s = m // 2 + 1 - b
    p = min(max((m - s) / m, 1e-3), 1 - 1e-3)
    z = NormalDist().inv_cdf(p)
    sign = 1.0 if rng.random() < 0.5 else -1.0
    return np.repeat((H.mean(axis=0) + sign * z * H.std(axis=0))[None], b, axis=0)


def ipm(H: np.ndarray, b: int, rng: np.random.Generator) -> np.ndarray:
    return np.repeat((-0.1 * H.mean(axis=0))[None], b, axis=0)


def mimic(H: np.ndarray, b: int, rng: np.random.Generator) -> np.ndarray:
    far = np.argmax(((H - H.mean(axis=0)) ** 2).sum(axis=1))
    return np.repeat(H[far][None], b, axis=0)


def _push(H: np.ndarray, b: int, rng: np.random.Generator, low: bool) -> np.ndarray:
    lo, hi = H.min(axis=0), H.max(axis=0)
    span = hi - lo
    k = rng.choice([0.0, 0.5, 1.0, 3.0])
    base = lo - k * span if low else hi + k * span
    return np.repeat(base[None], b, axis=0)


def extreme_low(H: np.ndarray, b: int, rng: np.random.Generator) -> np.ndarray:
    return _push(H, b, rng, True)


def extreme_high(H: np.ndarray, b: int, rng: np.random.Generator) -> np.ndarray:
    return _push(H, b, rng, False)


def gaussian(H: np.ndarray, b: int, rng: np.random.Generator) -> np.ndarray:
    """Independent N(0, 200^2) vectors: large and in a random direction (``large``
    moves every coordinate by the same amount, which a softmax model's predictions
    do not see)."""
    return rng.normal(0.0, 200.0, size=(b, H.shape[1]))


#: the attacks the search oracle draws from (fixed, so seeded searches reproduce)
SEARCH_ATTACKS = ("sign_flip", "large", "alie", "ipm", "mimic", "extreme_low", "extreme_high")

ATTACKS: dict[str, Attack] = {
    "sign_flip": sign_flip, "large": large, "alie": alie, "ipm": ipm, "mimic": mimic,
    "extreme_low": extreme_low, "extreme_high": extreme_high, "gaussian": gaussian,
}
