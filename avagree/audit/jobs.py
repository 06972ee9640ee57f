"""The audit's jobs, one per claim of the catalogue (:mod:`avagree.audit.claims`).

A job is ``(kind, kwargs)``: plain data that any executor (threads, processes,
Dask) can pickle; :func:`run_job` dispatches it to ``JOBS[kind]`` and returns a
:class:`Row` carrying the claim's id. Each job function turns an engine's
answer into a :class:`~avagree.verdicts.ClaimVerdict`."""

from __future__ import annotations

import inspect
import threading
import time
from fractions import Fraction
from pathlib import Path
from typing import Any, Callable, Mapping

import sympy as sp

from avagree.adversaries.witnesses import theorem5_witnesses
from avagree.audit.row import CONFIRMED, REFUTED, UNKNOWN, Row
from avagree.audit.worst_rows import plane_worst_row, worst_row
from avagree.counterexamples import DIRECTORY
from avagree.errors import AvagreeError
from avagree.harness import witness as W
from avagree.harness.aggregate import model_rule
from avagree.model.execution import Params, default_q
from avagree.oracle.random_search import search_round
from avagree.oracle.rounds import search_rounds
from avagree.audit import proof_checks
from avagree.audit.learn_jobs import job_learn_expectation
from avagree.audit.optimal_jobs import job_optimal_gap
from avagree.proofs import at, constants, icwtm, mda
from avagree.smt import COUNTEREXAMPLE, PROVED, decide, worst
from avagree.smt.rounds import worst_rounds
from avagree.specs import contraction
from avagree.verdicts import ClaimVerdict, Verdict

Job = tuple[str, dict[str, Any]]


def _committed(name: str) -> str:
    return str(DIRECTORY / name)


def _link(fresh: str | None, committed_name: str) -> str | None:
    """Prefer the committed copy of a witness (it is what the tests replay)."""
    path = _committed(committed_name)
    return path if Path(path).exists() else fresh


def _replays(path: str) -> tuple[bool, str]:
    try:
        r = W.replay(W.load(path))
    except AvagreeError as exc:
        return False, str(exc)
    return r.ok, r.reason


# --- the paper's constructions ------------------------------------------------

def job_theorem5(f: int, claim: str) -> Row:
    """Theorem 5's construction (MDA, n = 6f - 1): the committed witnesses replay."""
    t0 = time.perf_counter()
    built = dict(theorem5_witnesses(fs=(f,), rules=("mda", "mda-avg")))
    for name in built:
        ok, why = _replays(_committed(name))
        if not ok:
            return Row(claim, {"f": f, "n": 6 * f - 1}, UNKNOWN,
                       f"committed witness {name} did not reproduce: {why}", time.perf_counter() - t0, group="paper")
    ev = "the paper's construction replayed exactly: the first 2f and last 2f nodes output -1 and 1, Delta_2 stays 2"
    if f > 1:
        mids = [w.outputs[2 * f][0] for w in built.values()]
        ev += f"; the middle nodes output {mids[0]} (first-tie rule) or {mids[1]} (ties averaged), not 1 as the proof says"
    return Row(claim, {"rule": "mda", "f": f, "n": 6 * f - 1, "q": 5 * f - 1, "d": 1, "model": "async"}, CONFIRMED, ev,
               time.perf_counter() - t0, "one round, async, d = 1, both tie rules",
               _committed(f"theorem5_mda-avg_f{f}_n{6 * f - 1}.json"), group="paper")


def job_split(n: int, f: int, claim: str) -> Row:
    """The split of Theorem 9's proof against ICwTM at q = n - f: the committed witness replays."""
    t0 = time.perf_counter()
    name = f"split_cwtm_f{f}_n{n}_q{n - f}.json"
    ok, why = _replays(_committed(name))
    return Row(claim, {"rule": "cwtm", "n": n, "f": f, "q": n - f, "d": 1, "model": "async"}, REFUTED if ok else UNKNOWN,
               "the split of Theorem 9's proof: every honest node sees q - f copies of its own value and keeps it; "
               "Delta_2 never shrinks" if ok else why,
               time.perf_counter() - t0, "every round (a fixed point), async, q = n - f", _committed(name), group="paper")


# --- sympy -------------------------------------------------------------------------

def job_proof_check(name: str) -> Row:
    """A sympy check of a constant, condition or proof step; the row's text is the check's own."""
    t0 = time.perf_counter()
    chk = proof_checks.by_name(name)
    c = chk()
    ev = c.method
    if c.failures:
        more = f" (+{len(c.failures) - 3} more)" if len(c.failures) > 3 else ""
        ev += f"; fails: {'; '.join(c.failures[:3])}{more}"
    if c.note:
        ev += f". {c.note}"
    verdict = CONFIRMED if c.holds else UNKNOWN if c.undecided else REFUTED  # undecided: never a failure
    return Row(f"{c.ref}: {c.statement}", {"check": c.name}, verdict, ev,
               time.perf_counter() - t0, c.method, None, c.failures, group="proofs")


# --- Z3 ------------------------------------------------------------------------------

def audit_verdict(engine: Verdict, says: bool | None) -> ClaimVerdict:
    """The audit's verdict on a claim from an engine's verdict on the property the claim
    is about. ``says``: the paper says the property holds (True), can fail (False), or
    says nothing (None: any decided answer confirms the row); UNKNOWN stays UNKNOWN."""
    if engine == PROVED:
        return CONFIRMED if says in (True, None) else REFUTED
    if engine == COUNTEREXAMPLE:
        return REFUTED if says else CONFIRMED
    return UNKNOWN


def _budget(r: Any) -> dict[str, Any]:
    """What a Z3 row's verdict was reached within: its budget (z3 units), the units spent, seed and z3 version."""
    return {"rlimit": r.scope["rlimit"], "units": r.units, "seed": r.scope["seed"], "z3_version": r.scope["z3"]}


def _with_budget(row: Row, r: Any) -> Row:
    """``row`` carrying the budget of the engine result ``r`` (in its scope text and its data)."""
    row.data = {**row.data, **_budget(r)}
    row.scope = (f"{row.scope}; " if row.scope else "") + f"budget {r.scope['rlimit']} z3 units (z3 {r.scope['z3']})"
    return row


def job_z3_contracts(rule: str, n: int, f: int, model: str, claim: str, expect_contract: bool | None,
                     timeout: float | None, out: str | None, d: int = 1, ties: str | None = None,
                     rlimit: int | None = None) -> Row:
    """Does one round strictly contract every input (d = 1, or MDA in d >= 2), under tie rule ``ties``?"""
    q = default_q(n, f, model)
    r = decide(rule, n, f, q, model, timeout=timeout, save_dir=out, d=d, ties=ties, rlimit=rlimit)
    params = {"rule": rule, "n": n, "f": f, "q": q, "d": d, "model": model, "ties": r.scope["ties"]}
    suffix = ("r1" if d == 1 else f"d{d}") + (f"_{r.scope['ties']}" if r.scope["ties"] in ("adversary", "average") else "")
    link = _link(r.path, f"z3_{rule}_contraction_n{n}_f{f}_q{q}_{model}_{suffix}.json") if r.verdict == COUNTEREXAMPLE else None
    verdict = audit_verdict(r.verdict, expect_contract)
    if r.verdict == PROVED:
        ev = f"Z3: every execution strictly contracts Delta (one round, d = {d})"
    elif r.verdict == COUNTEREXAMPLE:
        ev = "Z3: an execution with Delta(out) >= Delta(in), replayed exactly"
    else:
        ev = f"Z3: {r.reason}"
    how = "one round, d = 1 (Z3, exact)" if d == 1 else f"one round, d = {d} (Z3 nonlinear, skeletons, exact)"
    return _with_budget(Row(claim, params, verdict, ev, r.seconds, how, link, group="z3", data={"z3": r.verdict}), r)


def job_z3_worst(rule: str, n: int, f: int, model: str, spec: str, claim: str, paper: str, timeout: float | None,
                 ties: str | None = None, rlimit: int | None = None, d: int = 1) -> Row:
    """The exact worst case against the paper's bound, under tie rule ``ties`` (d = 1), or bounds on it in
    dimension ``d`` >= 2."""
    q = default_q(n, f, model)
    r = worst(rule, n, f, q, model, spec=spec, timeout=timeout, ties=ties, rlimit=rlimit, d=d)
    row = worst_row(r, claim, paper, n, f, q, model) if d == 1 else plane_worst_row(r, claim, paper, n, f, q, model, d)
    return _with_budget(row, r)


def job_z3_spec(rule: str, n: int, f: int, model: str, spec: str, claim: str, expect: bool, timeout: float | None,
                out: str | None = None, ties: str | None = None, rlimit: int | None = None) -> Row:
    """Does one round satisfy ``spec`` in every execution (d = 1)? ``expect``: the paper says it does."""
    q = default_q(n, f, model)
    r = decide(rule, n, f, q, model, spec=spec, timeout=timeout, save_dir=out, ties=ties, rlimit=rlimit)
    return _with_budget(_spec_row(r, claim, expect, out, n, f, q, model), r)


def _spec_row(r: Any, claim: str, expect: bool, out: str | None, n: int, f: int, q: int, model: str) -> Row:
    rule, spec = r.scope["rule"], r.scope["spec"]
    params = {"rule": rule, "n": n, "f": f, "q": q, "d": 1, "model": model, "spec": spec, "ties": r.scope["ties"]}
    committed = _link(r.path, f"z3_{rule}_{spec}_n{n}_f{f}_q{q}_{model}_r1.json") if r.verdict == COUNTEREXAMPLE else None
    if r.verdict == PROVED:
        return Row(claim, params, audit_verdict(r.verdict, expect), f"Z3: {spec} holds in every execution", r.seconds,
                   "one round, d = 1", group="z3")
    if r.verdict == COUNTEREXAMPLE:
        return Row(claim, params, audit_verdict(r.verdict, expect), f"Z3: {spec} violated, replayed exactly", r.seconds,
                   "one round, d = 1", committed, group="z3")
    return Row(claim, params, UNKNOWN, f"Z3: {r.reason}", r.seconds, group="z3")


# --- search ----------------------------------------------------------------------------

def job_search_contraction(rule: str, n: int, f: int, d: int, trials: int, claim: str) -> Row:
    """Random search for one round beating Lemma 12's factor; finding nothing is UNKNOWN, never a pass."""
    t0 = time.perf_counter()
    p = Params(n, f, n - f, d)
    c = constants(rule, n, f, n - f)
    fac = Fraction(str(c.contraction_factor))

    def measure(ex):
        v = contraction(ex, fac)
        return v.holds, v.measured

    seed = n * 100 + d
    res = search_round(model_rule(rule), p, measure, trials, seed=seed)
    params = {"rule": rule, "n": n, "f": f, "q": n - f, "d": d, "model": "async"}
    if res.violated:
        return Row(claim, params, REFUTED, f"random search: squared ratio {res.measured} > {fac * fac}, replayed exactly",
                   time.perf_counter() - t0, group="search")
    return Row(claim, params, UNKNOWN,
               f"no violation in {trials} random adversaries (best squared ratio {float(res.measured):.4g} vs {float(fac * fac):.4g}); "
               "search is not proof", time.perf_counter() - t0, f"random search, seed {seed}, one round", group="search")


# --- issue 15 section 6: the broadcast-based algorithm under searched schedules ------------------

def job_broadcast_search(n: int, f: int, t: int, budget: int, objective: str, claim: str, out: str | None = None,
                         d: int = 1, seed: int = 0) -> Row:
    """Search schedules of the broadcast-based algorithm (:mod:`avagree.sim.schedule_search`)
    against Theorem 6's bounds: a violation (replayed exactly, saved in ``out``) refutes it;
    none found is UNKNOWN (a search is not a proof), with the best values found as evidence."""
    from avagree.sim.schedule_search import save, search, summary

    t0 = time.perf_counter()
    r = search(n, f, d=d, t=t, budget=budget, seed=seed, objective=objective)
    s = summary(r)
    params = {"system": "broadcast", "n": n, "f": f, "q": n - f, "d": d, "t": t, "model": "async",
              "objective": objective, "budget": budget, "seed": seed}
    how = (f"searched schedules, seed {seed}, {s['executions']} executions of one iteration, "
           f"{len(s['per_iteration_ratio'])} iterations (t + ceil(log2 h)), greedy per iteration")
    found = (f"worst per-iteration Delta^cw ratio {s['max_cw_ratio']} (bound {s['cw_ratio_bound']}), least overlap "
             f"{s['min_common']} (q = {s['q']}), final Delta_2^2 ratio {s['agreement_sq']} (bound {s['agreement_sq_bound']}), "
             f"averaging error^2 {s['averaging_sq']} Delta_2^2 (bound {s['averaging_sq_bound']})")
    data = {k: s[k] for k in ("max_cw_ratio", "min_common", "agreement_sq", "averaging_sq", "violated")}
    if s["violated"]:
        path = str(save(r, out)) if out is not None else None
        return Row(claim, params, REFUTED, f"violates {', '.join(s['violated'])}, replayed exactly: {found}",
                   time.perf_counter() - t0, how, path, group="search", data=data)
    return Row(claim, params, UNKNOWN, f"no violation found: {found}; search is not proof", time.perf_counter() - t0, how,
               group="search", data=data)


def job_oracle(rule: str, n: int, f: int, model: str, d: int, spec: str, bound: str, examples: int, claim: str,
               says: bool | None, ties: str | None = None, out: str | None = None) -> Row:
    """The search oracle (:func:`avagree.check`) on one spec at ``bound``: a violation (replayed exactly
    before it is reported) decides the row; finding nothing is UNKNOWN, never a pass."""
    from avagree.oracle.engine import check as oracle_check  # the oracle imports the registry: lazily

    q = default_q(n, f, model)
    rep = oracle_check(rule, n, f, q, model=model, d=d, specs=[spec], bounds={spec: bound}, examples=examples,
                       seed=0, save_dir=out, ties=ties, database=None)
    (res,) = rep.results
    params = {"rule": rule, "n": n, "f": f, "q": q, "d": d, "model": model, "spec": spec, "ties": rep.ties}
    how = f"search oracle, {examples} executions, seed 0, one round"
    if res.status == "violated":
        return Row(claim, params, audit_verdict(COUNTEREXAMPLE, says),
                   f"search oracle: {spec} violated at {bound} ({res.replay} replay)", rep.seconds, how, res.path,
                   group="search")
    return Row(claim, params, UNKNOWN, f"search oracle: {res.line()}", rep.seconds, how, group="search")


# --- several rounds (issue 15 section 5) ------------------------------------------------

def _iterated_bound(rule: str, n: int, f: int, q: int, d: int, rounds: int, objective: str) -> sp.Expr:
    """The paper's bound after ``rounds`` rounds: the diameter ratio (Lemma 12, or Lemma 15 with Lemma 1 in
    d >= 2) or the drift of the average (Theorem 3's eq. 153, or Theorem 8 / Remark 3)."""
    c = constants(rule, n, f, q, d=d)
    if rule == "mda":
        expr = mda.LEMMA12_ITERATED if objective == "diameter" else mda.THEOREM3_AFTER_T
        return sp.nsimplify(at(expr, n=n, f=f, q=q, eps=c.eps, rounds=rounds))
    if objective == "drift":
        return sp.nsimplify(c.extra["remark3_constant"])
    expr = icwtm.LEMMA15_ITERATED if d == 1 else icwtm.COROLLARY2_L2_AFTER_T
    return sp.nsimplify(at(expr, n=n, f=f, q=q, d=d, eps=c.eps, rounds=rounds))


def job_z3_rounds(rule: str, n: int, f: int, rounds: int, claim: str, timeout: float | None,
                  rlimit: int | None = None) -> Row:
    """Z3, d = 1: the T-round contraction supremum (induction from the exact one-round one, and a replayed
    execution) against the paper's iterated bound."""
    q = n - f
    r = worst_rounds(rule, n, f, q, rounds=rounds, timeout=timeout, rlimit=rlimit)
    bound = _iterated_bound(rule, n, f, q, 1, rounds, "diameter")
    params = {"rule": rule, "n": n, "f": f, "q": q, "d": 1, "model": "async", "rounds": rounds, "ties": r.scope["ties"]}
    data = {"paper": str(bound), "upper": str(r.upper), "lower_squared": str(r.lower_sq), "z3": r.verdict}
    scope = f"{rounds} rounds, a fresh adversary each, d = 1 (Z3 one-round lemmas, induction)"
    if r.upper is None:
        return Row(claim, params, UNKNOWN, f"Z3: {r.reason}", r.seconds, scope, group="z3", data=data)
    up = sp.Rational(r.upper.numerator, r.upper.denominator)
    ratio = f"{float(up / bound):.4f}" if bound else "-"
    what = (f"exact {rounds}-round sup = {up} = ({r.one_round})^{rounds}, attained" if r.verdict == PROVED else
            f"{rounds}-round sup <= {up} (only bracketed: {r.reason})")
    verdict = CONFIRMED if up <= bound else REFUTED
    ev = f"{what}; {'<=' if up <= bound else '>'} paper's {bound} (ratio {ratio})"
    return _with_budget(Row(claim, params, verdict, ev, r.seconds, scope, group="z3", data=data), r)


def job_search_rounds(rule: str, n: int, f: int, d: int, rounds: int, objective: str, examples: int, claim: str) -> Row:
    """Several-round adversarial search against the paper's iterated bound; finding nothing is UNKNOWN."""
    t0 = time.perf_counter()
    q = n - f
    r = search_rounds(rule, n, f, q, d=d, rounds=rounds, objective=objective, examples=examples, seed=n * 10 + d)
    bound = _iterated_bound(rule, n, f, q, d, rounds, objective)
    params = {"rule": rule, "n": n, "f": f, "q": q, "d": d, "model": "async", "rounds": rounds, "objective": objective}
    b2 = sp.nsimplify(bound ** 2)
    found = sp.Rational(r.value_sq.numerator, r.value_sq.denominator)
    ratio = float(sp.sqrt(found / b2)) if b2 else float("inf")
    data = {"paper": str(bound), "best": r.value, "ratio": round(ratio, 4), "examples": examples}
    scope = f"search, {rounds} rounds, a fresh adversary each, seed {n * 10 + d}, {examples} schedules" + (
        "; MDA's reference choice, one an adversary may make (so an attack found holds under ties=adversary)"
        if rule == "mda" else "")
    if found > b2:
        return Row(claim, params, REFUTED, f"an attack reaches {objective} {r.value:.6g} > paper's {bound}, replayed "
                                           f"exactly", time.perf_counter() - t0, scope, group="search", data=data)
    return Row(claim, params, UNKNOWN, f"best attack found: {objective} {r.value:.4g} = {ratio:.3f} of the paper's "
                                       f"{bound} ({float(bound):.4g}), replayed exactly; search is not proof",
               time.perf_counter() - t0, scope, group="search", data=data)


JOBS: dict[str, Callable[..., Row]] = {
    "theorem5": job_theorem5,
    "split": job_split,
    "proof_check": job_proof_check,
    "z3_contracts": job_z3_contracts,
    "z3_worst": job_z3_worst,
    "z3_spec": job_z3_spec,
    "search_contraction": job_search_contraction,
    "broadcast_search": job_broadcast_search,
    "oracle": job_oracle,
    "z3_rounds": job_z3_rounds,
    "search_rounds": job_search_rounds,
    "learn_expectation": job_learn_expectation,
    "optimal_gap": job_optimal_gap,
}


def make_job(kind: str, params: Mapping[str, Any], claim_id: str, claim: str, timeout: float | None, out: str | None,
             rlimit: int | None = None) -> Job:
    """The job of one claim: its parameters, plus those of the run options (the claim's
    text, timeout, witness folder, Z3 budget) that ``JOBS[kind]`` takes."""
    takes = inspect.signature(JOBS[kind]).parameters
    options = {k: v for k, v in (("claim", claim), ("timeout", timeout), ("out", out), ("rlimit", rlimit)) if k in takes}
    return kind, {"id": claim_id, **params, **options}


#: z3's Python API shares one global context, which is not thread-safe: jobs in
#: one process (for example a Dask worker with several threads) take turns.
_Z3_LOCK = threading.Lock()


def run_job(job: Job) -> Row:
    """Run one job; a crashing check is reported as an UNKNOWN row, never silently dropped."""
    kind, kwargs = job
    kwargs = dict(kwargs)
    claim_id = kwargs.pop("id", "")
    try:
        fn = JOBS[kind]
        if kind.startswith("z3_"):
            with _Z3_LOCK:
                row = fn(**kwargs)
        else:
            row = fn(**kwargs)
    except Exception as exc:
        return Row(f"{kind}", kwargs, UNKNOWN, f"internal error: {type(exc).__name__}: {exc}", 0.0, group="error",
                   id=claim_id)
    row.id = claim_id
    fresh = kwargs.get("out")
    if row.witness and fresh and Path(row.witness).is_relative_to(fresh) and Path(row.witness).is_file():
        # carried back in the row, so that a worker process or a Dask worker's file reaches the client
        row.data["_witness_text"] = Path(row.witness).read_text()
    return row
