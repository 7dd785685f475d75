"""sims._ttft_sweep: budget grids and the decode speed a budget needs, checked against ttft_ms."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sims.latency import (
    ARTICLE_BUDGETS_TOKENS,
    GHOSAL_GSM8K,
    GHOSAL_GSM8K_POINTS,
    accuracy_at_budget,
    budget_grid,
    decode_rate_for_budget,
    ttft_ms,
)


def test_article_question_rate() -> None:
    # 512 tokens in the 2,820 ms left by a 3,000 ms SLO after 180 ms of base TTFT
    assert decode_rate_for_budget(512, base_ttft_ms=180, slo_ms=3000) == pytest.approx(512 / 2.82)
    assert ARTICLE_BUDGETS_TOKENS == (0, 128, 512, 1024)


@settings(max_examples=80, deadline=None)
@given(budget=st.integers(1, 50_000), base=st.integers(0, 5_000), extra=st.integers(1, 100_000))
def test_rate_round_trips_through_ttft(budget: int, base: int, extra: int) -> None:
    slo = base + extra
    rate = decode_rate_for_budget(budget, base_ttft_ms=base, slo_ms=slo)
    assert ttft_ms(budget, base_ttft_ms=base, decode_tokens_per_s=rate) == pytest.approx(slo, rel=1e-9)


def test_rate_edge_cases() -> None:
    assert decode_rate_for_budget(0, base_ttft_ms=100, slo_ms=200) == 0.0
    assert math.isinf(decode_rate_for_budget(0, base_ttft_ms=300, slo_ms=200))
    assert math.isinf(decode_rate_for_budget(10, base_ttft_ms=200, slo_ms=200))
    with pytest.raises(ValueError, match="budget_tokens"):
        decode_rate_for_budget(-1, base_ttft_ms=0, slo_ms=1)


def test_budget_grid_includes_values_in_range_only() -> None:
    g = budget_grid(2048, include=(225, None, 99_999, -3))
    assert g[0] == 0 and g[-1] == 2048 and 225 in g and (np.diff(g) > 0).all()
    assert 99_999 not in g
    with pytest.raises(ValueError, match="max_budget_tokens"):
        budget_grid(0)


def test_ghosal_points_are_the_calibration_points() -> None:
    budgets, accs = zip(*GHOSAL_GSM8K_POINTS, strict=True)
    assert np.allclose(accuracy_at_budget(np.array(budgets), GHOSAL_GSM8K), accs, atol=1e-9)
