"""Reference aggregation rules, float and exact, one :class:`Rule` record each.

Use :func:`avagree.harness.aggregate` for validated calls; the functions here take an
already validated (q, d) array. :data:`RULES` is the registry (:mod:`.registry`).
"""

from .coordinatewise import cwtm, mean, median, trimmed_middle  # noqa: F401
from .cva import cva  # noqa: F401
from .krum import krum, multi_krum  # noqa: F401
from .mda import mda, mda_subsets, mda_tie_outputs  # noqa: F401
from .registry import RULES, get_rule  # noqa: F401
from .rule import Rule  # noqa: F401
