"""The registry of reference rules: the one list of :class:`~.rule.Rule` records.

Adding a rule is one module ending with its record plus one line here; every
engine, the CLI and docs/rules.md read the records (``avagree tables rules
--update docs/rules.md`` rewrites the table there, :func:`avagree.audit.tables.rules_table`,
and a test keeps the two equal).
"""

from __future__ import annotations

from avagree.errors import RuleError

from .coordinatewise import CWTM, MEAN, MEDIAN, TRIMMED_MIDDLE
from .cva import CVA
from .krum import KRUM, MULTI_KRUM
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


def get_rule(name: str) -> Rule:
    """The record of the registry rule ``name``; :class:`RuleError` naming the known rules otherwise."""
    try:
        return RULES[name]
    except (KeyError, TypeError):
        raise RuleError(f"rule={name!r}: unknown; known rules: {', '.join(RULES)}") from None
