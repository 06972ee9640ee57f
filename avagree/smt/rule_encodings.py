r"""The d = 1 Z3 encodings of the registry rules, registered by rule name.

A rule's record (:class:`avagree.algorithms.rule.Rule`) holds what runs (the
reference function, its tie rules and chooser); what Z3 needs of it is here. An
L-statistic (a fixed weighted sum of order statistics, :math:`y = \sum_p w_p
z_{(p)}`, given by the record's ``weights``) is encoded from its weights with no
entry below. Any other rule is encoded by the functions :data:`ENCODINGS` names for
it, one per tie rule it is encoded under: ``first`` (and a rule without ties) is
``(received, q, f) -> term``; ``adversary`` and ``average`` are ``(received, q,
f, constraints) -> term`` and append their side conditions to ``constraints``.

Every encoding must give exactly the reference output on every input
(``tests/engine/test_smt_encodings.py`` checks each one against the record's
reference function).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any, Callable

from avagree.algorithms.registry import RULES, built_on_the_fly, get_rule
from avagree.algorithms.rule import NO_TIES, Rule, Weights

if TYPE_CHECKING:
    import z3

    from avagree.smt.encode import Received

#: d = 1 encoding: (received, q, f) -> the rule's output as a z3 real term
Encoding = Callable[["Received", int, int], "z3.ArithRef"]
#: d = 1 encoding under ``ties="adversary"`` or ``"average"``: (received, q, f, constraints) -> term
ChoiceEncoding = Callable[["Received", int, int, list], "z3.ArithRef"]

#: rule name -> {tie rule: "module:function" in avagree.smt} for the rules that are not
#: L-statistics; named, not imported, so that asking which rules are encoded (``check
#: --help``) loads no z3
ENCODINGS: dict[str, dict[str, str]] = {
    "mda": {"first": "encode_mda:mda_line", "adversary": "encode_mda:mda_line_any", "average": "encode_mda:mda_line_average"},
    "mda-avg": {"average": "encode_mda:mda_line_average"},
    "cva": {"first": "encode_cva:cva_line", "adversary": "encode_cva:cva_line_any", "average": "encode_cva:cva_line_average"},
    "meamed": {"first": "encode_meamed:meamed_line"},
    "krum": {"first": "encode_krum:krum_line", "adversary": "encode_krum:krum_line_any",
             "average": "encode_krum:krum_line_average"},
    "multi-krum": {"first": "encode_krum:multi_krum_line", "adversary": "encode_krum:multi_krum_line_any",
                   "average": "encode_krum:multi_krum_line_average"},
}


#: rules whose encoding is nonlinear (Krum's scores are sums of squared differences): z3 decides them
#: with nlsat, whose units the budget charges :data:`avagree.smt.limits.NONLINEAR_WEIGHT` times over
NONLINEAR = frozenset({"krum", "multi-krum"})


def budget_weight(name: str) -> int:
    """How many times over the budget charges the z3 units of a problem of rule ``name``."""
    from avagree.smt.limits import NONLINEAR_WEIGHT

    return NONLINEAR_WEIGHT if name in NONLINEAR else 1


def lstat_encoding(weights: Weights) -> Encoding:
    r"""The encoding :math:`\sum_p w_p z_{(p)}` of the L-statistic with these weights."""

    def encode(rec: Received, q: int, f: int) -> z3.ArithRef:
        import z3

        return z3.Sum([z3.RealVal(w) * rec.order_stat(p) for p, w in weights(q, f).items()])

    return encode


def _table(rule: Rule) -> dict[str, Any]:
    if rule.weights is not None:
        return {NO_TIES: lstat_encoding(rule.weights)}
    return ENCODINGS.get(rule.name, {})


def _entry(rule: Rule, ties: str) -> Any:
    table = _table(rule)
    if ties in ("first", NO_TIES):
        return table.get("first", table.get(NO_TIES))
    return table.get(ties)


def encoding(rule: Rule, ties: str) -> Any:
    """The encoding of ``rule`` under the resolved tie rule ``ties`` (``first`` and
    :data:`NO_TIES` read the same entry), or None when it has none."""
    entry = _entry(rule, ties)
    if isinstance(entry, str):
        module, name = entry.split(":")
        return getattr(importlib.import_module(f"avagree.smt.{module}"), name)
    return entry


def encoded(rule: Rule, ties: str) -> bool:
    """Has ``rule`` a d = 1 Z3 encoding under the resolved tie rule ``ties``?"""
    return _entry(rule, ties) is not None


def encoded_ties(rule: Rule) -> tuple[str, ...]:
    """The tie rules ``rule`` is encoded under (:data:`NO_TIES` alone for a rule without ties)."""
    return tuple(t for t in (rule.ties or (NO_TIES,)) if encoded(rule, t))


def supported(name: str) -> bool:
    """Has the registry rule ``name`` a d = 1 encoding under some tie rule? A weights rule string
    (``lstat:...``) and ``select:k=K`` have one, from their weights (ParameterError when malformed)."""
    if built_on_the_fly(name):
        return bool(encoded_ties(get_rule(name)))
    return name in RULES and bool(encoded_ties(RULES[name]))


def output_term(rule: Rule, ties: str, rec: Received, q: int, f: int, constraints: list) -> z3.ArithRef:
    """The d = 1 Z3 term of the output under the resolved tie rule ``ties`` (side
    conditions of ``adversary`` and ``average`` appended to ``constraints``)."""
    enc = encoding(rule, ties)
    if enc is None:
        raise KeyError(f"{rule.name} has no d = 1 Z3 encoding under ties={ties}")
    return enc(rec, q, f, constraints) if ties in ("adversary", "average") else enc(rec, q, f)
