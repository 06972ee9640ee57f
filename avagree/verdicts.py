"""The one vocabulary of verdicts, shared by the engines, the oracle and the audit.

Each vocabulary is a ``str``-valued enum: a member equals, hashes, prints,
formats and serialises to JSON exactly as the bare string it replaces
(``Verdict.PROVED == "PROVED"``), so reports, witness files and CLI output are
unchanged, and executors that pickle results (processes, Dask) carry them.

* :class:`Verdict`: what a decision procedure says about a specification in a
  stated scope (the Z3 engine, :mod:`avagree.smt`).
* :class:`ClaimVerdict`: what the audit says about a claim of the paper
  (:mod:`avagree.audit`), whatever engine produced the evidence.
* :class:`OracleStatus`: what the search oracle (:mod:`avagree.oracle`) says
  about one spec after a bounded search; ``HELD`` means "not violated in the
  executions tried", never a proof.
"""

from __future__ import annotations

from enum import Enum


class _Word(str, Enum):
    """A verdict word: a ``str`` whose ``str()`` and ``format()`` give its value."""

    def __str__(self) -> str:
        return self.value

    def __format__(self, spec: str) -> str:
        return format(self.value, spec)


class Verdict(_Word):
    """An engine's verdict on "every execution in the scope satisfies the spec".

    COUNTEREXAMPLE: an execution violating it, replayed exactly through the
    reference rule; PROVED: no execution in the scope violates it; UNKNOWN:
    time-out, solver incompleteness or an unsupported case, never a pass."""

    COUNTEREXAMPLE = "COUNTEREXAMPLE"
    PROVED = "PROVED"
    UNKNOWN = "UNKNOWN"


class ClaimVerdict(_Word):
    """The audit's verdict on a claim of the paper, in the stated scope.

    CONFIRMED: the evidence agrees with the paper; REFUTED: it contradicts the
    paper (with a witness file when the claim is about executions); UNKNOWN: no
    decision (a time-out, or a search that found nothing)."""

    CONFIRMED = "CONFIRMED"
    REFUTED = "REFUTED"
    UNKNOWN = "UNKNOWN"


class OracleStatus(_Word):
    """The search oracle's status for one spec: VIOLATED (a witness replayed
    exactly), HELD (not violated in the executions tried), NOT_EXERCISED (no
    execution tried met the spec's premise) or ERROR (the rule raised)."""

    VIOLATED = "violated"
    HELD = "held"
    NOT_EXERCISED = "not exercised"
    ERROR = "error"
