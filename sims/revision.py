"""Sequential revision: early stopping on verified scores, and why revision gains shrink.

A revision loop drafts an answer, has it checked, and rewrites it. Each round costs a full
generation (sequential, so latency adds up), and the checked score usually improves by less each
time. The stop rule in the article: keep revising while a round improves the verified score by at
least ``minimum_gain``.

The diminishing-returns model comes from a two-state Markov chain over a set of problems: a
revision fixes a wrong answer with probability ``f`` and breaks a right one with probability
``b``. The expected accuracy then follows ``a_k = a* - (a* - a_0) * (1 - f - b)**k`` with
``a* = f / (f + b)``: a geometric approach to a ceiling, which can sit *below* the first draft
when revisions break more than they fix.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from sims import _validate as check

__all__ = [
    "MAX_ENTERED_ROUNDS",
    "STOP_GAIN_BELOW_MINIMUM",
    "STOP_ROUNDS_EXHAUSTED",
    "RevisionCurve",
    "RevisionResult",
    "RevisionSavings",
    "RevisionSimulation",
    "early_stop",
    "early_stop_rounds",
    "early_stop_savings",
    "fix_break_curve_parameters",
    "parse_verified_scores",
    "revision_curve",
    "simulate_revision",
]

STOP_GAIN_BELOW_MINIMUM = "gain_below_minimum"
STOP_ROUNDS_EXHAUSTED = "rounds_exhausted"
_MAX_ROUNDS = 10_000


@dataclass(frozen=True)
class RevisionResult:
    """Outcome of the early-stop rule on one sequence of verified scores.

    Attributes
    ----------
    used_rounds : int
        Rounds kept, counting the first draft as round 1.
    selected_score : float
        Verified score of the last kept round.
    skipped_rounds : int
        Rounds listed but not kept (``len(verified_scores) - used_rounds``), as the article counts.
    evaluated_rounds : int
        Rounds that had to be generated and scored to decide: one more than ``used_rounds`` when the
        loop stopped early, because the disappointing round must exist before it can be judged.
    saved_rounds : int
        Rounds never generated (``len(verified_scores) - evaluated_rounds``).
    gains : tuple of float
        Score change of every round after the first (length ``len(verified_scores) - 1``).
    stop_reason : str
        ``"gain_below_minimum"`` or ``"rounds_exhausted"``.
    """

    used_rounds: int
    selected_score: float
    skipped_rounds: int
    evaluated_rounds: int
    saved_rounds: int
    gains: tuple[float, ...]
    stop_reason: str


@dataclass(frozen=True)
class RevisionCurve:
    """Expected verified score and cumulative cost per round (round 1 is the first draft).

    Attributes
    ----------
    rounds : ndarray of int, shape (R,)
        1, 2, ..., R.
    expected_scores : ndarray of float, shape (R,)
        Expected verified score after each round.
    gains : ndarray of float, shape (R,)
        Expected improvement of each round over the previous one (0 for the draft).
    cumulative_tokens : ndarray of float, shape (R,)
        Tokens generated up to and including each round.
    cumulative_latency_ms : ndarray of float, shape (R,)
        Wall-clock time up to and including each round; rounds run one after another.
    ceiling : float
        Score the curve approaches as rounds grow.
    """

    rounds: NDArray[np.int64]
    expected_scores: NDArray[np.float64]
    gains: NDArray[np.float64]
    cumulative_tokens: NDArray[np.float64]
    cumulative_latency_ms: NDArray[np.float64]
    ceiling: float


@dataclass(frozen=True)
class RevisionSimulation:
    """Seeded Monte Carlo of revision rounds measured on a finite evaluation set.

    Attributes
    ----------
    measured_scores : ndarray of float, shape (trials, R)
        Fraction of the ``problems`` answered correctly after each round, per trial.
    expected_scores : ndarray of float, shape (R,)
        The closed-form expectation (:func:`revision_curve` with the Markov parameters).
    used_rounds : ndarray of int, shape (trials,)
        Rounds the early-stop rule keeps on each trial's measured scores.
    selected_scores : ndarray of float, shape (trials,)
        Measured score of the kept round, per trial.
    best_rounds : ndarray of int, shape (trials,)
        Round with the highest measured score (earliest on ties), per trial: what an oracle would keep.
    """

    measured_scores: NDArray[np.float64]
    expected_scores: NDArray[np.float64]
    used_rounds: NDArray[np.int64]
    selected_scores: NDArray[np.float64]
    best_rounds: NDArray[np.int64]


def _validate_scores(verified_scores: ArrayLike, ndim: int) -> NDArray[np.float64]:
    scores = check.probabilities("verified_scores", verified_scores)
    if scores.ndim != ndim or scores.shape[-1] < 1:
        raise ValueError(f"verified_scores must be a non-empty {ndim}-D array of scores in [0, 1]")
    return scores


def early_stop_rounds(verified_scores: ArrayLike, *, minimum_gain: float) -> NDArray[np.int64]:
    """Rounds kept by the early-stop rule, for many score sequences at once.

    Parameters
    ----------
    verified_scores : array_like, shape (trials, R)
        Verified score after each round (round 1 is the draft), one row per sequence, in [0, 1].
    minimum_gain : float
        Smallest improvement, in score units within [0, 1], that justifies keeping a round.

    Returns
    -------
    ndarray of int, shape (trials,)
        Rounds kept, between 1 and R.

    References
    ----------
    The stop rule of the article's ``revision-early-stop.py``.

    Examples
    --------
    >>> early_stop_rounds([[0.61, 0.76, 0.78, 0.781], [0.5, 0.4, 0.9, 0.9]], minimum_gain=0.01).tolist()
    [3, 1]
    """
    scores = _validate_scores(verified_scores, ndim=2)
    minimum_gain = check.probability("minimum_gain", minimum_gain)
    too_small = np.diff(scores, axis=1) < minimum_gain  # (trials, R - 1)
    stopped = too_small.any(axis=1)
    first_stop = np.argmax(too_small, axis=1) + 1 if scores.shape[1] > 1 else np.ones(len(scores), int)
    return np.where(stopped, first_stop, scores.shape[1]).astype(np.int64)


def early_stop(verified_scores: Sequence[float] | ArrayLike, *, minimum_gain: float) -> RevisionResult:
    """Keep revising while each round raises the verified score by at least ``minimum_gain``.

    Parameters
    ----------
    verified_scores : sequence of float, length R >= 1
        Verified score after each round, in [0, 1]; element 0 is the first draft.
    minimum_gain : float
        Smallest improvement worth another round, in [0, 1]. A round whose gain is below it
        (including any regression) ends the loop and is discarded.

    Returns
    -------
    RevisionResult
        Rounds used, selected score, rounds skipped and saved, per-round gains, stop reason.

    References
    ----------
    The article's ``revision-early-stop.py``; the loop shape follows Madaan et al. 2023, "Self-Refine".

    Examples
    --------
    >>> result = early_stop([0.61, 0.76, 0.78, 0.781, 0.781], minimum_gain=0.01)
    >>> result.used_rounds, round(result.selected_score, 3), result.skipped_rounds
    (3, 0.78, 2)
    """
    scores = _validate_scores(verified_scores, ndim=1)
    used = int(early_stop_rounds(scores[np.newaxis, :], minimum_gain=minimum_gain)[0])
    total = len(scores)
    evaluated = min(used + 1, total)
    return RevisionResult(
        used_rounds=used,
        selected_score=float(scores[used - 1]),
        skipped_rounds=total - used,
        evaluated_rounds=evaluated,
        saved_rounds=total - evaluated,
        gains=tuple(float(g) for g in np.diff(scores)),
        stop_reason=STOP_GAIN_BELOW_MINIMUM if used < total else STOP_ROUNDS_EXHAUSTED,
    )


def revision_curve(
    initial_score: float,
    ceiling: float,
    decay: float,
    rounds: int,
    *,
    tokens_per_round: float = 800.0,
    decode_tokens_per_second: float = 80.0,
) -> RevisionCurve:
    """Expected verified score per round when each revision closes a fixed share of the gap.

    ``score_k = ceiling - (ceiling - initial_score) * decay**(k - 1)`` for round ``k = 1..rounds``,
    so every round gains ``(1 - decay)`` times the remaining gap: big early gains, then a plateau.
    With ``ceiling < initial_score`` the curve falls: revising makes things worse on average.

    Parameters
    ----------
    initial_score : float
        Verified score of the first draft, in [0, 1].
    ceiling : float
        Score approached after many rounds, in [0, 1].
    decay : float
        Share of the remaining gap left after each round, in [0, 1] (0: one round reaches the
        ceiling; 1: revisions change nothing).
    rounds : int
        Rounds to show including the draft, 1 to 10,000.
    tokens_per_round : float, optional
        Tokens generated per round (critique plus rewrite), > 0. Default 800, the article's
        per-attempt size in ``best_of_n_budget.py``; illustrative.
    decode_tokens_per_second : float, optional
        Decode speed, > 0. Default 80 tokens/s, the article's figure in ``ttft-budget-slo.py``.

    Returns
    -------
    RevisionCurve
        Expected scores, per-round gains and cumulative tokens and latency (rounds are sequential).

    References
    ----------
    Snell et al. 2024 (arXiv 2408.03314) study sequential revision as a test-time strategy; the
    geometric form is the expectation of :func:`fix_break_curve_parameters`' Markov model.

    Examples
    --------
    >>> curve = revision_curve(0.6, 0.8, 0.5, 4)
    >>> np.round(curve.expected_scores, 3).tolist()
    [0.6, 0.7, 0.75, 0.775]
    """
    initial_score = check.probability("initial_score", initial_score)
    ceiling = check.probability("ceiling", ceiling)
    decay = check.probability("decay", decay)
    rounds = check.integer("rounds", rounds, low=1, high=_MAX_ROUNDS)
    tokens_per_round = check.positive("tokens_per_round", tokens_per_round)
    decode_tokens_per_second = check.positive("decode_tokens_per_second", decode_tokens_per_second)

    k = np.arange(1.0, rounds + 1.0)  # float64 round numbers 1..R
    if decay == 0.0:
        remaining = (k == 1.0).astype(np.float64)
    else:  # decay ** (k - 1) via exp: numpy's pow takes a slow path once results turn subnormal
        remaining = np.exp((k - 1.0) * math.log(decay))
    scores = ceiling - (ceiling - initial_score) * remaining
    gains = np.diff(scores, prepend=scores[0])
    tokens = k * tokens_per_round
    return RevisionCurve(
        rounds=k.astype(np.int64),
        expected_scores=scores,
        gains=gains,
        cumulative_tokens=tokens,
        cumulative_latency_ms=tokens * (1000.0 / decode_tokens_per_second),
        ceiling=ceiling,
    )


def fix_break_curve_parameters(fix_probability: float, break_probability: float) -> tuple[float, float]:
    """Ceiling and decay implied by per-round fix and break probabilities.

    Each revision turns a wrong answer right with probability ``fix_probability`` and a right answer
    wrong with probability ``break_probability``. Expected accuracy then moves geometrically toward
    ``ceiling = f / (f + b)`` with ``decay = 1 - f - b``.

    Parameters
    ----------
    fix_probability : float
        Chance a revision fixes a wrong answer, in [0, 1].
    break_probability : float
        Chance a revision breaks a right answer, in [0, 1]; ``f + b`` must not exceed 1.

    Returns
    -------
    (float, float)
        ``(ceiling, decay)`` for :func:`revision_curve`. When both probabilities are 0 nothing
        ever changes and the ceiling is undefined; it is returned as 0 with decay 1, which keeps
        :func:`revision_curve` flat at the initial score.

    References
    ----------
    A two-state Markov chain; its stationary distribution gives the ceiling.

    Examples
    --------
    >>> ceiling, decay = fix_break_curve_parameters(0.3, 0.05)
    >>> round(ceiling, 3), round(decay, 2)
    (0.857, 0.65)
    """
    fix_probability = check.probability("fix_probability", fix_probability)
    break_probability = check.probability("break_probability", break_probability)
    total = fix_probability + break_probability
    if total > 1.0:
        raise ValueError(f"fix_probability + break_probability must be in [0, 1], got {total!r}")
    if total == 0.0:
        return 0.0, 1.0
    return fix_probability / total, 1.0 - total


def _revise_step(
    correct: NDArray[np.bool_],
    uniforms: NDArray[np.float64],
    fix_probability: float,
    break_probability: float,
) -> NDArray[np.bool_]:
    """One revision round on given uniform draws: deterministic, so testable with fixed inputs."""
    fixed = ~correct & (uniforms < fix_probability)
    kept = correct & (uniforms >= break_probability)
    result: NDArray[np.bool_] = fixed | kept
    return result


def simulate_revision(
    initial_score: float,
    rounds: int,
    *,
    fix_probability: float,
    break_probability: float,
    minimum_gain: float = 0.01,
    problems: int = 200,
    trials: int = 1,
    rng: np.random.Generator | int | None = None,
) -> RevisionSimulation:
    """Revise answers to ``problems`` questions and measure accuracy each round, ``trials`` times.

    The measured score is a fraction of a finite evaluation set, so it is noisy: a round can look
    worse than the last one even when revisions help on average, and the early-stop rule reacts to
    that noise. Compare ``used_rounds`` with ``best_rounds`` to see how often it stops too soon.

    Parameters
    ----------
    initial_score : float
        Chance each first draft is right, in [0, 1].
    rounds : int
        Rounds including the draft, 1 to 10,000.
    fix_probability, break_probability : float
        Per-round chances to fix a wrong answer / break a right one, each in [0, 1], sum <= 1.
    minimum_gain : float, optional
        Stop rule threshold applied to each trial's measured scores, in [0, 1]. Default 0.01.
    problems : int, optional
        Size of the evaluation set, 1 to 100,000. Default 200.
    trials : int, optional
        Independent repetitions, 1 to 10,000 (``problems * trials * rounds`` at most 10**8). Default 1.
    rng : numpy.random.Generator or int or None, optional
        Random source or seed (SPEC 7).

    Returns
    -------
    RevisionSimulation
        Measured scores per trial and round, their expectation, and the stop rule's choices.

    References
    ----------
    Closed form: :func:`revision_curve` with :func:`fix_break_curve_parameters`.

    Examples
    --------
    >>> sim = simulate_revision(0.6, 5, fix_probability=0.3, break_probability=0.05, problems=500, rng=0)
    >>> sim.measured_scores.shape
    (1, 5)
    """
    initial_score = check.probability("initial_score", initial_score)
    rounds = check.integer("rounds", rounds, low=1, high=_MAX_ROUNDS)
    problems = check.integer("problems", problems, low=1, high=100_000)
    trials = check.integer("trials", trials, low=1, high=10_000)
    if problems * trials * rounds > 10**8:
        raise ValueError("problems * trials * rounds must be at most 10**8")
    ceiling, decay = fix_break_curve_parameters(fix_probability, break_probability)
    expected = revision_curve(initial_score, ceiling, decay, rounds).expected_scores
    generator = np.random.default_rng(rng)

    correct = generator.random((trials, problems)) < initial_score
    measured = np.empty((trials, rounds))
    measured[:, 0] = correct.mean(axis=1)
    for k in range(1, rounds):
        uniforms = generator.random((trials, problems))
        correct = _revise_step(correct, uniforms, fix_probability, break_probability)
        measured[:, k] = correct.mean(axis=1)

    used = early_stop_rounds(measured, minimum_gain=minimum_gain)
    return RevisionSimulation(
        measured_scores=measured,
        expected_scores=expected,
        used_rounds=used,
        selected_scores=measured[np.arange(trials), used - 1],
        best_rounds=(np.argmax(measured, axis=1) + 1).astype(np.int64),
    )


MAX_ENTERED_ROUNDS = 20


def parse_verified_scores(text: str) -> tuple[float, ...]:
    """Read verified scores typed as text, e.g. ``"0.61, 0.76, 0.78"`` (commas, spaces or semicolons).

    Parameters
    ----------
    text : str
        One score per round, each a number in [0, 1]; 1 to 20 rounds.

    Returns
    -------
    tuple of float
        The scores in round order.

    Raises
    ------
    ValueError
        Naming the first entry that is not a number in [0, 1], or the allowed count of rounds.

    References
    ----------
    The article's ``revision-early-stop.py`` scores ``[0.61, 0.76, 0.78, 0.781, 0.781]``.

    Examples
    --------
    >>> parse_verified_scores("0.61, 0.76; 0.78 0.781")
    (0.61, 0.76, 0.78, 0.781)
    """
    parts = [p for p in str(text).replace(";", " ").replace(",", " ").split() if p]
    if not 1 <= len(parts) <= MAX_ENTERED_ROUNDS:
        raise ValueError(f"verified_scores must list 1 to {MAX_ENTERED_ROUNDS} rounds (got {len(parts)})")
    scores = []
    for i, part in enumerate(parts, start=1):
        try:
            value = float(part)
        except ValueError:
            raise ValueError(f"verified_scores round {i} must be a number in [0, 1] (got {part!r})") from None
        if not 0.0 <= value <= 1.0:  # also rejects NaN
            raise ValueError(f"verified_scores round {i} must be in [0, 1] (got {part!r})")
        scores.append(value)
    return tuple(scores)


@dataclass(frozen=True)
class RevisionSavings:
    """What the early-stop rule saves compared with running every listed round.

    Attributes
    ----------
    generated_rounds, all_rounds : int
        Rounds generated with the rule (kept plus the one judged and dropped) and without it.
    tokens_generated, tokens_all_rounds, tokens_saved : float
        Tokens generated with the rule, without it, and the difference.
    latency_ms, latency_all_rounds_ms, latency_saved_ms : float
        Wall-clock time (rounds are sequential) with the rule, without it, and the difference.
    """

    generated_rounds: int
    all_rounds: int
    tokens_generated: float
    tokens_all_rounds: float
    tokens_saved: float
    latency_ms: float
    latency_all_rounds_ms: float
    latency_saved_ms: float


def early_stop_savings(
    result: RevisionResult, *, tokens_per_round: float = 800.0, decode_tokens_per_second: float = 80.0
) -> RevisionSavings:
    """Tokens and latency the early-stop rule saves on one score sequence.

    Parameters
    ----------
    result : RevisionResult
        Output of :func:`early_stop`.
    tokens_per_round : float, optional
        Tokens per round (critique plus rewrite), > 0. Default 800, illustrative.
    decode_tokens_per_second : float, optional
        Decode speed, > 0. Default 80 tokens/s (the article's TTFT example).

    Returns
    -------
    RevisionSavings
        Counts the rounds actually generated (``result.evaluated_rounds``), because the round whose
        gain is too small must exist before the rule can reject it.

    References
    ----------
    The article's ``revision-early-stop.py`` and "Early stopping" in its cost section.

    Examples
    --------
    >>> s = early_stop_savings(early_stop([0.61, 0.76, 0.78, 0.781, 0.781], minimum_gain=0.01))
    >>> s.generated_rounds, s.tokens_saved, s.latency_saved_ms
    (4, 800.0, 10000.0)
    """
    tokens_per_round = check.positive("tokens_per_round", tokens_per_round)
    ms_per_round = (
        tokens_per_round * 1000.0 / check.positive("decode_tokens_per_second", decode_tokens_per_second)
    )
    total = result.used_rounds + result.skipped_rounds
    generated = result.evaluated_rounds
    return RevisionSavings(
        generated_rounds=generated,
        all_rounds=total,
        tokens_generated=generated * tokens_per_round,
        tokens_all_rounds=total * tokens_per_round,
        tokens_saved=(total - generated) * tokens_per_round,
        latency_ms=generated * ms_per_round,
        latency_all_rounds_ms=total * ms_per_round,
        latency_saved_ms=(total - generated) * ms_per_round,
    )
