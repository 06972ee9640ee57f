"""The claims catalogue is well formed: ids are unique and stable in shape, every
claim's job binds to its job function and survives pickling (Dask), the quick audit
is a subset in report order, and the proof-step claims are exactly the checks."""

import inspect
import pickle
import re
from pathlib import Path

from avagree.audit.claims import CLAIMS, CONFIRMED, REFUTED, UNKNOWN, by_id, expected_counts, plan, select
from avagree.audit.jobs import JOBS, audit_verdict
from avagree.audit.proof_checks import ALL_CHECKS
from avagree.verdicts import ClaimVerdict, Verdict


def test_ids_are_unique_and_short():
    ids = [c.id for c in CLAIMS]
    assert len(set(ids)) == len(ids)
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", i) and len(i) <= 56 for i in ids), ids
    assert by_id("lemma12-z3-mda-n7-f1-async").params == {"rule": "mda", "n": 7, "f": 1, "model": "async",
                                                           "expect_contract": True, "ties": "first"}
    assert by_id("lemma12-z3-mda-n7-f1-async-adversary").params == {"rule": "mda", "n": 7, "f": 1, "model": "async",
                                                                     "expect_contract": True, "ties": "adversary"}


def test_every_job_binds_to_its_function_and_pickles():
    for quick in (True, False):
        jobs = plan(quick, "/tmp/out", 30.0)
        assert len(jobs) == len(select(quick))
        for (kind, kwargs), claim in zip(jobs, select(quick)):
            assert kwargs["id"] == claim.id and kind == claim.kind
            args = {k: v for k, v in kwargs.items() if k != "id"}
            inspect.signature(JOBS[kind]).bind(**args)
            if "claim" in args:
                assert args["claim"] == claim.statement
        assert pickle.loads(pickle.dumps(jobs)) == jobs


def test_quick_is_an_ordered_subset_with_its_own_budget():
    quick = select(True)
    assert [c for c in CLAIMS if c in quick] == quick
    assert 0 < len(quick) < len(CLAIMS)
    search = by_id("lemma12-search-mda-n7-f1-d2")
    assert search.job(None, 1.0)[1]["trials"] == 1500 and search.job(None, 1.0, quick=True)[1]["trials"] == 150


def test_expected_counts_add_up():
    for quick in (True, False):
        counts = expected_counts(quick)
        assert list(counts) == [CONFIRMED, REFUTED, UNKNOWN]
        assert sum(counts.values()) == len(select(quick))
        assert all(isinstance(v, ClaimVerdict) for v in counts)


def test_proof_claims_are_exactly_the_checks_in_order():
    assert [c.params["name"] for c in CLAIMS if c.kind == "proof_check"] == [c.__name__ for c in ALL_CHECKS]


def test_audit_verdict_follows_what_the_paper_says():
    assert audit_verdict(Verdict.PROVED, True) == CONFIRMED
    assert audit_verdict(Verdict.COUNTEREXAMPLE, True) == REFUTED
    assert audit_verdict(Verdict.PROVED, False) == REFUTED
    assert audit_verdict(Verdict.COUNTEREXAMPLE, False) == CONFIRMED
    assert audit_verdict(Verdict.COUNTEREXAMPLE, None) == CONFIRMED  # the paper says nothing: any answer
    assert audit_verdict(Verdict.UNKNOWN, True) == UNKNOWN


def test_the_planar_worst_row_compares_both_bounds_with_the_paper():
    """Lemma 12's factor in the plane at n = 7, f = 1 (about 1e6 z3 units): the d = 1 supremum 4/5 is proved
    an upper bound in d = 2 too, so the row says 'exactly' and 'tight'; with a paper bound below the lower
    bound the same result is REFUTED, above the upper bound CONFIRMED with slack."""
    from fractions import Fraction

    from avagree.audit.jobs import make_job, run_job
    from avagree.audit.worst_rows import plane_worst_row
    from avagree.smt import worst

    claim = by_id("lemma12-worst-mda-n7-f1-contraction-d2-adversary")
    row = run_job(make_job(claim.kind, claim.params, claim.id, claim.statement, None, None))
    assert (row.verdict, row.evidence) == (CONFIRMED, "sup = 4/5 exactly <= paper's 4/5 (tight)")
    assert row.params["d"] == 2 and row.data["lower"] == row.data["upper"] == "4/5"
    r = worst("mda", 7, 1, 6, d=2, ties="adversary")
    assert (r.lower, r.upper) == (Fraction(4, 5), Fraction(4, 5))
    assert plane_worst_row(r, "c", "3/4", 7, 1, 6, "async", 2).verdict == REFUTED
    above = plane_worst_row(r, "c", "9/10", 7, 1, 6, "async", 2)
    assert above.verdict == CONFIRMED and "slack at most 1/10" in above.evidence


def test_readme_counts_are_the_catalogues():
    """The README's audit numbers (claims, verdict counts, the quick run's size) are the catalogue's
    expected ones: a claim added or re-decided without updating the README fails here."""
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    full, quick = expected_counts(), select(True)
    total = sum(full.values())
    c, r, u = (full[v] for v in (CONFIRMED, REFUTED, UNKNOWN))
    assert re.search(rf"`avagree audit` checks {total} claims", readme)
    assert re.search(rf"exactly the expected {c} CONFIRMED,\s+{r} REFUTED, {u} UNKNOWN", readme)
    assert re.search(rf"`--quick` runs {len(quick)} claims", readme)
    assert re.search(rf"avagree audit: {total} claims;", readme)
    assert re.search(rf"\n{total} claims in [0-9.]+s: {c} CONFIRMED, {r} REFUTED, {u} UNKNOWN\n", readme)
