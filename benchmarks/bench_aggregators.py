"""Time the float rules on standard-normal input, beside one read of the same
input (np.sum) and ByzFL's implementation of the same rule (when installed),
all measured in the same run.

    python benchmarks/bench_aggregators.py [--json] [--repeat R] [--quick] [--no-byzfl] [--no-numba] [--rules a,b]
                                           [--busy N] [--all-threads]

``--no-numba`` times the numpy paths (what runs where numba has no wheel).
``--all-threads`` runs every kernel call on numba's thread count (by default a call is
cut to the cores idle when it starts, algorithms/fast.py).
``--busy N`` runs N busy-loop processes (``while True: pass``) for the whole run, the
loaded rows of docs/benchmarks.md; they are stopped when the run ends, is interrupted
(Ctrl-C, SIGTERM), or, should this process be killed, by themselves (each checks every
few milliseconds that its parent is still there).

Each case runs ``--repeat`` interleaved rounds (the read, the rule and ByzFL's rule
once each, in rotating order); the ratio to one read is the median over rounds of
the rule's time over the read's time in the same round, and beside it the same
median of CPU-time ratios (the process's CPU seconds: on a loaded machine a call
longer than a scheduler slice is stretched by the load and a short read is not, so
the wall-clock ratio grows with the load; CPU time counts both threads of a
parallel kernel, so on a quiet machine it is the larger). The 1-minute load
average is recorded before and after each case.

ByzFL is timed when ``byzfl.aggregators`` imports (it needs torch; ``pip install
byzfl`` or put an unpacked ByzFL and torch on PYTHONPATH).

Cases (the rule aggregates n vectors, as ByzFL's rules do with their input):
* every rule at (n, f, d) = (10, 2, 10^6) and (30, 5, 10^5);
* cwtm, median, trimmed-middle at (10, 2, 10^7), float64 and float32;
* mda at (20, 4, 1000) and (40, 8, 1000) (ByzFL's MDA lists every subset: at
  (40, 8) that is 76.9 million subsets, so it is not run there).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

import avagree
from avagree.algorithms import RULES, fast

BYZFL_NAMES = {"mean": "Average", "median": "Median", "cwtm": "TrMean", "krum": "Krum", "multi-krum": "MultiKrum",
               "mda": "MDA"}


#: A busy loop that ends when its parent is gone (getppid changes), checked every 10^5 steps.
BUSY = "import os\np = os.getppid()\nwhile os.getppid() == p:\n    for _ in range(100000):\n        pass\n"


@contextlib.contextmanager
def busy_loops(count: int):
    """``count`` busy-loop processes while the block runs; stopped however it ends (SIGTERM
    is turned into SystemExit so that this runs too)."""
    previous = signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    procs = []
    try:
        for _ in range(count):
            procs.append(subprocess.Popen([sys.executable, "-c", BUSY]))
        yield procs
    finally:
        for p in procs:
            p.kill()
        for p in procs:
            p.wait()
        signal.signal(signal.SIGTERM, previous)


def _interleaved(fns: dict, rounds: int) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """(wall-clock seconds, CPU seconds of the process) of each call, ``rounds`` rounds in which every
    function runs once, the first one rotating from round to round: a burst of load from other
    processes falls on all of them alike."""
    names = list(fns)
    wall: dict[str, list[float]] = {k: [] for k in names}
    cpu: dict[str, list[float]] = {k: [] for k in names}
    for r in range(rounds):
        for k in names[r % len(names):] + names[: r % len(names)]:
            c0, t0 = time.process_time(), time.perf_counter()
            fns[k]()
            wall[k].append(time.perf_counter() - t0)
            cpu[k].append(time.process_time() - c0)
    return wall, cpu


def _ratio(times: dict[str, list[float]], name: str) -> float:
    """The median over rounds of ``name``'s time over the read's time in the same round."""
    return statistics.median(t / r for t, r in zip(times[name], times["read"]))


def byzfl_rules() -> dict:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "examples"))
    try:
        from byzfl_oracle import load_byzfl_aggregators

        mod = load_byzfl_aggregators()
    except ImportError:
        return {}
    finally:
        sys.path.pop(0)
    out = {}
    for ours, theirs in BYZFL_NAMES.items():
        cls = getattr(mod, theirs, None)
        if cls is not None:
            out[ours] = cls
    return out


def cases(quick: bool, rules: list[str]):
    s = 10 if quick else 1
    for n, f, d in [(10, 2, 10**6 // s), (30, 5, 10**5 // s)]:
        for rule in rules:
            yield rule, n, f, d, np.float64, True
    for rule in ("cwtm", "median", "trimmed-middle"):
        for dtype in (np.float64, np.float32):
            if rule in rules:
                yield rule, 10, 2, 10**7 // s, dtype, False
    if "mda" in rules:
        yield "mda", 20, 4, 1000, np.float64, True
        yield "mda", 40, 8, 1000, np.float64, False


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--repeat", type=int, default=9, help="interleaved rounds per case")
    ap.add_argument("--quick", action="store_true", help="d divided by 10")
    ap.add_argument("--no-byzfl", action="store_true")
    ap.add_argument("--no-numba", action="store_true", help="the numpy paths only")
    ap.add_argument("--rules", default=",".join(RULES), help="comma-separated rule names (default: all)")
    ap.add_argument("--all-threads", action="store_true",
                    help="every kernel call on numba's thread count, not cut to the idle cores")
    ap.add_argument("--busy", type=int, default=0, metavar="N",
                    help="run N busy-loop processes during the run (the loaded rows)")
    args = ap.parse_args()
    if args.busy < 0:
        ap.error("--busy must be >= 0")
    with busy_loops(args.busy):
        if args.busy:
            time.sleep(1.0)  # let the loops start and the scheduler spread them
        run(args)


def run(args: argparse.Namespace) -> None:
    # Before any OpenMP runtime loads: torch (imported for ByzFL before avagree's first kernel)
    # loads libgomp with spinning waits, and avagree's own setting (algorithms/fast.py) then
    # comes too late; spinning threads of one pool take the cores the other's working threads
    # need (at (30, 5, 10^5), load 1.4: the mean 6.9 ms with them, 1.8 ms without; ByzFL's
    # times unchanged within the noise). Both libraries run under the same setting.
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    if args.no_numba:
        fast.AVAILABLE = False
    if args.all_threads:
        fast.IDLE_CORES_ONLY = False
    theirs = {} if args.no_byzfl else byzfl_rules()
    rng = np.random.default_rng(0)
    rows = []
    for rule, n, f, d, dtype, compare in cases(args.quick, args.rules.split(",")):
        q = n
        z = rng.standard_normal((q, d)).astype(dtype)
        own = z[0]
        avagree.aggregate(rule, z[:, : min(d, 4096)].copy(), f, own=own[: min(d, 4096)])  # compile kernels, warm up
        fns = {"read": lambda: np.sum(z), "rule": lambda: avagree.aggregate(rule, z, f, own=own)}
        agg = None
        if compare and rule in theirs:
            try:
                agg = theirs[rule](f=f)
            except TypeError:
                agg = theirs[rule]()
            if rule != "mda":  # ByzFL's MDA lists every subset (seconds): timed once, below
                fns["byzfl"] = lambda: agg(z)
        load = os.getloadavg()[0]
        times, cpu = _interleaved(fns, args.repeat)
        secs, read = statistics.median(times["rule"]), statistics.median(times["read"])
        ratio, ratio_cpu = _ratio(times, "rule"), _ratio(cpu, "rule")
        bz = statistics.median(times["byzfl"]) if "byzfl" in times else None
        if agg is not None and bz is None:
            bz = _interleaved({"byzfl": lambda: agg(z)}, 1)[0]["byzfl"][0]
        row = {"rule": rule, "n": n, "f": f, "q": q, "d": d, "dtype": np.dtype(dtype).name, "seconds": secs,
               "read_seconds": read, "ratio_to_read": ratio, "cpu_ratio_to_read": ratio_cpu,
               "cpu_seconds": statistics.median(cpu["rule"]), "byzfl_seconds": bz,
               "speedup_vs_byzfl": (bz / secs) if bz else None, "numba": fast.usable(z),
               "load": [load, os.getloadavg()[0]], "busy": args.busy}
        rows.append(row)
        if not args.json:
            extra = f"   ByzFL {bz * 1e3:9.1f} ms ({bz / secs:6.1f}x slower)" if bz else ""
            print(f"{rule:<15} n={n:<3} f={f:<2} d={d:<8} {row['dtype']:<8} {secs * 1e3:9.2f} ms "
                  f"{ratio:5.2f}x one read (CPU time: {ratio_cpu:5.2f}x){extra}   load {load:.1f}"
                  + (f" ({args.busy} busy)" if args.busy else ""), flush=True)
    if args.json:
        print(json.dumps({"machine": platform.platform(), "python": platform.python_version(), "numpy": np.__version__,
                          "numba": fast.AVAILABLE, "omp_wait_policy": os.environ.get("OMP_WAIT_POLICY"),
                          "numba_threads": _numba_threads(), "idle_cores_only": fast.IDLE_CORES_ONLY, "busy": args.busy,
                          "load": os.getloadavg(),
                          "repeat": args.repeat, "rows": rows}, indent=1))


def _numba_threads() -> int | None:
    if not fast.AVAILABLE:
        return None
    import numba

    return numba.get_num_threads()


if __name__ == "__main__":
    main()
