"""Exact plurality-vote (self-consistency) probabilities.

Condition on the number c of correct samples out of n. The w = n - c wrong samples fall uniformly
on m wrong answers, so their counts are multinomial. The correct answer wins outright when every
wrong count is below c, and wins a j-way tie at c with probability 1 / (j + 1). Summing the
multinomial over the counts allowed is a polynomial coefficient (exponential generating
functions):

    P(win | c, w) = w! / m^w * sum_j C(m, j) / (j + 1) * (x^c / c!)^j * T_c(x)^(m - j)  at x^w,
    T_c(x) = sum_{a < c} x^a / a!

The win probability given (c, w) does not depend on p, so one table serves every p and every
n <= n_max; P(win) is then a binomial average of one table row.
"""

from __future__ import annotations

import functools
import math

import numpy as np
from numpy.typing import NDArray

from sims._bon_special import binomial_pmf_rows, log_factorials

MAX_SAMPLES = 1024  # table cost grows like m * n^3; 1024 keeps every term in float64 range
MAX_WRONG_ANSWERS = 100
_TABLE_STEP = 64  # round table sizes up so a sweep over n reuses one cached table
_HORNER_MIN_POINTS = 16  # from this many p values for one n, Horner's rule beats the pmf matrix


def _win_given_correct(c: int, w_max: int, m: int, log_fact: NDArray[np.float64]) -> NDArray[np.float64]:
    """P(win | c correct, w wrong) for w = 0 .. w_max, with m wrong answers (c >= 1)."""
    # Substitute x -> s x so coefficients stay near 1: with m s >= w the normaliser w!/(m s)^w <= 1,
    # so nothing that matters can overflow or underflow.
    ms = float(min(max(w_max, 1), 500))
    log_s = math.log(ms / m)
    a = np.arange(c + 1)
    weights = np.exp(a * log_s - log_fact[a])  # s^a / a!
    base = weights[: min(c, w_max + 1)]  # T_c, truncated: only x^0 .. x^w_max matter
    power = np.zeros(w_max + 1)
    power[0] = 1.0
    powers = [power]  # powers[r] = T_c^r truncated to degree w_max
    for _ in range(m):
        power = np.convolve(power, base)[: w_max + 1]
        powers.append(power)
    total = np.zeros(w_max + 1)
    for j in range(min(m, w_max // c) + 1):  # j wrong answers tied with the correct one at c
        tie_weight = math.comb(m, j) / (j + 1) * weights[c] ** j
        total[j * c :] += tie_weight * powers[m - j][: w_max + 1 - j * c]
    w = np.arange(w_max + 1)
    return np.minimum(total * np.exp(log_fact[w] - w * math.log(ms)), 1.0)


@functools.lru_cache(maxsize=16)
def win_table(n_max: int, m: int) -> NDArray[np.float64]:
    """table[c, w] = P(correct answer wins | c correct, w wrong votes), for c + w <= n_max."""
    log_fact = log_factorials(n_max)
    table = np.zeros((n_max + 1, n_max + 1))
    for c in range(1, n_max + 1):
        w_max = n_max - c
        table[c, : min(c, w_max + 1)] = 1.0  # more votes than all wrong answers together
        if c <= w_max:
            table[c, c : w_max + 1] = _win_given_correct(c, w_max, m, log_fact)[c:]
    table.flags.writeable = False
    return table


def win_given_correct_infinite(n_max: int) -> NDArray[np.float64]:
    """table[c, w] when every wrong answer is distinct (each has one vote)."""
    table = np.zeros((n_max + 1, n_max + 1))
    table[2:, :] = 1.0
    table[1, :] = 1.0 / (np.arange(n_max + 1) + 1)  # a tie of w + 1 single votes
    return table


def _bernstein_sum(p: NDArray[np.float64], weights: NDArray[np.float64]) -> NDArray[np.float64]:
    """sum_c C(n, c) p^c (1 - p)^(n - c) weights[c] for many p, by Horner's rule (n + 1 vector ops).

    Written in r = p / (1 - p) (or its inverse when p > 1/2) so r <= 1, with the binomials scaled by
    2^-n: every term is non-negative and bounded, so nothing cancels, overflows or loses digits.
    """
    n = weights.size - 1
    c = np.arange(n + 1)
    log_fact = log_factorials(n)
    with np.errstate(divide="ignore"):
        coef = np.exp(log_fact[n] - log_fact[c] - log_fact[n - c] - n * math.log(2.0) + np.log(weights))
    out = np.empty(p.shape)
    for low, ordered, base in ((p <= 0.5, coef, 1.0 - p), (p > 0.5, coef[::-1], p)):
        ratio = np.where(low, (1.0 - base) / np.where(base > 0, base, 1.0), 0.0)[low]
        acc = np.zeros(ratio.shape)
        for a in ordered[::-1]:
            acc = acc * ratio + a
        with np.errstate(divide="ignore"):
            out[low] = np.exp(n * np.log(2.0 * base[low]) + np.log(acc))
    return out


def _matrix_sum(
    p: NDArray[np.float64], n: NDArray[np.int64], table: NDArray[np.float64]
) -> NDArray[np.float64]:
    """The same binomial average for many different n at once, one row per (p, n) pair."""
    size = int(n.max())
    c = np.arange(size + 1)
    wins = table[c[None, :], np.clip(n[:, None] - c[None, :], 0, None)]  # (S, size + 1)
    values: NDArray[np.float64] = (binomial_pmf_rows(p, n, size + 1) * wins).sum(axis=1)
    return values


def majority_win_probability(p: NDArray[np.float64], n: NDArray[np.int64], m: float) -> NDArray[np.float64]:
    """P(plurality answer is correct), broadcasting p and n (n <= MAX_SAMPLES)."""
    p_b, n_b = np.broadcast_arrays(p, n)
    flat_p, flat_n = p_b.ravel(), n_b.ravel()
    size = int(flat_n.max())
    n_max = min(MAX_SAMPLES, -(-size // _TABLE_STEP) * _TABLE_STEP)
    table = win_given_correct_infinite(size) if math.isinf(m) else win_table(n_max, int(m))
    out = np.empty(flat_p.shape)
    values, counts = np.unique(flat_n, return_counts=True)
    rest = np.ones(flat_n.shape, dtype=bool)
    for n_value in values[counts >= _HORNER_MIN_POINTS]:  # many p for one n: Horner's rule
        here = flat_n == n_value
        c = np.arange(n_value + 1)
        out[here] = _bernstein_sum(flat_p[here], table[c, n_value - c])
        rest &= ~here
    if rest.any():
        out[rest] = _matrix_sum(flat_p[rest], flat_n[rest], table)
    return np.clip(out, 0.0, 1.0).reshape(p_b.shape)
