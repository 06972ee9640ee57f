"""The audit's rows on the class optimum (issue 25 item 4, avagree/audit/optimal_jobs.py) on a small grid,
against values worked out by hand."""

from fractions import Fraction as Fr

from avagree.audit.claims import CLAIMS
from avagree.audit.optimal_jobs import attaining, job_optimal_gap
from avagree.audit.row import CONFIRMED, REFUTED
from avagree.proofs.lstat import Instance, contraction


def test_cwtm_is_not_contraction_optimal_exactly_at_the_listed_points():
    row = job_optimal_gap("cwtm-contraction", "claim", max_f=1, extra=6)  # f = 1, n = 4..9
    # by hand: CwTM (n - q + f)/(q - 2f) against 1/c(q - 2f, n - q + f), c(m, k) = floor((m - 1)/k) + 1;
    # they differ where k = n - q + 1 < m = q - 2 and k does not divide m
    where = [d.split(":")[0] for d in row.details]
    assert row.verdict == REFUTED
    assert where == ["n=6 f=1 q=5 async", "n=8 f=1 q=6 async", "n=8 f=1 q=7 async", "n=9 f=1 q=7 async"]
    assert row.details[0] == "n=6 f=1 q=5 async: cwtm 2/3, least 1/2 (x4/3)"
    assert "no exception" in row.evidence and row.params["points"] == len(row.data["table"])


def test_cwtm_averaging_mda_gap_and_eps_tilde_rows():
    assert job_optimal_gap("cwtm-averaging", "claim", max_f=1, extra=6).verdict == CONFIRMED
    mda = job_optimal_gap("mda-gap", "claim", max_f=1, extra=6)
    ratios = {(r["n"], r["q"], r["model"]): Fr(r["ratio"]) for r in mda.data["table"]}
    assert mda.verdict == CONFIRMED and ratios[7, 6, "async"] == Fr(8, 5)  # 4/5 (Lemma 12) over 1/2
    eps = job_optimal_gap("eps-tilde", "claim", max_f=1, extra=6)
    assert eps.verdict == CONFIRMED
    for r in eps.data["table"]:
        inst = Instance(r["n"], 1, r["q"], r["model"])
        weights = [Fr(w) for w in r["attained_by"].split(",")]
        assert contraction(weights, inst) == Fr(r["one_minus_eps_tilde"]) >= Fr(r["optimum"])


def test_attaining_solves_exactly_or_refuses():
    inst = Instance(7, 1, 6)
    best = [Fr(0), Fr(1, 2), Fr(0), Fr(1, 2), Fr(0), Fr(0)]
    assert contraction(best, inst) == Fr(1, 2)
    corner = [Fr(0), Fr(1), Fr(0), Fr(0), Fr(0), Fr(0)]
    w = attaining(inst, best, corner, Fr(3, 4))
    assert contraction(w, inst) == Fr(3, 4) and sum(w) == 1
    assert attaining(inst, best, corner, Fr(1, 3)) is None  # below the optimum: no weights


def test_the_catalogue_has_the_four_questions():
    rows = {c.params["question"]: c.expected for c in CLAIMS if c.kind == "optimal_gap"}
    assert rows == {"cwtm-contraction": REFUTED, "cwtm-averaging": CONFIRMED, "eps-tilde": CONFIRMED,
                    "mda-gap": CONFIRMED}
