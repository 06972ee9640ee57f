"""Shared machinery of the distance-based rules (MDA, CVA, Krum): a canonical
order of the received vectors and the matrix of pairwise squared distances.

Exact mode sums squared l2 distances from coordinate differences; float mode goes
through one Gram product and repairs every entry that cancels (see
:func:`pairwise_sq_distances`), so distances are never negative. Comparing squared
distances keeps exact mode exact (no square roots).
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from avagree.errors import InputError
from avagree.model.numbers import mode_of

from . import fast

def canonical_order(z: np.ndarray) -> np.ndarray:
    """Indices sorting the rows of ``z`` lexicographically (stable).

    Rules break ties by position in this order, so their output depends only on
    the multiset of received vectors, never on the order they arrived in. Rows
    are split on the first coordinate where a group differs, so the usual cost is
    one sort of q values rather than d sorts.
    """
    return np.array(_lex(z, np.arange(z.shape[0]), 0), dtype=np.intp)


def _lex(z: np.ndarray, ids: np.ndarray, col: int) -> list[int]:
    if len(ids) <= 1:
        return ids.tolist()
    d = z.shape[1]
    while True:  # find the first coordinate where the group differs, 64 columns at a time
        if col >= d:  # identical rows: keep their order (stable)
            return ids.tolist()
        block = z[ids, col : col + 64]
        differs = np.flatnonzero((block != block[0]).any(axis=0))
        if differs.size:
            col += int(differs[0])
            break
        col += 64
    vals = z[ids, col]
    o = np.argsort(vals, kind="stable")
    ids, vals = ids[o], vals[o]
    out: list[int] = []
    start = 0
    for k in range(1, len(ids) + 1):
        if k == len(ids) or vals[k] != vals[start]:
            out += _lex(z, ids[start:k], col + 1) if k - start > 1 else [int(ids[start])]
            start = k
    return out


#: Relative size below which a Gram-trick distance is recomputed from differences.
_CANCEL = 1e-6


def pairwise_sq_distances(z: np.ndarray, order: np.ndarray | None = None) -> np.ndarray:
    """D[i, j] = ||z_i - z_j||_2^2 for all rows (float64 or exact); with ``order``,
    the distances between the rows of ``z[order]`` (without copying them).

    Float mode uses one Gram product (the compiled kernel :func:`.fast.gram` on wide
    input, whose entries do not depend on the rows' positions; else one BLAS product
    of the rows copied in ``order``) and then recomputes from
    coordinate differences every entry where ||x||^2 + ||y||^2 - 2 x.y cancels
    (D < 1e-6 (||x||^2 + ||y||^2)), so near-identical vectors get accurate, never
    negative, distances. Exact mode sums differences directly.

    Float input with a NaN or inf raises :class:`~avagree.errors.InputError`: the
    squared norms (the Gram diagonal) are then not finite, and only then is the
    input scanned (a finite input whose norms overflow goes on, as before).
    """
    q, d = z.shape
    rows = np.arange(q) if order is None else np.asarray(order)
    if mode_of(z) == "exact":
        D = np.zeros((q, q), dtype=object)
        for i in range(q):
            for j in range(i + 1, q):
                diff = z[rows[i]] - z[rows[j]]
                D[i, j] = D[j, i] = (diff * diff).sum()
        return D
    if fast.usable(z):
        G = fast.gram(z)[np.ix_(rows, rows)]
    else:  # BLAS on the rows copied in order: OpenBLAS's Gram matrix of permuted rows differs in the last bits
        y = (z if order is None else z[rows]).astype(np.float64, copy=False)
        G = y @ y.T
    norms = np.diag(G).copy()
    if not np.isfinite(norms).all() and not np.isfinite(z).all():
        raise InputError("received: contains NaN or inf")
    scale = norms[:, None] + norms[None, :]
    D = scale - 2 * G
    suspect = np.argwhere(np.triu(D <= _CANCEL * scale, 1))
    for i, j in suspect:
        diff = z[rows[i]].astype(np.float64) - z[rows[j]]
        D[i, j] = D[j, i] = float(diff @ diff)
    np.fill_diagonal(D, 0.0)
    return D


def sum_rows(z: np.ndarray, rows: Sequence[int]) -> np.ndarray:
    """z[rows].sum(axis=0), adding the rows one after another in the order given
    (the order numpy's sum over axis 0 uses, so the result is the same bit for bit,
    except that numpy starts from +0.0: a column of -0.0 sums to -0.0 here, to +0.0
    there), without copying them out first."""
    out = z[rows[0]].copy() if len(rows) == 1 else z[rows[0]] + z[rows[1]]
    for r in rows[2:]:
        out += z[r]
    return out


def mean_rows(z: np.ndarray, rows: Sequence[int]) -> np.ndarray:
    """``sum_rows(z, rows) / len(rows)``, bit for bit: the compiled kernel
    (:func:`.fast.mean_rows`, columns split across threads) on wide float input."""
    if fast.usable(z):
        return fast.mean_rows(z, rows, -0.0)  # -0.0 + x is x: sum_rows adds no start value
    return sum_rows(z, rows) / len(rows)


def sq_distances_to(z: np.ndarray, center: np.ndarray) -> np.ndarray:
    """||z_i - center||_2^2 for each row."""
    diff = z - center
    if mode_of(z) == "exact":
        return np.array([(row * row).sum() for row in diff], dtype=object)
    return np.einsum("ij,ij->i", diff, diff)
