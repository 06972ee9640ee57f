"""Differential test of the Z3 encodings: on concrete inputs, every rule's
encoding (both delivery encodings) must give exactly the reference output.
PROVED verdicts rest on this agreement; counterexamples are replayed anyway."""

from fractions import Fraction as Fr

import numpy as np
import pytest
import z3
from hypothesis import given, settings, strategies as st

import avagree
from avagree.algorithms import RULES, get_rule
from avagree.model.execution import Params
from avagree.smt import rule_encodings
from avagree.smt.encode import make_interleaved, make_receiver
from avagree.oracle.strategies import rationals


@st.composite
def concrete_case(draw, rule):
    f = draw(st.integers(0, 2))
    min_q = get_rule(rule).min_q(f)
    model = draw(st.sampled_from(["async", "sync"]))
    lo = max(min_q, f + 1)
    if model == "async":
        q = draw(st.integers(lo, lo + 3))
        n = draw(st.integers(q + f, q + f + 3))
    else:
        n = draw(st.integers(max(lo, f + 1), max(lo, f + 1) + 4))
        q = n
    p = Params(n, f, q, 1, model)
    xs = sorted(draw(st.lists(rationals(5, 4), min_size=p.h, max_size=p.h)))
    j = draw(st.integers(0, p.h - 1))
    if model == "sync":
        honest = list(range(p.h))
    else:
        others = draw(st.permutations([k for k in range(p.h) if k != j]))[: q - f - 1]
        honest = sorted([j, *others])
    byz = sorted(draw(st.lists(rationals(8, 4), min_size=f, max_size=f)))
    return p, xs, j, honest, byz


ENCODINGS = ["merge", "rank", "interleave"]
ENCODED = sorted(name for name, r in RULES.items() if rule_encodings.encoded(r, "first"))


def test_registry_lists_the_encoded_rules():
    assert {"mean", "median", "cwtm", "trimmed-middle", "mda", "cva"} <= set(ENCODED)


def _pinned(p, xs, j, honest, byz, encoding):
    """A solver whose receiver j gets exactly ``honest`` and ``byz``, and the receiver."""
    cons: list = []
    X = [z3.RealVal(v) for v in xs]
    if encoding == "interleave":
        rec = make_interleaved(p, X, 0, j, "t", cons)
    else:
        rec = make_receiver(p, X, 0, j, "t", encoding == "merge", cons)
    s = z3.Solver()
    for b, v in zip(rec.byz, byz):
        s.add(b == z3.RealVal(v))
    if p.model == "async":
        if encoding == "interleave":  # the i-th delivered sender is i + o_i: pin the ladder "o_i >= t"
            for i, k in enumerate(honest):
                for t in range(1, p.h - (p.q - p.f) + 1):
                    s.add(z3.Bool(f"o_0_t_{i}_{t}") == (k - i >= t))
        elif encoding == "merge":
            idx = [t for t in z3.z3util.get_vars(z3.And(cons)) if str(t).startswith("i_0_t_")]
            idx.sort(key=lambda t: int(str(t).rsplit("_", 1)[1]))
            assert len(idx) == p.q - p.f
            for var, k in zip(idx, honest):
                s.add(var == k)
        else:
            for k in range(p.h):
                sel = rec.honest[k][0]
                if sel is not True:
                    s.add(sel == (k in honest))
    return s, rec, cons


@pytest.mark.parametrize("rule", ENCODED)
@pytest.mark.parametrize("encoding", ENCODINGS)
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_encoding_agrees_with_reference(rule, encoding, data):
    p, xs, j, honest, byz = data.draw(concrete_case(rule))
    s, rec, cons = _pinned(p, xs, j, honest, byz, encoding)
    s.add(cons)
    y = z3.Real("y")
    s.add(y == rule_encodings.encoding(get_rule(rule), "first")(rec, p.q, p.f))
    assert s.check() == z3.sat
    got = Fr(s.model().eval(y, model_completion=True).as_fraction())
    s.add(y != z3.RealVal(got))
    assert s.check() == z3.unsat  # the inputs determine the encoded output
    received = [[Fr(xs[k])] for k in honest] + [[Fr(b)] for b in byz]
    ref = avagree.aggregate(rule, received, p.f, own=[Fr(xs[j])])[0]
    assert got == ref, (p, xs, j, honest, byz)


CHOOSING = sorted(name for name, r in RULES.items() if rule_encodings.encoded(r, "adversary"))


@pytest.mark.parametrize("rule", CHOOSING)
@pytest.mark.parametrize("encoding", ENCODINGS)
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_choice_encoding_gives_exactly_the_optimal_choices(rule, encoding, data):
    """Under ties=adversary the encoding's possible outputs are exactly the outputs of
    the rule's optimal choices (small integers, so that ties are common)."""
    p, xs, j, honest, byz = data.draw(concrete_case(rule))
    xs, byz = [Fr(round(v)) for v in xs], [Fr(round(b)) for b in byz]
    xs.sort()
    s, rec, cons = _pinned(p, xs, j, honest, byz, encoding)
    y = z3.Real("y")
    s.add(y == rule_encodings.encoding(get_rule(rule), "adversary")(rec, p.q, p.f, cons))
    s.add(cons)
    got = set()
    while s.check() == z3.sat and len(got) < 50:
        v = Fr(s.model().eval(y, model_completion=True).as_fraction())
        got.add(v)
        s.add(y != z3.RealVal(v))
    z = np.array([[xs[k]] for k in honest] + [[b] for b in byz], dtype=object)
    ch = get_rule(rule).chooser
    want = {ch.output(z, c)[0] for c in ch.options(z, p.f, np.array([xs[j]], dtype=object))}
    assert got == want, (p, xs, j, honest, byz)


AVERAGING = sorted(name for name, r in RULES.items() if rule_encodings.encoded(r, "average"))


def test_registry_lists_the_averaged_encodings():
    assert {"mda", "mda-avg", "cva"} <= set(AVERAGING)


@pytest.mark.parametrize("rule", AVERAGING)
@pytest.mark.parametrize("encoding", ["merge", "rank"])
@pytest.mark.parametrize("integers", [True, False], ids=["ties", "rationals"])
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_average_encoding_is_the_mean_over_every_optimal_choice(rule, encoding, integers, data):
    """Under ties=average the encoded output is determined by the inputs and equals the
    mean of the outputs of every optimal index subset, listed by the chooser (small
    integers make ties common; MDA's count of subsets by their extremes is checked here)."""
    p, xs, j, honest, byz = data.draw(concrete_case(rule))
    if integers:
        xs, byz = sorted(Fr(round(v)) for v in xs), sorted(Fr(round(b)) for b in byz)
    s, rec, cons = _pinned(p, xs, j, honest, byz, encoding)
    y = z3.Real("y")
    s.add(y == rule_encodings.encoding(get_rule(rule), "average")(rec, p.q, p.f, cons))
    s.add(cons)
    assert s.check() == z3.sat
    got = Fr(s.model().eval(y, model_completion=True).as_fraction())
    s.add(y != z3.RealVal(got))
    assert s.check() == z3.unsat  # the inputs determine the encoded output
    z = np.array([[xs[k]] for k in honest] + [[b] for b in byz], dtype=object)
    own = np.array([xs[j]], dtype=object)
    chooser = get_rule("mda" if rule == "mda-avg" else rule).chooser
    want = chooser.enumerated_average(z, p.f, own)[0]  # the definition, from the listed optimal subsets
    assert got == want == get_rule(rule).under("average")(z, p.f, own)[0], (p, xs, j, honest, byz)
