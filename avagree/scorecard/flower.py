"""Flower's robust aggregation functions as avagree rule objects (issue 28).

Flower (``pip install flwr``; not an avagree dependency) implements its robust
strategies (``Krum``, ``Bulyan``, ``FedMedian``, ``FedTrimmedAvg``) with functions of
``flwr.server.strategy.aggregate`` taking ``results``, a list of (list of layer
arrays, number of examples) pairs. :class:`Flower` calls those functions on the
received (q, d) array as one layer per client and one example each (so Multi-Krum's
weighted mean is the plain mean), with Flower's own defaults:

* ``Krum``: ``aggregate_krum(results, num_malicious=f, to_keep=0)``;
* ``MultiKrum``: the same with ``to_keep = q - f`` (the usual m = n - f);
* ``Bulyan``: ``aggregate_bulyan(results, num_malicious=f, aggregation_rule=aggregate_krum, to_keep=0)``,
  which raises below its declared 4f + 3 clients;
* ``FedMedian``: ``aggregate_median``;
* ``FedTrimmedAvg``: ``aggregate_trimmed_avg(results, proportiontocut=beta)``, ``beta`` = 0.2 (Flower's default).

Every call gets fresh copies of the vectors (``aggregate_bulyan`` pops from its list).
"""

from __future__ import annotations

import importlib
from typing import Any

import warnings

import numpy as np

from avagree.scorecard.calls import call_limit

#: the functions behind Flower's robust strategies, by the strategy's name
FUNCTIONS = ("Krum", "MultiKrum", "Bulyan", "FedMedian", "FedTrimmedAvg")


def load_module() -> Any:
    """``flwr.server.strategy.aggregate``; ImportError when Flower is not installed."""
    return importlib.import_module("flwr.server.strategy.aggregate")


def version() -> str | None:
    """Flower's installed version, or None."""
    from importlib.metadata import PackageNotFoundError, version as dist_version

    try:
        return dist_version("flwr")
    except PackageNotFoundError:
        return None


class Flower:
    """The aggregation function behind Flower's strategy ``name`` (one of :data:`FUNCTIONS`) as an
    avagree rule, called on the received (q, d) floats with ``f``; ``beta`` is FedTrimmedAvg's
    proportion cut at each end."""

    def __init__(self, name: str, beta: float = 0.2):
        if name not in FUNCTIONS:
            raise ValueError(f"unknown Flower function {name!r}; known: {', '.join(FUNCTIONS)}")
        self.name, self.beta = name, beta
        self._mod = load_module()

    def __getstate__(self) -> dict:
        """Pickled by its constructor's arguments (the library's classes and modules are loaded again)."""
        return {k: getattr(self, k) for k in ("name", "beta")}

    def __setstate__(self, state: dict) -> None:
        self.__init__(**state)

    @property
    def label(self) -> str:
        """The rule as the scorecard shows it: ``flwr:Krum``."""
        return f"flwr:{self.name}"

    randomised = False
    tolerances: dict = {}
    tolerance_why = None

    def snippet(self, f: int) -> tuple[list[str], str]:
        """(import lines, a Python expression of ``r``, the received (q, d) array) calling Flower's own
        functions as its strategies do: the runnable part of an upstream report."""
        imports = ["import numpy as np", "from flwr.server.strategy import aggregate as A"]
        res = "[([v.copy()], 1) for v in r]"
        call = {"Krum": f"A.aggregate_krum({res}, num_malicious={f}, to_keep=0)[0]",
                "MultiKrum": f"A.aggregate_krum({res}, num_malicious={f}, to_keep=len(r) - {f})[0]",
                "Bulyan": f"A.aggregate_bulyan({res}, num_malicious={f}, aggregation_rule=A.aggregate_krum, to_keep=0)[0]",
                "FedMedian": f"A.aggregate_median({res})[0]",
                "FedTrimmedAvg": f"A.aggregate_trimmed_avg({res}, proportiontocut={self.beta})[0]"}[self.name]
        return imports, call

    def __call__(self, received: np.ndarray, f: int) -> np.ndarray:
        z = np.asarray(received, dtype=np.float64)
        with call_limit(self.label), warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            return self._run([([row.copy()], 1) for row in z], f)

    def _run(self, results: list, f: int) -> np.ndarray:
        m = self._mod
        if self.name == "Krum":
            out = m.aggregate_krum(results, num_malicious=f, to_keep=0)
        elif self.name == "MultiKrum":
            out = m.aggregate_krum(results, num_malicious=f, to_keep=len(results) - f)
        elif self.name == "Bulyan":
            out = m.aggregate_bulyan(results, num_malicious=f, aggregation_rule=m.aggregate_krum, to_keep=0)
        elif self.name == "FedMedian":
            out = m.aggregate_median(results)
        else:
            out = m.aggregate_trimmed_avg(results, proportiontocut=self.beta)
        return np.asarray(out[0], dtype=np.float64)


def rules(seed: int = 0) -> list[Flower]:
    """Flower's five functions (none draws random numbers: ``seed`` is unused)."""
    return [Flower(name) for name in FUNCTIONS]


#: the number of clients each function declares it needs (Bulyan checks it; Krum's is its paper's
#: n >= 2f + 3, which Flower does not check; the median and the trimmed mean declare none)
DECLARED = {"Krum": (2, 3, "2f + 3 (Krum's paper; not checked by Flower)"),
            "MultiKrum": (2, 3, "2f + 3 (Krum's paper; not checked by Flower)"),
            "Bulyan": (4, 3, "4f + 3 (checked: ValueError below it)"),
            "FedMedian": (2, 1, "none declared (2f + 1 for a majority)"),
            "FedTrimmedAvg": (2, 1, "none declared; beta = 0.2 cuts int(0.2 q) per side")}


def declared_min_q(rule: Flower, f: int) -> int:
    """The number of received vectors the function declares it needs (:data:`DECLARED`)."""
    a, b, _ = DECLARED[rule.name]
    return a * f + b
