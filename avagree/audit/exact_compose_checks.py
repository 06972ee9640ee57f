"""Audit check of the composition families (issue 29, item 3; :mod:`avagree.smt.compose_families`): the
one-round lower-bound families of CwTM, MDA and CVA are by kind, so mapped onto the current honest values
round after round they give exactly c^T after T rounds; replayed through the reference rules in exact
arithmetic on a grid."""

from __future__ import annotations

from typing import Callable

from avagree.proofs.check_record import Check

COMPOSE_STATEMENT = ("T rounds of CwTM, MDA or CVA in d = 1 (a fresh adversary each round): the exact supremum of "
                     "Delta_T/Delta_0 is c^T, c the exact one-round factor, for every T and every n, f, q of the "
                     "closed forms with c > 0 (attained under ties=adversary and by CwTM, approached under "
                     "ties=first), so the round counts from the exact factor are exact")
GRID = ((1, range(3, 10)), (2, range(5, 15)))
GRID_TEXT = "f = 1, 3 <= n <= 9 and f = 2, 5 <= n <= 14, every q of a bounded closed form and q = n, T = 2, 3"


def check_composition_families() -> Check:
    """The composed families replay to c^T (adversary) and to g^T, g their one-round gap <= c (first)."""
    from avagree.smt.compose_families import composed_ratio, exact_factor

    fails, count = [], 0
    for F, ns in GRID:
        for N in ns:
            for Q, model in [*((Q, "async") for Q in range(F + 1, N - F + 1)), (N, "sync")]:
                for rule in ("cwtm", "mda", "cva"):
                    c = exact_factor(rule, N, F, Q, model)
                    if c is None or c <= 0:
                        continue
                    g = composed_ratio(rule, N, F, Q, model, 1, "first")
                    for T in (2, 3):
                        count += 1
                        got = (composed_ratio(rule, N, F, Q, model, T), composed_ratio(rule, N, F, Q, model, T, "first"))
                        if got != (c ** T, g ** T) or g > c:
                            fails.append(f"{rule} n={N} f={F} q={Q} {model} T={T}: {got[0]} (c^T = {c ** T}), "
                                         f"first {got[1]} (g^T = {g ** T})")
    return Check("composition-families", "composition (issue 29, item 3)", COMPOSE_STATEMENT,
                 "the one-round families are by kind (outputs c x + y_0, proved with the closed forms for symbolic "
                 "n, f, q) and the rules and their choices commute with x -> a x + b, a > 0; replayed through the "
                 f"reference rules in exact arithmetic over {GRID_TEXT}", not fails, fails,
                 f"{count} (rule, n, f, q, T) replayed; docs/closed_forms.md, composition")


EXACT_COMPOSE_CHECKS: tuple[Callable[[], Check], ...] = (check_composition_families,)
