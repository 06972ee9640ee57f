"""Rounds to a target diameter from an exact one-round factor (issue 14, item 3).

Each round multiplies the honest diameter by at most the one-round worst factor F (whatever the
inputs), so T rounds multiply it by at most F**T, by induction on the rounds: the T below are upper
bounds on the rounds the worst case needs; for the rules of :data:`COMPOSED` the T-round worst case
is F**T (the composition families, :mod:`avagree.smt.compose_families`), so there they are exact. The paper's
N(t) (section 5.1 for MDA, eq. 169 for ICwTM) are built on its one-round bounds and on
ln(1 - x) <= -x; the counts here use the exact factor and exact integer comparisons.
"""

from __future__ import annotations

import math
from fractions import Fraction

#: what every count here is, for the JSON and the docs
KIND = ("upper bound: the one-round worst factor F to the power T bounds T rounds (induction on the "
        "diameter); whether T rounds' worst case reaches F**T is the composition question, not decided here")


#: the rules whose one-round lower-bound families compose (avagree.smt.compose_families, issue 29 item 3):
#: their T-round supremum is exactly F**T, so the counts are exact
COMPOSED = ("cwtm", "mda", "cva", "median", "trimmed-middle")
EXACT_KIND = ("exact: T rounds' worst case is F**T (the one-round family composes: its outputs are an increasing affine "
              "image of its inputs, so mapped onto each round's honest values it multiplies the diameter by F again; "
              "with the induction upper bound), so no fewer rounds reach the target in the worst case")


def rounds_below(factor: Fraction, target: Fraction) -> int | None:
    """The least T >= 0 with factor**T <= target (exact integer comparison); None when factor >= 1
    and target < 1 (no number of rounds reaches it)."""
    if target >= 1:
        return 0
    if factor >= 1:
        return None
    if factor == 0:
        return 1
    p, r = factor.numerator, factor.denominator
    guess = math.log(target.numerator / target.denominator) / math.log(p / r)  # float start, fixed exactly below
    T = max(0, math.floor(guess) - 1)
    while T > 0 and p ** (T - 1) * target.denominator <= r ** (T - 1) * target.numerator:
        T -= 1
    while p ** T * target.denominator > r ** T * target.numerator:
        T += 1
    return T


def rounds_to(factor: Fraction, t: int) -> int | None:
    """The least T with factor**T <= 2**-t. Each round multiplies the diameter by at most ``factor``, so
    T rounds multiply it by at most factor**T (by induction on the diameter): an upper bound on the
    rounds the worst case needs (whether the T-round worst case is factor**T is the composition
    question, not settled here). None when factor >= 1 and t >= 1."""
    return rounds_below(factor, Fraction(1, 2 ** t))


def rounds_to_delta2(factor: Fraction, t: int, h: int) -> int | None:
    """The least T with factor**T * 2 sqrt(h) <= 2**-t, i.e. factor**(2T) <= 1/(h 4**(t + 1)): the
    target of the paper's N_ICwTM(t) (eq. 190: Delta^cw_2 shrinks by the factor each round and Lemma 1
    converts between Delta_2 and Delta^cw_2 with 2 sqrt(h)). None when factor >= 1."""
    return rounds_below(factor * factor, Fraction(1, h * 4 ** (t + 1)))


def iteration_fields(rule: str, factor: Fraction | None, t: int, h: int) -> dict[str, object]:
    """``exact_iterations`` (rounds until Delta <= 2**-t Delta(in), d = 1 and each coordinate of a
    coordinate-wise rule) with ``exact_iterations_kind``; for cwtm also ``exact_iterations_icwtm_target``,
    the rounds to the target of the paper's N_ICwTM(t) (Delta_2 through Lemma 1's 2 sqrt(h))."""
    out: dict[str, object] = {"exact_iterations": None if factor is None else rounds_to(factor, t)}
    kind = EXACT_KIND if rule in COMPOSED else KIND
    out["exact_iterations_kind"] = (None if factor is None else kind if out["exact_iterations"] is not None
                                    else "none: the exact one-round factor is >= 1, no round count follows from it")
    if rule == "cwtm":
        out["exact_iterations_icwtm_target"] = None if factor is None else rounds_to_delta2(factor, t, h)
    return out
