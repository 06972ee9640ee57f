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
import sys
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from avagree.algorithms.coordinatewise import trimmed_middle
from avagree.model.execution import check_int


BEHAVIOURS = ("equivocate", "silent", "extreme", "low", "witness")


@dataclass
class IterationResult:
    outputs: np.ndarray  # (h, d)
    collected: list[set[int]]  # senders whose values each honest node used
    values: list[dict[int, tuple]]  # what each honest node delivered, by sender
    messages: int
    depth: int  # communication rounds: causal depth of the last message needed


@dataclass(order=True)
class _Msg:
    time: float
    seq: int
    src: int = field(compare=False)
    dst: int = field(compare=False)
    kind: str = field(compare=False)
    origin: int = field(compare=False)
    value: Any = field(compare=False)
    depth: int = field(compare=False)


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
        from avagree.errors import InputError

        raise InputError(f"honest family has {h} rows, expected n - f = {n - f}")
    rng = np.random.default_rng(seed)
    if byzantine not in BEHAVIOURS:
        from avagree.errors import ParameterError

        raise ParameterError("byzantine", byzantine, f"must be one of {', '.join(BEHAVIOURS)}")
    slow = slow or set()
    late = late or set()
    late_reports = late_reports or set()
    queue: list[_Msg] = []
    seq = [0]
    count = [0]

    def send(src: int, dst: int, kind: str, origin: Any, value: Any, depth: int) -> None:
        about = origin[1] if isinstance(origin, tuple) else origin
        is_report = isinstance(origin, tuple)
        delay = (rng.exponential(1.0) + (25.0 if (src, dst) in slow else 0.0) + (1e6 if (about, dst) in late else 0.0)
                 + (3e6 if is_report and (about, dst) in late_reports else 0.0))  # after every `late` message
        seq[0] += 1
        count[0] += 1
        heapq.heappush(queue, _Msg(delay + depth, seq[0], src, dst, kind, origin, value, depth + 1))

    def to_all(src: int, kind: str, origin: int, value: Any, depth: int) -> None:
        for dst in range(n):
            send(src, dst, kind, origin, value, depth)

    lo, hi = x.min(axis=0), x.max(axis=0)
    one = Fraction(1) if x.dtype == object else 1.0  # exact inputs stay exact
    span = np.array([max(v, one) for v in hi - lo], dtype=x.dtype)
    byz_values = {
        "a": tuple((lo - 10 * span).tolist()), "b": tuple((hi + 10 * span).tolist()),
    }
    # honest INITs
    for j in range(h):
        to_all(j, "init", j, tuple(x[j].tolist()), 0)
    for b in range(h, n):
        if byzantine == "silent":
            continue
        if byzantine == "extreme":
            to_all(b, "init", b, byz_values["b"], 0)
        elif byzantine in ("low", "witness"):  # one far value to everybody; pair it with ``late`` to reach some nodes only
            v = byz_values["a" if byzantine == "low" else "b"]
            to_all(b, "init", b, v, 0)
            for dst in range(n):  # and behave like a correct node in the broadcasts of its own value
                send(b, dst, "echo", b, v, 0)
                send(b, dst, "ready", b, v, 0)
            if byzantine == "witness" and byz_report is not None:  # and a report of its choosing, reliably broadcast
                origin = ("report", b)
                to_all(b, "init", origin, tuple(byz_report), 0)
                for helper in range(h, n):  # every Byzantine node echoes and readies every Byzantine report
                    to_all(helper, "echo", origin, tuple(byz_report), 0)
                    to_all(helper, "ready", origin, tuple(byz_report), 0)
        else:  # equivocate: half the nodes get one value, the rest another; echo both
            for dst in range(n):
                v = byz_values["a"] if dst < n // 2 else byz_values["b"]
                send(b, dst, "init", b, v, 0)
                for key in ("a", "b"):
                    send(b, dst, "echo", b, byz_values[key], 0)

    echo: dict[tuple[int, int, Any], set[int]] = {}
    ready: dict[tuple[int, int, Any], set[int]] = {}
    sent_echo: set[tuple[int, int]] = set()
    sent_ready: set[tuple[int, int]] = set()
    delivered: list[dict[int, Any]] = [dict() for _ in range(n)]
    reported: set[int] = set()
    reports: list[dict[int, frozenset]] = [dict() for _ in range(n)]
    accepted: list[set[int]] = [set() for _ in range(n)]
    done: dict[int, tuple[set[int], int]] = {}
    echo_need = (n + f) // 2 + 1

    def on_deliver(j: int, origin: Any, value: Any, depth: int) -> None:
        if isinstance(origin, tuple):  # a report, reliably broadcast by origin[1]
            reports[j][origin[1]] = frozenset(value)
        else:
            delivered[j][origin] = value
        if j < h and j not in reported and len(delivered[j]) >= n - f:
            reported.add(j)
            rb_start(j, ("report", j), tuple(delivered[j])[: n - f], depth)  # the first n - f delivered
        if j < h and j not in done:
            for k, rep in reports[j].items():
                if k not in accepted[j] and rep <= set(delivered[j]):
                    accepted[j].add(k)
            if len(accepted[j]) >= n - f:
                done[j] = (set(delivered[j]), depth)

    def rb_start(src: int, origin: Any, value: Any, depth: int) -> None:
        to_all(src, "init", origin, value, depth)

    while queue and len(done) < h:
        m = heapq.heappop(queue)
        j = m.dst
        if j >= h:
            if byzantine == "witness" and m.kind == "init" and isinstance(m.origin, tuple) and m.src == m.origin[1] < h:
                # help honest reports through Bracha at once (correct behaviour, chosen when it helps the split)
                to_all(j, "echo", m.origin, m.value, m.depth)
                to_all(j, "ready", m.origin, m.value, m.depth)
            continue  # otherwise Byzantine nodes act as scripted above
        key = (j, m.origin)
        if m.kind == "init":
            sender = m.origin[1] if isinstance(m.origin, tuple) else m.origin
            if m.src == sender and key not in sent_echo:  # INIT must come from the origin itself
                sent_echo.add(key)
                to_all(j, "echo", m.origin, m.value, m.depth)
        elif m.kind in ("echo", "ready"):
            book = echo if m.kind == "echo" else ready
            voters = book.setdefault((j, m.origin, m.value), set())
            voters.add(m.src)
            if key not in sent_ready and ((m.kind == "echo" and len(voters) >= echo_need)
                                          or (m.kind == "ready" and len(voters) >= f + 1)):
                sent_ready.add(key)
                to_all(j, "ready", m.origin, m.value, m.depth)
            if m.kind == "ready" and len(voters) >= 2 * f + 1:
                already = (m.origin in delivered[j]) if not isinstance(m.origin, tuple) else (m.origin[1] in reports[j])
                if not already:
                    on_deliver(j, m.origin, m.value, m.depth)
    if len(done) < h:
        from avagree.errors import AvagreeError

        raise AvagreeError(f"the simulation stalled: {len(done)} of {h} honest nodes finished (n >= 3f + 1 needed)")
    outs, collected, depth = [], [], 0
    for j in range(h):
        senders, dpt = done[j]
        vals = np.array([delivered[j][s] for s in sorted(senders)], dtype=x.dtype)
        outs.append(trimmed_middle(vals, f))
        collected.append(senders)
        depth = max(depth, dpt)
    return IterationResult(np.array(outs), collected, [dict(delivered[j]) for j in range(h)], count[0], depth)


def _schedule(x: np.ndarray, n: int, f: int, byzantine: str) -> dict[str, Any]:
    """The adversary's delays for one iteration (see :func:`simulate`)."""
    h = x.shape[0]
    order = [int(k) for k in np.argsort(x[:, 0], kind="stable")]
    byz = list(range(h, n))
    if byzantine == "witness":
        short, full = order[: h - f], order[h - f:]
        return {"late": {(s, j) for s in full for j in short},
                "late_reports": {(k, j) for k in range(n) for j in full},
                "byz_report": tuple(sorted(short + byz))}
    low, high = order[: h // 2], order[h // 2:]
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
    import math

    from avagree.model.diameters import cw_diameter, diameter_pow, mean
    from avagree.proofs import constants, to_fraction

    check_int("d", d, minimum=1)
    if inputs not in ("gaussian", "clustered"):
        from avagree.errors import ParameterError

        raise ParameterError("inputs", inputs, "must be 'gaussian' or 'clustered'")
    h = n - f
    c = constants("trimmed-middle", n, f, n - f, t=t)
    if not c.feasible:
        from avagree.errors import ParameterError

        raise ParameterError("n", n, f"Theorem 6 needs n >= 3f + 1 ({'; '.join(c.failed)})")
    N = int(c.iterations) if iterations is None else check_int("iterations", iterations, minimum=1)
    rng = np.random.default_rng(seed)
    if inputs == "clustered":
        x0 = np.vstack([np.zeros((h - f, d)), np.ones((f, d))]) + 1e-3 * rng.standard_normal((h, d))
    else:
        x0 = rng.standard_normal((h, d))
    from avagree.model.numbers import convert

    x0 = convert(x0, "exact")  # the run is exact: ratios and the halving check have no rounding
    x = x0.copy()
    rows = []
    worst = Fraction(0)
    from tqdm import tqdm

    for it in tqdm(range(N), desc="iterations", file=sys.stderr, disable=None if progress else True, leave=False):
        r = run_iteration(x, n, f, byzantine=byzantine, seed=seed * 1000 + it, **_schedule(x, n, f, byzantine))
        din, dout = cw_diameter(x), cw_diameter(r.outputs)
        ratio = max((o / i) if i > 0 else Fraction(0) for i, o in zip(din, dout))
        common = min(len(a & b) for a in r.collected for b in r.collected)
        worst = max(worst, ratio)
        rows.append({"iteration": it + 1, "cw_ratio": float(ratio), "min_common": common, "messages": r.messages,
                     "rounds": r.depth})
        x = r.outputs
    d0sq, d_end_sq = diameter_pow(x0, 2), diameter_pow(x, 2)
    diff = mean(x) - mean(x0)
    err_sq = (diff * diff).sum()
    d0 = float(d0sq) ** 0.5
    return {"n": n, "f": f, "d": d, "h": h, "q": n - f, "iterations": N, "byzantine": byzantine, "seed": seed,
            "inputs": inputs,
            "per_iteration": rows, "max_cw_ratio": max(r["cw_ratio"] for r in rows),
            "max_cw_ratio_exact": str(worst), "halving_holds": worst <= to_fraction(c.contraction_factor),
            "final_diameter_ratio": float(d_end_sq) ** 0.5 / d0 if d0 else 0.0, "agreement_target": 2.0 ** -t,
            "agreement_holds": d_end_sq <= d0sq / 4**t,
            "averaging_error_ratio": float(err_sq) ** 0.5 / d0 if d0 else 0.0, "averaging_constant": math.sqrt(int(c.averaging_constant ** 2)),
            "averaging_holds": err_sq <= int(c.averaging_constant ** 2) * d0sq,
            "min_common": min(r["min_common"] for r in rows)}
