"""Best-of-N sampling: how often N independent tries contain, and then pick, a right answer.

The article's model: with an oracle that recognises a correct answer, N independent samples with
hit rate p succeed with probability 1 - (1 - p)^N; a selector that keeps a correct answer with
probability ``selector_recall`` multiplies that. Beyond the article:

- ``pass_at_k``: the unbiased estimator used to *measure* this curve (Chen et al. 2021).
- ``majority_vote_probability``: self-consistency needs no verifier, but the right answer has to
  be the most common one.
- ``reward_model_selection_probability``: a verifier that also passes wrong answers; its plateau
  is ``selector_ceiling``, however large N gets.
- ``correlated_success_probability`` and ``beta_coverage``: samples of one problem share its
  difficulty, so coverage grows like a power law in N rather than exponentially (Brown et al. 2024).
- ``simulate_best_of_n``: a seeded Monte Carlo that checks all of the above.

All probabilities are fractions in [0, 1]; all counts are whole numbers of samples.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from sims import _validate as check
from sims._bon_majority import MAX_SAMPLES, MAX_WRONG_ANSWERS, majority_win_probability
from sims._bon_montecarlo import SELECTORS, count_wins, draw
from sims._bon_special import log_beta_miss

__all__ = [
    "MAX_SAMPLES",
    "MAX_TRIALS",
    "MAX_WRONG_ANSWERS",
    "SELECTORS",
    "BestOfNSweep",
    "MonteCarloResult",
    "best_of_n_sweep",
    "beta_coverage",
    "clip_to_n",
    "correlated_success_probability",
    "difficulty_beta",
    "doubling_grid",
    "k_values",
    "majority_vote_limit",
    "majority_vote_probability",
    "n_grid",
    "pass_at_k",
    "pass_at_k_naive",
    "reward_model_selection_probability",
    "samples_to_reach",
    "selected_success_probability",
    "selector_ceiling",
    "simulate_best_of_n",
    "success_probability",
]

FloatOrArray = float | NDArray[np.float64]
WrongAnswers = int | float | Literal["infinite"]
Selector = Literal["oracle", "reward_model", "majority"]
MAX_TRIALS = 10_000_000


def _shaped(values: NDArray[np.float64], *inputs: ArrayLike) -> FloatOrArray:
    """A plain float when every input was a scalar, else the array."""
    if all(np.ndim(x) == 0 for x in inputs):
        return float(values)
    return values


def _n_values(name: str, value: ArrayLike, *, maximum: int) -> NDArray[np.int64]:
    """A 1-D array of sample counts, each a whole number in [1, maximum]."""
    arr = np.atleast_1d(check.integers(name, value, low=1, high=maximum))
    if arr.ndim != 1:
        raise ValueError(f"{name} must be a 1-D list of counts in [1, {maximum}], got shape {arr.shape}")
    return arr


_PASS_AT_K_CELLS = 2_000_000  # above this many (k, i) terms, evaluate one k at a time


# --------------------------------------------------------------------------- oracle and selector


def success_probability(p: ArrayLike, n: ArrayLike) -> FloatOrArray:
    """Chance that at least one of ``n`` independent samples is correct: 1 - (1 - p)^n.

    Parameters
    ----------
    p : float or array_like
        Hit rate of one sample, in [0, 1].
    n : int or array_like of int
        Samples drawn, >= 1. Broadcasts against ``p``.

    Returns
    -------
    float or ndarray
        Success probability with an oracle verifier; a float when both inputs are scalars.

    References
    ----------
    Article "Reasoning & Test-Time Compute", section "Best-of-N sampling" (best_of_n_budget.py).

    Example
    -------
    >>> round(success_probability(0.25, 4), 3)
    0.684
    """
    p_arr = check.probabilities("p", p)
    n_arr = check.integers("n", n, low=1)
    with np.errstate(divide="ignore"):  # log1p(-1) = -inf gives exactly 1 at p = 1
        values = -np.expm1(n_arr * np.log1p(-p_arr))
    return _shaped(values, p, n)


def selected_success_probability(p: ArrayLike, n: ArrayLike, selector_recall: ArrayLike) -> FloatOrArray:
    """The article's selector: the oracle success times the chance the selector keeps it.

    Parameters
    ----------
    p : float or array_like
        Hit rate of one sample, in [0, 1].
    n : int or array_like of int
        Samples drawn, >= 1.
    selector_recall : float or array_like
        Probability, in [0, 1], that the selector picks a correct candidate when one exists.

    Returns
    -------
    float or ndarray
        ``success_probability(p, n) * selector_recall`` (broadcast).

    References
    ----------
    Article, best-of-n-with-selection-errors.py (p = 0.25, recall 0.8: 20.0%, 54.7%, 79.2%).

    Example
    -------
    >>> round(selected_success_probability(0.25, 16, 0.8), 3)
    0.792
    """
    recall = check.probabilities("selector_recall", selector_recall)
    values = np.asarray(success_probability(p, n)) * recall
    return _shaped(values, p, n, selector_recall)


# --------------------------------------------------------------------------- pass@k


def _check_pass_at_k(n: ArrayLike, c: ArrayLike, k: ArrayLike, *, k_at_most_n: bool) -> tuple[
    NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]
]:
    n_arr = check.integers("n", n, low=1)
    c_arr = check.integers("c", c, low=0)
    k_arr = check.integers("k", k, low=1)
    nb, cb, kb = np.broadcast_arrays(n_arr, c_arr, k_arr)
    if (cb > nb).any():
        raise ValueError(f"c must be in [0, n] (got c={cb[cb > nb].flat[0]} with n={nb[cb > nb].flat[0]})")
    if k_at_most_n and (kb > nb).any():
        raise ValueError(f"k must be in [1, n] (got k={kb[kb > nb].flat[0]} with n={nb[kb > nb].flat[0]})")
    return nb, cb, kb


def _pass_at_k_one(n: int, c: int, ks: NDArray[np.int64]) -> NDArray[np.float64]:
    """1 - prod_{i=n-c+1}^{n} (1 - k / i) for one (n, c) and many k."""
    out = np.ones(ks.shape)
    ok = ks <= n - c  # otherwise every k-subset holds a correct sample
    if c == 0:
        return np.zeros(ks.shape)
    i = np.arange(n - c + 1, n + 1, dtype=np.float64)
    k_ok = ks[ok].astype(np.float64)
    if k_ok.size * i.size <= _PASS_AT_K_CELLS:
        log_miss = np.log1p(-k_ok[:, None] / i[None, :]).sum(axis=1)
    else:
        log_miss = np.array([np.log1p(-kk / i).sum() for kk in k_ok])
    out[ok] = -np.expm1(log_miss)
    return out


def pass_at_k(n: ArrayLike, c: ArrayLike, k: ArrayLike) -> FloatOrArray:
    """Unbiased pass@k from ``n`` samples of which ``c`` are correct.

    Estimates the chance that ``k`` samples contain a correct one as
    1 - C(n - c, k) / C(n, k), evaluated as 1 - prod_{i=n-c+1}^{n} (1 - k / i) so it never forms
    the huge binomials (fine for n in the tens of thousands).

    Parameters
    ----------
    n : int or array_like of int
        Samples generated per problem, >= 1.
    c : int or array_like of int
        Correct samples among them, in [0, n].
    k : int or array_like of int
        Budget being estimated, in [1, n]. ``n``, ``c`` and ``k`` broadcast.

    Returns
    -------
    float or ndarray
        pass@k estimate in [0, 1].

    References
    ----------
    Chen et al. 2021, "Evaluating Large Language Models Trained on Code" (HumanEval), section 2.1.

    Example
    -------
    >>> round(pass_at_k(10, 2, 5), 4)
    0.7778
    """
    nb, cb, kb = _check_pass_at_k(n, c, k, k_at_most_n=True)
    out = np.empty(nb.shape)
    pairs = np.stack([nb.ravel(), cb.ravel()], axis=1)
    flat_out, flat_k = out.reshape(-1), kb.ravel()
    unique_pairs, which = np.unique(pairs, axis=0, return_inverse=True)
    for idx, (nn, cc) in enumerate(unique_pairs):
        mask = which.ravel() == idx
        flat_out[mask] = _pass_at_k_one(int(nn), int(cc), flat_k[mask])
    return _shaped(out, n, c, k)


def pass_at_k_naive(n: ArrayLike, c: ArrayLike, k: ArrayLike) -> FloatOrArray:
    """Plug-in pass@k, 1 - (1 - c/n)^k: biased low (never above ``pass_at_k``).

    Parameters
    ----------
    n : int or array_like of int
        Samples generated, >= 1.
    c : int or array_like of int
        Correct samples, in [0, n].
    k : int or array_like of int
        Budget, >= 1 (may exceed ``n``: the plug-in formula extrapolates).

    Returns
    -------
    float or ndarray
        ``success_probability(c / n, k)``.

    References
    ----------
    Chen et al. 2021, section 2.1 (why the plug-in estimate is biased).

    Example
    -------
    >>> round(pass_at_k_naive(10, 2, 5), 4)
    0.6723
    """
    nb, cb, kb = _check_pass_at_k(n, c, k, k_at_most_n=False)
    return _shaped(np.asarray(success_probability(cb / nb, kb)), n, c, k)


# --------------------------------------------------------------------------- majority vote


def _check_wrong_answers(wrong_answers: WrongAnswers) -> float:
    if wrong_answers == "infinite" or (isinstance(wrong_answers, float) and math.isinf(wrong_answers)):
        return math.inf
    if isinstance(wrong_answers, str):
        raise ValueError(f'wrong_answers must be a whole number or "infinite" (got {wrong_answers!r})')
    return float(check.integer("wrong_answers", wrong_answers, low=1, high=MAX_WRONG_ANSWERS))


def majority_vote_probability(p: ArrayLike, n: ArrayLike, *, wrong_answers: WrongAnswers) -> FloatOrArray:
    """Exact chance that the most common of ``n`` answers is the correct one (self-consistency).

    Each sample is right with probability ``p``; a wrong sample names one of ``wrong_answers``
    wrong answers uniformly at random. Ties for the top count are broken uniformly at random.

    Parameters
    ----------
    p : float or array_like
        Hit rate of one sample, in [0, 1].
    n : int or array_like of int
        Samples voting, in [1, 1024]. Broadcasts against ``p``.
    wrong_answers : int, ``math.inf`` or "infinite"
        Distinct wrong answers the model spreads over, in [1, 100]; infinite means every wrong
        answer is different, so two matching votes for the right answer always win.

    Returns
    -------
    float or ndarray
        Probability in [0, 1]. Exact up to float rounding (generating functions over the
        multinomial of wrong votes; a table per (n, m) is cached, so sweeps are cheap).

    References
    ----------
    Wang et al. 2022, "Self-Consistency Improves Chain of Thought Reasoning in Language Models";
    the article's best_of_n sketch (majority vote when no reward model is given).

    Example
    -------
    >>> round(majority_vote_probability(0.4, 3, wrong_answers=1), 3)
    0.352
    """
    p_arr = check.probabilities("p", p)
    n_arr = check.integers("n", n, low=1, high=MAX_SAMPLES)
    m = _check_wrong_answers(wrong_answers)
    return _shaped(majority_win_probability(p_arr, n_arr, m), p, n)


def majority_vote_limit(p: ArrayLike, *, wrong_answers: WrongAnswers) -> FloatOrArray:
    """Where majority vote heads as N grows: 1 if the right answer is the most likely one, else 0.

    Parameters
    ----------
    p : float or array_like
        Hit rate of one sample, in [0, 1].
    wrong_answers : int, ``math.inf`` or "infinite"
        Distinct wrong answers (see ``majority_vote_probability``).

    Returns
    -------
    float or ndarray
        1 when p > (1 - p) / m, 0 when below, 1 / (m + 1) at equality (all answers equally likely).

    References
    ----------
    Brown et al. 2024, "Large Language Monkeys" (majority vote plateaus while coverage keeps rising).

    Example
    -------
    >>> majority_vote_limit(0.3, wrong_answers=2), majority_vote_limit(0.4, wrong_answers=2)
    (0.0, 1.0)
    """
    p_arr = check.probabilities("p", p)
    m = _check_wrong_answers(wrong_answers)
    if math.isinf(m):
        return _shaped((p_arr > 0).astype(np.float64), p)
    rival = (1.0 - p_arr) / m  # share of the most common wrong answer
    values = np.where(p_arr > rival, 1.0, np.where(p_arr < rival, 0.0, 1.0 / (m + 1)))
    return _shaped(values, p)


# --------------------------------------------------------------------------- correlation and difficulty


def beta_coverage(a: ArrayLike, b: ArrayLike, n: ArrayLike) -> FloatOrArray:
    """Expected coverage 1 - E[(1 - P)^n] over problems whose hit rate P ~ Beta(a, b).

    Parameters
    ----------
    a, b : float or array_like
        Beta shape parameters, finite and > 0 (mean hit rate a / (a + b)).
    n : int or array_like of int
        Samples per problem, >= 1. All three broadcast.

    Returns
    -------
    float or ndarray
        Fraction of problems solved by at least one of ``n`` samples. Computed as
        1 - B(a, b + n) / B(a, b) = 1 - prod_{i<n} (b + i) / (a + b + i), in logs. For large n
        the miss rate falls like n^(-a): a straight line on log-log axes, which is why coverage
        keeps creeping up over decades of samples instead of saturating.

    References
    ----------
    Brown et al. 2024, "Large Language Monkeys: Scaling Inference Compute with Repeated Sampling"
    (arXiv 2407.21787): coverage grows log-linearly with samples.

    Example
    -------
    >>> round(beta_coverage(1.0, 1.0, 9), 3)
    0.9
    """
    a_arr = check.numbers("a", a, low=0.0, low_open=True)
    b_arr = check.numbers("b", b, low=0.0, low_open=True)
    n_arr = check.integers("n", n, low=1)
    log_miss = log_beta_miss(a_arr, b_arr, n_arr)
    return _shaped(-np.expm1(log_miss), a, b, n)


def correlated_success_probability(p: ArrayLike, n: ArrayLike, *, rho: ArrayLike) -> FloatOrArray:
    """Oracle success when the ``n`` samples of one problem are correlated (beta-binomial).

    Parameters
    ----------
    p : float or array_like
        Average hit rate of one sample, in [0, 1].
    n : int or array_like of int
        Samples drawn, >= 1.
    rho : float or array_like
        Correlation between two samples of the same problem, in [0, 1]. 0 gives the independent
        ``success_probability``; 1 means all samples agree, so extra samples add nothing (result p).

    Returns
    -------
    float or ndarray
        Probability in [0, 1], never above the independent value. Equal to
        ``beta_coverage(p * t, (1 - p) * t, n)`` with t = (1 - rho) / rho: correlated samples on one
        problem and a spread of difficulty across problems are the same model seen two ways.

    References
    ----------
    Beta-binomial intra-class correlation (rho = 1 / (a + b + 1)); Brown et al. 2024.

    Example
    -------
    >>> round(correlated_success_probability(0.25, 16, rho=0.2), 3)
    0.842
    """
    p_arr = check.probabilities("p", p)
    n_arr = check.integers("n", n, low=1)
    rho_arr = check.probabilities("rho", rho)
    p_b, n_b, rho_b = np.broadcast_arrays(p_arr, n_arr, rho_arr)
    independent = np.asarray(success_probability(p_b, n_b))
    with np.errstate(divide="ignore", over="ignore"):
        theta = (1.0 - rho_b) / rho_b  # a + b of the Beta; infinite for rho -> 0
    independent_limit = ~np.isfinite(theta)
    theta = np.where(independent_limit | (rho_b == 1), 1.0, theta)
    log_miss = log_beta_miss(p_b * theta, (1.0 - p_b) * theta, n_b)
    with np.errstate(invalid="ignore"):  # p = 1 gives -inf - finite, which expm1 maps to -1
        correlated = -np.expm1(log_miss)
    values = np.where(independent_limit, independent, np.where(rho_b == 1, p_b, correlated))
    return _shaped(values, p, n, rho)


def difficulty_beta(mean: float, spread: float) -> tuple[float, float]:
    """Beta(a, b) shape of problem hit rates with a given mean and spread.

    Parameters
    ----------
    mean : float
        Average hit rate over the problems, in (0, 1).
    spread : float
        How unequal the problems are, in (0, 1): the intra-class correlation 1 / (a + b + 1).
        Near 0 every problem has hit rate ``mean``; near 1 each problem is either (almost) always
        or (almost) never solved.

    Returns
    -------
    (float, float)
        ``(a, b) = (mean * t, (1 - mean) * t)`` with t = (1 - spread) / spread, for
        ``beta_coverage`` or ``best_of_n_sweep(beta_a=..., beta_b=...)``.

    References
    ----------
    Brown et al. 2024, "Large Language Monkeys" (per-problem success rates spread widely).

    Example
    -------
    >>> difficulty_beta(0.25, 0.5)
    (0.25, 0.75)
    """
    mean_val = check.number("mean", mean, low=0.0, high=1.0, low_open=True, high_open=True)
    spread_val = check.number("spread", spread, low=0.0, high=1.0, low_open=True, high_open=True)
    total = (1.0 - spread_val) / spread_val  # a + b
    return mean_val * total, (1.0 - mean_val) * total


# --------------------------------------------------------------------------- reward-model selector


def reward_model_selection_probability(
    p: ArrayLike, n: ArrayLike, *, recall: ArrayLike, false_pick_rate: ArrayLike
) -> FloatOrArray:
    """Chance of returning a correct answer with an imperfect reward model as the selector.

    The reward model flags a correct candidate with probability ``recall`` and a wrong one with
    probability ``false_pick_rate``. The selector returns a uniformly random flagged candidate,
    or a uniformly random candidate when none is flagged.

    Parameters
    ----------
    p : float or array_like
        Hit rate of one sample, in [0, 1].
    n : int or array_like of int
        Candidates, >= 1.
    recall, false_pick_rate : float or array_like
        Flag probabilities for correct and for wrong candidates, each in [0, 1].

    Returns
    -------
    float or ndarray
        With f = p*recall + (1-p)*false_pick_rate the flag rate, and none = (1 - f)^n:
        (1 - none) * p*recall / f + none * p*(1 - recall) / (1 - f). As n grows this tends to
        ``selector_ceiling``, not to 1.

    References
    ----------
    Brown et al. 2024 (selection plateaus while coverage grows); Lightman et al. 2023 (ORM/PRM
    best-of-N).

    Example
    -------
    >>> round(reward_model_selection_probability(0.25, 16, recall=0.9, false_pick_rate=0.1), 3)
    0.748
    """
    p_arr = check.probabilities("p", p)
    n_arr = check.integers("n", n, low=1)
    r_arr = check.probabilities("recall", recall)
    f_arr = check.probabilities("false_pick_rate", false_pick_rate)
    flag_rate = p_arr * r_arr + (1.0 - p_arr) * f_arr
    with np.errstate(divide="ignore"):
        none_flagged = np.exp(n_arr * np.log1p(-flag_rate))  # (1 - flag_rate)^n
    right_if_flagged = np.asarray(selector_ceiling(p_arr, recall=r_arr, false_pick_rate=f_arr))
    unflagged = 1.0 - flag_rate
    safe_unflagged = np.where(unflagged > 0, unflagged, 1.0)
    right_if_none = np.where(unflagged > 0, p_arr * (1.0 - r_arr) / safe_unflagged, p_arr)
    values = (1.0 - none_flagged) * right_if_flagged + none_flagged * right_if_none
    return _shaped(np.clip(values, 0.0, 1.0), p, n, recall, false_pick_rate)


def selector_ceiling(p: ArrayLike, *, recall: ArrayLike, false_pick_rate: ArrayLike) -> FloatOrArray:
    """The plateau of reward-model selection as N grows: the share of flagged candidates that are right.

    Parameters
    ----------
    p : float or array_like
        Hit rate of one sample, in [0, 1].
    recall, false_pick_rate : float or array_like
        Flag probabilities for correct and for wrong candidates, each in [0, 1].

    Returns
    -------
    float or ndarray
        p*recall / (p*recall + (1-p)*false_pick_rate); ``p`` when nothing is ever flagged.

    References
    ----------
    Brown et al. 2024: coverage rises to 98.44% on MATH while reward-model selection stays near 41%.

    Example
    -------
    >>> round(selector_ceiling(0.25, recall=0.9, false_pick_rate=0.1), 3)
    0.75
    """
    p_arr = check.probabilities("p", p)
    r_arr = check.probabilities("recall", recall)
    f_arr = check.probabilities("false_pick_rate", false_pick_rate)
    right = p_arr * r_arr
    flag_rate = right + (1.0 - p_arr) * f_arr
    values = np.where(flag_rate > 0, right / np.where(flag_rate > 0, flag_rate, 1.0), p_arr)
    return _shaped(values, p, recall, false_pick_rate)


# --------------------------------------------------------------------------- Monte Carlo


@dataclass(frozen=True)
class MonteCarloResult:
    """Monte Carlo estimate of best-of-N success, one entry per N.

    Attributes
    ----------
    n : ndarray of int, shape (K,)
        Samples per trial, as requested.
    success_rate : ndarray of float, shape (K,)
        Fraction of trials where the selected answer was correct.
    stderr : ndarray of float, shape (K,)
        Binomial standard error sqrt(rate (1 - rate) / trials).
    trials : int
        Independent trials (problems) simulated.
    selector : str
        "oracle", "reward_model" or "majority".
    """

    n: NDArray[np.int64]
    success_rate: NDArray[np.float64]
    stderr: NDArray[np.float64]
    trials: int
    selector: str


def _check_simulation(p: ArrayLike, trials: int, selector: str, rho: ArrayLike) -> tuple[float, float]:
    p_val, rho_val = check.probability("p", p), check.probability("rho", rho)
    check.integer("trials", trials, low=1, high=MAX_TRIALS)
    check.choice("selector", selector, SELECTORS)
    return p_val, rho_val


def simulate_best_of_n(
    p: float,
    n_values: ArrayLike,
    *,
    trials: int = 10_000,
    selector: Selector = "oracle",
    recall: float = 0.9,
    false_pick_rate: float = 0.1,
    wrong_answers: WrongAnswers = 4,
    rho: float = 0.0,
    rng: np.random.Generator | int | None = None,
) -> MonteCarloResult:
    """Seeded Monte Carlo of the pipeline: draw N samples per problem, then select one.

    Parameters
    ----------
    p : float
        Average hit rate of one sample, in [0, 1].
    n_values : array_like of int
        Sample counts N to report, each >= 1 (1-D). One draw of max(N) samples serves all of them.
    trials : int, keyword-only
        Problems simulated, in [1, 10,000,000].
    selector : {"oracle", "reward_model", "majority"}, keyword-only
        Oracle: right if any sample is right. Reward model: see
        ``reward_model_selection_probability`` (uses ``recall`` and ``false_pick_rate``).
        Majority: plurality vote over ``wrong_answers`` wrong answers, ties at random.
    recall, false_pick_rate : float, keyword-only
        Reward-model flag probabilities for correct and wrong candidates, in [0, 1].
    wrong_answers : int, ``math.inf`` or "infinite", keyword-only
        Distinct wrong answers for majority vote, in [1, 100] or infinite.
    rho : float, keyword-only
        Correlation between samples of one problem, in [0, 1]: each trial's hit rate is drawn from
        Beta(p t, (1 - p) t), t = (1 - rho) / rho.
    rng : numpy Generator, int seed or None, keyword-only
        Source of randomness (normalised with ``np.random.default_rng``).

    Returns
    -------
    MonteCarloResult
        Success rate and its standard error for each N.

    References
    ----------
    QuantEcon ``MarkovChain.simulate`` pattern (draw, then a deterministic step); the article's
    best_of_n sketch for the selection rules.

    Example
    -------
    >>> r = simulate_best_of_n(0.25, [1, 4], trials=20_000, rng=0)
    >>> bool(abs(r.success_rate[1] - 0.684) < 4 * r.stderr[1])
    True
    """
    p_val, rho_val = _check_simulation(p, trials, selector, rho)
    n_arr = _n_values("n_values", n_values, maximum=MAX_SAMPLES)
    recall_val = check.probability("recall", recall)
    false_val = check.probability("false_pick_rate", false_pick_rate)
    m = _check_wrong_answers(wrong_answers) if selector == "majority" else 1.0
    generator = np.random.default_rng(rng)
    n_max = int(n_arr.max())
    chunk = max(1, 2**20 // (n_max + (0 if math.isinf(m) else int(m))))  # ~1M cells per chunk
    wins = np.zeros(n_arr.shape, dtype=np.int64)
    for start in range(0, trials, chunk):
        size = min(chunk, trials - start)
        draws = draw(generator, p=p_val, rho=rho_val, trials=size, n_max=n_max, selector=selector, m=m)
        wins += count_wins(draws, n_arr, selector=selector, recall=recall_val, false_pick=false_val, m=m)
    rate = wins / trials
    return MonteCarloResult(n_arr, rate, np.sqrt(rate * (1.0 - rate) / trials), int(trials), selector)


# --------------------------------------------------------------------------- page-facing sweep


@dataclass(frozen=True)
class BestOfNSweep:
    """Every best-of-N model on one grid of N, plus the cost of drawing N samples.

    Attributes
    ----------
    p : float
        Hit rate of one sample.
    n : ndarray of int, shape (K,)
        Samples drawn.
    oracle, selector, majority, correlated, difficulty_spread, reward_model : ndarray, shape (K,)
        Success probability in [0, 1] under each model (see ``best_of_n_sweep``).
    output_tokens : ndarray of int, shape (K,)
        Tokens generated: N * tokens_per_attempt.
    cost_usd : ndarray of float, shape (K,)
        Output-token cost in US dollars.
    """

    p: float
    n: NDArray[np.int64]
    oracle: NDArray[np.float64]
    selector: NDArray[np.float64]
    majority: NDArray[np.float64]
    correlated: NDArray[np.float64]
    difficulty_spread: NDArray[np.float64]
    reward_model: NDArray[np.float64]
    output_tokens: NDArray[np.int64]
    cost_usd: NDArray[np.float64]


def _difficulty_spread(
    p: float, n: NDArray[np.int64], beta_a: float | None, beta_b: float | None
) -> FloatOrArray:
    if beta_a is None and beta_b is None:  # Beta(p, 1 - p): mean p, a + b = 1, i.e. rho = 1/2
        return correlated_success_probability(p, n, rho=0.5)
    if beta_a is None or beta_b is None:
        raise ValueError("beta_a and beta_b must be given together (or both left as None)")
    return beta_coverage(beta_a, beta_b, n)


def best_of_n_sweep(
    p: float,
    n_values: ArrayLike,
    *,
    selector_recall: float = 0.8,
    wrong_answers: WrongAnswers = 4,
    rho: float = 0.1,
    beta_a: float | None = None,
    beta_b: float | None = None,
    rm_recall: float = 0.9,
    rm_false_pick_rate: float = 0.1,
    tokens_per_attempt: int = 800,
    price_per_million_usd: float = 10.0,
) -> BestOfNSweep:
    """All best-of-N curves for one hit rate, on the N grid a chart needs.

    Parameters
    ----------
    p : float
        Hit rate of one sample, in [0, 1].
    n_values : array_like of int
        Sample counts, each in [1, 1024] (the exact majority-vote limit), 1-D.
    selector_recall : float, keyword-only
        The article's selector recall, in [0, 1] (default 0.8 as in the article).
    wrong_answers : int, ``math.inf`` or "infinite", keyword-only
        Distinct wrong answers for majority vote.
    rho : float, keyword-only
        Correlation between samples of one problem, in [0, 1].
    beta_a, beta_b : float or None, keyword-only
        Difficulty spread across problems, P ~ Beta(beta_a, beta_b), both > 0. Left as None, the
        spread is Beta(p, 1 - p) (mean p). Given, the curve ignores ``p`` (its mean is a / (a + b)).
    rm_recall, rm_false_pick_rate : float, keyword-only
        Reward-model flag probabilities for correct and wrong candidates, in [0, 1].
    tokens_per_attempt : int, keyword-only
        Output tokens per sample, >= 0 (article: 800).
    price_per_million_usd : float, keyword-only
        Output price in US dollars per million tokens, >= 0 (default $10, the article's 1,400
        tokens = $0.0140).

    Returns
    -------
    BestOfNSweep
        One array per model, aligned with ``n``.

    References
    ----------
    Article, best_of_n_budget.py and best-of-n-with-selection-errors.py; Brown et al. 2024.

    Example
    -------
    >>> s = best_of_n_sweep(0.25, [1, 4, 16, 64])
    >>> [f"{x:.1%}" for x in s.oracle], s.output_tokens.tolist()
    (['25.0%', '68.4%', '99.0%', '100.0%'], [800, 3200, 12800, 51200])
    """
    p_val = check.probability("p", p)
    n = _n_values("n_values", n_values, maximum=MAX_SAMPLES)
    tokens = check.integers("tokens_per_attempt", tokens_per_attempt, low=0)
    price = check.numbers("price_per_million_usd", price_per_million_usd, low=0.0)
    output_tokens = n * tokens
    return BestOfNSweep(
        p=p_val,
        n=n,
        oracle=np.asarray(success_probability(p_val, n)),
        selector=np.asarray(selected_success_probability(p_val, n, selector_recall)),
        majority=np.asarray(majority_vote_probability(p_val, n, wrong_answers=wrong_answers)),
        correlated=np.asarray(correlated_success_probability(p_val, n, rho=rho)),
        difficulty_spread=np.asarray(_difficulty_spread(p_val, n, beta_a, beta_b)),
        reward_model=np.asarray(
            reward_model_selection_probability(p_val, n, recall=rm_recall, false_pick_rate=rm_false_pick_rate)
        ),
        output_tokens=output_tokens,
        cost_usd=(output_tokens * float(price) / 1e6).astype(np.float64),
    )


def samples_to_reach(
    p: float, target: float, *, selector_recall: float = 1.0, rho: float = 0.0, n_max: int = 1_000_000
) -> int | None:
    """Smallest N whose success probability reaches ``target``, or None if none up to ``n_max`` does.

    Parameters
    ----------
    p : float
        Hit rate of one sample, in [0, 1].
    target : float
        Success probability wanted, in [0, 1].
    selector_recall : float, keyword-only
        The article's selector recall, in [0, 1]; success can never exceed it.
    rho : float, keyword-only
        Correlation between samples of one problem, in [0, 1].
    n_max : int, keyword-only
        Largest N considered, >= 1.

    Returns
    -------
    int or None
        The smallest N with selector_recall * success(N) >= target; None when unreachable (for
        example a target above ``selector_recall``, or p = 0).

    References
    ----------
    Article, best_of_n_budget.py (success rises quickly, cost linearly).

    Example
    -------
    >>> samples_to_reach(0.25, 0.9), samples_to_reach(0.25, 0.9, selector_recall=0.8)
    (9, None)
    """
    target_val = check.probability("target", target)
    n_top = check.integer("n_max", n_max, low=1)

    def reached(n: int) -> bool:
        success = selector_recall * np.asarray(correlated_success_probability(p, n, rho=rho))
        return bool(success >= target_val)

    if not reached(n_top):
        return None
    low, high = 0, n_top  # reached(high) holds; reached(low) does not (or low = 0)
    while high - low > 1:
        mid = (low + high) // 2
        low, high = (low, mid) if reached(mid) else (mid, high)
    return high


# --------------------------------------------------------------------------- grids for charts


def n_grid(n_marked: int | None = None, *, n_max: int = 1024, points: int = 61) -> NDArray[np.int64]:
    """Sample counts for a success-vs-N chart: about ``points`` log-spaced counts from 1 to ``n_max``.

    Rounding makes small counts repeat; each appears once. ``n_marked``, when given, is added so a
    marker at that N sits on the curve.

    Parameters
    ----------
    n_marked : int, optional
        A count that must be on the grid, >= 1.
    n_max : int, optional
        Largest count, >= 1. Default 1,024.
    points : int, optional
        Log-spaced points before removing repeats, >= 2. Default 61.

    Returns
    -------
    ndarray of int64
        Increasing, unique sample counts.

    Example
    -------
    >>> n_grid(3, n_max=16, points=5).tolist()
    [1, 2, 3, 4, 8, 16]
    """
    top = check.integer("n_max", n_max, low=1)
    count = check.integer("points", points, low=2, high=100_000)
    grid = np.unique(np.round(np.geomspace(1, top, count)).astype(np.int64))
    if n_marked is None:
        return grid
    return np.union1d(grid, [check.integer("n_marked", n_marked, low=1)])


def doubling_grid(n_max: int = 1024) -> NDArray[np.int64]:
    """Powers of two from 1 up to ``n_max``: the sample counts of the Monte Carlo check.

    Parameters
    ----------
    n_max : int, optional
        Largest allowed count, >= 1. Default 1,024.

    Returns
    -------
    ndarray of int64
        1, 2, 4, ... up to the largest power of two <= ``n_max`` (samples).

    Example
    -------
    >>> doubling_grid(16).tolist()
    [1, 2, 4, 8, 16]
    """
    top = check.integer("n_max", n_max, low=1)
    return 2 ** np.arange(top.bit_length(), dtype=np.int64)


def clip_to_n(n: int, *counts: int) -> tuple[int, ...]:
    """Each of ``counts`` capped at ``n``, e.g. c and k for pass@k, which may not exceed n.

    Parameters
    ----------
    n : int
        Samples generated, >= 1.
    *counts : int
        Sample counts, each >= 0.

    Returns
    -------
    tuple of int
        ``min(count, n)`` for each count, in order (samples).

    Example
    -------
    >>> clip_to_n(10, 2, 12)
    (2, 10)
    """
    top = check.integer("n", n, low=1)
    return tuple(min(check.integer("counts", c, low=0), top) for c in counts)


def k_values(n: int) -> NDArray[np.int64]:
    """The budgets k = 1, ..., n of a pass@k curve.

    Parameters
    ----------
    n : int
        Samples generated, >= 1.

    Returns
    -------
    ndarray of int64, shape (n,)
        1 to n (samples).

    Example
    -------
    >>> k_values(4).tolist()
    [1, 2, 3, 4]
    """
    return np.arange(1, check.integer("n", n, low=1) + 1, dtype=np.int64)
