"""Figures for the mastery check: mastery per rubric view."""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from charts.theme import OKABE_ITO, ROLE, axis_title, style
from quiz.attempts import ViewMastery

__all__ = ["MASTERED", "mastery_chart"]

MASTERED = 0.8  # a view counts as mastered from 80% mean credit on the items answered


def _colour(mastery: float | None) -> str:
    if mastery is None:
        return ROLE.get("weights", OKABE_ITO["grey"])
    if mastery >= MASTERED:
        return OKABE_ITO["bluish_green"]
    return OKABE_ITO["orange"] if mastery >= 0.5 else OKABE_ITO["vermillion"]


def mastery_chart(rows: Sequence[ViewMastery]) -> go.Figure:
    """Horizontal bars: mean credit per view in %, a grey stub for views not tried yet, a line at 80%.

    ``rows`` come from :func:`quiz.mastery_by_view` (one per view, first row drawn at the top).
    """
    order = list(reversed(rows))  # plotly draws the first category at the bottom
    values = [None if r.mastery is None else 100 * r.mastery for r in order]
    fig = go.Figure(
        go.Bar(
            x=[0.0 if value is None else value for value in values],
            y=[r.label for r in order],
            orientation="h",
            name="mastery",
            marker={"color": [_colour(r.mastery) for r in order]},
            text=["not tried yet" if value is None else f"{value:.0f}%" for value in values],
            textposition="outside",
            customdata=[[r.answered, r.in_bank] for r in order],
            hovertemplate="<b>%{y}</b><br>mastery %{x:.0f}%<br>"
            "%{customdata[0]} of %{customdata[1]} items answered<extra></extra>",
        )
    )
    fig.add_vline(
        x=100 * MASTERED,
        line={"color": ROLE.get("floor", OKABE_ITO["bluish_green"]), "dash": "dash"},
        annotation_text="mastered",
        annotation_position="top",
    )
    fig.update_xaxes(title_text=axis_title("Mastery: mean credit on answered items", "%"), range=[0, 115])
    fig.update_yaxes(title_text="Rubric view")
    style(fig, legend_below=False)
    fig.update_layout(showlegend=False, height=max(320, 60 * len(order) + 120))
    return fig
