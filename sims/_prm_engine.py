"""Deterministic step functions behind :mod:`sims.prm`.

Everything random is drawn up front (:func:`draw_search`, :func:`draw_best_of_n`); the functions
here turn those draws into decisions, so they can be tested with hand-made inputs.

Candidate layout at every depth: index ``j = slot * branch_factor + child``, where ``slot`` is the
beam (or DVTS subtree) the candidate was expanded from.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

BoolArray = npt.NDArray[np.bool_]
FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]

# Neutral start for each aggregation: the running minimum starts at +inf, the log-product at 0.
_AGG_START = {"last": 0.0, "min": np.inf, "product": 0.0}


@dataclass(frozen=True)
class SearchDraws:
    """Random inputs of one search run; every array is (problems, depth, beam_width * branch_factor)."""

    wrong: BoolArray  # this step is a mistake
    noise: FloatArray  # verifier logit noise, N(0, 1)
    tie_keys: FloatArray  # uniform keys that break exact score ties at random


@dataclass(frozen=True)
class SearchTrace:
    """Everything a search did; (P, D, C) arrays with C = beam_width * branch_factor."""

    correct: BoolArray  # (P, D, C) prefix ending at this step is still correct
    logit: FloatArray  # (P, D, C) verifier logit of this step
    agg: FloatArray  # (P, D, C) aggregated prefix score used for ranking (logit or log-product)
    kept: BoolArray  # (P, D, C) survived pruning (every candidate at the final depth counts as kept)
    kept_idx: IntArray  # (P, D - 1, B) candidate that fills each slot for the next depth
    selected: IntArray  # (P,) complete chain returned at the final depth


@dataclass(frozen=True)
class BestOfNDraws:
    """Random inputs of best-of-N; (P, N) arrays except ``vote_keys`` (P, wrong_answers + 1)."""

    correct: BoolArray  # the complete chain is correct
    noise: FloatArray  # verifier logit noise, N(0, 1)
    tie_keys: FloatArray  # breaks exact ties between chains
    answer: IntArray  # final answer id: 0 is the right answer, 1..wrong_answers the wrong ones
    vote_keys: FloatArray  # breaks exact ties between answers in the weighted vote


def draw_search(
    rng: np.random.Generator, *, problems: int, depth: int, candidates: int, step_error: float
) -> SearchDraws:
    """Draw the random inputs of a tree search."""
    shape = (problems, depth, candidates)
    return SearchDraws(
        wrong=rng.random(shape) < step_error,
        noise=rng.standard_normal(shape),
        tie_keys=rng.random(shape),
    )


def draw_best_of_n(
    rng: np.random.Generator, *, problems: int, n: int, depth: int, step_error: float, wrong_answers: int
) -> BestOfNDraws:
    """Draw the random inputs of best-of-N (a chain is right iff all ``depth`` steps are right)."""
    shape = (problems, n)
    return BestOfNDraws(
        correct=rng.random(shape) < (1.0 - step_error) ** depth,
        noise=rng.standard_normal(shape),
        tie_keys=rng.random(shape),
        answer=rng.integers(1, wrong_answers + 1, size=shape),
        vote_keys=rng.random((problems, wrong_answers + 1)),
    )


def log_sigmoid(x: FloatArray) -> FloatArray:
    """log(1 / (1 + exp(-x))) without overflow; exact at +-inf."""
    return -np.logaddexp(0.0, -x)


def verifier_logit(correct: BoolArray, noise: FloatArray, half_separation: float) -> FloatArray:
    """Two-Gaussian verifier: logit ~ N(+h, 1) for a correct prefix, N(-h, 1) for a wrong one."""
    return np.where(correct, half_separation, -half_separation) + noise


def rank_desc(values: FloatArray, keys: FloatArray) -> IntArray:
    """Order along the last axis, highest value first, exact ties broken by the random keys."""
    order: IntArray = np.lexsort((keys, -values), axis=-1)
    return order


def _aggregate(aggregation: str, parent: FloatArray, logit: FloatArray) -> FloatArray:
    if aggregation == "last":
        return logit
    if aggregation == "min":
        return np.minimum(parent, logit)  # min of probabilities == sigmoid of min of logits
    return parent + log_sigmoid(logit)  # product of probabilities, in log space


def _keep(agg: FloatArray, keys: FloatArray, *, method: str, beam_width: int, branch_factor: int) -> IntArray:
    """Candidates that survive: beam keeps the global top ``beam_width``; DVTS the best child per subtree."""
    problems, candidates = agg.shape
    groups, keep = (1, beam_width) if method == "beam" else (beam_width, 1)
    size = candidates // groups
    order = rank_desc(agg.reshape(problems, groups, size), keys.reshape(problems, groups, size))
    first = np.arange(groups)[:, None] * size  # (G, 1) offset of each group
    kept: IntArray = (order[:, :, :keep] + first).reshape(problems, beam_width)
    return kept


def run_search(
    draws: SearchDraws,
    *,
    half_separation: float,
    aggregation: str,
    method: str,
    beam_width: int,
    branch_factor: int,
) -> SearchTrace:
    """Expand, score and prune, depth by depth, for all problems at once."""
    problems, depth, candidates = draws.wrong.shape
    rows = np.arange(problems)[:, None]
    parent_correct = np.ones((problems, beam_width), dtype=bool)  # every beam starts at the prompt
    parent_agg = np.full((problems, beam_width), _AGG_START[aggregation])
    correct = np.empty((problems, depth, candidates), dtype=bool)
    logit = np.empty((problems, depth, candidates))
    agg = np.empty((problems, depth, candidates))
    kept_idx = np.empty((problems, depth - 1, beam_width), dtype=np.intp)
    for t in range(depth):
        correct[:, t] = np.repeat(parent_correct, branch_factor, axis=1) & ~draws.wrong[:, t]
        logit[:, t] = verifier_logit(correct[:, t], draws.noise[:, t], half_separation)
        agg[:, t] = _aggregate(aggregation, np.repeat(parent_agg, branch_factor, axis=1), logit[:, t])
        if t < depth - 1:
            idx = _keep(agg[:, t], draws.tie_keys[:, t], method=method, beam_width=beam_width,
                        branch_factor=branch_factor)
            kept_idx[:, t] = idx
            parent_correct, parent_agg = correct[:, t][rows, idx], agg[:, t][rows, idx]
    kept = np.zeros_like(correct)
    kept[:, -1] = True
    np.put_along_axis(kept[:, :-1], kept_idx, True, axis=-1)
    selected = rank_desc(agg[:, -1], draws.tie_keys[:, -1])[:, 0]
    return SearchTrace(correct=correct, logit=logit, agg=agg, kept=kept, kept_idx=kept_idx, selected=selected)


def mistaken_prunes(trace: SearchTrace, *, method: str, beam_width: int) -> IntArray:
    """Per problem: correct prefixes pruned while a wrong prefix in the same group was kept.

    Per group and depth this is min(correct pruned, wrong kept): the number of swaps a perfect
    verifier would have made. Pruning a correct prefix because the beam is already full of correct
    ones is not a verifier mistake.
    """
    problems, depth, candidates = trace.correct.shape
    groups = 1 if method == "beam" else beam_width
    shape = (problems, depth - 1, groups, candidates // groups)
    correct, kept = trace.correct[:, :-1].reshape(shape), trace.kept[:, :-1].reshape(shape)
    correct_pruned = (correct & ~kept).sum(axis=-1)
    wrong_kept = (~correct & kept).sum(axis=-1)
    mistakes: IntArray = np.minimum(correct_pruned, wrong_kept).sum(axis=(1, 2))
    return mistakes


def select_best_of_n(draws: BestOfNDraws, *, half_separation: float) -> BoolArray:
    """ORM best-of-N: return the chain with the highest verifier score; (P,) is it correct."""
    logit = verifier_logit(draws.correct, draws.noise, half_separation)
    best = rank_desc(logit, draws.tie_keys)[:, 0]
    hit: BoolArray = np.take_along_axis(draws.correct, best[:, None], axis=1)[:, 0]
    return hit


def weighted_vote(draws: BestOfNDraws, *, half_separation: float) -> BoolArray:
    """Weighted best-of-N: sum verifier scores per final answer, answer with the top sum; (P,) right?"""
    problems, _ = draws.correct.shape
    answers = draws.vote_keys.shape[1]
    logit = verifier_logit(draws.correct, draws.noise, half_separation)
    answer = np.where(draws.correct, 0, draws.answer)
    flat = (np.arange(problems)[:, None] * answers + answer).ravel()
    size = problems * answers
    weight = np.bincount(flat, weights=np.exp(log_sigmoid(logit)).ravel(), minlength=size)
    votes = np.bincount(flat, minlength=size)
    # Only answers that received a vote can win (with a perfect verifier every weight may be 0).
    total = np.where(votes > 0, weight, -1.0).reshape(problems, answers)
    hit: BoolArray = rank_desc(total, draws.vote_keys)[:, 0] == 0
    return hit
