"""Audit rows of Z3's worst cases against the paper's bounds: the exact supremum in d = 1
(:func:`worst_row`) and bounds on it in dimension d >= 2 (:func:`plane_worst_row`)."""

from __future__ import annotations

from typing import Any

import sympy as sp

from avagree.audit.row import CONFIRMED, REFUTED, UNKNOWN, Row
from avagree.smt import PROVED


def worst_row(r: Any, claim: str, paper: str, n: int, f: int, q: int, model: str) -> Row:
    rule = r.scope["rule"]
    bound = sp.nsimplify(paper)
    params = {"rule": rule, "n": n, "f": f, "q": q, "d": 1, "model": model, "ties": r.scope["ties"]}
    if r.verdict != PROVED or r.value is None:
        return Row(claim, params, UNKNOWN, f"Z3: {r.reason}", r.seconds, group="z3")
    val = sp.Rational(r.value.numerator, r.value.denominator)
    under = "" if r.scope["ties"] == "none" else f" under ties={r.scope['ties']}"
    kind = "max" if r.attained else f"sup (not attained{under})"
    if val <= bound:
        tight = "tight" if val == bound else f"slack {sp.nsimplify(bound - val)}"
        return Row(claim, params, CONFIRMED, f"exact {kind} = {val} <= paper's {bound} ({tight})", r.seconds,
                   "one round, d = 1 (Z3 optimum, exact)", group="z3", data={"worst": str(val), "paper": str(bound)})
    return Row(claim, params, REFUTED, f"exact {kind} = {val} > paper's {bound}", r.seconds, "one round, d = 1",
               group="z3", data={"worst": str(val), "paper": str(bound)})


def plane_worst_row(r: Any, claim: str, paper: str, n: int, f: int, q: int, model: str, d: int) -> Row:
    """Bounds [lower, upper] on the supremum in dimension d (lower: the exact d = 1 supremum under the row's
    tie rule; upper: proved in dimension d for every tie rule) against the paper's bound."""
    bound = sp.nsimplify(paper)
    params = {"rule": r.scope["rule"], "n": n, "f": f, "q": q, "d": d, "model": model, "ties": r.scope["ties"]}
    lower, upper = r.lower, r.upper
    data = {"lower": None if lower is None else str(lower), "upper": None if upper is None else str(upper),
            "paper": str(bound)}
    if lower is not None and sp.Rational(lower.numerator, lower.denominator) > bound:
        return Row(claim, params, REFUTED, f"sup >= {lower} (the d = 1 supremum, embedded) > paper's {bound}",
                   r.seconds, f"one round, d = {d}", group="z3", data=data)
    if r.verdict != PROVED or upper is None:
        return Row(claim, params, UNKNOWN, f"Z3: {r.reason}", r.seconds, group="z3", data=data)
    up = sp.Rational(upper.numerator, upper.denominator)
    exact = f"sup = {upper} exactly" if upper == lower else f"sup in [{lower}, {upper}]"
    if up <= bound:
        tight = "tight" if up == bound and upper == lower else f"slack at most {sp.nsimplify(bound - up)}"
        return Row(claim, params, CONFIRMED, f"{exact} <= paper's {bound} ({tight})", r.seconds,
                   f"one round, d = {d} (upper bound proved for every tie rule)", group="z3", data=data)
    return Row(claim, params, UNKNOWN, f"{exact}: the upper bound proved is above the paper's {bound}", r.seconds,
               group="z3", data=data)
