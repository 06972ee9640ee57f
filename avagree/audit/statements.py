"""The statements the audit checks: each claim's text, its id tag, the paper's
reference and what the paper says (``says``), one constant per statement; the
claims of :mod:`avagree.audit.claims` point at them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Statement:
    """A claim's text, its id tag, its reference, and what the paper says (``says``)."""

    tag: str
    ref: str
    text: str
    says: bool | None = True


THEOREM5 = Statement("theorem5", "Theorem 5", "Theorem 5: MDA can fail to contract for n <= 6f - 1", False)
LEMMA12 = Statement("lemma12", "Lemma 12", "Lemma 12: MDA contracts the honest diameter for n >= 6f + 1")
MDA_6F = Statement("mda-6f", "Lemma 12; Theorem 5",
                   "n = 6f: Lemma 12 needs 6f + 1, Theorem 5's construction covers 6f - 1 (section 5.3 "
                   "says MDA cannot tolerate more); the answer depends on the tie rule", None)
MDA_SYNC = Statement("mda-sync", "none (synchronous MDA)", "MDA, synchronous (q = n): does one round contract?", None)
ICWTM = Statement("icwtm", "Abstract; section 7",
                  "Abstract, section 7: ICwTM contracts for n >= 4f + 1 (asynchronous, q = n - f)")
ICWTM_SPLIT = Statement("icwtm", "Abstract; section 7",
                        "ICwTM achieves averaging agreement for n >= 4f + 1 (abstract; section 7)")
THEOREM9 = Statement("theorem9", "Theorem 9", "Theorem 9 (no standard-form algorithm for q <= 3f), for one "
                                              "standard-form rule only: one CwTM round need not contract", False)
ICWTM_SYNC = Statement("icwtm-sync", "Section 7.1", "Section 7.1: synchronous ICwTM works for n >= 3f + 1")
LEMMA12_FACTOR = Statement("lemma12", "Lemma 12",
                           "Lemma 12: one MDA round multiplies Delta_2 by at most (4f+h-q)/(q-f)")
LEMMA15_FACTOR = Statement("lemma15", "Lemma 15",
                           "Lemma 15: one CwTM round multiplies Delta^cw by at most 1 - eps_tilde")
THEOREM8_DEVIATION = Statement("theorem8", "Theorem 8, eq. (200)",
                               "Theorem 8, eq. (200): one CwTM output is within (2f+h-q)/h Delta^cw of the honest mean")
LEMMA13_DEVIATION = Statement("lemma13", "Lemma 13", "Lemma 13: one MDA output is within ((2f+h-q)q + (q-2f)f)/(h(q-f)) "
                                                     "Delta_2 of the honest mean")
# Lemmas 14 and 16 are about the final output of any averaging agreement algorithm; the rows
# check their condition on one round of one rule (issue 15, section 7), and say so.
LEMMA14_AS_STATED = Statement("lemma14", "Lemma 14", "Lemma 14 as stated, on one CVA round (n >= 7f + 1): q - f equal "
                                                     "received values force the output, whatever the receiver's own value")
LEMMA14_OWN = Statement("lemma14-own", "Lemma 14", "Lemma 14 on one CVA round, when the receiver's own value is the "
                                                   "repeated one")
LEMMA14_MDA = Statement("lemma14", "Lemma 14", "Lemma 14's condition on one MDA round: q - f equal received values force "
                                               "the output")
LEMMA16 = Statement("lemma16", "Lemma 16", "Lemma 16's condition on one CwTM round: q - f equal received values (q - 2f "
                                           "honest, f Byzantine) force the output")
THEOREM8_VALIDITY = Statement("theorem8", "Theorem 8's proof", "Theorem 8's proof: CwTM outputs stay within the honest range")
THEOREM6_BROADCAST = Statement("theorem6", "Theorem 6", "Theorem 6 needs reliable broadcast: the plain trimmed middle "
                                                        "over q = n - f need not contract at n = 3f + 1", False)
SEC8_MDA = Statement("sec8-sync", "Section 8", "Section 8: synchronously, an MDA-based algorithm needs only n >= 5f + 1")
SEC8_CWTM = Statement("sec8-sync", "Section 8", "Section 8: synchronously, CwTM needs n >= 3f + 1 (at n = 3f one round "
                                                 "need not contract)", False)
LEMMA12_PLANE = Statement("lemma12", "Lemma 12",
                          "Lemma 12 in d = 2: one MDA round strictly contracts Delta_2 at n = 6f + 1")
# issue 15 section 6: the broadcast-based algorithm under searched schedules
THEOREM6_SEARCH = Statement("theorem6", "Theorem 6", "Theorem 6 under searched schedules: each iteration halves every "
                                                     "Delta^cw[i], two collected sets share q values, and t + ceil(log2 h) "
                                                     "iterations give 2^-t agreement and 2 sqrt(h)-averaging")


# --- CVA, section 5.4 (issue 15, section 3): the paper writes no CVA lemma; "the same sketch of the proof as MDA"
# under n >= (7+3eps)/(1-eps) f, q >= (1+eps)/2 h + (3+2eps) f is read as Lemma 12 (and Lemma 13) for CVA
CVA_CONTRACTS = Statement("cva", "Section 5.4", "Section 5.4: CVA contracts the honest diameter for n >= 7f + 1 "
                                                "(asynchronous)")
CVA_7F = Statement("cva-7f", "Section 5.4", "n = 7f: section 5.4 says CVA requires n >= 7f + 1; does one round "
                                            "contract? (the answer depends on the tie rule)", None)
CVA_BELOW = Statement("cva-below", "Section 5.4", "Section 5.4: CVA requires n >= 7f + 1, more than MDA's 6f + 1 "
                                                  "(one round need not contract below it)", False)
CVA_SYNC = Statement("cva-sync", "none (synchronous CVA)", "CVA, synchronous (q = n): does one round contract?", None)
CVA_FACTOR = Statement("cva", "Section 5.4 with Lemma 12", "Section 5.4 ('the same sketch as MDA', Lemma 12): one CVA "
                                                           "round multiplies Delta_2 by at most 1 - eps_tilde")
CVA_DEVIATION = Statement("cva-lemma13", "Section 5.4 with Lemma 13",
                          "Section 5.4 read with Lemma 13 (the paper writes no CVA constant): one CVA output is within "
                          "((2f+h-q)q + (q-2f)f)/(h(q-f)) Delta_2 of the honest mean")
CVA_AVERAGING = Statement("cva-averaging", "Section 5.4 with Lemma 13",
                          "Section 5.4 read with Lemma 13: after one CVA round the mean of the honest outputs is within "
                          "((2f+h-q)q + (q-2f)f)/(h(q-f)) Delta_2 of the honest mean (implied by the per-output bound)")

# several rounds (issue 15 section 5): a fresh adversary each round
ROUNDS_LEMMA12 = Statement("rounds-lemma12", "Lemma 12 iterated (Theorem 3's proof, eq. 152)",
                           "Lemma 12 iterated: T MDA rounds multiply Delta_2 by at most ((4f+h-q)/(q-f))^T")
ROUNDS_LEMMA15 = Statement("rounds-lemma15", "Lemma 15 iterated (Corollary 2, eqs. 182-184)",
                           "Lemma 15 iterated: T CwTM rounds multiply Delta_2 by at most (1 - eps_tilde)^T "
                           "(times min{2 sqrt(h), sqrt(d)} in d >= 2, Lemma 1)")
ROUNDS_THEOREM3 = Statement("rounds-theorem3", "Theorem 3, eq. (153)",
                            "Theorem 3, eq. (153): after T MDA rounds the honest average moves by at most "
                            "alpha sum_{s<T} (1 - eps_tilde)^s Delta_2(x_0)")
ROUNDS_THEOREM8 = Statement("rounds-theorem8", "Theorem 8 and Remark 3",
                            "Theorem 8 / Remark 3: after any number of CwTM rounds the honest average moves by at most "
                            "(2f+h-q)/h min{2 sqrt(h), sqrt(d)} Delta_2(x_0)")

# issue 27 item 6: Lemmas 6 and 7 are statements about expectations; simulated on LEARN's step
LEMMA6_EXPECT = Statement("lemma6-sim", "Lemma 6, eq. (40)", "Lemma 6, eq. (40), in expectation: E Delta_2(g_t)^2 <= "
                                                             "(1+alpha_t)K^2 + 16 abar/alpha_t (L^2 Delta_2(theta_t)^2 + "
                                                             "h sigma_t^2)")
LEMMA7_EXPECT = Statement("lemma7-sim", "Lemma 7, eq. (50)", "Lemma 7, eq. (50), in expectation over the noise and AVG, "
                                                             "noises independent across nodes")
LEMMA7_EXPECT_COMMON = Statement("lemma7-sim", "Lemma 7, eq. (50), Assumption 3",
                                 "Lemma 7, eq. (50), in expectation, one noise draw shared by every node (Assumption 3 "
                                 "holds: zero mean, E||xi_j||^2 = sigma_t^2)")

# issue 25 item 4: the class optimum (least one-round value over the L-statistics with weights on f+1..q-f, d = 1,
# certified by an exact LP certificate) against CwTM, the paper's 1 - eps_tilde and MDA
OPT_CWTM_CONTRACTION = Statement("optimal-cwtm-contraction", "Lemma 15; issue 25",
                                 "CwTM has the least one-round contraction factor among L-statistics with weights on "
                                 "f+1..q-f (d = 1, each coordinate) at every (n, f, q) of the grid", None)
OPT_CWTM_AVERAGING = Statement("optimal-cwtm-averaging", "Theorem 8, eq. (200); issue 25",
                               "CwTM has the least one-round averaging error among L-statistics with weights on "
                               "f+1..q-f (d = 1, each coordinate) at every (n, f, q) of the grid: eq. (200)'s "
                               "(2f+h-q)/h is optimal in the class", None)
OPT_EPS_TILDE = Statement("optimal-eps-tilde", "Lemmas 12 and 15; issue 25",
                          "the paper's one-round factor 1 - eps_tilde (Lemma 12 under Assumption 5, Lemma 15 under "
                          "Assumption 6, largest admitted eps) is attainable by an L-statistic with weights on f+1..q-f "
                          "(d = 1): the least factor over the class is at most 1 - eps_tilde wherever the hypothesis "
                          "holds on the grid", None)
OPT_MDA_GAP = Statement("optimal-mda-gap", "Lemma 12; issue 25",
                        "MDA's exact one-round factor in d = 1 (not an L-statistic) is at least the least factor over "
                        "the L-statistics with weights on f+1..q-f at every (n, f, q) of the grid: how far MDA is from "
                        "the class optimum", None)
