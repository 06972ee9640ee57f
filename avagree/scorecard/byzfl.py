"""ByzFL's aggregators and pre-aggregators as avagree rule objects (issue 28).

ByzFL (``pip install byzfl``, which pulls torch; not an avagree dependency) ships
one class per rule, configured by its constructor and applied by calling it on
the (q, d) array of received vectors. :class:`ByzFL` wraps one aggregator,
optionally behind one pre-aggregator, so that the search oracle runs it like any
user rule and its witnesses rebuild it by name
(``python:avagree.scorecard.byzfl:ByzFL(name='Krum', pre='NNM')``).

What the wrapper adds, and nothing else:

* a fresh aggregator per call (CenteredClipping keeps its last output in ``self.m``
  and would otherwise make a call depend on the previous one) and a copy of the
  input (Clipping and ARC clip the received vectors in place);
* ``f`` from the execution, and MoNNA's ``idx`` pointing at the receiver's own vector;
* for the rules that draw random numbers (CAF's and SMEA's power iteration, Bucketing's
  permutation), numpy's global generator seeded with ``seed`` for the call and restored
  after it: the rule is then a function of its input and the seed, the seed is part of
  the rule's name (so of every witness), and a replay reproduces the draw.

ByzFL's package ``__init__`` imports its benchmark (torchvision, seaborn, ...), which is slow and
fails where torchvision's compiled ops do not match torch: :func:`load_module` loads
``byzfl.aggregators`` alone, as ``examples/byzfl_oracle.py`` does when the package fails.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import types
import warnings
from fractions import Fraction
from typing import Any

import numpy as np

from avagree.scorecard.calls import call_limit

#: the 12 aggregators of ByzFL 0.0.11, in its documentation's order
AGGREGATORS = ("Average", "Median", "TrMean", "GeometricMedian", "Krum", "MultiKrum", "CenteredClipping", "MDA",
               "MoNNA", "Meamed", "CAF", "SMEA")
#: each pre-aggregator with the aggregators it is meant to precede (ByzFL's documentation and the papers
#: that introduced them: NNM and Bucketing before a robust aggregator, Clipping before averaging,
#: ARC before any robust aggregator)
COMPOSED = {"NNM": ("TrMean", "Median", "Krum", "GeometricMedian"),
            "Bucketing": ("Median", "Krum", "GeometricMedian"),
            "Clipping": ("Average",),
            "ARC": ("TrMean", "Krum")}
#: rules whose output depends on a random draw (numpy's global generator)
RANDOMISED = frozenset({"CAF", "SMEA", "Bucketing"})
#: tolerances a rule documents, per spec (in the spec's bound units): GeometricMedian's Weiszfeld iteration
#: floors every distance at ``nu`` = 0.1 (its default), so it does not tell apart points closer than nu:
#: a validity deviation up to nu, and a quasi-unanimity deviation (a squared distance) up to nu^2, is
#: reported as within tolerance, not as a violation
TOLERANCES: dict[str, dict[str, Fraction]] = {
    "GeometricMedian": {"validity": Fraction(1, 10), "quasi-unanimity": Fraction(1, 100),
                        "quasi-unanimity-own": Fraction(1, 100)},
}
#: why each tolerance (shown with every cell that uses it)
TOLERANCE_WHY = {"GeometricMedian": "Weiszfeld floors distances at nu = 0.1 (ByzFL's default): deviations within nu"}


def load_module(name: str = "aggregators") -> types.ModuleType:
    """``byzfl.aggregators.<name>`` (``aggregators`` or ``preaggregators``) without running ByzFL's package
    ``__init__`` (its benchmark's imports: torchvision, seaborn; slow, and failing where torchvision's
    compiled ops do not match torch): ``byzfl`` becomes a bare namespace over its folder unless it is
    imported already. ImportError when ByzFL is not installed."""
    if "byzfl" not in sys.modules:
        spec = importlib.util.find_spec("byzfl")
        if spec is None or spec.submodule_search_locations is None:
            raise ImportError("byzfl is not installed (pip install byzfl)")
        shell = types.ModuleType("byzfl")
        shell.__path__ = list(spec.submodule_search_locations)
        shell.__spec__ = spec  # so that importlib.util.find_spec("byzfl") still answers
        sys.modules["byzfl"] = shell
    return importlib.import_module(f"byzfl.aggregators.{name}")


def version() -> str | None:
    """ByzFL's installed version, or None."""
    from importlib.metadata import PackageNotFoundError, version as dist_version

    try:
        return dist_version("byzfl")
    except PackageNotFoundError:
        return None


def _build(cls: type, f: int) -> Any:
    try:
        return cls(f=f)
    except TypeError:  # Average, Median, GeometricMedian, CenteredClipping, Bucketing, Clipping take no f
        return cls()


class ByzFL:
    """ByzFL's aggregator ``name`` (one of :data:`AGGREGATORS`), after the pre-aggregator ``pre``
    (a key of :data:`COMPOSED`) when given, as an avagree rule: called on the received (q, d)
    floats with ``f`` and the receiver's ``own`` vector. ``seed`` seeds the randomised rules
    (:data:`RANDOMISED`) on every call; it is required for them and ignored by the others."""

    def __init__(self, name: str, pre: str | None = None, seed: int | None = None):
        if name not in AGGREGATORS:
            raise ValueError(f"unknown ByzFL aggregator {name!r}; known: {', '.join(AGGREGATORS)}")
        if pre is not None and pre not in COMPOSED:
            raise ValueError(f"unknown ByzFL pre-aggregator {pre!r}; known: {', '.join(COMPOSED)}")
        self.name, self.pre, self.seed = name, pre, seed
        if self.randomised and seed is None:
            raise ValueError(f"{self.label} draws random numbers: give seed=... so that it can be replayed")
        self._agg = getattr(load_module("aggregators"), name)
        self._pre = getattr(load_module("preaggregators"), pre) if pre else None

    @property
    def randomised(self) -> bool:
        """Does the rule draw random numbers (so that it needs its seed)?"""
        return self.name in RANDOMISED or self.pre in RANDOMISED

    def __getstate__(self) -> dict:
        """Pickled by its constructor's arguments (the library's classes and modules are loaded again)."""
        return {k: getattr(self, k) for k in ("name", "pre", "seed")}

    def __setstate__(self, state: dict) -> None:
        self.__init__(**state)

    @property
    def label(self) -> str:
        """The rule as the scorecard shows it: ``byzfl:Krum``, ``byzfl:NNM+Krum``."""
        return "byzfl:" + (f"{self.pre}+" if self.pre else "") + self.name

    @property
    def tolerances(self) -> dict[str, Fraction]:
        """The tolerances the rule documents, per spec (:data:`TOLERANCES`)."""
        return TOLERANCES.get(self.name, {})

    @property
    def tolerance_why(self) -> str | None:
        return TOLERANCE_WHY.get(self.name)

    def snippet(self, f: int) -> tuple[list[str], str]:
        """(import lines, a Python expression of ``r``, the received (q, d) array, and ``own_idx``) calling
        ByzFL's own classes as a user would: the runnable part of an upstream report."""
        mod = "byzfl.aggregators"
        imports = ["import numpy as np", f"from {mod}.aggregators import {self.name}"]
        args = "f=%d" % f if self.name not in ("Average", "Median", "GeometricMedian", "CenteredClipping") else ""
        if self.name == "MoNNA" and self._pre is None:
            args += ", idx=own_idx"
        inner = "r.copy()"
        if self.pre:
            imports.append(f"from {mod}.preaggregators import {self.pre}")
            pre_args = "f=%d" % f if self.pre in ("NNM", "ARC") else ""
            inner = f"{self.pre}({pre_args})(r.copy())"
        call = f"{self.name}({args})({inner})"
        if self.randomised:
            call = f"(np.random.seed({self.seed}), {call})[1]"
        return imports, call

    def __call__(self, received: np.ndarray, f: int, own: np.ndarray) -> np.ndarray:
        z = np.array(received, dtype=np.float64, copy=True)
        state = np.random.get_state() if self.randomised else None
        with call_limit(self.label), warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            return self._run(z, f, own, state)

    def _run(self, z: np.ndarray, f: int, own: np.ndarray, state: Any) -> np.ndarray:
        try:
            if state is not None:
                np.random.seed(self.seed)
            if self._pre is not None:
                z = np.asarray(_build(self._pre, f)(z), dtype=np.float64)
            agg = self._agg(f=f, idx=_own_index(z, own)) if self.name == "MoNNA" and self._pre is None else _build(self._agg, f)
            return np.asarray(agg(z), dtype=np.float64)
        finally:
            if state is not None:
                np.random.set_state(state)


def _own_index(z: np.ndarray, own: np.ndarray) -> int:
    """The row of ``z`` equal to the receiver's own vector (MoNNA's ``idx``): the first such row, 0 if none."""
    hits = np.flatnonzero(np.all(z == np.asarray(own, dtype=np.float64), axis=1))
    return int(hits[0]) if hits.size else 0


def rules(seed: int = 0) -> list[ByzFL]:
    """ByzFL's 12 aggregators, then each pre-aggregator composed with the aggregators it is meant for
    (:data:`COMPOSED`); the randomised ones seeded with ``seed``."""
    def make(name: str, pre: str | None = None) -> ByzFL:
        random = name in RANDOMISED or pre in RANDOMISED
        return ByzFL(name, pre, seed if random else None)

    return [make(a) for a in AGGREGATORS] + [make(a, p) for p, aggs in COMPOSED.items() for a in aggs]


def declared_min_q(rule: ByzFL, f: int) -> int:
    """ByzFL's declared requirement on the number of vectors an aggregator receives: 2f < q, checked
    by the rules that take f (the same check for every rule, whatever the rule needs)."""
    return 2 * f + 1
