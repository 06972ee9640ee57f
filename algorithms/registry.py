"""The registry of reference rules: the one list of :class:`~.rule.Rule` records.

Adding a rule is one module ending with its record plus one line here; every
engine, the CLI and docs/rules.md read the records (``avagree tables rules
--update docs/rules.md`` rewrites the table there, :func:`avagree.audit.tables.rules_table`,
and a test keeps the two equal). Beside the named rules, :func:`get_rule` builds the record
of an L-statistic given by its weights (``lstat:0,1/3,1/3,1/3,0``, :mod:`.lstatistic`) on the
fly, and the record of reduce-and-select with its step (``select:k=3``, :mod:`.select`); code that asks
whether a string names a rule goes through :func:`known`, not ``RULES``; :func:`built_on_the_fly` says
whether its record is built from the string, and :func:`at_instance` gives plain ``select`` its step
where n is known.
"""

from __future__ import annotations

from avagree.errors import RuleError

from .coordinatewise import CWTM, MEAN, MEDIAN, TRIMMED_MIDDLE
from .cva import CVA
from .krum import KRUM, MULTI_KRUM
from .lstatistic import is_weights_rule, weights_rule
from .mda import MDA, MDA_AVG
from .meamed import MEAMED
from .rule import Rule
from .select import SELECT, derived_step, is_select_string, rule_string, select_string_rule
from .winsorized import WINSORIZED_MEAN

#: name -> record, in the order `avagree rules` lists them
RULES: dict[str, Rule] = {
    r.name: r
    for r in [
        MEAN,
        MEDIAN,
        CWTM,
        TRIMMED_MIDDLE,
        MDA,
        MDA_AVG,
        CVA,
        KRUM,
        MULTI_KRUM,
        WINSORIZED_MEAN,
        MEAMED,
        SELECT,
    ]
}


def built_on_the_fly(name: object) -> bool:
    """Is ``name`` a rule string whose record :func:`get_rule` builds from the string: a weights rule
    (``lstat:...``) or reduce-and-select with its step (``select:k=K``)? Says nothing about its validity."""
    return is_weights_rule(name) or is_select_string(name)


def known(name: object) -> bool:
    """Does ``name`` name a rule of the registry: a registry name, or a rule string built on the fly
    (:func:`built_on_the_fly`; whether it is well formed is :func:`get_rule`'s to say)?"""
    return isinstance(name, str) and (name in RULES or built_on_the_fly(name))


def at_instance(name: object, n: int, f: int, q: int) -> object:
    """``name`` as an engine that knows (n, f, q) runs it: plain ``select`` becomes ``select:k=K`` with the
    derived step K = max(1, n - q + f) (:mod:`.select`); any other rule (or object) is returned as it is."""
    return rule_string(derived_step(n, f, q)) if name == SELECT.name else name


def get_rule(name: str) -> Rule:
    """The record of the registry rule ``name``, of the weights rule string ``lstat:W1,...,Wq``
    (:mod:`.lstatistic`) or of ``select:k=K`` (:mod:`.select`; ParameterError when malformed);
    :class:`RuleError` naming the known rules otherwise."""
    if is_weights_rule(name):
        return weights_rule(name)
    if is_select_string(name):
        return select_string_rule(name)
    try:
        return RULES[name]
    except (KeyError, TypeError):
        raise RuleError(f"rule={name!r}: unknown; known rules: {', '.join(RULES)}, or lstat:W1,...,Wq "
                        f"(an L-statistic by its weights), select:k=K (reduce-and-select with step K)") from None
