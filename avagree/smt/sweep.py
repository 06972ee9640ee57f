"""Sweeps of the Z3 engine over ranges of (n, f), run on any
:mod:`concurrent.futures` executor, with progress on stderr."""

from __future__ import annotations

import sys
import tempfile
from concurrent.futures import Executor, ProcessPoolExecutor
from pathlib import Path
from typing import Any, Iterable

import sympy as sp
from tqdm import tqdm
from sympy.parsing.sympy_parser import implicit_multiplication_application, parse_expr, standard_transformations

from avagree.errors import ParameterError, SizeError
from avagree.model.execution import default_q
from avagree.smt.budget import Budget
from avagree.smt.limits import DEFAULT_TIMEOUT, MAX_N, check_size

_F = sp.Symbol("f")
_TRANSFORMS = standard_transformations + (implicit_multiplication_application,)


def _expr(text: str, what: str) -> sp.Expr:
    if not text or any(c not in "0123456789f+-* " for c in text):
        raise ParameterError(what, text, "expected an integer expression in f, like 3f+1")
    try:
        e = parse_expr(text, local_dict={"f": _F}, transformations=_TRANSFORMS)
    except Exception:  # sympy raises many types on malformed text
        raise ParameterError(what, text, "expected an integer expression in f, like 3f+1") from None
    if e.free_symbols - {_F}:
        raise ParameterError(what, text, "may only use f")
    return e


def parse_range(text: str, what: str) -> list[int]:
    """'1..3' -> [1, 2, 3]; '2' -> [2]."""
    lo, _, hi = text.partition("..")
    a, b = _expr(lo, what), _expr(hi or lo, what)
    if a.free_symbols or b.free_symbols:
        raise ParameterError(what, text, "must be numbers")
    return _bounded(int(a), int(b), what, text)


def _bounded(a: int, b: int, what: str, text: str) -> list[int]:
    """range(a, b + 1) as a list, refused when empty or beyond the engine's size limit (before it is listed)."""
    if b < a:
        raise ParameterError(what, text, f"empty range ({a} > {b}); write LOW..HIGH with LOW <= HIGH")
    if b > MAX_N:
        raise SizeError(what, text, f"reaches {b}, beyond the Z3 engine's size limit n <= {MAX_N}; use 'avagree "
                                    f"formula RULE' or 'avagree constants RULE' (exact, any n)")
    return list(range(a, b + 1))


def n_range(text: str, f: int) -> list[int]:
    lo, _, hi = text.partition("..")
    a, b = _expr(lo, "--n").subs(_F, f), _expr(hi or lo, "--n").subs(_F, f)
    return _bounded(int(a), int(b), "--n", f"{text} (at f={f})")


def cases(rule: str, fs: Iterable[int], n_text: str, sync: bool) -> list[dict[str, Any]]:
    out = []
    for f in fs:
        for n in n_range(n_text, f):
            if n <= f:
                continue
            q = default_q(n, f, "sync" if sync else "async")
            if q <= f:
                continue
            out.append({"rule": rule, "n": n, "f": f, "q": q, "model": "sync" if sync else "async"})
    return out


def run_case(case: dict[str, Any], spec: str, timeout: float | None, out: str | None, ties: str | None = None,
             rlimit: int | None = None) -> dict[str, Any]:
    """One sweep row: the Z3 verdict at one (n, f), with its tie rule (``ties``: None, the rule's default)
    and its budget (``rlimit`` units, the same for every case; ``timeout``: wall-clock outer limit).

    The row carries a counterexample's witness back to the caller (``_witness``:
    file name and JSON text; :func:`land_witness` writes it under ``out``), so that
    on a process pool or a Dask cluster the file lands on the client, not the worker."""
    from avagree.errors import AvagreeError
    from avagree.smt import decide

    try:
        with tempfile.TemporaryDirectory() as tmp:
            r = decide(case["rule"], case["n"], case["f"], case["q"], case["model"], spec=spec, timeout=timeout,
                       save_dir=tmp if out else None, ties=ties, rlimit=rlimit)
            doc = {"name": Path(r.path).name, "text": Path(r.path).read_text()} if r.path else None
    except AvagreeError as exc:
        return {**case, "spec": spec, "ties": ties, "verdict": "UNKNOWN", "seconds": 0.0, "reason": str(exc), "witness": None,
                "rlimit": rlimit}
    return {**case, "spec": spec, "ties": r.scope["ties"], "verdict": r.verdict, "seconds": round(r.seconds, 3),
            "reason": r.reason, "witness": None, "_witness": doc, "rlimit": r.scope["rlimit"], "units": r.units}


def land_witness(row: dict[str, Any], out: str | None) -> dict[str, Any]:
    """Write the witness a row carries (from :func:`run_case`) under ``out``; the row with its path."""
    doc = row.pop("_witness", None)
    if doc and out:
        path = Path(out) / doc["name"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(doc["text"])
        row["witness"] = str(path)
    return row


def run_sweep(rule: str, fs: list[int], n_text: str, *, sync: bool = False, spec: str = "contraction",
              timeout: float | None = DEFAULT_TIMEOUT, jobs: int = 1, out: str | None = None, json_out: bool = False,
              executor: Executor | None = None, ties: str | None = None, rlimit: int | None = None) -> list[dict[str, Any]]:
    """Every case of ``rule`` over ``fs`` and ``n_text``, each with the budget ``rlimit`` (z3 units; so the table
    does not depend on how many jobs run beside each other) inside the wall-clock outer limit ``timeout``."""
    from avagree.model.execution import check_int

    check_int("jobs", jobs, minimum=1)
    Budget(rlimit, timeout)  # validates both before any work
    todo = cases(rule, fs, n_text, sync)
    if not todo:
        raise ParameterError("--n", n_text, f"no case with f < n and f < q for f in {fs[0]}..{fs[-1]}" if fs else
                             "no case")
    for c in todo:  # every case within the engine's size limits, before any work
        check_size(c["n"], c["f"], c["q"], c["model"], spec, 1, rule)
    rows: list[dict[str, Any]] = []
    own = executor is None and jobs > 1
    ex = executor or (ProcessPoolExecutor(max_workers=jobs) if jobs > 1 else None)
    try:
        if ex is None:
            results = (run_case(c, spec, timeout, out, ties, rlimit) for c in todo)
        else:
            results = ex.map(run_case, todo, [spec] * len(todo), [timeout] * len(todo), [out] * len(todo),
                             [ties] * len(todo), [rlimit] * len(todo))
        if not json_out:
            print(f"{'rule':<15}{'f':>3}{'n':>4}{'q':>4} {'model':<6} {'verdict':<15}{'seconds':>8}  witness")
        bar = tqdm(total=len(todo), file=sys.stderr, disable=None, leave=False, desc=f"sweep {rule}")
        for row in results:
            rows.append(land_witness(row, out))
            bar.update()
            if not json_out:
                print(f"{row['rule']:<15}{row['f']:>3}{row['n']:>4}{row['q']:>4} {row['model']:<6} {row['verdict']:<15}"
                      f"{row['seconds']:>8.2f}  {row['witness'] or ''}", flush=True)
        bar.close()
    finally:
        if own and ex is not None:
            ex.shutdown()
    return rows
