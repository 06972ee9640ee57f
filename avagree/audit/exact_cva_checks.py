"""Audit check of CVA's closed form (:mod:`avagree.proofs.exact_cva`, issue 29 item 5): the Z3
obligations of :mod:`avagree.smt.cva_parametric`, and that its upper piece is the factor
:data:`avagree.proofs.cva.FACTOR_5F` the CVA table found everywhere it computed."""

from __future__ import annotations

from typing import Callable

import sympy as sp

from avagree.smt.cva_parametric import prove_cva

from avagree.proofs import cva, exact_cva
from avagree.proofs.check_record import Check
from avagree.proofs.symbols import f, h, n

CVA_STATEMENT = ("one round of CVA in d = 1: the exact supremum of Delta(out)/Delta(in) is (5f + h - q)/(q - f) when "
                 "2q >= n + 3f, (q + f)/(q - f) when 2f + 1 <= q and 2q <= n + 3f, (3q - 3f - 2)/(q - f) when "
                 "f + 1 <= q <= 2f (async); 4f/(n - f) when n >= 3f, else 2 (sync, n - f >= 2); for f >= 1, every tie "
                 "rule bounded by it, attained under ties=adversary, approached under ties=first")


def check_exact_cva_contraction() -> Check:
    """CVA's closed form: Z3's obligations (pairing upper bounds, the family, its pieces), both models,
    and the identity of its upper piece with avagree's FACTOR_5F."""
    obs = prove_cva()
    same = sp.simplify(cva.FACTOR_5F.subs(h, n - f) - exact_cva.FIVE_F) == 0
    fails = [ob.describe() for ob in obs if not ob.proved] + ([] if same else ["the upper piece is not FACTOR_5F"])
    undecided = bool(fails) and same and all(ob.status == "unknown" for ob in obs if not ob.proved)
    return Check("exact-cva-contraction", "Section 5.4, closed form (issue 29)", CVA_STATEMENT,
                 f"parameterised: Z3 decides the pairing argument's arithmetic, the lower-bound family's deliveries and "
                 f"gap, and the pieces, for symbolic f, n - q, q - f ({len(obs)} obligations; docs/closed_forms.md, CVA)",
                 not fails, fails, "the paper's CVA conditions imply 2q >= n + 5f, inside the (5f + h - q)/(q - f) piece",
                 undecided=undecided)


EXACT_CVA_CHECKS: tuple[Callable[[], Check], ...] = (check_exact_cva_contraction,)
