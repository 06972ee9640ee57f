"""The audit's claim record and one constructor per engine.

A :class:`Claim` is one row of :data:`avagree.audit.claims.CLAIMS`; the
constructors below (``z3_contracts``, ``z3_worst``, ``proof``, ``search``, ...)
build the id, the statement text (with its tie rule) and the job's parameters
from a :class:`~avagree.audit.statements.Statement` and the case, so that the
catalogue reads one line per claim. Adding a claim of an existing kind touches
only the catalogue; a new engine adds its constructor here and its job in
:mod:`avagree.audit.jobs`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from avagree.audit.jobs import Job, make_job
from avagree.audit.statements import (Statement, THEOREM5, ICWTM_SPLIT, LEMMA12_FACTOR, LEMMA15_FACTOR,
                                      THEOREM8_DEVIATION, THEOREM6_SEARCH, CVA_FACTOR)
from avagree.proofs import at, constants, icwtm, mda
from avagree.smt.budget import check_rlimit
from avagree.verdicts import ClaimVerdict


@dataclass(frozen=True)
class Claim:
    """One claim of the paper, checked by one audit job.

    ``id`` is stable and short (``<statement tag>-<engine>-<rule>-n<n>-f<f>...``);
    ``statement`` is the text of the audit row; ``kind`` names the job
    (``avagree.audit.jobs.JOBS``); ``params`` are its arguments (without the
    run options timeout, rlimit and out); ``expected`` is the audit's verdict; ``timeout_scale``
    multiplies the run's Z3 budget (``rlimit``) and its wall-clock limit for this claim."""

    id: str
    ref: str
    statement: str
    kind: str
    params: Mapping[str, Any]
    expected: ClaimVerdict
    quick: bool = False
    quick_params: Mapping[str, Any] = field(default_factory=dict)
    timeout_scale: float = 1.0

    def job(self, out: str | None, timeout: float | None, quick: bool = False, rlimit: int | None = None) -> Job:
        """The ``(kind, kwargs)`` job checking this claim (``quick``: with its quick budget)."""
        params = {**self.params, **(self.quick_params if quick else {})}
        return make_job(self.kind, params, self.id, self.statement, None if timeout is None else timeout * self.timeout_scale,
                        out, round(check_rlimit(rlimit) * self.timeout_scale))


# --- one constructor per engine -----------------------------------------------------------

def paper_theorem5(f: int, expected: ClaimVerdict, quick: bool = False) -> Claim:
    """Theorem 5's construction for MDA at n = 6f - 1, replayed from its committed witnesses."""
    return Claim(f"theorem5-paper-mda-f{f}", THEOREM5.ref, THEOREM5.text, "theorem5", {"f": f}, expected, quick)


def paper_split(n: int, f: int, expected: ClaimVerdict, quick: bool = False) -> Claim:
    """The split of Theorem 9's proof against ICwTM (q = n - f), replayed from its committed witness."""
    return Claim(f"icwtm-paper-split-n{n}-f{f}", ICWTM_SPLIT.ref, ICWTM_SPLIT.text, "split", {"n": n, "f": f},
                 expected, quick)


def proof(check: str, ref: str, statement: str, expected: ClaimVerdict, quick: bool = True) -> Claim:
    """A sympy check of ``avagree.proofs.checks`` (``check`` is its function name); the row's
    text is the check's own ``ref: statement``, repeated here so the catalogue reads alone."""
    name = check.removeprefix("check_").replace("_", "-")
    return Claim(f"proof-{name}", ref, f"{ref}: {statement}", "proof_check", {"name": check}, expected, quick)


def _tie_text(text: str, ties: str | None) -> str:
    """The row's statement with its tie rule (issue 13), for a rule that picks among optimal choices."""
    if ties is None:
        return text
    return f"{text} [ties={ties}: {TIE_WORDS[ties]}]"


#: how a row states its tie rule
TIE_WORDS = {"first": "the reference tie rule, first optimal subset in canonical order",
             "average": "the mean of the outputs of every optimal subset",
             "adversary": "any optimal subset, chosen by the adversary; what the paper allows"}


def _tie_id(ties: str | None) -> str:
    """Ids of rows under the reference rule stay as they were; adversary and average rows end in -adversary, -average."""
    return f"-{ties}" if ties in ("adversary", "average") else ""


def z3_contracts(s: Statement, rule: str, n: int, f: int, model: str, expected: ClaimVerdict, quick: bool = False,
                 d: int = 1, timeout_scale: float = 1.0, ties: str | None = None) -> Claim:
    """Z3: does one round strictly contract every input (d = 1, or MDA in the plane), under ``ties``?"""
    dim = "" if d == 1 else f"-d{d}"
    return Claim(f"{s.tag}-z3-{rule}-n{n}-f{f}-{model}{dim}{_tie_id(ties)}", s.ref, _tie_text(s.text, ties),
                 "z3_contracts",
                 {"rule": rule, "n": n, "f": f, "model": model, "expect_contract": s.says, **({"d": d} if d != 1 else {}),
                  **({"ties": ties} if ties else {})},
                 expected, quick, timeout_scale=timeout_scale)


def z3_spec(s: Statement, rule: str, n: int, f: int, spec: str, expected: ClaimVerdict, quick: bool = True,
            ties: str | None = None) -> Claim:
    """Z3: does one round satisfy ``spec`` in every execution (asynchronous, d = 1), under ``ties``?"""
    return Claim(f"{s.tag}-z3-{rule}-n{n}-f{f}-{spec}{_tie_id(ties)}", s.ref, _tie_text(s.text, ties), "z3_spec",
                 {"rule": rule, "n": n, "f": f, "model": "async", "spec": spec, "expect": s.says,
                  **({"ties": ties} if ties else {})}, expected, quick)


def _paper_bound(s: Statement, n: int, f: int) -> str:
    """The paper's one-round bound at (n, f), q = h = n - f, for the worst-case claims."""
    q = n - f
    if s is LEMMA12_FACTOR:
        return str(at(mda.LEMMA12_FACTOR, n=n, f=f, q=q))
    if s is LEMMA15_FACTOR:
        return str(constants("cwtm", n, f, q).contraction_factor)
    if s is THEOREM8_DEVIATION:
        return str(at(icwtm.THEOREM8_ONE_ROUND, n=n, f=f, q=q))
    if s is CVA_FACTOR:
        return str(constants("cva", n, f, q).contraction_factor)
    return str(at(mda.LEMMA13_ALPHA, n=n, f=f, q=q))  # LEMMA13_DEVIATION, CVA_DEVIATION


def z3_worst(s: Statement, rule: str, n: int, f: int, spec: str, expected: ClaimVerdict, quick: bool = False,
             ties: str | None = None, d: int = 1) -> Claim:
    """Z3: the exact one-round worst case (asynchronous) against the paper's bound, under ``ties``; in
    d = 1, or with ``d`` >= 2 (MDA's contraction) bounds on the planar supremum (:mod:`avagree.smt.bounds`)."""
    plane = f"-d{d}" if d != 1 else ""
    return Claim(f"{s.tag}-worst-{rule}-n{n}-f{f}-{spec}{plane}{_tie_id(ties)}", s.ref, _tie_text(s.text, ties),
                 "z3_worst", {"rule": rule, "n": n, "f": f, "model": "async", "spec": spec,
                              "paper": _paper_bound(s, n, f), **({"ties": ties} if ties else {}),
                              **({"d": d} if d != 1 else {})}, expected, quick)


def search(rule: str, n: int, f: int, d: int, trials: int, expected: ClaimVerdict, quick_trials: int | None = None) -> Claim:
    """Random search for one round beating Lemma 12's factor (q = n - f) in dimension d."""
    factor = constants(rule, n, f, n - f).contraction_factor
    text = f"Lemma 12: one MDA round contracts Delta_2 by (4f+h-q)/(q-f) = {factor}"
    return Claim(f"lemma12-search-{rule}-n{n}-f{f}-d{d}", "Lemma 12", text, "search_contraction",
                 {"rule": rule, "n": n, "f": f, "d": d, "trials": trials}, expected, quick_trials is not None,
                 {"trials": quick_trials} if quick_trials is not None else {})


def broadcast_search(n: int, f: int, t: int, objective: str, budget: int, expected: ClaimVerdict,
                     quick: bool = False) -> Claim:
    """A seeded search over schedules of the broadcast-based algorithm against Theorem 6 (q = n - f, d = 1)."""
    return Claim(f"{THEOREM6_SEARCH.tag}-search-n{n}-f{f}-t{t}-{objective}", THEOREM6_SEARCH.ref,
                 f"{THEOREM6_SEARCH.text} [search objective: {objective}]", "broadcast_search",
                 {"n": n, "f": f, "t": t, "objective": objective, "budget": budget}, expected, quick)


def oracle(s: Statement, rule: str, n: int, f: int, d: int, spec: str, bound: str, examples: int,
           expected: ClaimVerdict, ties: str | None = None) -> Claim:
    """The search oracle (``avagree.check``) on one spec at ``bound``, one round in dimension d (asynchronous);
    a search that finds nothing is UNKNOWN."""
    return Claim(f"{s.tag}-oracle-{rule}-n{n}-f{f}-d{d}-{spec}{_tie_id(ties)}", s.ref, _tie_text(f"{s.text} [d = {d}]", ties),
                 "oracle", {"rule": rule, "n": n, "f": f, "model": "async", "d": d, "spec": spec, "bound": bound,
                            "examples": examples, "says": s.says, **({"ties": ties} if ties else {})}, expected)



def rounds_z3(s: Statement, rule: str, n: int, f: int, rounds: int, expected: ClaimVerdict) -> Claim:
    """Z3 (d = 1, async, q = n - f): the T-round contraction supremum by induction against the iterated bound."""
    return Claim(f"{s.tag}-z3-{rule}-n{n}-f{f}-r{rounds}", s.ref, f"{s.text} (d = 1, T = {rounds})", "z3_rounds",
                 {"rule": rule, "n": n, "f": f, "rounds": rounds}, expected)


def rounds_search(s: Statement, rule: str, n: int, f: int, d: int, rounds: int, objective: str, examples: int,
                  expected: ClaimVerdict) -> Claim:
    """Several-round adversarial search (async, q = n - f) against the paper's iterated bound."""
    return Claim(f"{s.tag}-search-{rule}-n{n}-f{f}-d{d}-r{rounds}", s.ref, f"{s.text} (d = {d}, T = {rounds})",
                 "search_rounds", {"rule": rule, "n": n, "f": f, "d": d, "rounds": rounds, "objective": objective,
                                   "examples": examples}, expected)


def learn_sim(s: Statement, lemma: str, samples: int, expected: ClaimVerdict, exact: str | None = None,
              **setup: Any) -> Claim:
    """Lemma 6 or 7 in expectation, simulated on LEARN's step (seeded; never CONFIRMED); ``exact`` names the
    proof check that must show a failure exactly before the row may say REFUTED."""
    tag = "-".join(f"{k}{v}" for k, v in sorted(setup.items()) if k in ("n", "t", "noise")).replace("noise", "")
    return Claim(f"{s.tag}-{tag}", s.ref, s.text, "learn_expectation",
                 {"lemma": lemma, "samples": samples, **({"exact": exact} if exact else {}), **setup}, expected)


def optimal_gap(s: Statement, question: str, expected: ClaimVerdict, max_f: int = 3, extra: int = 12,
                quick: bool = False) -> Claim:
    """The class optimum (certified LP, d = 1, one round) against CwTM, 1 - eps_tilde or MDA over a grid
    (:mod:`avagree.audit.optimal_jobs`)."""
    return Claim(f"{s.tag}-f{max_f}-n3f{extra}", s.ref, s.text, "optimal_gap",
                 {"question": question, "max_f": max_f, "extra": extra}, expected, quick)
