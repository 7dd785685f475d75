"""Special functions the best-of-N models need, in numpy only (no scipy).

``log_rising(x, n)`` is log Gamma(x + n) - log Gamma(x), the log of the rising factorial
x (x + 1) ... (x + n - 1). Beta-binomial coverage is a ratio of two of them. Subtracting two
``math.lgamma`` values loses digits when x is large (they are both ~ x log x); the Stirling
*difference* below never forms those large numbers, so it stays accurate from x = 0 up to 1e15.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

# Below this x, shift up with log Gamma(x) = log Gamma(x + K) - sum_{i<K} log(x + i) so that the
# Stirling series (terms to x^-9) is accurate to ~1e-17.
_SHIFT = 20


def _stirling_tail(y: NDArray[np.float64]) -> NDArray[np.float64]:
    """log Gamma(y) minus its leading Stirling terms, for y >= 20."""
    inv = 1.0 / y
    inv2 = inv * inv
    return inv * (1 / 12 - inv2 * (1 / 360 - inv2 * (1 / 1260 - inv2 * (1 / 1680 - inv2 / 1188))))


def _log_rising_large(x: NDArray[np.float64], n: NDArray[np.float64]) -> NDArray[np.float64]:
    # (x + n - 1/2) log(x + n) - (x - 1/2) log x - n, regrouped so no two large terms cancel
    return (
        (x - 0.5) * np.log1p(n / x)
        + n * np.log(x + n)
        - n
        + _stirling_tail(x + n)
        - _stirling_tail(x)
    )


def log_rising(x: ArrayLike, n: ArrayLike) -> NDArray[np.float64]:
    """log(x (x+1) ... (x+n-1)) for x >= 0 and n >= 0 (broadcast); -inf where x = 0 < n."""
    xb, nb = np.broadcast_arrays(np.asarray(x, dtype=np.float64), np.asarray(n, dtype=np.float64))
    x_arr, n_arr = xb.copy(), nb.copy()
    out = np.zeros(x_arr.shape)
    small = x_arr < _SHIFT
    if small.any():
        i = np.arange(_SHIFT, dtype=np.float64)[:, None]  # (K, 1) against (S,) selected entries
        xs, ns = x_arr[small], n_arr[small]
        with np.errstate(divide="ignore", invalid="ignore"):
            # an empty product (n = 0) is 1 even at x = 0, where log 0 - log 0 would be NaN
            out[small] = np.where(ns > 0, (np.log(xs + i) - np.log(xs + ns + i)).sum(axis=0), 0.0)
        x_arr[small] += _SHIFT
    return out + _log_rising_large(x_arr, n_arr)


def log_factorials(n_max: int) -> NDArray[np.float64]:
    """log k! for k = 0 .. n_max."""
    out = np.zeros(n_max + 1)
    out[1:] = np.cumsum(np.log(np.arange(1, n_max + 1, dtype=np.float64)))
    return out


def binomial_pmf_rows(p: NDArray[np.float64], n: NDArray[np.int64], width: int) -> NDArray[np.float64]:
    """Row r holds P(Binomial(n[r], p[r]) = c) for c = 0 .. width - 1 (zero where c > n[r])."""
    c = np.arange(width)
    log_fact = log_factorials(width)
    nn, pp = n[:, None], p[:, None]
    valid = c <= nn
    k = np.where(valid, c, 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        log_pmf = (
            log_fact[nn] - log_fact[k] - log_fact[np.where(valid, nn - c, 0)]
            + np.where(k > 0, k * np.log(pp), 0.0)
            + np.where(nn - k > 0, (nn - k) * np.log1p(-pp), 0.0)
        )
    return np.where(valid, np.exp(log_pmf), 0.0)
