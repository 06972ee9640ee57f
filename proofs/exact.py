r"""Exact one-round constants of the order-based rules in d = 1, as closed forms in n, f, q.

For mean, median, CwTM and trimmed middle: the exact supremum, over every
execution of one round, of the contraction factor Delta(out)/Delta(in) and of
the averaging error |mean(out) - mean(in)|/Delta(in), for every admissible
(n, f, q), asynchronous (f < q <= n - f) and synchronous (q = n).
docs/closed_forms.md gives the reduction; in short, the supremum is reached
where every honest and Byzantine value is 0 or 1, and an execution is then a
few counts: k honest ones (1 <= k <= h - 1), and per receiver its own bit o,
the number a of honest ones it receives and the number c of Byzantine ones.
A receiver gets m = q - f honest values (its own among them) and f Byzantine
ones; with u = a + c ones among its q values its output is the rule's
:attr:`Vertex.scaled` / :attr:`Vertex.denominator`.

Each :class:`ClosedForm` is written as numerator / denominator (integer-valued
expressions, so that its proof is linear or polynomial integer arithmetic) with
the number k of honest ones of an execution attaining it (its lower-bound
family). The proof obligations (:mod:`avagree.smt.parametric`) are decided by
Z3 for symbolic n, f, q at once. The synchronous model is the same count model
at q = n (every receiver gets all h = q - f honest values), so one expression
serves both models; :meth:`ClosedForm.expression` substitutes q = n for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import sympy as sp

from avagree.errors import ParameterError, RuleError

from . import exact_cva, exact_mda, exact_rounds
from .symbols import f, n, q

#: ones among the q values a receiver aggregates, and honest ones among the h inputs
u, k = sp.symbols("u k", integer=True, nonnegative=True)

H = n - f  # honest nodes
MISSED = n - q  # honest values a receiver does not get (0 in the synchronous model)
KEPT = q - 2 * f  # values CwTM averages
HALF = sp.floor(q / 2)


def _at_least(value: sp.Expr, threshold: sp.Expr) -> sp.Expr:
    """1 when value >= threshold, else 0."""
    return sp.Piecewise((1, value >= threshold), (0, True))


@dataclass(frozen=True)
class Vertex:
    """A rule's output on q values that are all 0 or 1, u of them 1: ``scaled / denominator``
    (``scaled`` integer-valued). ``f_range``: the f for which the closed forms hold
    (inclusive; None: unbounded above)."""

    rule: str
    denominator: sp.Expr
    scaled: sp.Expr
    min_q: sp.Expr
    f_range: tuple[int, int | None]


#: y = u/q (f = 0 only: with a Byzantine value it is unbounded)
MEAN_VERTEX = Vertex("mean", q, u, sp.Integer(1), (0, 0))
#: odd q: 2 [u >= (q+1)/2]; even q: [u >= q/2] + [u >= q/2 + 1]; both are [u >= q - floor(q/2)] + [u >= floor(q/2) + 1]
MEDIAN_VERTEX = Vertex("median", sp.Integer(2), _at_least(u, q - HALF) + _at_least(u, HALF + 1), 2 * f + 1, (1, None))
#: eq. 193: the ones among positions f+1 .. q-f, over q - 2f
CWTM_VERTEX = Vertex("cwtm", KEPT, sp.Min(sp.Max(u - f, 0), KEPT), 2 * f + 1, (1, None))
#: positions f + 1 and q - f, half each
TRIMMED_MIDDLE_VERTEX = Vertex("trimmed-middle", sp.Integer(2), _at_least(u, f + 1) + _at_least(u, q - f), 2 * f + 1,
                               (1, None))


@dataclass(frozen=True)
class ClosedForm:
    """The exact one-round supremum of ``spec`` (contraction or averaging) for ``vertex.rule``:
    ``numerator / denominator``, attained at k = ``witness_k`` honest ones with every receiver
    pushed up (the lower-bound family); ``numerator`` is sympy.oo when unbounded."""

    vertex: Vertex
    spec: str
    numerator: sp.Expr
    denominator: sp.Expr
    witness_k: sp.Expr | None

    @property
    def rule(self) -> str:
        return self.vertex.rule

    @property
    def value(self) -> sp.Expr:
        return self.numerator if self.numerator == sp.oo else self.numerator / self.denominator

    def expression(self, model: str = "async") -> sp.Expr:
        """The closed form in n, f, q (async) or in n, f with q = n substituted (sync)."""
        return self.value if model == "async" else self.value.subs(q, n)

    def region(self, model: str = "async") -> list[sp.Expr]:
        """Where it is exact: the admissible parameters of ``model`` within ``f_range``, as
        unevaluated relations (the shared symbols are positive, and sympy would simplify
        ``f >= 0`` away)."""
        low, high = self.vertex.f_range
        rel = [sp.Ge(f, low, evaluate=False), sp.Ge(n - f, 2, evaluate=False)]
        if high is not None:
            rel.append(sp.Le(f, high, evaluate=False))
        if model == "async":
            return rel + [sp.Ge(q, self.vertex.min_q, evaluate=False), sp.Gt(q, f, evaluate=False),
                          sp.Le(q, n - f, evaluate=False)]
        return rel + [sp.Eq(q, n, evaluate=False), sp.Ge(n, self.vertex.min_q.subs(q, n), evaluate=False)]

    def region_text(self, model: str = "async") -> str:
        """The region as text, e.g. ``f >= 1, 2f + 1 <= q <= n - f``."""
        low, high = self.vertex.f_range
        fs = f"f = {low}" if high == low else f"f >= {low}"
        low_q = sp.sstr(self.vertex.min_q).replace("*", "")
        qs = f"{low_q} <= q <= n - f" if model == "async" else f"q = n >= {low_q.replace('q', 'n')}"
        return f"{fs}, {qs}" + (", n - f >= 2" if low == 0 else "")


CWTM_CONTRACTION = sp.Min(MISSED + f, KEPT)
CWTM_AVERAGING = KEPT * (MISSED + f)
MEDIAN_CONTRACTION = sp.Piecewise((1, sp.And(sp.Eq(q, 2 * HALF), n + f <= q + 1)), (2, True))
MEDIAN_K = HALF + 1 - f
MEDIAN_AVERAGING = 2 * (H - MEDIAN_K)
#: 1 when q - 2f <= n - q + f (the trimmed set can be all ones for one receiver and hold no one for another)
CONTRACTS_NOT = 2 * q <= n + 3 * f
TRIMMED_MIDDLE_CONTRACTION = sp.Piecewise((2, CONTRACTS_NOT), (1, True))
TRIMMED_MIDDLE_AVERAGING = sp.Max(2 * (MISSED + f), H - 2)
MEAN_CONTRACTION = sp.Min(q, MISSED)
MEAN_AVERAGING = (q - 1) * MISSED

#: the closed forms, by (rule, spec)
FORMS: dict[tuple[str, str], ClosedForm] = {
    (form.rule, form.spec): form for form in (
        ClosedForm(CWTM_VERTEX, "contraction", CWTM_CONTRACTION, KEPT, sp.Min(MISSED + f, KEPT)),
        ClosedForm(CWTM_VERTEX, "averaging", CWTM_AVERAGING, KEPT * H, KEPT),
        ClosedForm(MEDIAN_VERTEX, "contraction", MEDIAN_CONTRACTION, 2, MEDIAN_K),
        ClosedForm(MEDIAN_VERTEX, "averaging", MEDIAN_AVERAGING, 2 * H, MEDIAN_K),
        ClosedForm(TRIMMED_MIDDLE_VERTEX, "contraction", TRIMMED_MIDDLE_CONTRACTION, 2,
                   sp.Piecewise((KEPT, CONTRACTS_NOT), (1, True))),
        ClosedForm(TRIMMED_MIDDLE_VERTEX, "averaging", TRIMMED_MIDDLE_AVERAGING, 2 * H,
                   sp.Piecewise((KEPT, 2 * (MISSED + f) >= H - 2), (1, True))),
        ClosedForm(MEAN_VERTEX, "contraction", MEAN_CONTRACTION, q, sp.Max(1, sp.Min(q, MISSED))),
        ClosedForm(MEAN_VERTEX, "averaging", MEAN_AVERAGING, q * n, sp.Max(1, q - 1)),
    )
}

#: the mean with a Byzantine value (f >= 1): one value b moves a receiver's output by b/q, unboundedly
MEAN_UNBOUNDED_VERTEX = Vertex("mean", q, u, f + 1, (1, None))
UNBOUNDED = {spec: ClosedForm(MEAN_UNBOUNDED_VERTEX, spec, sp.oo, sp.Integer(1), None)
             for spec in ("contraction", "averaging")}

SPECS = ("contraction", "averaging")


def forms(rule: str, spec: str) -> list[ClosedForm]:
    """The closed forms of (rule, spec), one per range of f; RuleError when there are none."""
    if spec not in SPECS:
        raise ParameterError("spec", spec, f"must be one of {', '.join(SPECS)}")
    out = [fm for key, fm in FORMS.items() if key == (rule, spec)]
    if rule == "mean":
        out.append(UNBOUNDED[spec])
    if not out:
        known = ", ".join(dict.fromkeys(r for r, _ in FORMS))
        raise RuleError(f"rule={rule!r}: no closed form (closed forms exist for {known})")
    return out


def form_at(rule: str, spec: str, F: int) -> ClosedForm | None:
    """The closed form of (rule, spec) whose range of f holds F, or None."""
    for fm in forms(rule, spec):
        low, high = fm.vertex.f_range
        if F >= low and (high is None or F <= high):
            return fm
    return None


def exact_value(rule: str, spec: str, N: int, F: int, Q: int, model: str = "async") -> Fraction | None:
    """The closed form at (N, F, Q): a Fraction, None when unbounded or outside every form's region."""
    fm = form_at(rule, spec, F)
    subs = {n: N, f: F, q: Q}
    if fm is None or fm.numerator == sp.oo or not all(bool(rel.subs(subs)) for rel in fm.region(model)):
        return None
    num, den = (sp.sympify(e).subs(subs) for e in (fm.numerator, fm.denominator))
    return Fraction(int(num), int(den))


def closed_value(rule: str, spec: str, N: int, F: int, Q: int, model: str = "async") -> Fraction | None:
    """The rule's exact one-round value (d = 1) at the instance from a closed form proved for all parameters:
    :data:`FORMS`, MDA's contraction and averaging error (:mod:`.exact_mda`), CVA's contraction factor
    (:mod:`.exact_cva`); None where no closed form covers it (or the value is unbounded)."""
    if rule == "mda":
        fn = exact_mda.mda_exact if spec == "contraction" else exact_mda.mda_averaging_exact
        return fn(N, F, Q, model)[0]
    if rule == "cva":
        return exact_cva.cva_exact(N, F, Q, model) if spec == "contraction" else None
    return exact_value(rule, spec, N, F, Q, model) if any(r == rule for r, _ in FORMS) else None


def exact_fields(rule: str, N: int, F: int, Q: int, model: str = "async", t: int = 1) -> dict[str, object]:
    """``exact_contraction_factor`` and ``exact_averaging_error`` (one round, d = 1, rational strings) with
    their ``..._proof``: "parameterised" (a closed form whose obligations the test suite proves for all
    parameters) or None (no closed form for this rule or these parameters; ``avagree worst`` decides
    small instances); then the rounds to 2**-t of the diameter from the exact factor
    (:func:`.exact_rounds.iteration_fields`, an upper bound). MDA (:mod:`.exact_mda`, contraction
    and averaging) adds ``exact_note``: unbounded, the tie rules, or the upper bound alone."""
    out: dict[str, object] = {}
    factor: Fraction | None = None
    for spec, key in (("contraction", "exact_contraction_factor"), ("averaging", "exact_averaging_error")):
        value = closed_value(rule, spec, N, F, Q, model)
        if rule == "mda" and spec == "contraction":
            out["exact_note"] = exact_mda.note(N, F, Q, model, exact_mda.mda_exact(N, F, Q, model)[1])
        if rule == "cva" and spec == "contraction":
            out["exact_note"] = exact_cva.NOTE if value is not None else None
        factor = value if spec == "contraction" else factor
        out[key] = None if value is None else str(value)
        out[f"{key}_proof"] = None if value is None else "parameterised"
    return out | exact_rounds.iteration_fields(rule, factor, t, N - F)
