r"""Lower bounds (paper sections 5.2, 6.2, 7.2).

* Theorem 4: no asynchronous algorithm beats (h + 2f - q)/h-averaging; no
  synchronous one beats f/h.
* Theorem 7: for n <= 3f no algorithm achieves averaging agreement.
* Theorem 9 as stated: for q <= 3f no standard-form algorithm achieves it.
  Its proof (the split of eq. 205 plus Lemma 16) only needs q - 2f <= floor(h/2)
  in the asynchronous model, which is weaker: with q = n - f it covers every
  n <= 5f, not just n <= 4f. The synchronous analogue needs h - f <= floor(h/2),
  i.e. n <= 3f.
"""

from __future__ import annotations

import sympy as sp

from .symbols import at, f, h, q

#: Theorem 4: no asynchronous algorithm beats (h + 2f - q)/h-averaging agreement.
THEOREM4_ASYNC = (h + 2 * f - q) / h
#: Theorem 4: no synchronous algorithm beats f/h-averaging agreement.
THEOREM4_SYNC = f / h
#: Theorem 7: no algorithm achieves averaging agreement for n <= 3f.
THEOREM7_N_MAX = 3 * f
#: Theorem 9 as stated: no standard-form algorithm achieves it for q <= 3f.
THEOREM9_Q_MAX = 3 * f


def theorem4_bound(N: int, F: int, Q: int, model: str) -> sp.Rational:
    """Theorem 4's lower bound on any averaging constant at (n, f, q, model)."""
    return at(THEOREM4_SYNC if model == "sync" else THEOREM4_ASYNC, n=N, f=F, q=Q)


def theorem7_applies(N: int, F: int) -> bool:
    """Theorem 7: n <= 3f makes averaging agreement impossible."""
    return bool(N <= at(THEOREM7_N_MAX, f=F))


def theorem9_stated(Q: int, F: int) -> bool:
    """Theorem 9 as stated: q <= 3f."""
    return bool(Q <= at(THEOREM9_Q_MAX, f=F))


def theorem9_proof_condition(N: int, F: int, Q: int, model: str) -> bool:
    """When the split construction in Theorem 9's proof goes through: each half
    of the honest nodes can be shown q - f equal values (Lemma 16)."""
    H = N - F
    if F == 0:
        return False
    if model == "sync":
        return H - F <= H // 2  # each half plus the f Byzantine copies must fill q - f = h slots
    return Q - 2 * F <= H // 2
