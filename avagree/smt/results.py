"""The results of the Z3 engine: :class:`CheckResult` (:func:`avagree.smt.decide`) and
:class:`WorstResult` (:func:`avagree.smt.worst`), and its three verdicts."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from avagree.harness.witness import Witness
from avagree.verdicts import Verdict

COUNTEREXAMPLE, PROVED, UNKNOWN = Verdict.COUNTEREXAMPLE, Verdict.PROVED, Verdict.UNKNOWN


@dataclass
class CheckResult:
    """A Z3 decision of one spec (:func:`avagree.smt.decide`).

    Fields:

    * ``verdict``: :data:`PROVED` (no execution in ``scope`` violates the spec),
      :data:`COUNTEREXAMPLE` (one does: ``witness``, replayed exactly through the
      reference rule) or :data:`UNKNOWN` (budget spent, wall-clock limit reached,
      solver incompleteness, or a model that did not replay; ``reason`` says which);
    * ``scope``: what the verdict covers and how to reproduce it: rule, n, f, q, d,
      model, rounds, spec, bound (as a string), strict, ties (the tie rule, ``"none"``
      for a rule without choices), rlimit (the budget in z3 resource units), seed, z3
      (its version), wlog (the normalisations made without loss of generality) and,
      for several rounds, method;
    * ``seconds``: the wall-clock time of the run;
    * ``reason``: why, in words (the argument of a proof, how a counterexample was
      replayed, or why the answer is unknown);
    * ``witness``: the counterexample as a :class:`~avagree.harness.witness.Witness`
      (None unless COUNTEREXAMPLE);
    * ``path``: the file the witness was saved to (None when it was not saved);
    * ``units``: the z3 resource units the run spent (``scope["rlimit"]`` is its budget).
    """

    verdict: str
    scope: dict[str, Any]
    seconds: float
    reason: str = ""
    witness: Witness | None = None
    path: str | None = None
    units: int = 0

    def as_json(self) -> dict[str, Any]:
        return {"verdict": self.verdict, "scope": self.scope, "seconds": round(self.seconds, 3), "reason": self.reason,
                "witness": self.path, "units": self.units}


@dataclass
class WorstResult:
    """The supremum of a one-round quantity (:func:`avagree.smt.worst`).

    Fields:

    * ``value``: the exact supremum (d = 1), a rational; None when unknown, unbounded, or in
      d >= 2 (see ``lower`` and ``upper``);
    * ``attained``: whether some execution attains ``value`` (else it is only approached);
    * ``exact``: whether ``value`` is z3's exact optimum (False when there is no value);
    * ``seconds``: the wall-clock time of the run;
    * ``scope``: what the value covers, as :attr:`CheckResult.scope` (``bound`` is ``"sup"``);
    * ``verdict``: :data:`PROVED` (the value, or the bounds in d >= 2, are proved; reason
      ``"unbounded"`` when there is no supremum) or :data:`UNKNOWN`;
    * ``witness``: the attaining execution, a contraction witness against every smaller factor
      (None unless an attained, positive contraction factor);
    * ``path``: the file the witness was saved to (None when it was not saved);
    * ``reason``: why, in words;
    * ``lower``, ``upper``: in d >= 2, the supremum lies in [lower, upper] (lower: the exact d = 1
      supremum; upper: proved in dimension d); None when not found, and always in d = 1;
    * ``units``: the z3 resource units the run spent (``scope["rlimit"]`` is its budget).
    """

    value: Fraction | None
    attained: bool
    exact: bool
    seconds: float
    scope: dict[str, Any]
    verdict: str
    witness: Witness | None = None
    path: str | None = None
    reason: str = ""
    lower: Fraction | None = None
    upper: Fraction | None = None
    units: int = 0

    def as_json(self) -> dict[str, Any]:
        out = {"verdict": self.verdict, "value": None if self.value is None else str(self.value), "attained": self.attained,
               "seconds": round(self.seconds, 3), "scope": self.scope, "reason": self.reason, "witness": self.path,
               "units": self.units}
        if self.lower is not None or self.upper is not None:
            out["lower"] = None if self.lower is None else str(self.lower)
            out["upper"] = None if self.upper is None else str(self.upper)
        return out

