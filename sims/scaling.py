"""Two ways to buy accuracy: train a bigger model, or let a smaller one search at inference time.

Train-time: loss falls as a power law of training compute, ``L(C) = L_inf + (C_c / C)**alpha``,
with the usual estimate ``C = 6 N D`` FLOPs for ``N`` parameters trained on ``D`` tokens.

Test-time: a forward pass costs about ``2 N`` FLOPs per generated token, so for the inference
FLOPs of one answer from a large model, a model ``k`` times smaller can write ``k`` answers and
keep the best one. :func:`crossover` finds the inference budget ``C*`` at which that small model
with best-of-N overtakes the large model answering once.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import overload

import numpy as np
from numpy.typing import ArrayLike, NDArray

from sims import _validate as check

__all__ = [
    "KAPLAN_COMPUTE_EXPONENT",
    "KAPLAN_CRITICAL_COMPUTE_FLOPS",
    "PETAFLOP_DAY_FLOPS",
    "CrossoverResult",
    "compute_grid",
    "crossover",
    "inference_flops",
    "pf_days_to_flops",
    "power_law_loss",
    "training_flops",
]

# One petaflop/s-day: 1e15 FLOP/s for 86,400 s.
PETAFLOP_DAY_FLOPS = 1e15 * 86_400
# Kaplan et al. 2020, "Scaling Laws for Neural Language Models", eq. 1.3 (compute-efficient frontier):
# L(C_min) = (C_c / C_min) ** alpha_C with alpha_C ~ 0.050 and C_c ~ 3.1e8 PF-days; loss in nats/token,
# no irreducible term, non-embedding compute, their WebText2 data and tokenizer.
KAPLAN_COMPUTE_EXPONENT = 0.050
KAPLAN_CRITICAL_COMPUTE_FLOPS = 3.1e8 * PETAFLOP_DAY_FLOPS
_MAX_CURVE_POINTS = 200
_MAX_SAMPLES = 10**12
_MAX_CROSSING_SAMPLES = 1e15


def pf_days_to_flops(pf_days: ArrayLike) -> float | NDArray[np.float64]:
    """Convert petaflop/s-days (Kaplan et al.'s compute unit) to FLOPs: 1 PF-day = 8.64e19 FLOPs.

    Parameters
    ----------
    pf_days : float or array_like
        Compute in PF-days, finite and >= 0.

    Returns
    -------
    float or ndarray of float
        Compute in FLOPs, same shape as ``pf_days``.

    References
    ----------
    Kaplan et al. 2020 (arXiv 2001.08361), section 1.3: 1 PF-day = 1e15 x 24 x 3600 FLOPs.

    Example
    -------
    >>> pf_days_to_flops(1.0)
    8.64e+19
    """
    return check.scalar_or_array(check.numbers("pf_days", pf_days, low=0.0) * PETAFLOP_DAY_FLOPS)


def compute_grid(
    low_flops: float = 1e15, high_flops: float = 1e27, *, points: int = 121
) -> NDArray[np.float64]:
    """Log-spaced training compute in FLOPs, for a log-log loss chart.

    Parameters
    ----------
    low_flops, high_flops : float
        First and last compute, 0 < low_flops < high_flops. Default 1e15 to 1e27 FLOPs.
    points : int, >= 2
        Points on the grid. Default 121.

    Returns
    -------
    ndarray of float, shape (points,)
        Compute in FLOPs, evenly spaced in log.

    Example
    -------
    >>> compute_grid(1e20, 1e22, points=3).tolist()
    [1e+20, 1e+21, 1e+22]
    """
    low = check.positive("low_flops", low_flops)
    high = check.number("high_flops", high_flops, low=low, low_open=True)
    return np.geomspace(low, high, check.integer("points", points, low=2, high=100_000))


@overload
def training_flops(params: float, tokens: float) -> float: ...
@overload
def training_flops(params: ArrayLike, tokens: ArrayLike) -> float | NDArray[np.float64]: ...
def training_flops(params: ArrayLike, tokens: ArrayLike) -> float | NDArray[np.float64]:
    """Approximate training compute, ``6 * params * tokens`` FLOPs.

    Two FLOPs per parameter per token for the forward pass and four for the backward pass.

    Parameters
    ----------
    params : float or array_like
        Model parameters ``N``, > 0.
    tokens : float or array_like
        Training tokens ``D``, > 0. Broadcasts with ``params``.

    Returns
    -------
    float or ndarray
        Training FLOPs (a float for scalar inputs).

    References
    ----------
    Kaplan et al. 2020 (arXiv 2001.08361), section 2.1.

    Examples
    --------
    >>> training_flops(7e9, 2e12)
    8.4e+22
    """
    n_params = check.numbers("params", params, low=0.0, low_open=True)
    return check.scalar_or_array(6.0 * n_params * check.numbers("tokens", tokens, low=0.0, low_open=True))


@overload
def inference_flops(params: float, generated_tokens: float) -> float: ...
@overload
def inference_flops(params: ArrayLike, generated_tokens: ArrayLike) -> float | NDArray[np.float64]: ...
def inference_flops(params: ArrayLike, generated_tokens: ArrayLike) -> float | NDArray[np.float64]:
    """Approximate inference compute, ``2 * params * generated_tokens`` FLOPs.

    Ignores attention over the context, which adds a term growing with sequence length.

    Parameters
    ----------
    params : float or array_like
        Model parameters, > 0 (active parameters for a mixture of experts).
    generated_tokens : float or array_like
        Tokens generated, >= 0. Broadcasts with ``params``.

    Returns
    -------
    float or ndarray
        Inference FLOPs (a float for scalar inputs).

    References
    ----------
    Kaplan et al. 2020 (arXiv 2001.08361), section 2.1: forward pass ~ 2N FLOPs per token.

    Examples
    --------
    >>> inference_flops(7e9, 1000)
    14000000000000.0
    """
    n_params = check.numbers("params", params, low=0.0, low_open=True)
    tokens = check.numbers("generated_tokens", generated_tokens, low=0.0)
    return check.scalar_or_array(2.0 * n_params * tokens)


@overload
def power_law_loss(
    compute_flops: float,
    *,
    irreducible_loss: float = ...,
    critical_compute_flops: float = ...,
    exponent: float = ...,
) -> float: ...
@overload
def power_law_loss(
    compute_flops: ArrayLike,
    *,
    irreducible_loss: float = ...,
    critical_compute_flops: float = ...,
    exponent: float = ...,
) -> float | NDArray[np.float64]: ...
def power_law_loss(
    compute_flops: ArrayLike,
    *,
    irreducible_loss: float = 0.0,
    critical_compute_flops: float = KAPLAN_CRITICAL_COMPUTE_FLOPS,
    exponent: float = KAPLAN_COMPUTE_EXPONENT,
) -> float | NDArray[np.float64]:
    """Training loss as a power law of compute: ``irreducible_loss + (C_c / C) ** exponent``.

    Equivalent to ``L_inf + A * C**(-alpha)`` with ``A = C_c ** alpha``. The defaults are Kaplan et
    al.'s compute-frontier fit (alpha ~ 0.050, C_c ~ 3.1e8 PF-days, no irreducible term), which
    describes their models, data and tokenizer in the range they measured (roughly 1e-8 to 1e1
    PF-days); outside that range, or for another setup, treat it as an illustration.

    Parameters
    ----------
    compute_flops : float or array_like
        Training compute in FLOPs, > 0.
    irreducible_loss : float, optional
        Loss floor ``L_inf`` in nats per token, finite and >= 0. Default 0 (Kaplan's form).
    critical_compute_flops : float, optional
        Scale ``C_c`` in FLOPs, > 0. Default 3.1e8 PF-days = 2.68e28 FLOPs.
    exponent : float, optional
        Power-law exponent ``alpha``, in (0, 1]. Default 0.050.

    Returns
    -------
    float or ndarray
        Loss in nats per token (a float for a scalar input).

    References
    ----------
    Kaplan et al. 2020, "Scaling Laws for Neural Language Models" (arXiv 2001.08361), eq. 1.3.

    Examples
    --------
    >>> round(power_law_loss(1e21), 2)
    2.35
    """
    compute = check.numbers("compute_flops", compute_flops, low=0.0, low_open=True)
    irreducible_loss = check.number("irreducible_loss", irreducible_loss, low=0.0)
    scale = check.positive("critical_compute_flops", critical_compute_flops)
    exponent = check.number("exponent", exponent, low=0.0, high=1.0, low_open=True)
    return check.scalar_or_array(irreducible_loss + np.power(scale / compute, exponent))


@dataclass(frozen=True)
class CrossoverResult:
    """Small model plus best-of-N against a large model answering once, at equal inference FLOPs.

    Attributes
    ----------
    flops_per_small_sample : float
        Inference FLOPs of one small-model answer (``2 * small_params * tokens_per_answer``).
    large_flops : float
        Inference FLOPs of one large-model answer.
    samples_at_matched_flops : int
        Small-model answers affordable for one large answer: ``floor(large / small)``.
    small_accuracy_at_matched_flops : float
        Small model's best-of-N accuracy with that many samples.
    large_accuracy : float
        Large model's single-pass accuracy.
    small_ceiling : float
        Accuracy the small model approaches with unlimited samples (the selector recall when
        ``p_small > 0``).
    crossover_samples : int or None
        Fewest samples with which the small model's accuracy exceeds the large model's; None when
        it never does (or only beyond 10**15 samples).
    crossover_flops : float or None
        ``C*``: inference FLOPs at ``crossover_samples``; None when there is no crossover.
    samples : ndarray of int, shape (M,)
        Sample counts of the curve (log-spaced from 1, always including the matched count and
        the crossover).
    inference_flops : ndarray of float, shape (M,)
        Inference FLOPs of each curve point.
    small_accuracy : ndarray of float, shape (M,)
        Small model's best-of-N accuracy at each curve point.
    """

    flops_per_small_sample: float
    large_flops: float
    samples_at_matched_flops: int
    small_accuracy_at_matched_flops: float
    large_accuracy: float
    small_ceiling: float
    crossover_samples: int | None
    crossover_flops: float | None
    samples: NDArray[np.int64]
    inference_flops: NDArray[np.float64]
    small_accuracy: NDArray[np.float64]

    @property
    def small_wins_at_matched_flops(self) -> bool:
        """Whether best-of-N on the small model beats the large model at equal FLOPs."""
        return self.small_accuracy_at_matched_flops > self.large_accuracy


def _best_of_n_accuracy(
    samples: NDArray[np.float64], p_small: float, selector_recall: float
) -> NDArray[np.float64]:
    # Article's selector model: a correct candidate exists (1 - (1-p)^N), then is picked with
    # probability selector_recall. Assumes independent samples; correlated ones do worse.
    if p_small == 1.0:
        return np.full_like(samples, selector_recall)
    return selector_recall * -np.expm1(samples * math.log1p(-p_small))


def _first_crossing(p_small: float, p_large: float, selector_recall: float) -> int | None:
    """Smallest N with recall * (1 - (1-p)^N) > p_large; None when none does up to 1e15 samples."""
    if p_small == 0.0 or selector_recall <= p_large:
        return None
    if p_small == 1.0:
        return 1
    # (1-p)^N < 1 - p_large / recall  <=>  N > log(1 - p_large / recall) / log(1 - p)
    bound = math.log1p(-p_large / selector_recall) / math.log1p(-p_small)
    if not bound < _MAX_CROSSING_SAMPLES:  # also catches inf from a vanishing p_small
        return None
    n = max(1, math.floor(bound) + 1)

    def beats(samples: int) -> bool:
        accuracy = _best_of_n_accuracy(np.array([float(samples)]), p_small, selector_recall)[0]
        return bool(accuracy > p_large)

    # The bound is exact up to rounding at the boundary: correct it by a few single steps.
    for _ in range(8):
        if beats(n):
            break
        n += 1
    for _ in range(8):
        if n == 1 or not beats(n - 1):
            break
        n -= 1
    return n


def crossover(
    small_params: float,
    large_params: float,
    p_small: float,
    p_large: float,
    *,
    tokens_per_answer: float,
    selector_recall: float = 1.0,
    max_samples: int | None = None,
) -> CrossoverResult:
    """Where a small model with best-of-N overtakes a larger single-pass model at equal FLOPs.

    Each small-model sample costs ``2 * small_params * tokens_per_answer`` FLOPs; the large model
    spends ``2 * large_params * tokens_per_answer`` on its single answer. With N samples the small
    model is right with probability ``selector_recall * (1 - (1 - p_small)**N)``: independent
    samples and a selector that finds a correct candidate with probability ``selector_recall``.

    Parameters
    ----------
    small_params, large_params : float
        Parameter counts, > 0, with ``large_params >= small_params``.
    p_small, p_large : float
        Per-answer accuracy of each model on the task, in [0, 1].
    tokens_per_answer : float
        Tokens generated per answer, > 0 (the same for both models).
    selector_recall : float, optional
        Chance the selector picks a correct candidate when one exists, in [0, 1]. Default 1 (oracle).
    max_samples : int, optional
        Largest N on the curve, 1 to 10**12. Default: twice the matched count, at least 64, and far
        enough to include the crossover (up to 10**12).

    Returns
    -------
    CrossoverResult
        Matched-FLOPs comparison, ``C*`` (None when the small model never overtakes, e.g. when
        ``selector_recall <= p_large`` or ``p_small == 0``) and an accuracy-vs-FLOPs curve.

    References
    ----------
    Snell et al. 2024 (arXiv 2408.03314) report that at matched FLOPs a smaller model with
    test-time compute can beat a 14x larger model on problems where it already has non-trivial
    success, and that compute-optimal allocation is over 4x as efficient as best-of-N. This toy
    model illustrates the mechanism; it does not reproduce their figures. Selector model: the
    article's ``best-of-n-with-selection-errors.py``.

    Examples
    --------
    >>> result = crossover(1e9, 14e9, 0.3, 0.7, tokens_per_answer=500)
    >>> result.samples_at_matched_flops, result.crossover_samples
    (14, 4)
    """
    small = check.positive("small_params", small_params)
    large = check.positive("large_params", large_params)
    if large < small:
        raise ValueError(f"large_params must be >= small_params ({small:g}), got {large:g}")
    p_small = check.probability("p_small", p_small)
    p_large = check.probability("p_large", p_large)
    selector_recall = check.probability("selector_recall", selector_recall)
    tokens = check.positive("tokens_per_answer", tokens_per_answer)

    small_flops = 2.0 * small * tokens
    large_flops = 2.0 * large * tokens
    matched = max(1, math.floor(large / small * (1 + 1e-12)))  # guard 14e9 / 1e9 -> 13.999...
    crossing = _first_crossing(p_small, p_large, selector_recall)
    if max_samples is None:
        top = min(max(2 * matched, 64, crossing or 0), _MAX_SAMPLES)
    else:
        top = check.integer("max_samples", max_samples, low=1, high=_MAX_SAMPLES)

    grid = np.round(np.geomspace(1.0, top, min(top, _MAX_CURVE_POINTS))).astype(np.int64)
    extra = [n for n in (matched, crossing) if n is not None and n <= top]
    samples = np.unique(np.concatenate([grid, np.array(extra, dtype=np.int64)]))
    accuracy = _best_of_n_accuracy(samples.astype(np.float64), p_small, selector_recall)
    at_matched = float(_best_of_n_accuracy(np.array([float(matched)]), p_small, selector_recall)[0])
    return CrossoverResult(
        flops_per_small_sample=small_flops,
        large_flops=large_flops,
        samples_at_matched_flops=matched,
        small_accuracy_at_matched_flops=at_matched,
        large_accuracy=p_large,
        small_ceiling=selector_recall if p_small > 0.0 else 0.0,
        crossover_samples=crossing,
        crossover_flops=None if crossing is None else crossing * small_flops,
        samples=samples,
        inference_flops=samples * small_flops,
        small_accuracy=accuracy,
    )
