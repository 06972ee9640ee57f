"""Calibrate z3's resource units against CPU time on this machine (issue 18; docs/z3.md, "Budgets").

Runs representative Z3 questions of avagree (linear d = 1 checks, optimisation, the plane's nonlinear
skeletons) with a budget too large to bind, and prints per question the units spent, the CPU seconds of
this process (z3 runs in it) and their ratio. CPU time, not wall-clock time: the ratio is then the same on
an idle and on a busy machine, which is what lets a budget in units stand for "about so many seconds".

    python benchmarks/calibrate_rlimit.py [--json PATH]
"""

from __future__ import annotations

import argparse
import json
import os
import time

from avagree.smt import decide, worst

#: (label, function, args, kwargs)
CASES = [
    ("check cwtm n=11 f=2 (linear)", decide, ("cwtm", 11, 2, 9), {}),
    ("check mda n=13 f=2 first (linear)", decide, ("mda", 13, 2, 11), {"ties": "first"}),
    ("check mda n=13 f=2 adversary (linear)", decide, ("mda", 13, 2, 11), {}),
    ("worst mda n=13 f=2 first (optimise)", worst, ("mda", 13, 2, 11), {"ties": "first"}),
    ("worst cwtm n=11 f=2 (optimise)", worst, ("cwtm", 11, 2, 9), {}),
    ("check mda n=7 f=1 d=2 (relaxation)", decide, ("mda", 7, 1, 6), {"d": 2}),
    ("check mda n=6 f=1 sync d=2 bound 31/50", decide, ("mda", 6, 1, 6, "sync"),
     {"d": 2, "bound": "31/50", "strict": False}),
    ("check mda n=6 f=1 d=2 first (nonlinear, budget 150M)", decide, ("mda", 6, 1, 5),
     {"d": 2, "ties": "first", "rlimit": 150_000_000}),
]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", default=None)
    args = ap.parse_args()
    rows = []
    print(f"load average {os.getloadavg()[0]:.2f}")
    print(f"{'case':<54}{'verdict':>15}{'units':>14}{'cpu s':>8}{'wall s':>8}{'units/cpu s':>13}")
    for label, fn, a, kw in CASES:
        c0, w0 = time.process_time(), time.perf_counter()
        r = fn(*a, **{"timeout": None, "rlimit": 2_000_000_000, **kw})
        cpu, wall = time.process_time() - c0, time.perf_counter() - w0
        rate = r.units / cpu if cpu > 0 else 0.0
        rows.append({"case": label, "verdict": str(r.verdict), "units": r.units, "cpu": round(cpu, 3),
                     "wall": round(wall, 3), "rate": round(rate)})
        print(f"{label:<54}{r.verdict:>15}{r.units:>14}{cpu:>8.2f}{wall:>8.2f}{rate:>13.0f}", flush=True)
    print(f"load average {os.getloadavg()[0]:.2f}")
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(rows, fh, indent=1)


if __name__ == "__main__":
    main()
