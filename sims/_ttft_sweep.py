"""Budget grids and the decode speed a budget needs, for the TTFT page.

Private module; :mod:`sims.latency` re-exports the public names.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

from sims import _validate as check

ARTICLE_BUDGETS_TOKENS: tuple[int, ...] = (0, 128, 512, 1024)
"""Thinking budgets of the article's ``ttft-budget-slo.py``."""

GHOSAL_GSM8K_POINTS: tuple[tuple[int, float], ...] = ((385, 0.822), (1100, 0.873), (15980, 0.703))
"""Measured (thinking tokens, accuracy) points behind ``GHOSAL_GSM8K`` (Ghosal et al. 2025, GSM-8K,
R1-Distill-Qwen-1.5B)."""


def thinking_grid(
    low_tokens: float = 100.0, high_tokens: float = 30_000.0, *, points: int = 161
) -> NDArray[np.float64]:
    """Log-spaced thinking budgets in tokens, for a chart with a log budget axis.

    Parameters
    ----------
    low_tokens, high_tokens : float
        First and last budget, 0 < low_tokens < high_tokens. Default 100 to 30,000 tokens.
    points : int, >= 2
        Budgets on the grid. Default 161.

    Returns
    -------
    ndarray of float, shape (points,)
        Budgets in tokens, evenly spaced in log.

    Example
    -------
    >>> thinking_grid(10, 1000, points=3).tolist()
    [10.0, 100.0, 1000.0]
    """
    low = check.positive("low_tokens", low_tokens)
    high = check.number("high_tokens", high_tokens, low=low, low_open=True)
    return np.geomspace(low, high, check.integer("points", points, low=2, high=100_000))


def budget_grid(
    max_budget_tokens: int, *, points: int = 201, include: tuple[float | None, ...] = ()
) -> NDArray[np.int64]:
    """Whole-token budgets from 0 to ``max_budget_tokens``, plus any ``include`` values in that range.

    Parameters
    ----------
    max_budget_tokens : int, >= 1
        Largest budget on the grid.
    points : int, >= 2
        Evenly spaced points before ``include`` is merged in.
    include : tuple of numbers
        Budgets that must be on the grid (e.g. the largest fitting budget); values outside
        ``[0, max_budget_tokens]`` are left out.

    Returns
    -------
    ndarray of int
        Sorted unique budgets.

    Example
    -------
    >>> budget_grid(1024, points=5, include=(225, 5000)).tolist()
    [0, 225, 256, 512, 768, 1024]
    """
    top = check.integer("max_budget_tokens", max_budget_tokens, low=1)
    n = check.integer("points", points, low=2)
    extra = [round(float(v)) for v in include if v is not None and 0 <= float(v) <= top]
    grid = np.rint(np.linspace(0, top, n)).astype(np.int64)
    return np.unique(np.concatenate([grid, np.asarray(extra, dtype=np.int64)]))


def decode_rate_for_budget(budget_tokens: float, *, base_ttft_ms: float, slo_ms: float) -> float:
    """Decode speed (tokens/s) at which ``budget_tokens`` of thinking just meets the TTFT SLO.

    Solves ``base_ttft_ms + budget / rate * 1000 = slo_ms`` for ``rate``. Returns 0 for a budget
    of 0 when the base fits, and ``inf`` when the base TTFT alone reaches the SLO.

    Parameters
    ----------
    budget_tokens : float, >= 0
        Thinking tokens decoded before the first visible token.
    base_ttft_ms, slo_ms : float, >= 0
        TTFT with no thinking and the TTFT objective.

    Returns
    -------
    float
        Tokens per second.

    References
    ----------
    Article, "TTFT vs. inter-token latency".

    Example
    -------
    >>> round(decode_rate_for_budget(512, base_ttft_ms=180, slo_ms=3000), 1)
    181.6
    """
    budget = float(check.numbers("budget_tokens", budget_tokens, low=0.0, high=1e12))
    base = float(check.numbers("base_ttft_ms", base_ttft_ms, low=0.0, high=1e12))
    slo = float(check.numbers("slo_ms", slo_ms, low=0.0, high=1e12))
    if budget == 0:
        return 0.0 if base <= slo else math.inf
    if slo <= base:
        return math.inf
    return budget * 1000.0 / (slo - base)
