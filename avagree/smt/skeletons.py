"""The combinatorial side of the plane engine (:mod:`.geometry`): MDA skeletons
enumerated up to symmetry, and the exact linear relaxation (polygons around unit
disks) tried before nonlinear arithmetic. Kept apart from the solver loop so each
module stays one idea."""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from itertools import combinations, permutations

import z3

Elem = tuple[str, int]  # ("h", honest node) or ("b", Byzantine slot)


@dataclass(frozen=True)
class Skeleton:
    delivered: tuple[tuple[int, ...], tuple[int, ...]]  # honest senders of receivers 0 and 1
    kept: tuple[tuple[Elem, ...], tuple[Elem, ...]]


#: skeletons x relabellings the enumeration will canonicalise (about a minute of Python at most)
MAX_WORK = 20_000_000


def skeleton_count(h: int, f: int, q: int, sync: bool) -> int:
    """Skeletons before symmetry reduction: (deliveries x kept sets) per receiver, squared."""
    from math import comb

    per = (1 if sync else comb(h - 1, q - f - 1)) * comb((h if sync else q - f) + f, q - f)
    return per * per


def skeletons(h: int, f: int, q: int, sync: bool) -> list[Skeleton]:
    """One skeleton per class under relabelling honest nodes 2..h-1 and swapping the receivers."""
    k = q - f

    def deliveries(g: int) -> list[tuple[int, ...]]:
        if sync:
            return [tuple(range(h))]
        rest = [j for j in range(h) if j != g]
        return [tuple(sorted((g, *c))) for c in combinations(rest, q - f - 1)]

    def elements(P: tuple[int, ...]) -> list[Elem]:
        return [("h", j) for j in P] + [("b", i) for i in range(f)]

    others = list(range(2, h))
    maps = []
    for perm in permutations(others):
        base = {0: 0, 1: 1, **dict(zip(others, perm))}
        maps.append((base, False))
        maps.append(({0: 1, 1: 0, **dict(zip(others, perm))}, True))

    def key(P0, S0, P1, S1, mp, swap) -> tuple:
        def rel(S):
            return tuple(sorted((e[0], mp[e[1]]) if e[0] == "h" else e for e in S))

        a = (tuple(sorted(mp[j] for j in P0)), rel(S0))
        b = (tuple(sorted(mp[j] for j in P1)), rel(S1))
        return (b, a) if swap else (a, b)

    seen, out = set(), []
    for P0 in deliveries(0):
        for P1 in deliveries(1):
            for S0 in combinations(elements(P0), k):
                for S1 in combinations(elements(P1), k):
                    canon = min(key(P0, S0, P1, S1, mp, sw) for mp, sw in maps)
                    if canon not in seen:
                        seen.add(canon)
                        out.append(Skeleton((P0, P1), (S0, S1)))
    return out


#: rational unit vectors of the first quadrant (Pythagorean triples), about 11 degrees apart at most
_TRIPLES = [(1, 0, 1), (12, 5, 13), (4, 3, 5), (3, 4, 5), (5, 12, 13), (0, 1, 1), (15, 8, 17), (8, 15, 17),
            (24, 7, 25), (7, 24, 25)]


def _directions(d: int) -> list[list[Fraction]]:
    """Exact unit vectors in every coordinate plane, all four quadrants."""
    out, seen = [], set()
    for i, j in combinations(range(d), 2):
        for a, b, c in _TRIPLES:
            for sa, sb in ((1, 1), (1, -1), (-1, 1), (-1, -1)):
                u = [Fraction(0)] * d
                u[i], u[j] = Fraction(sa * a, c), Fraction(sb * b, c)
                key = tuple(u)
                if key not in seen:
                    seen.add(key)
                    out.append(u)
    return out


def _within_one(a: list, b: list, dirs: list) -> list:
    """Linear consequences of ||a - b|| <= 1: u . (a - b) <= 1 for exact unit vectors u
    (a polygon around the disk that the nonlinear solver need not discover)."""
    return [z3.Sum([z3.RealVal(uc) * (ac - bc) for uc, ac, bc in zip(u, a, b) if uc != 0]) <= 1 for u in dirs]


def _relax_factor(d: int) -> Fraction:
    """A rational lower bound on cos(8.2 degrees) * sqrt(2 / d)."""
    return Fraction(math.floor(0.9898 * math.sqrt(2 / d) * 10**6) - 1, 10**6)
