"""Quasi-unanimity (paper Lemmas 14 and 16) and per-coordinate validity.

* quasi-unanimity, literal (Lemma 14 as stated): whenever at least q - f of the
  vectors a receiver is delivered equal the same x, its output is x;
* quasi-unanimity with ``own=True`` (what the proofs support): the same, but only
  when the receiver's own vector is x. A receiver whose own vector differs knows
  that not every honest node started at x, and Lemma 14's argument does not
  apply to it (CVA violates the literal form for every n);
* validity: every output lies, per coordinate, within the range of the honest
  vectors of that round.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import numpy as np

from avagree.model.execution import Execution, received
from avagree.model.numbers import mode_of

from .base import Verdict


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
