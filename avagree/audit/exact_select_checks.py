"""Audit checks of issue 25 items 1 and 3: reduce-and-select's exact one-round constants and the least ones over
the class of L-statistics, as closed forms proved for all parameters (:mod:`avagree.proofs.exact_select`, Z3
obligations in :mod:`avagree.smt.select_parametric`), both delivery models. Each holds only when every
obligation is proved; an undecided one makes the row UNKNOWN, never a pass."""

from __future__ import annotations

from typing import Callable

import sympy as sp

from avagree.proofs import exact_select as es
from avagree.proofs.check_record import Check
from avagree.smt.select_parametric import prove_form

WHAT = {"contraction": "Delta(out)/Delta(in)", "averaging": "|mean(out) - mean(in)|/Delta(in)"}


def statement(name: str, spec: str) -> str:
    """The audit row's text for the closed form of (``select`` | ``optimum``, spec)."""
    fm = es.form(name, spec)
    parts = "; ".join(f"{sp.sstr(fm.expression(model))} where {es.region_text(model)} ({model})"
                      for model in ("async", "sync"))
    if name == "select":
        return (f"one round of reduce-and-select (Dolev et al. 1986) with the derived step n - q + f, d = 1: the exact "
                f"supremum of {WHAT[spec]} is {parts}")
    return (f"over every L-statistic with weights on f + 1 .. q - f, d = 1, one round: the least supremum of "
            f"{WHAT[spec]} is {parts} (attained by {fm.attained_by})")


def _check(name: str, spec: str) -> Callable[[], Check]:
    def check() -> Check:
        obs = [ob for model in ("async", "sync") for ob in prove_form(name, spec, model)]
        fails = [ob.describe() for ob in obs if not ob.proved]
        undecided = bool(fails) and all(ob.status == "unknown" for ob in obs if not ob.proved)
        how = ("extremes, upper bound, attained family" if name == "select" else
               f"upper bound attained by {es.form(name, spec).attained_by}, parametric dual certificate")
        return Check(f"exact-{name}-{spec}", "closed form (issue 25)", statement(name, spec),
                     f"parameterised: Z3 decides the count model's obligations for all parameters ({len(obs)} "
                     f"obligations: {how}; docs/optimality.md)", not fails, fails, undecided=undecided)

    check.__name__ = f"check_exact_{name}_{spec}"
    check.__doc__ = f"The closed form of the one-round {spec} of {name}, proved for all parameters."
    return check


EXACT_SELECT_CHECKS: tuple[Callable[[], Check], ...] = tuple(
    _check(name, spec) for name in ("select", "optimum") for spec in es.SPECS)
