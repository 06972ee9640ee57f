"""Audit checks of MDA's closed form (:mod:`.exact_mda`) and of the round counts from the exact
factors (:mod:`.exact_rounds`) against the paper's N(t) (issue 14, items 2 and 3)."""

from __future__ import annotations

from fractions import Fraction
from typing import Callable

import sympy as sp

from avagree.smt.mda_parametric import prove_mda

from avagree.proofs import exact, exact_mda, mda, mda_family
from avagree.proofs.check_record import Check
from avagree.proofs.constants import constants
from avagree.proofs.symbols import h, n

MDA_STATEMENT = ("one round of MDA in d = 1: the exact supremum of Delta(out)/Delta(in) is (n - q + 3f)/(q - f) "
                 "(Lemma 12's value) when 2q >= n + 3f + 1, (q + f)/(q - f) when 2f + 1 <= q and 2q <= n + 3f "
                 "(async and sync), unbounded when q <= 2f (async), for f >= 1; attained under ties=adversary, approached "
                 "under ties=first")
LEMMA12_STATEMENT = ("(4f + h - q)/(q - f) is MDA's exact one-round factor in d = 1 wherever Assumption 5 holds "
                     "(and wherever 2q >= n + 3f + 1, which Assumption 5 implies)")
ROUNDS_STATEMENT = ("N_MDA(t) and N_ICwTM(t) are at least the rounds to their targets from the exact one-round "
                    "factor (each an upper bound by composition)")
ROUNDS_GRID = "exact over 1 <= f <= 2, 3f+1 <= n <= 8f, f < q <= n-f (async) and q = n (sync), t = 1, 10"


def check_exact_mda_contraction() -> Check:
    """MDA's closed form: Z3's obligations and sympy's families, both models and both tie rules."""
    obs = prove_mda()
    fams = [c for name, model in mda_family.CASES for ties in ("adversary", "first")
            for c in mda_family.check(name, model, ties)]
    fails = [ob.describe() for ob in obs if not ob.proved] + [f"{c.family} {c.case} {c.model} {c.ties}: {c.status}"
                                                               for c in fams if c.status.startswith("fails")]
    undecided = bool(fails) and all(ob.status == "unknown" for ob in obs if not ob.proved) and \
        not any(c.status.startswith("fails") for c in fams)
    return Check("exact-mda-contraction", "closed form (issue 14)", MDA_STATEMENT,
                 f"parameterised: Z3 decides the pairing argument's arithmetic and the cases' covers ({len(obs)} "
                 f"obligations), sympy the lower-bound families for symbolic parameters ({len(fams)} family checks; "
                 "docs/closed_forms.md, MDA)", not fails, fails, undecided=undecided)


def check_lemma12_tight_d1() -> Check:
    """Lemma 12's factor is the closed form's meeting piece (identity) and Assumption 5 implies meeting (grid)."""
    from avagree.proofs.checks import grid

    same = sp.simplify(mda.LEMMA12_FACTOR.subs(h, n - sp.Symbol("f", positive=True, integer=True)) -
                       exact_mda.LEMMA12_TIGHT) == 0
    fails, feasible, beyond = [] if same else ["(4f + h - q)/(q - f) differs from (n - q + 3f)/(q - f)"], 0, 0
    for N, F, Q, model in grid(3, 10):
        c = constants("mda", N, F, Q, model)
        value, kind = exact_mda.mda_exact(N, F, Q, model)
        meets = 2 * Q >= N + 3 * F + 1
        beyond += meets and not c.feasible
        if not c.feasible:
            continue
        feasible += 1
        if not meets or value != Fraction(str(c.extra["lemma12_factor"])) or kind != "parameterised":
            fails.append(f"n={N} f={F} q={Q} {model}: exact {value}, Lemma 12 {c.extra['lemma12_factor']}")
    return Check("lemma12-tight-d1", "Lemma 12, eq. (133)", LEMMA12_STATEMENT,
                 "symbolic identity; Assumption 5 => 2q >= n + 3f + 1 exact over 1 <= f <= 3, 3f+1 <= n <= 10f",
                 not fails, fails, f"{feasible} (n, f, q) under Assumption 5; {beyond} more where only "
                 "2q >= n + 3f + 1 holds (Lemma 12's value is exact there too)")


def check_rounds_vs_paper() -> Check:
    """The paper's N(t) against the rounds from the exact factor (MDA: to 2^-t Delta; ICwTM: to eq. 190's target)."""
    from avagree.proofs.checks import grid

    fails, count, fewer = [], 0, 0
    for N, F, Q, model in grid(2, 8):
        for rule in ("mda", "cwtm"):
            if not constants(rule, N, F, Q, model).feasible:
                continue
            for t in (1, 10):
                fields = exact.exact_fields(rule, N, F, Q, model, t=t)
                ours = fields["exact_iterations_icwtm_target" if rule == "cwtm" else "exact_iterations"]
                paper = int(constants(rule, N, F, Q, model, t=t).iterations)
                count += 1
                fewer += ours is not None and ours < paper
                if ours is None or ours > paper:
                    fails.append(f"{rule} n={N} f={F} q={Q} {model} t={t}: exact-factor rounds {ours} > N(t) = {paper}")
    return Check("rounds-vs-paper", "Section 5.1 N_MDA(t); Corollary 2, eq. (169)", ROUNDS_STATEMENT, ROUNDS_GRID,
                 not fails, fails, f"{count} (rule, n, f, q, t); the exact factor needs fewer rounds at {fewer}")


MDA_AVERAGING_STATEMENT = ("one round of MDA in d = 1: the exact supremum of |mean(out) - mean(in)|/Delta(in) is Lemma 13's "
                           "alpha = ((2f + h - q) q + (q - 2f) f)/(h (q - f)) when 2f + 1 <= q <= n - f (async), 2f/h when "
                           "q = n >= 2f + 1 (sync), for f >= 1 (unbounded when q <= 2f); every tie rule bounded by it, "
                           "the supremum under ties=adversary (attained by the family) and ties=first (approached by "
                           "the family)")


def check_exact_mda_averaging() -> Check:
    """MDA's averaging error: Z3's obligations (one receiver's deviation, the family's cover), sympy's family
    under both tie rules and models, and the identity with Lemma 13's alpha (async and sync)."""
    from avagree.smt.mda_parametric import prove_mda_averaging

    obs = prove_mda_averaging()
    fams = [mda_family.averaging_check(model, ties) for model in ("async", "sync") for ties in ("adversary", "first")]
    f_sym = sp.Symbol("f", positive=True, integer=True)
    same = [sp.simplify(mda.LEMMA13_ALPHA.subs(h, n - f_sym) - exact_mda.averaging_expression("async")) == 0,
            sp.simplify(mda.LEMMA13_ALPHA_SYNC.subs(h, n - f_sym) - exact_mda.averaging_expression("sync")) == 0]
    fails = [ob.describe() for ob in obs if not ob.proved] + [f"{c.family} {c.case} {c.model} {c.ties}: {c.status}"
                                                               for c in fams if c.status.startswith("fails")]
    fails += [] if all(same) else ["the closed form is not Lemma 13's alpha"]
    undecided = bool(fails) and all(same) and all(ob.status == "unknown" for ob in obs if not ob.proved) and \
        not any(c.status.startswith("fails") for c in fams)
    return Check("exact-mda-averaging", "Lemma 13, eq. (136); closed form (issue 29)", MDA_AVERAGING_STATEMENT,
                 f"parameterised: Z3 decides one receiver's deviation bound and the family's cover ({len(obs)} "
                 f"obligations), sympy the lower-bound family for symbolic parameters ({len(fams)} family checks; "
                 "docs/closed_forms.md, MDA's averaging error)", not fails, fails,
                 "Lemma 13's alpha is exact in d = 1 for every n, f and q >= 2f + 1, not only under Assumption 5",
                 undecided=undecided)


EXACT_MDA_CHECKS: tuple[Callable[[], Check], ...] = (check_exact_mda_contraction, check_lemma12_tight_d1,
                                                    check_rounds_vs_paper, check_exact_mda_averaging)
