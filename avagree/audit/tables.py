"""Tables for the docs, each produced by one command (``avagree tables NAME``)."""

from __future__ import annotations

import sys
import time
from fractions import Fraction
from typing import Any, Iterator, TextIO

import numpy as np
import sympy as sp
from tqdm import tqdm

from avagree.model.execution import default_q
from avagree.oracle.engine import check as search_check
from avagree.proofs import RULES_WITH_CONSTANTS, at, constants, mda
from avagree.sim.broadcast import BEHAVIOURS, simulate
from avagree.smt import PROVED, decide, worst
from avagree.verdicts import OracleStatus


def _num(v: object) -> str:
    if v is None:
        return "-"
    v = sp.nsimplify(v)
    if v.is_Integer:
        return str(int(v))
    if v.is_Rational:
        return f"{v} ({float(v):.3g})"
    return f"{sp.sstr(v)} ({float(v):.3g})"


def constants_table(max_f: int = 3, worst_upto_f: int = 2, timeout: float = 20.0) -> Iterator[str]:
    """Every rule with constants, f = 1..max_f, n = 3f+1..10f, q = n - f and q = n,
    with Z3's exact one-round worst case beside the paper's factor (d = 1) where
    f <= worst_upto_f and n <= 7f + 1; an iteration count N(t=1) larger than at the
    previous n (same rule, f, model) says so."""
    yield "| rule | f | n | q | model | feasible | eps_max | eps_tilde | contraction factor (paper) | Z3 worst, d = 1 | averaging constant | N(t=1) | Thm 4 bound | why not feasible |"
    yield "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
    cases = [(r, f, n, m) for r in RULES_WITH_CONSTANTS for f in range(1, max_f + 1) for n in range(3 * f + 1, 10 * f + 1)
             for m in ("async", "sync")]
    previous: dict[tuple[str, int, str], tuple[int, object]] = {}  # (rule, f, model) -> (n, N(t=1)) of the last feasible n
    for rule, f, n, model in tqdm(cases, file=sys.stderr, disable=None, leave=False, desc="constants"):
        q = default_q(n, f, model)
        c = constants(rule, n, f, q, model)
        w = "-"
        if rule in ("mda", "cwtm", "cva") and c.feasible and f <= worst_upto_f and n <= 7 * f + 1:
            # the reference rule for MDA; CVA under its default (adversary: any of the q - f closest)
            res = worst(rule, n, f, q, model, timeout=timeout, ties={"mda": "first"}.get(rule))
            if res.verdict == PROVED and res.value is not None:
                w = f"{res.value}{'' if res.attained else ' (sup)'}"
            else:
                w = "unknown"
        its = _num(c.iterations)
        if c.iterations is not None:
            last = previous.get((rule, f, model))
            if last is not None and c.iterations > last[1]:
                its += f" (up from {last[1]} at n = {last[0]})"  # issue 15: N(t) not monotone in n
            previous[(rule, f, model)] = (n, c.iterations)
        yield (f"| {rule} | {f} | {n} | {q} | {model} | {'yes' if c.feasible else 'no'} | "
               f"{_num(c.eps_max) if c.eps_max is not None else '-'} | {_num(c.eps_tilde)} | {_num(c.contraction_factor)} | {w} | "
               f"{_num(c.averaging_constant)} | {its} | {_num(c.lower_bound)} | {'; '.join(c.failed) if c.failed else ''} |")


def z3_table(timeout: float | None = None) -> Iterator[str]:
    """The audit's sweeps: does one round contract (d = 1)? MDA under both tie rules
    (``first``, the reference rule, and ``adversary``, any optimal subset). Each case is
    decided by the default budget in z3 units (the same table on any machine load); the
    z3 units spent and the seconds (a timing, not a condition) beside it."""
    yield "| rule | ties | f | n | q | model | verdict | z3 units | seconds |"
    yield "|---|---|---|---|---|---|---|---|---|"
    cases = [(r, t, f, n, m) for r, ties in (("cwtm", (None,)), ("mda", ("first", "adversary"))) for t in ties
             for m in ("async", "sync") for f in (1, 2) for n in range(3 * f + 1, 7 * f + 2)]
    for rule, ties, f, n, model in tqdm(cases, file=sys.stderr, disable=None, leave=False, desc="z3"):
        q = default_q(n, f, model)
        r = decide(rule, n, f, q, model, timeout=timeout, ties=ties)
        yield f"| {rule} | {r.scope['ties']} | {f} | {n} | {q} | {model} | {r.verdict} | {r.units} | {r.seconds:.2f} |"


def _cva_cell(r: Any, value: bool) -> str:
    """A Z3 result as a table cell: the verdict (``check``) or the value (``worst``), and the z3 units spent."""
    if value and r.verdict == PROVED and r.value is not None:
        text = f"{r.value}{'' if r.attained else ' (sup)'}"
    else:
        text = {"PROVED": "contracts", "COUNTEREXAMPLE": "**does not**"}.get(str(r.verdict), str(r.verdict))
    return f"{text} ({r.units / 1e6:.0f}M)"


def cva_table(grid: tuple[tuple[int, range], ...] = ((1, range(6, 10)), (2, range(12, 19)))) -> Iterator[str]:
    """CVA (section 5.4), one round, d = 1: does it contract (ties adversary and first), its exact worst factor and
    worst distance of one output to the honest mean (adversary), beside the paper's sketch (1 - eps_tilde, where the
    CVA conditions hold), avagree's (5f+h-q)/(q-f) and Lemma 13's alpha; z3 units (millions) in brackets."""
    yield ("| f | n | q | model | contracts? adversary | first | exact worst factor | (5f+h-q)/(q-f) | "
           "paper's sketch 1 - eps_tilde | exact worst deviation | Lemma 13's alpha |")
    yield "|---|---|---|---|---|---|---|---|---|---|---|"
    cases = [(f, n, m) for f, ns in grid for m in ("async", "sync") for n in ns]
    for f, n, model in tqdm(cases, file=sys.stderr, disable=None, leave=False, desc="cva"):
        q = default_q(n, f, model)
        c = constants("cva", n, f, q, model)
        cells = [_cva_cell(decide("cva", n, f, q, model, ties=t), False) for t in ("adversary", "first")]
        cells += [_cva_cell(worst("cva", n, f, q, model, spec=spec, ties="adversary"), True)
                  for spec in ("contraction", "deviation")]
        yield (f"| {f} | {n} | {q} | {model} | {cells[0]} | {cells[1]} | {cells[2]} | {c.extra['factor_5f_not_in_paper']} | "
               f"{c.contraction_factor if c.feasible else '- (not feasible)'} | {cells[3]} | "
               f"{at(mda.LEMMA13_ALPHA, n=n, f=f, q=q)} |")


def oracle_table(examples: int = 300) -> Iterator[str]:
    """The oracle's findings for CwTM and MDA, f = 1, 2, n = 3f+1..7f+1, async and
    sync, d = 2, seed 0 ('held' means: not violated in the executions tried), one column per spec the
    oracle searches (the registry's records with a margin)."""
    from avagree.oracle.engine import ORACLE_SPECS

    specs = ORACLE_SPECS
    yield "| rule | f | n | q | model | " + " | ".join(specs) + " |"
    yield "|---|---|---|---|---|" + "---|" * len(specs)
    cases = [(r, f, n, m) for r in ("cwtm", "mda") for m in ("async", "sync") for f in (1, 2) for n in range(3 * f + 1, 7 * f + 2)]
    for rule, f, n, model in tqdm(cases, file=sys.stderr, disable=None, leave=False, desc="oracle"):
        q = default_q(n, f, model)
        rep = search_check(rule, n, f, q, model=model, d=2, specs=specs, examples=examples, database=None)
        cells = []
        for r in rep.results:
            cells.append("**violated**" if r.status == OracleStatus.VIOLATED else r.status)
        yield f"| {rule} | {f} | {n} | {q} | {model} | " + " | ".join(cells) + " |"


def broadcast_table(seeds: int = 3) -> Iterator[str]:
    """Theorem 6 in simulation: f = 1..3, n = 3f+1..6f+1, every Byzantine strategy, d = 2, t = 1."""
    yield "| f | n | Byzantine | iterations | max Delta^cw ratio (<= 1/2?) | min common (>= q) | messages / iteration | rounds / iteration | averaging error / Delta_2 (<= 2 sqrt h) |"
    yield "|---|---|---|---|---|---|---|---|---|"
    cases = [(f, n, b) for f in (1, 2, 3) for n in range(3 * f + 1, 6 * f + 2) for b in BEHAVIOURS]
    for f, n, b in tqdm(cases, file=sys.stderr, disable=None, leave=False, desc="broadcast"):
        runs = [simulate(n, f, d=2, byzantine=b, seed=s) for s in range(seeds)]
        per = [row for r in runs for row in r["per_iteration"]]
        yield (f"| {f} | {n} | {b} | {runs[0]['iterations']} | {max((Fraction(r['max_cw_ratio_exact']) for r in runs))} | "
               f"{min(r['min_common'] for r in runs)} (q = {n - f}) | {np.mean([p['messages'] for p in per]):.0f} | "
               f"{max(p['rounds'] for p in per)} | {max(r['averaging_error_ratio'] for r in runs):.3g} "
               f"(<= {runs[0]['averaging_constant']:.3g}) |")


def rules_table() -> Iterator[str]:
    """The table of docs/rules.md, one row per registry record, with what each engine
    registered for it by name (Z3 encodings, the plane engine, compiled kernels)."""
    from avagree.algorithms.fast import KINDS
    from avagree.algorithms.registry import RULES
    from avagree.algorithms.rule import NO_TIES
    from avagree.smt.geometry import GEOMETRIC
    from avagree.smt.rule_encodings import encoded_ties

    yes = {True: "yes", False: "-"}
    yield ("| rule | title | section | needs | paper's claim | tie rules (default first) | Z3, d = 1 | Z3, plane "
           "| paper's constants | AVG_t | compiled kernel |")
    yield "|---|---|---|---|---|---|---|---|---|---|---|"
    for r in RULES.values():
        encoded = encoded_ties(r)
        z3_line = "L-statistic" if r.weights is not None else ", ".join(t for t in encoded if t != NO_TIES) or yes[bool(encoded)]
        needs = r.min_q_text + (", own vector" if r.needs_own else "")
        ties = ", ".join([r.default_ties] + [t for t in r.ties if t != r.default_ties]) if r.ties else "-"
        yield (f"| `{r.name}` | {r.title} | {r.section} | {needs} | {r.claim} | {ties} | {z3_line} | {yes[r.name in GEOMETRIC]} "
               f"| {r.constants or '-'} | {yes[r.iterated]} | {r.name if r.name in KINDS else '-'} |")


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def learn_table() -> Iterator[str]:
    """Every step of section 4 (LEARN), Lemma 11 and Corollary 1 the audit checks, in the catalogue's order:
    the paper's statement as checked, the catalogue's verdict, and the witness (REFUTED) or what was shown.
    The sympy checks run (a few seconds); the simulated rows name their setting (their numbers are the audit's)."""
    from avagree.audit.claims import CLAIMS, REFUTED
    from avagree.audit.proof_checks import by_name
    from avagree.proofs.corollary1 import COROLLARY1_CHECKS
    from avagree.proofs.learn_checks import LEARN_CHECKS
    from avagree.proofs.learn_edges import check_corollary1_f_zero

    names = {c.__name__ for c in (*LEARN_CHECKS, *COROLLARY1_CHECKS, check_corollary1_f_zero)}
    yield "| step | the paper's statement, as checked | verdict | witness, or what was shown |"
    yield "|---|---|---|---|"
    for c in CLAIMS:
        verdict = f"**{c.expected}**" if c.expected == REFUTED else str(c.expected)
        if c.kind == "proof_check" and c.params["name"] in names:
            chk = by_name(c.params["name"])()
            why = "; ".join(chk.failures[:2]) if chk.failures else chk.method
            why += f". {chk.note[0].upper()}{chk.note[1:]}" if chk.note else ""
            yield f"| {_cell(chk.ref)} | {_cell(chk.statement)} | {verdict} | {_cell(why)} |"
        elif c.kind == "learn_expectation":
            setting = ", ".join(f"{k} = {v}" for k, v in c.params.items() if k not in ("lemma", "exact"))
            why = (f"simulated, seeded ({setting}): the estimate of E[lhs - bound] and its 99.9 % interval are in the "
                   "audit's row; never CONFIRMED" + (f"; REFUTED only with proof-{c.params['exact'][6:].replace('_', '-')}"
                                                     " showing the failure exactly" if "exact" in c.params else ""))
            yield f"| {_cell(c.ref)} | {_cell(c.statement)} | {verdict} | {_cell(why)} |"


TABLES = {"constants": constants_table, "z3": z3_table, "oracle": oracle_table, "broadcast": broadcast_table,
          "cva": cva_table, "rules": rules_table, "learn": learn_table}
#: tables printed without the timing line (they run no engine, or only the fast sympy checks)
UNTIMED = frozenset({"rules", "learn"})


def write_table(name: str, out: TextIO) -> None:
    """Print table ``name`` (a key of TABLES) to ``out``, with the time it took."""
    t0 = time.perf_counter()
    for line in TABLES[name]():
        print(line, file=out, flush=True)
    if name not in UNTIMED:
        print(f"\n_Generated by `avagree tables {name}` in {time.perf_counter() - t0:.0f} s._", file=out)


def markers(name: str) -> tuple[str, str]:
    """The two lines that enclose table ``name`` where a hand-written doc holds it."""
    return f"<!-- generated by `avagree tables {name} --update FILE`: edit the code, not this table -->", \
        f"<!-- end of avagree tables {name} -->"


def update_between_markers(name: str, path: str) -> None:
    """Rewrite table ``name`` between its :func:`markers` in the file ``path``;
    :class:`~avagree.errors.InputError` when the file lacks them."""
    import io
    from pathlib import Path

    from avagree.errors import InputError

    begin, end = markers(name)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"--update {path}: cannot read ({exc.strerror or exc})") from None
    if text.count(begin) != 1 or text.count(end) != 1 or text.index(begin) > text.index(end):
        raise InputError(f"--update {path}: needs the lines {begin!r} and {end!r}, once each, in that order")
    buf = io.StringIO()
    write_table(name, buf)
    head, rest = text.split(begin, 1)
    _, tail = rest.split(end, 1)
    Path(path).write_text(f"{head}{begin}\n{buf.getvalue()}{end}{tail}", encoding="utf-8")
