"""The minimum-diameter subset search against enumeration: the least diameter, the
lexicographically first optimal subset and every optimal subset, on distance matrices
with many ties (few distinct integers), outliers and duplicate points (distance 0)."""

import itertools

import numpy as np
from hypothesis import given, strategies as st

from avagree.algorithms.min_diameter import all_optimal, first_optimal, optimal_threshold


def _enumerated(D, k):
    q = D.shape[0]
    diam = {s: max((D[a, b] for a, b in itertools.combinations(s, 2)), default=0.0)
            for s in itertools.combinations(range(q), k)}
    least = min(diam.values())
    return least, [s for s in sorted(diam) if diam[s] == least]  # combinations come in lexicographic order


@given(q=st.integers(1, 9), data=st.data())
def test_search_equals_enumeration(q, data):
    k = data.draw(st.integers(1, q))
    top = data.draw(st.integers(1, 6))
    A = np.array(data.draw(st.lists(st.integers(0, top), min_size=q * q, max_size=q * q)), dtype=float).reshape(q, q)
    D = np.triu(A, 1) + np.triu(A, 1).T
    far = data.draw(st.integers(0, q // 2))
    D[:far, far:] += 100  # outliers: the first rows far from the rest
    D[far:, :far] += 100
    np.fill_diagonal(D, 0)
    least, optimal = _enumerated(D, k)
    assert optimal_threshold(D, k) == least
    assert tuple(first_optimal(D, k).tolist()) == optimal[0]
    assert [tuple(s.tolist()) for s in all_optimal(D, k)] == optimal
