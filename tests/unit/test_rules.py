"""Reference rules: float mode equals exact mode, order invariance, validity of
trimming rules, MDA against brute force, and hand-computed values."""

import itertools
from fractions import Fraction as Fr
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, strategies as st

import avagree
from avagree.algorithms import RULES, coordinatewise, fast, mda_subsets, mda_tie_outputs
from avagree.algorithms.distance import pairwise_sq_distances
from avagree.algorithms.rule import NO_TIES
from avagree.audit.tables import markers, rules_table, update_between_markers
from avagree.errors import InputError
from avagree.smt import rule_encodings
from avagree.smt.geometry import GEOMETRIC
from avagree.proofs import RULES_WITH_CONSTANTS
from avagree.oracle.strategies import exact_arrays, received_for, to_float

ALL = sorted(RULES)


def _call(rule, z, f, own=None):
    if RULES[rule].needs_own and own is None:
        own = z[0]
    return avagree.aggregate(rule, z, f, own=own)


@pytest.mark.parametrize("rule", ALL)
@given(data=st.data())
def test_float_equals_exact(rule, data):
    z, f = data.draw(received_for(RULES[rule].min_q))
    exact = _call(rule, z, f)
    flt = _call(rule, to_float(z), f)
    assert exact.dtype == object and flt.dtype == np.float64
    ref = np.array([float(v) for v in exact])
    # MDA/Krum choices may differ on float ties only when exact distances tie; inputs are exact dyadics-or-not,
    # so compare to the exact answer with a relative tolerance.
    assert np.allclose(flt, ref, rtol=1e-12, atol=1e-12 * max(1.0, np.abs(ref).max()))


@pytest.mark.parametrize("rule", ALL)
@given(data=st.data())
def test_order_invariance(rule, data):
    z, f = data.draw(received_for(RULES[rule].min_q))
    perm = data.draw(st.permutations(list(range(z.shape[0]))))
    own = z[0]
    a = _call(rule, z, f, own)
    b = _call(rule, z[list(perm)], f, own)
    assert list(a) == list(b)


@given(data=st.data())
def test_cwtm_within_honest_range(data):
    f = data.draw(st.integers(0, 3))
    q = data.draw(st.integers(2 * f + 1, 2 * f + 6))
    b = data.draw(st.integers(0, f))
    honest = data.draw(exact_arrays(rows=q - b, d=st.integers(1, 3)))
    d = honest.shape[1]
    byz = data.draw(exact_arrays(rows=b, d=d, bound=10_000)) if b else np.zeros((0, d), dtype=object)
    z = np.concatenate([honest, byz]) if b else honest
    for rule in ("cwtm", "trimmed-middle", "median", "winsorized-mean"):
        out = avagree.aggregate(rule, z, f)
        assert (out >= honest.min(axis=0)).all() and (out <= honest.max(axis=0)).all(), rule


def _brute_mda(z, f):
    q = z.shape[0]
    best, subsets = None, []
    for s in itertools.combinations(range(q), q - f):
        diam = max((sum((z[i] - z[j]) ** 2) for i, j in itertools.combinations(s, 2)), default=Fr(0))
        if best is None or diam < best:
            best, subsets = diam, [s]
        elif diam == best:
            subsets.append(s)
    return best, subsets


@given(data=st.data())
def test_mda_matches_brute_force(data):
    z, f = data.draw(received_for(lambda f: f + 1, max_q=8))
    best, subsets = _brute_mda(z, f)
    got = [tuple(s) for s in mda_subsets(z, f)]
    assert sorted(got) == sorted(subsets)
    outs = {tuple(z[list(s)].sum(axis=0) / len(s)) for s in subsets}
    assert {tuple(o) for o in mda_tie_outputs(z, f)} == outs
    first = tuple(avagree.aggregate("mda", z, f))
    assert first in outs
    avg = avagree.aggregate("mda-avg", z, f)
    assert list(avg) == list(sum(z[list(s)].sum(axis=0) for s in subsets) / ((z.shape[0] - f) * len(subsets)))


def test_mda_tie_rule_is_lexicographically_first_in_sorted_order():
    z = np.array([[Fr(1)], [Fr(-1)], [Fr(0)], [Fr(-1)], [Fr(1)]], dtype=object)
    # Every 4-subset has diameter 2 except none; ties: keep the smallest values first.
    assert list(avagree.aggregate("mda", z, 1)) == [Fr(-1, 4)]
    assert list(avagree.aggregate("mda-avg", z, 1)) == [Fr(0)]
    assert sorted(float(o[0]) for o in mda_tie_outputs(z, 1)) == [-0.25, 0.0, 0.25]


def test_hand_values():
    z = [[Fr(1)], [Fr(2)], [Fr(3)], [Fr(100)], [Fr(-7)]]
    assert list(avagree.aggregate("cwtm", z, 1)) == [Fr(2)]
    assert list(avagree.aggregate("trimmed-middle", z, 1)) == [Fr(2)]
    assert list(avagree.aggregate("trimmed-middle", z, 0)) == [Fr(93, 2)]
    assert list(avagree.aggregate("median", z[:4], 1)) == [Fr(5, 2)]
    assert list(avagree.aggregate("mean", z, 1)) == [Fr(99, 5)]
    assert list(avagree.aggregate("mda", z, 1)) == [Fr(-1, 4)]  # {-7,1,2,3} diam 10 < {1,2,3,100} diam 99
    assert list(avagree.aggregate("mda", z, 2)) == [Fr(2)]
    assert list(avagree.aggregate("cva", z, 2, own=[Fr(100)])) == [Fr(35)]  # 100, 3, 2
    # Krum, q = 5, f = 1: m = q - f - 2 = 2 nearest neighbours; scores 1: 1+4, 2: 1+1, 3: 1+4, -7: 64+81
    assert list(avagree.aggregate("krum", z, 1)) == [Fr(2)]
    assert list(avagree.aggregate("multi-krum", z, 1)) == [Fr(-1, 4)]  # 1, 2, 3, -7 (score 64+81)


def test_winsorized_mean_hand_values():
    z = [[Fr(0), Fr(10)], [Fr(1), Fr(-4)], [Fr(5), Fr(2)], [Fr(6), Fr(3)], [Fr(100), Fr(0)]]
    # f = 1: column 0 sorted 0, 1, 5, 6, 100 -> 1, 1, 5, 6, 6; column 1 sorted -4, 0, 2, 3, 10 -> 0, 0, 2, 3, 3
    assert list(avagree.aggregate("winsorized-mean", z, 1)) == [Fr(19, 5), Fr(8, 5)]
    assert list(avagree.aggregate("winsorized-mean", z, 0)) == [Fr(112, 5), Fr(11, 5)]  # f = 0: the mean
    assert list(avagree.aggregate("winsorized-mean", z, 2)) == [Fr(5), Fr(2)]  # q = 2f + 1: the median
    assert RULES["winsorized-mean"].weights(5, 1) == {2: Fr(2, 5), 3: Fr(1, 5), 4: Fr(2, 5)}
    flt = avagree.aggregate("winsorized-mean", np.array(z, dtype=float), 1)
    assert flt.dtype == np.float64 and flt.tolist() == [3.8, 1.6]


def test_meamed_hand_values():
    z = [[Fr(0), Fr(10)], [Fr(10), Fr(-4)], [Fr(11), Fr(2)], [Fr(6), Fr(3)], [Fr(100), Fr(0)]]
    # f = 1, q - f = 4: column 0 sorted 0, 6, 10, 11, 100, median 10: radii 10 (0..11), 90 (6..100) -> mean of 0, 6, 10, 11
    # column 1 sorted -4, 0, 2, 3, 10, median 2: radii 6 (-4..3), 8 (0..10) -> mean of -4, 0, 2, 3
    assert list(avagree.aggregate("meamed", z, 1)) == [Fr(27, 4), Fr(1, 4)]
    assert list(avagree.aggregate("meamed", z, 0)) == [Fr(127, 5), Fr(11, 5)]  # f = 0: the mean
    # a tie between the windows {0, 2} and {2, 4} around the median 2: the leftmost is kept
    assert list(avagree.aggregate("meamed", [[Fr(0)], [Fr(2)], [Fr(4)]], 1)) == [Fr(1)]
    # the output can leave the honest range: honest 0, 10 and one Byzantine 11 give 21/2
    assert list(avagree.aggregate("meamed", [[Fr(0)], [Fr(10)], [Fr(11)]], 1)) == [Fr(21, 2)]
    flt = avagree.aggregate("meamed", np.array(z, dtype=float), 1)
    assert flt.dtype == np.float64 and flt.tolist() == [6.75, 0.25]
    assert RULES["meamed"].resolve_ties(None) == "first" and RULES["meamed"].chooser is None


def test_2d_mda_geometry():
    z = np.array([[0, 0], [1, 0], [0, 1], [10, 10], [1, 1]], dtype=float)
    assert np.allclose(avagree.aggregate("mda", z, 1), [0.5, 0.5])


def test_exact_distances_never_negative_near_identical():
    base = np.full(1000, 1e8)
    z = np.stack([base, base + 1e-7, base - 1e-7, base])
    D = pairwise_sq_distances(z)
    assert (D >= 0).all() and D[0, 3] == 0.0 and D[0, 1] > 0


@pytest.mark.parametrize("rule", sorted(fast.KINDS))
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("q, f", [(1, 0), (2, 0), (5, 2), (8, 2), (12, 3), (13, 6), (30, 5), (32, 0), (40, 8)])
def test_fast_path_equals_numpy_path(rule, dtype, q, f, monkeypatch):
    if not fast.AVAILABLE:
        pytest.skip("numba not installed")
    z = np.random.default_rng(q * 10 + f).standard_normal((q, 5000)).astype(dtype)
    z[:, :10] = np.round(z[:, :10])  # ties
    got = fast.coordinatewise(z, f, rule)
    monkeypatch.setattr(fast, "AVAILABLE", False)
    ref = RULES[rule].fn(z, f, None)
    assert got.dtype == ref.dtype == dtype
    assert np.array_equal(got, ref)


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
@pytest.mark.parametrize("rule", sorted(name for name, r in RULES.items() if not r.needs_own))  # every rule
@pytest.mark.parametrize("q", [8, 40])  # the register kernels (q <= 32) and the tile kernel
def test_non_finite_rejected_on_every_path(rule, bad, q):
    z = np.random.default_rng(0).standard_normal((q, 3000))  # wide enough for the compiled kernels
    z[3, 123] = bad
    with pytest.raises(avagree.InputError, match="NaN or inf"):
        avagree.aggregate(rule, z, 2)
    z[3, 123] = 0.0
    z[:, 7] = 1e308  # finite input whose mean overflows: the rule's fault, not the input's
    if rule == "mean":
        with np.errstate(over="ignore"), pytest.raises(avagree.RuleError, match="non-finite"):
            avagree.aggregate(rule, z, 2)


def test_sorting_network_sorts_every_0_1_input():
    """Batcher's network (the kernel for q > 12) sorts all 2^q inputs of 0s and 1s,
    hence every input (the 0-1 principle)."""
    kernels = pytest.importorskip("avagree.algorithms.kernels")  # needs numba
    for q in range(1, 17):
        pairs = kernels.batcher_network(q)
        x = ((np.arange(2**q)[None, :] >> np.arange(q)[:, None]) & 1).astype(np.int8)
        for i, j in pairs:
            x[i], x[j] = np.minimum(x[i], x[j]), np.maximum(x[i], x[j])
        assert (np.diff(x, axis=0) >= 0).all(), q
    assert len(kernels.batcher_network(30)) == 178  # vs 435 for odd-even transposition


@pytest.mark.parametrize("kind", ["cwtm", "trimmed-middle", "median"])
def test_pruned_network_gives_the_positions_the_rule_reads(kind):
    """The comparators kept for a rule (the register kernels) put the right values at the
    positions the rule reads, for every 0-1 input up to q = 16 (so for every input), and
    computing only the outputs marked live changes none of them."""
    kernels = pytest.importorskip("avagree.algorithms.kernels")  # needs numba
    for q in range(1, 17):
        for f in range(0, (q - 1) // 2 + 1):
            live = kernels.live_positions(q, f, kind)
            x = ((np.arange(2**q)[None, :] >> np.arange(q)[:, None]) & 1).astype(np.int8)
            want = np.sort(x, axis=0)[live]
            for i, j, low, high in kernels.pruned_network(q, live):
                a, b = x[i].copy(), x[j].copy()
                x[i] = np.minimum(a, b) if low else -1  # an output not marked live must never be read
                x[j] = np.maximum(a, b) if high else -1
            assert np.array_equal(x[live], want), (q, f)
    full = len(kernels.batcher_network(30))
    assert len(kernels.pruned_network(30, kernels.live_positions(30, 5, kind))) < full


@pytest.mark.parametrize("numba", [True, False])
@pytest.mark.parametrize("rule", ["mda", "krum", "multi-krum", "mda-avg"])
def test_wide_distance_rules_ignore_arrival_order(rule, numba, monkeypatch):
    """Wide input: the Gram product (the compiled kernel, or BLAS on the rows copied in
    canonical order) does not depend on the order the rows arrived in, so neither do
    the distances nor the outputs; the near-duplicate pair is repaired."""
    if numba and not fast.AVAILABLE:
        pytest.skip("numba not installed")
    monkeypatch.setattr(fast, "AVAILABLE", numba)
    rng = np.random.default_rng(3)
    z = rng.standard_normal((9, 20_000))
    z[5] = z[2] + 1e-9  # a near-duplicate pair: the cancellation repair
    z[7] *= 40  # an outlier
    got = avagree.aggregate(rule, z, 2)
    for _ in range(3):
        perm = rng.permutation(9)
        assert list(avagree.aggregate(rule, z[perm], 2)) == list(got)
        assert np.array_equal(pairwise_sq_distances(z[perm], np.argsort(perm)), pairwise_sq_distances(z))
    D = pairwise_sq_distances(z)
    ref = ((z[:, None, :] - z[None, :, :]) ** 2).sum(axis=2)
    assert np.allclose(D, ref, rtol=1e-10, atol=0)
    assert abs(D[2, 5] - ref[2, 5]) <= 1e-12 * ref[2, 5]  # repaired: from the Gram matrix it would be noise


def test_numpy_path_chunks_large_inputs(monkeypatch):
    monkeypatch.setattr(fast, "AVAILABLE", False)
    monkeypatch.setattr(coordinatewise, "_CHUNK", 7)
    z = np.random.default_rng(1).standard_normal((6, 50))
    assert np.array_equal(coordinatewise.cwtm(z, 1), np.sort(z, axis=0)[1:5].sum(axis=0) / 4)


def test_gram_distances_are_accurate_for_near_identical_vectors():
    rng = np.random.default_rng(7)
    base = rng.standard_normal(2000) * 1e4
    z = np.stack([base, base + 1e-9, base * (1 + 1e-12), base, rng.standard_normal(2000)])
    D = pairwise_sq_distances(z)
    for i in range(5):
        for j in range(5):
            ref = float(((z[i] - z[j]) ** 2).sum())
            assert D[i, j] >= 0
            assert abs(D[i, j] - ref) <= 1e-9 * max(ref, 1e-300) or (i == j and D[i, j] == 0)


LSTATS = sorted(name for name, r in RULES.items() if r.weights is not None)


def test_registry_records():
    assert list(RULES)[:9] == ["mean", "median", "cwtm", "trimmed-middle", "mda", "mda-avg", "cva", "krum",
                               "multi-krum"]
    assert {"mean", "median", "cwtm", "trimmed-middle"} <= set(LSTATS)
    assert set(GEOMETRIC) <= set(RULES) and set(fast.KINDS) <= set(RULES)
    assert {n: r.constants for n, r in RULES.items() if r.iterated} == {
        "cwtm": "cwtm", "trimmed-middle": "trimmed-middle", "mda": "mda", "mda-avg": "mda"}
    # every key a record names is one the proofs compute, and every rule the proofs cover has a record naming it
    assert {r.constants for r in RULES.values() if r.constants} == set(RULES_WITH_CONSTANTS)
    assert all(rule_encodings.encoded(r, NO_TIES) for r in RULES.values() if r.weights is not None)
    assert set(rule_encodings.ENCODINGS) <= set(RULES)


@pytest.mark.parametrize("rule", LSTATS)
@given(data=st.data())
def test_lstat_weights_equal_reference(rule, data):
    """The weights (which give the Z3 encoding) are the reference rule: sum_p w_p z_(p) per coordinate."""
    z, f = data.draw(received_for(RULES[rule].min_q))
    q = z.shape[0]
    w = RULES[rule].weights(q, f)
    assert sum(w.values()) == 1 and set(w) <= set(range(1, q + 1))
    s = np.sort(z, axis=0)
    expected = [sum(c * s[p - 1, i] for p, c in w.items()) for i in range(z.shape[1])]
    assert list(_call(rule, z, f)) == expected


def test_docs_table_is_the_registry():
    """docs/rules.md holds, between its markers, the table ``avagree tables rules`` writes
    (regenerate it with ``avagree tables rules --update docs/rules.md``)."""
    docs = (Path(__file__).resolve().parents[2] / "docs" / "rules.md").read_text()
    begin, end = markers("rules")
    assert docs.split(begin, 1)[1].split(end, 1)[0].strip() == "\n".join(rules_table())


def test_update_between_markers_rewrites_only_the_block(tmp_path):
    doc = tmp_path / "rules.md"
    begin, end = markers("rules")
    doc.write_text(f"before\n{begin}\nstale\n{end}\nafter\n")
    update_between_markers("rules", str(doc))
    text = doc.read_text()
    assert text.startswith(f"before\n{begin}\n| rule | title") and text.endswith(f"{end}\nafter\n")
    assert "stale" not in text and text.count("| `mda` |") == 1
    (tmp_path / "bare.md").write_text("no markers\n")
    with pytest.raises(InputError, match="needs the lines"):
        update_between_markers("rules", str(tmp_path / "bare.md"))


@pytest.mark.parametrize("numba", [True, False])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_blocked_mean_is_numpys_mean_bit_for_bit(dtype, numba, monkeypatch):
    """The mean sums and divides a block of columns at a time (numpy path, or the compiled
    kernel on every thread): the same bits as z.sum(axis=0) / q (d spans two full blocks and
    a partial one)."""
    from avagree.algorithms.coordinatewise import MEAN_BLOCK, mean

    if numba and not fast.AVAILABLE:
        pytest.skip("numba not installed")
    monkeypatch.setattr(fast, "AVAILABLE", numba)
    z = np.random.default_rng(3).standard_normal((7, 2 * MEAN_BLOCK + 5)).astype(dtype) * 1e3
    got, want = mean(z, 2), z.sum(axis=0) / 7
    assert got.dtype == want.dtype and got.tobytes() == want.tobytes()


def test_krum_scores_are_the_sum_of_the_least_distances_added_in_order():
    """Krum's scores, computed by one sort and a running sum, equal the definition (the q - f - 2 least
    squared distances to the others, added from the least) bit for bit in float and exactly with Fractions."""
    from fractions import Fraction

    import numpy as np

    from algorithms.distance import canonical_order, pairwise_sq_distances
    from algorithms.krum import krum_scores

    def by_definition(z, f, order=None):
        q, D = z.shape[0], pairwise_sq_distances(z, order)
        return [sum(sorted(D[i, j] for j in range(q) if j != i)[: q - f - 2], D[i, i] * 0) for i in range(q)]

    rng = np.random.default_rng(3)
    for t in range(300):
        q = int(rng.integers(5, 14))
        f = int(rng.integers(1, (q - 3) // 2 + 1))
        z = rng.standard_normal((q, 3)) * 10.0 ** int(rng.integers(-3, 4)) if t % 2 else rng.integers(-2, 3, (q, 3)) * 1.0
        order = canonical_order(z)
        assert krum_scores(z, f, order) == by_definition(z, f, order)
    exact = np.array([[Fraction(int(v), 3) for v in row] for row in rng.integers(-4, 5, (9, 2))], dtype=object)
    assert krum_scores(exact, 2) == by_definition(exact, 2)
