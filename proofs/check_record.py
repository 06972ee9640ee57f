"""The record of one checked proof step (:class:`Check`), shared by every checks module,
and :func:`nonneg`, the sound sufficient test the learning checks use for inequalities."""

from __future__ import annotations

from dataclasses import dataclass, field

import sympy as sp


@dataclass
class Check:
    """One checked step of a proof: what it states, how it was checked, and where it fails."""
    name: str
    ref: str
    statement: str
    method: str
    holds: bool
    failures: list[str] = field(default_factory=list)
    note: str = ""
    #: the check could not decide (e.g. a solver's budget was spent): neither holds nor fails
    undecided: bool = False

    def as_json(self) -> dict:
        """The check as JSON (at most 20 failures listed, all counted)."""
        return {"name": self.name, "ref": self.ref, "statement": self.statement, "method": self.method,
                "holds": self.holds, "failures": self.failures[:20], "failure_count": len(self.failures), "note": self.note}


def nonneg(expr: sp.Expr, domain: dict | None = None) -> bool:
    """True when ``expr`` is shown >= 0: after substituting ``domain`` (a parametrisation
    of the stated domain by nonnegative symbols, e.g. alpha = abar/(1 + b)), it is a
    ratio of polynomials whose coefficients all have one sign (every free symbol must be
    nonnegative). False means "not shown", never "false"."""
    e = sp.together(sp.sympify(expr).subs(domain or {}))
    num, den = (sp.expand(x) for x in sp.fraction(e))
    if any(not (s.is_nonnegative or s.is_positive) for s in (num.free_symbols | den.free_symbols)):
        return False

    def signs(p: sp.Expr) -> set[int]:
        if p == 0:
            return {0}
        coeffs = sp.Poly(p, *sorted(p.free_symbols, key=str)).coeffs() if p.free_symbols else [p]
        return {int(sp.sign(c)) for c in coeffs}

    try:
        sn, sd = signs(num), signs(den)
    except sp.PolynomialError:  # not a polynomial in the symbols (a root left): not shown
        return False
    return num == 0 or (sn <= {0, 1} and sd <= {0, 1}) or (sn <= {0, -1} and sd <= {0, -1})
