r"""The record of one aggregation rule: what runs, and what the paper says of it.
A rule module (e.g. :mod:`.coordinatewise`, :mod:`.mda`) ends with its
:class:`Rule` record(s); :mod:`.registry` lists the records. The record holds the
validated entry point (``fn``, ``min_q``, ``needs_own``), the tie rules and the
chooser of a rule that keeps *an* optimal subset, the order-statistic ``weights``
of an L-statistic (:math:`y = \sum_p w_p z_{(p)}` with :math:`z_{(1)} \le \dots
\le z_{(q)}`), and the paper's metadata (``title``, ``section``, ``min_q_text``,
``claim``, the key of its ``constants``, whether the paper ``iterated`` it).
What the engines need beyond that is registered beside the rule by its name, in
the engine that uses it: the d = 1 Z3 encodings in
:mod:`avagree.smt.rule_encodings` (an L-statistic's is derived from its weights),
the plane engine's rules in :mod:`avagree.smt.geometry`, the compiled float
kernels in :data:`.fast.KINDS`. So importing the registry loads neither z3 nor sympy.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Callable

import numpy as np

from avagree.errors import ParameterError

from .choice import Chooser

#: reference rule: (received (q, d) array, f, receiver's own vector or None) -> length-d vector
RuleFn = Callable[[np.ndarray, int, "np.ndarray | None"], np.ndarray]
#: order-statistic weights of an L-statistic: (q, f) -> {position p in 1..q: w_p}
Weights = Callable[[int, int], "dict[int, Fraction]"]

#: Tie rules (issue 13): how a rule whose definition says "*a* minimiser" picks one.
#: ``first``: the reference rule, the first optimal choice in canonical order;
#: ``average``: the average over every optimal choice; ``adversary``: the
#: adversary picks any optimal choice, per receiver and per round (what the paper
#: allows, so a PROVED under ``adversary`` holds for every tie rule).
TIES: tuple[str, ...] = ("first", "average", "adversary")
#: the ``ties`` of a verdict about a rule whose output never depends on a choice
NO_TIES = "none"

@dataclass(frozen=True)
class Rule:
    """One aggregation rule and every fact the tool uses about it.

    ``min_q(f)`` is the mechanical requirement (the rule is defined), written
    ``min_q_text``; ``claim`` is the paper's requirement for correctness (checked
    by the engines, not assumed).
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
    #: L-statistic weights (order statistic p in 1..q -> w_p), for the d = 1 Z3 encoding and the docs
    weights: Weights | None = None
    #: key into :func:`avagree.proofs.constants` when the paper gives its constants
    constants: str | None = None
    #: the paper iterates it (AVG_t, :mod:`.iterated`) with the iteration count of ``constants``
    iterated: bool = False
    #: the tie rules (:data:`TIES`) this record implements, when its definition picks
    #: *a* minimiser; empty when the output never depends on a choice
    ties: tuple[str, ...] = ()
    #: how its optimal choices are enumerated and checked exactly (:mod:`.choice`);
    #: required for ``ties="adversary"`` (witnesses record the choice, replay checks it)
    #: and gives the output under ``ties="average"`` (:meth:`Chooser.average`)
    chooser: Chooser | None = None
    #: the only q the rule is defined for (a weights rule string, :mod:`.lstatistic`); None: any q >= min_q(f)
    exact_q: int | None = None

    def __post_init__(self) -> None:
        if self.iterated and self.constants is None:
            raise ValueError(f"rule {self.name}: an iterated rule needs the key of its constants")
        if ("adversary" in self.ties) != (self.chooser is not None):
            raise ValueError(f"rule {self.name}: ties='adversary' needs a chooser, and a chooser needs ties='adversary'")
        if "average" in self.ties and self.chooser is None and self.ties != ("average",):
            raise ValueError(f"rule {self.name}: ties='average' beside other tie rules needs a chooser (its average)")

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
    def check_q(self, q: int, f: int) -> None:
        """Raise :class:`ParameterError` when the rule is not defined for q: q < min_q(f), or q other than ``exact_q``."""
        if self.exact_q is not None and q != self.exact_q:
            raise ParameterError("q", q, f"{self.name} is defined only for exactly q = {self.exact_q} received values "
                                         f"(one weight per position)")
        need = self.min_q(f)
        if q < need:
            raise ParameterError("q", q, f"too small for {self.name} with f={f}: needs {self.min_q_text} = {need}")
