"""Seeded Monte Carlo of the best-of-N pipeline: draw samples, then select.

Samples sit on the first axis, (N, T) = (samples, trials), so the first n samples are a
contiguous block of rows. Random numbers are drawn first (``draw``), then a deterministic step
(``count_wins``) turns them into wins, so the step can be tested with hand-made inputs. Each
trial draws the largest N once; smaller N are its prefixes, as if a run of N samples were cut
short.

One uniform u per sample decides everything about it by splitting [0, 1) into slices (inverse-CDF
sampling of a categorical outcome), with P the problem's hit rate:

- correctness: u < P;
- reward model: [0, P*recall) right and flagged, [P*recall, P) right and unflagged,
  [P, P + (1-P)*false_pick) wrong and flagged, the rest wrong and unflagged;
- majority vote: a wrong sample names answer a (1..m) when u falls in the a-th of m equal slices
  of [P, 1).

One more uniform per trial makes the selector's random choice among its candidates.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

SELECTORS = ("oracle", "reward_model", "majority")
_EDGE_COUNTING_MAX = 8  # wrong answers up to which comparing with slice edges beats bincount


@dataclass(frozen=True)
class Draws:
    """Uniform random numbers for one chunk of T trials with N samples each.

    Attributes
    ----------
    problem_p : ndarray, shape (T,)
        Per-trial hit rate (constant p, or a Beta draw when samples are correlated).
    sample_u : ndarray, shape (N, T)
        One uniform per sample (see the module docstring for how it is read).
    pick_u : ndarray, shape (T,) or (m + 1, T)
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
    sample_u = rng.random((n_max, trials), dtype=np.float32)  # 2^-24 resolution is plenty here
    finite_vote = selector == "majority" and not math.isinf(m)
    pick_u = rng.random((int(m) + 1, trials) if finite_vote else trials)
    return Draws(problem_p, sample_u, pick_u)


def _prefix_counts(flags: NDArray[np.bool_], n_values: NDArray[np.int64]) -> NDArray[np.int32]:
    """counts[i] = number of True in flags[:n_values[i]], per trial: shape (K, T)."""
    counts = np.zeros((n_values.size, flags.shape[1]), dtype=np.int32)
    running, done = np.zeros(flags.shape[1], dtype=np.int32), 0
    for i in np.argsort(n_values, kind="stable"):  # each block of new rows is read once
        running = running + flags[done : n_values[i]].sum(axis=0, dtype=np.int32)
        done = max(done, int(n_values[i]))
        counts[i] = running
    return counts


def _oracle_wins(correct: NDArray[np.bool_], n_values: NDArray[np.int64]) -> NDArray[np.int64]:
    n_max = correct.shape[0]
    first = np.where(correct.any(axis=0), correct.argmax(axis=0), n_max)  # first correct sample
    solved_by = np.cumsum(np.bincount(first, minlength=n_max + 1))  # solved_by[k]: first <= k
    return solved_by[n_values - 1]


def _reward_model_wins(
    draws: Draws, n_values: NDArray[np.int64], recall: float, false_pick: float
) -> NDArray[np.int64]:
    u, p = draws.sample_u, draws.problem_p.astype(np.float32)
    right_flagged = u < p * np.float32(recall)
    flagged = right_flagged | ((u >= p) & (u < p + (1 - p) * np.float32(false_pick)))
    right = _prefix_counts(u < p, n_values)
    hits = _prefix_counts(right_flagged, n_values)
    pool = _prefix_counts(flagged, n_values)
    # pick candidate floor(pick * pool) from the flagged ones listed right-first, or from all n
    wins = np.where(pool > 0, draws.pick_u * pool < hits, draws.pick_u * n_values[:, None] < right)
    counts: NDArray[np.int64] = np.count_nonzero(wins, axis=1)
    return counts


def _majority_wins_distinct(draws: Draws, n_values: NDArray[np.int64]) -> NDArray[np.int64]:
    votes = _prefix_counts(draws.sample_u < draws.problem_p.astype(np.float32), n_values)
    # every wrong answer has one vote: 2+ right votes win; one right vote is an n-way tie
    wins = (votes >= 2) | ((votes == 1) & (draws.pick_u * n_values[:, None] < 1))
    counts: NDArray[np.int64] = np.count_nonzero(wins, axis=1)
    return counts


def _majority_wins_by_edges(draws: Draws, n_values: NDArray[np.int64], m: int) -> NDArray[np.int64]:
    """Votes counted by comparing u with the m slice edges: fastest for a few wrong answers."""
    u, p = draws.sample_u, draws.problem_p.astype(np.float32)
    edges = p + np.arange(m, dtype=np.float32)[:, None] * ((1 - p) / np.float32(m))  # (m, T)
    below = np.zeros((m + 1, u.shape[1]), dtype=np.int32)  # below[a]: votes under edge a; below[m] = n
    wins = np.zeros(n_values.size, dtype=np.int64)
    done = 0
    for i in np.argsort(n_values, kind="stable"):  # add each block of new samples once
        block = u[done : n_values[i]]
        for a in range(m):
            below[a] += (block < edges[a]).sum(axis=0, dtype=np.int32)
        below[m] += block.shape[0]
        done = max(done, int(n_values[i]))
        votes = np.diff(below, axis=0, prepend=0)  # votes[0] right answer, votes[a] wrong answer a
        wins[i] = np.count_nonzero((votes + draws.pick_u).argmax(axis=0) == 0)  # keys < 1 break ties
    return wins


def answers(draws: Draws, m: int) -> NDArray[np.int64]:
    """Answer id per sample, (N, T): 0 is the right answer, 1..m the wrong ones."""
    u, p = draws.sample_u, draws.problem_p.astype(np.float32)
    slice_width = np.where(p < 1, (1 - p) / np.float32(m), np.float32(1))
    wrong = np.floor((u - p) / slice_width) + 1  # <= 0 exactly when u < p
    ids: NDArray[np.int64] = np.clip(wrong, 0, m).astype(np.int64)
    return ids


def _majority_wins_by_bincount(draws: Draws, n_values: NDArray[np.int64], m: int) -> NDArray[np.int64]:
    """Votes counted with one bincount over (answer, trial) bins: faster for many wrong answers."""
    trials = draws.sample_u.shape[1]
    cells = answers(draws, m) * trials + np.arange(trials)
    votes = np.zeros((m + 1) * trials, dtype=np.int64)
    wins = np.zeros(n_values.size, dtype=np.int64)
    done = 0
    for i in np.argsort(n_values, kind="stable"):
        votes += np.bincount(cells[done : n_values[i]].ravel(), minlength=votes.size)
        done = max(done, int(n_values[i]))
        ranked = votes.reshape(m + 1, trials) + draws.pick_u
        wins[i] = np.count_nonzero(ranked.argmax(axis=0) == 0)
    return wins


def majority_wins(draws: Draws, n_values: NDArray[np.int64], m: int, *, by_edges: bool) -> NDArray[np.int64]:
    """Plurality-vote wins over m wrong answers; both counting methods give identical results."""
    if by_edges:
        return _majority_wins_by_edges(draws, n_values, m)
    return _majority_wins_by_bincount(draws, n_values, m)


def count_wins(
    draws: Draws, n_values: NDArray[np.int64], *, selector: str, recall: float, false_pick: float, m: float
) -> NDArray[np.int64]:
    """Deterministic step: how many trials the selector gets right, for each N in ``n_values``."""
    if selector == "oracle":
        return _oracle_wins(draws.sample_u < draws.problem_p.astype(np.float32), n_values)
    if selector == "reward_model":
        return _reward_model_wins(draws, n_values, recall, false_pick)
    if math.isinf(m):
        return _majority_wins_distinct(draws, n_values)
    return majority_wins(draws, n_values, int(m), by_edges=m <= _EDGE_COUNTING_MAX)
