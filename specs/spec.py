"""The ``Spec`` record: everything the engines need to know about one specification.

Each engine reads the record instead of dispatching on the spec's name:

* the witness files (:mod:`avagree.harness.witness`) call :attr:`Spec.evaluate`,
  the exact verdict on a concrete execution;
* the search oracle (:mod:`avagree.oracle.engine`) climbs on :attr:`Spec.margin`;
* the Z3 engine (:mod:`avagree.smt.problem`) asserts :attr:`Spec.z3_violation`
  on its symbolic problem.

Units. The l2 specs compare squares so that exact mode needs no square roots:
a contraction factor c is checked as (Delta_2(out)/Delta_2(in))^2 <= c^2 and a
C-averaging constant as (||mean(x_s) - mean(x_0)|| / Delta_2(x_0))^2 <= C^2.
:meth:`Spec.to_units` is the one place the user's bound becomes the bound in the
spec's (witness) units.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Callable, Mapping

from avagree.model.execution import Execution

if TYPE_CHECKING:  # the engine's symbolic problem; only named in type hints
    import z3

Evaluate = Callable[[Execution, Any, Mapping[str, Any]], "tuple[bool, Any]"]
"""(execution, bound in the spec's units, spec arguments) -> (holds, measured)."""

Margin = Callable[[Execution, Any], "tuple[float, bool]"]
"""(execution, bound in the spec's units) -> (measured - bound, exercised); positive = violated."""

Z3Violation = Callable[[Any, Fraction, bool], "z3.BoolRef"]
"""(the Z3 engine's problem, the engine's bound, strict) -> a formula true exactly on violations.

The problem carries ``params``, ``rounds``, ``families`` (the symbolic inputs of
each round, then the final outputs), ``sym_rounds`` (the symbolic deliveries)
and ``generic`` (how many receivers of symbolic identity a one-round problem
encodes, 0 = all of them)."""


@dataclass(frozen=True)
class Spec:
    """One executable specification of the paper, as every engine sees it.

    ``name``: the name on the command line and in reports.

    ``summary``: one line saying what it asks, for ``--help`` and the docs.
    ``evaluate``: the exact verdict (holds, measured) on a concrete execution,
    with the bound in the spec's units (see :meth:`to_units`).
    ``squared``: whether the user's bound is squared into those units (a
    contraction factor c -> c^2, an averaging constant C -> C^2).
    ``default_bound``: the bound the oracle uses when none is given (user units).
    ``strict``: a violation is measured >= bound rather than measured > bound
    (no contraction at all: Delta_2(out) >= c Delta_2(in)).
    ``margin``: how the oracle measures (measured - bound, exercised) in float;
    ``None`` when the oracle does not search for this spec.
    ``witness_spec``: the spec name written in witness files when it is not
    ``name`` (strict contraction is the ``contraction`` spec with ``strict``).
    ``z3_violation``: the Z3 violation predicate; ``None`` when the Z3 engine
    does not decide this spec.
    ``z3_bound_in_units``: the Z3 engine's bound is already in the spec's units
    (averaging takes C^2, so irrational constants stay exact).
    ``z3_normalised``: the predicate assumes inputs normalised to min 0 and
    diameter 1 (so a factor on Delta_2 is a bound on a difference of outputs).
    ``z3_generic``: over one round, how many receivers of symbolic identity the
    predicate needs (0: every receiver).
    ``unanimous_search``: the oracle starts from families with a large group of
    equal vectors (what triggers quasi-unanimity).
    ``fuzz_default``: checked by ``avagree fuzz`` when no ``--spec`` is given.
    """

    name: str
    evaluate: Evaluate
    margin: Margin | None = None
    squared: bool = False
    default_bound: Fraction = Fraction(0)
    strict: bool = False
    witness_spec: str | None = None
    z3_violation: Z3Violation | None = None
    z3_bound_in_units: bool = False
    z3_normalised: bool = False
    z3_generic: int = 0
    unanimous_search: bool = False
    fuzz_default: bool = False
    summary: str = ""

    def to_units(self, user_bound: Any) -> Any:
        """The user's bound in the spec's units: its square for l2 factors and constants."""
        return user_bound * user_bound if self.squared else user_bound

    @property
    def witness_name(self) -> str:
        """The spec name a witness of a violation of this spec carries."""
        return self.witness_spec or self.name

    @property
    def witness_args(self) -> dict[str, Fraction]:
        """The spec arguments a witness of this spec carries (``strict`` = 1 for strict specs)."""
        return {"strict": Fraction(1)} if self.strict else {}
