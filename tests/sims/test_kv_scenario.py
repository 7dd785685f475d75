"""sims._kv_scenario (branch capacity, allocation comparison) against brute-force counting."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sims.kv_cache import (
    GPUS,
    MODELS,
    allocation_comparison,
    branch_capacity,
    continuation_grid,
    custom_model,
)

FAST = settings(max_examples=50, deadline=None)


def brute_force_groups(free_bytes: float, group_bytes: float) -> int:
    """Add whole groups of branches one at a time until the next one would not fit."""
    groups = 0
    while (groups + 1) * group_bytes <= free_bytes:
        groups += 1
    return groups


def test_article_scenario_capacity_matches_brute_force() -> None:
    spec, gpu = MODELS["Llama-3.1-8B"], GPUS["H100 SXM"]
    free = 0.9 * 80e9 - 8e9 * 2  # 10% reserve, 8B bf16 weights
    for share, group_tokens in ((True, 4000 + 8 * 1000), (False, 8 * 5000)):
        r = branch_capacity(
            spec, gpu, prompt_tokens=4000, continuation_tokens=1000, branches=8, share_prefix=share
        )
        assert r.max_concurrent_traces == 8 * brute_force_groups(free, group_tokens * 131072)
    assert (
        branch_capacity(
            spec, gpu, prompt_tokens=4000, continuation_tokens=1000, branches=8, share_prefix=True
        ).max_concurrent_traces
        == 280
    )


@FAST
@given(prompt=st.integers(0, 20_000), cont=st.integers(1, 20_000), n=st.integers(1, 32))
def test_sharing_never_fits_fewer_traces(prompt: int, cont: int, n: int) -> None:
    spec, gpu = MODELS["Qwen2.5-7B"], GPUS["A100 80GB SXM"]
    on = branch_capacity(
        spec, gpu, prompt_tokens=prompt, continuation_tokens=cont, branches=n, share_prefix=True
    )
    off = branch_capacity(
        spec, gpu, prompt_tokens=prompt, continuation_tokens=cont, branches=n, share_prefix=False
    )
    assert on.max_concurrent_traces >= off.max_concurrent_traces


def test_capacity_sweep_is_vectorised_and_non_increasing() -> None:
    grid = continuation_grid(1000)
    r = branch_capacity(
        MODELS["Llama-3.1-8B"],
        GPUS["H100 SXM"],
        prompt_tokens=4000,
        continuation_tokens=grid,
        branches=8,
        share_prefix=True,
    )
    traces = np.asarray(r.max_concurrent_traces)
    assert traces.shape == grid.shape and (np.diff(traces) <= 0).all()
    one = branch_capacity(
        MODELS["Llama-3.1-8B"],
        GPUS["H100 SXM"],
        prompt_tokens=4000,
        continuation_tokens=int(grid[7]),
        branches=8,
        share_prefix=True,
    )
    assert traces[7] == one.max_concurrent_traces


def test_continuation_grid_contains_current_and_is_sorted() -> None:
    for current in (0, 1, 999, 1000, 30_000):
        g = continuation_grid(current)
        assert g[0] == 1 and (np.diff(g) > 0).all() and max(current, 1) in g
        assert g[-1] == max(8192, 4 * current)


def test_custom_model_matches_formula() -> None:
    spec = custom_model(80, 8, 128, 70.0)
    assert spec.kv_bytes_per_token(2) == 2 * 80 * 8 * 128 * 2 == MODELS["Llama-3.1-70B"].kv_bytes_per_token(2)
    with pytest.raises(ValueError, match="layers"):
        custom_model(0, 8, 128, 1.0)


def brute_force_blocks(prompt: int, cont: int, n: int, block: int) -> tuple[int, int]:
    """Count blocks position by position: (without sharing, with block-level prefix sharing)."""
    without = n * math.ceil((prompt + cont) / block)
    shared_full = prompt // block
    partial = prompt % block
    own = math.ceil((partial + cont) / block) if cont else 0
    shared = shared_full + (1 if cont == 0 and partial else 0)
    return without, shared + n * own


@FAST
@given(
    prompt=st.integers(0, 5_000),
    cont=st.integers(0, 5_000),
    n=st.integers(1, 16),
    block=st.sampled_from([1, 8, 16, 32]),
    reserve=st.integers(1, 12_000),
)
def test_allocation_comparison_against_counting(
    prompt: int, cont: int, n: int, block: int, reserve: int
) -> None:
    if prompt + cont == 0:
        with pytest.raises(ValueError):
            allocation_comparison(
                prompt, cont, n, 1.0, reserve_tokens_per_trace=reserve, block_size_tokens=block
            )
        return
    r = allocation_comparison(prompt, cont, n, 2.0, reserve_tokens_per_trace=reserve, block_size_tokens=block)
    without, with_ = brute_force_blocks(prompt, cont, n, block)
    effective = max(reserve, prompt + cont)
    assert r.reserved_tokens.tolist() == [n * effective, without * block, with_ * block]
    assert r.used_tokens.tolist() == [n * (prompt + cont), n * (prompt + cont), prompt + n * cont]
    assert (r.waste_tokens >= 0).all() and (r.waste_tokens == r.reserved_tokens - r.used_tokens).all()
    assert np.allclose(r.reserved_bytes, 2.0 * r.reserved_tokens)
    assert r.reserve_was_raised == (reserve < prompt + cont)
    # paging never reserves more than the static allocator; sharing never more than paging alone
    assert r.reserved_tokens[2] <= r.reserved_tokens[1] <= r.reserved_tokens[0] + n * block


def test_allocation_article_numbers() -> None:
    r = allocation_comparison(4000, 1000, 8, 128 * 1024, reserve_tokens_per_trace=8192)
    assert r.blocks.tolist() == [0, 2504, 754]  # vLLM block size 16
    assert r.waste_fraction[0] == pytest.approx(1 - 40000 / 65536)
    assert r.waste_fraction[1] < 0.04  # vLLM: under 4% with paging
