"""Figures for the sequential-revision page: verified score per round with the early-stop point, the
per-round gains against the minimum gain, and the diminishing-returns model curve."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from charts.theme import OKABE_ITO, ROLE, Curve, add_ghosts, add_limit_line, axis_title, shade_region, style
from sims.revision import RevisionCurve, RevisionResult

__all__ = ["gains_per_round", "round_status", "round_table", "score_curves", "scores_per_round"]

ROUND = axis_title("Round (1 = first draft)", "round")
SCORE = axis_title("Verified score", "0 to 1")
GAIN = axis_title("Gain over the previous round", "score points")
KEPT, DROPPED, NOT_RUN = "kept", "generated, then dropped", "never generated"
STATUS_STYLE = {
    KEPT: (ROLE["ok_region"], "circle", "Kept rounds"),
    DROPPED: (ROLE["bad_region"], "x", "Judged and dropped"),
    NOT_RUN: (OKABE_ITO["grey"], "circle-open", "Never generated"),
}


def round_status(result: RevisionResult) -> list[str]:
    """What happened to each listed round under the early-stop rule."""
    total = result.used_rounds + result.skipped_rounds
    return [KEPT if r <= result.used_rounds else DROPPED if r <= result.evaluated_rounds else NOT_RUN
            for r in range(1, total + 1)]


def score_curves(scores: Sequence[float], curve: RevisionCurve | None) -> list[Curve]:
    """The live lines of ``scores_per_round`` as plain numbers (what a pin keeps)."""
    out = [Curve("Verified scores", tuple(float(r) for r in range(1, len(scores) + 1)),
                 tuple(float(s) for s in scores))]
    if curve is not None:
        out.append(Curve("Model", tuple(float(r) for r in curve.rounds),
                         tuple(float(s) for s in curve.expected_scores)))
    return out


def scores_per_round(
    scores: Sequence[float],
    result: RevisionResult,
    *,
    curve: RevisionCurve | None = None,
    show_ceiling: bool = False,
    ghosts: Sequence[Curve] = (),
) -> go.Figure:
    """Verified score per round, coloured by what the early-stop rule did, with the model curve."""
    rounds = np.arange(1, len(scores) + 1)
    status = round_status(result)
    fig = go.Figure()
    fig.add_trace(go.Scatter(
        x=rounds, y=list(scores), name="Verified scores", mode="lines",
        line={"color": OKABE_ITO["grey"], "width": 2},
        hoverinfo="skip",
    ))
    for key, (color, symbol, name) in STATUS_STYLE.items():
        idx = [i for i, s in enumerate(status) if s == key]
        if not idx:
            continue
        fig.add_trace(go.Scatter(
            x=rounds[idx].tolist(), y=[scores[i] for i in idx], name=name, mode="markers",
            marker={"color": color, "size": 16, "symbol": symbol, "line": {"width": 3, "color": color}},
            hovertemplate=f"<b>{name}</b><br>round %{{x}}<br>score: %{{y:.3f}}<extra></extra>",
        ))
    if curve is not None:
        fig.add_trace(go.Scatter(
            x=curve.rounds, y=curve.expected_scores, name="Model: expected score", mode="lines+markers",
            line={"color": ROLE["selector"], "width": 3, "dash": "dash"}, marker={"size": 7},
            hovertemplate="<b>Model</b><br>round %{x}<br>expected score: %{y:.3f}<extra></extra>",
        ))
        if show_ceiling:
            add_limit_line(fig, curve.ceiling, label=f"model ceiling {curve.ceiling:.3f}",
                           color=ROLE["selector"], dash="dot")
    add_ghosts(fig, ghosts)
    top = max(len(scores), 1 if curve is None else int(curve.rounds[-1]))
    if result.used_rounds < len(scores):
        stop = result.used_rounds + 0.5
        add_limit_line(fig, stop, axis="x", label=f"stop after round {result.used_rounds} (grey: skipped)",
                       color=ROLE["chosen"])
        shade_region(fig, stop, len(scores) + 0.5, axis="x", color=OKABE_ITO["grey"])
    fig.update_layout(
        title_text=f"Kept {result.used_rounds} of {len(scores)} rounds: score {result.selected_score:.3f}",
        xaxis={"title": {"text": ROUND}, "dtick": 1, "range": [0.5, top + 0.5]},
        yaxis={"title": {"text": SCORE}, "tickformat": ".2f"},
    )
    return style(fig, height=440)


def gains_per_round(result: RevisionResult, *, minimum_gain: float) -> go.Figure:
    """Bars of each round's gain against the minimum-gain line: the first bar under it stops the loop."""
    gains = list(result.gains)
    rounds = list(range(2, len(gains) + 2))
    status = round_status(result)[1:]
    color = {KEPT: ROLE["ok_region"], DROPPED: ROLE["bad_region"], NOT_RUN: OKABE_ITO["grey"]}
    fig = go.Figure(go.Bar(
        x=rounds, y=gains, name="Gain per round", marker_color=[color[s] for s in status],
        text=[f"{g:+.3f}" for g in gains], textposition="outside", customdata=status,
        hovertemplate="<b>Round %{x}</b><br>gain: %{y:+.3f}<br>%{customdata}<extra></extra>",
    ))
    add_limit_line(fig, minimum_gain, label=f"minimum gain {minimum_gain:.3f}")
    fig.layout.annotations[-1].update(x=1, xanchor="right")  # keep the label clear of the tall first bar
    fig.update_layout(
        title_text="Each round's gain against the minimum gain",
        xaxis={"title": {"text": ROUND}, "dtick": 1},
        yaxis={"title": {"text": GAIN}, "tickformat": ".2f"},
        showlegend=False,
    )
    return style(fig, height=340)


def round_table(scores: Sequence[float], result: RevisionResult) -> pd.DataFrame:
    """One row per listed round: score, gain and what the rule did (for CSV download)."""
    return pd.DataFrame({
        "round": range(1, len(scores) + 1),
        "verified_score": list(scores),
        "gain": [float("nan"), *result.gains],
        "status": round_status(result),
    })
