"""The same avagree command on the machine as it is and with extra busy processes (issue 18).

Runs the command twice (``--busy K`` extra spinning processes during the second run), each in a
fresh process, and prints for each run the wall-clock time, the load average before and after, and
the JSON verdict; the verdicts must agree (everything but "seconds"). For docs/z3.md, "Budgets":

    python benchmarks/load_invariance.py --busy 2 -- worst mda --n 7 --f 1 --d 2 --timeout 3600
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from typing import Any

BUSY = "while True:\n    pass\n"


def run(cmd: list[str], busy: int) -> dict[str, Any]:
    procs = [subprocess.Popen([sys.executable, "-c", BUSY]) for _ in range(busy)]
    try:
        load0, t0 = os.getloadavg(), time.perf_counter()
        p = subprocess.run([sys.executable, "-m", "avagree", *cmd, "--json"], capture_output=True, text=True)
        wall, load1 = time.perf_counter() - t0, os.getloadavg()
    finally:
        for b in procs:
            b.kill()
            b.wait()
    doc = json.loads(p.stdout)
    return {"busy": busy, "wall": round(wall, 1), "load_before": [round(x, 2) for x in load0],
            "load_after": [round(x, 2) for x in load1], "exit": p.returncode, "result": doc}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--busy", type=int, default=2, help="spinning processes during the second run")
    ap.add_argument("--json", default=None, help="write both runs here")
    ap.add_argument("cmd", nargs=argparse.REMAINDER, help="the avagree command (after --)")
    args = ap.parse_args()
    cmd = args.cmd[1:] if args.cmd[:1] == ["--"] else args.cmd
    runs = []
    for busy in (0, args.busy):
        r = run(cmd, busy)
        runs.append(r)
        res = r["result"]
        print(f"busy={busy} wall={r['wall']} s load before {r['load_before']} after {r['load_after']} exit={r['exit']}: "
              f"{res.get('verdict')} {res.get('lower', res.get('value'))} {res.get('upper', '')} units={res.get('units')}",
              flush=True)
    same = [{k: v for k, v in r["result"].items() if k != "seconds"} for r in runs]
    print("same verdict:", same[0] == same[1])
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(runs, fh, indent=1)


if __name__ == "__main__":
    main()
