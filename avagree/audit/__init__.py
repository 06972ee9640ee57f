"""``avagree audit``: every claim of the paper the tool can check, checked.

Rows come from four engines:

* the paper's own constructions, built and replayed in exact arithmetic
  (committed witnesses under ``counterexamples/``);
* sympy checks of the constants, conditions and proof steps (``avagree.proofs``);
* the Z3 engine (``avagree.smt``): bounded proofs, exact counterexamples and
  exact worst cases, in d = 1;
* bounded random search where no decision procedure reaches (MDA in d >= 2).
  A search that finds nothing is UNKNOWN with its budget, never a pass.

Verdicts (:class:`avagree.verdicts.ClaimVerdict`): CONFIRMED (in the stated
scope), REFUTED (with evidence, and a witness file when the claim is about
executions), UNKNOWN.

The claims, with their ids and expected verdicts, are the catalogue
:data:`avagree.audit.claims.CLAIMS`; each audit row carries its claim's id.
"""

from avagree.audit.claims import CLAIMS, Claim, expected_counts  # noqa: F401
from avagree.audit.jobs import CONFIRMED, REFUTED, UNKNOWN, Row  # noqa: F401
from avagree.audit.runner import run_audit  # noqa: F401
