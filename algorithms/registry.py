"""The registry of reference rules: the one list of :class:`~.rule.Rule` records.

Adding a rule is one module ending with its record plus one line here; every
engine, the CLI and docs/rules.md read the records (``avagree tables rules
--update docs/rules.md`` rewrites the table there, :func:`avagree.audit.tables.rules_table`,
and a test keeps the two equal). Beside the named rules, :func:`get_rule` builds the record
of an L-statistic given by its weights (``lstat:0,1/3,1/3,1/3,0``, :mod:`.lstatistic`) on the
fly; code that asks whether a string names a rule goes through :func:`known`, not ``RULES``.
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
    ]
}


def known(name: object) -> bool:
    """Does ``name`` name a rule of the registry: a registry name, or a weights rule string
    (``lstat:...``; whether it is well formed is :func:`get_rule`'s to say)?"""
    return isinstance(name, str) and (name in RULES or is_weights_rule(name))


def get_rule(name: str) -> Rule:
    """The record of the registry rule ``name``, or of the weights rule string ``lstat:W1,...,Wq``
    (:mod:`.lstatistic`; ParameterError when malformed); :class:`RuleError` naming the known rules otherwise."""
    if is_weights_rule(name):
        return weights_rule(name)
    try:
        return RULES[name]
    except (KeyError, TypeError):
        raise RuleError(f"rule={name!r}: unknown; known rules: {', '.join(RULES)}, or lstat:W1,...,Wq "
                        f"(an L-statistic by its weights)") from None
