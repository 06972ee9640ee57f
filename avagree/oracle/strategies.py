"""Hypothesis strategies for avagree's inputs (public: ``avagree.oracle.strategies``).

Values are drawn as small rationals (numerator/denominator), so every generated
array exists exactly in both number modes: ``to_float`` of an exact array is the
same array rounded once.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np
from hypothesis import strategies as st

from avagree.oracle.generators import legal_round


def rationals(bound: int = 20, denominators: int = 8) -> st.SearchStrategy[Fraction]:
    return st.builds(Fraction, st.integers(-bound * denominators, bound * denominators), st.integers(1, denominators))


@st.composite
def exact_arrays(draw, rows: int | st.SearchStrategy[int] = st.integers(1, 8), d: int | st.SearchStrategy[int] = st.integers(1, 3),
                 duplicates: bool = True, bound: int = 20) -> np.ndarray:
    """A (rows, d) object array of Fractions; with ``duplicates`` rows repeat often."""
    r = draw(rows) if isinstance(rows, st.SearchStrategy) else rows
    dd = draw(d) if isinstance(d, st.SearchStrategy) else d
    pool_size = draw(st.integers(1, r)) if duplicates else r
    pool = [[draw(rationals(bound)) for _ in range(dd)] for _ in range(pool_size)]
    data = [pool[draw(st.integers(0, pool_size - 1))] if duplicates else pool[i] for i in range(r)]
    return np.array(data, dtype=object).reshape(r, dd)


def to_float(arr: np.ndarray) -> np.ndarray:
    return np.array([float(v) for v in arr.ravel()], dtype=np.float64).reshape(arr.shape)


@st.composite
def received_for(draw, min_q_of_f, max_f: int = 3, max_q: int = 9, d=st.integers(1, 3)) -> tuple[np.ndarray, int]:
    """(received exact array, f) with q >= min_q_of_f(f)."""
    f = draw(st.integers(0, max_f))
    lo = max(1, min_q_of_f(f))
    q = draw(st.integers(lo, max(lo, max_q)))
    return draw(exact_arrays(rows=q, d=d)), f


@st.composite
def params_for(draw, rule: str, max_f: int = 2, max_extra: int = 6, model: str | None = None):
    """(n, f, q, model) where the rule is defined (q >= its minimum)."""
    from avagree.algorithms import get_rule

    info = get_rule(rule)
    f = draw(st.integers(0, max_f))
    mdl = model or draw(st.sampled_from(["async", "sync"]))
    lo = max(info.min_q(f) + (f if mdl == "async" else 0), f + 1 if f else 1)
    n = draw(st.integers(max(lo, 2 * f + 1, 1), lo + max_extra))
    q = n if mdl == "sync" else draw(st.integers(max(info.min_q(f), f + 1 if f else 1), n - f))
    return n, f, q, mdl


@st.composite
def executions(draw, rule: Any, n: int, f: int, q: int, model: str = "async", d: int = 1, bound: int = 20,
               mode: str = "exact"):
    """A one-round execution of ``rule`` (anything :func:`avagree.check` takes: a
    registry name, a function, a rule object, ``"module:function"``): an honest
    family, legal deliveries and free Byzantine vectors (drawn large as well as
    small), all small rationals. ``mode="float"`` runs a rule that only takes
    floats (the values are the same numbers rounded once). The round's shape is
    :func:`avagree.oracle.generators.legal_round`, the random search's too."""
    from avagree.model.execution import Params, Round, execute, make_delivery
    from avagree.model.numbers import convert
    from avagree.harness.user_rules import as_model_rule

    p = Params(n, f, q, d, model)
    fam = draw(exact_arrays(rows=p.h, d=d, bound=bound))
    rnd = legal_round(p, lambda: draw(st.integers(0, min(f, q - 1))),
                      lambda others, k: draw(st.permutations(others))[:k],
                      lambda b: draw(exact_arrays(rows=b, d=d, bound=10 * bound, duplicates=False)), "exact")
    if mode == "float":
        rnd = Round(tuple(make_delivery(x.honest, convert(x.byzantine, "float"), d, "float") for x in rnd.deliveries))
        fam = convert(fam, "float")
    return execute(as_model_rule(rule), p, fam, [rnd], mode=mode)
