"""Compiled kernels (numba) for the float paths of the rules.

Numba is a core dependency (docs/benchmarks.md says why: no numpy formulation of a
per-column selection comes within 4x of one read of the input). Where it cannot be
imported (no wheel for the platform), or with ``AVAGREE_NO_NUMBA=1``, the numpy
paths run instead; they stay the reference and tests check both give the same
outputs bit for bit.

Coordinate-wise rules, by q:

* q <= MAX_Q: a kernel per (q, f, rule) with q local scalars per column and an
  odd-even transposition sorting network written out as branch-free
  compare-exchanges, so LLVM vectorises the loop over columns and keeps a column in
  registers; columns are split across threads in blocks;
* q > MAX_Q: one kernel for every q (:func:`.kernels.sorted_columns`), a sorting
  network applied to tiles of columns (compiling the unrolled form takes minutes
  beyond q = 12).

Both add 0 * v for every input v to the output, which turns any NaN or inf in the
input into a NaN output: the finiteness check then reads d outputs instead of
q * d inputs. numba itself is imported on the first kernel call, not with avagree.
"""

from __future__ import annotations

import importlib.util
import os
from functools import lru_cache
from types import ModuleType
from typing import Callable

import numpy as np

#: numba can be imported here (and is not disabled); tests set it to False to force numpy.
AVAILABLE = not os.environ.get("AVAGREE_NO_NUMBA") and importlib.util.find_spec("numba") is not None
#: Columns per block handed to one thread.
BLOCK = 4096
#: The unrolled network has q(q-1)/2 comparators and the kernel q locals: small q only.
MAX_Q = 12  # compile time grows with the q(q-1)/2 unrolled comparators: 2 s at q = 9, 80 s at q = 30
#: Below this many columns numpy is as fast and nothing is compiled.
MIN_D = 2048


@lru_cache(maxsize=None)
def _modules() -> tuple[ModuleType, ModuleType] | None:
    """(numba, avagree.algorithms.kernels), imported on first use (0.4 s), or None."""
    global AVAILABLE
    # Waiting OpenMP threads (numba's default threading layer) spin for a while before they
    # sleep; on a machine shared with other processes the spinning thread takes the core the
    # working one needs: under load 5 on 2 cores the Gram kernel took twice as long, and its
    # CPU time was four times its single-threaded CPU time. Sleeping threads cost a wake-up of
    # microseconds per kernel call. Read when libgomp loads (the first parallel kernel call);
    # a value the user set is kept.
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    try:
        import numba  # imported here, not at the top: most runs never need it

        from . import kernels
    except ImportError:  # pragma: no cover - numba found but broken (e.g. llvmlite mismatch)
        AVAILABLE = False
        return None
    return numba, kernels


def _reduction(kind: str, q: int, f: int) -> str:
    # constants come in as arguments of the input's dtype, so float32 stays float32
    if kind == "cwtm":
        return "(" + " + ".join(f"v{k}" for k in range(f, q - f)) + ") / count"
    if kind == "trimmed-middle":
        return f"(v{f} + v{q - f - 1}) / two"
    if q % 2:
        return f"v{q // 2}"
    return f"(v{q // 2 - 1} + v{q // 2}) / two"


@lru_cache(maxsize=None)
def _kernel(kind: str, q: int, f: int) -> Callable[[np.ndarray], np.ndarray]:
    lines = ["def columns(z, out, start, stop, zero, two, count):", "    for c in range(start, stop):"]
    lines += [f"        v{k} = z[{k}, c]" for k in range(q)]
    lines.append("        poison = " + " + ".join(f"v{k} * zero" for k in range(q)))
    for r in range(q):
        for i in range(r % 2, q - 1, 2):
            lines.append(f"        a = v{i}; b = v{i + 1}; v{i} = a if a < b else b; v{i + 1} = b if a < b else a")
    lines.append(f"        out[c] = {_reduction(kind, q, f)} + poison")
    scope: dict = {}
    exec("\n".join(lines), scope)  # generated from integers only
    numba = _modules()[0]
    columns = numba.njit(scope["columns"])

    @numba.njit(parallel=True)
    def run(z, zero, two, count):
        d = z.shape[1]
        out = np.empty(d, dtype=z.dtype)
        for b in numba.prange((d + BLOCK - 1) // BLOCK):
            columns(z, out, b * BLOCK, min(d, b * BLOCK + BLOCK), zero, two, count)
        return out

    return run


#: the registry rules (by name) with a compiled coordinate-wise kernel; the name is the kernel's kind
KINDS = ("cwtm", "trimmed-middle", "median")


def usable(z: np.ndarray) -> bool:
    """A kernel applies: float32/float64, C-contiguous, at least MIN_D columns, numba importable."""
    return (AVAILABLE and z.dtype in (np.float32, np.float64) and z.ndim == 2 and z.shape[0] >= 1
            and z.shape[1] >= MIN_D and z.flags.c_contiguous and _modules() is not None)


def coordinatewise(z: np.ndarray, f: int, kind: str) -> np.ndarray:
    """The rule on float input; NaN in the output iff the input had NaN or inf."""
    q = z.shape[0]
    if q > MAX_Q:
        return _modules()[1].sorted_columns(z, f, kind)
    t = z.dtype.type
    return _kernel(kind, q, f)(z, t(0), t(2), t(q - 2 * f))


def gram(z: np.ndarray) -> np.ndarray:
    """G = Z Z^T in float64, each entry independent of the rows' positions (:func:`.kernels.gram`)."""
    return _modules()[1].gram(z)


def mean_rows(z: np.ndarray, rows: np.ndarray, start: float) -> np.ndarray:
    """(start + the rows, added in order) / len(rows), on every thread (:func:`.kernels.mean_rows`)."""
    return _modules()[1].mean_rows(z, rows, start)
