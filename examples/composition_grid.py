"""The composition question of issue 14, item 3, decided on a grid: is the T-round
worst case of a rule (d = 1, a fresh adversary each round) the one-round worst case
to the power T?

For each case, :func:`avagree.smt.rounds.worst_rounds` proves the upper bound c1^T by
induction from Z3 one-round lemmas and reaches it with a self-similar adversary round
repeated T times (replayed exactly); PROVED means both sides met. Usage:

    python examples/composition_grid.py cwtm,mda        # f = 1, 2; n = 3f+1..7f+1; async and sync; T = 2, 3

Each line: the case, the verdict, c1 (the exact one-round supremum), the T-round
supremum, and whether it equals c1^T. Results of 2026-11-27: docs/closed_forms.md.
"""

import sys
import time

from avagree.smt.rounds import worst_rounds


def main(rules: list[str]) -> int:
    for rule in rules:
        for f in (1, 2):
            for n in range(3 * f + 1, 7 * f + 2):
                for model, q in (("async", n - f), ("sync", n)):
                    for rounds in (2, 3):
                        t0 = time.perf_counter()
                        r = worst_rounds(rule, n, f, q, model, rounds=rounds)
                        composes = r.upper is not None and r.one_round is not None and r.upper == r.one_round ** rounds
                        print(f"{rule} n={n} f={f} q={q} {model} T={rounds} {r.verdict} c1={r.one_round} "
                              f"sup={r.upper} composes={composes and str(r.verdict) == 'PROVED'} "
                              f"[{time.perf_counter() - t0:.1f}s]", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1].split(",") if len(sys.argv) > 1 else ["cwtm", "mda"]))
