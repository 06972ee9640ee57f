"""Contraction and asymptotic agreement (paper Definition 2, Lemmas 12 and 15).

* ``contraction(ex, c)``: Delta_2(last family) <= c * Delta_2(first family), checked as
  Delta_2(out)^2 <= c^2 Delta_2(in)^2. Over one round this is a one-round
  contraction factor; over the N rounds of AVG_t with c = 2^-t it is Definition 2.
* ``cw_contraction(ex, c)``: the same for every coordinate-wise diameter,
  Delta^cw(out)[i] <= c Delta^cw(in)[i] (Lemma 15's form).

The records :data:`CONTRACTION`, :data:`STRICT_CONTRACTION` and
:data:`CW_CONTRACTION` carry them to the engines.
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING, Any, Mapping


from avagree.model.diameters import cw_diameter, diameter_pow
from avagree.model.execution import Execution
from avagree.model.numbers import mode_of

from .base import Verdict
from .spec import Spec

if TYPE_CHECKING:
    import z3


def _ratio(num: Any, den: Any) -> Any:
    if den == 0:
        return 0 if num == 0 else float("inf")
    return num / den


def contraction(ex: Execution, c: Any = 1, *, strict: bool = False) -> Verdict:
    """Delta_2(out) <= c Delta_2(in); with ``strict`` the bound is "<" (real contraction)."""
    exact = mode_of(ex.inputs) == "exact"
    c2 = Fraction(c) ** 2 if exact else float(c) ** 2
    din, dout = diameter_pow(ex.inputs, 2), diameter_pow(ex.outputs, 2)
    measured = _ratio(dout, din)
    holds = dout < c2 * din if strict else dout <= c2 * din
    if strict and din == 0:
        holds = dout == 0
    return Verdict("contraction", bool(holds), measured, c2, "(Delta_2(out)/Delta_2(in))^2", exact,
                   f"{len(ex.rounds)} round(s), factor c = {c}{' (strict)' if strict else ''}")


def cw_contraction(ex: Execution, c: Any = 1) -> Verdict:
    """Delta^cw(out)[i] <= c Delta^cw(in)[i] for every coordinate i (Lemma 15's form)."""
    exact = mode_of(ex.inputs) == "exact"
    cc = Fraction(c) if exact else float(c)
    din, dout = cw_diameter(ex.inputs), cw_diameter(ex.outputs)
    worst: Any = 0
    holds = True
    for a, b in zip(din.tolist(), dout.tolist()):
        if b > cc * a:
            holds = False
        worst = max(worst, _ratio(b, a))
    return Verdict("cw-contraction", holds, worst, cc, "max_i Delta^cw(out)[i]/Delta^cw(in)[i]", exact,
                   f"{len(ex.rounds)} round(s)")


# -- exact evaluation (bound c^2; strict asks for real contraction) ---------------------------

def _evaluate_contraction(ex: Execution, bound: Any, args: Mapping[str, Any]) -> tuple[bool, Any]:
    v = contraction(ex, 1)
    holds = v.measured < bound if args.get("strict") else v.measured <= bound
    return holds, v.measured


def _evaluate_strict_contraction(ex: Execution, bound: Any, args: Mapping[str, Any]) -> tuple[bool, Any]:
    return _evaluate_contraction(ex, bound, {**args, "strict": Fraction(1)})


def _evaluate_cw_contraction(ex: Execution, bound: Any, args: Mapping[str, Any]) -> tuple[bool, Any]:
    v = cw_contraction(ex, bound if mode_of(ex.inputs) == "exact" else float(bound))
    return v.holds, v.measured


# -- the oracle's margins ------------------------------------------------------------------

def _margin_contraction(ex: Execution, unit: Any) -> tuple[float, bool]:
    return float(contraction(ex, 1).measured) - float(unit), True


def _margin_strict_contraction(ex: Execution, unit: Any) -> tuple[float, bool]:
    # violated when Delta(out) >= c Delta(in): margin 0 already counts
    m = float(contraction(ex, 1).measured) - float(unit)
    return (m + 1e-300 if m >= 0 else m), True


def _margin_cw_contraction(ex: Execution, unit: Any) -> tuple[float, bool]:
    return float(cw_contraction(ex, 1).measured) - float(unit), True


# -- the Z3 violation (d = 1, inputs normalised to min 0 and diameter 1) ----------------------

def _z3_contraction(prob: Any, bound: Fraction, strict: bool) -> z3.BoolRef:
    """Two outputs more than c apart (at least c apart when ``strict``): with the
    inputs' diameter normalised to 1, Delta(out) > c Delta(in)."""
    import z3  # lazily: z3 takes ~0.5 s to import, and the oracle and replay, which load this module, never use it

    out = prob.families[-1]
    c = z3.RealVal(bound)
    m = len(out)
    # two generic receivers are interchangeable: one ordered pair suffices
    idx = [(0, 1)] if prob.generic == 2 else [(j, k) for j in range(m) for k in range(m) if j != k]
    pairs = [(out[j] - out[k] >= c) if strict else (out[j] - out[k] > c) for j, k in idx]
    return z3.Or(pairs) if pairs else z3.BoolVal(False)


CONTRACTION = Spec(
    "contraction", _evaluate_contraction, _margin_contraction, squared=True, default_bound=Fraction(1),
    z3_violation=_z3_contraction, z3_normalised=True, z3_generic=2, fuzz_default=True,
    summary="Delta_2(out) <= c Delta_2(in), --bound c, strict at c = 1 (no contraction at all is a violation); "
            "Definition 2, Lemma 12")

STRICT_CONTRACTION = Spec(
    "strict-contraction", _evaluate_strict_contraction, _margin_strict_contraction, squared=True,
    default_bound=Fraction(1), strict=True, witness_spec="contraction", fuzz_default=True,
    summary="Delta_2(out) < c Delta_2(in) at any c (with c = 1: the rule contracts at all)")

CW_CONTRACTION = Spec("cw-contraction", _evaluate_cw_contraction, _margin_cw_contraction, default_bound=Fraction(1),
                      summary="Delta^cw(out)[i] <= c Delta^cw(in)[i] for every coordinate i (Lemma 15)")
