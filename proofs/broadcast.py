r"""The broadcast-based algorithm (paper section 6, Theorem 6): for n >= 3f + 1
and q = n - f, iterating the trimmed-middle step t + ceil(log2 h) times gives
2 sqrt(h)-averaging agreement; each iteration halves every Delta^cw[i].
"""

from __future__ import annotations

import sympy as sp

from .symbols import d, h, t

N_BROADCAST = t + sp.ceiling(sp.log(h, 2))
THEOREM6_C = 2 * sp.sqrt(h)
#: With Lemma 1's min{2 sqrt(h), sqrt(d)} as in Remark 3.
THEOREM6_C_WITH_D = sp.Min(2 * sp.sqrt(h), sp.sqrt(d))
PER_ITERATION_CW_FACTOR = sp.Rational(1, 2)
