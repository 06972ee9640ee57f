r"""d = 2 and Delta_2 (issue 25, item 5): the coordinate-wise lift of the class optimum against MDA.

Scope: one round, d = 2, contraction factor measured in the Euclidean diameter,
K(rule) = sup Delta_2(out)/Delta_2(in), the count model's delivery model (async q, or sync q = n).

* **Every coordinate-wise rule of the class**: K >= C* (a d = 1 execution embeds on an axis and
  the class's least d = 1 factor C* is certified by :mod:`.front`).
* **The lift of an optimal weight vector w***: K <= sqrt(2) C* (each coordinate of the outputs
  differs by at most C* times that coordinate's honest spread, which is at most Delta_2(in)); and
  K >= the ratio of a concrete execution found by a bounded search (:func:`lift_lower_bound`: honest
  points at rational points of a circle of diameter 1, every delivery of two receivers, Byzantine
  vectors far along a diagonal) and replayed exactly through the reference rule (``avagree.harness.aggregate``),
  squared ratio a Fraction.
* **MDA** (tie rule as the plane engine states): [lower, upper] from ``avagree.smt.worst(..., d=2)``:
  the exact d = 1 supremum (embedded) and an upper bound proved in the plane, or UNKNOWN.

Verdicts per instance (:func:`compare`): "MDA beats every coordinate-wise rule of the class" when
MDA's proved upper bound is < C*; "MDA beats the lift of w*" when it is < the replayed lower bound;
"the lift of w* beats MDA" when 2 C*^2 < MDA's lower bound squared; otherwise UNKNOWN.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Sequence

from avagree.proofs.lstat import Instance

#: Byzantine vectors sit at +-FAR on both axes (beyond every honest coordinate, in [-1/2, 1/2])
FAR = Fraction(1000)


def circle_point(t: Fraction) -> tuple[Fraction, Fraction]:
    """The rational point of the circle of diameter 1 about 0 with parameter t = tan(angle / 2)."""
    d = 1 + t * t
    return (Fraction(1, 2) * (1 - t * t) / d, t / d)


def _params(count: int) -> list[Fraction]:
    import math

    out = []
    for i in range(count):
        ang = 2 * math.pi * i / count
        if abs(math.cos(ang / 2)) < 1e-9:
            continue
        out.append(Fraction(math.tan(ang / 2)).limit_denominator(64))
    return out


def _cw(weights: Sequence[Fraction], pts: list[tuple[Fraction, Fraction]]) -> tuple[Fraction, Fraction]:
    xs = sorted(p[0] for p in pts)
    ys = sorted(p[1] for p in pts)
    return (sum((w * x for w, x in zip(weights, xs)), Fraction(0)), sum((w * y for w, y in zip(weights, ys)), Fraction(0)))


def _sq(a: tuple[Fraction, Fraction], b: tuple[Fraction, Fraction]) -> Fraction:
    return (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2


def _diam_sq(pts: list[tuple[Fraction, Fraction]]) -> Fraction:
    return max(_sq(a, b) for a, b in itertools.combinations(pts, 2))


@dataclass(frozen=True)
class Witness:
    """An execution of the lift: honest points, two receivers' deliveries and Byzantine vectors, its ratio^2."""

    honest: tuple[tuple[Fraction, Fraction], ...]
    receivers: tuple[tuple[int, tuple[int, ...], tuple[Fraction, Fraction]], ...]  # (own, others, Byzantine vector)
    ratio_sq: Fraction

    def as_json(self) -> dict[str, Any]:
        return {"honest": [[str(x), str(y)] for x, y in self.honest],
                "receivers": [{"own": i, "others": list(o), "byzantine": [str(b[0]), str(b[1])]} for i, o, b in self.receivers],
                "ratio_squared": str(self.ratio_sq), "ratio_float": float(self.ratio_sq) ** 0.5}


def lift_lower_bound(weights: Sequence[Fraction], inst: Instance, trials: int = 60, seed: int = 0) -> Witness | None:
    """A bounded search (module docstring) in floating point; its best execution is then replayed exactly
    through the reference rule (:func:`replay`), which alone gives the reported ratio."""
    import numpy as np

    rng = random.Random(seed)
    h, m, f = inst.h, inst.m, inst.f
    params = _params(24)
    corners = [(FAR, FAR), (-FAR, -FAR), (FAR, -FAR), (-FAR, FAR)]
    wf = np.array([float(w) for w in weights])
    best: tuple[float, Any] | None = None
    for _ in range(trials):
        clusters = rng.sample(params, rng.randint(2, min(5, h)))
        pts = [circle_point(rng.choice(clusters)) for _ in range(h)]
        dsq = float(_diam_sq(pts))
        if not dsq:
            continue
        arr = np.array([[float(x), float(y)] for x, y in pts])
        keys, outs = [], []
        for i in range(h):
            for others in itertools.combinations([j for j in range(h) if j != i], m - 1):
                base = arr[[i, *others]]
                for b in corners:
                    z = np.vstack([base] + [np.array([[float(b[0]), float(b[1])]])] * f) if f else base
                    outs.append(wf @ np.sort(z, axis=0))
                    keys.append((i, others, b))
        outs_a = np.array(outs)
        owner = np.array([k[0] for k in keys])
        d2 = ((outs_a[:, None, :] - outs_a[None, :, :]) ** 2).sum(axis=2)
        d2[owner[:, None] == owner[None, :]] = -1
        a, b = np.unravel_index(int(np.argmax(d2)), d2.shape)
        if best is None or d2[a, b] / dsq > best[0]:
            best = (d2[a, b] / dsq, (tuple(pts), (keys[a], keys[b])))
    if best is None:
        return None
    return replay(weights, inst, best[1][0], best[1][1])


def replay(weights: Sequence[Fraction], inst: Instance, honest, receivers) -> Witness:
    """The ratio^2 of an execution, outputs computed by the reference rule (lstat rule string, d = 2)."""
    from avagree.algorithms.lstatistic import rule_string
    from avagree.harness.aggregate import aggregate

    rule = rule_string(list(weights))
    outs = []
    for own, others, b in receivers:
        z = [list(honest[own])] + [list(honest[j]) for j in others] + [list(b)] * inst.f
        y = aggregate(rule, z, inst.f)
        outs.append((Fraction(y[0]), Fraction(y[1])))
    return Witness(tuple(honest), tuple(receivers), _sq(outs[0], outs[1]) / _diam_sq(list(honest)))


@dataclass
class PlaneComparison:
    inst: Instance
    best_contraction: Fraction
    weights: tuple[Fraction, ...]
    lift_lower: Witness | None
    mda: Any  # the engine's WorstResult (d = 1 when that decided, else the plane's)
    verdict: str
    mda_lower: Any = None
    mda_upper: Any = None
    ties: str = "adversary"

    def as_json(self) -> dict[str, Any]:
        m = self.mda
        return {"scope": "one round, d = 2, contraction in Delta_2 (Euclidean), "
                         f"n={self.inst.n} f={self.inst.f} q={self.inst.q} {self.inst.model}, MDA tie rule {self.ties}",
                "class_least_contraction_d1": str(self.best_contraction),
                "every_cw_class_rule_at_least": str(self.best_contraction),
                "lift_weights": [str(w) for w in self.weights],
                "lift_upper_squared": str(2 * self.best_contraction ** 2),
                "lift_lower": None if self.lift_lower is None else self.lift_lower.as_json(),
                "mda": {"lower": _s(self.mda_lower), "upper": _s(self.mda_upper),
                        "engine": None if m is None else ("d = 2 plane engine" if getattr(m, "lower", None) is not None
                                                          or getattr(m, "upper", None) is not None else "d = 1 engine"),
                        "reason": "" if m is None else getattr(m, "reason", "")},
                "verdict": self.verdict}


def _s(x: Any) -> str | None:
    return None if x is None else str(x)


def decide(best_c: Fraction, lift_lower_sq: Fraction | None, mda_lower: Any, mda_upper: Any) -> str:
    """The per-instance verdict from exact bounds (module docstring); mda_* None when unknown."""
    if mda_upper is not None and Fraction(mda_upper) < best_c:
        return "MDA beats every coordinate-wise rule of the class"
    if mda_upper is not None and lift_lower_sq is not None and Fraction(mda_upper) ** 2 < lift_lower_sq:
        return "MDA beats the lift of the class optimum"
    if mda_lower is not None and 2 * best_c ** 2 < Fraction(mda_lower) ** 2:
        return "the lift of the class optimum beats MDA"
    return "UNKNOWN"


def compare(inst: Instance, timeout: float = 120, trials: int = 60, ties: str = "adversary") -> PlaneComparison:
    """The class optimum's lift against MDA in the plane at ``inst`` (module docstring). MDA's exact d = 1
    supremum is computed first; when its square exceeds 2 C*^2 the plane engine is not needed (MDA's
    Delta_2 factor is at least its d = 1 one, the lift's at most sqrt(2) C*)."""
    from avagree.smt import worst

    from .front import compute

    fr = compute(inst)
    if not fr.ok:
        raise RuntimeError(f"the class front is not certified: {fr.failures}")
    v = fr.vertices[0]
    line = worst("mda", inst.n, inst.f, inst.q, inst.model, d=1, timeout=timeout, ties=ties)
    lo = line.value if line.verdict == "PROVED" else None
    mda, up = line, None
    if lo is None or not 2 * v.contraction ** 2 < Fraction(lo) ** 2:
        mda = worst("mda", inst.n, inst.f, inst.q, inst.model, d=2, timeout=timeout, ties=ties)
        lo = getattr(mda, "lower", None) if lo is None else lo
        up = getattr(mda, "upper", None) if mda.verdict == "PROVED" else None
    wit = lift_lower_bound(list(v.weights), inst, trials=trials) if up is not None else None
    verdict = decide(v.contraction, None if wit is None else wit.ratio_sq, lo, up)
    out = PlaneComparison(inst, v.contraction, v.weights, wit, mda, verdict, ties=ties)
    out.mda_lower, out.mda_upper = lo, up
    return out
