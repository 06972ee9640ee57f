r"""Closest-Vectors Averaging (paper section 5.4, eqs. 163-164).

Node i keeps the q - f received vectors closest (in l2) to its own vector
:math:`x^{(i)}` and averages them. Equal distances at the boundary: under
``ties="first"`` (the reference, :func:`cva`) the vectors first in canonical
(lexicographic) order are kept, so the output depends only on the multiset
received and the receiver's own vector; in d = 1 the canonical order is the
order of values, which the Z3 encoding (:func:`cva_line`) uses. Under
``ties="adversary"`` (the paper's "the q - f closest vectors" does not say which
of equally close ones) the adversary picks any q - f vectors none of which is
farther than a vector left out (:data:`CVA_CHOOSER`, :func:`cva_line_any`).
"""

from __future__ import annotations

import numpy as np
import z3

from .choice import least_scores
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


def _dist(v: z3.ArithRef, own: z3.ArithRef) -> z3.ArithRef:
    """|v - own| as a z3 term."""
    return z3.If(v >= own, v - own, own - v)


def cva_line(rec: SymbolicReceived, q: int, f: int) -> z3.ArithRef:
    """CVA in d = 1 as a z3 term: an element is kept when fewer than q - f present
    elements come before it in the order (distance to own, value, canonical key)."""
    own = rec.own
    els = rec.elements()
    kept_terms = []
    for pa, va, ka in els:
        da = _dist(va, own)
        before = []
        for pb, vb, kb in els:
            if ka == kb:
                continue
            db = _dist(vb, own)
            # reference: sort by (distance, canonical index); canonical order is by value
            cond = z3.Or(db < da, z3.And(db == da, z3.Or(vb < va, z3.And(vb == va, kb < ka))))
            before.append(z3.If(cond if pb is True else z3.And(pb, cond), 1, 0))
        kept = z3.Sum(before) < q - f
        kept_terms.append(z3.If(kept if pa is True else z3.And(pa, kept), va, 0))
    return z3.Sum(kept_terms) / (q - f)


def cva_line_any(rec: SymbolicReceived, q: int, f: int, constraints: list) -> z3.ArithRef:
    """CVA in d = 1 under ``ties="adversary"`` as a z3 term: fresh Booleans keep exactly q - f
    present elements, all within a fresh radius r of the receiver's own value, and every present
    element left out is at distance >= r (appended to ``constraints``). A subset qualifies exactly
    when no element left out is strictly closer than a kept one (take r = the largest kept
    distance), so this is the pairwise condition with 2q constraints instead of q^2."""
    own = rec.own
    els = rec.elements()
    keep = [z3.FreshBool("cva_keep") for _ in els]
    radius = z3.FreshReal("cva_radius")
    constraints.append(z3.Sum([z3.If(k, 1, 0) for k in keep]) == q - f)
    for k, (pa, va, _) in zip(keep, els):
        dist = _dist(va, own)
        constraints.append(z3.Implies(k, dist <= radius) if pa is True else z3.Implies(k, z3.And(pa, dist <= radius)))
        left_out = z3.Not(k) if pa is True else z3.And(pa, z3.Not(k))
        constraints.append(z3.Implies(left_out, dist >= radius))
    return z3.Sum([z3.If(k, va, 0) for k, (_, va, _) in zip(keep, els)]) / (q - f)


def _distances(z: np.ndarray, f: int, own: np.ndarray | None) -> list:
    if own is None:
        raise ValueError("cva needs the receiver's own vector")
    return list(sq_distances_to(z, own))


#: CVA keeps *the* q - f closest vectors; among equally close ones the adversary may pick
CVA_CHOOSER = least_scores(_distances, lambda q, f: q - f)

CVA = Rule("cva", cva, "Closest-vectors averaging", "5.4", lambda f: f + 1, "q >= f + 1",
           "n >= (7+3eps)/(1-eps) f (n >= 7f + 1)", needs_own=True, encoding=cva_line, constants="cva",
           ties=("first", "adversary"), choice_encoding=cva_line_any, chooser=CVA_CHOOSER)
