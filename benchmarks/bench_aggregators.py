"""Time every float rule on standard-normal input and print median times, each
beside one read of the same input (np.sum) measured in the same run.

    python benchmarks/bench_aggregators.py [--json] [--repeat R] [--quick]

Rows: every rule at (n, f, d) = (10, 2, 10^6) and (30, 5, 10^5); MDA also at
(20, 4, 1000). q = n - f vectors are aggregated (the asynchronous model).
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import time

import numpy as np

import avagree
from avagree.algorithms import RULES


def _median_time(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def cases(quick: bool):
    scale = 10 if quick else 1
    for n, f, d in [(10, 2, 10**6 // scale), (30, 5, 10**5 // scale)]:
        for rule in RULES:
            yield rule, n, f, d
    yield "mda", 20, 4, 1000


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--quick", action="store_true", help="d divided by 10")
    args = ap.parse_args()
    rng = np.random.default_rng(0)
    rows = []
    for rule, n, f, d in cases(args.quick):
        q = n - f
        z = rng.standard_normal((q, d))
        own = z[0]
        read = _median_time(lambda: np.sum(z), args.repeat)
        secs = _median_time(lambda: avagree.aggregate(rule, z, f, own=own), args.repeat)
        row = {"rule": rule, "n": n, "f": f, "q": q, "d": d, "dtype": "float64", "seconds": secs, "read_seconds": read,
               "ratio_to_read": secs / read, "byzfl_seconds": None}
        rows.append(row)
        if not args.json:
            print(f"{rule:<15} n={n:<3} f={f:<2} d={d:<8} {secs * 1e3:10.2f} ms   {secs / read:8.1f}x one read", flush=True)
    if args.json:
        print(json.dumps({"machine": platform.platform(), "python": platform.python_version(), "numpy": np.__version__,
                          "rows": rows}, indent=1))


if __name__ == "__main__":
    main()
