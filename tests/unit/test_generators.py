"""The oracle's generators (avagree.oracle.generators): every round they draw is legal, and
their streams are pinned, since the audit's evidence strings and the witnesses of
``avagree fuzz --seed S`` are what these draws produce."""

import hashlib

import numpy as np
import pytest

from avagree.harness.aggregate import model_rule
from avagree.model.execution import Params, validate_round
from avagree.oracle import generators as G

PARAMS = [Params(7, 1, 6, 2, "async"), Params(7, 1, 7, 2, "sync"), Params(5, 1, 4, 1, "async"),
          Params(11, 2, 9, 3, "async"), Params(4, 0, 4, 2, "async"), Params(9, 2, 6, 2, "async")]


@pytest.mark.parametrize("p", PARAMS, ids=lambda p: p.describe())
def test_every_round_drawn_is_legal(p):
    rng = np.random.default_rng(1)
    for _ in range(30):
        x = G.honest_family(rng, p, bool(rng.integers(2)))
        assert x.shape == (p.h, p.d)
        rnd = G.attack_round(rng, p, x, bool(rng.integers(2)))
        validate_round(p, rnd)
        assert all(len(d.honest) == p.q - p.f and d.byzantine.shape == (p.f, p.d) for d in rnd.deliveries)
        x, rnd = G.mutate(rng, p, x, rnd)
        validate_round(p, rnd)
        xb = G.basic_honest_family(rng, p)
        rb = G.basic_round(rng, p, xb)
        validate_round(p, rb)
        assert all(d.byzantine.shape[0] <= p.f and j in d.honest for j, d in enumerate(rb.deliveries))


def test_a_schedule_and_its_mutations_are_legal_in_every_round():
    p = Params(7, 1, 6, 1, "async")
    fn = model_rule("cwtm")
    rng = np.random.default_rng(2)
    x = G.honest_family(rng, p)
    sched = G.schedule(rng, fn, p, x, 3, lambda fams: float(np.ptp(fams[-1])), greedy=3)
    for _ in range(10):
        x, sched = G.mutate_schedule(rng, fn, p, x, sched)
        assert len(sched) == 3
        for rnd in sched:
            validate_round(p, rnd)


def _stream(seed: int) -> str:
    """Every generator's draws from one seed, as bytes (floats bit for bit)."""
    h = hashlib.sha256()
    rng = np.random.default_rng(seed)
    for p in PARAMS:
        x = G.honest_family(rng, p, False)
        rnd = G.attack_round(rng, p, x)
        x, rnd = G.mutate(rng, p, x, rnd)
        xb = G.basic_honest_family(rng, p)
        rb = G.basic_round(rng, p, xb)
        for arr in (x, xb, *(d.byzantine for d in rnd.deliveries + rb.deliveries)):
            h.update(np.ascontiguousarray(arr, dtype=np.float64).tobytes())
        for d in rnd.deliveries + rb.deliveries:
            h.update(repr(d.honest).encode())
    return h.hexdigest()[:16]


def test_the_streams_are_pinned():
    """Changing what a generator draws, or the order of its draws, changes every seeded search's
    results (the audit's search rows, fuzz witnesses). Update these digests only on purpose."""
    assert [_stream(s) for s in (0, 1, 2)] == PINNED


PINNED = ["8acae54eef2f5bb3", "e0f5e0d61d7a880c", "a934a09adc359d76"]  # as drawn before the generators moved here
