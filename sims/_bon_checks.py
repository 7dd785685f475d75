"""Input validation and output shaping shared by the best-of-N functions.

Every check raises ``ValueError`` naming the parameter and the allowed range, so a bad URL value or
quiz entry produces a readable message instead of a NaN on a chart.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

FloatOrArray = float | NDArray[np.float64]


def _numeric(name: str, value: ArrayLike) -> NDArray[np.float64]:
    try:
        arr = np.asarray(value)
    except (TypeError, ValueError) as exc:  # ragged lists and the like
        raise ValueError(f"{name} must be a number or an array of numbers (got {value!r})") from exc
    if arr.dtype == np.bool_ or not np.issubdtype(arr.dtype, np.number) or arr.size == 0:
        raise ValueError(f"{name} must be a non-empty number or array of numbers (got {value!r})")
    if np.iscomplexobj(arr):
        raise ValueError(f"{name} must be real (got {value!r})")
    return arr.astype(np.float64)


def _first(arr: NDArray[np.float64], bad: NDArray[np.bool_]) -> float:
    return float(arr[bad].flat[0])


def check_probability(name: str, value: ArrayLike) -> NDArray[np.float64]:
    """Return ``value`` as a float array, or raise unless every entry is in [0, 1] (NaN fails)."""
    arr = _numeric(name, value)
    bad = ~((arr >= 0.0) & (arr <= 1.0))
    if bad.any():
        raise ValueError(f"{name} must be a probability in [0, 1] (got {_first(arr, bad)})")
    return arr


def check_positive(name: str, value: ArrayLike) -> NDArray[np.float64]:
    """Return ``value`` as a float array, or raise unless every entry is finite and > 0."""
    arr = _numeric(name, value)
    bad = ~((arr > 0.0) & np.isfinite(arr))
    if bad.any():
        raise ValueError(f"{name} must be finite and > 0 (got {_first(arr, bad)})")
    return arr


def check_non_negative(name: str, value: ArrayLike) -> NDArray[np.float64]:
    """Return ``value`` as a float array, or raise unless every entry is finite and >= 0."""
    arr = _numeric(name, value)
    bad = ~((arr >= 0.0) & np.isfinite(arr))
    if bad.any():
        raise ValueError(f"{name} must be finite and >= 0 (got {_first(arr, bad)})")
    return arr


def check_count(
    name: str, value: ArrayLike, *, minimum: int = 1, maximum: int | None = None
) -> NDArray[np.int64]:
    """Return ``value`` as an int64 array, or raise unless every entry is a whole number in range."""
    arr = _numeric(name, value)
    upper = math.inf if maximum is None else maximum
    bad = ~(np.isfinite(arr) & (arr == np.round(arr)) & (arr >= minimum) & (arr <= upper))
    if bad.any():
        allowed = f">= {minimum}" if maximum is None else f"in [{minimum}, {maximum}]"
        raise ValueError(f"{name} must be a whole number {allowed} (got {_first(arr, bad)})")
    return arr.astype(np.int64)


def check_scalar(name: str, arr: NDArray[np.generic]) -> None:
    """Raise unless ``arr`` holds a single number."""
    if arr.ndim != 0:
        raise ValueError(f"{name} must be a single number, not an array of shape {arr.shape}")


def check_n_values(name: str, value: ArrayLike, *, maximum: int | None = None) -> NDArray[np.int64]:
    """A 1-D array of sample counts, each a whole number >= 1 (``maximum`` if given)."""
    arr = np.atleast_1d(check_count(name, value, minimum=1, maximum=maximum))
    if arr.ndim != 1:
        raise ValueError(f"{name} must be a 1-D list of sample counts (got shape {arr.shape})")
    return arr


def shaped(values: NDArray[np.float64], *inputs: ArrayLike) -> FloatOrArray:
    """A plain float when every input was a scalar, else the array."""
    if all(np.ndim(x) == 0 for x in inputs):
        return float(values)
    return values
