"""The search oracle: adversarial search for violations of the specs against any
rule (:mod:`.engine`), a plain random search (:mod:`.random_search`), Hypothesis
strategies (:mod:`.strategies`) and the pytest plugin (:mod:`.pytest_plugin`)."""

from .engine import DEFAULT_SPECS, ORACLE_SPECS, Report, SpecResult, check  # noqa: F401
