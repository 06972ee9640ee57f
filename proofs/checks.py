"""Sympy checks of the steps the paper's proofs take.

Each check states the step, how it was checked ("symbolic" or "exact over a
grid", with the grid), and the values where it fails. A step that fails is a
finding about the paper, reported plainly.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Callable, Iterator

import sympy as sp

from . import broadcast, diameters, icwtm, lower_bounds, mda
from .check_record import Check
from .constants import constants
from .corollary1 import COROLLARY1_CHECKS
from .cva_checks import CVA_CHECKS  # noqa: F401  (the audit lists them: avagree/audit/proof_checks.py)
from .learn_checks import LEARN_CHECKS
from .learn_edges import check_corollary1_f_zero
from .scope_checks import SCOPE_CHECKS  # noqa: F401
from .symbols import at, eps, f, h, n, q, to_fraction



def grid(max_f: int = 6, max_n_factor: int = 10, sync: bool = True) -> Iterator[tuple[int, int, int, str]]:
    """(n, f, q, model) with 1 <= f <= max_f, 3f + 1 <= n <= max_n_factor * f, q in (f, n - f] async and q = n sync."""
    for F in range(1, max_f + 1):
        for N in range(3 * F + 1, max_n_factor * F + 1):
            for Q in range(F + 1, N - F + 1):
                yield N, F, Q, "async"
            if sync:
                yield N, F, N, "sync"


GRID_TEXT = "exact over 1 <= f <= 6, 3f+1 <= n <= 10f, f < q <= n-f (async) and q = n (sync)"


def _symbolic_zero(expr: sp.Expr) -> bool:
    return sp.simplify(expr) == 0


def check_lemma12_algebra() -> Check:
    """Lemma 12, eqs. (134)-(135): the factor at the smallest admissible q is 1 - eps_tilde, and decreases in q."""
    qmin = q - mda.Q_CONDITION  # the smallest q Assumption 5 admits, (1+eps)/2 h + (5+3eps)/2 f
    at_min = mda.LEMMA12_FACTOR.subs(q, qmin)
    ok = _symbolic_zero(at_min - (1 - eps) / (1 + eps)) and _symbolic_zero((1 - eps) / (1 + eps) - (1 - mda.EPS_TILDE))
    dq = sp.simplify(sp.diff(mda.LEMMA12_FACTOR, q))
    decreasing = sp.simplify(dq + (3 * f + h) / (q - f) ** 2) == 0
    return Check("lemma12-algebra", "Lemma 12, eqs. (134)-(135)",
                 "(4f+h-q)/(q-f) at q = (1+eps)/2 h + (5+3eps)/2 f equals (1-eps)/(1+eps) = 1 - eps_tilde, and decreases in q",
                 "symbolic", ok and decreasing)


def check_lemma12_grid() -> Check:
    """Lemma 12, eqs. (129), (133): under Assumption 5 honest receivers overlap and the factor is <= 1 - eps_tilde."""
    fails = []
    for N, F, Q, model in grid():
        c = constants("mda", N, F, Q, model)
        if not c.feasible:
            continue
        H = N - F
        if not 2 * (Q - 2 * F) > H:
            fails.append(f"n={N} f={F} q={Q} {model}: 2(q-2f) = {2 * (Q - 2 * F)} <= h = {H}")
        if not c.extra["lemma12_factor"] <= 1 - c.eps_tilde:
            fails.append(f"n={N} f={F} q={Q} {model}: factor {c.extra['lemma12_factor']} > 1 - eps_tilde")
    return Check("lemma12-grid", "Lemma 12, eq. (129) and (133)",
                 "under Assumption 5, two honest receivers share an honest vector (2(q-2f) > h) and (4f+h-q)/(q-f) <= 1 - eps_tilde",
                 GRID_TEXT, not fails, fails)


def _iterations_ok(rule: str, target: Callable[[int, int], Fraction]) -> list[str]:
    fails = []
    for N, F, Q, model in grid(max_f=4, max_n_factor=8):
        for T in (1, 2, 5):
            c = constants(rule, N, F, Q, model, t=T)
            if not c.feasible:
                continue
            factor = to_fraction(c.contraction_factor if rule == "cwtm" else 1 - c.eps_tilde)
            it = int(c.iterations)
            lhs = factor ** (2 * it)
            if not lhs <= target(T, N - F):
                fails.append(f"n={N} f={F} q={Q} {model} t={T}: N={it}")
    return fails


def check_n_mda() -> Check:
    """Section 5.1: (1 - eps_tilde)^N_MDA(t) <= 2^-t, exactly over a grid."""
    fails = _iterations_ok("mda", lambda T, H: Fraction(1, 4**T))
    return Check("n-mda", "Lemma 12, N_MDA(t) = ceil(t ln2 / eps_tilde)", "(1 - eps_tilde)^N_MDA(t) <= 2^-t",
                 "exact over 1 <= f <= 4, 3f+1 <= n <= 8f, all q, t in {1, 2, 5} (squares compared)", not fails, fails)


def check_corollary2() -> Check:
    """Corollary 2, eq. (169): (1 - eps_tilde)^N_ICwTM(t) <= 2^-(t+1) h^-1/2, exactly over a grid."""
    fails = _iterations_ok("cwtm", lambda T, H: Fraction(1, 4 ** (T + 1) * H))
    return Check("corollary2", "Corollary 2, eqs. (169), (184)-(189)", "(1 - eps_tilde)^N_ICwTM(t) <= 2^-(t+1) h^-1/2",
                 "exact over 1 <= f <= 4, 3f+1 <= n <= 8f, all q, t in {1, 2, 5} (squares compared)", not fails, fails)


def check_lemma13_sync() -> Check:
    """Lemma 13, text after eq. (136): with q = n the constant is 2f/h."""
    ok = _symbolic_zero(mda.LEMMA13_ALPHA.subs(q, n).subs(n, h + f) - mda.LEMMA13_ALPHA_SYNC)
    return Check("lemma13-sync", "Lemma 13", "with q = n = f + h the constant becomes 2f/h", "symbolic", ok)


def check_corollary1() -> Check:
    """Corollary 1, eq. (155): eps = (n-6f)/(n+2f) gives eps_tilde = (h-5f)/(h-f)."""
    et = mda.EPS_TILDE.subs(eps, mda.COROLLARY1_EPS).subs(n, h + f)
    ok = _symbolic_zero(et - mda.COROLLARY1_EPS_TILDE)
    return Check("corollary1", "Corollary 1, eq. (155)", "eps = (n-6f)/(n+2f) gives eps_tilde = (h-5f)/(h-f)", "symbolic", ok)


def check_assumption6_example() -> Check:
    """Text after Assumption 6: eps = 1/12 turns the n-inequality into n >= 5f + 1 (the q-inequality:
    :func:`.scope_checks.check_assumption6_example_q`)."""
    # Assumption 6's n-inequality at eps = 1/12 reads n - (val f + 1) >= 0
    val = sp.simplify((n - 1 - at(icwtm.N_CONDITION, eps=sp.Rational(1, 12))) / f)
    return Check("assumption6-example", "Assumption 6, text after it",
                 "eps = 1/12 turns the n-inequality into n >= 5f + 1", "symbolic",
                 val == 5, [] if val == 5 else [f"coefficient is {val}"])


def _min_feasible_n(rule: str, F: int, model: str) -> int | None:
    for N in range(2 * F + 1, 20 * F + 2):
        Q = N - F if model == "async" else N
        if constants(rule, N, F, Q, model).feasible:
            return N
    return None


def _threshold_failures(rule: str, a: int, what: str, fs=range(1, 9)) -> list[str]:
    """Where the smallest n with the hypothesis feasible (async, q = n - f) is not a f + 1."""
    fails = []
    for F in fs:
        m = _min_feasible_n(rule, F, "async")
        if m != a * F + 1:
            fails.append(f"f={F}: smallest n with {what} feasible (q = n - f) is {m}, not {a}f+1 = {a * F + 1}")
    return fails


def check_icwtm_threshold() -> Check:
    """The abstract and section 7 claim ICwTM works for n >= 4f + 1. With q <= n - f
    (asynchronous), Assumption 6 needs n >= 5f + 1."""
    fails = _threshold_failures("cwtm", 4, "Assumption 6")
    sync = ", ".join(f"f={F}: sync {_min_feasible_n('cwtm', F, 'sync')}" for F in range(1, 9))
    return Check("icwtm-threshold", "Abstract; Assumption 6; section 7.1",
                 "Assumption 6 can be met (async, q = n - f) at n = 4f + 1", "exact, f = 1..8, smallest feasible n",
                 not fails, fails, "synchronous minima: " + sync)


def check_mda_threshold() -> Check:
    """Abstract, Assumption 5: the smallest n MDA's hypothesis admits is 6f + 1."""
    fails = _threshold_failures("mda", 6, "Assumption 5")
    return Check("mda-threshold", "Abstract; Assumption 5", "Assumption 5 can be met (async, q = n - f) exactly from n = 6f + 1",
                 "exact, f = 1..8", not fails, fails,
                 "at n = 6f, q = h the Lemma 12 factor is exactly 1; Theorem 5 only covers n <= 6f - 1, so n = 6f is left open by the paper")


def check_cva_threshold() -> Check:
    """Section 5.4: the smallest n the CVA condition admits is 7f + 1."""
    fails = _threshold_failures("cva", 7, "the CVA condition")
    return Check("cva-threshold", "Section 5.4", "the CVA condition can be met (async, q = n - f) exactly from n = 7f + 1",
                 "exact, f = 1..8", not fails, fails)


def check_constants_above_lower_bound() -> Check:
    """Theorems 3, 6, 8 against Theorem 4: no proved constant is below the lower bound."""
    fails = []
    for N, F, Q, model in grid():
        if Q not in (N - F, N):
            continue
        for rule in ("mda", "cwtm", "trimmed-middle"):
            c = constants(rule, N, F, Q, model)
            if c.feasible and c.averaging_constant is not None and not sp.nsimplify(c.averaging_constant) >= c.lower_bound:
                fails.append(f"{rule} n={N} f={F} q={Q} {model}: C = {c.averaging_constant} < {c.lower_bound}")
    return Check("constants-vs-theorem4", "Theorems 3, 6, 8 vs Theorem 4",
                 "every averaging constant the paper proves is >= the Theorem 4 lower bound",
                 "exact over 1 <= f <= 6, 3f+1 <= n <= 10f, q = n - f (async) and q = n (sync)", not fails, fails)


def check_theorem6_step() -> Check:
    """Eq. (165) writes Delta_2^cw(x) <= h Delta_2(x), citing Lemma 1; Lemma 1 gives 2 sqrt(h)."""
    fails = []
    for H in range(1, 200):
        lemma1 = at(diameters.LEMMA1_H_FACTOR_L2, h=H)
        if lemma1 > H:
            fails.append(f"h={H}: Lemma 1 gives 2 sqrt(h) = {sp.nsimplify(lemma1)} > h")
    conclusion = []
    for H in range(1, 200):
        # 2^-N Delta_2^cw <= 2^-t Delta_2 with N = t + ceil(log2 h), after Lemma 1's 2 sqrt(h)
        if at(diameters.LEMMA1_H_FACTOR_L2, h=H) / 2 ** at(broadcast.N_BROADCAST, h=H, t=0) > 1:
            conclusion.append(f"h={H}")
    return Check("theorem6-step", "Theorem 6, eq. (165)", "Delta_2^cw <= h Delta_2 follows from Lemma 1", "exact, h = 1..199",
                 not fails, fails,
                 "the conclusion 2^-N Delta_2^cw <= 2^-t Delta_2 still follows from Lemma 1 except for h in {"
                 + ", ".join(c[2:] for c in conclusion) + "} (h = 1 is trivial; h = 2 needs f = 0); "
                 "the pair bound Delta_2^cw <= sqrt(h(h-1)/2) Delta_2 <= h Delta_2 repairs the step for every h")


def check_theorem9_statement() -> Check:
    """Theorem 9 says q <= 3f; its proof works whenever q - 2f <= floor(h/2)."""
    extra = []
    for N, F, Q, model in grid(max_f=4):
        if model == "async" and lower_bounds.theorem9_proof_condition(N, F, Q, model) and not lower_bounds.theorem9_stated(Q, F):
            if Q == N - F:
                extra.append(f"n={N} f={F} q={Q}")
    return Check("theorem9-scope", "Theorem 9 and its proof (eq. 205, Lemma 16)",
                 "the proof's split works exactly when q <= 3f", "exact, 1 <= f <= 4, q = n - f",
                 not extra, extra,
                 "the construction needs only q - 2f <= floor(h/2); with q = n - f that is n <= 5f, which contradicts the claimed optimality of n >= 4f + 1")


#: the checks of the paper's own steps (sections 4-7); the audit's full list, with the
#: closed forms' Z3 obligations, is :data:`avagree.audit.proof_checks.ALL_CHECKS`
PAPER_CHECKS: tuple[Callable[[], Check], ...] = (
    check_lemma12_algebra, check_lemma12_grid, check_n_mda, check_lemma13_sync, check_corollary1, check_corollary2,
    check_assumption6_example, check_mda_threshold, check_cva_threshold, check_icwtm_threshold,
    check_constants_above_lower_bound, check_theorem6_step, check_theorem9_statement,
    *LEARN_CHECKS,  # section 4 and Lemma 11: proofs/learn_checks.py (learn_lemmas, learn_steps, learn_theorems, learn_edges)
    *COROLLARY1_CHECKS, check_corollary1_f_zero,  # proofs/corollary1.py, proofs/learn_edges.py
)
