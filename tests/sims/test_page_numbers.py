"""Small sims functions that compute the grids, counts and what-if inputs pages show or chart.

Pages never do arithmetic; these functions do it for them. Each is checked against a direct
computation written out here, or against the published/article figure it feeds.
"""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sims import best_of_n, distillation, kv_cache, latency, routing, scaling, tokens


# ----------------------------------------------------------------------------- tokens
@given(st.integers(0, 10_000_000))
def test_reasoning_grid_reaches_a_round_thousand_past_the_request(reasoning: int) -> None:
    grid = tokens.reasoning_grid(reasoning)
    top = int(grid[-1])
    assert grid.size == 201 and grid[0] == 0 and np.all(np.diff(grid) >= 0)
    assert top % 1_000 == 0 and top >= 16_000 and top >= 1.5 * reasoning
    assert top == 16_000 or top - 1_000 < 1.5 * reasoning  # the smallest such thousand


def test_reasoning_grid_article_request_and_bad_input() -> None:
    assert int(tokens.reasoning_grid(1_220)[-1]) == 16_000
    assert int(tokens.reasoning_grid(12_000)[-1]) == 18_000
    assert tokens.reasoning_grid(0, points=3, minimum_tokens=10).tolist() == [0, 5, 10]
    with pytest.raises(ValueError, match="reasoning_tokens"):
        tokens.reasoning_grid(-1)
    with pytest.raises(ValueError, match="points"):
        tokens.reasoning_grid(10, points=1)


def test_scaled_reasoning_tokens() -> None:
    assert tokens.scaled_reasoning_tokens(1_220, 2.0) == 2_440
    assert tokens.scaled_reasoning_tokens(1_220, 0.5) == 610
    with pytest.raises(ValueError, match="factor"):
        tokens.scaled_reasoning_tokens(10, -1.0)


# ----------------------------------------------------------------------------- best-of-N
def test_n_grid_is_log_spaced_unique_and_holds_the_marked_n() -> None:
    grid = best_of_n.n_grid()
    assert grid[0] == 1 and grid[-1] == 1024 and np.all(np.diff(grid) > 0)
    ratios = grid[1:] / grid[:-1]
    assert ratios[-10:].max() < 1.13  # 60 log steps over 1 to 1024: about 12% apart at the top
    assert 1000 in best_of_n.n_grid(1000) and 1000 not in grid
    with pytest.raises(ValueError, match="n_marked"):
        best_of_n.n_grid(0)


def test_doubling_grid_and_k_values() -> None:
    assert best_of_n.doubling_grid(1024).tolist() == [2**i for i in range(11)]
    assert best_of_n.doubling_grid(1000).tolist()[-1] == 512
    assert best_of_n.k_values(5).tolist() == [1, 2, 3, 4, 5]
    with pytest.raises(ValueError, match="n"):
        best_of_n.k_values(0)


def test_clip_to_n_caps_each_count() -> None:
    assert best_of_n.clip_to_n(10, 2, 5) == (2, 5)
    assert best_of_n.clip_to_n(10, 12, 50) == (10, 10)
    c, k = best_of_n.clip_to_n(10, 12, 3)
    assert best_of_n.pass_at_k(10, c, k) == 1.0  # the clipped counts are valid pass@k input
    with pytest.raises(ValueError, match="counts"):
        best_of_n.clip_to_n(10, -1)


# ----------------------------------------------------------------------------- KV cache
def test_kv_what_if_and_trace_length() -> None:
    assert kv_cache.scaled_branches(8) == 16
    assert kv_cache.trace_tokens(4_000, 1_000) == 5_000
    # the article's prefix-sharing example: 8 branches save 3.42 GiB; twice the branches save 15/7 as much
    bpt = kv_cache.kv_bytes_per_token(32, 8, 128, 2)
    eight = kv_cache.prefix_sharing(4_000, 1_000, 8, bpt)
    sixteen = kv_cache.prefix_sharing(4_000, 1_000, kv_cache.scaled_branches(8), bpt)
    assert eight.saved_kv_bytes / 2**30 == pytest.approx(3.42, abs=0.005)
    assert sixteen.saved_kv_bytes == pytest.approx(eight.saved_kv_bytes * 15 / 7)
    with pytest.raises(ValueError, match="branches"):
        kv_cache.scaled_branches(0)


def test_gigabyte_views_of_memory() -> None:
    h100 = kv_cache.GPUS["H100 SXM"]
    assert h100.memory_gb == 80.0  # datasheet: 80 GB
    cap = kv_cache.concurrent_traces("Llama-3.1-8B", h100, 5_000)
    assert cap.weights_gb == pytest.approx(cap.weights_bytes / 1e9)
    assert cap.kv_gb_used == pytest.approx(cap.kv_bytes_used / 1e9)


# ----------------------------------------------------------------------------- latency
def test_ttft_counts_match_the_article() -> None:
    # article: budgets 0/128/512/1024 at 180 ms + 80 tok/s under a 3,000 ms SLO -> 2 fit, 2 rejected
    r = latency.ttft_under_slo(latency.ARTICLE_BUDGETS_TOKENS, base_ttft_ms=180, decode_tokens_per_s=80,
                               slo_ms=3_000)
    assert (r.fitting_count, r.rejected_count) == (2, 2)


def test_budget_choice_reports_the_fastest_latency() -> None:
    args = ([0, 128, 512, 2048], [0.71, 0.78, 0.83, 0.80], [220, 310, 610, 1840])
    assert latency.best_budget_under_limit(*args, latency_limit_ms=1_000).fastest_latency_ms == 220.0
    none = latency.best_budget_under_limit(*args, latency_limit_ms=100)
    assert none.chosen_budget_tokens is None and none.fastest_latency_ms == 220.0


def test_thinking_and_compute_grids_are_log_spaced() -> None:
    think = latency.thinking_grid()
    assert think.size == 161 and think[0] == pytest.approx(100) and think[-1] == pytest.approx(30_000)
    assert np.allclose(np.diff(np.log(think)), math.log(300) / 160)
    flops = scaling.compute_grid()
    assert flops.size == 121 and np.allclose(np.diff(np.log10(flops)), 0.1)
    with pytest.raises(ValueError, match="high_tokens"):
        latency.thinking_grid(100, 50)
    with pytest.raises(ValueError, match="low_flops"):
        scaling.compute_grid(0, 1e20)


def test_pf_days_to_flops() -> None:
    assert scaling.pf_days_to_flops(1.0) == 1e15 * 24 * 3600
    assert scaling.pf_days_to_flops([1e-8, 10.0]).tolist() == pytest.approx([8.64e11, 8.64e20])
    with pytest.raises(ValueError, match="pf_days"):
        scaling.pf_days_to_flops(-1.0)


# ----------------------------------------------------------------------------- routing
def test_routing_page_summaries() -> None:
    assert routing.scaled_slo_ms(1_000, 0.5) == 500.0
    with pytest.raises(ValueError, match="latency_slo_ms"):
        routing.scaled_slo_ms(0, 0.5)
    mixes = routing.single_route_mixes(routing.ARTICLE_ROUTES, routing.ILLUSTRATIVE_QUALITY_BY_DIFFICULTY,
                                       routing.ILLUSTRATIVE_SHARES, latency_slo_ms=1_000)
    best = routing.best_single_route(mixes)
    assert best.quality == max(m.quality for m in mixes)
    with pytest.raises(ValueError, match="mixes"):
        routing.best_single_route([])
    # article: extract single-pass, capacity_math reasoning, creative_copy single-pass
    from sims.route_table import ARTICLE_REQUESTS

    assert routing.reasoning_count(routing.serving_gate(ARTICLE_REQUESTS, minimum_gain=0.05)) == 1
    assert routing.reasoning_count(()) == 0


# ----------------------------------------------------------------------------- distillation
def test_largest_consensus_gain() -> None:
    gain = distillation.consensus_gain(distillation.load_distillation())
    best = gain.names.index(gain.largest_gain_name)
    assert gain.largest_gain_points == pytest.approx(gain.cons64[best] - gain.pass1[best])
    # DeepSeek-R1 README: Llama-8B goes from 50.4 to 80.0 on AIME 2024, the largest jump (29.6 points)
    assert gain.largest_gain_name == "R1-Distill-Llama-8B"
    assert gain.largest_gain_points == pytest.approx(80.0 - 50.4)
