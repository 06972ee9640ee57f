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

from .symbols import f, h, q

THEOREM4_ASYNC = (h + 2 * f - q) / h
THEOREM4_SYNC = f / h


def theorem4_bound(N: int, F: int, Q: int, model: str) -> sp.Rational:
    H = N - F
    if model == "sync":
        return sp.Rational(F, H)
    return sp.Rational(H + 2 * F - Q, H)


def theorem7_applies(N: int, F: int) -> bool:
    """Theorem 7: n <= 3f makes averaging agreement impossible."""
    return N <= 3 * F


def theorem9_stated(Q: int, F: int) -> bool:
    """Theorem 9 as stated: q <= 3f."""
    return Q <= 3 * F


def theorem9_proof_condition(N: int, F: int, Q: int, model: str) -> bool:
    """When the split construction in Theorem 9's proof goes through: each half
    of the honest nodes can be shown q - f equal values (Lemma 16)."""
    H = N - F
    if F == 0:
        return False
    if model == "sync":
        return H - F <= H // 2  # each half plus the f Byzantine copies must fill q - f = h slots
    return Q - 2 * F <= H // 2
