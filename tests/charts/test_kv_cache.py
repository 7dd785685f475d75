"""charts.kv_cache: trace names, axis titles with units, and plotted values against hand counts."""

from __future__ import annotations

import numpy as np
import pytest

from charts import kv_cache as charts
from charts.theme import Curve
from sims.kv_cache import (
    GPUS,
    MODELS,
    allocation_comparison,
    branch_capacity,
    continuation_grid,
    prefix_sharing,
)

SPEC, GPU = MODELS["Llama-3.1-8B"], GPUS["H100 SXM"]


def test_fmt_bytes_matches_the_article() -> None:
    assert charts.fmt_bytes(128 * 1024) == "128 KiB"
    assert charts.fmt_bytes((40_000 - 12_000) * 128 * 1024) == "3.42 GiB"
    assert charts.fmt_bytes(512) == "512 B"
    assert charts.gib(2**31) == 2.0


def test_cached_tokens_bars_add_up_to_the_article_totals() -> None:
    fig = charts.cached_tokens(
        prefix_sharing(4000, 1000, 8, 128 * 1024), branches=8, continuation_tokens=1000
    )
    prompt, conts = fig.data
    assert prompt.name == "Prompt" and conts.name == "Continuations (8 branches)"
    assert list(prompt.x) == [32_000, 4_000] and list(conts.x) == [8_000, 8_000]
    assert "40,000 vs 12,000" in fig.layout.title.text and "3.42 GiB" in fig.layout.title.text
    assert fig.layout.xaxis.title.text == "Cached tokens (tokens)"


def test_memory_bar_adds_up_to_the_gpu() -> None:
    cap = branch_capacity(
        SPEC, GPU, prompt_tokens=4000, continuation_tokens=1000, branches=8, share_prefix=True
    )
    fig = charts.memory_bar(cap, label="sharing on")
    names = [t.name for t in fig.data]
    assert names[0] == "Weights" and "KV cache of the traces that fit" in names
    assert sum(t.x[0] for t in fig.data) == pytest.approx(80.0)  # GB, H100 datasheet
    assert fig.data[0].x[0] == pytest.approx(16.0)  # 8B params x 2 bytes
    assert fig.layout.xaxis.title.text == "GPU memory (GB)" and "280 traces" in fig.layout.title.text


def test_memory_bar_when_weights_do_not_fit() -> None:
    cap = branch_capacity(
        MODELS["Llama-3.1-405B"],
        GPU,
        prompt_tokens=100,
        continuation_tokens=100,
        branches=1,
        share_prefix=False,
    )
    fig = charts.memory_bar(cap, label="x")
    assert cap.max_concurrent_traces == 0 and "0 traces" in fig.layout.title.text
    assert any(s.type == "line" for s in fig.layout.shapes)  # memory limit line


def test_capacity_curve_has_marker_ghosts_and_context_shading() -> None:
    grid = continuation_grid(1000)
    sweep = branch_capacity(
        SPEC, GPU, prompt_tokens=4000, continuation_tokens=grid, branches=8, share_prefix=True
    )
    ghost = Curve("old", (1.0, 2.0), (3.0, 4.0))
    fig = charts.capacity_curve(
        grid, sweep, current_tokens=1000, current_traces=280, name="Live", ghosts=[ghost]
    )
    names = [t.name for t in fig.data]
    assert names == ["pinned: old", "Live", "Current setting"]
    assert list(fig.data[2].x) == [1000] and list(fig.data[2].y) == [280]
    assert fig.layout.xaxis.title.text == "Reasoning tokens per branch (tokens)"
    assert fig.layout.yaxis.title.text == "Concurrent traces that fit (traces)"
    assert not fig.layout.shapes  # 4,000 + 8,192 tokens fit Llama-3.1-8B's context
    long = branch_capacity(
        SPEC, GPU, prompt_tokens=128_000, continuation_tokens=grid, branches=1, share_prefix=True
    )
    assert charts.capacity_curve(grid, long, current_tokens=1000, current_traces=1, name="x").layout.shapes
    curves = charts.capacity_curves(grid, sweep, name="Live")
    assert curves[0].x[0] == 1 and len(curves[0].y) == grid.size
    table = charts.capacity_table(grid, sweep)
    assert list(table.columns)[:2] == ["continuation_tokens", "max_concurrent_traces"]


def test_allocation_bars_split_reserved_into_used_and_empty() -> None:
    comp = allocation_comparison(4000, 1000, 8, 128 * 1024, reserve_tokens_per_trace=8192)
    fig = charts.allocation_bars(comp)
    used, empty = fig.data
    assert (used.name, empty.name) == ("Holding tokens", "Reserved but empty")
    assert np.allclose(np.add(used.x, empty.x), np.array([65536, 40064, 12064]) * 128 * 1024 / 2**30)
    assert fig.layout.xaxis.title.text == "KV memory reserved (GiB)"
    assert list(charts.allocation_table(comp)["blocks"]) == [0, 2504, 754]
