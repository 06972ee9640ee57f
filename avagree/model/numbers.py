"""Number modes shared by every path: ``float`` (numpy floating) and ``exact``
(numpy object arrays of :class:`fractions.Fraction`).

Rules are written once against numpy operations that both modes support
(sorting, sums, products, comparisons), so the exact path replays exactly the
code the float path runs.
"""

from __future__ import annotations

import math
import re
import numbers as _nums
from fractions import Fraction
from typing import Any, Literal

import numpy as np

from avagree.errors import InputError

Mode = Literal["float", "exact"]


def mode_of(arr: np.ndarray) -> Mode:
    return "exact" if arr.dtype == object else "float"


def _classify(flat: list[Any], name: str) -> Mode:
    has_fraction = has_float = False
    for v in flat:
        if isinstance(v, bool) or isinstance(v, np.bool_):
            raise InputError(f"{name}: booleans are not numbers (got {v!r})")
        if isinstance(v, Fraction):
            has_fraction = True
        elif isinstance(v, (int, np.integer)):
            continue
        elif isinstance(v, (float, np.floating)):
            if not math.isfinite(v):
                raise InputError(f"{name}: non-finite value {v!r}")
            has_float = True
        elif isinstance(v, (list, tuple, np.ndarray)):
            raise InputError(f"{name}: ragged array (rows of different lengths)")
        elif isinstance(v, _nums.Rational):
            has_fraction = True
        else:
            raise InputError(f"{name}: {type(v).__name__} value {v!r} is not a real number")
    if has_fraction and has_float:
        raise InputError(f"{name}: mixes Fraction and float values; pick one number mode")
    return "exact" if has_fraction else "float"


def as_array(data: Any, *, rank: int, name: str = "input", mode: Mode | None = None, finite: bool = True) -> np.ndarray:
    """Validate ``data`` as a finite rank-``rank`` array and return it in its number mode.

    Float input stays float32/float64 (integers become float64). Any Fraction makes
    the whole array exact (ints become Fractions). ``mode`` forces a mode.
    ``finite=False`` skips the NaN/inf scan of a float ndarray: only for callers
    that check their result instead (the fused kernels of ``algorithms.fast``).
    """
    if isinstance(data, np.ndarray) and data.dtype.kind in "fiu" and data.dtype != object:
        arr = data if data.dtype.kind == "f" else data.astype(np.float64)
        if arr.ndim != rank:
            raise InputError(f"{name}: expected a rank-{rank} array, got shape {arr.shape}")
        if arr.size == 0:
            raise InputError(f"{name}: empty array (shape {arr.shape})")
        if finite and not np.isfinite(arr).all():
            raise InputError(f"{name}: contains NaN or inf")
        got: Mode = "float"
    else:
        if isinstance(data, np.ndarray) and data.dtype.kind == "b":
            raise InputError(f"{name}: booleans are not numbers")
        try:
            arr = np.array(data, dtype=object)
        except ValueError as exc:  # numpy refuses some ragged nestings outright
            raise InputError(f"{name}: ragged array ({exc})") from None
        if arr.ndim != rank:
            if arr.ndim < rank and arr.size and any(isinstance(v, (list, tuple, np.ndarray)) for v in arr.ravel()):
                raise InputError(f"{name}: ragged array (rows of different lengths)")
            raise InputError(f"{name}: expected a rank-{rank} array, got shape {arr.shape}")
        if arr.size == 0:
            raise InputError(f"{name}: empty array (shape {arr.shape})")
        flat = arr.ravel().tolist()
        got = _classify(flat, name)
        if got == "exact":
            arr = np.array([Fraction(v) for v in flat], dtype=object).reshape(arr.shape)
        else:
            arr = np.array(flat, dtype=np.float64).reshape(arr.shape)
    if mode is not None and mode != got:
        arr = convert(arr, mode)
    return arr


def convert(arr: np.ndarray, mode: Mode) -> np.ndarray:
    """Convert an array between modes (float -> exact is exact: a float is a dyadic rational)."""
    if mode_of(arr) == mode:
        return arr
    if mode == "exact":
        return np.array([Fraction(float(v)) for v in arr.ravel()], dtype=object).reshape(arr.shape)
    return np.array([float(v) for v in arr.ravel()], dtype=np.float64).reshape(arr.shape)


#: The one form of a rational in witness files: an optional minus sign, ASCII digits,
#: and an optional "/" with a positive ASCII denominator ("-3/7", "5", "0").
_RATIONAL = re.compile(r"-?(0|[1-9][0-9]*)(/[1-9][0-9]*)?")
#: What the command line also accepts: a plain decimal ("0.8", "-1.25").
_DECIMAL = re.compile(r"-?[0-9]+\.[0-9]+")


def parse_rational(text: Any, *, name: str = "value", decimal: bool = False) -> Fraction:
    """Parse a rational written as a string strictly: "-3/7", "5", "0" (and, with
    ``decimal``, "0.25"). Anything else -- exponents ("1e400"), spaces, "_",
    "+", non-ASCII digits, a zero or signed denominator -- is an
    :class:`~avagree.errors.InputError` naming ``name``. Python ints are taken as is."""
    if isinstance(text, int) and not isinstance(text, bool):
        return Fraction(text)
    if not isinstance(text, str):
        raise InputError(f"{name}: expected a rational string like '-3/7', got {text!r}")
    if _RATIONAL.fullmatch(text) or (decimal and _DECIMAL.fullmatch(text)):
        return Fraction(text)
    form = "'-3/7', '5' or '0.25'" if decimal else "'-3/7', '5' or '0'"
    raise InputError(f"{name}: {text!r} is not a rational number written as {form}")


def rational_str(x: Any) -> str:
    """Render an exact (or float, converted exactly) number as a rational string."""
    return str(Fraction(x) if not isinstance(x, Fraction) else x)
