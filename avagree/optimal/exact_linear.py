"""Exact linear algebra in Fractions for the recovery of an LP vertex (:mod:`.solve`)."""

from __future__ import annotations

from fractions import Fraction
from typing import Sequence


def solve_exact(rows: Sequence[Sequence[Fraction]], rhs: Sequence[Fraction], guess: Sequence[Fraction]
                ) -> list[Fraction] | None:
    """A solution x of ``rows @ x = rhs`` in exact arithmetic (Gauss-Jordan elimination), each
    unknown the system leaves free set to its ``guess``; None when the system is inconsistent."""
    ncol = len(guess)
    mat = [list(map(Fraction, r)) + [Fraction(b)] for r, b in zip(rows, rhs)]
    pivots: list[int] = []
    r = 0
    for col in range(ncol):
        pivot = next((i for i in range(r, len(mat)) if mat[i][col]), None)
        if pivot is None:
            continue
        mat[r], mat[pivot] = mat[pivot], mat[r]
        lead = mat[r][col]
        mat[r] = [v / lead for v in mat[r]]
        for i in range(len(mat)):
            if i != r and mat[i][col]:
                factor = mat[i][col]
                mat[i] = [a - factor * b for a, b in zip(mat[i], mat[r])]
        pivots.append(col)
        r += 1
        if r == len(mat):
            break
    if any(not any(row[:ncol]) and row[ncol] for row in mat[r:]):
        return None
    x = [Fraction(g) for g in guess]
    free = [c for c in range(ncol) if c not in pivots]
    for i, col in enumerate(pivots):
        x[col] = mat[i][ncol] - sum((mat[i][c] * x[c] for c in free), Fraction(0))
    return x
