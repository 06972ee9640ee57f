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
THEOREM9 = Statement("theorem9", "Theorem 9", "Theorem 9: no standard-form algorithm for q <= 3f", False)
ICWTM_SYNC = Statement("icwtm-sync", "Section 7.1", "Section 7.1: synchronous ICwTM works for n >= 3f + 1")
LEMMA12_FACTOR = Statement("lemma12", "Lemma 12",
                           "Lemma 12: one MDA round multiplies Delta_2 by at most (4f+h-q)/(q-f)")
LEMMA15_FACTOR = Statement("lemma15", "Lemma 15",
                           "Lemma 15: one CwTM round multiplies Delta^cw by at most 1 - eps_tilde")
THEOREM8_DEVIATION = Statement("theorem8", "Theorem 8, eq. (200)",
                               "Theorem 8, eq. (200): one CwTM output is within (2f+h-q)/h Delta^cw of the honest mean")
LEMMA13_DEVIATION = Statement("lemma13", "Lemma 13", "Lemma 13: one MDA output is within ((2f+h-q)q + (q-2f)f)/(h(q-f)) "
                                                     "Delta_2 of the honest mean")
LEMMA14_AS_STATED = Statement("lemma14", "Lemma 14", "Lemma 14 as stated: q - f equal values force the output, whatever "
                                                     "the receiver's own value (CVA, n >= 7f + 1)")
LEMMA14_OWN = Statement("lemma14-own", "Lemma 14", "Lemma 14 when the receiver's own value is the repeated one (CVA)")
LEMMA14_MDA = Statement("lemma14", "Lemma 14", "Lemma 14: quasi-unanimity (MDA)")
LEMMA16 = Statement("lemma16", "Lemma 16", "Lemma 16: quasi-unanimity (CwTM)")
THEOREM8_VALIDITY = Statement("theorem8", "Theorem 8's proof", "Theorem 8's proof: CwTM outputs stay within the honest range")
THEOREM6_BROADCAST = Statement("theorem6", "Theorem 6", "Theorem 6 needs reliable broadcast: the plain trimmed middle "
                                                        "over q = n - f need not contract at n = 3f + 1", False)
SEC8_MDA = Statement("sec8-sync", "Section 8", "Section 8: synchronously, an MDA-based algorithm needs only n >= 5f + 1")
SEC8_CWTM = Statement("sec8-sync", "Section 8", "Section 8: synchronously, CwTM needs n >= 3f + 1 (at n = 3f one round "
                                                 "need not contract)", False)
LEMMA12_PLANE = Statement("lemma12", "Lemma 12",
                          "Lemma 12 in d = 2: one MDA round strictly contracts Delta_2 at n = 6f + 1")

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
