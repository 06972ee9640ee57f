"""The direct enumeration of MDA skeleton classes (pattern counts) against the
brute force it replaces: every raw skeleton, canonicalised by trying every
relabelling of honest nodes 2..h-1, every permutation of each receiver's
Byzantine vectors and both orders of the receivers."""

from itertools import combinations, permutations

import pytest

from avagree.smt.skeletons import Skeleton, signature, skeleton_count, skeletons


def _raw(h, f, q, sync):
    k = q - f

    def deliveries(g):
        if sync:
            return [tuple(range(h))]
        rest = [j for j in range(h) if j != g]
        return [tuple(sorted((g, *c))) for c in combinations(rest, q - f - 1)]

    def kept_sets(P):
        return combinations([("h", j) for j in P] + [("b", i) for i in range(f)], k)

    for P0 in deliveries(0):
        for P1 in deliveries(1):
            for S0 in kept_sets(P0):
                for S1 in kept_sets(P1):
                    yield Skeleton((P0, P1), (S0, S1))


def _maps(h, f):
    others = list(range(2, h))
    for perm in permutations(others):
        for swap in (False, True):
            mp = {0: int(swap), 1: 1 - int(swap), **dict(zip(others, perm))}
            for b0 in permutations(range(f)):
                for b1 in permutations(range(f)):
                    yield mp, swap, (b0, b1)


def _brute_canon(sk, maps):
    def key(mp, swap, byz):
        parts = []
        for g in (0, 1):
            rel = tuple(sorted(("h", mp[e[1]]) if e[0] == "h" else ("b", byz[g][e[1]]) for e in sk.kept[g]))
            parts.append((tuple(sorted(mp[j] for j in sk.delivered[g])), rel))
        return tuple(parts[::-1]) if swap else tuple(parts)

    return min(key(*m) for m in maps)


# (h, f, q, sync): n = 7, f = 1 async; n = 5, 6 f = 1 sync; n = 8, f = 1 async; n = 7, f = 2 async and sync
CASES = [(6, 1, 6, False), (4, 1, 5, True), (5, 1, 6, True), (7, 1, 7, False), (5, 2, 5, False), (5, 2, 7, True)]


@pytest.mark.parametrize("h, f, q, sync", CASES)
def test_direct_classes_equal_brute_force_classes(h, f, q, sync):
    maps = list(_maps(h, f))
    brute = {_brute_canon(sk, maps) for sk in _raw(h, f, q, sync)}
    direct = [_brute_canon(sk, maps) for sk in skeletons(h, f, q, sync)]
    assert len(set(direct)) == len(direct)  # one representative per class
    assert set(direct) == brute


@pytest.mark.parametrize("h, f, q, sync", CASES)
def test_signature_separates_exactly_the_brute_force_classes(h, f, q, sync):
    maps = list(_maps(h, f))
    pairs = {(signature(sk, h), _brute_canon(sk, maps)) for sk in _raw(h, f, q, sync)}
    assert len({s for s, _ in pairs}) == len({c for _, c in pairs}) == len(pairs)


def test_class_counts_the_benchmarks_quote():
    # docs/benchmarks.md: 51 classes at n = 7, f = 1 async, 11 at n = 5 and 6, f = 1 sync (the brute force's counts)
    assert [len(skeletons(*c)) for c in CASES[:3]] == [51, 11, 11]
    assert skeleton_count(6, 1, 6, False) == 900
