"""An adversary's schedule for one iteration of the broadcast-based algorithm
(section 6), as data: what the Byzantine nodes broadcast and report, and when
every message is delivered. :func:`run_schedule` plays it through the
reference protocol (:func:`avagree.sim.broadcast.execute`: Bracha, the
witnesses, the trimmed middle) in exact arithmetic; :func:`replay` re-runs a
saved trajectory (:mod:`avagree.sim.schedule_search`) and checks every number
it records.

The model's rules, which a schedule cannot break by construction:

* no message is dropped: every message, honest or not, is delivered; the
  schedule only sets its delivery time, ``depth + jitter + LEVEL * level`` with
  ``depth`` the sender's causal depth, ``jitter`` in [0, 1) drawn from
  ``random.Random(seed)`` (stable across Python versions) and ``level`` the
  adversary's delay of the broadcast it belongs to at that receiver
  (``late[(origin, dst)]`` for a value, ``late_reports[(reporter, dst)]`` for a
  report; 0 when absent);
* signatures: the simulator writes every message's sender; a Byzantine node
  speaks only as itself;
* reliable broadcast: a Byzantine node may send different INIT values to
  different nodes (``init``, one entry per receiver, ``None`` for nothing) and
  echoes and readies each of them; Bracha's thresholds then decide what, if
  anything, is delivered;
* witnesses: a Byzantine report lists exactly n - f distinct senders (the
  protocol's report size), reliably broadcast; the Byzantine nodes echo and
  ready every Byzantine report and, with ``help``, every honest INIT (values
  and reports), as correct nodes would.
"""

from __future__ import annotations

import heapq
import random
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from avagree.errors import InputError
from avagree.model.diameters import cw_diameter, diameter_pow, mean
from avagree.model.numbers import parse_rational, rational_str
from avagree.sim.broadcast import IterationResult, Msg, Network, execute

#: delivery-time units of one delay level: more than the causal depth of any iteration
LEVEL = 1000

Vector = tuple[Fraction, ...]


@dataclass
class Byzantine:
    """One Byzantine node's behaviour: its INIT value per receiver (None: nothing
    to that receiver) and the n - f senders of its report (None: no report)."""

    init: tuple[Vector | None, ...]
    report: tuple[int, ...] | None = None


@dataclass
class Schedule:
    """One iteration's adversary (the module docstring)."""

    seed: int
    byzantine: list[Byzantine]
    late: dict[tuple[int, int], int] = field(default_factory=dict)
    late_reports: dict[tuple[int, int], int] = field(default_factory=dict)
    help: bool = True

    def check(self, n: int, f: int, d: int) -> None:
        """InputError unless the schedule is within the model's rules for (n, f, d)."""
        if len(self.byzantine) != f:
            raise InputError(f"schedule has {len(self.byzantine)} Byzantine nodes, expected f = {f}")
        for b in self.byzantine:
            if len(b.init) != n or any(v is not None and len(v) != d for v in b.init):
                raise InputError(f"a Byzantine INIT list needs {n} entries of dimension {d} (or null)")
            if b.report is not None and (len(set(b.report)) != n - f or not all(0 <= k < n for k in b.report)):
                raise InputError(f"a Byzantine report lists n - f = {n - f} distinct senders in 0..{n - 1}")
        for book in (self.late, self.late_reports):
            if any(not (0 <= a < n and 0 <= j < n) or lv < 0 for (a, j), lv in book.items()):
                raise InputError("delay levels are non-negative, on node pairs in 0..n-1")


class ScheduleNetwork(Network):
    """The network of :class:`~avagree.sim.broadcast.Network` with delivery times
    set by a :class:`Schedule` (the module docstring); nothing is lost."""

    def __init__(self, n: int, s: Schedule) -> None:
        super().__init__(n, np.random.default_rng(0), set(), set(), set())
        self.schedule, self.jitter = s, random.Random(s.seed)

    def send(self, src: int, dst: int, kind: str, origin: Any, value: Any, depth: int) -> None:
        report = isinstance(origin, tuple)
        book = self.schedule.late_reports if report else self.schedule.late
        level = book.get((origin[1] if report else origin, dst), 0)
        self.sent += 1
        heapq.heappush(self.queue, Msg(depth + self.jitter.random() + LEVEL * level, self.sent, src, dst, kind, origin,
                                       value, depth + 1))


def run_schedule(x: np.ndarray, n: int, f: int, s: Schedule) -> IterationResult:
    """One iteration of the protocol from the exact honest family ``x`` (h, d) under ``s``."""
    h, d = x.shape
    if h != n - f:
        raise InputError(f"honest family has {h} rows, expected n - f = {n - f}")
    s.check(n, f, d)
    net = ScheduleNetwork(n, s)

    def start() -> None:
        for i, b in enumerate(s.byzantine):
            k = h + i
            for dst, v in enumerate(b.init):
                if v is not None:
                    net.send(k, dst, "init", k, v, 0)
            for v in dict.fromkeys(v for v in b.init if v is not None):  # echo and ready each value sent
                net.to_all(k, "echo", k, v, 0)
                net.to_all(k, "ready", k, v, 0)
            if b.report is not None:
                net.to_all(k, "init", ("report", k), b.report, 0)
                for helper in range(h, n):
                    net.to_all(helper, "echo", ("report", k), b.report, 0)
                    net.to_all(helper, "ready", ("report", k), b.report, 0)

    def react(m: Msg) -> None:
        sender = m.origin[1] if isinstance(m.origin, tuple) else m.origin
        if s.help and m.kind == "init" and m.src == sender < h:  # a correct node's echo and ready
            net.to_all(m.dst, "echo", m.origin, m.value, m.depth)
            net.to_all(m.dst, "ready", m.origin, m.value, m.depth)

    return execute(x, n, f, net, start, react)


def measure(x: np.ndarray, r: IterationResult) -> tuple[Fraction, int]:
    """The iteration's worst coordinate-wise ratio Delta^cw(out)[i] / Delta^cw(in)[i]
    (coordinates with Delta^cw(in)[i] = 0 count as 0) and the smallest overlap
    |Q_j1 & Q_j2| of two honest nodes' collected sets, exactly."""
    ratio = max((o / i if i > 0 else Fraction(0)) for i, o in zip(cw_diameter(x), cw_diameter(r.outputs)))
    return Fraction(ratio), min(len(a & b) for a in r.collected for b in r.collected)


# --- JSON ----------------------------------------------------------------------------------

def vector_json(v: Vector | None) -> list[str] | None:
    return None if v is None else [rational_str(c) for c in v]


def vector_from(v: Any, where: str) -> Vector | None:
    if v is None:
        return None
    if not isinstance(v, list):
        raise InputError(f"{where}: a vector is a list of rationals")
    return tuple(parse_rational(c) for c in v)


def schedule_json(s: Schedule) -> dict[str, Any]:
    return {"seed": s.seed, "help": s.help,
            "byzantine": [{"init": [vector_json(v) for v in b.init], "report": None if b.report is None else list(b.report)}
                          for b in s.byzantine],
            "late": sorted([a, j, lv] for (a, j), lv in s.late.items() if lv),
            "late_reports": sorted([a, j, lv] for (a, j), lv in s.late_reports.items() if lv)}


def schedule_from(doc: Any) -> Schedule:
    """A :class:`Schedule` from :func:`schedule_json`'s form; InputError on a malformed one."""
    try:
        byz = [Byzantine(tuple(vector_from(v, "init") for v in b["init"]),
                         None if b["report"] is None else tuple(int(k) for k in b["report"])) for b in doc["byzantine"]]
        return Schedule(int(doc["seed"]), byz, {(int(a), int(j)): int(lv) for a, j, lv in doc["late"]},
                        {(int(a), int(j)): int(lv) for a, j, lv in doc["late_reports"]}, bool(doc["help"]))
    except (KeyError, TypeError, ValueError) as exc:
        raise InputError(f"malformed schedule: {type(exc).__name__}: {exc}") from None


# --- trajectories: N iterations, one schedule each, replayable ------------------------------

#: the schema of a saved trajectory (:func:`trajectory_json`)
SCHEMA = "avagree.broadcast-schedule/1"


@dataclass
class Trajectory:
    """Honest inputs and one schedule per iteration, with what they give (:func:`play`)."""

    n: int
    f: int
    t: int
    honest: np.ndarray  # exact (h, d)
    schedules: list[Schedule]


@dataclass
class Played:
    """The exact numbers of a trajectory, and Theorem 6's bounds beside them."""

    outputs: list[np.ndarray]  # per iteration, exact (h, d)
    ratios: list[Fraction]
    commons: list[int]
    agreement_sq: Fraction  # Delta_2(y)^2 / Delta_2(x)^2 (0 when Delta_2(x) = 0)
    averaging_sq: Fraction  # ||mean(y) - mean(x)||^2 / Delta_2(x)^2
    bounds: dict[str, Fraction]  # cw_ratio, min_common, agreement_sq, averaging_sq

    @property
    def violated(self) -> list[str]:
        """The bounds of Theorem 6 (and of the witness technique) this trajectory breaks."""
        b = self.bounds
        return [name for name, bad in (("cw_ratio", max(self.ratios) > b["cw_ratio"]),
                                       ("min_common", min(self.commons) < b["min_common"]),
                                       ("agreement", self.agreement_sq > b["agreement_sq"]),
                                       ("averaging", self.averaging_sq > b["averaging_sq"])) if bad]


def theorem6_bounds(n: int, f: int, t: int) -> dict[str, Fraction]:
    """Theorem 6 at (n, f, t), q = n - f: the per-iteration factor on each Delta^cw[i],
    the witnesses' overlap q, and after t + ceil(log2 h) iterations agreement
    (Delta_2 ratio 2^-t) and C-averaging (C = 2 sqrt(h)), the last two squared."""
    from avagree.proofs import constants, to_fraction  # sympy: slow to import

    c = constants("trimmed-middle", n, f, n - f, t=t)
    return {"cw_ratio": to_fraction(c.contraction_factor), "min_common": Fraction(n - f),
            "agreement_sq": Fraction(1, 4 ** t), "averaging_sq": to_fraction(c.averaging_constant ** 2)}


def squared_ratios(x0: np.ndarray, y: np.ndarray) -> tuple[Fraction, Fraction]:
    """Delta_2(y)^2 / Delta_2(x0)^2 and ||mean(y) - mean(x0)||^2 / Delta_2(x0)^2, exactly
    (both 0 when Delta_2(x0) = 0): agreement and averaging, squared."""
    d0 = Fraction(diameter_pow(x0, 2))
    if not d0:
        return Fraction(0), Fraction(0)
    diff = mean(y) - mean(x0)
    return Fraction(diameter_pow(y, 2)) / d0, Fraction((diff * diff).sum()) / d0


def play(tr: Trajectory) -> Played:
    """Run every iteration of ``tr`` through :func:`run_schedule`, exactly."""
    x, outs, ratios, commons = tr.honest, [], [], []
    for s in tr.schedules:
        r = run_schedule(x, tr.n, tr.f, s)
        ratio, common = measure(x, r)
        outs.append(r.outputs)
        ratios.append(ratio)
        commons.append(common)
        x = r.outputs
    return Played(outs, ratios, commons, *squared_ratios(tr.honest, x), theorem6_bounds(tr.n, tr.f, tr.t))


def _matrix_json(a: np.ndarray) -> list[list[str]]:
    return [[rational_str(v) for v in row] for row in a]


def trajectory_json(tr: Trajectory, p: Played, **extra: Any) -> dict[str, Any]:
    """The saved form of a trajectory: inputs, schedules and every number they give."""
    return {"schema": SCHEMA, "n": tr.n, "f": tr.f, "q": tr.n - tr.f, "t": tr.t, "d": int(tr.honest.shape[1]),
            "honest": _matrix_json(tr.honest),
            "iterations": [{"schedule": schedule_json(s), "outputs": _matrix_json(o), "cw_ratio": str(r), "min_common": c}
                           for s, o, r, c in zip(tr.schedules, p.outputs, p.ratios, p.commons)],
            "max_cw_ratio": str(max(p.ratios)), "min_common": min(p.commons), "agreement_sq": str(p.agreement_sq),
            "averaging_sq": str(p.averaging_sq), "bounds": {k: str(v) for k, v in p.bounds.items()},
            "violated": p.violated, **extra}


def trajectory_from(doc: Any) -> Trajectory:
    """The trajectory of a saved document; InputError if it is not one."""
    if not isinstance(doc, dict) or doc.get("schema") != SCHEMA:
        raise InputError(f"not a broadcast schedule (schema {SCHEMA})")
    try:
        honest = np.array([[parse_rational(v) for v in row] for row in doc["honest"]], dtype=object)
        return Trajectory(int(doc["n"]), int(doc["f"]), int(doc["t"]), honest,
                          [schedule_from(it["schedule"]) for it in doc["iterations"]])
    except (KeyError, TypeError, ValueError) as exc:
        raise InputError(f"malformed broadcast schedule: {type(exc).__name__}: {exc}") from None


def replay(doc: dict[str, Any]) -> tuple[bool, str]:
    """Re-run a saved trajectory exactly and compare every recorded number: (ok, reason)."""
    tr = trajectory_from(doc)
    if not tr.schedules or tr.honest.ndim != 2 or tr.honest.shape[0] != tr.n - tr.f:
        raise InputError("a broadcast schedule needs n - f honest rows and at least one iteration")
    fresh = trajectory_json(tr, play(tr))
    recorded = doc.get("iterations")
    for i, it in enumerate(fresh["iterations"]):
        for key in ("outputs", "cw_ratio", "min_common"):
            old = recorded[i].get(key) if isinstance(recorded, list) and isinstance(recorded[i], dict) else None  # same length: the schedules came from it
            if it[key] != old:
                return False, f"iteration {i + 1}: {key} differs on replay: recorded {old}, replayed {it[key]}"
    for key in ("max_cw_ratio", "min_common", "agreement_sq", "averaging_sq", "bounds", "violated"):
        if fresh[key] != doc.get(key):
            return False, f"{key} differs on replay: recorded {doc.get(key)}, replayed {fresh[key]}"
    what = f"violates {', '.join(fresh['violated'])}" if fresh["violated"] else "within Theorem 6's bounds"
    return True, (f"replayed exactly: {len(tr.schedules)} iterations, worst cw ratio {fresh['max_cw_ratio']} "
                  f"(bound {fresh['bounds']['cw_ratio']}), least overlap {fresh['min_common']} (q = {tr.n - tr.f}); {what}")
