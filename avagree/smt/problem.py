"""The d = 1 Z3 problem: the symbolic execution of a rule over a few rounds
(:func:`build`), the violation predicate of a spec on it (:func:`violation`), the
scope a verdict about it covers (:func:`scope`), the tie rule it is encoded under
(:func:`resolve_ties`), and a spec's bound as its witness files write it
(:func:`witness_spec_bound`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Sequence

import z3

from avagree.algorithms.registry import RULES, get_rule
from avagree.errors import ParameterError, RuleError
from avagree.model.execution import Params
from avagree.specs import SPECS as SPEC_RECORDS

from avagree.smt import rule_encodings
from avagree.smt.budget import Budget, scope_entries
from avagree.smt.encode import SymRound, make_round
from avagree.smt.questions import SPECS


@dataclass
class Problem:
    """The symbolic execution of ``rule`` at ``params`` over ``rounds`` rounds in d = 1.

    ``families``: the honest values of each round's inputs, then the final outputs (z3 terms, in node
    order, or only the ``generic`` receivers of symbolic identity); ``sym_rounds``: each round's
    symbolic receivers (:mod:`avagree.smt.encode`); ``merge``: the first round's encoding;
    ``constraints``: every side condition of the formula; ``generic``: 0 when every receiver is
    encoded, else how many receivers of symbolic identity are; ``ties``: the tie rule it encodes
    (``"none"`` for a rule without choices)."""

    params: Params
    rule: str
    rounds: int
    families: list[list[z3.ArithRef]] = field(default_factory=list)
    sym_rounds: list[SymRound] = field(default_factory=list)
    merge: bool = True
    constraints: list = field(default_factory=list)
    generic: int = 0
    ties: str = "none"


def generic_count(spec: str, rounds: int) -> int:
    """One-round specs that look at one or two receivers encode only those (of
    symbolic identity); averaging and several rounds need every receiver."""
    if rounds != 1:
        return 0
    return SPEC_RECORDS[spec].z3_generic


def resolve_ties(rule: str, ties: str | None) -> str:
    """The tie rule of a Z3 verdict about ``rule`` (see :meth:`avagree.algorithms.rule.Rule.resolve_ties`);
    ParameterError for one with no d = 1 encoding."""
    if not rule_encodings.supported(rule):
        encoded = ", ".join(r for r in RULES if rule_encodings.supported(r))
        raise RuleError(f"rule={rule!r}: no Z3 encoding (encoded: {encoded}); use the search oracle")
    info = get_rule(rule)
    ties = info.resolve_ties(ties)
    if not rule_encodings.encoded(info, ties):
        raise ParameterError("ties", ties, f"no Z3 encoding of {rule} under ties={ties}; use the search oracle "
                                           "(avagree fuzz / avagree.check)")
    return ties


def build(rule: str, p: Params, rounds: int, normalise: bool, generic: int = 0, merge: bool = True,
          ties: str | None = None, interleave: bool = True, fixed: Sequence[Fraction] | None = None,
          budget: Budget | None = None) -> Problem:
    """The symbolic execution; ``fixed``: the round-1 honest inputs as given numbers, in node order (neither
    normalised nor required sorted: unsorted ones are read by the rank encoding). With ``budget``, its
    wall-clock outer limit is watched while the formula is built (:class:`~avagree.smt.budget.WallClock`
    names the step), not only while z3 solves it."""
    step = f"building the formula ({rule}, n={p.n}, f={p.f}, {rounds} round{'s' if rounds > 1 else ''})"

    def tick() -> None:
        if budget is not None:
            budget.wall_left(step)

    ties = resolve_ties(rule, ties)
    info = get_rule(rule)
    info.check_q(p.q, p.f)
    h = p.h
    prob = Problem(p, rule, rounds)
    prob.generic = generic
    prob.ties = ties
    if fixed is not None:
        xs = [z3.RealVal(str(Fraction(v))) for v in fixed]
    else:
        xs = [z3.Real(f"x_{k}") for k in range(h)]
        prob.constraints += [xs[k] <= xs[k + 1] for k in range(h - 1)]
        if normalise:
            prob.constraints += [xs[0] == 0, xs[h - 1] == 1]
        else:
            prob.constraints += [xs[0] == 0, xs[h - 1] >= 0, xs[h - 1] <= 1]
    fam = xs
    prob.families.append(fam)
    for r in range(rounds):
        sr = make_round(p, fam, r, sorted_inputs=(r == 0 and (fixed is None or list(fixed) == sorted(fixed))),
                        constraints=prob.constraints, generic=generic, merge=merge, interleave=interleave, tick=tick)
        if generic == 2:
            prob.constraints.append(sr.received[0].receiver != sr.received[1].receiver)
        outs = []
        for j, rec in enumerate(sr.received):
            tick()
            y = z3.Real(f"y_{r}_{j}")
            prob.constraints.append(y == rule_encodings.output_term(info, ties, rec, p.q, p.f, prob.constraints))
            outs.append(y)
        prob.sym_rounds.append(sr)
        fam = outs
        prob.families.append(fam)
    return prob


def violation(prob: Problem, spec: str, bound: Fraction, strict: bool) -> z3.BoolRef:
    """The registered spec's Z3 violation predicate on ``prob`` (see :class:`avagree.specs.spec.Spec`)."""
    record = SPEC_RECORDS.get(spec)
    if record is None or record.z3_violation is None:
        raise ParameterError("spec", spec, f"must be one of {', '.join(SPECS)}")
    return record.z3_violation(prob, bound, strict)


def scope(rule: str, p: Params, rounds: int, spec: str, bound: Any, strict: bool, ties: str,
          budget: Budget) -> dict[str, Any]:
    """What a d = 1 verdict covers, and why that is without loss of generality."""
    return {"rule": rule, "n": p.n, "f": p.f, "q": p.q, "d": 1, "model": p.model, "rounds": rounds, "spec": spec,
            "bound": str(bound), "strict": strict, "ties": ties, **scope_entries(budget),
            "wlog": "inputs sorted and normalised (min 0, diameter 1 for contraction/averaging); f Byzantine values per receiver; "
                    "one-round contraction looks at the two extreme receivers, validity and quasi-unanimity at one"}


def witness_spec_bound(spec: str, bound: Fraction) -> tuple[str, Fraction]:
    """The witness's spec name and bound in the spec's units (contraction: c -> c^2;
    averaging: the engine's bound is already C^2)."""
    record = SPEC_RECORDS[spec]
    return record.witness_name, bound if record.z3_bound_in_units else record.to_units(bound)
