"""Seeded Monte Carlo of the best-of-N pipeline: draw samples, then select.

Random numbers are drawn first (``draw``), then a deterministic step (``count_wins``) turns them
into wins, so the step can be tested with hand-made inputs. Each trial draws the largest N once;
smaller N are its prefixes, which is how a real run of N samples would be cut short.

One uniform u per sample decides everything about it by splitting [0, 1) into slices (inverse-CDF
sampling of a categorical outcome), with P the problem's hit rate:

- correctness: u < P;
- reward model: [0, P*recall) right and flagged, [P*recall, P) right and unflagged,
  [P, P + (1-P)*false_pick) wrong and flagged, the rest wrong and unflagged;
- majority vote: a wrong sample names answer 1 + floor((u - P) / (1 - P) * m).

One more uniform per trial makes the selector's random choice among its candidates.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

SELECTORS = ("oracle", "reward_model", "majority")


@dataclass(frozen=True)
class Draws:
    """Uniform random numbers for one chunk of T trials with N samples each.

    Attributes
    ----------
    problem_p : ndarray, shape (T,)
        Per-trial hit rate (constant p, or a Beta draw when samples are correlated).
    sample_u : ndarray, shape (T, N)
        One uniform per sample (see the module docstring for how it is read).
    pick_u : ndarray, shape (T,) or (T, m + 1)
        The selector's random choice: one uniform per trial, or (majority vote over m wrong
        answers) one tie-break key per answer.
    """

    problem_p: NDArray[np.float64]
    sample_u: NDArray[np.float32]
    pick_u: NDArray[np.float64]


def _problem_p(rng: np.random.Generator, p: float, rho: float, trials: int) -> NDArray[np.float64]:
    if rho == 0.0 or p in (0.0, 1.0):
        return np.full(trials, p)
    if rho == 1.0:  # the Beta limit: each problem is always solved or never solved
        return (rng.random(trials) < p).astype(np.float64)
    theta = (1.0 - rho) / rho  # rho = 1 / (a + b + 1) for P ~ Beta(a, b) with mean p
    return rng.beta(p * theta, (1.0 - p) * theta, size=trials)


def draw(
    rng: np.random.Generator, *, p: float, rho: float, trials: int, n_max: int, selector: str, m: float
) -> Draws:
    """All random numbers one chunk of trials needs."""
    problem_p = _problem_p(rng, p, rho, trials)
    sample_u = rng.random((trials, n_max), dtype=np.float32)  # 2^-24 resolution is plenty here
    finite_vote = selector == "majority" and not math.isinf(m)
    pick_u = rng.random((trials, int(m) + 1) if finite_vote else trials)
    return Draws(problem_p, sample_u, pick_u)


def _prefix_counts(flags: NDArray[np.bool_], n_values: NDArray[np.int64]) -> NDArray[np.int64]:
    """counts[:, i] = number of True in flags[:, :n_values[i]] (one pass over the columns)."""
    counts = np.zeros((flags.shape[0], n_values.size), dtype=np.int64)
    order = np.argsort(n_values, kind="stable")
    running, done = np.zeros(flags.shape[0], dtype=np.int64), 0
    for i in order:
        running = running + np.count_nonzero(flags[:, done : n_values[i]], axis=1)
        done = max(done, int(n_values[i]))
        counts[:, i] = running
    return counts


def _oracle_wins(correct: NDArray[np.bool_], n_values: NDArray[np.int64]) -> NDArray[np.int64]:
    n_max = correct.shape[1]
    first = np.where(correct.any(axis=1), correct.argmax(axis=1), n_max)  # first correct sample
    solved_by = np.cumsum(np.bincount(first, minlength=n_max + 1))  # solved_by[k]: first <= k
    return solved_by[n_values - 1]


def _reward_model_wins(
    draws: Draws, n_values: NDArray[np.int64], recall: float, false_pick: float
) -> NDArray[np.int64]:
    u, p = draws.sample_u, draws.problem_p[:, None]
    right_flagged = u < p * recall
    flagged = right_flagged | ((u >= p) & (u < p + (1.0 - p) * false_pick))
    right = _prefix_counts(u < p, n_values)
    hits = _prefix_counts(right_flagged, n_values)
    pool = _prefix_counts(flagged, n_values)
    pick = draws.pick_u[:, None]
    # pick candidate floor(pick * pool) from the flagged ones listed right-first, or from all n
    wins = np.where(pool > 0, pick * pool < hits, pick * n_values < right)
    return np.count_nonzero(wins, axis=0)


def _majority_wins_distinct(draws: Draws, n_values: NDArray[np.int64]) -> NDArray[np.int64]:
    votes = _prefix_counts(draws.sample_u < draws.problem_p[:, None], n_values)
    # every wrong answer has one vote: 2+ right votes win; one right vote is an n-way tie
    wins = (votes >= 2) | ((votes == 1) & (draws.pick_u[:, None] * n_values < 1))
    return np.count_nonzero(wins, axis=0)


def _majority_wins(draws: Draws, n_values: NDArray[np.int64], m: int) -> NDArray[np.int64]:
    u, p = draws.sample_u, draws.problem_p[:, None]
    trials = u.shape[0]
    wrong_slice = np.minimum(((u - p) / np.where(p < 1, 1.0 - p, 1.0) * m).astype(np.int64), m - 1)
    answers = np.where(u < p, 0, 1 + wrong_slice) + (m + 1) * np.arange(trials)[:, None]
    counts = np.zeros(trials * (m + 1), dtype=np.int64)  # votes per (trial, answer); answer 0 is right
    wins = np.zeros(n_values.size, dtype=np.int64)
    done = 0
    for i in np.argsort(n_values, kind="stable"):  # add each block of new samples once
        counts += np.bincount(answers[:, done : n_values[i]].ravel(), minlength=counts.size)
        done = max(done, int(n_values[i]))
        ranked = counts.reshape(trials, m + 1) + draws.pick_u  # keys in [0, 1) only reorder ties
        wins[i] = np.count_nonzero(ranked.argmax(axis=1) == 0)
    return wins


def count_wins(
    draws: Draws, n_values: NDArray[np.int64], *, selector: str, recall: float, false_pick: float, m: float
) -> NDArray[np.int64]:
    """Deterministic step: how many trials the selector gets right, for each N in ``n_values``."""
    if selector == "oracle":
        return _oracle_wins(draws.sample_u < draws.problem_p[:, None], n_values)
    if selector == "reward_model":
        return _reward_model_wins(draws, n_values, recall, false_pick)
    if math.isinf(m):
        return _majority_wins_distinct(draws, n_values)
    return _majority_wins(draws, n_values, int(m))
