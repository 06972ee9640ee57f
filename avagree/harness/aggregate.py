"""The validated entry point for one aggregation, and the adapter that turns a
registry rule into a rule of the execution model."""

from __future__ import annotations

from typing import Any

import numpy as np

from avagree.algorithms import fast
from avagree.algorithms.registry import get_rule
from avagree.algorithms.rule import Rule, RuleFn
from avagree.errors import InputError, ParameterError, RuleError
from avagree.model.execution import ModelRule, check_int
from avagree.model.numbers import as_array, mode_of

_NON_FINITE = "received: contains NaN or inf"
#: Rules whose float path gives a non-finite output, or raises InputError, whenever an
#: input is NaN or inf: the mean (the sum carries it), MDA and Krum (the Gram diagonal,
#: :func:`avagree.algorithms.distance.pairwise_sq_distances`); besides, every rule on a
#: compiled kernel (:mod:`avagree.algorithms.fast` adds 0 * v for every input v).
#: For these the input is scanned only when the output is not finite.
CHECKED_BY_OUTPUT = frozenset({"mean", "mda", "mda-avg", "krum", "multi-krum"})


def check_output(out: Any, d: int, mode: str, rule: str) -> np.ndarray:
    """A rule's output must be a finite length-d vector in the input's number mode."""
    arr = np.asarray(out)
    if arr.shape != (d,):
        raise RuleError(f"rule {rule!r} returned shape {arr.shape}, expected ({d},)")
    if mode == "float":
        # the sum is finite when every entry is (or overflows: then look entry by entry); one read, no temporary
        if arr.dtype.kind != "f" or (not np.isfinite(arr.sum()) and not np.isfinite(arr).all()):
            raise RuleError(f"rule {rule!r} returned a non-finite or non-float output")
    elif arr.dtype != object:
        raise RuleError(f"rule {rule!r} lost exactness: returned dtype {arr.dtype} on exact input")
    return arr


def aggregate(rule: str, received: Any, f: int, own: Any = None, *, ties: str | None = None) -> np.ndarray:
    """Aggregate ``received`` (a (q, d) array-like of floats or Fractions) with the
    registry rule ``rule`` for ``f`` declared Byzantine nodes.

    ``ties`` (rules that keep *an* optimal subset: MDA, CVA, Krum, Multi-Krum):
    ``first`` (the default, the reference rule) or ``average`` (the mean of the
    outputs of every optimal index subset); ``adversary`` has no single output
    (its choices: :mod:`avagree.harness.choices`). Returns a length-d vector in the
    same number mode. Raises :class:`~avagree.errors.RuleError`,
    :class:`~avagree.errors.ParameterError` or :class:`~avagree.errors.InputError`
    on bad input.
    """
    info = get_rule(rule)
    fn = _under(info, ties)
    z = as_array(received, rank=2, name="received", finite=False)
    # a float path that cannot miss a NaN or inf is checked on its output: d values, not q * d inputs
    by_output = z.dtype != object and (info.name in CHECKED_BY_OUTPUT or (info.name in fast.KINDS and fast.usable(z)))
    if z.dtype != object and not by_output and not np.isfinite(z).all():
        raise InputError(_NON_FINITE)
    f = check_int("f", f, minimum=0)
    q, d = z.shape
    info.check_q(q, f)
    own_arr = None
    if info.needs_own:
        if own is None:
            raise InputError(f"{rule} needs the receiver's own vector (own=...)")
    if own is not None:  # a rule that ignores own is not slowed by a NaN scan of it (its shape is still checked)
        own_arr = as_array(own, rank=1, name="own", mode=mode_of(z), finite=info.needs_own)
        if own_arr.shape != (d,):
            raise InputError(f"own: shape {own_arr.shape}, expected ({d},)")
    out = fn(z, f, own_arr)
    try:
        return check_output(out, d, mode_of(z), rule)
    except RuleError:
        if by_output and not np.isfinite(z).all():  # a non-finite input, not the rule's fault (else: overflow)
            raise InputError(_NON_FINITE) from None
        raise


def _under(info: Rule, ties: str | None) -> RuleFn:
    """The record's reference function under ``ties`` (None: its reference rule); ParameterError under adversary."""
    if ties == "adversary" and info.ties:
        raise ParameterError("ties", ties, "the adversary's choice has no single output: give first or average (the "
                                           "optimal choices: avagree.harness.choices)")
    return info.fn if ties is None else info.under(ties)


def model_rule(rule: str, ties: str | None = None) -> ModelRule:
    """The registry rule as the execution model calls it, under the tie rule
    ``ties`` (None or ``first``: the reference rule; ``average``: the mean over
    every optimal choice, :meth:`avagree.algorithms.rule.Rule.under`; a rule
    without choices takes any tie rule; ParameterError under ``adversary``)."""
    info = get_rule(rule)
    fn = _under(info, ties)

    def apply(z: np.ndarray, f: int, own: np.ndarray) -> np.ndarray:
        info.check_q(z.shape[0], f)
        return check_output(fn(z, f, own), z.shape[1], mode_of(z), rule)

    apply.__name__ = rule
    return apply
