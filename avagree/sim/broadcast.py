"""The broadcast-based algorithm of section 6, as an asynchronous message-passing
simulation (one iteration per call of :func:`run_iteration`).

* Reliable broadcast (Bracha): INIT -> ECHO -> READY; a node sends READY(s, v)
  after ECHO(s, v) from more than (n + f)/2 nodes or READY(s, v) from f + 1, and
  delivers (s, v) after READY(s, v) from 2f + 1. A Byzantine sender may
  equivocate at INIT; honest nodes still deliver at most one value per sender.
* Witnesses (Abraham, Amit, Dolev 2004): a node that has delivered n - f
  values reliably broadcasts the list of their senders (its report); it accepts a
  report once it has delivered every value listed, and stops after accepting
  n - f reports. Its collected set is everything it has delivered by then.
* Local rule: coordinate-wise trimmed middle of the collected set (drop f on
  each side, midpoint of what remains).

Authentication is modelled by the message's ``src`` field, which only the
simulator writes: a Byzantine node can say anything, but never as another node.
The scheduler delivers messages in an order drawn from a seeded generator, with
extra delay on the links the adversary chooses to slow down; no honest message
is ever lost. Deterministic given the seed.
"""

from __future__ import annotations

import heapq
import math
import sys
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Callable

import numpy as np

from avagree.adversaries.split import by_value, halves
from avagree.algorithms.coordinatewise import trimmed_middle
from avagree.errors import AvagreeError, InputError, ParameterError
from avagree.model.diameters import cw_diameter, diameter_pow, mean
from avagree.model.execution import check_int
from avagree.model.numbers import convert


BEHAVIOURS = ("equivocate", "silent", "extreme", "low", "witness")


@dataclass
class IterationResult:
    outputs: np.ndarray  # (h, d)
    collected: list[set[int]]  # senders whose values each honest node used
    values: list[dict[int, tuple]]  # what each honest node delivered, by sender
    messages: int
    depth: int  # communication rounds: causal depth of the last message needed


@dataclass(order=True)
class Msg:
    time: float
    seq: int
    src: int = field(compare=False)
    dst: int = field(compare=False)
    kind: str = field(compare=False)
    origin: int = field(compare=False)
    value: Any = field(compare=False)
    depth: int = field(compare=False)


class Network:
    """The scheduler: every message gets a delivery time (its sender's causal depth,
    an exponential delay drawn from the seeded generator, and the adversary's
    extra delay on ``slow`` links and ``late`` / ``late_reports`` pairs; see
    :func:`run_iteration`) and is delivered in that order; nothing is lost."""

    def __init__(self, n: int, rng: np.random.Generator, slow: set[tuple[int, int]], late: set[tuple[int, int]],
                 late_reports: set[tuple[int, int]]) -> None:
        self.n, self.rng = n, rng
        self.slow, self.late, self.late_reports = slow, late, late_reports
        self.queue: list[Msg] = []
        self.sent = 0  # messages sent so far, also the tie-break of equal times

    def send(self, src: int, dst: int, kind: str, origin: Any, value: Any, depth: int) -> None:
        about = origin[1] if isinstance(origin, tuple) else origin
        is_report = isinstance(origin, tuple)
        delay = (self.rng.exponential(1.0) + (25.0 if (src, dst) in self.slow else 0.0)
                 + (1e6 if (about, dst) in self.late else 0.0)
                 + (3e6 if is_report and (about, dst) in self.late_reports else 0.0))  # after every `late` message
        self.sent += 1
        heapq.heappush(self.queue, Msg(delay + depth, self.sent, src, dst, kind, origin, value, depth + 1))

    def to_all(self, src: int, kind: str, origin: Any, value: Any, depth: int) -> None:
        for dst in range(self.n):
            self.send(src, dst, kind, origin, value, depth)


class _Honest:
    """Bracha's reliable broadcast and the witness technique at the h honest nodes
    (the module docstring): ECHO once per INIT from its origin, READY after more
    than (n + f)/2 ECHOs or f + 1 READYs, deliver after 2f + 1 READYs; report the
    first n - f values delivered, accept reports whose values are all delivered,
    finish after n - f accepted reports."""

    def __init__(self, net: Network, n: int, f: int) -> None:
        self.net, self.n, self.f, self.h = net, n, f, n - f
        self.echo: dict[tuple[int, int, Any], set[int]] = {}
        self.ready: dict[tuple[int, int, Any], set[int]] = {}
        self.sent_echo: set[tuple[int, int]] = set()
        self.sent_ready: set[tuple[int, int]] = set()
        self.delivered: list[dict[int, Any]] = [dict() for _ in range(n)]
        self.reported: set[int] = set()
        self.reports: list[dict[int, frozenset]] = [dict() for _ in range(n)]
        self.accepted: list[set[int]] = [set() for _ in range(n)]
        self.done: dict[int, tuple[set[int], int]] = {}  # finished node -> (collected senders, causal depth)
        self.echo_need = (n + f) // 2 + 1

    def receive(self, m: Msg) -> None:
        """Honest node m.dst handles one message."""
        j = m.dst
        key = (j, m.origin)
        if m.kind == "init":
            sender = m.origin[1] if isinstance(m.origin, tuple) else m.origin
            if m.src == sender and key not in self.sent_echo:  # INIT must come from the origin itself
                self.sent_echo.add(key)
                self.net.to_all(j, "echo", m.origin, m.value, m.depth)
        elif m.kind in ("echo", "ready"):
            book = self.echo if m.kind == "echo" else self.ready
            voters = book.setdefault((j, m.origin, m.value), set())
            voters.add(m.src)
            if key not in self.sent_ready and ((m.kind == "echo" and len(voters) >= self.echo_need)
                                               or (m.kind == "ready" and len(voters) >= self.f + 1)):
                self.sent_ready.add(key)
                self.net.to_all(j, "ready", m.origin, m.value, m.depth)
            if m.kind == "ready" and len(voters) >= 2 * self.f + 1:
                already = ((m.origin in self.delivered[j]) if not isinstance(m.origin, tuple)
                           else (m.origin[1] in self.reports[j]))
                if not already:
                    self._deliver(j, m.origin, m.value, m.depth)

    def _deliver(self, j: int, origin: Any, value: Any, depth: int) -> None:
        n, f, h = self.n, self.f, self.h
        if isinstance(origin, tuple):  # a report, reliably broadcast by origin[1]
            self.reports[j][origin[1]] = frozenset(value)
        else:
            self.delivered[j][origin] = value
        if j < h and j not in self.reported and len(self.delivered[j]) >= n - f:
            self.reported.add(j)
            self.net.to_all(j, "init", ("report", j), tuple(self.delivered[j])[: n - f], depth)  # the first n - f delivered
        if j < h and j not in self.done:
            for k, rep in self.reports[j].items():
                if k not in self.accepted[j] and rep <= set(self.delivered[j]):
                    self.accepted[j].add(k)
            if len(self.accepted[j]) >= n - f:
                self.done[j] = (set(self.delivered[j]), depth)


def far_values(x: np.ndarray) -> tuple[tuple, tuple]:
    """Values ten honest spreads below the minimum and above the maximum, per
    coordinate (a spread of at least 1; exact inputs give exact values)."""
    lo, hi = x.min(axis=0), x.max(axis=0)
    one = Fraction(1) if x.dtype == object else 1.0  # exact inputs stay exact
    span = np.array([max(v, one) for v in hi - lo], dtype=x.dtype)
    return tuple((lo - 10 * span).tolist()), tuple((hi + 10 * span).tolist())


def _byzantine_sends(net: Network, h: int, byzantine: str, low: tuple, high: tuple,
                     byz_report: tuple[int, ...] | None) -> None:
    """What the Byzantine nodes h..n-1 send at the start (see :data:`BEHAVIOURS`)."""
    n = net.n
    for b in range(h, n):
        if byzantine == "silent":
            continue
        if byzantine == "extreme":
            net.to_all(b, "init", b, high, 0)
        elif byzantine in ("low", "witness"):  # one far value to everybody; pair it with ``late`` to reach some nodes only
            v = low if byzantine == "low" else high
            net.to_all(b, "init", b, v, 0)
            for dst in range(n):  # and behave like a correct node in the broadcasts of its own value
                net.send(b, dst, "echo", b, v, 0)
                net.send(b, dst, "ready", b, v, 0)
            if byzantine == "witness" and byz_report is not None:  # and a report of its choosing, reliably broadcast
                origin = ("report", b)
                net.to_all(b, "init", origin, tuple(byz_report), 0)
                for helper in range(h, n):  # every Byzantine node echoes and readies every Byzantine report
                    net.to_all(helper, "echo", origin, tuple(byz_report), 0)
                    net.to_all(helper, "ready", origin, tuple(byz_report), 0)
        else:  # equivocate: half the nodes get one value, the rest another; echo both
            for dst in range(n):
                net.send(b, dst, "init", b, low if dst < n // 2 else high, 0)
                for v in (low, high):
                    net.send(b, dst, "echo", b, v, 0)


def run_iteration(x: np.ndarray, n: int, f: int, *, byzantine: str = "equivocate", seed: int = 0,
                  slow: set[tuple[int, int]] | None = None, late: set[tuple[int, int]] | None = None,
                  late_reports: set[tuple[int, int]] | None = None,
                  byz_report: tuple[int, ...] | None = None) -> IterationResult:
    """One iteration for honest vectors ``x`` (h, d). ``byzantine``: one of
    :data:`BEHAVIOURS`. ``slow``: links (src, dst) delayed a little; ``late``:
    pairs (origin, dst) such that every message about origin's value and report
    reaches dst very late (the adversary's way to keep a value out of a node's
    collected set without dropping anything); ``late_reports``: pairs (reporter,
    dst) delaying only the report. ``byz_report`` (behaviour "witness"): the
    senders every Byzantine node lists in the report it reliably broadcasts."""
    check_int("n", n, minimum=1)
    check_int("f", f, minimum=0)
    h, d = x.shape
    if h != n - f:
        raise InputError(f"honest family has {h} rows, expected n - f = {n - f}")
    rng = np.random.default_rng(seed)
    if byzantine not in BEHAVIOURS:
        raise ParameterError("byzantine", byzantine, f"must be one of {', '.join(BEHAVIOURS)}")
    net = Network(n, rng, slow or set(), late or set(), late_reports or set())
    low, high = far_values(x)

    def help_reports(m: Msg) -> None:
        if byzantine == "witness" and m.kind == "init" and isinstance(m.origin, tuple) and m.src == m.origin[1] < h:
            # help honest reports through Bracha at once (correct behaviour, chosen when it helps the split)
            net.to_all(m.dst, "echo", m.origin, m.value, m.depth)
            net.to_all(m.dst, "ready", m.origin, m.value, m.depth)
        # otherwise Byzantine nodes act as scripted by _byzantine_sends

    return execute(x, n, f, net, lambda: _byzantine_sends(net, h, byzantine, low, high, byz_report), help_reports)


def execute(x: np.ndarray, n: int, f: int, net: Network, start: Callable[[], None],
            react: Callable[[Msg], None]) -> IterationResult:
    """One iteration on the network ``net`` (whose scheduler decides every delivery
    time): the honest nodes 0..h-1 broadcast their rows of ``x`` and run
    :class:`_Honest`; ``start()`` queues what the Byzantine nodes send first, and
    ``react(m)`` is how they answer each message ``m`` delivered to one of them.
    Stops when every honest node has finished (an error if the queue empties first);
    each output is the trimmed middle of the node's collected values."""
    h = n - f
    for j in range(h):  # honest INITs
        net.to_all(j, "init", j, tuple(x[j].tolist()), 0)
    start()
    honest = _Honest(net, n, f)
    while net.queue and len(honest.done) < h:
        m = heapq.heappop(net.queue)
        if m.dst < h:
            honest.receive(m)
        else:
            react(m)
    if len(honest.done) < h:
        raise AvagreeError(f"the simulation stalled: {len(honest.done)} of {h} honest nodes finished (n >= 3f + 1 needed)")
    outs, collected, depth = [], [], 0
    for j in range(h):
        senders, dpt = honest.done[j]
        vals = np.array([honest.delivered[j][s] for s in sorted(senders)], dtype=x.dtype)
        outs.append(trimmed_middle(vals, f))
        collected.append(senders)
        depth = max(depth, dpt)
    return IterationResult(np.array(outs), collected, [dict(honest.delivered[j]) for j in range(h)], net.sent, depth)


def _schedule(x: np.ndarray, n: int, f: int, byzantine: str) -> dict[str, Any]:
    """The adversary's delays for one iteration (see :func:`simulate`): a split
    (:mod:`avagree.adversaries.split`) of the honest nodes by first coordinate,
    cut at floor(h/2), or at h - f for "witness"."""
    h = x.shape[0]
    order = by_value(x[:, 0])
    byz = list(range(h, n))
    if byzantine == "witness":
        short, full = halves(order, h - f)
        return {"late": {(s, j) for s in full for j in short},
                "late_reports": {(k, j) for k in range(n) for j in full},
                "byz_report": tuple(sorted(short + byz))}
    low, high = halves(order, h // 2)
    return {"late": ({(s, j) for s in high[len(high) - f:] for j in low} | {(s, j) for s in low[:f] for j in high}
                     | {(b, j) for b in byz for j in high})}


def simulate(n: int, f: int, d: int = 2, iterations: int | None = None, t: int = 1, byzantine: str = "equivocate",
             seed: int = 0, inputs: str = "gaussian", progress: bool = False) -> dict[str, Any]:
    """Iterate the protocol (t + ceil(log2 h) times by default, Theorem 6) from an
    honest family (``inputs``: "gaussian", or "clustered": h - f nodes near 0 and
    f near 1 in every coordinate) and report, per iteration, the worst
    coordinate-wise contraction ratio, the smallest overlap of two collected
    sets, messages and communication rounds; check 2 sqrt(h)-averaging at the end.

    Schedules. Every behaviour but "witness": the lower half of the honest nodes
    (by first coordinate) hears the f highest honest values and every Byzantine
    value late, the upper half the f lowest. "witness" (the strongest we know):
    the h - f lowest nodes never hear the f highest in time; the Byzantine nodes
    broadcast one far-high value each and reliably broadcast reports listing the
    h - f lowest and themselves, so that those nodes complete n - f accepted
    reports with exactly n - f collected values while the f highest nodes, whose
    reports arrive last, collect all n. The two groups' trimmed middles then
    differ by (x_(h-1) - x_(h-f-1)) / 2 per coordinate, which approaches half the
    diameter on clustered inputs: Theorem 6's halving is tight."""
    from avagree.proofs import constants, to_fraction  # sympy: slow to import, and this module loads with the CLI

    check_int("d", d, minimum=1)
    from avagree.sim.limits import check_simulate  # issue 26: refused before any work

    check_simulate(n, f, d, iterations)
    if inputs not in ("gaussian", "clustered"):
        raise ParameterError("inputs", inputs, "must be 'gaussian' or 'clustered'")
    h = n - f
    c = constants("trimmed-middle", n, f, n - f, t=t)
    if not c.feasible:
        raise ParameterError("n", n, f"Theorem 6 needs n >= 3f + 1 ({'; '.join(c.failed)})")
    N = int(c.iterations) if iterations is None else check_int("iterations", iterations, minimum=1)
    check_simulate(n, f, d, N)  # the iterations that --t gives, too
    x0 = _inputs(h, f, d, inputs, np.random.default_rng(seed))
    x = x0.copy()
    rows = []
    worst = Fraction(0)
    from tqdm import tqdm  # optional progress bar

    for it in tqdm(range(N), desc="iterations", file=sys.stderr, disable=None if progress else True, leave=False):
        r = run_iteration(x, n, f, byzantine=byzantine, seed=seed * 1000 + it, **_schedule(x, n, f, byzantine))
        din, dout = cw_diameter(x), cw_diameter(r.outputs)
        ratio = max((o / i) if i > 0 else Fraction(0) for i, o in zip(din, dout))
        common = min(len(a & b) for a in r.collected for b in r.collected)
        worst = max(worst, ratio)
        rows.append({"iteration": it + 1, "cw_ratio": float(ratio), "min_common": common, "messages": r.messages,
                     "rounds": r.depth})
        x = r.outputs
    return {"n": n, "f": f, "d": d, "h": h, "q": n - f, "iterations": N, "byzantine": byzantine, "seed": seed,
            "inputs": inputs,
            "per_iteration": rows, "max_cw_ratio": max(r["cw_ratio"] for r in rows),
            "max_cw_ratio_exact": str(worst), "halving_holds": worst <= to_fraction(c.contraction_factor),
            **end_checks(x0, x, t, int(c.averaging_constant ** 2)),
            "min_common": min(r["min_common"] for r in rows)}


def _inputs(h: int, f: int, d: int, inputs: str, rng: np.random.Generator) -> np.ndarray:
    """The honest family of :func:`simulate`, as exact rationals (so that ratios
    and the halving check have no rounding)."""
    if inputs == "clustered":
        x0 = np.vstack([np.zeros((h - f, d)), np.ones((f, d))]) + 1e-3 * rng.standard_normal((h, d))
    else:
        x0 = rng.standard_normal((h, d))
    return convert(x0, "exact")


def end_checks(x0: np.ndarray, x: np.ndarray, t: int, C_squared: int) -> dict[str, Any]:
    """AVG_t at the end of :func:`simulate`: agreement Delta_2(x)^2 <= Delta_2(x0)^2 / 4^t,
    and C-averaging ||mean(x) - mean(x0)||^2 <= C^2 Delta_2(x0)^2 with Theorem 6's
    C = 2 sqrt(h), passed squared (4h) so the check stays exact."""
    d0sq, d_end_sq = diameter_pow(x0, 2), diameter_pow(x, 2)
    diff = mean(x) - mean(x0)
    err_sq = (diff * diff).sum()
    d0 = float(d0sq) ** 0.5
    return {"final_diameter_ratio": float(d_end_sq) ** 0.5 / d0 if d0 else 0.0, "agreement_target": 2.0 ** -t,
            "agreement_holds": d_end_sq <= d0sq / 4**t,
            "averaging_error_ratio": float(err_sq) ** 0.5 / d0 if d0 else 0.0, "averaging_constant": math.sqrt(C_squared),
            "averaging_holds": err_sq <= C_squared * d0sq}
