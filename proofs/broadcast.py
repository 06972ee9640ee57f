r"""The broadcast-based algorithm (paper section 6, Theorem 6): for n >= 3f + 1
and q = n - f, iterating the trimmed-middle step t + ceil(log2 h) times gives
2 sqrt(h)-averaging agreement; each iteration halves every Delta^cw[i].
"""

from __future__ import annotations

import sympy as sp

from .diameters import LEMMA1_H_FACTOR_L2, LEMMA1_UPPER_L2
from .lower_bounds import THEOREM7_N_MAX
from .symbols import h, t

#: Theorem 6's hypothesis n >= 3f + 1: optimal, since Theorem 7 rules out n <= 3f.
N_MIN = THEOREM7_N_MAX + 1
#: Theorem 6's hypothesis q = n - f.
Q_REQUIRED = h
#: Theorem 6: the number of iterations t + ceil(log2 h).
N_BROADCAST = t + sp.ceiling(sp.log(h, 2))
#: Theorem 6, eq. (167): the averaging constant is Lemma 1's 2 sqrt(h).
THEOREM6_C = LEMMA1_H_FACTOR_L2
#: With Lemma 1's min{2 sqrt(h), sqrt(d)} as in Remark 3.
THEOREM6_C_WITH_D = LEMMA1_UPPER_L2
#: Theorem 6's proof: each iteration halves every Delta^cw[i].
PER_ITERATION_CW_FACTOR = sp.Rational(1, 2)
