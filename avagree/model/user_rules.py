"""Turn any aggregation rule (a registry name or a Python callable) into a rule
of the execution model, with its output validated."""

from __future__ import annotations

import importlib
import inspect
from fractions import Fraction
from typing import Any, Callable

import numpy as np

from avagree.algorithms.registry import RULES
from avagree.model.aggregate import check_output, model_rule
from avagree.errors import RuleError
from avagree.model.execution import ModelRule
from avagree.model.numbers import mode_of


def rule_name(rule: Any) -> str:
    if isinstance(rule, str):
        return rule
    mod = getattr(rule, "__module__", None) or "?"
    qual = getattr(rule, "__qualname__", None) or type(rule).__qualname__
    return f"python:{mod}:{qual}"


def load_callable(spec: str) -> Callable:
    """'package.module:function' (or 'python:package.module:function') -> the object."""
    text = spec[len("python:"):] if spec.startswith("python:") else spec
    mod, _, attr = text.partition(":")
    if not mod or not attr:
        raise RuleError(f"rule={spec!r}: expected a registry name or 'module:function'")
    try:
        obj: Any = importlib.import_module(mod)
        for part in attr.split("."):
            obj = getattr(obj, part)
    except (ImportError, AttributeError) as exc:
        raise RuleError(f"rule={spec!r}: cannot import ({exc})") from None
    if not callable(obj):
        raise RuleError(f"rule={spec!r}: not callable")
    return obj


def as_model_rule(rule: Any) -> ModelRule:
    """A registry name, a 'module:function' string, or a callable taking the
    received (q, d) array and optionally ``f=`` and ``own=`` keywords."""
    if isinstance(rule, str):
        if rule in RULES:
            return model_rule(rule)
        rule = load_callable(rule)
    if not callable(rule):
        raise RuleError(f"rule={rule!r}: not a registry name or a callable")
    try:
        params = inspect.signature(rule).parameters
    except (TypeError, ValueError):
        params = {}
    wants_f, wants_own = "f" in params, "own" in params
    name = rule_name(rule)

    def apply(z: np.ndarray, f: int, own: np.ndarray) -> np.ndarray:
        kw: dict[str, Any] = {}
        if wants_f:
            kw["f"] = f
        if wants_own:
            kw["own"] = own
        try:
            out = rule(z, **kw)
        except Exception as exc:  # a user's rule failing is a finding to report, not our crash
            raise RuleError(f"rule {name} raised {type(exc).__name__}: {exc}") from None
        out = np.asarray(out)
        if mode_of(z) == "float" and out.dtype.kind in "iu":
            out = out.astype(np.float64)
        return check_output(out.reshape(-1) if out.ndim == 2 and 1 in out.shape else out, z.shape[1], mode_of(z), name)

    apply.__name__ = name
    return apply


def supports_exact(rule: ModelRule, d: int) -> bool:
    """Does the rule accept exact (Fraction) input and stay exact?"""
    z = np.array([[Fraction(k, 3) for _ in range(d)] for k in range(5)], dtype=object)
    try:
        rule(z, 1, z[0])
    except Exception:
        return False
    return True
