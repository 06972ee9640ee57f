r"""Reduce-and-select's exact one-round constants, and the least ones over the class of L-statistics, as
closed forms in n, f, q (issue 25, items 1 and 3). The only place these formulas are written.

Scope: one round, d = 1 (and each coordinate of the coordinate-wise lift), f >= 1, asynchronous
(2f + 1 <= q <= n - f) and synchronous (q = n >= 2f + 1). h = n - f honest nodes, s = n - q honest values
a receiver misses (0 synchronously). Reduce-and-select with the derived step (:mod:`avagree.algorithms.select`)

    k = n - q + f,   c = floor((q - 2f - 1)/k) + 1 values selected,   r = (q - 2f - 1) mod k,

so q - 2f = (c - 1)k + r + 1: the selected positions are f + 1 + ik (i = 0 .. c - 1), the highest is
q - f - r. On 0/1 values with u ones among the q received (the count model, :mod:`.lstat`), the ones fill
the top u positions, and the number of selected positions among them is

    J(u) = min(c, ceil(v/k)) for v = u - f - r >= 0,   J(u) = 0 for v <= 0

(position f + 1 + ik is among the top u iff (c - 1 - i)k < v), the output being J(u)/c.

**select** (:data:`SELECT`):

* contraction factor **1/c**: a receiver pushed up and one pushed down see u values that differ by at
  most f + s = k (:mod:`.lstat`: min(x, m) + f against max(0, x - s)), and a window of k consecutive
  positions holds at most one selected one; attained at x = r + 1 honest ones, where the top selected
  position q - f - r separates the two receivers. At q = n - f this is Dolev et al.'s 1/c(n - 3f, 2f),
  at q = n their 1/c(n - 2f, f), c(m, k) = floor((m - 1)/k) + 1 (:func:`published`);
* averaging error **(k + r)/h**: with every receiver pushed down at x = k + r honest ones, each sees
  u = f + r ones (no selected position), so the mean moves by (k + r)/h; no execution does more (the
  upper obligations; they use ck <= h - 1, i.e. (c - 1)k <= q - 2f - 1).

**The optimum over the class** (weights on f + 1 .. q - f; :data:`OPTIMUM`):

* least contraction factor **1/c**, attained by select; lower bound: the dual certificate with
  multiplier 1/c on each of the c contraction forms C[x] at x = q - 2f - jk (j = 0 .. c - 1), and
  mu = 1/c: the form C[x] is G(min(x, m) + f) - G(max(0, x - s)), whose coefficient of w_p is 1 on
  the window q - min(x, m) - f < p <= q - max(0, x - s) and 0 elsewhere, and these c windows cover
  every admissible position (window j holds f + 1 + jk .. f + (j + 1)k), so for every admissible w,
  max_x C[x](w) >= (1/c) sum_j C[x_j](w) >= (1/c) sum_p w_p = 1/c;
* least averaging error **k/h = (n - q + f)/(n - f)**, attained by CwTM (its closed form,
  :mod:`.exact`); lower bound: the single form A-[x = k] (multiplier 1, mu = 0): at x = k every
  receiver pushed down sees x - s = f ones, which sit on positions q - f + 1 .. q only, so the form is
  the constant k/h for every admissible w.

Both lower bounds hold for every rule of the class, so the two optima are exact. The Z3 obligations
(:mod:`avagree.smt.select_parametric`) decide each step for all parameters; docs/optimality.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import sympy as sp

from avagree.errors import ParameterError

from .symbols import f, n, q

#: the derived step, the values kept after reducing, and the honest nodes
STEP = n - q + f
KEPT = q - 2 * f
H = n - f
#: floor((q - 2f - 1)/k): the selected values are c = QUOTIENT + 1; REM = (q - 2f - 1) mod k
QUOTIENT = sp.floor((KEPT - 1) / STEP)
BLOCKS = QUOTIENT + 1
REM = sp.Mod(KEPT - 1, STEP)
SPECS = ("contraction", "averaging")


@dataclass(frozen=True)
class Form:
    """A closed form ``numerator / denominator`` of ``spec`` for ``name`` (``select`` or ``optimum``), with
    the honest ones ``witness_k`` of the execution that attains it (``push``: the family pushes one receiver
    up and one down, ``up-down``, or every receiver down, ``down``); for the optimum ``attained_by`` names
    the rule of the class that attains it and ``dual`` describes the lower bound's certificate."""

    name: str
    spec: str
    numerator: sp.Expr
    denominator: sp.Expr
    witness_k: sp.Expr
    push: str
    attained_by: str = "select"
    dual: str = ""

    @property
    def value(self) -> sp.Expr:
        return self.numerator / self.denominator

    def expression(self, model: str = "async") -> sp.Expr:
        """The closed form in n, f, q (async) or in n, f with q = n substituted (sync)."""
        return self.value if model == "async" else self.value.subs(q, n)

    def at(self, N: int, F: int, Q: int, model: str = "async") -> Fraction:
        """The closed form's exact value at (N, F, Q); ParameterError outside its region."""
        check_region(N, F, Q, model)
        num, den = (int(sp.sympify(e).subs({n: N, f: F, q: Q})) for e in (self.numerator, self.denominator))
        return Fraction(num, den)


def region(model: str = "async") -> list[sp.Expr]:
    """Where the closed forms are exact, as unevaluated relations (the shared symbols are positive)."""
    rel = [sp.Ge(f, 1, evaluate=False), sp.Ge(q, 2 * f + 1, evaluate=False)]
    if model == "async":
        return rel + [sp.Le(q, n - f, evaluate=False)]
    return rel + [sp.Eq(q, n, evaluate=False)]


def region_text(model: str = "async") -> str:
    return "f >= 1, 2f + 1 <= q <= n - f" if model == "async" else "f >= 1, q = n >= 2f + 1"


def check_region(N: int, F: int, Q: int, model: str = "async") -> None:
    """ParameterError unless (N, F, Q) is in the region of ``model``."""
    if model not in ("async", "sync"):
        raise ParameterError("model", model, "must be async or sync")
    if F < 1:
        raise ParameterError("f", F, "the closed forms of select and of the optimum need f >= 1")
    if Q < 2 * F + 1:
        raise ParameterError("q", Q, f"needs q >= 2f + 1 = {2 * F + 1}")
    if model == "async" and Q > N - F:
        raise ParameterError("q", Q, f"asynchronous: needs q <= n - f = {N - F}")
    if model == "sync" and Q != N:
        raise ParameterError("q", Q, f"the synchronous model has q = n = {N}")


SELECT = {
    "contraction": Form("select", "contraction", sp.Integer(1), BLOCKS, REM + 1, "up-down"),
    "averaging": Form("select", "averaging", STEP + REM, H, STEP + REM, "down"),
}
OPTIMUM = {
    "contraction": Form("optimum", "contraction", sp.Integer(1), BLOCKS, REM + 1, "up-down", "select",
                        "multiplier 1/c on C[x] for x = q - 2f - jk, j = 0..c-1; mu = 1/c"),
    "averaging": Form("optimum", "averaging", STEP, H, KEPT, "up", "cwtm",
                      "multiplier 1 on A-[x = k]; mu = 0"),
}
FORMS = {"select": SELECT, "optimum": OPTIMUM}


def form(name: str, spec: str) -> Form:
    """The closed form of (``select`` | ``optimum``, spec)."""
    if name not in FORMS:
        raise ParameterError("rule", name, "closed forms here: select, optimum")
    if spec not in SPECS:
        raise ParameterError("spec", spec, f"must be one of {', '.join(SPECS)}")
    return FORMS[name][spec]


def parameters(N: int, F: int, Q: int) -> tuple[int, int, int]:
    """(k, c, r) at (N, F, Q): the step, the selected values and the remainder."""
    k = max(1, N - Q + F)
    return k, (Q - 2 * F - 1) // k + 1, (Q - 2 * F - 1) % k


def selected_ones(u: int, F: int, Q: int, k: int) -> int:
    """J(u): the selected positions among the top u of Q (step k), by the formula of the module docstring."""
    c, r = (Q - 2 * F - 1) // k + 1, (Q - 2 * F - 1) % k
    v = u - F - r
    return 0 if v <= 0 else min(c, -(-v // k))


def contraction_dual(N: int, F: int, Q: int) -> dict[int, Fraction]:
    """The least contraction factor's dual family at (N, F, Q): honest ones x -> multiplier of C[x]."""
    k, c, _ = parameters(N, F, Q)
    return {Q - 2 * F - j * k: Fraction(1, c) for j in range(c)}


def averaging_dual(N: int, F: int, Q: int) -> dict[int, Fraction]:
    """The least averaging error's dual family: multiplier 1 on A-[x = k]."""
    return {N - Q + F: Fraction(1)}


def c_published(m: int | sp.Expr, k: int | sp.Expr) -> sp.Expr:
    """Dolev et al.'s c(m, k) = floor((m - 1)/k) + 1."""
    return sp.floor(sp.sympify(m - 1) / k) + 1


def published(model: str) -> tuple[sp.Expr, sp.Expr]:
    """(select's contraction closed form, Dolev et al.'s published factor) at their q: q = n - f
    asynchronously (1/c(n - 3f, 2f)), q = n synchronously (1/c(n - 2f, f))."""
    if model == "async":
        return SELECT["contraction"].value.subs(q, n - f), 1 / c_published(n - 3 * f, 2 * f)
    return SELECT["contraction"].value.subs(q, n), 1 / c_published(n - 2 * f, f)


def published_matches(model: str) -> bool:
    """sympy: select's closed form at Dolev et al.'s q is their factor, for every n, f (an identity)."""
    ours, theirs = published(model)
    return sp.simplify(ours - theirs) == 0
