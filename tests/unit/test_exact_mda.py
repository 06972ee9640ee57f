"""MDA's closed form in d = 1 (avagree.proofs.exact_mda): the Z3 obligations go through (and a
tighter bound's do not), the sympy families reach the formula (and a broken family does not), the
families replay through the reference MDA in exact arithmetic, and random executions never exceed
the formula; the round counts from an exact factor are the least T with factor**T <= 2**-t."""

from dataclasses import replace
from fractions import Fraction as Fr

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from avagree.algorithms.mda import mda, mda_tie_outputs
from avagree.proofs import exact_mda, exact_rounds, mda_family
from avagree.smt import mda_parametric as mp


def test_every_obligation_is_proved_for_all_parameters():
    obs = mp.prove_mda()
    assert len(obs) == 9 and all(ob.proved for ob in obs), [ob.describe() for ob in obs if not ob.proved]


def test_a_tighter_bound_is_refuted():
    assert mp.upper(True, "async", 3 * mp.FS + mp.SS - 1).status == "refuted"
    assert mp.upper(False, "async", mp.MS + 2 * mp.FS - 1).status == "refuted"


@pytest.mark.parametrize("name, model", list(mda_family.CASES))
def test_families_reach_the_formula(name, model):
    adversary = mda_family.check(name, model, "adversary")
    first = mda_family.check(name, model, "first")
    assert {c.status for c in adversary} == {"attained"}, [c.status for c in adversary]
    assert {c.status for c in first} == ({"attained"} if name == "unbounded" else {"approached"})


def test_a_broken_family_is_not_proved():
    case = mda_family.CASES["meet", "async"][0]
    fam = mda_family.family("meet", case, first=False)
    too_high = replace(fam, u_byz=((mda_family.sp.Integer(3), case.f),))  # spread 2 > 1: not the kept window
    with pytest.raises(mda_family.Undecided):
        mda_family.outputs(too_high, case, unique_u=False)
    illegal = replace(fam, k=fam.k - 1)  # U would get more ones than there are
    assert mda_family.deliveries_hold(illegal, case, "async")


def test_uniqueness_sees_a_tie_inside_one_window_type():
    """0, 1, 1, 7/4, 7/4 keeping 3: the windows at 1 and 2 both have spread 3/4 (first keeps the one at 1)."""
    R = mda_family.Received
    q = mda_family.sp.Rational
    with pytest.raises(mda_family.Undecided):
        R(((q(0), q(1)), (q(1), q(2)), (q(7, 4), q(2))), q(3)).keeps(q(2), unique=True)
    assert R(((q(0), q(2)), (q(1), q(1)), (q(7, 4), q(2))), q(3)).keeps(q(2), unique=True) == q(3, 2)


def _outputs(N, F, Q, name, model, first):
    inputs, deliveries, byzantine = mp.family_instance(name, model, N, F, Q, first)
    got = []
    for dlv, byz in zip(deliveries, byzantine):
        z = np.array([[inputs[i]] for i in dlv] + [[b] for b in byz], dtype=object)
        assert len(dlv) == Q - F and len(byz) == F and len(set(dlv)) == len(dlv)
        ties = [o[0] for o in mda_tie_outputs(z, F)]
        got.append(mda(z, F)[0] if first else (max(ties) if inputs[dlv[0]] else min(ties)))
    return max(got) - min(got)


@pytest.mark.parametrize("N, F, Q, name, model", [
    (7, 1, 6, "meet", "async"), (9, 1, 7, "meet", "async"), (13, 2, 11, "meet", "async"), (6, 1, 5, "meet", "async"),
    (7, 1, 5, "apart", "async"), (8, 2, 5, "apart", "async"), (10, 3, 7, "apart", "async"),
    (4, 1, 4, "meet", "sync"), (6, 2, 6, "apart", "sync"), (5, 2, 5, "apart", "sync"), (8, 3, 8, "apart", "sync")])
def test_families_replay_through_the_reference(N, F, Q, name, model):
    """Adversary: U and L keep their best optimal subsets, the gap is the formula; first: the
    reference's own choice, the formula minus f eps/m (eps = 1/4)."""
    value, _ = exact_mda.mda_exact(N, F, Q, model)
    assert _outputs(N, F, Q, name, model, first=False) == value
    assert _outputs(N, F, Q, name, model, first=True) == value - Fr(F, 4 * (Q - F))


def test_unbounded_below_2f_plus_1():
    inputs, deliveries, byzantine = mp.family_instance("unbounded", "async", 7, 2, 4, first=True)
    low = [mda(np.array([[inputs[i]] for i in d] + [[b] for b in byz], dtype=object), 2)[0]
           for d, byz in zip(deliveries, byzantine)]
    assert min(low) == -11 and exact_mda.mda_exact(7, 2, 4) == (None, "unbounded")  # B0 = 10: -(1 + B0)


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_random_executions_stay_within_the_formula(data):
    F = data.draw(st.integers(1, 2))
    N = data.draw(st.integers(3 * F + 1, 3 * F + 5))
    Q = data.draw(st.integers(2 * F + 1, N - F))
    h, m = N - F, Q - F
    inputs = [Fr(data.draw(st.integers(0, 4)), 4) for _ in range(h - 2)] + [Fr(0), Fr(1)]
    outs = []
    for j in (0, 1):
        others = data.draw(st.permutations([i for i in range(h) if i != j]))
        z = [[inputs[j]]] + [[inputs[i]] for i in others[: m - 1]]
        z += [[Fr(data.draw(st.integers(-8, 12)), 4)] for _ in range(F)]
        ties = [o[0] for o in mda_tie_outputs(np.array(z, dtype=object), F)]
        outs.append((min(ties), max(ties)))
    gap = max(outs[0][1] - outs[1][0], outs[1][1] - outs[0][0])
    assert gap <= exact_mda.mda_exact(N, F, Q)[0]


@pytest.mark.parametrize("factor", [Fr(4, 5), Fr(1, 2), Fr(40, 41), Fr(999, 1000), Fr(0), Fr(1, 3)])
@pytest.mark.parametrize("t", [0, 1, 7, 30])
def test_rounds_are_the_least_sufficient(factor, t):
    T = exact_rounds.rounds_to(factor, t)
    assert factor ** T <= Fr(1, 2 ** t) and (T == 0 or factor ** (T - 1) > Fr(1, 2 ** t))


def test_rounds_to_the_icwtm_target_and_none_without_contraction():
    T = exact_rounds.rounds_to_delta2(Fr(2, 3), 1, 5)
    assert 4 * 5 * Fr(2, 3) ** (2 * T) * 4 <= 1 < 4 * 5 * Fr(2, 3) ** (2 * T - 2) * 4
    assert exact_rounds.rounds_to(Fr(1), 1) is None and exact_rounds.rounds_to(Fr(1), 0) == 0


# --- the averaging error (issue 29, item 4) ---------------------------------------------------------------

def test_averaging_obligations_are_proved_and_a_tighter_bound_is_refuted():
    obs = mp.prove_mda_averaging()
    assert len(obs) == 4 and all(ob.proved for ob in obs), [ob.describe() for ob in obs if not ob.proved]
    tighter = mp.in_case_symbols(exact_mda.AVERAGING_NUMERATOR) - 1
    assert mp.averaging_upper("async", tighter).status == mp.averaging_upper("sync", tighter).status == "refuted"


@pytest.mark.parametrize("model", ["async", "sync"])
def test_averaging_family_reaches_the_formula(model):
    assert mda_family.averaging_check(model, "adversary").status == "attained"
    assert mda_family.averaging_check(model, "first").status == "approached"


def test_averaging_is_lemma13s_alpha():
    from avagree.proofs import mda
    from avagree.proofs.symbols import at

    for N, F, Q in ((6, 1, 5), (13, 2, 11), (9, 2, 5), (40, 7, 30)):
        assert exact_mda.mda_averaging_exact(N, F, Q)[0] == Fr(str(at(mda.LEMMA13_ALPHA, n=N, f=F, q=Q)))
    assert exact_mda.mda_averaging_exact(6, 1, 6, "sync")[0] == Fr(2, 5)
    assert exact_mda.mda_averaging_exact(7, 2, 4) == (None, "unbounded")


@pytest.mark.parametrize("N, F, Q, model", [(6, 1, 5, "async"), (7, 1, 4, "async"), (9, 2, 6, "async"),
                                            (10, 3, 7, "async"), (6, 1, 6, "sync"), (7, 2, 7, "sync")])
def test_averaging_family_replays_through_the_reference(N, F, Q, model):
    """k = m - f ones; every receiver gets them all, f zeros and f Byzantine values at 2 (2 - 1/4 under
    first): the adversary's best choices give the formula, the reference's own the formula minus f/(4m)."""
    h, m = N - F, Q - F
    k = m - F
    inputs = [Fr(int(i >= h - k)) for i in range(h)]
    ones, zeros = list(range(h - k, h)), list(range(h - k))
    for first in (False, True):
        outs = []
        for j in range(h):
            got = [j] + [i for i in ones if i != j] + [i for i in zeros if i != j][: F - (1 - int(inputs[j]))]
            assert len(got) == m and (model == "async" or len(got) == h)
            z = np.array([[inputs[i]] for i in got] + [[Fr(7, 4) if first else Fr(2)]] * F, dtype=object)
            outs.append(mda(z, F)[0] if first else max(o[0] for o in mda_tie_outputs(z, F)))
        error = sum(outs) / h - sum(inputs) / h
        value = exact_mda.mda_averaging_exact(N, F, Q, model)[0]
        assert error == (value - Fr(F, 4 * m) if first else value)


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_random_executions_stay_within_the_averaging_formula(data):
    F = data.draw(st.integers(1, 2))
    sync = data.draw(st.booleans())
    N = data.draw(st.integers(3 * F + 1, 3 * F + 4))
    Q = N if sync else data.draw(st.integers(2 * F + 1, N - F))
    h, m = N - F, Q - F
    inputs = [Fr(data.draw(st.integers(0, 4)), 4) for _ in range(h - 2)] + [Fr(0), Fr(1)]
    high, low = [], []
    for j in range(h):
        others = data.draw(st.permutations([i for i in range(h) if i != j]))
        z = [[inputs[j]]] + [[inputs[i]] for i in others[: m - 1]]
        z += [[Fr(data.draw(st.integers(-8, 12)), 4)] for _ in range(F)]
        ties = [o[0] for o in mda_tie_outputs(np.array(z, dtype=object), F)]
        high.append(max(ties))
        low.append(min(ties))
    mean, bound = sum(inputs) / h, exact_mda.mda_averaging_exact(N, F, Q, "sync" if sync else "async")[0]
    assert sum(high) / h - mean <= bound and mean - sum(low) / h <= bound
