r"""MDA (paper section 5.1): Assumption 5, Lemma 12, Lemma 13, Theorem 3,
Corollary 1 and the iteration count N_MDA(t).

Assumption 5: there is 0 < eps < 1 with n >= (6 + 2 eps)/(1 - eps) f and
q >= (1 + eps)/2 h + (5 + 3 eps)/2 f; then eps_tilde = 2 eps/(1 + eps).
Both inequalities are equivalent to upper bounds on eps (solved below), so the
admissible eps form the interval (0, eps_max] and the best constants come from
eps = eps_max.
"""

from __future__ import annotations

import sympy as sp

from .symbols import T, eps, f, h, n, q, t

#: n >= (6+2 eps)/(1-eps) f  <=>  eps <= (n - 6f)/(n + 2f)
EPS_MAX_FROM_N = (n - 6 * f) / (n + 2 * f)
#: q >= (1+eps)/2 h + (5+3 eps)/2 f  <=>  eps <= (2q - h - 5f)/(h + 3f)
EPS_MAX_FROM_Q = (2 * q - h - 5 * f) / (h + 3 * f)

#: Assumption 5 as the paper writes it, each ">= 0"; EPS_MAX_FROM_N/Q are these solved
#: for eps (tests/test_proofs.py proves it with sympy.solve).
N_CONDITION = n - (6 + 2 * eps) / (1 - eps) * f  # >= 0
Q_CONDITION = q - ((1 + eps) / 2 * h + (5 + 3 * eps) / 2 * f)  # >= 0

#: Assumption 5: eps_tilde = 2 eps / (1 + eps).
EPS_TILDE = 2 * eps / (1 + eps)

#: Lemma 12, eq. (133): one MDA round multiplies Delta_2 by at most this.
LEMMA12_FACTOR = (4 * f + h - q) / (q - f)

#: Lemma 13, eq. (136): ||y - xbar|| <= alpha Delta_2(x) for one round.
LEMMA13_ALPHA = ((2 * f + h - q) * q + (q - 2 * f) * f) / (h * (q - f))

#: Lemma 13 in the synchronous model (q = n = f + h), as the paper states it.
LEMMA13_ALPHA_SYNC = 2 * f / h

#: Theorem 3: the averaging constant alpha / eps_tilde.
THEOREM3_C = LEMMA13_ALPHA / EPS_TILDE

#: Lemma 12 iterated: T MDA rounds multiply Delta_2 by at most this (a fresh adversary each round).
LEMMA12_ITERATED = LEMMA12_FACTOR ** T

#: Theorem 3's proof, eq. (153), after T rounds: ||xbar_T - xbar_0|| <= alpha sum_{s<T} (1 - eps_tilde)^s Delta_2(x_0);
#: its limit as T grows is THEOREM3_C.
THEOREM3_AFTER_T = LEMMA13_ALPHA * (1 - (1 - EPS_TILDE) ** T) / EPS_TILDE

#: N_MDA(t) = ceil(t ln 2 / eps_tilde) (section 5.1).
N_MDA = sp.ceiling(t * sp.log(2) / EPS_TILDE)

#: Corollary 1, eq. (155): the eps the paper sets (the largest the n-inequality
#: of Assumption 5 admits), and the eps_tilde it gives.
COROLLARY1_EPS = EPS_MAX_FROM_N
COROLLARY1_EPS_TILDE = (h - 5 * f) / (h - f)
