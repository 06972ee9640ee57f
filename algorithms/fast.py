"""Optional compiled kernels (numba) for the coordinate-wise rules in float mode.

For each (q, f, rule) a kernel is generated with q local scalars per column and
an odd-even transposition sorting network written out as branch-free
compare-exchanges, so LLVM vectorises the loop over columns; columns are split
across threads in blocks. The kernel also adds 0 * v for every input v to the
output, which turns any NaN or inf in the input into a NaN output: the finiteness
check then reads d outputs instead of q * d inputs.

The pure-numpy path in :mod:`.coordinatewise` stays the reference and is what
runs without numba (``pip install "avagree[fast]"``); tests check both give the
same outputs. ``AVAGREE_NO_NUMBA=1`` disables the kernels.
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import Callable

import numpy as np

try:  # pragma: no cover - depends on the environment
    if os.environ.get("AVAGREE_NO_NUMBA"):
        raise ImportError
    import numba
except ImportError:  # pragma: no cover
    numba = None

AVAILABLE = numba is not None
#: Columns per block handed to one thread.
BLOCK = 4096
#: The network has q(q-1)/2 comparators and the kernel q locals: small q only.
MAX_Q = 12  # compile time grows with the q(q-1)/2 unrolled comparators: 2 s at q = 9, 80 s at q = 30
#: Below this many columns numpy is as fast and nothing is compiled.
MIN_D = 2048


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
    columns = numba.njit(scope["columns"])

    @numba.njit(parallel=True)
    def run(z, zero, two, count):
        d = z.shape[1]
        out = np.empty(d, dtype=z.dtype)
        for b in numba.prange((d + BLOCK - 1) // BLOCK):
            columns(z, out, b * BLOCK, min(d, b * BLOCK + BLOCK), zero, two, count)
        return out

    return run


KINDS = ("cwtm", "trimmed-middle", "median")


def usable(z: np.ndarray) -> bool:
    return (AVAILABLE and z.dtype in (np.float32, np.float64) and 1 <= z.shape[0] <= MAX_Q
            and z.shape[1] >= MIN_D and z.flags.c_contiguous)


def coordinatewise(z: np.ndarray, f: int, kind: str) -> np.ndarray:
    """The rule on float input; NaN in the output iff the input had NaN or inf."""
    t = z.dtype.type
    return _kernel(kind, z.shape[0], f)(z, t(0), t(2), t(z.shape[0] - 2 * f))
