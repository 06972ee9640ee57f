"""Typed exceptions. Every message names the offending parameter and value."""

from __future__ import annotations


class AvagreeError(Exception):
    """Base class of every error avagree raises on purpose."""


class ParameterError(AvagreeError, ValueError):
    """A system parameter (n, f, q, d, t, model, ...) is invalid or inconsistent."""

    def __init__(self, name: str, value: object, why: str):
        self.name, self.value, self.why = name, value, why
        super().__init__(f"{name}={value!r}: {why}")


class InputError(AvagreeError, ValueError):
    """Vectors handed to a rule or to the model are malformed (NaN, ragged, empty...)."""


class DeliveryError(AvagreeError, ValueError):
    """A delivery breaks the execution model (sender out of range, too many Byzantine...)."""


class RuleError(AvagreeError, ValueError):
    """An aggregation rule is unknown, or returned something that is not a vector."""


class WitnessError(AvagreeError, ValueError):
    """A witness file is corrupt, inconsistent, or does not replay."""


class SizeError(ParameterError):
    """A problem beyond an engine's stated size limit (:mod:`avagree.smt.limits`,
    :mod:`avagree.oracle.limits`): refused before any work, naming the limit and
    what to use instead."""
