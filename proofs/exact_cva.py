r"""CVA's exact one-round contraction factor in d = 1, as a closed form in n, f, q (issue 29, item 5).

CVA (section 5.4) keeps the m = q - f received values closest to the receiver's own value and
averages them. With s = n - q honest values missed per receiver (0 synchronous), h = n - f and
b = min(f, m - 1) (the Byzantine values a kept set can hold beside the receiver's own value), for
f >= 1 the supremum of Delta(out)/Delta(in) over one round is

* asynchronous (f + 1 <= q <= n - f): min(m + 2b, s + 4b)/m, that is
  (5f + h - q)/(q - f) = (n - q + 4f)/(q - f) when 2q >= n + 3f (the factor the CVA table found
  everywhere it was computed), (q + f)/(q - f) when 2f + 1 <= q and 2q <= n + 3f (MDA's there too),
  and (3q - 3f - 2)/(q - f) when q <= 2f;
* synchronous (q = n, h = n - f >= 2): min(2m, 4f)/m with m = h, that is 4f/(n - f) when n >= 3f,
  else 2.

The upper bounds pair the two receivers' kept values (docs/closed_forms.md, "CVA"); their
arithmetic, the lower-bound family (:data:`FAMILY`, in symbolic f, s, m) and its reach are decided by
Z3 for all parameters (:mod:`avagree.smt.cva_parametric`). Attained under ``ties="adversary"``
(U's Byzantine values tie with its zeros at distance 1 and the adversary keeps them); under
``ties="first"`` (the reference keeps the lower value of equally close ones) U's Byzantine values
at 2 - epsilon approach it. ``ties="average"`` is not claimed. Every tie rule keeps a set none of
whose values is farther from the receiver's own than one left out, so the upper bound holds for
all three.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import sympy as sp

from .symbols import f, n, q

#: the case parameters: f, s = n - q (0 synchronous), m = q - f
FS, SS, MS = sp.symbols("f s m", integer=True)
#: U's Byzantine offset under ``ties="first"``: its values at 2 - E make them strictly closer than its zeros
E = sp.Symbol("E", positive=True)

B = sp.Min(FS, MS - 1)  # Byzantine values a kept set holds beside the receiver's own value
#: the closed forms' numerators over m, by model
NUMERATOR = {"async": sp.Min(MS + 2 * B, SS + 4 * B), "sync": sp.Min(2 * MS, 4 * FS)}

#: the readable pieces (in n, f, q), each with where it holds; :func:`avagree.smt.cva_parametric.pieces`
#: proves each equal to NUMERATOR / m there
FIVE_F = (n - q + 4 * f) / (q - f)  # = (5f + h - q)/(q - f)
WIDE = (q + f) / (q - f)
LOW = (3 * q - 3 * f - 2) / (q - f)
PIECES = {"async": ((FIVE_F, sp.Ge(2 * q, n + 3 * f, evaluate=False)), (WIDE, sp.Ge(q, 2 * f + 1, evaluate=False)),
                    (LOW, sp.true)),
          "sync": ((4 * f / (n - f), sp.Ge(n, 3 * f, evaluate=False)), (sp.Integer(2), sp.true))}

#: tie rules under which the family reaches the supremum, and under which it only approaches it
ATTAINED_UNDER = ("adversary",)
APPROACHED_UNDER = ("first",)


@dataclass(frozen=True)
class Family:
    """One execution in symbolic f, s, m: k honest ones, h - k zeros. A node holding 1 (kind U)
    gets ``u_ones`` honest ones (its own among them), m - u_ones zeros and f Byzantine values at 2
    (2 - E under ``first``); a node holding 0 (kind L) gets ``l_zeros`` zeros (its own among them),
    m - l_zeros ones and f Byzantine values at -1."""

    k: sp.Expr
    u_ones: sp.Expr
    l_zeros: sp.Expr


#: 2q >= n + 3f (m >= s + 2f): U gets all k = s + f ones and keeps f twos; L gets all h - k = m - f zeros.
#: Below: U and L each get k1 = max(1, m - f) values of their own kind (k = max(k1, m - k1)).
#: Synchronous: everyone gets all h = m honest values, k = min(f, floor(m/2)).
_K1 = sp.Max(1, MS - FS)
FAMILY = {"async": Family(sp.Piecewise((SS + FS, MS >= SS + 2 * FS), (sp.Max(_K1, MS - _K1), True)),
                          sp.Piecewise((SS + FS, MS >= SS + 2 * FS), (_K1, True)),
                          sp.Piecewise((MS - FS, MS >= SS + 2 * FS), (_K1, True))),
          "sync": Family(sp.Min(FS, sp.floor(MS / 2)), sp.Min(FS, sp.floor(MS / 2)),
                         MS - sp.Min(FS, sp.floor(MS / 2)))}


def kept_sums(fam: Family, first: bool = False) -> tuple[sp.Expr, sp.Expr]:
    """(U's kept sum, L's kept sum) in the family: each receiver keeps its own kind (distance 0), then
    as many Byzantine values as fit (distance 1, or 1 - E under ``first``), then the other honest
    kind (distance 1); under ``first`` L's -1 precede its ones (the lower value first)."""
    top = 2 - E if first else sp.Integer(2)
    t_u = sp.Min(FS, MS - fam.u_ones)
    t_l = sp.Min(FS, MS - fam.l_zeros)
    return fam.u_ones + top * t_u, -t_l + (MS - fam.l_zeros - t_l)


def region_text(model: str) -> str:
    """Where the closed form is exact."""
    if model == "sync":
        return "f >= 1, q = n, n - f >= 2"
    return "f >= 1, f + 1 <= q <= n - f"


def expression(model: str = "async") -> sp.Expr:
    """The closed form as readable pieces in n, f, q (async) or n, f (sync, q = n)."""
    return sp.Piecewise(*PIECES[model])


def cva_exact(N: int, F: int, Q: int, model: str = "async") -> Fraction | None:
    """CVA's exact one-round contraction factor (d = 1) at (N, F, Q); None outside the region
    (f = 0: CVA keeps all q values, the mean; or parameters the model does not admit)."""
    if F < 1 or N - F < 2 or (model == "async" and not F + 1 <= Q <= N - F) or (model == "sync" and Q != N):
        return None
    s, m = (0 if model == "sync" else N - Q), Q - F
    value = sp.Rational(NUMERATOR[model].subs({FS: F, SS: s, MS: m}), m)
    return Fraction(int(value.p), int(value.q))


NOTE = ("d = 1 (Delta = range): the supremum, attained under ties=adversary, approached but not attained by the "
        "family under ties=first; ties=average not claimed")
