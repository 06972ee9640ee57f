"""The search oracle: adversarial search for violations of the specs against any
rule (:mod:`.engine`, returning :mod:`.results`' ``Report``), every random execution
its searches draw (:mod:`.generators`), a plain random search (:mod:`.random_search`),
the multi-round search (:mod:`.rounds`), shrinking (:mod:`.shrink`) and failure text
(:mod:`.failure`), Hypothesis strategies (:mod:`.strategies`) and the pytest plugin
(:mod:`.pytest_plugin`)."""

from .engine import DEFAULT_SPECS, ORACLE_SPECS, check  # noqa: F401
from .results import Report, SpecResult  # noqa: F401
