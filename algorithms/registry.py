"""The registry of reference rules: the one list of :class:`~.rule.Rule` records.

Adding a rule is one module ending with its record plus one line here; every
engine, the CLI and docs/rules.md read the records (:func:`markdown_table`
regenerates the table of docs/rules.md, and a test keeps the two equal).
"""

from __future__ import annotations

from avagree.errors import RuleError

from .coordinatewise import CWTM, MEAN, MEDIAN, TRIMMED_MIDDLE
from .cva import CVA
from .krum import KRUM, MULTI_KRUM
from .mda import MDA, MDA_AVG
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
    ]
}


def get_rule(name: str) -> Rule:
    """The record of the registry rule ``name``; :class:`RuleError` naming the known rules otherwise."""
    try:
        return RULES[name]
    except (KeyError, TypeError):
        raise RuleError(f"rule={name!r}: unknown; known rules: {', '.join(RULES)}") from None


def markdown_table() -> str:
    """The table of docs/rules.md, one row per record."""
    yes = {True: "yes", False: "-"}
    lines = ["| rule | title | section | needs | paper's claim | tie rules (default first) | Z3, d = 1 | Z3, plane "
             "| paper's constants | AVG_t | compiled kernel |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in RULES.values():
        z3_line = "L-statistic" if r.weights is not None else yes[r.encoding is not None]
        if r.ties:  # the tie rules it is encoded under
            z3_line = ", ".join(t for t in r.ties if r.encoded(t)) or "-"
        needs = r.min_q_text + (", own vector" if r.needs_own else "")
        ties = ", ".join([r.default_ties] + [t for t in r.ties if t != r.default_ties]) if r.ties else "-"
        lines.append(f"| `{r.name}` | {r.title} | {r.section} | {needs} | {r.claim} | {ties} | {z3_line} | {yes[r.geometric]} "
                     f"| {r.constants or '-'} | {yes[r.iterated]} | {r.kernel or '-'} |")
    return "\n".join(lines) + "\n"
