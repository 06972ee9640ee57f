"""Check ByzFL's aggregators (TrMean, Median, Krum, MDA) with the avagree oracle.

    pip install byzfl      # optional: pulls torch; not part of avagree's install
    python examples/byzfl_oracle.py [--examples K] [--json]

ByzFL's package __init__ imports its benchmark (torchvision, seaborn...). The
aggregators only need numpy and torch, so this loads ``byzfl.aggregators`` on
its own when the full package cannot be imported.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import json
import sys
import types

import numpy as np

import avagree


def load_byzfl_aggregators():
    try:
        return importlib.import_module("byzfl.aggregators.aggregators")
    except ImportError:
        pass
    spec = importlib.util.find_spec("byzfl")
    if spec is None:
        raise ImportError("byzfl is not installed (pip install byzfl)")
    shell = types.ModuleType("byzfl")  # a namespace without byzfl/__init__.py's benchmark imports
    shell.__path__ = list(spec.submodule_search_locations)
    sys.modules["byzfl"] = shell
    return importlib.import_module("byzfl.aggregators.aggregators")


class ByzFLRule:
    """ByzFL's aggregator ``name`` as an avagree rule object: called on the received
    (q, d) floats with ``f``. Its witnesses record ``python:byzfl_oracle:ByzFLRule(name='TrMean')``,
    so ``avagree replay`` rebuilds it from the folder holding this file."""

    def __init__(self, name: str):
        self.name = name
        self._cls = getattr(load_byzfl_aggregators(), name)

    def __call__(self, received, f):
        try:
            agg = self._cls(f=f)
        except TypeError:  # ByzFL's Median and Average take no f
            agg = self._cls()
        return np.asarray(agg(np.asarray(received, dtype=np.float64)), dtype=np.float64)


def byzfl_rule(name: str) -> ByzFLRule:
    """ByzFL's aggregator ``name`` as an avagree rule (kept for callers of the first version)."""
    return ByzFLRule(name)


CASES = [(n, f) for f in (1, 2) for n in (3 * f + 1, 4 * f + 1, 5 * f + 1, 6 * f + 1, 7 * f + 1)]
RULES = ("TrMean", "Median", "Krum", "MDA")
SPECS = ("contraction", "strict-contraction", "quasi-unanimity-own", "validity")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--examples", type=int, default=300)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    import byzfl_oracle  # this file under its own name (the script's folder is on sys.path), so witnesses rebuild

    rows = []
    for name in RULES:
        rule = byzfl_oracle.ByzFLRule(name)
        for n, f in CASES:
            rep = avagree.check(rule, n, f, d=2, specs=SPECS, examples=args.examples, save_dir="avagree-out/byzfl")
            row = {"rule": name, "n": n, "f": f, **{r.spec: r.status for r in rep.results}}
            rows.append(row)
            if not args.json:
                print(f"{name:<7} n={n:<3} f={f}  " + "  ".join(f"{s}={row[s]}" for s in SPECS), flush=True)
    if args.json:
        print(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
