"""Build the witnesses that the paper's own constructions give, each replayed in
exact arithmetic before it is returned. ``avagree witnesses`` writes them; the
committed copies live in ``counterexamples/``. (The Z3 counterexamples of the
audit are the CLI's business, :mod:`avagree.cli.witnesses`: this module does not
depend on the audit, which depends on it.)"""

from __future__ import annotations

import time
from fractions import Fraction
from typing import Iterator

from avagree.adversaries import lemma16_split, theorem5_mda
from avagree.harness.aggregate import model_rule
from avagree.model.execution import execute
from avagree.harness.witness import Witness, from_execution


def _no_contraction(rule: str, built: tuple, found_by: str, t0: float, **notes: str) -> Witness:
    """Run a construction ``(params, family, rounds)`` exactly and keep it as a witness
    that one round does not strictly contract (refused unless it replays)."""
    params, family, rounds = built
    ex = execute(model_rule(rule), params, family, rounds, mode="exact")
    return from_execution(rule, ex, "contraction", Fraction(1), found_by, time.perf_counter() - t0,
                          {"strict": Fraction(1)}, **notes)


def theorem5_witnesses(fs=(1, 2, 3), rules=("mda", "mda-avg")) -> Iterator[tuple[str, Witness]]:
    """MDA at n = 6f - 1 does not contract (Theorem 5), for each tie rule."""
    for f in fs:
        for rule in rules:
            t0 = time.perf_counter()
            w = _no_contraction(rule, theorem5_mda(f, rounds=1), "paper:theorem5", t0,
                                claim="MDA contracts the honest diameter (asymptotic agreement); Theorem 5 says it can fail for n <= 6f - 1",
                                note="no contraction: Delta_2(out) >= Delta_2(in)")
            yield f"theorem5_{rule}_f{f}_n{w.params.n}.json", w


def split_witnesses(cases=((5, 1), (9, 2), (13, 3)), rule: str = "cwtm") -> Iterator[tuple[str, Witness]]:
    """CwTM at n = 4f + 1, q = n - f (asynchronous) does not contract: the split
    of Theorem 9's proof applies although q = 3f + 1 > 3f."""
    for n, f in cases:
        t0 = time.perf_counter()
        q = n - f
        w = _no_contraction(rule, lemma16_split(n, f, q, "async"), "paper:theorem9-split", t0,
                            claim="ICwTM achieves averaging agreement for n >= 4f + 1 (abstract, section 7)",
                            note="q - 2f <= floor(h/2): every honest node sees q - f copies of its own value")
        yield f"split_{rule}_f{f}_n{n}_q{q}.json", w


def all_paper_witnesses() -> Iterator[tuple[str, Witness]]:
    yield from theorem5_witnesses()
    yield from split_witnesses()

