"""Compiled kernels (numba) for the float paths of the rules.

Numba is a core dependency (docs/benchmarks.md says why: no numpy formulation of a
per-column selection comes within 4x of one read of the input). Where it cannot be
imported (no wheel for the platform), or with ``AVAGREE_NO_NUMBA=1``, the numpy
paths run instead; they stay the reference and tests check both give the same
outputs bit for bit.

Coordinate-wise rules, by q:

* q <= :data:`.kernels.MAX_REGISTER_Q`: a kernel per (q, f, rule) generated from
  Batcher's network, pruned to the positions the rule reads, with one local per value,
  so LLVM vectorises the loop over columns and keeps a column in registers
  (:func:`.kernels.register_columns`, cached on disk);
* larger q: one kernel for every q (:func:`.kernels.sorted_columns`), the network
  applied to tiles of columns (the values no longer fit the registers).

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


#: the registry rules (by name) with a compiled coordinate-wise kernel; the name is the kernel's kind
KINDS = ("cwtm", "trimmed-middle", "median")


def usable(z: np.ndarray) -> bool:
    """A kernel applies: float32/float64, C-contiguous, at least MIN_D columns, numba importable."""
    return (AVAILABLE and z.dtype in (np.float32, np.float64) and z.ndim == 2 and z.shape[0] >= 1
            and z.shape[1] >= MIN_D and z.flags.c_contiguous and _modules() is not None)


#: Cut a kernel call's threads to the cores idle when it starts (see :func:`_threads`); the
#: benchmark turns it off to measure numba's own count.
IDLE_CORES_ONLY = True
#: Linux's load file: its fourth field is "running tasks/all tasks" at this instant.
LOADAVG = "/proc/loadavg"
#: Inputs of at least this many values (q * d) run on numba's count however busy the machine.
LONG_CALL = 5_000_000


def _threads(wanted: int, values: int) -> int:
    """Threads for a kernel call on ``values`` input values: ``wanted`` (numba's count) for a long
    call, and for a short one no more than 1 + the usable cores that no other task is running
    on at this instant (Linux: the running-task count of /proc/loadavg, this thread included;
    11 us to read). A parallel call waits for its slowest thread, and a thread that shares a
    core with another process waits for its turn: beside two busy loops on the 2 cores (load
    5), CwTM at (30, 5, 10^5) (a 1.5 ms call) took 4.4x one read on two threads and 1.8x on
    one, but at (10, 2, 10^6) (10 ms) 0.85x on two threads and 1.2x on one, where the waits
    are short beside the call (docs/benchmarks.md, "Issue 29 item 7"). Outputs do not depend on
    the thread count (every kernel's columns, blocks and sums are fixed by the input alone)."""
    if wanted == 1 or not IDLE_CORES_ONLY or values >= LONG_CALL:
        return wanted
    try:
        with open(LOADAVG) as fh:
            running = int(fh.read().split()[3].split("/")[0])
        cores = len(os.sched_getaffinity(0))
    except (OSError, ValueError, IndexError, AttributeError):  # not Linux: numba's count
        return wanted
    return max(1, min(wanted, cores - running + 1))


def _call(kernel: Callable[..., np.ndarray], z: np.ndarray, *args) -> np.ndarray:
    """``kernel(z, *args)`` on the threads :func:`_threads` allows (numba's setting is per calling
    thread and is restored)."""
    numba = _modules()[0]
    wanted = numba.get_num_threads()
    use = _threads(wanted, z.size)
    if use == wanted:
        return kernel(z, *args)
    numba.set_num_threads(use)
    try:
        return kernel(z, *args)
    finally:
        numba.set_num_threads(wanted)


def coordinatewise(z: np.ndarray, f: int, kind: str) -> np.ndarray:
    """The rule on float input; NaN in the output iff the input had NaN or inf."""
    kernels = _modules()[1]
    if z.shape[0] <= kernels.MAX_REGISTER_Q:
        return _call(kernels.register_columns, z, f, kind)
    return _call(kernels.sorted_columns, z, f, kind)


def gram(z: np.ndarray) -> np.ndarray:
    """G = Z Z^T in float64, each entry independent of the rows' positions (:func:`.kernels.gram`)."""
    return _call(_modules()[1].gram, z)


def mean_rows(z: np.ndarray, rows: np.ndarray, start: float) -> np.ndarray:
    """(start + the rows, added in order) / len(rows), on the threads :func:`_threads` allows
    (:func:`.kernels.mean_rows`)."""
    return _call(_modules()[1].mean_rows, z, rows, start)
