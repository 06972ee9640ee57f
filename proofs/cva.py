r"""CVA (paper section 5.4): "the same sketch of the proof as MDA" with
n >= (7 + 3 eps)/(1 - eps) f and q >= (1 + eps)/2 h + (3 + 2 eps) f.
The paper states no averaging constant or iteration count for CVA; avagree
reports none rather than inventing one.
"""

from __future__ import annotations

from .symbols import eps, f, h, n, q

#: n >= (7+3 eps)/(1-eps) f  <=>  eps <= (n - 7f)/(n + 3f)
EPS_MAX_FROM_N = (n - 7 * f) / (n + 3 * f)
#: q >= (1+eps)/2 h + (3+2 eps) f  <=>  eps <= (2q - h - 6f)/(h + 4f)
EPS_MAX_FROM_Q = (2 * q - h - 6 * f) / (h + 4 * f)

N_CONDITION = n - (7 + 3 * eps) / (1 - eps) * f
Q_CONDITION = q - ((1 + eps) / 2 * h + (3 + 2 * eps) * f)
