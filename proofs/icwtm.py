r"""ICwTM (paper section 7.1): Assumption 6, Lemma 15, Corollary 2, Theorem 8,
Remark 3 and N_ICwTM(t).

Assumption 6: there is 0 <= eps < 1 with n >= 4(1 - 2 eps)/(1 - 4 eps) f + 1 and
q >= (1 + 4 eps)/2 h + 2f + 1/2; eps_tilde = ceil(2 eps h + 1/2) / (2(q - 2f)).
The n-inequality only makes sense for eps < 1/4 (at eps >= 1/4 its right-hand
side is undefined or negative), so avagree uses 0 <= eps < 1/4. The paper
remarks that in the synchronous model the condition reduces to n >= 3f + 1:
there only the q-inequality (with q = n) is used.
"""

from __future__ import annotations

import sympy as sp

from .diameters import LEMMA1_H_FACTOR_L2, LEMMA1_UPPER_L2
from .symbols import T, eps, f, h, n, q, t

#: n >= 4(1-2 eps)/(1-4 eps) f + 1  <=>  eps <= (n - 1 - 4f)/(4(n - 1 - 2f))  (for eps < 1/4)
EPS_MAX_FROM_N = (n - 1 - 4 * f) / (4 * (n - 1 - 2 * f))
#: q >= (1+4 eps)/2 h + 2f + 1/2  <=>  eps <= (2q - 4f - 1 - h)/(4h)
EPS_MAX_FROM_Q = (2 * q - 4 * f - 1 - h) / (4 * h)

#: Assumption 6 as the paper writes it, each ">= 0"; EPS_MAX_FROM_N/Q are these solved
#: for eps (tests/test_proofs.py proves it with sympy.solve).
N_CONDITION = n - (4 * (1 - 2 * eps) / (1 - 4 * eps) * f + 1)
Q_CONDITION = q - ((1 + 4 * eps) / 2 * h + 2 * f + sp.Rational(1, 2))

#: Assumption 6: eps_tilde = ceil(2 eps h + 1/2) / (2(q - 2f)). The ceiling is
#: left-continuous, so the value as eps -> 1/4 from below is the value at 1/4.
EPS_TILDE = sp.ceiling(2 * eps * h + sp.Rational(1, 2)) / (2 * (q - 2 * f))

#: Lemma 15: one CwTM round multiplies every Delta^cw[i] by at most 1 - eps_tilde.
LEMMA15_FACTOR = 1 - EPS_TILDE

#: Lemma 15 iterated (eqs. 182-184): T CwTM rounds multiply every Delta^cw[i], hence Delta_2^cw, by at most this;
#: with Lemma 1, Delta_2(x_T) <= Delta_2^cw(x_T) <= LEMMA15_ITERATED min{2 sqrt(h), sqrt(d)} Delta_2(x_0).
LEMMA15_ITERATED = LEMMA15_FACTOR ** T
COROLLARY2_L2_AFTER_T = LEMMA15_ITERATED * LEMMA1_UPPER_L2

#: Corollary 2, eq. (169).
N_ICWTM = sp.ceiling((2 * (t + 1) * sp.log(2) + sp.log(h)) / (2 * EPS_TILDE))

#: Theorem 8, eq. (200): one CwTM output lies within this multiple of Delta^cw of the mean, per coordinate.
THEOREM8_ONE_ROUND = (2 * f + h - q) / h

#: Theorem 8's averaging constant 2(2f + h - q) sqrt(h)/h: eq. (200) times Lemma 1's 2 sqrt(h).
THEOREM8_C = THEOREM8_ONE_ROUND * LEMMA1_H_FACTOR_L2

#: Remark 3: the constant with Lemma 1's min{2 sqrt(h), sqrt(d)}.
REMARK3_C = THEOREM8_ONE_ROUND * LEMMA1_UPPER_L2
