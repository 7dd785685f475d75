"""Figures for the hidden-reasoning-tokens page: tokens seen vs billed, cost vs reasoning budget,
one request priced by several price rows."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from charts.theme import ROLE, Curve, add_ghosts, add_limit_line, add_marker, axis_title, shade_region, style
from sims.tokens import PriceComparison, TokenBill, TokenSweep

__all__ = ["cost_sweep", "price_comparison", "sweep_curves", "sweep_table", "tokens_seen_vs_billed"]

COST = axis_title("Cost per request", "USD")
REASONING = axis_title("Hidden reasoning tokens", "tokens")
SHARE = axis_title("Share of the bill the user never sees", "%")


def tokens_seen_vs_billed(bill: TokenBill) -> go.Figure:
    """Two stacked bars: the tokens the user reads vs the output tokens on the bill."""
    rows = ["Billed as output", "Seen by the user"]
    fig = go.Figure()
    fig.add_trace(go.Bar(
        y=rows, x=[bill.visible_tokens, bill.visible_tokens], name="Visible answer", orientation="h",
        marker_color=ROLE["visible"], text=[f"{bill.visible_tokens:,}"] * 2, textposition="inside",
        hovertemplate="<b>Visible answer</b><br>%{y}: %{x:,} tokens<extra></extra>",
    ))
    fig.add_trace(go.Bar(
        y=rows, x=[bill.reasoning_tokens, 0], name="Hidden reasoning", orientation="h",
        marker_color=ROLE["hidden"], text=[f"{bill.reasoning_tokens:,}", ""], textposition="inside",
        hovertemplate="<b>Hidden reasoning</b><br>%{y}: %{x:,} tokens<extra></extra>",
    ))
    fig.update_layout(barmode="stack", legend_traceorder="normal",
                      title_text=f"{bill.billed_output_tokens:,} output tokens billed, "
                      f"{bill.visible_tokens:,} seen")
    fig.update_xaxes(title_text=axis_title("Output tokens", "tokens"), tickformat=",")
    return style(fig, height=300)


def sweep_curves(sweep: TokenSweep) -> list[Curve]:
    """The live curve of ``cost_sweep`` as plain numbers (what a pin keeps)."""
    x = tuple(sweep.reasoning_tokens.tolist())
    return [Curve("Billed cost", x, tuple(sweep.total_cost_usd.tolist()))]


def cost_sweep(
    sweep: TokenSweep,
    bill: TokenBill,
    *,
    ghosts: Sequence[Curve] = (),
    show_share: bool = True,
) -> go.Figure:
    """Cost per request against the hidden reasoning budget, with the visible-only estimate, the
    current setting, the context-window limit and (once revealed) the hidden share on a second axis."""
    x = sweep.reasoning_tokens
    fig = go.Figure()
    fig.add_trace(go.Scatter(
        x=x, y=sweep.total_cost_usd, name="Billed cost", mode="lines",
        line={"color": ROLE["cost"], "width": 4},
        hovertemplate="<b>Billed cost</b><br>reasoning: %{x:,} tokens<br>cost: $%{y:.4f}<extra></extra>",
    ))
    fig.add_trace(go.Scatter(
        x=[x[0], x[-1]], y=[sweep.visible_only_estimate_usd] * 2, name="Estimate from visible text only",
        mode="lines", line={"color": ROLE["visible"], "width": 3, "dash": "dash"},
        hovertemplate="<b>Visible-only estimate</b><br>cost: $%{y:.4f}<extra></extra>",
    ))
    if show_share:
        fig.add_trace(go.Scatter(
            x=x, y=100 * sweep.hidden_share_of_bill, name="Share never seen (right axis)", mode="lines",
            yaxis="y2", line={"color": ROLE["hidden"], "width": 3, "dash": "dot"},
            hovertemplate="<b>Share never seen</b><br>reasoning: %{x:,} tokens<br>%{y:.1f}%<extra></extra>",
        ))
        fig.update_layout(yaxis2={"title": {"text": SHARE}, "overlaying": "y", "side": "right",
                                  "range": [0, 100], "tickvals": [0, 25, 50, 75, 100], "ticksuffix": "%",
                                  "showgrid": False, "zeroline": False})
    add_ghosts(fig, ghosts)
    add_marker(fig, bill.reasoning_tokens, bill.total_cost_usd, name="This request",
               text=f"${bill.total_cost_usd:.4f}",
               hovertemplate="<b>This request</b><br>reasoning: %{x:,} tokens<br>"
               "cost: $%{y:.4f}<extra></extra>")
    limit = sweep.max_reasoning_in_context
    if limit < x[-1]:
        add_limit_line(fig, limit, axis="x", label="context window full")
        shade_region(fig, limit, float(x[-1]), axis="x", label="does not fit")
    fig.update_layout(
        title_text="Cost per request vs hidden reasoning budget",
        xaxis={"title": {"text": REASONING}, "tickformat": ","},
        yaxis={"title": {"text": COST}, "tickformat": "$.3f", "rangemode": "tozero"},
    )
    return style(fig)


def sweep_table(sweep: TokenSweep) -> pd.DataFrame:
    """The data behind ``cost_sweep`` (for CSV download)."""
    return pd.DataFrame({
        "reasoning_tokens": sweep.reasoning_tokens,
        "billed_output_tokens": sweep.billed_output_tokens,
        "total_cost_usd": sweep.total_cost_usd,
        "visible_only_estimate_usd": sweep.visible_only_estimate_usd,
        "hidden_share_of_bill": sweep.hidden_share_of_bill,
        "context_fraction": sweep.context_fraction,
    })


def price_comparison(comparison: PriceComparison) -> go.Figure:
    """One request priced by every row of the price table, split into input, visible and hidden cost."""
    names = list(comparison.names)
    fig = go.Figure()
    parts = (("Input", comparison.input_cost_usd, ROLE["input"]),
             ("Visible answer", comparison.visible_cost_usd, ROLE["visible"]),
             ("Hidden reasoning", comparison.reasoning_cost_usd, ROLE["hidden"]))
    for label, values, color in parts:
        fig.add_trace(go.Bar(
            y=names, x=values, name=label, orientation="h", marker_color=color,
            hovertemplate=f"<b>{label}</b><br>%{{y}}: $%{{x:.4f}}<extra></extra>",
        ))
    fig.update_layout(barmode="stack", legend_traceorder="normal",
                      title_text="The same request under each price row")
    fig.update_xaxes(title_text=COST, tickformat="$.4f")
    fig.update_yaxes(autorange="reversed")
    return style(fig, height=max(260, 90 + 60 * len(names)))
