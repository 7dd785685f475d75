"""Special functions the best-of-N models need, in numpy only (no scipy).

``log_beta_miss(a, b, n)`` is log E[(1 - P)^n] for P ~ Beta(a, b): a ratio of four Gamma
functions. Subtracting ``math.lgamma`` values loses digits when a + b is large (each is
~ x log x while their combination is tiny); the Stirling *differences* below never form those
large numbers, so the result stays accurate from a + b near 0 up to 1e300.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

# Below this x, shift up with log Gamma(x) = log Gamma(x + K) - sum_{i<K} log(x + i) so that the
# Stirling series (terms to x^-11) is accurate to ~1e-15.
_SHIFT = 10


def _stirling_tail(y: NDArray[np.float64]) -> NDArray[np.float64]:
    """log Gamma(y) minus its leading Stirling terms, for y >= 10."""
    inv = 1.0 / y
    inv2 = inv * inv
    series = 1 / 1680 - inv2 * (1 / 1188 - inv2 * (691 / 360360))
    return inv * (1 / 12 - inv2 * (1 / 360 - inv2 * (1 / 1260 - inv2 * series)))


def _log_ratio(a: NDArray[np.float64], x: NDArray[np.float64]) -> NDArray[np.float64]:
    """log(x / (a + x)), accurate both when a << x (log1p) and when a >> x (plain logs)."""
    a_b, x_b = np.broadcast_arrays(a, x)
    ratio = a_b / (a_b + x_b)
    out: NDArray[np.float64] = np.log1p(-np.minimum(ratio, 0.5))
    far = ratio > 0.5  # rare: log1p(-ratio) would lose digits as ratio -> 1
    with np.errstate(divide="ignore"):
        out[far] = np.log(x_b[far]) - np.log(a_b[far] + x_b[far])
    return out


def log_beta_miss(a: ArrayLike, b: ArrayLike, n: ArrayLike) -> NDArray[np.float64]:
    """log E[(1 - P)^n] for P ~ Beta(a, b), i.e. log of prod_{i<n} (b + i) / (a + b + i).

    Valid for a > 0, b >= 0, n >= 0 (broadcast); -inf where b = 0 < n. Every term is written as
    a log1p of a small ratio, so the result keeps its relative accuracy even when it is tiny
    (a << b, the nearly independent case).
    """
    arrays = np.broadcast_arrays(*(np.asarray(x, dtype=np.float64) for x in (a, b, n)))
    a_arr, b_arr, n_arr = (x.copy() for x in arrays)
    out = np.zeros(a_arr.shape)
    small = b_arr < _SHIFT
    if small.any():
        i = np.arange(_SHIFT, dtype=np.float64)[:, None]  # (K, 1) against the (S,) selected entries
        aa, bb, nn = a_arr[small], b_arr[small], n_arr[small]
        # log Gamma(x) = log Gamma(x + K) - sum_{i<K} log(x + i), for x = b, b + n, a + b, a + b + n
        with np.errstate(invalid="ignore"):  # -inf - -inf at b = n = 0, replaced just below
            shifted = (_log_ratio(aa, bb + i) - _log_ratio(aa, bb + nn + i)).sum(axis=0)
        out[small] = np.where(nn > 0, shifted, 0.0)  # an empty product is 1, even at b = 0
        b_arr[small] += _SHIFT
    x, y = b_arr, a_arr + b_arr
    # Stirling for log Gamma(x + n) - log Gamma(x) - (same at y), regrouped into small log1p terms
    out += (
        (x - 0.5) * np.log1p((a_arr / x) * (n_arr / (y + n_arr)))
        - a_arr * np.log1p(n_arr / y)
        - n_arr * np.log1p(a_arr / (x + n_arr))
        + (_stirling_tail(x + n_arr) - _stirling_tail(y + n_arr))
        + (_stirling_tail(y) - _stirling_tail(x))
    )
    return out


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
    return np.exp(np.where(valid, log_pmf, -np.inf))
