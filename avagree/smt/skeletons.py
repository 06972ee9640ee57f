"""The combinatorial side of the plane engine (:mod:`.geometry`): MDA skeletons
enumerated up to symmetry. Kept apart from the solver loop so each module stays
one idea."""

from __future__ import annotations

from math import comb
from dataclasses import dataclass
from itertools import combinations_with_replacement

Elem = tuple[str, int]  # ("h", honest node) or ("b", Byzantine slot)


@dataclass(frozen=True)
class Skeleton:
    delivered: tuple[tuple[int, ...], tuple[int, ...]]  # honest senders of receivers 0 and 1
    kept: tuple[tuple[Elem, ...], tuple[Elem, ...]]


#: patterns (one per receiver: not delivered, delivered, kept) of an honest node other than the receivers
ABSENT, DELIVERED, KEPT = 0, 1, 2

#: multisets of patterns the enumeration will walk (a few seconds of Python at most)
MAX_WORK = 3_000_000


def skeleton_count(h: int, f: int, q: int, sync: bool) -> int:
    """Skeletons before symmetry reduction: (deliveries x kept sets) per receiver, squared."""
    per = (1 if sync else comb(h - 1, q - f - 1)) * comb((h if sync else q - f) + f, q - f)
    return per * per


def enumeration_work(h: int, sync: bool) -> int:
    """Multisets of patterns of nodes 2..h-1 :func:`skeletons` walks."""
    kinds = 4 if sync else 9
    return comb(max(h - 2, 0) + kinds - 1, kinds - 1)


#: a class: per receiver g, (is g kept, the other receiver's pattern, Byzantine vectors kept), then the
#: sorted patterns (pattern at receiver 0, pattern at receiver 1) of nodes 2..h-1
Signature = tuple[tuple[tuple[int, int, int], tuple[int, int, int]], tuple[tuple[int, int], ...]]


def signature(sk: Skeleton, h: int) -> Signature:
    """The class of ``sk`` under relabelling honest nodes 2..h-1, permuting each receiver's Byzantine vectors
    and swapping the receivers: the smaller of its pattern counts and the swapped ones."""
    def status(g: int, j: int) -> int:
        return KEPT if ("h", j) in sk.kept[g] else DELIVERED if j in sk.delivered[g] else ABSENT

    rec = tuple((status(g, g), status(g, 1 - g), sum(e[0] == "b" for e in sk.kept[g])) for g in (0, 1))
    pats = [(status(0, j), status(1, j)) for j in range(2, h)]
    return min(((rec[0], rec[1]), tuple(sorted(pats))), ((rec[1], rec[0]), tuple(sorted(p[::-1] for p in pats))))


def _receiver_options(dc: int, kc: int, h: int, f: int, k: int, sync: bool) -> list[tuple[int, int, int]]:
    """(self, other receiver's pattern, Byzantine kept) for a receiver to whom ``dc`` of nodes 2..h-1 are
    delivered, ``kc`` of them kept: q - f honest senders (async; all h in sync) and q - f kept."""
    out = []
    for own in (DELIVERED, KEPT):
        for other in (DELIVERED, KEPT) if sync else (ABSENT, DELIVERED, KEPT):
            if not sync and 1 + (other != ABSENT) + dc != k:
                continue
            byz = k - (own == KEPT) - (other == KEPT) - kc
            if 0 <= byz <= f:
                out.append((own, other, byz))
    return out


def skeletons(h: int, f: int, q: int, sync: bool) -> list[Skeleton]:
    """One skeleton per class under relabelling honest nodes 2..h-1, permuting each receiver's Byzantine
    vectors and swapping the receivers, enumerated directly as the classes' signatures (:func:`signature`):
    a node of 2..h-1 enters a formula only through its pattern at the two receivers, so two skeletons with
    the same pattern counts differ by a relabelling of those nodes."""
    k = q - f
    kinds = [(a, b) for a in range(3) for b in range(3) if not sync or (a and b)]
    out = []
    for pats in combinations_with_replacement(kinds, max(h - 2, 0)):
        per = [_receiver_options(sum(p[g] != ABSENT for p in pats), sum(p[g] == KEPT for p in pats), h, f, k, sync)
               for g in (0, 1)]
        for r0 in per[0]:
            for r1 in per[1]:
                if ((r1, r0), tuple(sorted(p[::-1] for p in pats))) < ((r0, r1), pats):
                    continue  # the swapped signature is the class's
                out.append(_representative((r0, r1), pats))
    return out


def _representative(rec: tuple, pats: tuple) -> Skeleton:
    """The skeleton whose node 2 + i has pattern ``pats[i]``, keeping Byzantine vectors 0, 1, ..."""
    status = [{g: rec[g][0], 1 - g: rec[g][1]} for g in (0, 1)]
    for i, p in enumerate(pats):
        for g in (0, 1):
            status[g][2 + i] = p[g]
    delivered = tuple(tuple(j for j in sorted(status[g]) if status[g][j] != ABSENT) for g in (0, 1))
    kept = tuple(tuple(("h", j) for j in sorted(status[g]) if status[g][j] == KEPT)
                 + tuple(("b", i) for i in range(rec[g][2])) for g in (0, 1))
    return Skeleton(delivered, kept)
