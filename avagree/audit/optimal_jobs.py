"""The audit's rows on the class optimum (issue 25 item 4), registered in :data:`avagree.audit.jobs.JOBS`
as ``optimal_gap``: over a grid of (n, f, q, model), the certified least one-round contraction factor
and averaging error over the L-statistics with weights on f + 1 .. q - f (d = 1;
:func:`avagree.optimal.gap.class_optimum`) against

* ``cwtm-contraction``, ``cwtm-averaging``: CwTM's exact value (closed forms, :mod:`avagree.proofs.exact`):
  is CwTM optimal in the class, and exactly where not;
* ``eps-tilde``: the paper's 1 - eps_tilde (Lemma 12 under Assumption 5, Lemma 15 under Assumption 6, with
  the largest eps the hypothesis admits): is it attained by some L-statistic (exhibited and re-evaluated
  exactly), and how far is it above the optimum;
* ``mda-gap``: MDA's exact d = 1 factor (:mod:`avagree.proofs.exact_mda`, not an L-statistic) over the optimum.

A grid point whose LP does not certify makes the row UNKNOWN (never a pass); every number is exact.
"""

from __future__ import annotations

import time
from fractions import Fraction
from functools import lru_cache
from typing import Any, Iterator

from avagree.audit.row import CONFIRMED, REFUTED, UNKNOWN, Row

QUESTIONS = ("cwtm-contraction", "cwtm-averaging", "eps-tilde", "mda-gap")


def grid(max_f: int, extra: int) -> Iterator[tuple[int, int, int, str]]:
    """(n, f, q, model): 1 <= f <= max_f, 3f + 1 <= n <= 3f + extra, every q with a nonempty class
    (2f + 1 <= q <= n - f) asynchronously, and q = n synchronously."""
    for F in range(1, max_f + 1):
        for N in range(3 * F + 1, 3 * F + extra + 1):
            for Q in range(2 * F + 1, N - F + 1):
                yield N, F, Q, "async"
            yield N, F, N, "sync"


def grid_text(max_f: int, extra: int) -> str:
    """The grid in words."""
    return (f"exact over 1 <= f <= {max_f}, 3f+1 <= n <= 3f+{extra}, 2f+1 <= q <= n-f (async) and q = n (sync); "
            "one round, d = 1")


@lru_cache(maxsize=8192)
def _optimum(n: int, f: int, q: int, model: str, quantity: str) -> tuple[Fraction | None, tuple[Fraction, ...] | None]:
    """The certified least ``quantity`` (None: no certificate) and, for contraction, weights attaining it."""
    from avagree.optimal.gap import class_optimum

    o = class_optimum(n, f, q, model, (quantity,))
    return o.value(quantity), o.contraction_weights


def _where(n: int, f: int, q: int, model: str) -> str:
    return f"n={n} f={f} q={q} {model}"


def _cwtm(quantity: str, cells: list[tuple]) -> tuple[list[str], list[dict[str, Any]], str]:
    from avagree.proofs.exact import exact_value

    fails, table, pattern_misses = [], [], 0
    for (n, f, q, model), best in cells:
        value = exact_value("cwtm", quantity, n, f, q, model)
        table.append({"n": n, "f": f, "q": q, "model": model, "cwtm": str(value), "optimum": str(best)})
        if value != best:
            fails.append(f"{_where(n, f, q, model)}: cwtm {value}, least {best} (x{value / best})")
        if quantity == "contraction":
            m, k = q - 2 * f, n - q + f  # values CwTM averages; Byzantine plus missed honest values
            pattern_misses += (value != best) != (k < m and m % k != 0)
    note = ""
    if quantity == "contraction":
        note = ("on this grid CwTM is not optimal exactly where n - q + f < q - 2f and n - q + f does not divide "
                f"q - 2f ({'no exception' if not pattern_misses else f'{pattern_misses} exceptions'}; an observation on "
                "the grid, not a proof)")
    return fails, table, note


def _eps_tilde(cells: list[tuple]) -> tuple[list[str], list[dict[str, Any]], str]:
    """Where Assumption 5 (MDA) or 6 (CwTM) holds: is the least contraction factor over the class at most
    1 - eps_tilde (an L-statistic achieves the paper's rate)? Where the largest factor in the class (at a
    single order statistic: C is convex, its maximum over the simplex is at a vertex) reaches it, weights with
    C(w) = 1 - eps_tilde exactly are exhibited and re-evaluated; else every L-statistic is strictly faster."""
    from avagree.proofs import constants, lstat

    fails, table, equal, exact_hits, ratios = [], [], 0, 0, []
    for (n, f, q, model), best, w_best in cells:
        inst = lstat.Instance(n, f, q, model)
        corners = [[Fraction(int(p == r)) for p in range(1, q + 1)] for r in inst.positions]
        worst_c, corner = max(((lstat.contraction(w, inst), w) for w in corners), key=lambda t: t[0])
        for rule in ("mda", "cwtm"):
            c = constants(rule, n, f, q, model)
            if not c.feasible:
                continue
            bound = Fraction(str(c.contraction_factor))
            w = attaining(inst, list(w_best), corner, bound)
            if w is not None and lstat.contraction(w, inst) != bound:
                w = None  # never report weights that do not give the bound exactly
            table.append({"rule": rule, "n": n, "f": f, "q": q, "model": model, "one_minus_eps_tilde": str(bound),
                          "optimum": str(best), "class_max": str(worst_c),
                          "attained_by": None if w is None else ",".join(map(str, w))})
            equal += bound == best
            exact_hits += w is not None
            ratios.append(bound / best if best else None)
            if best > bound:
                fails.append(f"{rule} {_where(n, f, q, model)}: 1 - eps_tilde = {bound} below the least factor {best}")
    finite = [r for r in ratios if r is not None]
    note = (f"{len(table)} (rule, n, f, q) where the hypothesis holds; 1 - eps_tilde equals the least factor at {equal}"
            + (f", (1 - eps_tilde)/least from {min(finite)} to {max(finite)}" if finite else "")
            + f"; attained exactly (C(w) = 1 - eps_tilde, weights in data) at {exact_hits}"
            + (f"; at the other {len(table) - exact_hits - len(fails)} every L-statistic of the class contracts faster "
               "(its largest factor, at a single order statistic, is below 1 - eps_tilde)"
               if len(table) - exact_hits - len(fails) else "")) if table else "no point where it holds"
    return fails, table, note


def attaining(inst: Any, w0: list[Fraction], w1: list[Fraction], target: Fraction) -> list[Fraction] | None:
    """Weights w_t = (1 - t) w0 + t w1 with C(w_t) = target exactly, when C(w0) <= target <= C(w1): C(w_t) is a
    maximum of affine functions of t (convex), so the largest t with every form <= target attains it."""
    from avagree.proofs.lstat import contraction_forms, contraction, top_sums

    if not contraction(w0, inst) <= target <= contraction(w1, inst):
        return None
    tops0, tops1 = top_sums(w0), top_sums(w1)
    t = Fraction(1)
    for fm in contraction_forms(inst):
        a, b = fm.at(tops0), fm.at(tops1) - fm.at(tops0)
        if b > 0:
            t = min(t, (target - a) / b)
    return [(1 - t) * x + t * y for x, y in zip(w0, w1)]


def _mda(cells: list[tuple]) -> tuple[list[str], list[dict[str, Any]], str]:
    from avagree.proofs.exact_mda import mda_exact

    fails, table, ratios = [], [], []
    for (n, f, q, model), best in cells:
        value = mda_exact(n, f, q, model)[0]
        if value is None:
            continue
        r = value / best if best else None
        table.append({"n": n, "f": f, "q": q, "model": model, "mda": str(value), "optimum": str(best),
                      "ratio": None if r is None else str(r)})
        if r is None or r < 1:
            fails.append(f"{_where(n, f, q, model)}: mda {value} below the least L-statistic {best}")
        else:
            ratios.append((r, n, f, q, model))
    at_h = [x for x in ratios if (x[4] == "async" and x[3] == x[1] - x[2]) or x[4] == "sync"]
    note = ""
    if ratios:
        lo, hi = min(ratios), max(ratios)
        note = (f"mda/optimum from {lo[0]} ({_where(*lo[1:])}) to {hi[0]} ({_where(*hi[1:])}); at q = n - f (async) "
                "and q = n (sync): " + ", ".join(f"{_where(*x[1:])} {x[0]}" for x in at_h[:12])
                + (f" (+{len(at_h) - 12} more in data)" if len(at_h) > 12 else ""))
    return fails, table, note


def job_optimal_gap(question: str, claim: str, max_f: int = 3, extra: int = 12) -> Row:
    """One row: the ``question`` (:data:`QUESTIONS`) over :func:`grid` (``max_f``, ``extra``). CONFIRMED when
    it holds at every point, REFUTED with every failing point listed, UNKNOWN when some LP did not certify."""
    t0 = time.perf_counter()
    if question not in QUESTIONS:
        raise ValueError(f"question must be one of {', '.join(QUESTIONS)}")
    points = list(grid(max_f, extra))
    quantity = "averaging" if question == "cwtm-averaging" else "contraction"
    opts = {p: _optimum(*p, quantity) for p in points}
    missing = [p for p, o in opts.items() if o[0] is None]
    how = f"{grid_text(max_f, extra)}; the optimum certified per point (exact LP certificate, avagree optimal)"
    params = {"question": question, "max_f": max_f, "n_max": f"3f+{extra}", "points": len(points), "d": 1,
              "rounds": 1}
    if missing:
        return Row(claim, params, UNKNOWN, f"no exact certificate at {len(missing)} points, e.g. "
                   f"{_where(*missing[0])}", time.perf_counter() - t0, how, group="optimal")
    if question.startswith("cwtm"):
        fails, table, note = _cwtm(quantity, [(p, opts[p][0]) for p in points])
    elif question == "eps-tilde":
        fails, table, note = _eps_tilde([(p, opts[p][0], opts[p][1]) for p in points])
    else:
        fails, table, note = _mda([(p, opts[p][0]) for p in points])
    ev = f"holds at {len(table) - len(fails)} of {len(table)} points"
    if fails:
        more = f" (+{len(fails) - 3} more, all in details)" if len(fails) > 3 else ""
        ev += f"; fails at {len(fails)}: {'; '.join(fails[:3])}{more}"
    if note:
        ev += f". {note}"
    return Row(claim, params, REFUTED if fails else CONFIRMED, ev, time.perf_counter() - t0, how, None, fails,
               group="optimal", data={"table": table})
