r"""CVA (paper section 5.4): "the same sketch of the proof as MDA" with
n >= (7 + 3 eps)/(1 - eps) f and q >= (1 + eps)/2 h + (3 + 2 eps) f "in Assumption 5".

That sentence is all the paper writes about CVA's analysis: no lemma or theorem
is numbered for CVA, and no contraction factor, averaging constant or iteration
count is written. What the sentence implies, read through section 5.1:

* Assumption 5 then defines eps_tilde = 2 eps/(1 + eps) (:data:`EPS_TILDE`), and
  Lemma 12's conclusion becomes: one CVA round multiplies Delta_2 by at most
  1 - eps_tilde (:data:`SKETCH_FACTOR`), so N_MDA(t) iterations halve it t times
  (:data:`N_CVA`).
* Theorem 3's constant alpha/eps_tilde needs Lemma 13's alpha, whose proof uses
  Lemma 11 (the chosen subset's diameter is at most Delta_2); CVA's subset does
  not satisfy it (its q - f values lie within Delta_2 of the receiver's own value,
  so their diameter can exceed Delta_2, up to 2 Delta_2). The paper gives no averaging constant
  for CVA, and avagree reports none.

:data:`FACTOR_5F` is avagree's, not the paper's: the one-round factor of the form
of eq. (133) that the CVA conditions turn into 1 - eps_tilde, as eqs. (134)-(135)
do for MDA's (4f + h - q)/(q - f) (checked by ``check_cva_sketch_algebra``).
"""

from __future__ import annotations

from . import mda
from .symbols import eps, f, h, n, q

#: n >= (7+3 eps)/(1-eps) f  <=>  eps <= (n - 7f)/(n + 3f)
EPS_MAX_FROM_N = (n - 7 * f) / (n + 3 * f)
#: q >= (1+eps)/2 h + (3+2 eps) f  <=>  eps <= (2q - h - 6f)/(h + 4f)
EPS_MAX_FROM_Q = (2 * q - h - 6 * f) / (h + 4 * f)

N_CONDITION = n - (7 + 3 * eps) / (1 - eps) * f
Q_CONDITION = q - ((1 + eps) / 2 * h + (3 + 2 * eps) * f)

#: Section 5.4 sets its bounds "in Assumption 5", which defines eps_tilde = 2 eps/(1 + eps).
EPS_TILDE = mda.EPS_TILDE

#: Lemma 12's conclusion under the CVA conditions (the sketch): one round multiplies Delta_2 by at most this.
SKETCH_FACTOR = 1 - EPS_TILDE

#: Lemma 12's iteration count under the CVA conditions: ceil(t ln 2 / eps_tilde).
N_CVA = mda.N_MDA

#: avagree's reconstruction (not in the paper): the eq. (133)-shaped factor that the CVA
#: q-condition turns into (1 - eps)/(1 + eps), as eqs. (134)-(135) do for MDA.
FACTOR_5F = (5 * f + h - q) / (q - f)
