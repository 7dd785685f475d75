"""Input checks shared by every ``sims`` module.

Each check returns the value in a clean form (a float, an int or a float array) or raises
``ValueError`` naming the parameter and the allowed range, e.g. ``"p must be a number in [0, 1],
got nan"``. Widgets have bounds, but URLs, quiz files, edited tables and tests do not, so every
public function runs its inputs through these before doing any arithmetic.

Conventions: NaN and infinities always fail; booleans, strings and complex numbers are not numbers.
An array of integers may hold whole floats (``4.0``), since numpy grids are often float arrays; a
single integer parameter must be an int (Python or numpy).
"""

from __future__ import annotations

import math
from collections.abc import Collection
from numbers import Integral
from typing import Any, cast, overload

import numpy as np
from numpy.typing import ArrayLike, NDArray


def _text(x: float) -> str:
    """A bound or an offending entry as a person would write it: ``1024``, ``0.5``, ``nan``."""
    return str(int(x)) if math.isfinite(x) and x == int(x) else repr(float(x))


def _allowed(low: float, high: float, *, integer: bool, low_open: bool, high_open: bool, unit: str) -> str:
    kind = "an integer" if integer else "a number"
    if math.isinf(low) and math.isinf(high):
        text = "an integer" if integer else "a finite number"
    elif math.isinf(high):
        text = f"{kind} {'>' if low_open else '>='} {_text(low)}"
    else:
        text = f"{kind} in {'(' if low_open else '['}{_text(low)}, {_text(high)}{')' if high_open else ']'}"
    return f"{text} {unit}" if unit else text


def numbers(
    name: str, value: ArrayLike, *, low: float = -math.inf, high: float = math.inf, low_open: bool = False,
    high_open: bool = False, integer: bool = False, unit: str = "",
) -> NDArray[np.float64]:
    """Return ``value`` as a non-empty float array whose every entry is finite and in range.

    Parameters
    ----------
    name : str
        Parameter name used in the error message.
    value : array_like
        A number or an array of numbers.
    low, high : float, optional
        Allowed range, ``[low, high]``; an end is excluded when ``low_open`` / ``high_open``.
        Default: any finite number.
    integer : bool, optional
        Also require whole numbers.
    unit : str, optional
        Unit named after the range in the message, e.g. ``"tokens"``.

    Returns
    -------
    ndarray of float64
        The checked values, same shape as ``value``.

    Example
    -------
    >>> numbers("p", [0.1, 0.5], low=0, high=1).tolist()
    [0.1, 0.5]
    """
    allowed = _allowed(low, high, integer=integer, low_open=low_open, high_open=high_open, unit=unit)
    try:
        arr = np.asarray(value)
    except (TypeError, ValueError) as exc:  # ragged lists and the like
        raise ValueError(f"{name} must be {allowed}, got {value!r}") from exc
    if arr.dtype == np.bool_ or not np.issubdtype(arr.dtype, np.number) or np.iscomplexobj(arr):
        raise ValueError(f"{name} must be {allowed}, got {value!r}")
    if arr.size == 0:
        raise ValueError(f"{name} must be {allowed}, got an empty array")
    arr = arr.astype(np.float64)
    above_low = arr > low if low_open else arr >= low
    below_high = arr < high if high_open else arr <= high
    good = np.isfinite(arr) & above_low & below_high  # NaN fails every comparison
    if integer:
        good &= np.isfinite(arr) & (arr == np.round(arr))
    if not good.all():
        raise ValueError(f"{name} must be {allowed}, got {_text(float(arr[~good].flat[0]))}")
    return arr


def _single(name: str, value: object) -> ArrayLike:
    """``value`` unchanged if it is one number (not a list or an array), for the scalar checks."""
    one = cast(ArrayLike, value)  # anything else fails in numbers()
    if np.ndim(one) != 0:
        raise ValueError(f"{name} must be a single number, not an array of shape {np.shape(one)}")
    return one


def number(
    name: str, value: object, *, low: float = -math.inf, high: float = math.inf, low_open: bool = False,
    high_open: bool = False, unit: str = "",
) -> float:
    """One finite number in ``[low, high]`` (ends excluded as in :func:`numbers`), as a float.

    Example
    -------
    >>> number("decay", 0.5, low=0, high=1)
    0.5
    """
    one = _single(name, value)
    return float(numbers(name, one, low=low, high=high, low_open=low_open, high_open=high_open, unit=unit))


def integers(name: str, value: ArrayLike, *, low: int = 0, high: float = math.inf) -> NDArray[np.int64]:
    """Whole numbers in ``[low, high]`` as an int64 array of the same shape.

    Example
    -------
    >>> integers("n", [1, 4.0], low=1).tolist()
    [1, 4]
    """
    return numbers(name, value, low=low, high=high, integer=True).astype(np.int64)


def integer(name: str, value: object, *, low: int = 0, high: float = math.inf, unit: str = "") -> int:
    """One integer in ``[low, high]``, as an int. Unlike :func:`integers`, a float such as ``2.0``
    fails: a single count passed as a float is a caller's bug, not a numpy grid.

    Example
    -------
    >>> integer("rounds", 3, low=1, high=20)
    3
    """
    one = _single(name, value)
    if not isinstance(one, Integral) or isinstance(one, bool):
        allowed = _allowed(low, high, integer=True, low_open=False, high_open=False, unit=unit)
        raise ValueError(f"{name} must be {allowed}, got {value!r}")
    return int(numbers(name, one, low=low, high=high, integer=True, unit=unit))


def probabilities(name: str, value: ArrayLike) -> NDArray[np.float64]:
    """Numbers in [0, 1] (NaN fails), as a float array of the same shape."""
    return numbers(name, value, low=0.0, high=1.0)


def probability(name: str, value: object) -> float:
    """One number in [0, 1] (NaN fails), as a float."""
    return number(name, value, low=0.0, high=1.0)


def positive(name: str, value: object, *, unit: str = "") -> float:
    """One finite number > 0, as a float (a rate, a size, a duration)."""
    return number(name, value, low=0.0, low_open=True, unit=unit)


def choice(name: str, value: object, choices: Collection[str]) -> str:
    """``value`` if it is one of ``choices``, else a ValueError listing them.

    Example
    -------
    >>> choice("method", "beam", ("beam", "dvts"))
    'beam'
    """
    if not isinstance(value, str) or value not in choices:
        raise ValueError(f"{name} must be one of {', '.join(choices)}; got {value!r}")
    return value


def cell_number(value: object, low: float, high: float) -> float | None:
    """A number in ``[low, high]`` from a user-edited table cell (number or numeric text), else None.

    Tables are cleaned row by row with a message per bad cell, so this one does not raise.
    """
    if isinstance(value, bool) or value is None:
        return None
    try:
        number_ = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number_ if math.isfinite(number_) and low <= number_ <= high else None


@overload
def scalar_or_array(arr: NDArray[np.float64]) -> float | NDArray[np.float64]: ...
@overload
def scalar_or_array(arr: NDArray[np.int64]) -> int | NDArray[np.int64]: ...
@overload
def scalar_or_array(arr: NDArray[Any]) -> Any: ...
def scalar_or_array(arr: NDArray[Any]) -> Any:
    """A 0-d result as a Python number (int for integer dtypes), any other shape as the array."""
    return arr.item() if arr.ndim == 0 else arr
