"""Executable specifications: each evaluates a concrete execution and returns a
:class:`~avagree.specs.base.Verdict` (measured, bound, margin; exact in exact mode),
and each is described to the engines by one :class:`~avagree.specs.spec.Spec` record.

:data:`SPECS` is the one registration list. Adding a spec: write its module
(the evaluation, the oracle's margin, optionally the Z3 violation, and its
``Spec`` record) and add one line below.
"""

from .agreement import CONTRACTION, CW_CONTRACTION, STRICT_CONTRACTION, contraction, cw_contraction  # noqa: F401
from .averaging import AVERAGING, averaging  # noqa: F401
from .base import Verdict  # noqa: F401
from .spec import Spec
from .unanimity import QUASI_UNANIMITY, QUASI_UNANIMITY_OWN, VALIDITY, quasi_unanimity, validity  # noqa: F401

SPECS: dict[str, Spec] = {s.name: s for s in (
    CONTRACTION,
    STRICT_CONTRACTION,
    CW_CONTRACTION,
    AVERAGING,
    QUASI_UNANIMITY,
    QUASI_UNANIMITY_OWN,
    VALIDITY,
)}
"""Every specification by name, in the order the CLI lists them."""

#: the specs the Z3 engine decides (those with a Z3 violation predicate), in that order
Z3_SPECS: tuple[str, ...] = tuple(name for name, s in SPECS.items() if s.z3_violation is not None)
