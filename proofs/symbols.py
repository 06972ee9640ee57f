"""Shared sympy symbols, and :func:`at`, the one way to put numbers into a formula.

Every formula of the paper is written once in :mod:`avagree.proofs` as a sympy
expression in these symbols (n nodes, f Byzantine, q vectors heard per round,
h = n - f honest nodes, t the agreement target of AVG_t, d the dimension, eps the
slack of Assumptions 5 and 6, T = ``rounds`` a number of rounds); code elsewhere substitutes into it with :func:`at`.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import sympy as sp

n, f, q, h, t, d = sp.symbols("n f q h t d", positive=True, integer=True)
eps = sp.Symbol("epsilon", nonnegative=True)
#: a number of rounds (iterations of the one-round rule), for the iterated bounds
T = sp.Symbol("T", nonnegative=True, integer=True)

#: the symbols by name, as :func:`at` takes them
BY_NAME = {"n": n, "f": f, "q": q, "h": h, "t": t, "d": d, "eps": eps, "rounds": T}


def at(expr: sp.Expr, **values: Any) -> sp.Expr:
    """``expr`` with the named symbols (n, f, q, h, t, d, eps) replaced by exact values.

    h defaults to n - f when n and f are given (the paper's h, section 2). Values
    may be int, Fraction or sympy numbers; the substitution is exact.
    """
    unknown = set(values) - set(BY_NAME)
    if unknown:
        raise TypeError(f"at(): unknown symbol(s) {', '.join(sorted(unknown))}; known: {', '.join(BY_NAME)}")
    if "h" not in values and values.get("n") is not None and values.get("f") is not None:
        values["h"] = values["n"] - values["f"]
    subs = {BY_NAME[k]: sp.Rational(v.numerator, v.denominator) if isinstance(v, Fraction) else sp.sympify(v)
            for k, v in values.items() if v is not None}
    # xreplace, not subs: the symbols are replaced exactly where they occur and the tree is
    # rebuilt (numbers evaluate); no pattern matching, so about 8 times faster on the grids
    # of proofs/checks.py, with the same values (tests/unit/test_proofs.py)
    return sp.sympify(expr).xreplace(subs)


def to_fraction(value: Any) -> Fraction:
    """An exact rational sympy value (or int) as a :class:`fractions.Fraction`."""
    value = sp.nsimplify(value)
    if not value.is_Rational:
        raise ValueError(f"{value} is not rational")
    return Fraction(int(value.p), int(value.q))
