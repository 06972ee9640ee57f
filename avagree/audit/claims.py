"""Which claims the audit checks, at which parameters (the catalogue)."""

from __future__ import annotations

from avagree.audit.jobs import Job
from avagree.proofs import at, icwtm, mda


def _mda_claim(n: int, f: int) -> tuple[str, bool | None]:
    if n >= 6 * f + 1:
        return "Lemma 12: MDA contracts the honest diameter for n >= 6f + 1", True
    if n <= 6 * f - 1:
        return "Theorem 5: MDA can fail to contract for n <= 6f - 1", False
    return "n = 6f, left open by the paper (Lemma 12 needs 6f + 1, Theorem 5 covers 6f - 1)", None


def _cwtm_claim(n: int, f: int, model: str) -> tuple[str, bool | None]:
    if model == "sync":
        if n >= 3 * f + 1:
            return "Section 7.1: synchronous ICwTM works for n >= 3f + 1", True
        return "Theorem 7: no algorithm for n <= 3f", False
    if n >= 4 * f + 1:
        return "Abstract, section 7: ICwTM contracts for n >= 4f + 1 (asynchronous, q = n - f)", True
    return "Theorem 9: no standard-form algorithm for q <= 3f", False


def plan(quick: bool, out: str | None, timeout: float) -> list[Job]:
    fs = (1,) if quick else (1, 2)
    jobs: list[Job] = []
    for f in ((1, 2) if quick else (1, 2, 3)):
        jobs.append(("theorem5", {"f": f}))
    for n, f in ((5, 1), (9, 2)) if quick else ((5, 1), (9, 2), (13, 3)):
        jobs.append(("split", {"n": n, "f": f}))

    from avagree.proofs.checks import ALL_CHECKS

    slow = {"check_constants_above_lower_bound", "check_lemma12_grid", "check_corollary2", "check_n_mda"}
    for chk in ALL_CHECKS:
        if not (quick and chk.__name__ in slow):
            jobs.append(("proof_check", {"name": chk.__name__}))

    for model in ("async",) if quick else ("async", "sync"):
        for f in fs:
            for n in range(3 * f + 1, 7 * f + 2):
                for rule, claim_of in (("mda", lambda n, f, m: _mda_claim(n, f)), ("cwtm", _cwtm_claim)):
                    claim, expect = claim_of(n, f, model)
                    if model == "sync" and rule == "mda":
                        claim, expect = "MDA, synchronous (q = n): does one round contract?", None
                    jobs.append(("z3_contracts", {"rule": rule, "n": n, "f": f, "model": model, "claim": claim,
                                                  "expect_contract": expect, "timeout": timeout, "out": out}))

    for f in fs:
        n = 6 * f + 1
        jobs.append(("z3_worst", {"rule": "mda", "n": n, "f": f, "model": "async", "spec": "contraction",
                                  "claim": "Lemma 12: one MDA round multiplies Delta_2 by at most (4f+h-q)/(q-f)",
                                  "paper": str(at(mda.LEMMA12_FACTOR, n=n, f=f, q=n - f)), "timeout": timeout}))
        n = 5 * f + 1
        from avagree.proofs import constants

        c = constants("cwtm", n, f, n - f)
        jobs.append(("z3_worst", {"rule": "cwtm", "n": n, "f": f, "model": "async", "spec": "contraction",
                                  "claim": "Lemma 15: one CwTM round multiplies Delta^cw by at most 1 - eps_tilde",
                                  "paper": str(c.contraction_factor), "timeout": timeout}))
        jobs.append(("z3_worst", {"rule": "cwtm", "n": n, "f": f, "model": "async", "spec": "deviation",
                                  "claim": "Theorem 8, eq. (200): one CwTM output is within (2f+h-q)/h Delta^cw of the honest mean",
                                  "paper": str(at(icwtm.THEOREM8_ONE_ROUND, n=n, f=f, q=n - f)), "timeout": timeout}))
        n = 6 * f + 1
        h, q = n - f, n - f
        jobs.append(("z3_worst", {"rule": "mda", "n": n, "f": f, "model": "async", "spec": "deviation",
                                  "claim": "Lemma 13: one MDA output is within ((2f+h-q)q + (q-2f)f)/(h(q-f)) Delta_2 of the honest mean",
                                  "paper": str(at(mda.LEMMA13_ALPHA, n=n, f=f, q=q)), "timeout": timeout}))

    for rule, n, f, spec, claim, expect in [
        ("cva", 8, 1, "quasi-unanimity", "Lemma 14 as stated: q - f equal values force the output, whatever the receiver's own value (CVA, n >= 7f + 1)", True),
        ("cva", 8, 1, "quasi-unanimity-own", "Lemma 14 when the receiver's own value is the repeated one (CVA)", True),
        ("mda", 7, 1, "quasi-unanimity", "Lemma 14: quasi-unanimity (MDA)", True),
        ("cwtm", 6, 1, "quasi-unanimity", "Lemma 16: quasi-unanimity (CwTM)", True),
        ("cwtm", 6, 1, "validity", "Theorem 8's proof: CwTM outputs stay within the honest range", True),
        ("trimmed-middle", 4, 1, "contraction", "Theorem 6 needs reliable broadcast: the plain trimmed middle over q = n - f need not contract at n = 3f + 1", False),
    ]:
        if spec == "contraction":
            jobs.append(("z3_contracts", {"rule": rule, "n": n, "f": f, "model": "async", "claim": claim,
                                          "expect_contract": expect, "timeout": timeout, "out": out}))
        else:
            jobs.append(("z3_spec", {"rule": rule, "n": n, "f": f, "model": "async", "spec": spec, "claim": claim,
                                     "expect": expect, "timeout": timeout, "out": out}))

    if not quick:  # geometry matters: MDA in the plane, nonlinear (about 10 s)
        jobs.append(("z3_contracts", {"rule": "mda", "n": 7, "f": 1, "model": "async", "d": 2, "timeout": 4 * timeout,
                                      "claim": "Lemma 12 in d = 2: one MDA round strictly contracts Delta_2 at n = 6f + 1",
                                      "expect_contract": True, "out": out}))
    trials = 150 if quick else 1500
    for n, f, d in ((7, 1, 2),) if quick else ((7, 1, 2), (7, 1, 3), (13, 2, 2)):
        jobs.append(("search_contraction", {"rule": "mda", "n": n, "f": f, "d": d, "trials": trials}))
    return jobs
