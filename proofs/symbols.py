"""Shared sympy symbols and small exact helpers."""

from __future__ import annotations

import sympy as sp

n, f, q, h, t, d = sp.symbols("n f q h t d", positive=True, integer=True)
eps = sp.Symbol("epsilon", nonnegative=True)


def R(x) -> sp.Rational:
    """An exact sympy rational from an int or Fraction."""
    return sp.Rational(x)


def subs_params(expr: sp.Expr, N: int, F: int, Q: int, **extra) -> sp.Expr:
    """Substitute concrete parameters (h = n - f) into an expression."""
    values = {n: N, f: F, q: Q, h: N - F}
    values.update({sp.Symbol(k) if isinstance(k, str) else k: v for k, v in extra.items()})
    return sp.nsimplify(expr.subs(values)) if expr.free_symbols else expr
