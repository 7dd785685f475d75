"""Hidden reasoning tokens: what a request is billed for versus what the user sees.

A reasoning model writes reasoning tokens before the visible answer. Providers that hide them still
count them: OpenAI reports them in ``usage.completion_tokens_details.reasoning_tokens`` and bills
them as output tokens. So the billed output is ``visible + reasoning``, and during generation the
context window holds ``input + reasoning + visible`` tokens.

    billed_output = visible + reasoning
    cost_usd      = input * p_in / 1e6 + billed_output * p_out / 1e6

The article's example: 180 visible and 1,220 reasoning tokens at $10 per million output tokens are
billed as 1,400 output tokens; the user sees 12.9% of them, and the output costs $0.0140.

References: OpenAI, "Reasoning models" guide (reasoning tokens are billed as output tokens and take
context space); article "Reasoning & Test-Time Compute", hidden-token-accounting example.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from sims import _validate as check

__all__ = [
    "MAX_TOKENS",
    "MAX_USD_PER_MTOK",
    "ModelPrice",
    "PriceComparison",
    "PriceTable",
    "TokenBill",
    "TokenSweep",
    "clean_price_table",
    "compare_prices",
    "output_bill_growth",
    "reasoning_grid",
    "reasoning_sweep",
    "scaled_reasoning_tokens",
    "token_bill",
]

MAX_TOKENS = 10_000_000  # per request; far beyond any context window today
MAX_USD_PER_MTOK = 10_000.0
_PER_MTOK = 1_000_000


def _validate_tokens(name: str, value: object, *, minimum: int = 0) -> int:
    return check.integer(name, value, low=minimum, high=MAX_TOKENS, unit="tokens")


def _validate_price(name: str, value: object) -> float:
    return check.number(name, value, low=0.0, high=MAX_USD_PER_MTOK, unit="USD per million tokens")


@dataclass(frozen=True)
class TokenBill:
    """Accounting of one request. Fractions are in [0, 1]; costs in US dollars.

    ``hidden_share_of_bill`` is the part of the whole bill (input + output) paying for reasoning
    tokens the user never sees. ``visible_only_estimate_usd`` is what a dashboard that counts only
    the visible text would estimate; ``underestimate_factor`` = total / that estimate (inf if 0).
    """

    visible_tokens: int
    reasoning_tokens: int
    input_tokens: int
    billed_output_tokens: int
    visible_fraction: float
    hidden_fraction: float
    input_cost_usd: float
    visible_cost_usd: float
    reasoning_cost_usd: float
    output_cost_usd: float
    total_cost_usd: float
    hidden_share_of_bill: float
    visible_only_estimate_usd: float
    underestimate_factor: float
    context_tokens: int
    context_window_tokens: int
    context_fraction: float
    fits_context: bool


def token_bill(
    *,
    visible_tokens: int,
    reasoning_tokens: int,
    output_usd_per_mtok: float = 10.0,
    input_tokens: int = 0,
    input_usd_per_mtok: float = 0.0,
    context_window_tokens: int = 131_072,
) -> TokenBill:
    """Bill and context use of one request whose reasoning tokens are hidden but billed as output.

    Parameters
    ----------
    visible_tokens, reasoning_tokens, input_tokens : int
        Token counts of the answer the user sees, the hidden reasoning, and the prompt.
    output_usd_per_mtok, input_usd_per_mtok : float
        Prices in USD per million tokens; reasoning tokens are billed at the output price.
    context_window_tokens : int
        The model's context window; it must hold input + reasoning + visible while generating.

    Returns
    -------
    TokenBill

    References
    ----------
    OpenAI "Reasoning models" guide; the article's hidden-token-accounting example.

    Examples
    --------
    >>> b = token_bill(visible_tokens=180, reasoning_tokens=1220, output_usd_per_mtok=10.0)
    >>> b.billed_output_tokens, round(b.visible_fraction, 3), round(b.output_cost_usd, 4)
    (1400, 0.129, 0.014)
    """
    v = _validate_tokens("visible_tokens", visible_tokens)
    r = _validate_tokens("reasoning_tokens", reasoning_tokens)
    n_in = _validate_tokens("input_tokens", input_tokens)
    window = _validate_tokens("context_window_tokens", context_window_tokens, minimum=1)
    p_out = _validate_price("output_usd_per_mtok", output_usd_per_mtok)
    p_in = _validate_price("input_usd_per_mtok", input_usd_per_mtok)
    billed = v + r
    input_cost = n_in * p_in / _PER_MTOK
    visible_cost = v * p_out / _PER_MTOK
    reasoning_cost = r * p_out / _PER_MTOK
    total = input_cost + visible_cost + reasoning_cost
    estimate = input_cost + visible_cost
    context = n_in + billed
    return TokenBill(
        visible_tokens=v,
        reasoning_tokens=r,
        input_tokens=n_in,
        billed_output_tokens=billed,
        visible_fraction=v / billed if billed else 1.0,
        hidden_fraction=r / billed if billed else 0.0,
        input_cost_usd=input_cost,
        visible_cost_usd=visible_cost,
        reasoning_cost_usd=reasoning_cost,
        output_cost_usd=visible_cost + reasoning_cost,
        total_cost_usd=total,
        hidden_share_of_bill=reasoning_cost / total if total > 0 else 0.0,
        visible_only_estimate_usd=estimate,
        underestimate_factor=total / estimate if estimate > 0 else (1.0 if total == 0 else math.inf),
        context_tokens=context,
        context_window_tokens=window,
        context_fraction=context / window,
        fits_context=context <= window,
    )


@dataclass(frozen=True)
class TokenSweep:
    """``token_bill`` over many reasoning budgets; arrays have the shape of ``reasoning_tokens``."""

    reasoning_tokens: NDArray[np.int64]
    billed_output_tokens: NDArray[np.int64]
    total_cost_usd: NDArray[np.float64]
    output_cost_usd: NDArray[np.float64]
    hidden_share_of_bill: NDArray[np.float64]
    visible_fraction: NDArray[np.float64]
    context_fraction: NDArray[np.float64]
    visible_only_estimate_usd: float
    max_reasoning_in_context: int  # largest reasoning budget that still fits the window (0 if none)


def reasoning_sweep(
    reasoning_tokens: ArrayLike,
    *,
    visible_tokens: int,
    output_usd_per_mtok: float = 10.0,
    input_tokens: int = 0,
    input_usd_per_mtok: float = 0.0,
    context_window_tokens: int = 131_072,
) -> TokenSweep:
    """Vectorised ``token_bill`` over a 1-D array of reasoning budgets (tokens >= 0).

    Examples
    --------
    >>> s = reasoning_sweep([0, 1220], visible_tokens=180)
    >>> s.billed_output_tokens.tolist()
    [180, 1400]
    """
    r = check.integers("reasoning_tokens", reasoning_tokens, low=0, high=MAX_TOKENS)
    if r.ndim != 1:
        raise ValueError(f"reasoning_tokens must be a 1-D array of token counts, got shape {r.shape}")
    # Validates the scalar parameters once, and gives the visible-only estimate.
    base = token_bill(visible_tokens=visible_tokens, reasoning_tokens=0,
                      output_usd_per_mtok=output_usd_per_mtok, input_tokens=input_tokens,
                      input_usd_per_mtok=input_usd_per_mtok, context_window_tokens=context_window_tokens)
    billed = base.visible_tokens + r
    p_out = float(output_usd_per_mtok)
    reasoning_cost = r * p_out / _PER_MTOK
    output_cost = base.visible_cost_usd + reasoning_cost
    total = base.input_cost_usd + output_cost
    with np.errstate(divide="ignore", invalid="ignore"):
        hidden_share = np.where(total > 0, reasoning_cost / total, 0.0)
        visible_fraction = np.where(billed > 0, base.visible_tokens / billed, 1.0)
    free = context_window_tokens - base.input_tokens - base.visible_tokens
    return TokenSweep(
        reasoning_tokens=r,
        billed_output_tokens=billed,
        total_cost_usd=total,
        output_cost_usd=output_cost,
        hidden_share_of_bill=hidden_share,
        visible_fraction=visible_fraction,
        context_fraction=(base.input_tokens + billed) / context_window_tokens,
        visible_only_estimate_usd=base.visible_only_estimate_usd,
        max_reasoning_in_context=max(0, free),
    )


def reasoning_grid(
    reasoning_tokens: int, *, points: int = 201, minimum_tokens: int = 16_000
) -> NDArray[np.int64]:
    """Reasoning budgets for a sweep chart: evenly spaced from 0 to a top that leaves room past the request.

    The top is ``1.5 * reasoning_tokens`` rounded up to a whole thousand, and at least ``minimum_tokens``.

    Parameters
    ----------
    reasoning_tokens : int
        The current request's reasoning tokens, in [0, 10,000,000].
    points : int, optional
        Budgets on the grid, in [2, 100,000]. Default 201.
    minimum_tokens : int, optional
        Smallest top of the grid in tokens, >= 1. Default 16,000.

    Returns
    -------
    ndarray of int64, shape (points,)
        Budgets in tokens, from 0 to the top (truncated to whole tokens).

    Examples
    --------
    >>> g = reasoning_grid(12_000)
    >>> int(g[0]), int(g[-1]), g.size
    (0, 18000, 201)
    """
    r = _validate_tokens("reasoning_tokens", reasoning_tokens)
    n = check.integer("points", points, low=2, high=100_000)
    floor = _validate_tokens("minimum_tokens", minimum_tokens, minimum=1)
    top = max(floor, -(-3 * r // 2_000) * 1_000)  # ceil(1.5 r / 1000) * 1000, in exact integers
    return np.linspace(0, top, n).astype(np.int64)


def scaled_reasoning_tokens(reasoning_tokens: int, factor: float) -> int:
    """Reasoning tokens after multiplying the budget by ``factor``, rounded to a whole token.

    Parameters
    ----------
    reasoning_tokens : int
        Reasoning tokens of the request, in [0, 10,000,000].
    factor : float
        Multiplier, in [0, 1000].

    Returns
    -------
    int
        The scaled budget in tokens.

    Examples
    --------
    >>> scaled_reasoning_tokens(1220, 2.0)
    2440
    """
    r = _validate_tokens("reasoning_tokens", reasoning_tokens)
    return round(check.number("factor", factor, low=0.0, high=1000.0) * r)


def output_bill_growth(*, visible_tokens: int, reasoning_tokens: int, factor: float) -> float:
    """By what factor billed output grows when the reasoning budget is multiplied by ``factor``.

    ``(visible + factor * reasoning) / (visible + reasoning)``; the output price cancels out.

    Examples
    --------
    >>> round(output_bill_growth(visible_tokens=180, reasoning_tokens=1220, factor=2.0), 3)
    1.871
    """
    v = _validate_tokens("visible_tokens", visible_tokens)
    r = _validate_tokens("reasoning_tokens", reasoning_tokens)
    factor = check.number("factor", factor, low=0.0, high=1000.0)
    if v + r == 0:
        raise ValueError("visible_tokens + reasoning_tokens must be at least 1 to compare bills")
    return (v + factor * r) / (v + r)


@dataclass(frozen=True)
class ModelPrice:
    name: str
    input_usd_per_mtok: float
    output_usd_per_mtok: float


@dataclass(frozen=True)
class PriceTable:
    """Usable rows of a user-edited price table and one message per rejected cell or row."""

    rows: tuple[ModelPrice, ...]
    problems: tuple[str, ...]


def clean_price_table(rows: Sequence[Mapping[str, object]]) -> PriceTable:
    """Keep the valid rows of a price table edited by a user; explain every rejected row.

    Each row needs ``name`` (text; blank becomes "row k") and ``input_usd_per_mtok`` and
    ``output_usd_per_mtok`` (numbers in [0, 10,000]). Duplicate names get a numeric suffix.
    """
    kept: list[ModelPrice] = []
    problems: list[str] = []
    seen: set[str] = set()
    for k, row in enumerate(rows, start=1):
        raw_name = row.get("name")
        text = "" if raw_name is None else str(raw_name).strip()
        name = text if text not in ("", "nan", "None", "<NA>") else f"row {k}"
        bad = []
        prices = {}
        for col, label in (("input_usd_per_mtok", "input price"), ("output_usd_per_mtok", "output price")):
            price = check.cell_number(row.get(col), 0.0, MAX_USD_PER_MTOK)
            if price is None:
                raw = row.get(col)
                shown = "empty" if raw is None or (isinstance(raw, float) and math.isnan(raw)) else repr(raw)
                bad.append(f"{label} ({col}) is {shown}")
            prices[col] = price
        if bad:
            problems.append(f"{name}: ignored, needs prices from 0 to {MAX_USD_PER_MTOK:,.0f} USD "
                            f"per million tokens ({'; '.join(bad)})")
            continue
        unique, n = name, 2
        while unique in seen:
            unique, n = f"{name} ({n})", n + 1
        seen.add(unique)
        kept.append(ModelPrice(unique, prices["input_usd_per_mtok"] or 0.0,
                               prices["output_usd_per_mtok"] or 0.0))
    if not kept:
        problems.append("the price table has no usable row")
    return PriceTable(tuple(kept), tuple(problems))


@dataclass(frozen=True)
class PriceComparison:
    """Cost of the same request under each price row; arrays in row order, costs in USD."""

    names: tuple[str, ...]
    input_cost_usd: NDArray[np.float64]
    visible_cost_usd: NDArray[np.float64]
    reasoning_cost_usd: NDArray[np.float64]
    total_cost_usd: NDArray[np.float64]
    hidden_share_of_bill: NDArray[np.float64]


def compare_prices(
    prices: Sequence[ModelPrice], *, visible_tokens: int, reasoning_tokens: int, input_tokens: int = 0
) -> PriceComparison:
    """The same token counts priced by every row of a price table (vectorised over rows)."""
    if not prices:
        raise ValueError("prices must contain at least one ModelPrice row")
    v = _validate_tokens("visible_tokens", visible_tokens)
    r = _validate_tokens("reasoning_tokens", reasoning_tokens)
    n_in = _validate_tokens("input_tokens", input_tokens)
    p_in = np.array([_validate_price(f"{p.name} input price", p.input_usd_per_mtok) for p in prices])
    p_out = np.array([_validate_price(f"{p.name} output price", p.output_usd_per_mtok) for p in prices])
    input_cost = n_in * p_in / _PER_MTOK
    visible_cost = v * p_out / _PER_MTOK
    reasoning_cost = r * p_out / _PER_MTOK
    total = input_cost + visible_cost + reasoning_cost
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(total > 0, reasoning_cost / total, 0.0)
    names = tuple(p.name for p in prices)
    return PriceComparison(names, input_cost, visible_cost, reasoning_cost, total, share)
