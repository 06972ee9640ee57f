"""MDA in d >= 2 with Z3 (nonlinear): lifted d = 1 counterexamples, skeleton
classes, lazily refined minimality, and honest UNKNOWNs."""

from fractions import Fraction

import pytest

from avagree import ParameterError
from avagree.smt import COUNTEREXAMPLE, PROVED, UNKNOWN, decide
from avagree.smt.geometry import skeletons
from avagree.harness.witness import load, replay


@pytest.mark.parametrize("d", [2, 3])
def test_d1_counterexample_lifts_to_higher_dimension(d, tmp_path):
    r = decide("mda", 5, 1, 4, d=d, save_dir=tmp_path)
    assert r.verdict == COUNTEREXAMPLE and r.scope["d"] == d
    w = load(r.path)
    assert w.params.d == d and w.honest.shape == (4, d)
    assert (w.honest[:, 1:] == 0).all()  # embedded on the first axis
    assert replay(w).ok and w.measured >= 1  # Delta(out) >= Delta(in): no contraction


@pytest.mark.parametrize("h, f, q, sync", [(3, 1, 4, True), (4, 1, 4, False), (5, 1, 5, False), (5, 2, 5, False)])
def test_skeletons_are_legal_deliveries_and_kept_sets(h, f, q, sync):
    k = q - f
    classes = skeletons(h, f, q, sync)
    assert classes
    for sk in classes:
        for g in (0, 1):
            P, S = sk.delivered[g], sk.kept[g]
            assert g in P and len(P) == (h if sync else q - f) and len(set(P)) == len(P)
            assert len(S) == k and len(set(S)) == k
            assert all((e[0] == "h" and e[1] in P) or (e[0] == "b" and 0 <= e[1] < f) for e in S)


def test_symmetry_reduction_counts():
    # sync, h = 3, f = 1, q = 4: each receiver drops one of x0, x1, x2, b (16 ordered pairs); swapping the
    # receivers swaps the labels 0 and 1, with 4 fixed pairs: (16 + 4) / 2 = 10 classes (Burnside)
    assert len(skeletons(3, 1, 4, True)) == 10
    # async h = 4, f = 1, q = 4: 3 deliveries x 4 kept sets per receiver, 144 ordered pairs, fewer classes
    assert 144 / 4 <= len(skeletons(4, 1, 4, False)) < 144


def test_spent_budget_is_unknown():
    # under the reference tie rule the planar n = 4f sync question is open: a small budget decides nothing
    r = decide("mda", 4, 1, 4, "sync", d=2, rlimit=3_000_000, timeout=None, ties="first")
    assert r.verdict == UNKNOWN and "undecided" in r.reason and r.scope["ties"] == "first"
    assert f"{r.units} of the budget's 3000000 z3 units spent" in r.reason and r.units <= 3_000_000


@pytest.mark.parametrize("f, d", [(1, 2), (2, 2), (1, 3)])
def test_first_does_not_contract_at_6f_in_the_plane(f, d):
    # the tie-break family: in d = 1 ties=first contracts at n = 6f, in the plane a rotated canonical order
    # keeps the Byzantine tied subset at both receivers
    assert decide("mda", 6 * f, f, 5 * f, d=1, ties="first").verdict == PROVED
    r = decide("mda", 6 * f, f, 5 * f, d=d, ties="first")
    assert (r.verdict, r.scope["ties"]) == (COUNTEREXAMPLE, "first") and "ties" not in r.witness.extra
    assert replay(r.witness).ok and r.witness.measured == 1 and r.witness.params.d == d


def test_average_at_6f_in_the_plane_is_proved_by_the_averaging_argument():
    r = decide("mda", 6, 1, 5, d=2, ties="average")
    assert (r.verdict, r.scope["ties"]) == (PROVED, "average")
    assert "42 by the linear relaxation" in r.reason and "8 by the averaging argument" in r.reason
    # the argument is for ties=average only: the same classes under adversary are a lifted counterexample
    assert decide("mda", 6, 1, 5, d=2, ties="adversary").verdict == COUNTEREXAMPLE


def test_averaging_argument_needs_kept_byzantine_at_both_receivers():
    from avagree.smt.budget import Budget
    from avagree.smt.plane_average import refuted_under_average
    from avagree.smt.plane_case import Frame
    budget = Budget(10**8)  # a fresh z3 context first, then the terms
    frame = Frame(5, 1, 2)
    solver = budget.solver()
    solver.add(frame.relaxed)
    decided = [refuted_under_average(solver, frame, sk, 4, Fraction(1), budget, "t") for sk in skeletons(5, 1, 5, False)]
    honest_only = [any(not any(e[0] == "b" for e in sk.kept[g]) for g in (0, 1)) for sk in skeletons(5, 1, 5, False)]
    assert sum(decided) >= 8 and not any(d and h for d, h in zip(decided, honest_only))


def test_adversary_counterexample_lifts_to_the_plane():
    # under ties=adversary the d = 1 counterexample at n = 6f embeds in the plane with its recorded choices
    r = decide("mda", 6, 1, 5, d=2)
    assert (r.verdict, r.scope["ties"]) == (COUNTEREXAMPLE, "adversary")
    assert r.witness.params.d == 2 and r.witness.extra["ties"] == "adversary" and "choices" in r.witness.extra
    assert replay(r.witness).ok


def test_bad_requests_in_higher_dimension():
    with pytest.raises(ParameterError, match="d=2"):
        decide("mda", 7, 1, 6, d=2, spec="averaging", bound=Fraction(1))
    with pytest.raises(ParameterError, match="d=2"):
        decide("mda", 7, 1, 6, d=2, rounds=2)
    with pytest.raises(ParameterError, match="q="):
        decide("mda", 7, 2, 2, d=2)  # q must exceed f


def _skeleton_point(w, d=2):
    """A violating execution as (skeleton, values of the formula's variables), normalised as the engine does."""
    from avagree.algorithms.mda import mda_subsets
    from avagree.model.execution import received
    from avagree.smt.skeletons import Skeleton

    x, outs, dl = w.honest, w.outputs, w.rounds[0].deliveries
    h, f = x.shape[0], w.params.f
    gap = lambda a, b: ((outs[a] - outs[b]) ** 2).sum()  # noqa: E731
    # the farthest outputs, ordered so that out_a - out_b points the first axis's way (the normal form)
    a, b = max(((a, b) for a in range(h) for b in range(h) if a != b),
               key=lambda ab: (gap(*ab), outs[ab[0]][0] - outs[ab[1]][0]))
    perm = [a, b] + [j for j in range(h) if j not in (a, b)]
    new = {old: i for i, old in enumerate(perm)}
    origin = x[a]
    scale = max(((x[i] - x[j]) ** 2).sum() for i in range(h) for j in range(h))  # squared diameter

    def norm(v):  # translate, scale to diameter 1 (d = 1 here, so a square root of a square is rational)
        from fractions import Fraction
        from math import isqrt

        num, den = scale.numerator, scale.denominator
        assert isqrt(num) ** 2 == num and isqrt(den) ** 2 == den
        root = Fraction(isqrt(num), isqrt(den))
        out = [(v[0] - origin[0]) / root] + [Fraction(0)] * (d - 1)
        return out

    values, delivered, kept = {}, [], []
    for j in range(1, h):
        for c, val in enumerate(norm(x[perm[j]])):
            values[f"x_{j}_{c}"] = val
    for g in (0, 1):
        dv = dl[perm[g]]
        z = received(x, dv)
        ids = [("h", new[k]) for k in dv.honest] + [("b", i) for i in range(f)]
        for i in range(f):
            for c, val in enumerate(norm(dv.byzantine[i])):
                values[f"b_{g}_{i}_{c}"] = val
        subset = next(s for s in mda_subsets(z, f) if (z[s].sum(axis=0) / len(s) == outs[perm[g]]).all())
        S = tuple(ids[i] for i in subset)
        kept.append(S)
        delivered.append(tuple(sorted(new[k] for k in dv.honest)))
        pts = {e: norm(z[i]) for i, e in enumerate(ids)}
        values[f"D_{g}"] = max(sum((p - q) ** 2 for p, q in zip(pts[e1], pts[e2])) for e1 in S for e2 in S)
    return Skeleton(tuple(delivered), tuple(kept)), values


@pytest.mark.parametrize("n, f", [(5, 1), (4, 1), (9, 2)])
def test_a_real_violation_satisfies_its_skeleton_formula_and_relaxation(n, f):
    """Soundness of the encoding and of the linear relaxation: a replayed counterexample,
    put in the engine's normal form, satisfies every constraint of its skeleton."""
    import z3

    from avagree.smt.plane_case import Case, Frame

    w = decide("mda", n, f, n - f).witness
    sk, values = _skeleton_point(w)
    case = Case(Frame(n - f, f, 2), sk, n - 2 * f, Fraction(1), True)
    subst = [(z3.Real(k), z3.RealVal(v)) for k, v in values.items()]
    for c in case.cons + case.relaxed:
        assert z3.is_true(z3.simplify(z3.substitute(c, *subst))), c


def _planar_point(rng, h, f, k):
    """A random exact execution of MDA in the plane at two receivers (nodes 0 and 1), put in the engine's normal
    form by a similarity computed exactly: (skeleton, values of the formula's variables, the outputs' distance)."""
    from math import isqrt

    import numpy as np

    from avagree.algorithms import mda_subsets
    from avagree.smt.skeletons import Skeleton

    F = Fraction
    pts = lambda m: [[F(int(c)) for c in rng.integers(-6, 7, size=2)] for _ in range(m)]  # noqa: E731
    x = pts(h)
    delivered, received, kept, outs = [], [], [], []
    for g in (0, 1):
        dl = tuple(sorted([g] + [int(j) for j in rng.choice([j for j in range(h) if j != g], k - 1, replace=False)]))
        z = np.array([x[j] for j in dl] + pts(f), dtype=object)
        S = [int(i) for i in mda_subsets(z, f)[0]]
        ids = [("h", j) for j in dl] + [("b", i) for i in range(f)]
        delivered.append(dl), received.append((ids, z)), kept.append(tuple(ids[i] for i in S))
        outs.append(z[S].sum(axis=0) / len(S))
    vx, vy = outs[0] - outs[1]
    if vx == vy == 0:
        return None
    # rotation and scaling by |v| taking out_0 - out_1 to the first axis, then a reflection putting x_1 above it
    flip = -1 if (-vy * (x[1][0] - x[0][0]) + vx * (x[1][1] - x[0][1])) < 0 else 1
    move = lambda p: (vx * (p[0] - x[0][0]) + vy * (p[1] - x[0][1]),  # noqa: E731
                      flip * (-vy * (p[0] - x[0][0]) + vx * (p[1] - x[0][1])))
    sq = lambda u, v: (u[0] - v[0]) ** 2 + (u[1] - v[1]) ** 2  # noqa: E731
    diam = max(sq(move(p), move(r)) for p in x for r in x)
    t = F(isqrt(int(diam)) + 1)  # t^2 >= the squared diameter: honest squared diameter <= 1 after dividing by t
    norm = lambda p: [c / t for c in move(p)]  # noqa: E731
    values = {f"x_{j}_{c}": v for j in range(1, h) for c, v in enumerate(norm(x[j]))}
    for g, (ids, z) in enumerate(received):
        pos = {e: norm(z[i]) for i, e in enumerate(ids)}
        values |= {f"b_{g}_{i}_{c}": v for i in range(f) for c, v in enumerate(pos[("b", i)])}
        values[f"D_{g}"] = max(sq(pos[e1], pos[e2]) for e1 in kept[g] for e2 in kept[g])
    return Skeleton(tuple(delivered), tuple(kept)), values, (vx * vx + vy * vy) / t


@pytest.mark.parametrize("h, f, k", [(4, 1, 3), (6, 2, 4), (5, 2, 5)])
def test_a_planar_execution_satisfies_its_normal_form_and_relaxation(h, f, k):
    """Soundness of the normal form (outputs' difference on the first axis, x_1 above it) and of the
    projection relaxation on genuinely planar executions: every constraint holds at the outputs' distance."""
    import numpy as np
    import z3

    from avagree.smt.plane_case import Case, Frame

    rng, seen = np.random.default_rng(7), 0
    for _ in range(12):
        point = _planar_point(rng, h, f, k)
        if point is None:
            continue
        sk, values, dist = point
        assert values["x_1_1"] >= 0 and dist > 0
        case = Case(Frame(h, f, 2), sk, k, dist, True)
        subst = [(z3.Real(name), z3.RealVal(v)) for name, v in values.items()]
        for c in case.cons + case.relaxed:
            assert z3.is_true(z3.simplify(z3.substitute(c, *subst))), c
        seen += 1
    assert seen >= 10


def test_proved_in_two_dimensions():
    r = decide("mda", 5, 1, 5, "sync", d=2)
    assert r.verdict == PROVED and "11 refuted" in r.reason and r.scope["d"] == 2


def test_too_many_skeletons_is_unknown_at_once():
    from avagree.smt.skeletons import MAX_WORK, enumeration_work, skeleton_count

    assert skeleton_count(3, 1, 4, True) == 16 and skeleton_count(4, 1, 4, False) == 144
    h = next(h for h in range(3, 60) if enumeration_work(h, False) > MAX_WORK)
    # the d = 1 check (lifting) gets a quarter of the budget, then the count answers at once
    r = decide("mda", h + 2, 2, h, d=2, rlimit=8_000_000, timeout=None)
    assert r.verdict == UNKNOWN and "too many" in r.reason and r.units <= 2_000_000 * 1.1


def test_bounds_on_the_planar_supremum():
    from avagree.smt import worst

    one = worst("mda", 6, 1, 6, "sync")  # exact in d = 1
    r = worst("mda", 6, 1, 6, "sync", d=2, rlimit=60_000_000, timeout=None)
    # the planar supremum is the d = 1 one: the projection relaxation proves it an upper bound
    assert r.verdict == PROVED and r.lower == r.upper == one.value and "exactly" in r.reason
    again = decide("mda", 6, 1, 6, "sync", d=2, bound=r.upper, strict=False, rlimit=60_000_000, timeout=None)
    assert again.verdict == PROVED  # the upper bound is a proof, re-checkable
    below = decide("mda", 6, 1, 6, "sync", d=2, bound=r.upper - Fraction(1, 1000), strict=False, rlimit=60_000_000,
                   timeout=None)
    assert below.verdict == COUNTEREXAMPLE  # and nothing below it is: the relaxation refutes no real execution
    assert r.as_json()["upper"] == str(r.upper)
    with pytest.raises(ParameterError, match="contraction factor"):
        worst("mda", 6, 1, 6, "sync", d=2, spec="averaging")
