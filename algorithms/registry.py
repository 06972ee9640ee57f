"""The registry of reference rules: name -> implementation, paper section, the
mechanical requirement on q (what the rule needs to be defined) and the paper's
claimed requirement (what it needs to be correct, checked elsewhere)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from avagree.errors import RuleError

from . import coordinatewise
from .cva import cva as _cva
from .krum import krum as _krum, multi_krum as _multi_krum
from .mda import mda as _mda, mda_average_ties as _mda_avg

RuleFn = Callable[[np.ndarray, int, "np.ndarray | None"], np.ndarray]


@dataclass(frozen=True)
class RuleInfo:
    name: str
    fn: RuleFn
    title: str
    section: str
    min_q: Callable[[int], int]
    min_q_text: str
    claim: str
    needs_own: bool = False
    coordinatewise: bool = False
    #: Key into :func:`avagree.proofs.constants` when the paper gives constants.
    proofs_key: str | None = None

    def check_q(self, q: int, f: int) -> None:
        """Raise the typed error when q is too small for the rule to be defined."""
        need = self.min_q(f)
        if q < need:
            from avagree.errors import ParameterError

            raise ParameterError("q", q, f"too small for {self.name} with f={f}: needs {self.min_q_text} = {need}")


RULES: dict[str, RuleInfo] = {
    r.name: r
    for r in [
        RuleInfo("mean", coordinatewise.mean, "Average", "baseline", lambda f: 1, "q >= 1",
                 "not Byzantine-resilient for f >= 1", coordinatewise=True),
        RuleInfo("median", coordinatewise.median, "Coordinate-wise median", "baseline (Yin et al. 2018)",
                 lambda f: 2 * f + 1, "q >= 2f + 1", "no claim in the paper", coordinatewise=True),
        RuleInfo("cwtm", coordinatewise.cwtm, "Coordinate-wise trimmed mean (one ICwTM step)", "7.1",
                 lambda f: 2 * f + 1, "q >= 2f + 1",
                 "Assumption 6 (n >= 4f + 1 claimed; q >= (1+4eps)/2 h + 2f + 1/2); sync: n >= 3f + 1",
                 coordinatewise=True, proofs_key="cwtm"),
        RuleInfo("trimmed-middle", coordinatewise.trimmed_middle, "Coordinate-wise trimmed middle", "6.1",
                 lambda f: 2 * f + 1, "q >= 2f + 1",
                 "n >= 3f + 1, q = n - f, inside the broadcast/witness protocol (Theorem 6)",
                 coordinatewise=True, proofs_key="trimmed-middle"),
        RuleInfo("mda", _mda, "Minimum-diameter averaging", "5.1", lambda f: f + 1, "q >= f + 1",
                 "Assumption 5 (n >= 6f + 1)", proofs_key="mda"),
        RuleInfo("mda-avg", _mda_avg, "MDA, ties averaged over all optimal subsets", "5.1, 5.3",
                 lambda f: f + 1, "q >= f + 1", "Assumption 5 (n >= 6f + 1)", proofs_key="mda"),
        RuleInfo("cva", _cva, "Closest-vectors averaging", "5.4", lambda f: f + 1, "q >= f + 1",
                 "n >= (7+3eps)/(1-eps) f (n >= 7f + 1)", needs_own=True, proofs_key="cva"),
        RuleInfo("krum", _krum, "Krum (Blanchard et al. 2017)", "baseline", lambda f: 2 * f + 3, "q >= 2f + 3",
                 "no claim in the paper"),
        RuleInfo("multi-krum", _multi_krum, "Multi-Krum, m = q - f", "baseline", lambda f: 2 * f + 3,
                 "q >= 2f + 3", "no claim in the paper"),
    ]
}


def get_rule(name: str) -> RuleInfo:
    try:
        return RULES[name]
    except (KeyError, TypeError):
        raise RuleError(f"rule={name!r}: unknown; known rules: {', '.join(RULES)}") from None
