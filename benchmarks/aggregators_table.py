"""The markdown table of docs/benchmarks.md ("Aggregators") from the ``--json`` output of
``bench_aggregators.py``: one run of the default install and, optionally, one with
``--no-numba`` (the numpy paths) for the last-but-one column.

    python benchmarks/bench_aggregators.py --json > fast.json
    python benchmarks/bench_aggregators.py --json --no-numba --no-byzfl > numpy.json
    python benchmarks/aggregators_table.py fast.json [numpy.json]
"""

from __future__ import annotations

import json
import sys


def _key(row: dict) -> tuple:
    return row["rule"], row["n"], row["f"], row["d"], row["dtype"]


def _ms(seconds: float) -> str:
    ms = seconds * 1e3
    return f"{ms:.3g} ms" if ms < 100 else f"{ms:.0f} ms"


def _power(d: int) -> str:
    e = len(str(d)) - 1
    return f"10^{e}" if d == 10**e and e > 3 else str(d)


def table(fast: dict, numpy: dict | None = None) -> str:
    slow = {_key(r): r for r in numpy["rows"]} if numpy else {}
    lines = ["| rule | n, f, d | avagree | / one read | CPU / one read | numpy path / one read | ByzFL | ByzFL / avagree |",
             "|---|---|---|---|---|---|---|---|"]
    for r in fast["rows"]:
        name = r["rule"] + (", float32" if r["dtype"] == "float32" else "")
        other = slow.get(_key(r))
        bz = r["byzfl_seconds"]
        numpy_ratio = f"{other['ratio_to_read']:.1f}x" if other else "-"
        versus = f"{bz / r['seconds']:.2f}" if bz else "-"
        lines.append(f"| {name} | {r['n']}, {r['f']}, {_power(r['d'])} | {_ms(r['seconds'])} | {r['ratio_to_read']:.2f}x "
                     f"| {r['cpu_ratio_to_read']:.2f}x | {numpy_ratio} | {_ms(bz) if bz else '-'} | {versus} |")
    loads = [x for r in fast["rows"] for x in r["load"]]
    lines.append("")
    busy = fast.get("busy", 0)
    beside = f" beside {busy} busy-loop processes (`--busy {busy}`)" if busy else ""
    lines.append(f"1-minute load average during the run{beside}: {min(loads):.2f} to {max(loads):.2f}; "
                 f"numpy {fast['numpy']}, Python {fast['python']}, median of {fast['repeat']} interleaved rounds per case.")
    return "\n".join(lines)


def main() -> None:
    docs = [json.load(open(p)) for p in sys.argv[1:3]]
    print(table(*docs))


if __name__ == "__main__":
    main()
