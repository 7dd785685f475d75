"""Figures for the best-of-N page: success vs N (log axis) for every selection model with the tokens
on a second axis and an optional Monte Carlo band, the article's table, and pass@k estimators."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from numpy.typing import NDArray

from charts.theme import OKABE_ITO, ROLE, Curve, add_ghosts, add_marker, axis_title, style
from sims.best_of_n import BestOfNSweep, MonteCarloResult

__all__ = [
    "CURVES",
    "VIEWS",
    "article_table",
    "pass_at_k_curve",
    "pass_at_k_table",
    "point",
    "success_vs_n",
    "sweep_curves",
    "sweep_table",
]

N_AXIS = axis_title("Samples per problem N", "samples, log scale")
SUCCESS = axis_title("Chance the returned answer is right", "%")
TOKENS = axis_title("Tokens generated per problem", "tokens")
K_AXIS = axis_title("Budget k", "samples")
PASS = axis_title("Estimated pass@k", "%")


@dataclass(frozen=True)
class CurveStyle:
    field: str  # attribute of BestOfNSweep
    name: str  # trace name (legend)
    color: str
    dash: str
    meaning: str  # one line for hover and the legend help


# Green = coverage (is any sample right?), blue = a selector picks one, orange = a vote picks one.
CURVES: dict[str, CurveStyle] = {
    "oracle": CurveStyle("oracle", "Oracle", ROLE["oracle"], "solid",
                         "a perfect verifier: right if any sample is right"),
    "correlated": CurveStyle("correlated", "Correlated samples", ROLE["oracle"], "dash",
                             "oracle, but samples of one problem share mistakes"),
    "difficulty_spread": CurveStyle("difficulty_spread", "Spread of difficulty", OKABE_ITO["vermillion"],
                                    "dot", "oracle over a mix of easy and hard problems"),
    "selector": CurveStyle("selector", "Selector", ROLE["selector"], "solid",
                           "the article's selector: oracle success × recall"),
    "reward_model": CurveStyle("reward_model", "Reward model", OKABE_ITO["reddish_purple"], "dashdot",
                               "a verifier that also flags some wrong answers"),
    "majority": CurveStyle("majority", "Majority vote", ROLE["majority"], "solid",
                           "no verifier: the most common answer wins"),
}

VIEWS: dict[str, tuple[str, ...]] = {
    "oracle": ("oracle",),
    "selectors": ("oracle", "selector", "reward_model", "majority"),
    "realistic": ("oracle", "correlated", "difficulty_spread", "selector"),
    "all": tuple(CURVES),
}


def point(sweep: BestOfNSweep, n: int) -> dict[str, float]:
    """Every curve's value at one N of the sweep (N must be on its grid)."""
    hits = np.flatnonzero(sweep.n == n)
    if hits.size == 0:
        raise ValueError(f"n must be one of the sweep's sample counts (got {n})")
    i = int(hits[0])
    out = {key: float(getattr(sweep, c.field)[i]) for key, c in CURVES.items()}
    out["output_tokens"] = float(sweep.output_tokens[i])
    out["cost_usd"] = float(sweep.cost_usd[i])
    return out


def sweep_curves(sweep: BestOfNSweep, view: str = "all") -> list[Curve]:
    """The live success curves of ``success_vs_n`` as plain numbers in % (what a pin keeps)."""
    x = tuple(float(v) for v in sweep.n)
    return [Curve(CURVES[k].name, x, tuple(float(100 * v) for v in getattr(sweep, CURVES[k].field)))
            for k in VIEWS[view]]


def _band(fig: go.Figure, mc: MonteCarloResult) -> None:
    low = np.clip(mc.success_rate - 2 * mc.stderr, 0, 1) * 100
    high = np.clip(mc.success_rate + 2 * mc.stderr, 0, 1) * 100
    x = mc.n.astype(float)
    fig.add_trace(go.Scatter(
        x=np.concatenate([x, x[::-1]]), y=np.concatenate([high, low[::-1]]), name="Monte Carlo ±2 SE",
        fill="toself", mode="lines", line={"width": 0}, fillcolor="rgba(86,180,233,0.30)",
        hoverinfo="skip", legendgroup="mc",
    ))
    fig.add_trace(go.Scatter(
        x=x, y=100 * mc.success_rate, name=f"Monte Carlo ({mc.trials:,} problems)", mode="markers",
        marker={"color": ROLE["monte_carlo"], "size": 10, "symbol": "circle",
                "line": {"width": 1.5, "color": "#0072B2"}},
        customdata=np.stack([200 * mc.stderr], axis=1), legendgroup="mc",
        hovertemplate="<b>Monte Carlo</b><br>N = %{x:,}<br>success: %{y:.1f}% ± %{customdata[0]:.1f}"
        "<extra></extra>",
    ))


def success_vs_n(
    sweep: BestOfNSweep,
    *,
    n_marked: int,
    view: str = "all",
    mc: MonteCarloResult | None = None,
    ghosts: Sequence[Curve] = (),
    show_tokens: bool = True,
) -> go.Figure:
    """Success probability against N on a log axis for the curves of ``view``, tokens on a second axis.

    Marks every shown curve at ``n_marked``; ``mc`` adds simulated points with a ±2 SE band.
    """
    x = sweep.n
    fig = go.Figure()
    if show_tokens:
        fig.add_trace(go.Scatter(
            x=x, y=sweep.output_tokens, name="Tokens (right axis)", mode="lines", yaxis="y2",
            line={"color": OKABE_ITO["grey"], "width": 2, "dash": "longdash"},
            customdata=np.stack([sweep.cost_usd], axis=1),
            hovertemplate="<b>Tokens generated</b><br>N = %{x:,}<br>%{y:,} tokens<br>"
            "cost: $%{customdata[0]:.4f}<extra></extra>",
        ))
        fig.update_layout(yaxis2={"title": {"text": TOKENS}, "overlaying": "y", "side": "right",
                                  "rangemode": "tozero", "tickformat": ",.0f", "nticks": 6, "showgrid": False,
                                  "zeroline": False})
    for key in VIEWS[view]:
        c = CURVES[key]
        fig.add_trace(go.Scatter(
            x=x, y=100 * getattr(sweep, c.field), name=c.name, mode="lines",
            line={"color": c.color, "width": 4 if key in ("oracle", "selector") else 3, "dash": c.dash},
            hovertemplate=f"<b>{c.name}</b> ({c.meaning})<br>N = %{{x:,}}<br>success: %{{y:.1f}}%"
            "<extra></extra>",
        ))
    if mc is not None:
        _band(fig, mc)
    add_ghosts(fig, ghosts)
    at = point(sweep, n_marked)
    shown = [CURVES[k] for k in VIEWS[view]]
    fig.add_trace(go.Scatter(
        x=[n_marked] * len(shown), y=[100 * at[k] for k in VIEWS[view]], name=f"At N = {n_marked:,}",
        mode="markers", text=[c.name for c in shown],
        marker={"size": 13, "color": [c.color for c in shown], "symbol": "diamond",
                "line": {"width": 2, "color": "#ffffff"}},
        hovertemplate="<b>%{text}</b> at N = %{x:,}<br>%{y:.1f}%<extra></extra>",
    ))
    fig.update_layout(
        xaxis={"title": {"text": N_AXIS}, "type": "log", "tickvals": [1, 4, 16, 64, 256, 1024],
               "ticktext": ["1", "4", "16", "64", "256", "1,024"]},
        yaxis={"title": {"text": SUCCESS}, "range": [0, 103], "ticksuffix": "%"},
    )
    return style(fig, height=480)


def sweep_table(sweep: BestOfNSweep, mc: MonteCarloResult | None = None) -> pd.DataFrame:
    """The data behind ``success_vs_n`` (for CSV download), one row per N."""
    df = pd.DataFrame({"n_samples": sweep.n})
    for key, c in CURVES.items():
        df[f"{key}_success"] = getattr(sweep, c.field)
    df["output_tokens"] = sweep.output_tokens
    df["cost_usd"] = sweep.cost_usd
    if mc is not None:
        sim = pd.DataFrame({"n_samples": mc.n, f"monte_carlo_{mc.selector}_success": mc.success_rate,
                            "monte_carlo_stderr": mc.stderr})
        df = df.merge(sim, on="n_samples", how="left")
    return df


def article_table(sweep: BestOfNSweep, n_values: Sequence[int] = (1, 4, 16, 64)) -> pd.DataFrame:
    """The article's table at its N values: oracle and selector success, tokens and cost (formatted)."""
    rows = [point(sweep, n) for n in n_values]
    return pd.DataFrame({
        "N": [f"{n:,}" for n in n_values],
        "Oracle": [f"{r['oracle']:.1%}" for r in rows],
        "Selector": [f"{r['selector']:.1%}" for r in rows],
        "Majority vote": [f"{r['majority']:.1%}" for r in rows],
        "Tokens": [f"{r['output_tokens']:,.0f}" for r in rows],
        "Cost": [f"${r['cost_usd']:.4f}" for r in rows],
    })


def pass_at_k_curve(
    k: NDArray[np.int64],
    unbiased: NDArray[np.float64],
    naive: NDArray[np.float64],
    *,
    n: int,
    c: int,
    k_marked: int | None = None,
    ghosts: Sequence[Curve] = (),
) -> go.Figure:
    """Unbiased pass@k vs the naive plug-in 1 - (1 - c/n)^k over k = 1..n, for n samples with c correct."""
    fig = go.Figure()
    for name, y, color, dash in (("Unbiased estimator", unbiased, ROLE["selector"], "solid"),
                                 ("Naive plug-in 1-(1-c/n)^k", naive, ROLE["majority"], "dash")):
        fig.add_trace(go.Scatter(
            x=k, y=100 * y, name=name, mode="lines+markers" if len(k) <= 40 else "lines",
            line={"color": color, "width": 4, "dash": dash}, marker={"size": 7},
            hovertemplate=f"<b>{name}</b><br>k = %{{x:,}}<br>pass@k: %{{y:.2f}}%<extra></extra>",
        ))
    add_ghosts(fig, ghosts)
    if k_marked is not None:
        i = int(np.flatnonzero(k == k_marked)[0])
        add_marker(fig, k_marked, 100 * float(unbiased[i]), name=f"k = {k_marked}",
                   text=f"{unbiased[i]:.1%} vs {naive[i]:.1%}",
                   hovertemplate="<b>%{fullData.name}</b><br>unbiased: %{y:.2f}%<extra></extra>")
    fig.update_layout(
        title_text=f"pass@k from n = {n:,} samples with c = {c:,} correct",
        xaxis={"title": {"text": K_AXIS}},
        yaxis={"title": {"text": PASS}, "range": [0, 105], "ticksuffix": "%"},
    )
    return style(fig, height=400)


def pass_at_k_table(k: NDArray[np.int64], unbiased: NDArray[np.float64], naive: NDArray[np.float64],
                    ) -> pd.DataFrame:
    """The data behind ``pass_at_k_curve`` (for CSV download)."""
    return pd.DataFrame({"k": k, "pass_at_k_unbiased": unbiased, "pass_at_k_naive": naive})
