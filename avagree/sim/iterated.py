"""Iterated rules: AVG_t runs a rule N(t) rounds with the paper's iteration
counts (N_MDA(t), section 5.1; N_ICwTM(t), eq. 169; t + ceil(log2 h) for the
broadcast algorithm, Theorem 6), taken from :mod:`avagree.proofs`, the single
source of those formulas. Which rules are iterated, and under which constants,
is read from their :class:`~.rule.Rule` records."""

from __future__ import annotations

from typing import Any

from avagree.errors import ParameterError
from avagree.harness.aggregate import model_rule
from avagree.model.execution import Adversary, Execution, Params, execute
from avagree.proofs import constants

from avagree.algorithms.registry import RULES

#: registry rule -> key of its constants in avagree.proofs (a view of the records' ``iterated``, ``constants``)
ITERATED: dict[str, str] = {r.name: r.constants for r in RULES.values() if r.iterated and r.constants}


def iterations(rule: str, params: Params, t: int) -> int:
    """N(t) for ``rule`` at ``params``; raises when the paper's hypotheses fail."""
    if rule not in ITERATED:
        raise ParameterError("rule", rule, f"the paper iterates {', '.join(sorted(ITERATED))}")
    c = constants(ITERATED[rule], params.n, params.f, params.q, params.model, t=t)
    if not c.feasible:
        raise ParameterError("n", params.n, f"{rule}: the paper's hypotheses fail here ({'; '.join(c.failed)})")
    return int(c.iterations)


def run_iterated(rule: str, params: Params, family: Any, adversary: Adversary, t: int, mode=None) -> Execution:
    """AVG_t: N(t) rounds of ``rule`` with a fresh adversary each round."""
    N = iterations(rule, params, t)
    if not callable(adversary) and len(adversary) < N:
        raise ParameterError("adversary", len(adversary), f"AVG_{t} needs {N} rounds")
    return execute(model_rule(rule), params, family, adversary, rounds=N, mode=mode)
