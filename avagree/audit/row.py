"""One line of the audit report (:class:`Row`) and the audit's three verdicts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from avagree.verdicts import ClaimVerdict

CONFIRMED, REFUTED, UNKNOWN = ClaimVerdict.CONFIRMED, ClaimVerdict.REFUTED, ClaimVerdict.UNKNOWN


@dataclass
class Row:
    """One line of the audit report: the claim, the scope checked, the verdict and its evidence."""

    claim: str
    params: dict[str, Any]
    verdict: ClaimVerdict
    evidence: str
    seconds: float
    scope: str = ""
    witness: str | None = None
    details: list[str] = field(default_factory=list)
    group: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    id: str = ""
