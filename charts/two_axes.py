"""Figures for the two-axes page: train-time loss as a power law of compute, the article's measured
thinking budgets against a latency limit, and the inverted U calibrated to Ghosal et al."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from numpy.typing import NDArray

from charts.theme import OKABE_ITO, ROLE, Curve, add_ghosts, add_limit_line, add_marker, axis_title, style
from sims.latency import BudgetChoice

__all__ = ["budget_sweet_spot", "budget_table", "ghosal_curve", "loss_curves",
           "train_power_law"]

COMPUTE = axis_title("Training compute C = 6ND", "FLOPs, log scale")
LOSS = axis_title("Predicted loss", "nats per token, log scale")
BUDGET = axis_title("Thinking budget", "tokens")
BUDGET_LOG = axis_title("Thinking tokens", "tokens, log scale")
ACCURACY = axis_title("Verified accuracy", "%")
LATENCY = axis_title("Latency", "ms")


def loss_curves(flops: NDArray[np.float64], loss: NDArray[np.float64]) -> list[Curve]:
    """The live loss line as plain numbers (what a pin keeps)."""
    return [Curve("Power-law loss", tuple(map(float, flops)), tuple(map(float, loss)))]


def train_power_law(
    flops: NDArray[np.float64],
    loss: NDArray[np.float64],
    *,
    measured_flops: tuple[float, float],
    model_flops: float,
    model_loss: float,
    model_label: str,
    ghosts: Sequence[Curve] = (),
) -> go.Figure:
    """Loss against training compute on log-log axes: a straight line, solid where it was measured."""
    lo, hi = measured_flops
    inside = (flops >= lo) & (flops <= hi)
    fig = go.Figure()
    for name, mask, dash in (("Power law (measured range)", inside, "solid"),
                             ("Power law (extrapolated)", ~inside, "dot")):
        fig.add_trace(go.Scatter(
            x=flops, y=np.where(mask, loss, np.nan), name=name, mode="lines", connectgaps=False,
            line={"color": ROLE["accuracy"], "width": 4, "dash": dash},
            hovertemplate=f"<b>{name}</b><br>C = %{{x:.2e}} FLOPs<br>loss: %{{y:.3f}} nats/token"
            "<extra></extra>",
        ))
    add_ghosts(fig, ghosts)
    add_marker(fig, model_flops, model_loss, name=model_label, text=f"{model_loss:.3f}",
               hovertemplate="<b>%{fullData.name}</b><br>C = %{x:.2e} FLOPs<br>loss: %{y:.3f}<extra></extra>")
    fig.update_layout(
        title_text="Train-time axis: loss falls as a power law of compute",
        xaxis={"title": {"text": COMPUTE}, "type": "log", "exponentformat": "power"},
        yaxis={"title": {"text": LOSS}, "type": "log", "tickformat": ".2f"},
    )
    return style(fig, height=420)


def budget_sweet_spot(
    budgets: Sequence[int],
    accuracy: Sequence[float],
    latency_ms: Sequence[float],
    choice: BudgetChoice,
    *,
    latency_limit_ms: float,
    ghosts: Sequence[Curve] = (),
) -> go.Figure:
    """Measured budgets: latency bars against the limit (left axis), accuracy on the right, choice marked."""
    x = list(range(len(budgets)))
    labels = [f"{b:,}" for b in budgets]
    eligible = list(choice.eligible)
    fig = go.Figure()
    fig.add_trace(go.Bar(
        x=x, y=list(latency_ms), name="Latency (left axis)",
        marker_color=[ROLE["ok_region"] if ok else ROLE["bad_region"] for ok in eligible], opacity=0.55,
        customdata=[["within the limit" if ok else "over the limit"] for ok in eligible],
        hovertemplate="<b>Latency</b><br>budget %{text} tokens<br>%{y:,} ms, %{customdata[0]}<extra></extra>",
        text=labels, textposition="none",
    ))
    fig.add_trace(go.Scatter(
        x=x, y=[100 * a for a in accuracy], name="Accuracy (right axis)", mode="lines+markers", yaxis="y2",
        line={"color": ROLE["accuracy"], "width": 4}, marker={"size": 12}, text=labels,
        hovertemplate="<b>Accuracy</b><br>budget %{text} tokens<br>%{y:.0f}%<extra></extra>",
    ))
    add_ghosts(fig, ghosts)
    add_limit_line(fig, latency_limit_ms, label=f"latency limit {latency_limit_ms:,.0f} ms")
    if choice.chosen_budget_tokens is not None and choice.accuracy is not None:
        i = list(budgets).index(choice.chosen_budget_tokens)
        add_marker(fig, i, 100 * choice.accuracy, name=f"Chosen: {choice.chosen_budget_tokens:,} tokens",
                   text=f"chosen {choice.chosen_budget_tokens:,}: {choice.accuracy:.0%}", yaxis="y2",
                   hovertemplate="<b>%{fullData.name}</b><br>accuracy %{y:.0f}%<extra></extra>")
    top = max(max(latency_ms), latency_limit_ms) * 1.15
    fig.update_layout(
        title_text="Test-time axis: the best measured budget within the latency limit",
        xaxis={"title": {"text": BUDGET}, "tickvals": x, "ticktext": labels},
        yaxis={"title": {"text": LATENCY}, "range": [0, top], "tickformat": ","},
        yaxis2={"title": {"text": ACCURACY}, "overlaying": "y", "side": "right", "range": [50, 100],
                "tickvals": [50, 60, 70, 80, 90, 100], "ticksuffix": "%", "showgrid": False,
                "zeroline": False},
    )
    return style(fig, height=440)


def budget_table(budgets: Sequence[int], accuracy: Sequence[float], latency_ms: Sequence[float],
                 choice: BudgetChoice) -> pd.DataFrame:
    """The measured budgets with their eligibility and the choice (for the table and CSV)."""
    return pd.DataFrame({
        "budget_tokens": list(budgets),
        "accuracy": list(accuracy),
        "latency_ms": list(latency_ms),
        "within_limit": list(choice.eligible),
        "chosen": [b == choice.chosen_budget_tokens for b in budgets],
    })


def ghosal_curve(
    budgets: NDArray[np.float64],
    accuracy: NDArray[np.float64],
    points: Sequence[tuple[int, float]],
    *,
    peak_budget_tokens: float,
    peak_accuracy: float,
    reveal: bool,
) -> go.Figure:
    """The inverted U fitted through Ghosal et al.'s points. Until ``reveal``, only up to the second point."""
    shown_to = points[-1][0] if reveal else points[1][0]
    mask = budgets <= shown_to
    fig = go.Figure()
    fig.add_trace(go.Scatter(
        x=budgets[mask], y=100 * accuracy[mask], name="Fitted inverted U", mode="lines",
        line={"color": ROLE["accuracy"], "width": 4},
        hovertemplate="<b>Fitted inverted U</b><br>%{x:,.0f} tokens<br>%{y:.1f}%<extra></extra>",
    ))
    shown = [pt for pt in points if pt[0] <= shown_to]
    fig.add_trace(go.Scatter(
        x=[b for b, _ in shown], y=[100 * a for _, a in shown], name="Measured (Ghosal et al. 2025)",
        mode="markers+text", text=[f"{100 * a:.1f}%" for _, a in shown], textposition="bottom center",
        marker={"color": ROLE["accuracy"], "size": 14, "symbol": "circle-open", "line": {"width": 4}},
        hovertemplate="<b>Measured</b><br>%{x:,} tokens: %{y:.1f}%<extra></extra>",
    ))
    if reveal:
        add_marker(fig, peak_budget_tokens, 100 * peak_accuracy, name="Peak of the fit",
                   text=f"peak ≈ {peak_budget_tokens:,.0f} tokens", color=OKABE_ITO["vermillion"],
                   hovertemplate="<b>Peak of the fit</b><br>%{x:,.0f} tokens: %{y:.1f}%<extra></extra>")
    else:
        fig.add_annotation(x=np.log10(points[-1][0]), y=80, showarrow=False, xanchor="right",
                           text="?  Predict first: what happens with<br>15× more thinking?",
                           font={"size": 18, "color": OKABE_ITO["grey"]})
    fig.update_layout(
        title_text="GSM-8K, R1-Distill-Qwen-1.5B: accuracy vs thinking tokens",
        xaxis={"title": {"text": BUDGET_LOG}, "type": "log",
               "range": [np.log10(budgets[0]), np.log10(budgets[-1])]},
        yaxis={"title": {"text": ACCURACY}, "range": [60, 95], "ticksuffix": "%"},
    )
    return style(fig, height=400)
