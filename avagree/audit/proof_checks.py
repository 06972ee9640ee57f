"""Every proof-step check the audit runs, in report order, one list.

The sympy checks of the paper's steps live in :mod:`avagree.proofs` (pure sympy);
the checks of the closed forms decide Z3 obligations, so they live here, beside
the audit (:mod:`.exact_checks`, :mod:`.exact_mda_checks`). Each proof-step row
of the catalogue names one of these functions (``tests/unit/test_claims.py``
keeps the two lists equal).
"""

from __future__ import annotations

from typing import Callable

from avagree.audit.exact_checks import EXACT_CHECKS
from avagree.audit.exact_compose_checks import EXACT_COMPOSE_CHECKS
from avagree.audit.exact_cva_checks import EXACT_CVA_CHECKS
from avagree.audit.exact_mda_checks import EXACT_MDA_CHECKS
from avagree.audit.exact_select_checks import EXACT_SELECT_CHECKS
from avagree.proofs.check_record import Check
from avagree.proofs.checks import PAPER_CHECKS
from avagree.proofs.cva_checks import CVA_CHECKS
from avagree.proofs.scope_checks import SCOPE_CHECKS

#: sections 4-7, the closed forms of issue 14, CVA and the scope checks of issue 15, MDA's closed form, CVA's
#: closed form and the composition families (issue 29), select's and the class optimum's closed forms (issue 25)
ALL_CHECKS: tuple[Callable[[], Check], ...] = (*PAPER_CHECKS, *EXACT_CHECKS, *CVA_CHECKS, *SCOPE_CHECKS,
                                               *EXACT_MDA_CHECKS, *EXACT_CVA_CHECKS,
                                               *EXACT_COMPOSE_CHECKS, *EXACT_SELECT_CHECKS)


def by_name(name: str) -> Callable[[], Check]:
    """The check function called ``name``."""
    return {c.__name__: c for c in ALL_CHECKS}[name]
