"""Adversaries: the paper's constructions (:mod:`.paper`) as reusable attacks,
the split shared by several of them (:mod:`.split`), the attacks people run
against robust aggregators (:mod:`.attacks`) and the witnesses the paper's
constructions give (:mod:`.witnesses`)."""

from avagree.adversaries.paper import lemma16_split, theorem4_schedule, theorem5_mda, theorem7_split  # noqa: F401
