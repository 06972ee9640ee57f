"""Quasi-unanimity (paper Lemmas 14 and 16) and per-coordinate validity.

* quasi-unanimity, literal (Lemma 14 as stated): whenever at least q - f of the
  vectors a receiver is delivered equal the same x, its output is x;
* quasi-unanimity with ``own=True`` (what the proofs support): the same, but only
  when the receiver's own vector is x. A receiver whose own vector differs knows
  that not every honest node started at x, and Lemma 14's argument does not
  apply to it (CVA violates the literal form for every n);
* validity: every output lies, per coordinate, within the range of the honest
  vectors of that round.

The records :data:`QUASI_UNANIMITY`, :data:`QUASI_UNANIMITY_OWN` and
:data:`VALIDITY` carry them to the engines.
"""

from __future__ import annotations

from collections import Counter
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Mapping

import numpy as np

from avagree.model.execution import Execution, received
from avagree.model.numbers import mode_of

from .base import Verdict
from .spec import Spec

if TYPE_CHECKING:
    import z3


#: In float mode, deviations below this fraction of the honest scale are rounding,
#: not violations (averaging q - f equal floats need not return them exactly).
FLOAT_RTOL = 1e-9


def _float_tol(ex: Execution) -> float:
    scale = max(1.0, float(np.abs(ex.inputs.astype(np.float64)).max()))
    return FLOAT_RTOL * scale


def quasi_unanimity(ex: Execution, own: bool = False) -> Verdict:
    """Exact mode compares exactly; float mode ignores deviations below
    ``FLOAT_RTOL`` times the honest scale."""
    p = ex.params
    exact = mode_of(ex.inputs) == "exact"
    tol2 = 0 if exact else _float_tol(ex) ** 2
    worst: Any = 0
    triggered = violations = 0
    where = ""
    for s, rnd in enumerate(ex.rounds):
        fam, out = ex.families[s], ex.families[s + 1]
        for j, dlv in enumerate(rnd.deliveries):
            z = received(fam, dlv)
            counts = Counter(tuple(row) for row in z.tolist())
            x, c = counts.most_common(1)[0]
            if c < p.q - p.f or (own and tuple(fam[j].tolist()) != x):
                continue
            triggered += 1
            diff = out[j] - np.array(x, dtype=out.dtype)
            dist2 = (diff * diff).sum()
            if dist2 > tol2:
                violations += 1
                if dist2 > worst:
                    worst, where = dist2, f"round {s + 1}, receiver {j}"
    detail = f"{triggered} receiver(s) saw >= q - f equal vectors; {violations} did not output that vector"
    if where:
        detail += f" (worst at {where})"
    return Verdict("quasi-unanimity-own" if own else "quasi-unanimity", violations == 0, worst, 0 * worst, "max squared distance of output to the unanimous value",
                   exact, detail)


def validity(ex: Execution) -> Verdict:
    """Every output within, per coordinate, the range of that round's honest vectors."""
    exact = mode_of(ex.inputs) == "exact"
    tol = 0 if exact else _float_tol(ex)
    worst: Any = 0
    where = ""
    for s in range(len(ex.rounds)):
        fam, out = ex.families[s], ex.families[s + 1]
        lo, hi = fam.min(axis=0), fam.max(axis=0)
        excess = np.maximum(lo - out, out - hi).max()
        if excess > worst:
            worst, where = excess, f"round {s + 1}"
    return Verdict("validity", worst <= tol, worst, 0 * worst, "max per-coordinate excursion outside the honest range",
                   exact, where)


# -- exact evaluation and the oracle's margins (no bound: these specs are exact properties) ----

def _evaluate_qu(ex: Execution, bound: Any, args: Mapping[str, Any]) -> tuple[bool, Any]:
    v = quasi_unanimity(ex)
    return v.holds, v.measured


def _evaluate_qu_own(ex: Execution, bound: Any, args: Mapping[str, Any]) -> tuple[bool, Any]:
    v = quasi_unanimity(ex, own=True)
    return v.holds, v.measured


def _evaluate_validity(ex: Execution, bound: Any, args: Mapping[str, Any]) -> tuple[bool, Any]:
    v = validity(ex)
    return v.holds, v.measured


def _qu_margin(v: Verdict) -> tuple[float, bool]:
    exercised = not v.detail.startswith("0 receiver")
    return (float(v.measured) if not v.holds else -1.0), exercised


def _margin_qu(ex: Execution, unit: Any) -> tuple[float, bool]:
    return _qu_margin(quasi_unanimity(ex))


def _margin_qu_own(ex: Execution, unit: Any) -> tuple[float, bool]:
    return _qu_margin(quasi_unanimity(ex, own=True))


def _margin_validity(ex: Execution, unit: Any) -> tuple[float, bool]:
    v = validity(ex)
    return float(v.measured) if not v.holds else -1.0, True


# -- the Z3 violations -----------------------------------------------------------------------

def _z3_qu_violation(prob: Any, own: bool) -> z3.BoolRef:
    import z3  # lazily: z3 takes ~0.5 s to import, and the oracle and replay, which load this module, never use it

    p = prob.params
    viol = []
    for r, sr in enumerate(prob.sym_rounds):
        for j, rec in enumerate(sr.received):
            y = prob.families[r + 1][j]
            els = rec.elements()
            for pa, va, _ in els:
                count = z3.Sum([z3.If(va == vb if pb is True else z3.And(pb, va == vb), 1, 0) for pb, vb, _ in els])
                cond = z3.And(count >= p.q - p.f, y != va)
                if own:
                    cond = z3.And(cond, rec.own == va)
                viol.append(cond if pa is True else z3.And(pa, cond))
    return z3.Or(viol)


def _z3_qu(prob: Any, bound: Fraction, strict: bool) -> z3.BoolRef:
    """A receiver delivered q - f equal values x whose output is not x."""
    return _z3_qu_violation(prob, own=False)


def _z3_qu_own(prob: Any, bound: Fraction, strict: bool) -> z3.BoolRef:
    """The same, for a receiver whose own value is x."""
    return _z3_qu_violation(prob, own=True)


def _z3_validity(prob: Any, bound: Fraction, strict: bool) -> z3.BoolRef:
    """An output outside the range of its round's honest inputs."""
    import z3  # lazily: z3 takes ~0.5 s to import, and the oracle and replay, which load this module, never use it

    viol = []
    for r in range(prob.rounds):
        fam, nxt = prob.families[r], prob.families[r + 1]
        lo, hi = fam[0], fam[0]  # with sorted round-1 inputs this is x_0 and x_{h-1}
        for v in fam[1:]:
            lo, hi = z3.If(v < lo, v, lo), z3.If(v > hi, v, hi)
        viol += [z3.Or(y < lo, y > hi) for y in nxt]
    return z3.Or(viol)


QUASI_UNANIMITY = Spec("quasi-unanimity", _evaluate_qu, _margin_qu, z3_violation=_z3_qu, z3_generic=1,
                       unanimous_search=True,
                       summary="Lemma 14 as stated: q - f equal delivered vectors x force the output x")

QUASI_UNANIMITY_OWN = Spec("quasi-unanimity-own", _evaluate_qu_own, _margin_qu_own, z3_violation=_z3_qu_own,
                           z3_generic=1, unanimous_search=True, fuzz_default=True,
                           summary="Lemma 14 as the proofs use it (Lemmas 14, 16): the same, when the receiver's own "
                                   "vector is x")

VALIDITY = Spec("validity", _evaluate_validity, _margin_validity, z3_violation=_z3_validity, z3_generic=1,
                fuzz_default=True,
                summary="every output inside the per-coordinate range of the honest vectors of its round")
