"""Does a violation depend on an exact tie? (issue 28, item 5)

A rule that chooses by comparing (Krum's scores, MDA's diameters, the order
statistics of a median or a trimmed mean) breaks a tie by its own convention: the
first index, ``argpartition``'s order, or, for non-dyadic values such as 1/5, 2/5,
3/5, whichever way float rounding tips the comparison. A violation found at a tie
may then be a property of that convention, not of the rule.

:func:`tie_note` says so: the witness's received sets hold an exact tie (two equal
coordinates of different vectors, or two equal squared distances between different
pairs, compared exactly in rationals), and moving every input by a relative 1e-9 in
a few seeded random directions removes the violation in at least one of them.
"""

from __future__ import annotations

from fractions import Fraction
from itertools import combinations

import numpy as np

from avagree.harness.witness import Witness
from avagree.model.execution import Round, execute, make_delivery, received
from avagree.model.numbers import convert
from avagree.specs import SPECS

#: relative size of the perturbations, and how many are tried (seeded: the note is deterministic)
JITTER, TRIES = 1e-9, 8


def exact_ties(z: np.ndarray) -> list[str]:
    """The exact ties in one received (q, d) array of Fractions: equal coordinates of different
    vectors, equal squared distances of different pairs (each kind named once)."""
    rows = [tuple(r) for r in z.tolist()]
    found = []
    distinct = list(dict.fromkeys(rows))
    for k in range(z.shape[1]):
        values = [r[k] for r in distinct]
        if len(set(values)) < len(values):
            found.append(f"equal coordinate {k} of different vectors")
            break
    dist = [sum((Fraction(a) - Fraction(b)) ** 2 for a, b in zip(x, y)) for x, y in combinations(distinct, 2)]
    if len(set(dist)) < len(dist):
        found.append("equal distances between different pairs")
    return found


def tie_note(w: Witness, fn) -> str | None:
    """A note when ``w``'s violation depends on an exact tie (see the module), else None."""
    ties = []
    for rnd in w.rounds[:1]:
        for dl in rnd.deliveries:
            ties += exact_ties(received(w.honest, dl))
    if not ties:
        return None
    spec = SPECS[w.spec]
    x = convert(w.honest, "float")
    rnd = w.rounds[0]
    scale = max(1.0, float(np.max(np.abs(x))))
    rng = np.random.default_rng(0)
    for _ in range(TRIES):
        xs = x + rng.standard_normal(x.shape) * JITTER * scale
        dls = tuple(make_delivery(dl.honest, convert(dl.byzantine, "float") + rng.standard_normal(dl.byzantine.shape)
                                  * JITTER * scale if dl.byzantine.size else [], w.params.d, "float")
                    for dl in rnd.deliveries)
        try:
            ex = execute(fn, w.params, xs, [Round(dls)], mode="float")
        except Exception:
            continue
        holds, _ = spec.evaluate(ex, w.bound, w.spec_args)
        if holds:
            kinds = ", ".join(dict.fromkeys(ties))
            return (f"depends on an exact tie ({kinds}): moving the inputs by a relative {JITTER:g} "
                    f"removes the violation")
    return None
