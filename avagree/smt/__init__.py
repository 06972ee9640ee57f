"""The Z3 engine: exact counterexamples, bounded proofs and exact worst cases.

:func:`decide` (the Z3 decision procedure; the search oracle is :func:`avagree.check`)
answers COUNTEREXAMPLE (replayed exactly and saved), PROVED (in a stated scope) or
UNKNOWN (time-out or unsupported); :func:`worst` computes the exact supremum of a
one-round quantity with z3's optimiser.

The names below are loaded on first use (PEP 562), so that importing a light
part of the package (:mod:`.limits` and :mod:`.questions`, for the command line's
help; :mod:`.results`) loads no z3.
"""

from __future__ import annotations

import importlib
from typing import Any

#: each public name and the module that defines it
_PUBLIC = {"COUNTEREXAMPLE": "results", "PROVED": "results", "UNKNOWN": "results", "CheckResult": "results",
           "WorstResult": "results", "decide": "engine", "supported": "rule_encodings", "worst": "engine"}
__all__ = list(_PUBLIC)


def __getattr__(name: str) -> Any:
    if name in _PUBLIC:
        module = importlib.import_module(f"avagree.smt.{_PUBLIC[name]}")
        return getattr(module, name)
    raise AttributeError(f"module 'avagree.smt' has no attribute {name!r}")
