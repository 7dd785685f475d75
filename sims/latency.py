"""Thinking budget vs latency and accuracy: TTFT under an SLO, the best measured budget, the inverted U.

Hidden reasoning is decoded before the first visible token, so time to first token grows linearly
with the thinking budget. Accuracy does not keep pace: it often rises with a little thinking and then
falls (Ghosal et al. 2025), so the best budget is usually neither zero nor the maximum.

References: article sections "Measured budget sweet spot" and "TTFT vs. inter-token latency";
Ghosal et al. 2025, "Does Thinking More Always Help?" (arXiv 2506.04210).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import overload

import numpy as np
from numpy.typing import ArrayLike, NDArray

from sims import _validate as check
from sims._kv_core import FloatOrArray

__all__ = [
    "GHOSAL_GSM8K",
    "BudgetChoice",
    "BudgetTradeoff",
    "InvertedU",
    "TtftResult",
    "accuracy_at_budget",
    "best_budget_under_limit",
    "budget_tradeoff",
    "calibrate_inverted_u",
    "largest_fitting_budget",
    "peak_budget_tokens",
    "ttft_ms",
    "ttft_under_slo",
]


def _ttft(budget: NDArray[np.float64], base_ms: float, rate: float) -> NDArray[np.float64]:
    return base_ms + budget / rate * 1000.0  # every thinking token is decoded before the first visible one


@overload
def ttft_ms(budget_tokens: float, *, base_ttft_ms: float, decode_tokens_per_s: float) -> float: ...
@overload
def ttft_ms(budget_tokens: ArrayLike, *, base_ttft_ms: float, decode_tokens_per_s: float) -> FloatOrArray: ...
def ttft_ms(budget_tokens: ArrayLike, *, base_ttft_ms: float, decode_tokens_per_s: float) -> FloatOrArray:
    """Time to first visible token when ``budget_tokens`` hidden tokens are decoded first.

    ``ttft = base_ttft_ms + budget_tokens / decode_tokens_per_s * 1000``.

    Parameters
    ----------
    budget_tokens : int or array_like, >= 0
        Thinking tokens generated before the answer starts (vectorised).
    base_ttft_ms : float, >= 0
        TTFT with no thinking (queueing + prefill).
    decode_tokens_per_s : float, > 0
        Decode speed of one stream.

    Returns
    -------
    float or ndarray of float
        TTFT in milliseconds, shape of ``budget_tokens``.

    References
    ----------
    Article, "TTFT vs. inter-token latency".

    Example
    -------
    >>> ttft_ms([0, 128, 512, 1024], base_ttft_ms=180, decode_tokens_per_s=80)
    array([  180.,  1780.,  6580., 12980.])
    """
    budget = check.numbers("budget_tokens", budget_tokens, low=0.0)
    base = check.number("base_ttft_ms", base_ttft_ms, low=0.0)
    rate = check.positive("decode_tokens_per_s", decode_tokens_per_s)
    result: FloatOrArray = check.scalar_or_array(_ttft(budget, base, rate))
    return result


def largest_fitting_budget(*, base_ttft_ms: float, decode_tokens_per_s: float, slo_ms: float) -> int | None:
    """Largest whole thinking budget whose TTFT stays within ``slo_ms``; None if even 0 tokens misses it.

    Analytically ``floor((slo_ms - base_ttft_ms) * decode_tokens_per_s / 1000)``; the result is then
    nudged by at most a token so that it agrees exactly with :func:`ttft_ms` despite rounding.

    Parameters
    ----------
    base_ttft_ms : float, >= 0
        TTFT with no thinking.
    decode_tokens_per_s : float, > 0
        Decode speed.
    slo_ms : float, >= 0
        TTFT service-level objective.

    Returns
    -------
    int or None
        Budget in tokens.

    References
    ----------
    Article, "TTFT vs. inter-token latency".

    Example
    -------
    >>> largest_fitting_budget(base_ttft_ms=180, decode_tokens_per_s=80, slo_ms=3000)
    225
    """
    base = check.number("base_ttft_ms", base_ttft_ms, low=0.0)
    rate = check.positive("decode_tokens_per_s", decode_tokens_per_s)
    slo = check.number("slo_ms", slo_ms, low=0.0)
    if base > slo:
        return None
    best = math.floor((slo - base) * rate / 1000.0)

    def fits(budget: int) -> bool:
        return bool(_ttft(np.asarray(budget, dtype=np.float64), base, rate) <= slo)

    while fits(best + 1):
        best += 1
    while best > 0 and not fits(best):
        best -= 1
    return best


@dataclass(frozen=True)
class TtftResult:
    """TTFT of each budget against an SLO."""

    budgets_tokens: NDArray[np.float64]
    ttft_ms: NDArray[np.float64]
    fits: NDArray[np.bool_]
    slo_ms: float
    largest_fitting_budget_tokens: int | None

    @property
    def fitting_count(self) -> int:
        """How many of the budgets meet the SLO."""
        return int(self.fits.sum())

    @property
    def rejected_count(self) -> int:
        """How many of the budgets miss the SLO."""
        return int(self.fits.size - self.fits.sum())


def ttft_under_slo(
    budgets: ArrayLike, *, base_ttft_ms: float, decode_tokens_per_s: float, slo_ms: float
) -> TtftResult:
    """TTFT for each budget, whether it meets the SLO, and the largest budget that would.

    Parameters
    ----------
    budgets : array_like, >= 0
        Thinking budgets in tokens.
    base_ttft_ms, decode_tokens_per_s
        As in :func:`ttft_ms`.
    slo_ms : float, >= 0
        TTFT objective; a budget fits when its TTFT is <= ``slo_ms``.

    Returns
    -------
    TtftResult
        1-D arrays over ``budgets`` plus the analytic largest fitting budget (None if none fits).

    References
    ----------
    Article, "TTFT vs. inter-token latency" (180 and 1780 ms fit a 3000 ms SLO; 6580, 12980 do not).

    Example
    -------
    >>> r = ttft_under_slo([0, 128, 512, 1024], base_ttft_ms=180, decode_tokens_per_s=80, slo_ms=3000)
    >>> r.fits.tolist(), r.largest_fitting_budget_tokens
    ([True, True, False, False], 225)
    """
    budget = np.atleast_1d(check.numbers("budgets", budgets, low=0.0))
    latency = np.atleast_1d(
        ttft_ms(budget, base_ttft_ms=base_ttft_ms, decode_tokens_per_s=decode_tokens_per_s)
    )
    slo = check.number("slo_ms", slo_ms, low=0.0)
    largest = largest_fitting_budget(
        base_ttft_ms=base_ttft_ms, decode_tokens_per_s=decode_tokens_per_s, slo_ms=slo
    )
    return TtftResult(budget, latency, latency <= slo, slo, largest)


@dataclass(frozen=True)
class BudgetChoice:
    """The most accurate measured budget within a latency limit (None fields when nothing is eligible)."""

    chosen_budget_tokens: int | None
    accuracy: float | None
    latency_ms: float | None
    max_budget_is_best: bool
    eligible: NDArray[np.bool_]
    reason: str
    fastest_latency_ms: float  # lowest measured latency, eligible or not

    @property
    def any_eligible(self) -> bool:
        """Whether at least one budget met the latency limit."""
        return self.chosen_budget_tokens is not None


def best_budget_under_limit(
    budgets: ArrayLike, accuracy: ArrayLike, latency_ms: ArrayLike, *, latency_limit_ms: float
) -> BudgetChoice:
    """Pick the measured budget with the highest accuracy among those within ``latency_limit_ms``.

    Ties go to the lower latency, then the smaller budget (the cheaper of equally good options).
    ``max_budget_is_best`` tells whether the largest budget also has the highest accuracy overall,
    ignoring the limit. Returns a result with ``chosen_budget_tokens=None`` and a ``reason`` when no
    budget meets the limit, rather than raising.

    Parameters
    ----------
    budgets : array_like of int, >= 0
        Thinking budgets that were measured.
    accuracy : array_like, in [0, 1]
        Verified accuracy at each budget.
    latency_ms : array_like, >= 0
        Measured latency at each budget.
    latency_limit_ms : float, >= 0
        A budget is eligible when its latency is <= this limit.

    Returns
    -------
    BudgetChoice

    References
    ----------
    Article, "Measured budget sweet spot" (512 tokens chosen at 83%, 610 ms; max budget not best).

    Example
    -------
    >>> c = best_budget_under_limit([0, 128, 512, 2048], [0.71, 0.78, 0.83, 0.80],
    ...                             [220, 310, 610, 1840], latency_limit_ms=1000)
    >>> c.chosen_budget_tokens, c.accuracy, c.latency_ms, c.max_budget_is_best
    (512, 0.83, 610.0, False)
    """
    budget = np.atleast_1d(check.numbers("budgets", budgets, low=0.0, integer=True))
    acc = np.atleast_1d(check.numbers("accuracy", accuracy, low=0.0, high=1.0))
    lat = np.atleast_1d(check.numbers("latency_ms", latency_ms, low=0.0))
    limit = check.number("latency_limit_ms", latency_limit_ms, low=0.0)
    if budget.ndim != 1 or not budget.shape == acc.shape == lat.shape:
        raise ValueError("budgets, accuracy and latency_ms must be 1-D and of equal length")
    max_is_best = bool(acc[np.argmax(budget)] == acc.max())
    eligible = lat <= limit
    if not eligible.any():
        reason = f"no budget meets latency_limit_ms={limit:g} (fastest measured: {lat.min():g} ms)"
        return BudgetChoice(None, None, None, max_is_best, eligible, reason, float(lat.min()))
    # lexsort: last key is primary -> highest accuracy, then lowest latency, then smallest budget
    order = np.lexsort((budget, lat, -acc))
    best = next(int(i) for i in order if eligible[i])
    return BudgetChoice(
        int(budget[best]), float(acc[best]), float(lat[best]), max_is_best, eligible, "", float(lat.min())
    )


@dataclass(frozen=True)
class InvertedU:
    """Accuracy as a downward parabola in log thinking budget.

    ``accuracy(B) = peak_accuracy - curvature * (ln max(B, 1) - ln peak_budget_tokens) ** 2``,
    clipped to [0, 1]. ``curvature`` is the accuracy lost per squared e-fold away from the peak.
    The shape is a smooth summary of measured points, trustworthy only inside the measured range.

    Example
    -------
    >>> round(InvertedU(0.9, 1000.0, 0.03).peak_accuracy, 2)
    0.9
    """

    peak_accuracy: float
    peak_budget_tokens: float
    curvature: float
    source: str = ""

    def __post_init__(self) -> None:
        check.numbers("peak_accuracy", self.peak_accuracy, low=0.0, high=1.0)
        check.numbers("peak_budget_tokens", self.peak_budget_tokens, low=1.0, high=1e12)
        check.numbers("curvature", self.curvature, low=0.0, high=1e6)


def calibrate_inverted_u(budgets: ArrayLike, accuracies: ArrayLike, *, source: str = "") -> InvertedU:
    """Least-squares fit of :class:`InvertedU` to measured (budget, accuracy) points.

    Fits ``a + b x + c x**2`` with ``x = ln budget``; three points are matched exactly.

    Parameters
    ----------
    budgets : array_like, >= 1
        Thinking budgets in tokens; at least three distinct values.
    accuracies : array_like, in [0, 1]
        Accuracy at each budget.
    source : str
        Stored on the result.

    Returns
    -------
    InvertedU

    Raises
    ------
    ValueError
        If the inputs are out of range, or the points do not bend downwards (no interior peak),
        or the fitted peak accuracy exceeds 1.

    References
    ----------
    Ghosal et al. 2025 (arXiv 2506.04210) report the inverted U this shape summarises.

    Example
    -------
    >>> m = calibrate_inverted_u([385, 1100, 15980], [0.822, 0.873, 0.703])
    >>> round(m.peak_budget_tokens), round(m.peak_accuracy, 3)
    (1459, 0.875)
    """
    budget = np.atleast_1d(check.numbers("budgets", budgets, low=1.0, high=1e12))
    acc = np.atleast_1d(check.numbers("accuracies", accuracies, low=0.0, high=1.0))
    if budget.ndim != 1 or budget.shape != acc.shape or np.unique(budget).size < 3:
        raise ValueError("budgets must hold at least 3 distinct values, with one accuracy per budget")
    x = np.log(budget)
    design = np.stack([np.ones_like(x), x, x**2], axis=1)  # (n, 3)
    (a, b, c), *_ = np.linalg.lstsq(design, acc, rcond=None)
    if c >= 0:
        raise ValueError("accuracies must rise then fall with budget (fitted curvature is not negative)")
    peak_x = -b / (2 * c)
    peak_acc = a - b * b / (4 * c)
    if 1 < peak_acc <= 1 + 1e-9:  # rounding in the fit, not a real peak above 1
        peak_acc = 1.0
    if not 0 <= peak_acc <= 1 or not 0 <= peak_x <= math.log(1e12):
        raise ValueError(
            f"accuracies give a peak outside [0, 1] or outside [1, 1e12] tokens ({peak_acc:.3f})"
        )
    return InvertedU(float(peak_acc), float(math.exp(peak_x)), float(-c), source)


GHOSAL_GSM8K = calibrate_inverted_u(
    [385, 1100, 15980],
    [0.822, 0.873, 0.703],
    source="Ghosal et al. 2025 (arXiv 2506.04210), GSM-8K, R1-Distill-Qwen-1.5B: 82.2% at 385 thinking "
    "tokens, 87.3% at 1,100, 70.3% at 15,980; exact fit through those points, reliable in that range",
)
"""Default inverted U: peak about 87.5% near 1,460 thinking tokens."""


@overload
def accuracy_at_budget(budget_tokens: float, model: InvertedU = GHOSAL_GSM8K) -> float: ...
@overload
def accuracy_at_budget(budget_tokens: ArrayLike, model: InvertedU = GHOSAL_GSM8K) -> FloatOrArray: ...
def accuracy_at_budget(budget_tokens: ArrayLike, model: InvertedU = GHOSAL_GSM8K) -> FloatOrArray:
    """Accuracy the inverted-U model predicts at each thinking budget (vectorised, clipped to [0, 1]).

    Parameters
    ----------
    budget_tokens : float or array_like, >= 0
        Thinking budgets; budgets below 1 token are treated as 1.
    model : InvertedU
        Defaults to ``GHOSAL_GSM8K``.

    Returns
    -------
    float or ndarray of float
        Accuracy in [0, 1], shape of ``budget_tokens``.

    References
    ----------
    Ghosal et al. 2025 (arXiv 2506.04210).

    Example
    -------
    >>> round(accuracy_at_budget(1100), 3)
    0.873
    """
    budget = check.numbers("budget_tokens", budget_tokens, low=0.0)
    distance = np.log(np.maximum(budget, 1.0)) - math.log(model.peak_budget_tokens)
    accuracy = np.clip(model.peak_accuracy - model.curvature * distance**2, 0.0, 1.0)
    result: FloatOrArray = check.scalar_or_array(accuracy)
    return result


def peak_budget_tokens(model: InvertedU = GHOSAL_GSM8K) -> float:
    """Thinking budget (tokens) at which the inverted-U model's accuracy is highest.

    References
    ----------
    Ghosal et al. 2025 (arXiv 2506.04210).

    Example
    -------
    >>> round(peak_budget_tokens())
    1459
    """
    return model.peak_budget_tokens


@dataclass(frozen=True)
class BudgetTradeoff:
    """Accuracy and TTFT over a budget sweep, for a twin-axis chart, with the best budget under the SLO."""

    budgets_tokens: NDArray[np.float64]
    accuracy: NDArray[np.float64]
    ttft_ms: NDArray[np.float64]
    fits: NDArray[np.bool_]
    slo_ms: float
    largest_fitting_budget_tokens: int | None
    peak_budget_tokens: float
    best: BudgetChoice


def budget_tradeoff(
    budgets: ArrayLike,
    *,
    base_ttft_ms: float,
    decode_tokens_per_s: float,
    slo_ms: float,
    model: InvertedU = GHOSAL_GSM8K,
) -> BudgetTradeoff:
    """Model accuracy and TTFT at each budget and pick the most accurate budget that meets the SLO.

    Parameters
    ----------
    budgets : array_like of int, >= 0
        Swept thinking budgets in tokens.
    base_ttft_ms, decode_tokens_per_s, slo_ms
        As in :func:`ttft_under_slo`.
    model : InvertedU
        Accuracy model; defaults to ``GHOSAL_GSM8K``.

    Returns
    -------
    BudgetTradeoff
        Arrays over ``budgets``; ``best`` is a :class:`BudgetChoice` (None fields if nothing fits).

    References
    ----------
    Article, "Measured budget sweet spot" and "TTFT vs. inter-token latency"; Ghosal et al. 2025.

    Example
    -------
    >>> t = budget_tradeoff([256, 1024, 4096], base_ttft_ms=180, decode_tokens_per_s=400, slo_ms=5000)
    >>> t.best.chosen_budget_tokens, t.largest_fitting_budget_tokens
    (1024, 1928)
    """
    timing = ttft_under_slo(
        budgets, base_ttft_ms=base_ttft_ms, decode_tokens_per_s=decode_tokens_per_s, slo_ms=slo_ms
    )
    acc = np.atleast_1d(accuracy_at_budget(timing.budgets_tokens, model))
    best = best_budget_under_limit(timing.budgets_tokens, acc, timing.ttft_ms, latency_limit_ms=slo_ms)
    return BudgetTradeoff(
        timing.budgets_tokens, acc, timing.ttft_ms, timing.fits, timing.slo_ms,
        timing.largest_fitting_budget_tokens, model.peak_budget_tokens, best,
    )  # fmt: skip


# Budget grids for the TTFT page (kept apart so this module stays about the models themselves).
from sims._ttft_sweep import (  # noqa: E402
    ARTICLE_BUDGETS_TOKENS,
    GHOSAL_GSM8K_POINTS,
    budget_grid,
    decode_rate_for_budget,
    thinking_grid,
)

__all__ += [
    "ARTICLE_BUDGETS_TOKENS", "GHOSAL_GSM8K_POINTS", "budget_grid", "decode_rate_for_budget", "thinking_grid",
]
