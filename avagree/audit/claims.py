"""The claims catalogue: every claim of the paper the audit checks, one record each.

In the spirit of pysmt's ``examples.py``: :data:`CLAIMS` is a flat list, in the
order the audit prints it. Each :class:`Claim` carries a stable id, the paper's
reference, the statement as the audit reports it, the engine (the job kind, run
by :mod:`avagree.audit.jobs`), its parameters, and the verdict the audit gives
today (``expected``). The audit plan (:func:`plan`), the tests and the README
counts (:func:`expected_counts`) all read this list.

Adding a claim is one line in :data:`CLAIMS` (with a new statement constant in
:mod:`avagree.audit.statements` if its text is new); the :class:`Claim` record and
the constructors that build a row per engine live in :mod:`avagree.audit.claim_kinds`.

``avagree audit --quick`` runs the claims marked ``quick=True``: the paper's
constructions for f = 1, 2, the fast proof-step checks, the one-round Z3 sweep
for f = 1 (asynchronous), the exact worst cases for f = 1, the single-spec Z3
claims and one random search with a smaller budget (``quick_params``).

Polarity: for an engine claim, ``says`` is what the paper asserts about the
execution property (True: it holds, e.g. "contracts"; False: it can fail;
None: the paper says nothing, so any decided answer confirms the row).
"""

from __future__ import annotations

from collections import Counter

from avagree.audit.claim_kinds import (Claim, TIE_WORDS, broadcast_search, learn_sim, optimal_gap, oracle, paper_split,
                                       paper_theorem5, proof, rounds_search, rounds_z3, search, z3_contracts, z3_spec,
                                       z3_worst)
from avagree.audit.jobs import Job
from avagree.audit.statements import (THEOREM5, LEMMA12, MDA_6F, MDA_SYNC, ICWTM, THEOREM9,
                                      ICWTM_SYNC, LEMMA12_FACTOR, LEMMA15_FACTOR, THEOREM8_DEVIATION,
                                      LEMMA13_DEVIATION, LEMMA14_AS_STATED, LEMMA14_OWN, LEMMA14_MDA, LEMMA16,
                                      THEOREM8_VALIDITY, THEOREM6_BROADCAST, SEC8_MDA, SEC8_CWTM, LEMMA12_PLANE,
                                      CVA_CONTRACTS, CVA_7F, CVA_BELOW, CVA_SYNC, CVA_FACTOR, CVA_DEVIATION,
                                      CVA_AVERAGING, ROUNDS_LEMMA12, ROUNDS_LEMMA15, ROUNDS_THEOREM3, ROUNDS_THEOREM8,
                                      LEMMA6_EXPECT, LEMMA7_EXPECT, LEMMA7_EXPECT_COMMON, OPT_CWTM_CONTRACTION,
                                      OPT_CWTM_AVERAGING, OPT_EPS_TILDE, OPT_MDA_GAP)
from avagree.audit import (exact_checks, exact_compose_checks, exact_cva_checks, exact_mda_checks,
                           exact_select_checks)
from avagree.verdicts import ClaimVerdict

__all__ = ["CLAIMS", "Claim", "TIE_WORDS", "by_id", "expected_counts", "plan", "select"]

CONFIRMED, REFUTED, UNKNOWN = ClaimVerdict.CONFIRMED, ClaimVerdict.REFUTED, ClaimVerdict.UNKNOWN

# --- the catalogue ---------------------------------------------------------------------------

COR1 = "Corollary 1, eqs. (155)-(157); Theorems 3 and 4"
COR1_TEXT = "Theorem 3's constant / Theorem 4's bound -> 1 as n -> oo"


#: Every claim the audit checks, in the order it reports them.
CLAIMS: list[Claim] = [
    # the paper's own constructions, replayed from counterexamples/
    paper_theorem5(1, CONFIRMED, quick=True),
    paper_theorem5(2, CONFIRMED, quick=True),
    paper_theorem5(3, CONFIRMED),
    paper_split(5, 1, REFUTED, quick=True),
    paper_split(9, 2, REFUTED, quick=True),
    paper_split(13, 3, REFUTED),
    # sympy checks of the constants, conditions and proof steps
    proof("check_lemma12_algebra", "Lemma 12, eqs. (134)-(135)", "(4f+h-q)/(q-f) at q = (1+eps)/2 h + (5+3eps)/2 f "
          "equals (1-eps)/(1+eps) = 1 - eps_tilde, and decreases in q", CONFIRMED),
    proof("check_lemma12_grid", "Lemma 12, eq. (129) and (133)", "under Assumption 5, two honest receivers share an "
          "honest vector (2(q-2f) > h) and (4f+h-q)/(q-f) <= 1 - eps_tilde", CONFIRMED, quick=False),
    proof("check_n_mda", "Lemma 12, N_MDA(t) = ceil(t ln2 / eps_tilde)", "(1 - eps_tilde)^N_MDA(t) <= 2^-t", CONFIRMED,
          quick=False),
    proof("check_lemma13_sync", "Lemma 13", "with q = n = f + h the constant becomes 2f/h", CONFIRMED),
    proof("check_corollary1", "Corollary 1, eq. (155)", "eps = (n-6f)/(n+2f) gives eps_tilde = (h-5f)/(h-f)", CONFIRMED),
    proof("check_corollary2", "Corollary 2, eqs. (169), (184)-(189)", "(1 - eps_tilde)^N_ICwTM(t) <= 2^-(t+1) h^-1/2",
          CONFIRMED, quick=False),
    proof("check_assumption6_example", "Assumption 6, text after it", "eps = 1/12 turns the n-inequality into "
          "n >= 5f + 1", CONFIRMED),
    proof("check_mda_threshold", "Abstract; Assumption 5", "Assumption 5 can be met (async, q = n - f) exactly from "
          "n = 6f + 1", CONFIRMED),
    proof("check_cva_threshold", "Section 5.4", "the CVA condition can be met (async, q = n - f) exactly from n = 7f + 1",
          CONFIRMED),
    proof("check_icwtm_threshold", "Abstract; Assumption 6; section 7.1", "Assumption 6 can be met (async, q = n - f) "
          "at n = 4f + 1", REFUTED),
    proof("check_constants_above_lower_bound", "Theorems 3, 6, 8 vs Theorem 4", "every averaging constant the paper "
          "proves is >= the Theorem 4 lower bound", CONFIRMED, quick=False),
    proof("check_theorem6_step", "Theorem 6, eq. (165)", "Delta_2^cw <= h Delta_2 follows from Lemma 1", REFUTED),
    proof("check_theorem9_statement", "Theorem 9 and its proof (eq. 205, Lemma 16)", "the proof's split works exactly "
          "when q <= 3f", REFUTED),
    # section 4 (LEARN) and Lemma 11, step by step, in the paper's order: proofs/learn_checks.py (docs/learn.md,
    # whose table `avagree tables learn` writes from these rows)
    proof("check_avg_guarantees", "Eqs. (26)-(29)", "with tau_t = ceil(log2 t), Definition 2 (squared, eq. 22) gives "
          "E Delta_2(gamma_t)^2 <= Delta_2(g_t)^2/t^2; (28) is eq. (22) at t = 1; the averaging halves of (26) and "
          "(29) are eq. (22)'s", CONFIRMED),
    proof("check_lemma3", "Lemma 3, eqs. (30)-(33)", "(1 + 1/alpha)||u||^2 + (1 + alpha)||v||^2 - ||u + v||^2 = "
          "||alpha^-1/2 u - alpha^1/2 v||^2 >= 0", CONFIRMED),
    proof("check_eq31", "Lemma 3, eq. (31)", "Delta_2(u + v)^2 <= (1 + 1/alpha) Delta_2(u)^2 + (1 + alpha) "
          "Delta_2(v)^2 for vector families u, v", CONFIRMED),
    proof("check_lemma4", "Lemma 4, eq. (34)", "||sum_j u_j||^2 <= N sum_j ||u_j||^2 (the gap is 1/2 sum ||u_j - "
          "u_k||^2)", CONFIRMED),
    proof("check_eq35", "Lemma 4, eq. (35)", "Delta_2(sum_j u_j)^2 <= N sum_j Delta_2(u_j)^2 for N vector families",
          CONFIRMED),
    proof("check_lemma5", "Lemma 5, eq. (37)", "Delta_2(u) <= 2 max_j ||u_j||", CONFIRMED),
    proof("check_lemma6", "Lemma 6, eqs. (40)-(49)", "the proof's (1+alpha)K^2 + (1+1/alpha)(2 (2L)^2 "
          "Delta_2(theta)^2 + 2 4h sigma^2) is <= eq. (40) for 0 < alpha <= abar, abar >= 1", CONFIRMED),
    proof("check_lemma7", "Lemma 7, eqs. (50)-(64)", "eq. (55) is an identity, and the bound of eqs. (56)-(64) is <= "
          "eq. (50) for 0 < alpha <= abar", CONFIRMED),
    proof("check_lemma7_correlated", "Lemma 7, eq. (50), Assumption 3", "eq. (50) holds under Assumption 3 alone (a "
          "variance bound; noises of different nodes may be correlated)", REFUTED),
    proof("check_lemma8_as_written", "Lemma 8, eqs. (65)-(68)", "eq. (65) with kappa_t, A_t, B_t of eqs. (66)-(68) "
          "bounds Lemma 6 (eq. 40) substituted into Lemma 7 (eq. 50)", REFUTED),
    proof("check_lemma8_composed", "Lemma 8, eqs. (65), (69)-(71), corrected", "Lemma 6 into Lemma 7 is eq. (65) "
          "with kappa_t = 12 abar/(alpha(1+alpha)t^2) <= 12 abar t^-3/2, A = 224 abar^2 C^2 L^2 + 6 abar L^2 + 12 "
          "abar C^2/eta^2, B = 224 abar^2 C^2 h + 6 abar/h", CONFIRMED),
    proof("check_lemma9", "Lemma 9, eqs. (72)-(75)", "(73), (74) and (75) combine into eq. (72)", CONFIRMED),
    proof("check_lemma10_as_written", "Lemma 10, eqs. (77)-(80)", "u_{t+1} <= rho_t u_t + delta_t with eqs. "
          "(78)-(79), and delta_t <= delta_t^+ of eq. (80), follow from Lemmas 6 and 9 for 0 < alpha_t <= abar",
          REFUTED),
    proof("check_lemma10_composed", "Lemma 10, eqs. (77)-(89), corrected", "Lemmas 6 + 9 give u_{t+1} <= rho_t u_t + "
          "delta_t with abar restored; rho_t <= 3/4 for t >= (32 abar L^2 eta^2)^(2/3); delta_t <= delta_t^+; the "
          "tail steps; the induction closing D", CONFIRMED),
    proof("check_theorem1_descent", "Theorem 1, eqs. (93)-(101)", "(93), (97), (99) give (100), and with L eta = "
          "nu/2 the coefficients of (101) are (1-nu) eta/2 and (1+nu) eta/2, for (eta, nu) = (delta/12L, delta/6) "
          "and (delta/32L, delta/16)", CONFIRMED),
    proof("check_theorem1_eq102", "Theorem 1, eqs. (101)-(103)", "at every step and for every L-smooth loss, ||grad "
          "L_bar(theta_t)||^2 <= (4/eta)(L_bar(theta_t) - L_bar(theta_{t+1})) + (1+nu)/(1-nu) ||G_t - grad||^2 (L "
          "eta = nu/2, 0 < nu <= 1/2), hence eq. (103)", REFUTED),
    proof("check_theorem1_eq104", "Theorem 1, eq. (104)", "averaging over t <= T, E||grad L_bar(theta_*)||^2 <= 4 "
          "L_max/(eta T) + (1+nu)/(1-nu) (1/T) sum_t E||G_t - grad||^2 for 0 < nu <= 1/2", CONFIRMED),
    proof("check_theorem1_eq106", "Theorem 1, eqs. (105)-(106)", "with alpha_t >= 1/sqrt(t) and alpha_t >= sigma_t, "
          "Lemma 8 as stated and D/t^2 give eq. (106)", CONFIRMED),
    proof("check_theorem1_kappa", "Theorem 1, eqs. (69), (106)-(107)", "for t >= T_2 = 144 C^4 K^4/nu^2, the kappa_t "
          "of Lemma 6 composed into Lemma 7 is <= nu", REFUTED),
    proof("check_learn_alpha_condition", "Theorem 1, eqs. (106)-(107)", "for t >= T_4, (1 + alpha_t)^2 <= (1 + nu)^2",
          REFUTED),
    proof("check_theorem1_eq107", "Theorem 1, eqs. (106)-(107)", "for t >= T_4 = max{T_1, T_2, T_3}, the three terms "
          "of eq. (106) are at most (1+nu)^3 C^2 K^2, nu C^2 K^2 and nu C^2 K^2, so eq. (106) gives eq. (107)",
          REFUTED),
    proof("check_theorem1_eq109", "Theorem 1, eqs. (109)-(110)", "with E = (1+abar)^2(1+12C^2K^2)C^2K^2 + AD + B "
          "sigma_bar bounding (106) at every t and (108) for t > T_4: the average over t <= T is <= T_4 E/T + (T - "
          "T_4)/T (1+7nu) C^2 K^2, which is <= (1+8nu) C^2 K^2 for T >= T_5 = T_4 E/(nu C^2 K^2)", CONFIRMED),
    proof("check_theorem1_t6", "Theorem 1, eqs. (111)-(112), T_6", "for T >= T_6 = L_max/(nu eta C^2 K^2), 4 "
          "L_max/(eta T) <= 4 nu C^2 K^2, so (111) with (1+nu)(1+2nu)(1+8nu) <= 1 + 28 nu gives (1 + 32 nu) C^2 K^2",
          CONFIRMED),
    proof("check_learn_final_step", "Theorem 1, eqs. (107)-(113)", "for 0 < nu = delta/6 <= 1/2: the algebra of the "
          "last steps, ending with 1 + 32 nu <= (1 + 6 nu)^2", REFUTED),
    proof("check_theorem1_corrected_final", "Theorem 1, eqs. (107)-(113), corrected", "with nu = delta/16 (eta = "
          "delta/32L) and 0 < delta < 3: nu < 1/2 and (1 + 32 nu) C^2 K^2 <= (1 + delta)^2 C^2 K^2", CONFIRMED),
    proof("check_theorem1_t8", "Theorem 1, eq. (113)", "T >= T_8 = sqrt(D)/delta makes the average over t <= T of "
          "the bound D/t^2 at most delta^2", REFUTED),
    proof("check_theorem1_k_zero", "Theorem 1, eq. (90), at K = 0", "at K = 0 (all local gradients equal), E||grad "
          "L_bar(theta_*)||^2 <= (1 + delta)^2 C^2 K^2 = 0", REFUTED),
    proof("check_theorem1_c_zero", "Theorem 1, eq. (90), at C = 0", "with a C-averaging agreement oracle and C = 0, "
          "E||grad L_bar(theta_*)||^2 <= (1 + delta)^2 C^2 K^2 = 0", REFUTED),
    proof("check_theorem1_h_one", "Theorem 1, eq. (90), at h = 1", "with one honest node, E||grad L_bar(theta_*)||^2 "
          "<= (1 + delta)^2 C^2 K^2", REFUTED),
    proof("check_theorem1_sigma_zero", "Theorem 1's proof at sigma_t = 0", "at sigma_t = 0 for every t no step "
          "divides by sigma_t (alpha_t = max{1/sqrt t, sigma_t} = 1/sqrt t, abar = 1), T_1 = 1 and T_LEARN is finite",
          CONFIRMED),
    proof("check_theorem1_delta_ends", "Theorem 1, 0 < delta < 3", "at the ends of 0 < delta < 3: (1+nu)^3 <= 1+5nu, "
          "1/(1-nu) <= 1+2nu and (1+nu)(1+2nu) <= 1+4nu hold up to nu = delta/6 = 1/2, and the corrected T_LEARN is "
          "finite at delta = 1/1000 and 2999/1000", CONFIRMED),
    proof("check_theorem2_reduction", "Theorem 2, eqs. (114)-(118)", "the quadratic losses have L = 1, K = "
          "Delta_2(x), grad L_bar(theta) = theta - x_bar, and delta = min{1, Delta_2(x)/2^t} gives E "
          "Delta_2(theta)^2 <= Delta_2(x)^2/4^t as eq. (22) needs", CONFIRMED),
    proof("check_theorem2_eq116", "Theorem 2, eq. (116) against eq. (22)", "eq. (116) as written (Delta_2(x)^2/2^t) "
          "gives the randomized asymptotic agreement of eq. (22) (Delta_2(x)^2/4^t)", REFUTED),
    proof("check_theorem2_delta_choice", "Theorem 2 and its proof (delta = min{1, Delta_2(x)/2^t})", "for the "
          "statement's delta_0 in (0, 1], running LEARN with delta = min{1, Delta_2(x)/2^t} gives (1 + delta_0) "
          "C-averaging", REFUTED),
    proof("check_theorem2_zero_diameter", "Theorem 2, eqs. (116)-(118), at Delta_2(x) = 0", "at Delta_2(x) = 0, "
          "running LEARN with delta = min{1, Delta_2(x)/2^t} gives (22)", REFUTED),
    proof("check_theorem2_h2_t1", "Theorem 2, eqs. (115)-(116), at h = 2 and t = 1", "at h = 2, K = Delta_2(x) "
          "exactly (eq. 115 with equality) and, at t = 1, delta = min{1, Delta_2(x)/2} gives delta^2 <= "
          "Delta_2(x)^2/4 (eq. 22 at t = 1)", CONFIRMED),
    proof("check_remark3", "Remark 3 and Lemma 1", "min{2 sqrt(h), sqrt(d)} = 2 sqrt(h) exactly when d >= 4h, and "
          "Remark 3's constant never exceeds Theorem 8's", CONFIRMED),
    proof("check_lemma11", "Lemma 11, eq. (121)", "Delta_2 of the MDA subfamily <= Delta_2(x) (the honest inputs)",
          CONFIRMED),
    # Corollary 1: Theorem 3's constant over Theorem 4's bound as n -> oo, f fixed (proofs/corollary1.py)
    proof("check_corollary1_async_q_h", COR1, "asynchronous, q = n - f, f fixed: " + COR1_TEXT, REFUTED),  # -> 3/2
    proof("check_corollary1_async_k_fixed", COR1, "asynchronous, q = n - f - k, k fixed, f fixed: " + COR1_TEXT,
          REFUTED),  # -> (3f + k)/(2f + k)
    proof("check_corollary1_async_k_linear", COR1, "asynchronous, q = n - f - n/c, c > 2 fixed, f fixed: " + COR1_TEXT,
          REFUTED),  # -> (c - 1)/(c - 2)
    proof("check_corollary1_async_k_sqrt", COR1, "asynchronous, q = n - f - sqrt(n), f fixed: " + COR1_TEXT,
          CONFIRMED),  # -> 1: f << h - q << h
    proof("check_corollary1_sync", COR1, "synchronous, q = n, f fixed: " + COR1_TEXT, REFUTED),  # -> 2
    proof("check_corollary1_f_zero", "Corollary 1 at f = 0", "at f = 0 (asynchronous, q = h - k): Theorem 3's "
          "constant / Theorem 4's bound -> 1 as h -> oo", CONFIRMED),
    # issue 27 item 6: Lemmas 6 and 7 in expectation, simulated on LEARN's step (MDA, seeded; never CONFIRMED);
    # the last: a shared noise draw, equal losses and parameters, h = 7 > 6 abar/alpha_1 (row proof-lemma7-correlated)
    learn_sim(LEMMA6_EXPECT, "6", 4000, UNKNOWN, n=7, f=1, t=4, sigma=0.5, noise="independent"),  # under 1 s
    learn_sim(LEMMA7_EXPECT, "7", 600, UNKNOWN, n=7, f=1, t=4, sigma=0.5, noise="independent"),  # about 9 s
    learn_sim(LEMMA7_EXPECT_COMMON, "7", 1000, REFUTED, "check_lemma7_correlated", n=8, f=1, t=1, sigma=1.0,
              noise="common", spread=0.0, theta_spread=0.0),  # about 6 s
    # Section 8's synchronous thresholds (q = n, one round, d = 1; the broadcast-based 2f + 1 names no algorithm)
    z3_contracts(SEC8_MDA, "mda", 6, 1, "sync", CONFIRMED, quick=True, ties="adversary"),
    z3_contracts(SEC8_MDA, "mda", 11, 2, "sync", CONFIRMED, ties="adversary"),
    z3_contracts(SEC8_MDA, "mda", 6, 1, "sync", CONFIRMED, d=2, timeout_scale=4, ties="adversary"),  # about 17 s
    z3_contracts(MDA_SYNC, "mda", 4, 1, "sync", CONFIRMED, quick=True, ties="adversary"),  # n = 4f: does not contract
    z3_contracts(MDA_SYNC, "mda", 5, 1, "sync", CONFIRMED, quick=True, ties="adversary"),  # n = 4f + 1: contracts
    z3_contracts(MDA_SYNC, "mda", 8, 2, "sync", CONFIRMED, ties="adversary"),  # n = 4f: does not contract
    z3_contracts(MDA_SYNC, "mda", 9, 2, "sync", CONFIRMED, ties="adversary"),  # n = 4f + 1: contracts
    z3_contracts(SEC8_CWTM, "cwtm", 3, 1, "sync", CONFIRMED, quick=True),
    z3_contracts(SEC8_CWTM, "cwtm", 6, 2, "sync", CONFIRMED),
    z3_contracts(SEC8_CWTM, "cwtm", 9, 3, "sync", CONFIRMED),
    z3_contracts(ICWTM_SYNC, "cwtm", 10, 3, "sync", CONFIRMED),
    # Z3, one round, d = 1: does every execution strictly contract? asynchronous (q = n - f), f = 1
    z3_contracts(THEOREM5, "mda", 4, 1, "async", CONFIRMED, quick=True, ties="first"),
    z3_contracts(THEOREM9, "cwtm", 4, 1, "async", CONFIRMED, quick=True),
    z3_contracts(THEOREM5, "mda", 5, 1, "async", CONFIRMED, quick=True, ties="first"),
    z3_contracts(ICWTM, "cwtm", 5, 1, "async", REFUTED, quick=True),  # n = 4f + 1: the split
    z3_contracts(MDA_6F, "mda", 6, 1, "async", CONFIRMED, quick=True, ties="first"),  # contracts (so does average)
    z3_contracts(ICWTM, "cwtm", 6, 1, "async", CONFIRMED, quick=True),
    z3_contracts(LEMMA12, "mda", 7, 1, "async", CONFIRMED, quick=True, ties="first"),
    z3_contracts(ICWTM, "cwtm", 7, 1, "async", CONFIRMED, quick=True),
    z3_contracts(LEMMA12, "mda", 8, 1, "async", CONFIRMED, quick=True, ties="first"),
    # ... MDA as the paper defines it (any minimum-diameter subset): the adversary picks among ties
    z3_contracts(MDA_6F, "mda", 6, 1, "async", CONFIRMED, quick=True, ties="adversary"),  # does not contract
    z3_contracts(LEMMA12, "mda", 7, 1, "async", CONFIRMED, quick=True, ties="adversary"),
    z3_contracts(ICWTM, "cwtm", 8, 1, "async", CONFIRMED, quick=True),
    # ... asynchronous, f = 2
    z3_contracts(THEOREM5, "mda", 7, 2, "async", CONFIRMED, ties="first"),
    z3_contracts(THEOREM9, "cwtm", 7, 2, "async", CONFIRMED),
    z3_contracts(THEOREM5, "mda", 8, 2, "async", CONFIRMED, ties="first"),
    z3_contracts(THEOREM9, "cwtm", 8, 2, "async", CONFIRMED),
    z3_contracts(THEOREM5, "mda", 9, 2, "async", CONFIRMED, ties="first"),
    z3_contracts(ICWTM, "cwtm", 9, 2, "async", REFUTED),  # n = 4f + 1: the split
    z3_contracts(THEOREM5, "mda", 10, 2, "async", CONFIRMED, ties="first"),
    z3_contracts(ICWTM, "cwtm", 10, 2, "async", REFUTED),  # n = 4f + 2: still q - 2f <= h/2
    z3_contracts(THEOREM5, "mda", 11, 2, "async", CONFIRMED, ties="first"),
    z3_contracts(ICWTM, "cwtm", 11, 2, "async", CONFIRMED),
    z3_contracts(MDA_6F, "mda", 12, 2, "async", CONFIRMED, ties="first"),  # contracts (so does average)
    z3_contracts(MDA_6F, "mda", 12, 2, "async", CONFIRMED, ties="adversary"),  # does not contract (about 20 s)
    z3_contracts(ICWTM, "cwtm", 12, 2, "async", CONFIRMED),
    z3_contracts(LEMMA12, "mda", 13, 2, "async", CONFIRMED, ties="first"),
    z3_contracts(ICWTM, "cwtm", 13, 2, "async", CONFIRMED),
    z3_contracts(LEMMA12, "mda", 14, 2, "async", CONFIRMED, ties="first"),
    z3_contracts(ICWTM, "cwtm", 14, 2, "async", CONFIRMED),
    # needs 3.14e9 z3 units (measured, fresh context): three times the default budget
    z3_contracts(LEMMA12, "mda", 15, 2, "async", CONFIRMED, ties="first", timeout_scale=3),
    z3_contracts(ICWTM, "cwtm", 15, 2, "async", CONFIRMED),
    # ... synchronous (q = n), f = 1
    z3_contracts(MDA_SYNC, "mda", 4, 1, "sync", CONFIRMED, ties="first"),
    z3_contracts(ICWTM_SYNC, "cwtm", 4, 1, "sync", CONFIRMED),
    z3_contracts(MDA_SYNC, "mda", 5, 1, "sync", CONFIRMED, ties="first"),
    z3_contracts(ICWTM_SYNC, "cwtm", 5, 1, "sync", CONFIRMED),
    z3_contracts(MDA_SYNC, "mda", 6, 1, "sync", CONFIRMED, ties="first"),
    z3_contracts(ICWTM_SYNC, "cwtm", 6, 1, "sync", CONFIRMED),
    z3_contracts(MDA_SYNC, "mda", 7, 1, "sync", CONFIRMED, ties="first"),
    z3_contracts(ICWTM_SYNC, "cwtm", 7, 1, "sync", CONFIRMED),
    z3_contracts(MDA_SYNC, "mda", 8, 1, "sync", CONFIRMED, ties="first"),
    z3_contracts(ICWTM_SYNC, "cwtm", 8, 1, "sync", CONFIRMED),
    # ... synchronous, f = 2
    z3_contracts(MDA_SYNC, "mda", 7, 2, "sync", CONFIRMED, ties="first"),  # does not contract (Z3 counterexample)
    z3_contracts(ICWTM_SYNC, "cwtm", 7, 2, "sync", CONFIRMED),
    z3_contracts(MDA_SYNC, "mda", 8, 2, "sync", CONFIRMED, ties="first"),
    z3_contracts(ICWTM_SYNC, "cwtm", 8, 2, "sync", CONFIRMED),
    z3_contracts(MDA_SYNC, "mda", 9, 2, "sync", CONFIRMED, ties="first"),
    z3_contracts(ICWTM_SYNC, "cwtm", 9, 2, "sync", CONFIRMED),
    z3_contracts(MDA_SYNC, "mda", 10, 2, "sync", CONFIRMED, ties="first"),
    z3_contracts(ICWTM_SYNC, "cwtm", 10, 2, "sync", CONFIRMED),
    z3_contracts(MDA_SYNC, "mda", 11, 2, "sync", CONFIRMED, ties="first"),
    z3_contracts(ICWTM_SYNC, "cwtm", 11, 2, "sync", CONFIRMED),
    z3_contracts(MDA_SYNC, "mda", 12, 2, "sync", CONFIRMED, ties="first"),
    z3_contracts(ICWTM_SYNC, "cwtm", 12, 2, "sync", CONFIRMED),
    z3_contracts(MDA_SYNC, "mda", 13, 2, "sync", CONFIRMED, ties="first"),
    z3_contracts(ICWTM_SYNC, "cwtm", 13, 2, "sync", CONFIRMED),
    z3_contracts(MDA_SYNC, "mda", 14, 2, "sync", CONFIRMED, ties="first"),
    z3_contracts(ICWTM_SYNC, "cwtm", 14, 2, "sync", CONFIRMED),
    z3_contracts(MDA_SYNC, "mda", 15, 2, "sync", CONFIRMED, ties="first"),
    z3_contracts(ICWTM_SYNC, "cwtm", 15, 2, "sync", CONFIRMED),
    # Z3's exact one-round worst case against the paper's bound (q = n - f)
    z3_worst(LEMMA12_FACTOR, "mda", 7, 1, "contraction", CONFIRMED, quick=True, ties="first"),  # tight, not attained
    z3_worst(LEMMA12_FACTOR, "mda", 7, 1, "contraction", CONFIRMED, quick=True, ties="adversary"),  # tight, attained
    z3_worst(LEMMA15_FACTOR, "cwtm", 6, 1, "contraction", CONFIRMED, quick=True),
    z3_worst(THEOREM8_DEVIATION, "cwtm", 6, 1, "deviation", CONFIRMED, quick=True),
    z3_worst(LEMMA13_DEVIATION, "mda", 7, 1, "deviation", CONFIRMED, quick=True, ties="first"),
    z3_worst(LEMMA12_FACTOR, "mda", 13, 2, "contraction", CONFIRMED, ties="first"),
    z3_worst(LEMMA15_FACTOR, "cwtm", 11, 2, "contraction", CONFIRMED),
    z3_worst(THEOREM8_DEVIATION, "cwtm", 11, 2, "deviation", CONFIRMED),
    z3_worst(LEMMA13_DEVIATION, "mda", 13, 2, "deviation", CONFIRMED, ties="first"),
    z3_worst(LEMMA13_DEVIATION, "mda", 7, 1, "deviation", CONFIRMED, ties="adversary"),
    # Z3, one round: the other specs
    z3_spec(LEMMA14_AS_STATED, "cva", 8, 1, "quasi-unanimity", REFUTED, ties="adversary"),  # own value decides
    z3_spec(LEMMA14_OWN, "cva", 8, 1, "quasi-unanimity-own", CONFIRMED, ties="adversary"),
    z3_spec(LEMMA14_MDA, "mda", 7, 1, "quasi-unanimity", CONFIRMED, ties="first"),
    z3_spec(LEMMA14_MDA, "mda", 7, 1, "quasi-unanimity", CONFIRMED, ties="adversary"),
    z3_spec(LEMMA16, "cwtm", 6, 1, "quasi-unanimity", CONFIRMED),
    z3_spec(THEOREM8_VALIDITY, "cwtm", 6, 1, "validity", CONFIRMED),
    z3_contracts(THEOREM6_BROADCAST, "trimmed-middle", 4, 1, "async", CONFIRMED, quick=True),
    # MDA in the plane: nonlinear, about 10 s; a planar PROVED holds for every tie rule, so the
    # row is stated under adversary; at n = 6f the d = 1 adversary counterexample is lifted
    z3_contracts(LEMMA12_PLANE, "mda", 7, 1, "async", CONFIRMED, d=2, timeout_scale=4, ties="adversary"),
    z3_contracts(MDA_6F, "mda", 6, 1, "async", CONFIRMED, d=2, ties="adversary"),  # lifted: does not contract
    # issue 29 item 1: n = 6f in the plane under first (the tie-break family, not rotation-invariant: does not
    # contract) and under average (the averaging argument over pairs of optimal subsets: contracts); under 1 s each
    z3_contracts(MDA_6F, "mda", 6, 1, "async", CONFIRMED, quick=True, d=2, ties="first"),
    z3_contracts(MDA_6F, "mda", 6, 1, "async", CONFIRMED, quick=True, d=2, ties="average"),
    # issue 16 item 3 (plane, f = 2): every one of the 527 skeleton classes refuted by the projection relaxation,
    # about 1.2e6 units, 18-25 s at a load average of 5 (most of it building the formulas in Python)
    z3_contracts(LEMMA12_PLANE, "mda", 13, 2, "async", CONFIRMED, d=2, ties="adversary"),
    # Lemma 12's factor in the plane: the d = 1 supremum proved an upper bound in d = 2 (worst --d 2), so the
    # paper's factor is the exact planar supremum there; n = 7: about 1.1e6 units, n = 13: about 3e7 (25 s)
    z3_worst(LEMMA12_FACTOR, "mda", 7, 1, "contraction", CONFIRMED, ties="adversary", d=2),
    z3_worst(LEMMA12_FACTOR, "mda", 13, 2, "contraction", CONFIRMED, ties="adversary", d=2),
    # random search where no decision procedure reaches (a search that finds nothing is UNKNOWN)
    search("mda", 7, 1, 2, 1500, UNKNOWN, quick_trials=150),
    search("mda", 7, 1, 3, 1500, UNKNOWN),
    search("mda", 13, 2, 2, 1500, UNKNOWN),
    # issue 14: exact one-round constants as closed forms in n, f, q, proved for all parameters (Z3 on the count
    # model, docs/closed_forms.md), and the paper's one-round bounds against them
    *[proof(f"check_exact_{rule.replace('-', '_')}_{spec}", "closed form (issue 14)", exact_checks.statement(rule, spec),
            CONFIRMED, quick=False)
      for rule in ("cwtm", "median", "trimmed-middle", "mean") for spec in ("contraction", "averaging")],
    proof("check_theorem8_tight", "Theorem 8, eq. (200)", "(2f+h-q)/h is exactly CwTM's one-round averaging error "
          "(tight for every n, f, q, both models)", CONFIRMED),
    proof("check_lemma15_against_exact", "Lemma 15", "1 - eps_tilde is at least CwTM's exact one-round factor "
          "wherever Assumption 6 holds", CONFIRMED, quick=False),
    # issue 15 section 6: searched broadcast schedules (seeded, budget in executions; none found is UNKNOWN)
    broadcast_search(4, 1, 2, "ratio", 200, UNKNOWN, quick=True),
    broadcast_search(4, 1, 3, "averaging", 200, UNKNOWN),
    broadcast_search(7, 2, 2, "ratio", 200, UNKNOWN),
    broadcast_search(7, 2, 2, "overlap", 200, UNKNOWN),
    # issue 15, section 3: CVA (section 5.4), one round, under ties=adversary (the paper keeps "the q - f closest"; the
    # adversary picks among equal distances) unless ties=first is named; seconds measured on the loaded 2-core machine
    z3_contracts(CVA_7F, "cva", 7, 1, "async", CONFIRMED, quick=True, ties="adversary"),  # does not contract (1 s)
    z3_contracts(CVA_7F, "cva", 7, 1, "async", CONFIRMED, quick=True, ties="first"),  # contracts, sup factor 1 (2 s)
    z3_contracts(CVA_CONTRACTS, "cva", 8, 1, "async", CONFIRMED, quick=True, ties="adversary"),  # 1 s
    z3_contracts(CVA_SYNC, "cva", 6, 1, "sync", CONFIRMED, ties="adversary"),  # contracts (1 s)
    z3_contracts(CVA_SYNC, "cva", 12, 2, "sync", CONFIRMED, ties="adversary"),  # contracts (4 s)
    z3_contracts(CVA_BELOW, "cva", 13, 2, "async", CONFIRMED, ties="adversary"),  # n = 6f + 1: does not contract (5 s)
    z3_worst(CVA_FACTOR, "cva", 8, 1, "contraction", CONFIRMED, quick=True, ties="adversary"),  # 5/6, tight (3 s)
    z3_worst(CVA_DEVIATION, "cva", 8, 1, "deviation", CONFIRMED, quick=True, ties="adversary"),  # 19/42, tight (1 s)
    z3_worst(CVA_DEVIATION, "cva", 15, 2, "deviation", CONFIRMED, ties="adversary"),  # 70/143, tight (13 s)
    # left out (1-3 minutes each on this machine; docs/cva.md): f = 2 contraction at n = 14 (7f, 1.6e8 z3 units),
    # n = 15 (PROVED, 4.6e8) and its exact factor 10/11 (4.0e8)
    proof("check_cva_sketch_algebra", "Section 5.4 with Lemma 12, eqs. (133)-(135) (avagree's reading)",
          "(5f+h-q)/(q-f) at q = (1+eps)/2 h + (3+2eps) f equals (1-eps)/(1+eps) = 1 - eps_tilde, and decreases in q",
          CONFIRMED),
    oracle(CVA_FACTOR, "cva", 8, 1, 2, "contraction", "5/6", 300, UNKNOWN),  # 2 s
    oracle(CVA_AVERAGING, "cva", 8, 1, 2, "averaging", "19/42", 300, UNKNOWN),  # 2 s
    oracle(CVA_7F, "cva", 7, 1, 2, "contraction", "1", 300, UNKNOWN),  # d = 1's witness needs exact ties (1 s)
    oracle(CVA_FACTOR, "cva", 15, 2, 2, "contraction", "10/11", 300, UNKNOWN),  # 3 s
    # issue 15, section 7: Assumption 6's example read with its q-inequality; N_ICwTM against the exact factor
    proof("check_assumption6_example_q", "Assumption 6, text after it", "eps = 1/12 admits n = 5f + 1 (asynchronous, "
          "q <= n - f: both inequalities)", REFUTED),  # 7f + 2 (3 s)
    proof("check_n_icwtm_monotone", "Corollary 2, eq. (169), against CwTM's exact factor", "N_ICwTM(t) never "
          "increases as n grows (f, t fixed, q = n - f), as CwTM's exact one-round factor does not", REFUTED,
          quick=False),  # f = 1, t = 1: 14 at n = 6, 19 at n = 7 (3 s)
    # issue 13, ties=average (the mean over every optimal subset; MDA's d = 1 encoding counts subsets by their
    # extremes): at n = 6f MDA contracts under average as under first, not under adversary; each under 3 s
    z3_contracts(MDA_6F, "mda", 6, 1, "async", CONFIRMED, quick=True, ties="average"),  # contracts
    z3_contracts(MDA_SYNC, "mda", 4, 1, "sync", CONFIRMED, quick=True, ties="average"),  # n = 4f: contracts
    z3_worst(LEMMA12_FACTOR, "mda", 7, 1, "contraction", CONFIRMED, quick=True, ties="average"),  # tight, not attained
    # issue 14 items 2-3: MDA's exact one-round factor in d = 1 as a closed form (Z3 + sympy families), Lemma 12
    # tight, and the rounds from the exact factors against the paper's N(t)
    proof("check_exact_mda_contraction", "closed form (issue 14)", exact_mda_checks.MDA_STATEMENT, CONFIRMED,
          quick=False),
    proof("check_lemma12_tight_d1", "Lemma 12, eq. (133)", exact_mda_checks.LEMMA12_STATEMENT, CONFIRMED, quick=False),
    proof("check_rounds_vs_paper", "Section 5.1 N_MDA(t); Corollary 2, eq. (169)", exact_mda_checks.ROUNDS_STATEMENT,
          CONFIRMED, quick=False),
    # issue 29 item 4: MDA's exact one-round averaging error in d = 1 (Lemma 13's alpha, tight for all parameters)
    proof("check_exact_mda_averaging", "Lemma 13, eq. (136); closed form (issue 29)",
          exact_mda_checks.MDA_AVERAGING_STATEMENT, CONFIRMED, quick=False),
    # issue 29 item 5: CVA's exact one-round factor in d = 1 as a closed form (Z3 pairing argument and family)
    proof("check_exact_cva_contraction", "Section 5.4, closed form (issue 29)", exact_cva_checks.CVA_STATEMENT,
          CONFIRMED, quick=False),
    # issue 29 item 3: the self-similar rounds as families, so T rounds' supremum is c^T for all parameters
    proof("check_composition_families", "composition (issue 29, item 3)", exact_compose_checks.COMPOSE_STATEMENT,
          CONFIRMED, quick=False),

    # issue 25 item 4: the class optimum (least one-round value over the L-statistics with weights on f+1..q-f, d = 1,
    # each certified by an exact LP certificate) against CwTM, the paper's 1 - eps_tilde and MDA; f <= 3, n <= 3f + 12
    optimal_gap(OPT_CWTM_CONTRACTION, "cwtm-contraction", REFUTED, quick=True),  # the list of points where it is not
    optimal_gap(OPT_CWTM_AVERAGING, "cwtm-averaging", CONFIRMED, quick=True),
    optimal_gap(OPT_EPS_TILDE, "eps-tilde", CONFIRMED),
    optimal_gap(OPT_MDA_GAP, "mda-gap", CONFIRMED),

    # several rounds (issue 15 section 5): Z3 by induction in d = 1, adversarial search in the plane
    rounds_z3(ROUNDS_LEMMA12, "mda", 7, 1, 3, CONFIRMED),
    rounds_z3(ROUNDS_LEMMA15, "cwtm", 6, 1, 3, CONFIRMED),
    rounds_z3(ROUNDS_LEMMA15, "cwtm", 11, 2, 3, CONFIRMED),
    rounds_search(ROUNDS_LEMMA12, "mda", 7, 1, 2, 3, "diameter", 40, UNKNOWN),
    rounds_search(ROUNDS_THEOREM3, "mda", 7, 1, 2, 3, "drift", 40, UNKNOWN),
    rounds_search(ROUNDS_LEMMA15, "cwtm", 6, 1, 2, 3, "diameter", 60, UNKNOWN),
    rounds_search(ROUNDS_THEOREM8, "cwtm", 6, 1, 2, 3, "drift", 60, UNKNOWN),
    rounds_search(ROUNDS_LEMMA15, "cwtm", 11, 2, 2, 3, "diameter", 40, UNKNOWN),
    rounds_search(ROUNDS_THEOREM8, "cwtm", 11, 2, 2, 3, "drift", 40, UNKNOWN),
    # issue 25 items 1 and 3: reduce-and-select's exact constants and the least ones over the L-statistics, closed
    # forms proved for all parameters (Z3: count model, attained families, parametric dual certificates; about 10 s)
    *[proof(f"check_exact_{name}_{spec}", "closed form (issue 25)", exact_select_checks.statement(name, spec),
            CONFIRMED, quick=False) for name in ("select", "optimum") for spec in ("contraction", "averaging")],
]


def select(quick: bool = False) -> list[Claim]:
    """The claims of ``avagree audit`` (``quick``: of ``avagree audit --quick``), in report order."""
    return [c for c in CLAIMS if c.quick or not quick]


def by_id(claim_id: str) -> Claim:
    """The claim with this id (KeyError if there is none)."""
    for c in CLAIMS:
        if c.id == claim_id:
            return c
    raise KeyError(claim_id)


def expected_counts(quick: bool = False) -> dict[ClaimVerdict, int]:
    """How many claims the audit is expected to confirm, refute and leave unknown
    (the README's numbers), in that order."""
    counts = Counter(c.expected for c in select(quick))
    return {v: counts[v] for v in (CONFIRMED, REFUTED, UNKNOWN)}


def plan(quick: bool, out: str | None, timeout: float | None, rlimit: int | None = None) -> list[Job]:
    """The audit's jobs, one per selected claim, each dispatchable by any executor; ``rlimit``: the Z3
    budget per case (default :data:`avagree.smt.limits.DEFAULT_RLIMIT`), ``timeout`` its wall-clock limit."""
    return [c.job(out, timeout, quick, rlimit) for c in select(quick)]
