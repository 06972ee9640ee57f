"""Time the Z3 engine: every sweep case of the audit (CwTM and MDA, f = 1, 2,
n = 3f+1..7f+1, asynchronous and synchronous), the encodings of deliveries
(order statistics as interleaved variables, the default; sorted index selection
with the merge formula; Boolean selections with ranks) on the same cases, and the
largest n decided within a budget. Every row gives seconds and z3 units.

    python benchmarks/bench_smt.py [--json] [--limit 60] [--largest] [--geometry] [--plane] [--reach] [--rounds]

The sweep and ``--largest`` are decided by a budget of ``--limit`` seconds at the calibrated rate
(``--limit`` x :data:`avagree.smt.limits.UNITS_PER_SECOND` z3 units a case, no wall-clock limit), so
their verdicts, and the largest n, are the same on a loaded and a quiet machine; the seconds beside them
are the load's.

``--reach``: only MDA, f = 3, d = 1, async (q = n - f) at n = 17 and 19 under
both tie rules, with the default encoding and with ``merge``.

``--geometry``: MDA in d = 2 (nonlinear, skeleton by skeleton) with and without
the linear relaxation, on the same cases, in the same run.

``--plane``: MDA in the plane, async (q = n - f), f = 1 at n = 5..8 and f = 2 at n = 11, 12, 13, with the
default budget and no wall-clock limit: verdict, seconds, z3 units, skeleton classes against raw skeletons;
then the planar supremum of one round at n = 13, f = 2 (``worst --d 2``).

``--rounds``: two and three rounds of strict contraction ("does every T-round execution contract?"),
CwTM and MDA (ties=adversary), d = 1, f = 2, async, q = n - f, n = 7..13, decided by induction from
one-round lemmas (:mod:`avagree.smt.rounds`), with the verdict, the seconds and the z3 units of each;
then the exact T-round supremum against the one-round one (``worst_rounds``).

``--rounds-averaging``: two and three rounds of averaging with the default C = 1, CwTM (n = 11, 13) and
MDA (ties=adversary at n = 7, 13; first at n = 13), d = 1, f = 2, async, q = n - f, decided by induction
(:mod:`avagree.smt.rounds_averaging`) with the default budget; then the T-round supremum
(``worst_averaging_rounds``) beside the composition bound alpha (1 + c + ... + c^(T-1)).
"""

from __future__ import annotations

import argparse
import json
import os
import platform

import z3

from avagree.smt import decide
from avagree.smt.limits import UNITS_PER_SECOND
from avagree.model.execution import default_q


def sweep_cases():
    for rule in ("cwtm", "mda"):
        for model in ("async", "sync"):
            for f in (1, 2):
                for n in range(3 * f + 1, 7 * f + 2):
                    yield rule, n, f, default_q(n, f, model), model


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--limit", type=float, default=60.0,
                    help=f"per case: seconds at the calibrated rate (sweep, --largest: a budget of limit x "
                         f"{UNITS_PER_SECOND} z3 units; the other modes: a wall-clock time-out; 0: none, the default "
                         f"budget decides)")
    ap.add_argument("--compare", type=int, default=6, help="how many sweep cases also run with the rank encoding")
    ap.add_argument("--largest", action="store_true", help="only: the largest n decided within --limit for f = 1..3")
    ap.add_argument("--geometry", action="store_true", help="only: MDA d = 2 with vs without the linear relaxation")
    ap.add_argument("--upto", type=int, default=40, help="--largest: the n to stop at (exclusive)")
    ap.add_argument("--rules", default="cwtm,mda", help="--largest: comma-separated rules")
    ap.add_argument("--plane", action="store_true",
                    help="only: MDA d = 2, async, f = 1 (n = 5..8) and f = 2 (n = 11..13), default budget")
    ap.add_argument("--reach", action="store_true", help="only: MDA f = 3 async at n = 17, 19, both tie rules")
    ap.add_argument("--rounds", action="store_true", help="only: 2 and 3 rounds by induction (f = 2, n = 7..13)")
    ap.add_argument("--rounds-averaging", action="store_true",
                    help="only: averaging over 2 and 3 rounds by induction (f = 2, n up to 13) and its supremum")
    args = ap.parse_args()
    if args.geometry:
        return geometry(args)
    if args.plane:
        return plane_f2(args)
    if args.reach:
        return reach(args)
    if args.rounds:
        return several_rounds(args)
    if args.rounds_averaging:
        return averaging_rounds(args)
    rows = []
    compared = 0
    units = {"rlimit": int(args.limit * UNITS_PER_SECOND), "timeout": None} if args.limit else {}
    for rule, n, f, q, model in () if args.largest else sweep_cases():
        r = decide(rule, n, f, q, model, **units)
        row = {"rule": rule, "n": n, "f": f, "q": q, "model": model, "verdict": r.verdict, "seconds": round(r.seconds, 3),
               "units": r.units}
        extra = ""
        for enc in ("merge", "rank") if compared < args.compare and model == "async" and n >= 5 * f else ():
            rr = decide(rule, n, f, q, model, encoding=enc, **units)
            row.update({f"{enc}_verdict": rr.verdict, f"{enc}_seconds": round(rr.seconds, 3), f"{enc}_units": rr.units})
            extra += f"   {enc}: {rr.verdict} {rr.seconds:.2f}s {rr.units} units"
            compared += enc == "rank"
        rows.append(row)
        if not args.json:
            print(f"{rule:<5} f={f} n={n:<3} q={q:<3} {model:<5} {r.verdict:<15} {r.seconds:7.2f}s {r.units:>11} units{extra}",
                  flush=True)
    largest = []
    if args.largest:
        for rule in args.rules.split(","):
            for f in (1, 2, 3):
                best, end = None, True
                for n in range(6 * f + 1, args.upto):
                    r = decide(rule, n, f, n - f, **units)
                    if r.verdict == "UNKNOWN":
                        end = False
                        break
                    best = (n, str(r.verdict), round(r.seconds, 2), r.units)
                largest.append({"rule": rule, "f": f, "largest_n": best and best[0], "verdict": best and best[1],
                                "seconds": best and best[2], "units": best and best[3], "end_of_range": end})
                if not args.json:
                    print(f"largest n decided within {units.get('rlimit', 'the default budget')} units: {rule} f={f}: {best}"
                          f"{' (end of range: --upto)' if end else ''}", flush=True)
    if args.json:
        _dump(rows=rows, largest=largest)


def _dump(**parts: object) -> None:
    """One ``--json`` document: the machine, z3's version and the load average beside this mode's rows."""
    print(json.dumps({"machine": platform.platform(), "z3": z3.get_version_string(), "load": os.getloadavg(), **parts},
                     indent=1))


def reach(args: argparse.Namespace) -> None:
    """MDA, f = 3, d = 1, async: n = 17 (a counterexample) and n = 19 (PROVED) under both tie rules, with
    the default encoding and with ``merge`` (each within --limit seconds, beside the units spent)."""
    rows = []
    for ties in ("adversary", "first"):
        for n in (17, 19):
            for enc in ("interleave", "merge"):
                r = decide("mda", n, 3, n - 3, "async", ties=ties, timeout=args.limit, encoding=enc)
                rows.append({"rule": "mda", "n": n, "f": 3, "q": n - 3, "model": "async", "ties": ties, "encoding": enc,
                             "verdict": r.verdict, "seconds": round(r.seconds, 2), "units": r.units})
                if not args.json:
                    print(f"mda f=3 n={n} async ties={ties:<9} {enc:<10} {r.verdict:<15} {r.seconds:7.2f}s "
                          f"{r.units:>11} units", flush=True)
    if args.json:
        _dump(reach=rows)


def geometry(args: argparse.Namespace) -> None:
    from avagree.smt.geometry import check_geometric

    rows = []
    for n, f, model in ((5, 1, "sync"), (6, 1, "sync"), (7, 1, "async")):
        q = default_q(n, f, model)
        row = {"n": n, "f": f, "q": q, "model": model}
        for relax in (True, False):
            r = check_geometric("mda", n, f, q, model, d=2, timeout=args.limit, relax=relax)
            key = "relaxation" if relax else "nonlinear_only"
            row[key] = {"verdict": r.verdict, "seconds": round(r.seconds, 2), "reason": r.reason}
        rows.append(row)
        if not args.json:
            a, b = row["relaxation"], row["nonlinear_only"]
            print(f"mda d=2 n={n} f={f} {model}: with relaxation {a['verdict']} {a['seconds']}s; "
                  f"nonlinear only {b['verdict']} {b['seconds']}s ({b['reason']})", flush=True)
    if args.json:
        _dump(geometry=rows)


def plane_f2(args: argparse.Namespace) -> None:
    """MDA in d = 2, async, f = 1 (n = 5..8) and f = 2 (n = 11..13) under the default budget (issue 16 item 3):
    skeleton classes enumerated directly by pattern counts (:mod:`avagree.smt.skeletons`), each class's
    projection relaxation first (:mod:`avagree.smt.plane_case`); then ``worst`` at n = 13, f = 2."""
    from avagree.smt.bounds import worst_geometric
    from avagree.smt.geometry import check_geometric
    from avagree.smt.skeletons import skeleton_count, skeletons

    rows = []
    for n, f in [(n, 1) for n in range(5, 9)] + [(n, 2) for n in (11, 12, 13)]:
        q = n - f
        r = check_geometric("mda", n, f, q, "async", d=2, timeout=None)
        row = {"n": n, "f": f, "q": q, "model": "async", "ties": r.scope["ties"], "verdict": r.verdict,
               "seconds": round(r.seconds, 2), "units": r.units, "classes": len(skeletons(n - f, f, q, False)),
               "raw_skeletons": skeleton_count(n - f, f, q, False), "reason": r.reason}
        rows.append(row)
        if not args.json:
            print(f"mda d=2 f={f} n={n} async: {r.verdict} {r.seconds:.1f}s {r.units} units, {row['classes']} classes "
                  f"of {row['raw_skeletons']} raw skeletons: {r.reason}", flush=True)
    w = worst_geometric("mda", 13, 2, 11, "async", d=2, timeout=None)
    sup = {"n": 13, "f": 2, "q": 11, "model": "async", "verdict": w.verdict, "lower": str(w.lower),
           "upper": str(w.upper), "seconds": round(w.seconds, 2), "units": w.units, "reason": w.reason}
    if not args.json:
        print(f"mda d=2 f=2 n=13 async, sup of one round: {w.verdict} {w.seconds:.1f}s {w.units} units: {w.reason}")
    if args.json:
        _dump(plane=rows, plane_sup=sup)


def several_rounds(args: argparse.Namespace) -> None:
    from avagree.smt.rounds import worst_rounds

    rows, worst_rows = [], []
    for rule in ("cwtm", "mda"):
        for n in range(7, 14):
            for rounds in (2, 3):
                rows.append(_rounds_row(args, rule, n, rounds))
    for rule, n, f in (("cwtm", 7, 1), ("mda", 7, 1), ("cwtm", 11, 2), ("cwtm", 13, 2), ("mda", 13, 2)):
        w = worst_rounds(rule, n, f, n - f, rounds=3, timeout=None)
        worst_rows.append({"rule": rule, "n": n, "f": f, **w.as_json()})
        if not args.json:
            print(f"worst {rule} n={n} f={f} 3 rounds: {w.verdict} one round {w.one_round}, upper {w.upper}, "
                  f"lower^2 {w.lower_sq} ({w.seconds:.1f}s, {w.units} units): {w.reason}", flush=True)
    if args.json:
        _dump(rounds=rows, worst_rounds=worst_rows)


def _rounds_row(args: argparse.Namespace, rule: str, n: int, rounds: int, spec: str = "contraction",
                ties: str | None = None) -> dict:
    """One ``decide`` over several rounds at f = 2, q = n - 2, as a row (printed unless --json)."""
    r = decide(rule, n, 2, n - 2, spec=spec, rounds=rounds, ties=ties, timeout=args.limit or None)
    row = {"rule": rule, "n": n, "f": 2, "q": n - 2, "rounds": rounds, "ties": r.scope["ties"],
           "verdict": r.verdict, "seconds": round(r.seconds, 2), "units": r.units, "reason": r.reason}
    if not args.json:
        print(f"{rule:<5} {row['ties']:<9} n={n:<3} rounds={rounds} {r.verdict:<15} {r.seconds:7.2f}s "
              f"{r.units:>11} units  {r.reason}", flush=True)
    return row


def averaging_rounds(args: argparse.Namespace) -> None:
    from avagree.proofs.exact import closed_value
    from avagree.smt.rounds_averaging import worst_averaging_rounds

    rows, worst_rows = [], []
    for rule, ties, n in (("cwtm", None, 11), ("cwtm", None, 13), ("mda", "adversary", 7), ("mda", "adversary", 13),
                          ("mda", "first", 13)):
        for rounds in (2, 3):
            rows.append(_rounds_row(args, rule, n, rounds, spec="averaging", ties=ties))
    for rule, n, f, ties, rounds_list in (("cwtm", 11, 2, None, (2, 3)), ("mda", 7, 1, "adversary", (2, 3)),
                                          ("mda", 13, 2, "adversary", (2,))):
        # the one-round averaging error and factor from their closed forms (suprema; attained under adversary)
        alpha = closed_value(rule, "averaging", n, f, n - f)
        c = closed_value(rule, "contraction", n, f, n - f)
        for rounds in rounds_list:
            w = worst_averaging_rounds(rule, n, f, n - f, rounds=rounds, ties=ties, timeout=None)
            comp = None if alpha is None or c is None else alpha * sum(c ** t for t in range(rounds))
            worst_rows.append({"rule": rule, "n": n, "f": f, "one_round_averaging": str(alpha), "c": str(c),
                               "composition": str(comp), **w.as_json()})
            if not args.json:
                print(f"worst {rule} n={n} f={f} ties={w.scope['ties']} {rounds} rounds: {w.verdict} upper {w.upper}, "
                      f"lower^2 {w.lower_sq}; composition {comp} ({w.seconds:.1f}s, {w.units} units)", flush=True)
    if args.json:
        _dump(averaging_rounds=rows, worst_averaging_rounds=worst_rows)


if __name__ == "__main__":
    main()
