"""The paper's adversarial constructions, as concrete exact executions.

Each function returns ``(params, honest family, rounds)``; run it with
:func:`avagree.execute` in exact mode.
"""

from __future__ import annotations

from fractions import Fraction

from avagree.adversaries.split import halves, heard
from avagree.errors import ParameterError
from avagree.model.execution import Params, Round, check_int, make_delivery


def theorem5_mda(f: int, rounds: int = 1) -> tuple[Params, list[list[Fraction]], list[Round]]:
    """Theorem 5 (section 5.3): n = 6f - 1, q = n - f = h, d = 1, honest inputs
    (-1 x 2f, 0 x (f-1), 1 x 2f), delta = 1/f.

    * the first 2f nodes get every honest vector but f of the last 2f, plus f
      Byzantine values -2 + delta;
    * the middle f - 1 nodes get every honest vector and nothing Byzantine;
    * the last 2f nodes, symmetrically, get f Byzantine values 2 - delta.

    The same deliveries are repeated for ``rounds`` rounds.
    """
    f = check_int("f", f, minimum=1)
    rounds = check_int("rounds", rounds, minimum=1)
    n = 6 * f - 1
    params = Params(n, f, n - f, 1, "async")
    delta = Fraction(1, f)
    family = [[Fraction(-1)]] * (2 * f) + [[Fraction(0)]] * (f - 1) + [[Fraction(1)]] * (2 * f)
    A = list(range(2 * f))
    M = list(range(2 * f, 3 * f - 1))
    C = list(range(3 * f - 1, 5 * f - 1))
    deliveries = []
    for j in range(params.h):
        if j in A:
            deliveries.append(make_delivery(A + M + C[:f], [[-2 + delta]] * f, 1, "exact"))
        elif j in M:
            deliveries.append(make_delivery(A + M + C, [], 1, "exact"))
        else:
            deliveries.append(make_delivery(C + M + A[f:], [[2 - delta]] * f, 1, "exact"))
    rnd = Round(tuple(deliveries))
    return params, family, [rnd] * rounds


def lemma16_split(n: int, f: int, q: int, model: str = "async", rounds: int = 1,
                  low: Fraction = Fraction(0), high: Fraction = Fraction(1)) -> tuple[Params, list[list[Fraction]], list[Round]]:
    """The split of Theorem 9's proof (eq. 205) with Lemma 16's deliveries.

    Honest inputs (low x floor(h/2), high x ceil(h/2)) in d = 1. Each receiver gets
    as many vectors of its own group as the model allows, the rest from the other
    group, and f Byzantine copies of its own value, so it sees at least q - f equal
    vectors whenever the construction applies (asynchronous: q - 2f <= floor(h/2);
    synchronous: h - f <= floor(h/2)). Quasi-unanimity then pins every node to its
    input: no contraction, ever.
    """
    params = Params(n, f, q, 1, model)
    h = params.h
    if f == 0:
        raise ParameterError("f", f, "the split needs at least one Byzantine node")
    parts = halves(range(h), h // 2)  # the inputs are sorted: low x floor(h/2), then high
    values = (Fraction(low), Fraction(high))
    family = [[values[0]] for _ in parts[0]] + [[values[1]] for _ in parts[1]]
    deliveries = []
    for j in range(h):
        side = 0 if j in parts[0] else 1
        honest = heard(j, parts[side] + parts[1 - side], h if model == "sync" else q - f)
        deliveries.append(make_delivery(honest, [[values[side]]] * (q - len(honest)), 1, "exact"))
    rnd = Round(tuple(deliveries))
    return params, family, [rnd] * check_int("rounds", rounds, minimum=1)


def theorem4_schedule(n: int, f: int, q: int, rounds: int = 1) -> tuple[Params, list[list[Fraction]], list[Round]]:
    """Theorem 4's asynchronous construction: honest inputs (0 x (q - 2f), 1 x (h + 2f - q));
    the first q - f honest nodes never hear from the others, and the Byzantine
    nodes send 0 to them (they act like the first q - 2f nodes). The remaining
    nodes get their own vector, the first honest vectors, and f Byzantine zeros.
    """
    params = Params(n, f, q, 1, "async")
    h = params.h
    if q - 2 * f < 0:
        raise ParameterError("q", q, f"Theorem 4's construction needs q >= 2f = {2 * f}")
    family = [[Fraction(0)]] * (q - 2 * f) + [[Fraction(1)]] * (h + 2 * f - q)
    deliveries = []
    for j in range(h):
        first = [k for k in range(q - f) if k != j]
        honest = [j, *first][: q - f]
        deliveries.append(make_delivery(honest, [[Fraction(0)]] * f, 1, "exact"))
    rnd = Round(tuple(deliveries))
    return params, family, [rnd] * check_int("rounds", rounds, minimum=1)


def theorem7_split(n: int, f: int, z_low: Fraction = Fraction(-5), z_high: Fraction = Fraction(5),
                   rounds: int = 1) -> tuple[Params, list[list[Fraction]], list[Round]]:
    """Theorem 7 (n <= 3f): the h <= 2f honest nodes split into two groups of at
    most f; each group hears only itself, and the Byzantine nodes send every
    receiver of the low group z_low and of the high group z_high (q = n - f).
    Since q - f <= f, a receiver sees at least q - f copies of the Byzantine
    value, and quasi-unanimity lets the adversary drag each group anywhere."""
    f = check_int("f", f, minimum=1)
    if n > 3 * f:
        raise ParameterError("n", n, f"Theorem 7's construction needs n <= 3f = {3 * f}")
    params = Params(n, f, n - f, 1, "async")
    h = params.h
    low, high = halves(range(h), h // 2)
    family = [[Fraction(0)]] * len(low) + [[Fraction(1)]] * len(high)
    deliveries = []
    for j in range(h):
        honest = heard(j, low if j in low else high, params.q - params.f)
        value = z_low if j in low else z_high
        deliveries.append(make_delivery(honest, [[Fraction(value)]] * (params.q - len(honest)), 1, "exact"))
    rnd = Round(tuple(deliveries))
    return params, family, [rnd] * check_int("rounds", rounds, minimum=1)
