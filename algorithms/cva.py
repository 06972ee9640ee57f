r"""Closest-Vectors Averaging (paper section 5.4, eqs. 163-164).

Node i keeps the q - f received vectors closest (in l2) to its own vector
:math:`x^{(i)}` and averages them. Ties at the boundary are broken by canonical
(lexicographic) order of the vectors, so the output depends only on the
multiset received and the receiver's own vector. In d = 1 the canonical order
is the order of values, which the Z3 encoding (:func:`cva_line`) uses.
"""

from __future__ import annotations

import numpy as np
import z3

from .distance import canonical_order, sq_distances_to
from .rule import Rule, SymbolicReceived


def cva(z: np.ndarray, f: int, own: np.ndarray | None = None) -> np.ndarray:
    """CVA (eqs. 163-164): the average of the q - f received vectors closest to ``own``."""
    if own is None:
        raise ValueError("cva needs the receiver's own vector")
    q = z.shape[0]
    zc = z[canonical_order(z)]
    dist = sq_distances_to(zc, own)
    keep = sorted(range(q), key=lambda i: (dist[i], i))[: q - f]
    return zc[keep].sum(axis=0) / (q - f)


def cva_line(rec: SymbolicReceived, q: int, f: int) -> z3.ArithRef:
    """CVA in d = 1 as a z3 term: an element is kept when fewer than q - f present
    elements come before it in the order (distance to own, value, canonical key)."""
    own = rec.own
    els = rec.elements()

    def dist(v: z3.ArithRef) -> z3.ArithRef:
        return z3.If(v >= own, v - own, own - v)

    kept_terms = []
    for pa, va, ka in els:
        da = dist(va)
        before = []
        for pb, vb, kb in els:
            if ka == kb:
                continue
            db = dist(vb)
            # reference: sort by (distance, canonical index); canonical order is by value
            cond = z3.Or(db < da, z3.And(db == da, z3.Or(vb < va, z3.And(vb == va, kb < ka))))
            before.append(z3.If(cond if pb is True else z3.And(pb, cond), 1, 0))
        kept = z3.Sum(before) < q - f
        kept_terms.append(z3.If(kept if pa is True else z3.And(pa, kept), va, 0))
    return z3.Sum(kept_terms) / (q - f)


CVA = Rule("cva", cva, "Closest-vectors averaging", "5.4", lambda f: f + 1, "q >= f + 1",
           "n >= (7+3eps)/(1-eps) f (n >= 7f + 1)", needs_own=True, encoding=cva_line, constants="cva",
           ties=("first",))  # equal distances: canonical order; ties="adversary" not yet implemented
