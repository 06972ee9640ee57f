"""The Z3 engine finds what the claims catalogue says it finds.

Every one-round contraction claim of the quick audit, plus the f = 2 claims at the
ICwTM and Theorem 5 thresholds, gets the catalogue's expected verdict; each
counterexample (Theorem 5's witness for MDA at n = 6f - 1, the split against ICwTM
at n = 4f + 1, the trimmed middle without broadcast) is a fresh Z3 witness that
replays exactly and does not contract."""

import pytest

from avagree.audit.claims import CLAIMS
from avagree.audit.jobs import audit_verdict
from avagree.model.execution import default_q
from avagree.harness.witness import load, replay
from avagree.smt import COUNTEREXAMPLE, decide

THRESHOLDS_F2 = {"icwtm-z3-cwtm-n10-f2-async", "icwtm-z3-cwtm-n11-f2-async", "theorem5-z3-mda-n11-f2-async",
                 "icwtm-sync-z3-cwtm-n4-f1-sync"}
CHECKED = [c for c in CLAIMS if c.kind == "z3_contracts" and "d" not in c.params and (c.quick or c.id in THRESHOLDS_F2)]


def test_the_selection_is_not_empty():
    assert len(CHECKED) == 26  # + section 8: MDA sync at 5f+1, 4f, 4f+1 (adversary ties), CwTM sync at 3f; CVA at
    # n = 7f (both tie rules) and 7f + 1 (issue 15); 2 average rows (issue 13)
    assert {c.id for c in CHECKED} >= THRESHOLDS_F2 | {"theorem5-z3-mda-n5-f1-async", "icwtm-z3-cwtm-n5-f1-async",
                                                       "mda-6f-z3-mda-n6-f1-async-adversary",
                                                       "lemma12-z3-mda-n7-f1-async-adversary"}
    # every MDA row says its tie rule
    assert all(c.params.get("ties") in ("first", "average", "adversary") for c in CHECKED
               if c.params["rule"] in ("mda", "cva"))


@pytest.mark.parametrize("claim", CHECKED, ids=lambda c: c.id)
def test_contraction_claim_gets_its_expected_verdict(claim, tmp_path):
    p = claim.params
    r = decide(p["rule"], p["n"], p["f"], default_q(p["n"], p["f"], p["model"]), p["model"], save_dir=tmp_path,
               ties=p.get("ties"))
    assert audit_verdict(r.verdict, p["expect_contract"]) == claim.expected, r.reason
    assert r.scope["ties"] == p.get("ties", "none")
    assert r.scope["d"] == 1 and r.scope["rounds"] == 1 and r.scope["model"] == p["model"]
    if r.verdict == COUNTEREXAMPLE:
        w = load(r.path)
        assert replay(w).ok and w.found_by == "z3"
        assert w.measured >= 1  # Delta_2(out) >= Delta_2(in)

