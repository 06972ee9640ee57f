"""The scorecard (issue 28): rules by specs, each cell the search oracle's verdict
(:mod:`.card`), for registry rules, your own and whole libraries (:mod:`.libraries`:
ByzFL's aggregators in :mod:`.byzfl`, Flower's in :mod:`.flower`, used only when
installed); declared preconditions against what is found (:mod:`.preconditions`);
violations that depend on exact ties (:mod:`.ties`); text, Markdown, JSON and the
upstream reports (:mod:`.render`)."""

from .card import SCORECARD_SPECS, Cell, Scorecard, scorecard  # noqa: F401
from .libraries import LIBRARIES, get_library  # noqa: F401
