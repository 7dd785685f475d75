"""Figures for the KV-cache page: cached tokens with and without prefix sharing, GPU memory split into
weights / reserve / KV / unused, concurrent traces vs reasoning length, and reserved vs used KV slots
under three allocators."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from numpy.typing import NDArray

from charts.theme import (
    OKABE_ITO,
    ROLE,
    Curve,
    add_ghosts,
    add_limit_line,
    add_marker,
    axis_title,
    shade_region,
    style,
)
from sims.kv_cache import AllocationComparison, CapacityResult, SharingResult

__all__ = [
    "allocation_bars",
    "allocation_table",
    "cached_tokens",
    "capacity_curve",
    "capacity_curves",
    "capacity_table",
    "fmt_bytes",
    "gib",
    "memory_bar",
]

GiB = 2**30
GB = 1e9
TRACES = axis_title("Concurrent traces that fit", "traces")
CONTINUATION = axis_title("Reasoning tokens per branch", "tokens")


def fmt_bytes(n_bytes: float) -> str:
    """Binary units with up to two decimals, as the article: ``3.42 GiB``, ``128 KiB``."""
    for unit, size in (("TiB", 2**40), ("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if abs(n_bytes) >= size:
            return f"{n_bytes / size:,.2f}".rstrip("0").rstrip(".") + f" {unit}"
    return f"{n_bytes:,.0f} B"


def gib(n_bytes: float) -> float:
    """Bytes in GiB (2**30 bytes), the unit of the article's savings figure."""
    return float(n_bytes) / GiB


def cached_tokens(sharing: SharingResult, *, branches: int, continuation_tokens: int) -> go.Figure:
    """Two stacked bars: KV tokens cached when each branch copies the prompt vs when all share it."""
    rows = ["Each branch copies the prompt", "Branches share the prompt"]
    conts = branches * continuation_tokens
    totals = [int(sharing.tokens_without_sharing), int(sharing.tokens_with_sharing)]
    prompts = [totals[0] - conts, totals[1] - conts]
    sizes = [float(sharing.kv_bytes_without_sharing), float(sharing.kv_bytes_with_sharing)]
    fig = go.Figure()
    for name, values, color in (("Prompt", prompts, ROLE["input"]),
                                (f"Continuations ({branches} branches)", [conts, conts], ROLE["hidden"])):
        fig.add_trace(go.Bar(
            y=rows, x=values, name=name, orientation="h", marker_color=color,
            text=[f"{v:,}" for v in values], textposition="inside",
            hovertemplate=f"<b>{name}</b><br>%{{y}}: %{{x:,}} tokens<extra></extra>",
        ))
    for row, total, size in zip(rows, totals, sizes, strict=True):
        fig.add_annotation(x=total, y=row, text=f" {total:,} tokens = {fmt_bytes(size)}", showarrow=False,
                           xanchor="left")
    fig.update_layout(barmode="stack", title_text=f"KV cache: {totals[0]:,} vs {totals[1]:,} tokens "
                      f"({fmt_bytes(float(sharing.saved_kv_bytes))} saved)")
    fig.update_xaxes(title_text=axis_title("Cached tokens", "tokens"), tickformat=",",
                     range=[0, 1.45 * max(totals[0], 1)])
    fig.update_yaxes(autorange="reversed")
    return style(fig, height=300)


def memory_bar(cap: CapacityResult, *, label: str) -> go.Figure:
    """One stacked bar of GPU memory (GB): weights, reserve, KV of the traces that fit, unused."""
    parts = cap.memory_breakdown_bytes
    total_gb = cap.total_memory_bytes / GB
    fig = go.Figure()
    for key, name, color in (("weights", "Weights", ROLE["weights"]),
                             ("reserve", "Reserve (activations, runtime)", OKABE_ITO["sky_blue"]),
                             ("kv_cache", "KV cache of the traces that fit", ROLE["kv"]),
                             ("unused", "Free (too small for another group)", ROLE["free"])):
        gb = max(float(parts[key]), 0.0) / GB
        fig.add_trace(go.Bar(
            y=[label], x=[gb], name=name, orientation="h", marker_color=color,
            text=[f"{gb:,.1f} GB"] if gb >= 0.06 * total_gb else [""], textposition="inside",
            hovertemplate=f"<b>{name}</b><br>%{{x:,.2f}} GB<extra></extra>",
        ))
    if not cap.weights_fit:
        add_limit_line(fig, total_gb, axis="x", label="GPU memory")
    fig.update_layout(barmode="stack", title_text=f"{int(cap.max_concurrent_traces):,} traces fit on "
                      f"{cap.gpus} × {cap.gpu_name} ({total_gb:,.0f} GB)")
    fig.update_xaxes(title_text=axis_title("GPU memory", "GB"), tickformat=",")
    return style(fig, height=260)


def capacity_curves(continuation_tokens: NDArray[np.int64], cap: CapacityResult, *, name: str) -> list[Curve]:
    """The live line of :func:`capacity_curve` as plain numbers (what a pin keeps)."""
    y = np.atleast_1d(cap.max_concurrent_traces)
    return [Curve(name, tuple(float(v) for v in continuation_tokens), tuple(float(v) for v in y))]


def capacity_curve(
    continuation_tokens: NDArray[np.int64],
    cap: CapacityResult,
    *,
    current_tokens: int,
    current_traces: int,
    name: str,
    ghosts: Sequence[Curve] = (),
) -> go.Figure:
    """Concurrent traces that fit vs reasoning tokens per branch, the current setting marked, and the
    lengths beyond the model's context window shaded."""
    x = np.asarray(continuation_tokens)
    y = np.atleast_1d(cap.max_concurrent_traces)
    fig = go.Figure()
    fig.add_trace(go.Scatter(
        x=x, y=y, name=name, mode="lines", line={"color": ROLE["kv"], "width": 4, "shape": "hv"},
        hovertemplate="<b>%{fullData.name}</b><br>reasoning: %{x:,} tokens per branch<br>"
        "%{y:,} traces fit<extra></extra>",
    ))
    add_ghosts(fig, ghosts)
    add_marker(fig, current_tokens, current_traces, name="Current setting", text=f"{current_traces:,}",
               hovertemplate="<b>Current setting</b><br>reasoning: %{x:,} tokens<br>%{y:,} traces"
               "<extra></extra>")
    fits = np.atleast_1d(cap.fits_context)
    if not fits.all():
        first = float(x[int(np.argmin(fits))])
        shade_region(fig, first, float(x[-1]), axis="x", label="longer than the model's context")
    fig.update_xaxes(title_text=CONTINUATION, tickformat=",")
    fig.update_yaxes(title_text=TRACES, tickformat=",", rangemode="tozero")
    return style(fig)


def capacity_table(continuation_tokens: NDArray[np.int64], cap: CapacityResult) -> pd.DataFrame:
    """The data behind :func:`capacity_curve` (for CSV download)."""
    return pd.DataFrame({
        "continuation_tokens": continuation_tokens,
        "max_concurrent_traces": np.atleast_1d(cap.max_concurrent_traces),
        "kv_bytes_per_trace": np.atleast_1d(cap.kv_bytes_per_trace),
        "fits_context": np.atleast_1d(cap.fits_context),
    })


def allocation_bars(comp: AllocationComparison) -> go.Figure:
    """Reserved KV memory (GiB) per allocator, split into slots holding tokens and empty slots."""
    rows = list(comp.allocators)
    fig = go.Figure()
    for name, values, color in (("Holding tokens", comp.used_bytes, ROLE["kv"]),
                                ("Reserved but empty", comp.waste_bytes, ROLE["bad_region"])):
        gib = np.asarray(values) / GiB
        fig.add_trace(go.Bar(
            y=rows, x=gib, name=name, orientation="h", marker_color=color,
            customdata=np.stack([comp.reserved_tokens, 100 * comp.waste_fraction], axis=1),
            hovertemplate=f"<b>{name}</b><br>%{{y}}: %{{x:,.3f}} GiB<br>reserved %{{customdata[0]:,}} "
            "tokens, %{customdata[1]:.1f}% empty<extra></extra>",
        ))
    for row, total, frac in zip(rows, comp.reserved_bytes, comp.waste_fraction, strict=True):
        fig.add_annotation(x=float(total) / GiB, y=row, text=f" {frac:.1%} empty", showarrow=False,
                           xanchor="left")
    fig.update_layout(barmode="stack", title_text="Reserved KV memory for one group of branches")
    fig.update_xaxes(title_text=axis_title("KV memory reserved", "GiB"),
                     range=[0, 1.3 * float(comp.reserved_bytes.max()) / GiB or 1])
    fig.update_yaxes(autorange="reversed")
    return style(fig, height=320)


def allocation_table(comp: AllocationComparison) -> pd.DataFrame:
    """The data behind :func:`allocation_bars` (for CSV download)."""
    return pd.DataFrame({
        "allocator": comp.allocators,
        "blocks": comp.blocks,
        "reserved_tokens": comp.reserved_tokens,
        "used_tokens": comp.used_tokens,
        "waste_tokens": comp.waste_tokens,
        "reserved_bytes": comp.reserved_bytes,
        "waste_fraction": comp.waste_fraction,
    })
