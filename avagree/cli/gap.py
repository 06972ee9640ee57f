"""The gap to the class optimum (issue 25, item 4), as ``formula`` and ``constants`` print it beside a
rule's exact one-round factor: the certified least value over the L-statistics with weights on
f + 1 .. q - f (:func:`avagree.optimal.gap.class_optimum`) and the exact ratio rule/optimum, with
the scope in the text and the JSON. An optimum without an exact certificate is UNKNOWN, never a number."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from avagree.cli.common import exact

#: the registry rules with closed forms that are not L-statistics, and what comparing them with the class means
NOT_LSTAT = {"mda": "MDA", "mda-avg": "MDA", "cva": "CVA"}


def not_lstat_note(rule: str) -> str:
    """The note of a comparison of a rule that is not an L-statistic (MDA, CVA) with the class."""
    name = NOT_LSTAT[rule]
    return (f"{name} is not an L-statistic: its exact d = 1 one-round value is compared with the least value over "
            f"the L-statistics; in d >= 2 {name}'s factor bounds Delta_2 while a coordinate-wise rule's factor bounds "
            f"each coordinate's diameter")
#: the words of each quantity
WORDS = {"contraction": "contraction factor", "averaging": "averaging error"}


def rule_value(rule: str, quantity: str, n: int, f: int, q: int, model: str) -> Fraction | None:
    """The rule's exact one-round value at the instance: its closed form (:mod:`avagree.proofs.exact`, MDA's
    contraction from :mod:`avagree.proofs.exact_mda`) where there is one, else, for an L-statistic of the
    registry (a rule with ``weights``), the count model (:mod:`avagree.proofs.lstat`); None otherwise."""
    from avagree.algorithms import get_rule
    from avagree.proofs import exact, lstat

    if rule in NOT_LSTAT or any(r == rule for r, _ in exact.FORMS):
        return exact.closed_value(rule, quantity, n, f, q, model)
    if rule == "mean":
        return exact.exact_value(rule, quantity, n, f, q, model)
    record = get_rule(rule)
    if record.weights is None:
        return None
    record.check_q(q, f)
    return lstat.evaluate(record.weights(q, f), lstat.Instance(n, f, q, model), quantity)


def gap_json(rule: str, values: dict[str, Fraction | None], n: int, f: int, q: int, model: str) -> dict[str, Any]:
    """The JSON field ``class_optimum``: the scope, and per quantity of ``values`` the rule's exact value,
    the certified optimum (``verdict`` PROVED, UNKNOWN without a certificate, EMPTY when the class is empty)
    and their exact ratio."""
    from avagree.optimal.gap import class_optimum, ratio

    opt = class_optimum(n, f, q, model)
    out: dict[str, Any] = {"class": "L-statistics with weights on positions f+1..q-f", "d": 1, "rounds": 1,
                           "n": n, "f": f, "q": q, "model": model, "scope": opt.scope,
                           "coordinatewise": "for a coordinate-wise rule the values hold for each coordinate's "
                                             "diameter Delta^cw[i] and each coordinate of the mean, in any d"}
    if rule in NOT_LSTAT:
        out["note"] = not_lstat_note(rule)
    if opt.reason:
        out["reason"] = opt.reason
    if opt.failures:
        out["failures"] = opt.failures
    for quantity, value in values.items():
        best = opt.value(quantity)
        out[quantity] = {"verdict": opt.verdict(quantity), **exact("rule_value", value), **exact("optimum", best),
                         **exact("ratio", ratio(value, best))}
    return out


def gap_lines(rule: str, doc: dict[str, Any]) -> list[str]:
    """The text lines of :func:`gap_json`'s ``doc``: one per quantity, then the scope."""
    out = []
    for quantity in WORDS:
        if quantity not in doc:
            continue
        g = doc[quantity]
        if g["verdict"] == "EMPTY":
            best = f"none ({doc['reason']})"
        elif g["verdict"] == "UNKNOWN":
            best = f"UNKNOWN ({'; '.join(doc.get('failures', [])) or 'no exact certificate'})"
        else:
            best = f"{g['optimum']} (~{g['optimum_float']:.6g})"
        if g["ratio"] is not None:
            rat = f"{rule}/optimum = {g['ratio']} (~{g['ratio_float']:.6g})"
        elif g["rule_value"] is None:
            rat = f"{rule}: no finite exact value here (unbounded, or outside its closed forms' regions)"
        else:
            rat = f"{rule}/optimum: -" if g["optimum"] is None else f"{rule}/optimum: unbounded (the optimum is 0)"
        out.append(f"  least {WORDS[quantity]} over the class: {best};  {rat}")
    out.append(f"  [{doc['scope']}]")
    if "note" in doc:
        out.append(f"  [{doc['note']}]")
    return out
