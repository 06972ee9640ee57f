"""Adversaries: the paper's constructions (:mod:`.paper`) as reusable attacks."""

from avagree.adversaries.paper import lemma16_split, theorem4_schedule, theorem5_mda, theorem7_split  # noqa: F401
