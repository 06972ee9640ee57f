"""Executable specifications: each evaluates a concrete execution and returns a
:class:`~avagree.specs.base.Verdict` (measured, bound, margin; exact in exact mode)."""

from .agreement import contraction, cw_contraction  # noqa: F401
from .averaging import averaging  # noqa: F401
from .base import Verdict  # noqa: F401
from .unanimity import quasi_unanimity, validity  # noqa: F401

SPECS = ("contraction", "cw-contraction", "averaging", "quasi-unanimity", "quasi-unanimity-own", "validity")
