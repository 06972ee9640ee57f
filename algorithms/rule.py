r"""The record of one aggregation rule: everything the tool knows about it, in one place.

A rule module (e.g. :mod:`.coordinatewise`, :mod:`.mda`) ends with its
:class:`Rule` record(s); :mod:`.registry` lists the records. Every engine reads
the record: the validated entry point (``fn``, ``min_q``, ``needs_own``,
``kernel``), the Z3 engine in d = 1 (``encoding``), the plane engine
(``geometric``), the iterated rules AVG_t and the paper's constants
(``constants``, ``iterated``), the CLI and docs/rules.md (``title``,
``section``, ``min_q_text``, ``claim``).

The d = 1 Z3 encoding of a rule receives the symbolic received multiset of one
receiver (:class:`avagree.smt.encode.Received`; only the three members of
:class:`SymbolicReceived` are used) and must give exactly the reference output
on every input (tests/test_smt_encodings.py checks this for every record).
An L-statistic (a fixed weighted sum of order statistics,
:math:`y = \sum_p w_p z_{(p)}` with :math:`z_{(1)} \le \dots \le z_{(q)}`)
gives its ``weights`` instead, and the encoding is derived from them.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Callable, Protocol

import numpy as np
import z3

from avagree.errors import ParameterError

from . import fast
from .choice import Chooser

#: reference rule: (received (q, d) array, f, receiver's own vector or None) -> length-d vector
RuleFn = Callable[[np.ndarray, int, "np.ndarray | None"], np.ndarray]
#: order-statistic weights of an L-statistic: (q, f) -> {position p in 1..q: w_p}
Weights = Callable[[int, int], "dict[int, Fraction]"]


class SymbolicReceived(Protocol):
    """What a d = 1 encoding may read of one receiver's symbolic received multiset."""

    #: the receiver's own value (a z3 real)
    own: Any

    def order_stat(self, p: int) -> z3.ArithRef:
        """The p-th smallest received value, p in 1..q."""

    def elements(self) -> list[tuple[Any, z3.ArithRef, Any]]:
        """(present: True or a z3 Boolean, value, canonical key) of every candidate element."""


#: d = 1 encoding: (received, q, f) -> the rule's output as a z3 real term
Encoding = Callable[[SymbolicReceived, int, int], z3.ArithRef]
#: d = 1 encoding under ``ties="adversary"``: (received, q, f, constraints) -> the output of
#: an optimal choice the adversary picks; the choice's side conditions are appended to constraints
ChoiceEncoding = Callable[[SymbolicReceived, int, int, list], z3.ArithRef]

#: Tie rules (issue 13): how a rule whose definition says "*a* minimiser" picks one.
#: ``first``: the reference rule, the first optimal choice in canonical order;
#: ``average``: the average over every optimal choice; ``adversary``: the
#: adversary picks any optimal choice, per receiver and per round (what the paper
#: allows, so a PROVED under ``adversary`` holds for every tie rule).
TIES: tuple[str, ...] = ("first", "average", "adversary")
#: the ``ties`` of a verdict about a rule whose output never depends on a choice
NO_TIES = "none"


def lstat_encoding(weights: Weights) -> Encoding:
    r"""The encoding :math:`\sum_p w_p z_{(p)}` of the L-statistic with these weights."""

    def encode(rec: SymbolicReceived, q: int, f: int) -> z3.ArithRef:
        return z3.Sum([z3.RealVal(w) * rec.order_stat(p) for p, w in weights(q, f).items()])

    return encode


@dataclass(frozen=True)
class Rule:
    """One aggregation rule and every fact the tool uses about it.

    ``min_q(f)`` is the mechanical requirement (the rule is defined), written
    ``min_q_text``; ``claim`` is the paper's requirement for correctness (checked
    by the engines, not assumed). Exactly one of ``weights`` (L-statistics) and
    ``encoding`` may be given; with ``weights`` the encoding is derived.
    """

    name: str
    fn: RuleFn
    title: str
    section: str
    min_q: Callable[[int], int]
    min_q_text: str
    claim: str
    needs_own: bool = False
    coordinatewise: bool = False
    #: L-statistic weights, for the d = 1 Z3 encoding and the docs
    weights: Weights | None = None
    #: d = 1 Z3 encoding (derived from ``weights`` when those are given); None: no Z3 in d = 1
    encoding: Encoding | None = None
    #: the plane engine (:mod:`avagree.smt.geometry`) decides it in d >= 2
    geometric: bool = False
    #: key into :func:`avagree.proofs.constants` when the paper gives its constants
    constants: str | None = None
    #: the paper iterates it (AVG_t, :mod:`.iterated`) with the iteration count of ``constants``
    iterated: bool = False
    #: kind of the compiled float kernel (:data:`.fast.KINDS`), or None
    kernel: str | None = None
    #: the tie rules (:data:`TIES`) this record implements, when its definition picks
    #: *a* minimiser; empty when the output never depends on a choice
    ties: tuple[str, ...] = ()
    #: d = 1 Z3 encoding under ``ties="adversary"`` (any optimal choice), or None
    choice_encoding: ChoiceEncoding | None = None
    #: how its optimal choices are enumerated and checked exactly (:mod:`.choice`);
    #: required for ``ties="adversary"`` (witnesses record the choice, replay checks it)
    #: and gives the output under ``ties="average"`` (:meth:`Chooser.average`)
    chooser: Chooser | None = None
    #: d = 1 Z3 encoding under ``ties="average"`` (the mean of the outputs of every optimal
    #: choice; side conditions appended to the constraints, as for ``choice_encoding``), or None
    average_encoding: ChoiceEncoding | None = None

    def __post_init__(self) -> None:
        if self.weights is not None:
            if self.encoding is not None:
                raise ValueError(f"rule {self.name}: give weights or an encoding, not both")
            object.__setattr__(self, "encoding", lstat_encoding(self.weights))
        if self.iterated and self.constants is None:
            raise ValueError(f"rule {self.name}: an iterated rule needs the key of its constants")
        if ("adversary" in self.ties) != (self.chooser is not None):
            raise ValueError(f"rule {self.name}: ties='adversary' needs a chooser, and a chooser needs ties='adversary'")
        if "average" in self.ties and self.chooser is None and self.ties != ("average",):
            raise ValueError(f"rule {self.name}: ties='average' beside other tie rules needs a chooser (its average)")
        if self.average_encoding is not None and "average" not in self.ties:
            raise ValueError(f"rule {self.name}: an average encoding needs ties='average'")
        if self.kernel is not None and self.kernel not in fast.KINDS:
            raise ValueError(f"rule {self.name}: no compiled kernel {self.kernel!r} (known: {', '.join(fast.KINDS)})")

    @property
    def default_ties(self) -> str:
        """``adversary`` when the record implements it (the paper allows any
        optimal choice), else its only tie rule, else :data:`NO_TIES`."""
        if "adversary" in self.ties:
            return "adversary"
        return self.ties[0] if self.ties else NO_TIES

    def resolve_ties(self, ties: str | None) -> str:
        """The tie rule a verdict about this rule is under: ``ties`` (None: the
        default), or :data:`NO_TIES` for a rule without choices (any tie rule gives
        the same output). Raise :class:`ParameterError` for a tie rule the record
        does not implement."""
        if ties is not None and ties not in TIES + (NO_TIES,):
            raise ParameterError("ties", ties, f"must be one of {', '.join(TIES)}")
        if not self.ties:
            return NO_TIES
        if ties == NO_TIES:
            raise ParameterError("ties", ties, f"{self.name} picks among optimal choices: give one of {', '.join(self.ties)}")
        if ties is None:
            return self.default_ties
        if ties not in self.ties:
            raise ParameterError("ties", ties, f"{self.name} implements ties={'/'.join(self.ties)} only")
        return ties

    def under(self, ties: str | None) -> RuleFn:
        """The reference function under the tie rule ``ties`` (resolved by
        :meth:`resolve_ties`): the chooser's :meth:`~.choice.Chooser.average` under
        ``average`` (for a record that also implements ``first``), else ``fn``;
        under ``adversary`` that is the reference's choice, one the adversary may make."""
        ties = self.resolve_ties(ties)
        if ties == "average" and self.chooser is not None:
            return self.chooser.average
        return self.fn

    def encoded(self, ties: str) -> bool:
        """Has the record a d = 1 Z3 encoding under the resolved tie rule ``ties``?"""
        return {"average": self.average_encoding, "adversary": self.choice_encoding}.get(ties, self.encoding) is not None

    def output_term(self, ties: str, rec: SymbolicReceived, q: int, f: int, constraints: list) -> z3.ArithRef:
        """The d = 1 Z3 term of the output under the resolved tie rule ``ties``
        (side conditions of ``adversary`` and ``average`` appended to ``constraints``)."""
        if ties == "adversary":
            return self.choice_encoding(rec, q, f, constraints)
        if ties == "average":
            return self.average_encoding(rec, q, f, constraints)
        return self.encoding(rec, q, f)

    def check_q(self, q: int, f: int) -> None:
        """Raise :class:`ParameterError` when q < min_q(f), i.e. the rule is not defined."""
        need = self.min_q(f)
        if q < need:
            raise ParameterError("q", q, f"too small for {self.name} with f={f}: needs {self.min_q_text} = {need}")
