"""Figures for the TTFT page: time to first token vs thinking budget against the SLO, with the
inverted-U accuracy model on a second axis and the largest budget that fits marked."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from charts.theme import ROLE, Curve, add_ghosts, add_limit_line, add_marker, axis_title, shade_region, style
from sims.latency import BudgetTradeoff, TtftResult

__all__ = ["article_table", "tradeoff_curves", "tradeoff_table", "ttft_vs_budget"]

BUDGET = axis_title("Thinking budget", "tokens")
TTFT = axis_title("Time to first token", "ms")
ACCURACY = axis_title("Accuracy, inverted-U model", "%")


def tradeoff_curves(trade: BudgetTradeoff) -> list[Curve]:
    """The live TTFT and accuracy lines as plain numbers (what a pin keeps)."""
    x = tuple(float(v) for v in trade.budgets_tokens)
    return [Curve("TTFT", x, tuple(float(v) for v in trade.ttft_ms)),
            Curve("Accuracy", x, tuple(float(100 * v) for v in trade.accuracy), yaxis="y2")]


def ttft_vs_budget(
    trade: BudgetTradeoff,
    article: TtftResult,
    *,
    measured: Sequence[tuple[int, float]] = (),
    ghosts: Sequence[Curve] = (),
) -> go.Figure:
    """TTFT (left axis) and modelled accuracy (right axis) against the thinking budget.

    Shows the SLO line, the budgets over it shaded, the article's budgets as fits / rejected points,
    the largest budget that fits, the most accurate budget within the SLO, and the measured points
    the accuracy model was fitted to; the model is dotted outside their range.
    """
    x = trade.budgets_tokens
    acc = 100 * trade.accuracy
    fig = go.Figure()
    fig.add_trace(go.Scatter(
        x=x, y=trade.ttft_ms, name="TTFT", mode="lines", line={"color": ROLE["latency"], "width": 4},
        hovertemplate="<b>TTFT</b><br>budget: %{x:,} tokens<br>TTFT: %{y:,.0f} ms<extra></extra>",
    ))
    lo, hi = (min(b for b, _ in measured), max(b for b, _ in measured)) if measured else (x[0], x[-1])
    shown = [(b, a) for b, a in measured if b <= x[-1]]  # measured points on the visible budget range
    inside = (x >= lo) & (x <= hi)
    for name, mask, dash in (("Accuracy (model)", inside, "solid"),
                             ("Accuracy (extrapolated)", ~inside, "dot")):
        fig.add_trace(go.Scatter(
            x=x, y=np.where(mask, acc, np.nan), name=name, mode="lines", yaxis="y2", connectgaps=False,
            line={"color": ROLE["accuracy"], "width": 3, "dash": dash},
            hovertemplate=f"<b>{name}</b><br>budget: %{{x:,}} tokens<br>accuracy: %{{y:.1f}}%<extra></extra>",
        ))
    if shown:
        fig.add_trace(go.Scatter(
            x=[b for b, _ in shown], y=[100 * a for _, a in shown], name="Measured (Ghosal et al.)",
            mode="markers", yaxis="y2",
            marker={"color": ROLE["accuracy"], "size": 11, "symbol": "circle-open", "line": {"width": 3}},
            hovertemplate="<b>Measured</b><br>%{x:,} tokens: %{y:.1f}%<extra></extra>",
        ))
    for name, mask, color, symbol in (("Article budget: fits", article.fits, ROLE["ok_region"], "circle"),
                                      ("Article budget: rejected", ~article.fits, ROLE["bad_region"], "x")):
        fig.add_trace(go.Scatter(
            x=article.budgets_tokens[mask].tolist(), y=article.ttft_ms[mask].tolist(), name=name,
            mode="markers",
            marker={"color": color, "size": 13, "symbol": symbol},
            hovertemplate=f"<b>{name}</b><br>budget: %{{x:,}} tokens<br>TTFT: %{{y:,.0f}} ms<extra></extra>",
        ))
    add_ghosts(fig, ghosts)
    add_limit_line(fig, trade.slo_ms, label=f"SLO {trade.slo_ms:,.0f} ms")
    largest = trade.largest_fitting_budget_tokens
    top = float(x[-1])
    if largest is None:
        shade_region(fig, 0, top, axis="x", label="even 0 tokens misses the SLO")
    elif largest < top:
        shade_region(fig, largest, top, axis="x")
        add_limit_line(fig, largest, axis="x", label=f"largest that fits: {largest:,}", color=ROLE["chosen"],
                       dash="dot")
    best = trade.best
    if best.chosen_budget_tokens is not None and best.accuracy is not None:
        add_marker(fig, best.chosen_budget_tokens, 100 * best.accuracy, name="Most accurate within the SLO",
                   yaxis="y2", text=f"{best.chosen_budget_tokens:,}",
                   hovertemplate="<b>Most accurate within the SLO</b><br>%{x:,} tokens: %{y:.1f}%"
                   "<extra></extra>")
    fig.update_layout(yaxis2={"title": {"text": ACCURACY}, "overlaying": "y", "side": "right",
                              "range": [0, 100], "showgrid": False, "tickmode": "linear", "tick0": 0,
                              "dtick": 20})
    fig.update_xaxes(title_text=BUDGET, tickformat=",", range=[0, top])
    fig.update_layout(yaxis={"title": {"text": TTFT}, "tickformat": ",", "rangemode": "tozero"})
    return style(fig)


def tradeoff_table(trade: BudgetTradeoff) -> pd.DataFrame:
    """The data behind :func:`ttft_vs_budget` (for CSV download)."""
    return pd.DataFrame({"budget_tokens": trade.budgets_tokens, "ttft_ms": trade.ttft_ms,
                         "fits_slo": trade.fits, "accuracy_model": trade.accuracy})


def article_table(article: TtftResult) -> pd.DataFrame:
    """The article's budgets with their TTFT and verdict, as printed by its script."""
    return pd.DataFrame({
        "Budget (tokens)": [f"{int(b):,}" for b in article.budgets_tokens],
        "TTFT (ms)": [f"{t:,.0f}" for t in article.ttft_ms],
        "Verdict": ["fits" if f else "reject" for f in article.fits],
    })
