r"""The count model of an L-statistic with arbitrary weights (issue 25, item 2): its exact
one-round contraction factor C(w) and averaging error A(w) in d = 1, as maxima of affine
forms in the weights. The only place these formulas are written.

The class: :math:`y = \sum_p w_p z_{(p)}` (:math:`z_{(1)} \le \dots \le z_{(q)}` the q values
one receiver aggregates), :math:`w \ge 0`, :math:`\sum_p w_p = 1`, weights only on positions
f + 1 .. q - f. One round, asynchronous (f < q <= n - f, the receiver's own value among its q,
the adversary picks which honest values arrive and up to f Byzantine ones) or synchronous
(q = n). h = n - f honest nodes, m = q - f honest values received, s = n - q missed (0 sync).

**Why counts suffice.** Steps 1-5 of the reduction in docs/closed_forms.md use only that the
weights are nonnegative, sum to 1 and sit on f + 1 .. q - f (clamping the Byzantine values
to the honest range changes no order statistic there), so both suprema are maxima over
executions whose values are all 0 or 1. Such an execution is k honest ones (1 <= k <= h - 1)
and, per receiver, its own bit o, the honest ones a it receives (a <= k, m - a <= h - k,
a >= o, m - a >= 1 - o) and the Byzantine ones c (0 <= c <= f); every such count is
realised by some delivery, independently per receiver. With u = a + c ones among q values
the ones fill the top u positions, so the output is
:math:`G(u) = \sum_{p > q - u} w_p` (the weights of the top u *positions*; G(0) = 0,
G(q) = 1), nondecreasing in u.

**Contraction.** The highest output pushes u up: a = min(k, m) (o = 1; o = 0 gives
min(k, m - 1)), c = f; the lowest pushes it down: a = max(0, k - s) (o = 0; o = 1 gives
max(1, k - s)), c = 0. Both kinds of receiver exist (1 <= k <= h - 1), so

    C(w) = max_k  G(min(k, m) + f) - G(max(0, k - s)).

**Averaging.** The k receivers holding 1 and the h - k holding 0 are pushed independently, and
mean(in) = k/h, so A(w) = max(A+(w), A-(w)) with

    A+(w) = max_k (1/h)[k G(min(k, m) + f) + (h - k) G(min(k, m - 1) + f)] - k/h,
    A-(w) = max_k k/h - (1/h)[k G(max(1, k - s)) + (h - k) G(max(0, k - s))].

Each bracket is attainable: e.g. a = min(k, m - 1) for o = 0 needs m - 1 >= k - s, i.e.
k <= h - 1. :func:`contraction_forms` and :func:`averaging_forms` are these as affine forms in
w (one per k and sign), for the LP of :mod:`avagree.optimal`; :func:`contraction` and
:func:`averaging` evaluate them exactly. The synchronous model is the same model at q = n
(a = k for everyone). tests/unit/test_lstat.py checks the forms against explicit 0/1
executions and against the closed forms of :mod:`.exact`.

**Outside the class** (:func:`unbounded_gap`): a nonzero weight at a position p <= f is
unbounded in both quantities: f Byzantine values at -B fill positions 1 .. f of a receiver,
so its output is -B W + r with W = the weight on 1 .. f and r in [0, 1] (every other
received value is in [0, 1]), while a receiver given Byzantine values in [0, 1] outputs a value
in [0, 1]; the gap B W - 1 and, when every receiver gets -B, the error of the mean
B W - 1 grow without bound. Positions p >= q - f + 1 are the mirror image (+B).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Iterable, Mapping, Sequence

import sympy as sp

from avagree.errors import ParameterError

#: the quantities of the count model
QUANTITIES = ("contraction", "averaging")


@dataclass(frozen=True)
class Instance:
    """One (n, f, q, model) of the count model: ``h`` honest nodes, ``m`` honest values
    received, ``s`` honest values missed; ``positions`` the admissible ones, f + 1 .. q - f."""

    n: int
    f: int
    q: int
    model: str = "async"

    def __post_init__(self) -> None:
        for name in ("n", "f", "q"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool):
                raise ParameterError(name, value, "must be an integer")
        if self.model not in ("async", "sync"):
            raise ParameterError("model", self.model, "must be async or sync")
        if self.f < 0:
            raise ParameterError("f", self.f, "must be >= 0")
        if self.n - self.f < 2:
            raise ParameterError("n", self.n, f"needs n - f >= 2 honest nodes (f={self.f}): else Delta(in) = 0")
        if self.model == "sync" and self.q != self.n:
            raise ParameterError("q", self.q, f"the synchronous model has q = n = {self.n}")
        if self.model == "async" and not self.f < self.q <= self.n - self.f:
            raise ParameterError("q", self.q, f"asynchronous: needs f < q <= n - f = {self.n - self.f}")

    @property
    def h(self) -> int:
        return self.n - self.f

    @property
    def m(self) -> int:
        return self.q - self.f

    @property
    def s(self) -> int:
        return self.n - self.q

    @property
    def positions(self) -> range:
        """The admissible positions f + 1 .. q - f (empty when q <= 2f)."""
        return range(self.f + 1, self.q - self.f + 1)


@dataclass(frozen=True)
class Form:
    r"""An affine form in the weights, :math:`\sum_j c_j G(u_j) + b`: ``terms`` are (c_j, u_j),
    ``const`` is b. ``quantity`` (contraction or averaging), ``sign`` (+1: the highest outputs,
    -1: the lowest; contraction forms have sign 0) and ``k`` (honest ones) say which bracket."""

    quantity: str
    sign: int
    k: int
    terms: tuple[tuple[Fraction, int], ...]
    const: Fraction

    @property
    def label(self) -> str:
        return f"{self.quantity[0].upper()}{'+-'[self.sign < 0] if self.sign else ''}[k={self.k}]"

    def coefficients(self, q: int) -> list[Fraction]:
        """The coefficient of w_p for p = 1..q (index p - 1)."""
        out = [Fraction(0)] * q
        for c, u in self.terms:
            for p in range(q - u + 1, q + 1):
                out[p - 1] += c
        return out

    def at(self, tops: Sequence[Fraction]) -> Fraction:
        """The form's value, given ``tops[u]`` = G(u) for u = 0..q (:func:`top_sums`)."""
        return sum((c * tops[u] for c, u in self.terms), self.const)


def top_sums(weights: Sequence[Fraction]) -> list[Fraction]:
    """G(u) for u = 0..q: the weight on the top u positions (q - u + 1 .. q)."""
    out = [Fraction(0)]
    for w in reversed(weights):
        out.append(out[-1] + w)
    return out


def contraction_forms(inst: Instance) -> list[Form]:
    """G(min(k, m) + f) - G(max(0, k - s)) for k = 1..h - 1."""
    m, s, f = inst.m, inst.s, inst.f
    one = Fraction(1)
    return [Form("contraction", 0, k, ((one, min(k, m) + f), (-one, max(0, k - s))), Fraction(0))
            for k in range(1, inst.h)]


def averaging_forms(inst: Instance) -> list[Form]:
    """A+ (sign +1) then A- (sign -1), one form per k = 1..h - 1 each."""
    h, m, s, f = inst.h, inst.m, inst.s, inst.f
    up = [Form("averaging", 1, k, ((Fraction(k, h), min(k, m) + f), (Fraction(h - k, h), min(k, m - 1) + f)),
               Fraction(-k, h)) for k in range(1, h)]
    down = [Form("averaging", -1, k, ((Fraction(-k, h), max(1, k - s)), (Fraction(k - h, h), max(0, k - s))),
                 Fraction(k, h)) for k in range(1, h)]
    return up + down


def forms(inst: Instance, quantity: str) -> list[Form]:
    """The forms whose maximum is ``quantity`` (contraction or averaging)."""
    if quantity not in QUANTITIES:
        raise ParameterError("quantity", quantity, f"must be one of {', '.join(QUANTITIES)}")
    return contraction_forms(inst) if quantity == "contraction" else averaging_forms(inst)


def as_vector(weights: Sequence[object] | Mapping[int, object], q: int) -> list[Fraction]:
    """Weights as q exact Fractions (positions 1..q), from a sequence or a {position: weight}
    mapping; ParameterError unless they are q nonnegative rationals summing to 1."""
    if isinstance(weights, Mapping):
        if any(not isinstance(p, int) or not 1 <= p <= q for p in weights):
            raise ParameterError("weights", dict(weights), f"positions must be 1..{q}")
        vec = [Fraction(weights.get(p, 0)) for p in range(1, q + 1)]  # type: ignore[arg-type]
    else:
        if len(weights) != q:
            raise ParameterError("weights", list(weights), f"expected {q} weights (positions 1..q), got {len(weights)}")
        vec = [Fraction(w) for w in weights]  # type: ignore[arg-type]
    if any(w < 0 for w in vec) or sum(vec) != 1:
        raise ParameterError("weights", [str(w) for w in vec], "must be nonnegative and sum to 1")
    return vec


def bounded(weights: Sequence[Fraction], inst: Instance) -> bool:
    """True when every nonzero weight is on an admissible position (f + 1 .. q - f)."""
    return all(w == 0 or p in inst.positions for p, w in enumerate(weights, start=1))


def evaluate(weights: Sequence[object] | Mapping[int, object], inst: Instance, quantity: str) -> Fraction | None:
    """The exact one-round ``quantity`` of the L-statistic with these weights; None when unbounded."""
    vec = as_vector(weights, inst.q)
    if not bounded(vec, inst):
        return None
    tops = top_sums(vec)
    return max(form.at(tops) for form in forms(inst, quantity))


def contraction(weights: Sequence[object] | Mapping[int, object], inst: Instance) -> Fraction | None:
    """C(w): the exact sup of Delta(out)/Delta(in) over one round; None when unbounded."""
    return evaluate(weights, inst, "contraction")


def averaging(weights: Sequence[object] | Mapping[int, object], inst: Instance) -> Fraction | None:
    """A(w): the exact sup of |mean(out) - mean(in)|/Delta(in) over one round; None when unbounded."""
    return evaluate(weights, inst, "averaging")


def unbounded_gap(weights: Sequence[object], inst: Instance) -> dict[str, sp.Expr]:
    """The argument that a weight outside f + 1 .. q - f is unbounded, as sympy expressions in B
    (the Byzantine magnitude): the lower bounds B W - 1 on Delta(out) and on the error of the mean,
    W the weight on positions 1 .. f (or on q - f + 1 .. q, with +B), and their limits as
    B -> oo (oo when W > 0). Honest values are in [0, 1], so with f Byzantine values at -B
    (B > 0) a receiver's positions 1 .. f hold -B and the rest lie in [0, 1]."""
    vec = as_vector(weights, inst.q)
    B = sp.Symbol("B", positive=True)
    low = sum(vec[: inst.f], Fraction(0))
    high = sum(vec[inst.q - inst.f:], Fraction(0)) if inst.f else Fraction(0)
    W = sp.Rational(max(low, high))
    gap = B * W - 1
    return {"B": B, "W": W, "contraction_lower": gap, "averaging_lower": gap, "limit": sp.limit(gap, B, sp.oo)}


def canonical(weights: Iterable[Fraction]) -> str:
    """The weights as the comma-separated exact text of a rule string (``0,1/3,1/3,1/3,0``)."""
    return ",".join(str(Fraction(w)) for w in weights)
