"""Figures for the routing page: routes on a cost/quality plane (with the Pareto frontier) beside a
latency/quality plane (with the SLO), the quality floor shaded on both, the chosen route highlighted;
and a traffic mix's blended cost vs quality under a routing policy vs single routes."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from charts.theme import ROLE, Curve, add_ghosts, axis_title, style
from sims.routing import GateDecision, Route, RouteChoice, TrafficMixResult

__all__ = ["frontier_curves", "gate_table", "mix_plane", "mix_table", "route_planes", "routes_table"]

COST = axis_title("Cost per request", "USD")
LATENCY = axis_title("Latency", "ms")
QUALITY = axis_title("Quality", "%")
HOVER = ("<b>%{text}</b><br>quality: %{y:.1f}%<br>latency: %{customdata[0]:,.0f} ms<br>"
         "cost: $%{customdata[1]:.4f}<extra></extra>")


def frontier_curves(frontier: Sequence[Route]) -> list[Curve]:
    """The Pareto frontier as plain numbers (what a pin keeps): cost (USD) vs quality (%)."""
    return [Curve("Pareto frontier", tuple(r.cost_usd for r in frontier),
                  tuple(100 * r.quality for r in frontier))]


def _routes_trace(routes: Sequence[Route], x: Sequence[float], *, name: str, color: str, symbol: str,
                  size: int, showlegend: bool = True, labels: bool = True) -> go.Scatter:
    return go.Scatter(
        x=list(x), y=[100 * r.quality for r in routes], name=name,
        mode="markers+text" if labels else "markers",
        text=[r.name for r in routes], textposition="top center", showlegend=showlegend, legendgroup=name,
        customdata=[[r.latency_ms, r.cost_usd] for r in routes], hovertemplate=HOVER,
        marker={"color": color, "size": size, "symbol": symbol, "line": {"width": 2, "color": "#ffffff"}},
    )


def route_planes(
    routes: Sequence[Route],
    frontier: Sequence[Route],
    choice: RouteChoice,
    *,
    ghosts: Sequence[Curve] = (),
) -> go.Figure:
    """Two panels sharing the quality axis: cost vs quality (left) and latency vs quality (right).

    Every route is a point (a cross when it misses a limit); the frontier joins the non-dominated
    routes on the left; the region under the quality floor is shaded on both panels and the region
    over the latency SLO on the right; the chosen route is a large diamond on both.
    """
    slo, floor = choice.latency_slo_ms, 100 * choice.minimum_quality
    fig = make_subplots(rows=1, cols=2, shared_yaxes=True, horizontal_spacing=0.06)
    ok = [r for r in routes if r in choice.eligible]
    out = [r for r in routes if r not in choice.eligible]
    fig.add_trace(go.Scatter(
        x=[r.cost_usd for r in frontier], y=[100 * r.quality for r in frontier], name="Pareto frontier",
        mode="lines", line={"color": ROLE["selector"], "width": 3}, hoverinfo="skip",
    ), row=1, col=1)
    for group, name, color, symbol in ((ok, "Meets both limits", ROLE["ok_region"], "circle"),
                                       (out, "Misses a limit", ROLE["pruned"], "x")):
        if group:
            fig.add_trace(_routes_trace(group, [r.cost_usd for r in group], name=name, color=color,
                                        symbol=symbol, size=14), row=1, col=1)
            fig.add_trace(_routes_trace(group, [r.latency_ms for r in group], name=name, color=color,
                                        symbol=symbol, size=14, showlegend=False), row=1, col=2)
    if choice.route is not None:
        r = choice.route
        for col, x in ((1, r.cost_usd), (2, r.latency_ms)):
            fig.add_trace(_routes_trace([r], [x], name="Chosen route", color=ROLE["chosen"], symbol="diamond",
                                        size=22, showlegend=col == 1, labels=False), row=1, col=col)
    add_ghosts(fig, ghosts)
    for col in (1, 2):
        fig.add_hrect(y0=0, y1=floor, fillcolor=ROLE["bad_region"], opacity=0.10, line_width=0, layer="below",
                      row=1, col=col)
        fig.add_hline(y=floor, line_color=ROLE["floor"], line_dash="dash", line_width=3, row=1, col=col,
                      annotation_text=f"quality floor {floor:.0f}%" if col == 1 else "",
                      annotation_position="bottom right", annotation_font_color=ROLE["floor"])
    top_latency = max([slo if slo != float("inf") else 0.0, *(r.latency_ms for r in routes)]) * 1.15 or 1.0
    if slo != float("inf"):
        fig.add_vrect(x0=slo, x1=top_latency, fillcolor=ROLE["bad_region"], opacity=0.12, line_width=0,
                      layer="below", row=1, col=2)
        fig.add_vline(x=slo, line_color=ROLE["limit"], line_dash="dash", line_width=3, row=1, col=2,
                      annotation_text=f"SLO {slo:,.0f} ms", annotation_position="top left",
                      annotation_font_color=ROLE["limit"])
    qualities = [100 * r.quality for r in routes]
    low = max(0.0, min([*qualities, floor]) - 8)
    fig.update_yaxes(title_text=QUALITY, range=[low, min(100.0, max([*qualities, floor]) + 6)], row=1, col=1)
    top_cost = max(r.cost_usd for r in routes) or 1.0
    # room on both sides so the route names above the points are not cut off
    fig.update_xaxes(title_text=COST, tickformat="$.3f", range=[-0.12 * top_cost, 1.18 * top_cost],
                     row=1, col=1)
    fig.update_xaxes(title_text=LATENCY, tickformat=",", range=[-0.12 * top_latency, top_latency],
                     row=1, col=2)
    return style(fig, height=470)


def routes_table(routes: Sequence[Route], frontier: Sequence[Route], choice: RouteChoice) -> pd.DataFrame:
    """The data behind :func:`route_planes` (for CSV download)."""
    return pd.DataFrame({
        "route": [r.name for r in routes],
        "quality": [r.quality for r in routes],
        "latency_ms": [r.latency_ms for r in routes],
        "cost_usd": [r.cost_usd for r in routes],
        "on_frontier": [r in frontier for r in routes],
        "eligible": [r in choice.eligible for r in routes],
        "chosen": [choice.route is not None and r.name == choice.route.name for r in routes],
    })


def mix_plane(policy: TrafficMixResult, singles: Sequence[TrafficMixResult], *, minimum_quality: float,
              ) -> go.Figure:
    """Blended cost vs blended quality of a traffic mix: the routing policy vs every single route."""
    fig = go.Figure()

    def point(mix: TrafficMixResult, name: str, color: str, symbol: str, size: int) -> None:
        fig.add_trace(go.Scatter(
            x=[mix.cost_usd], y=[100 * mix.quality], name=name, mode="markers+text", text=[name],
            textposition="top center", customdata=[[mix.latency_ms, 100 * mix.share_over_slo]],
            marker={"color": color, "size": size, "symbol": symbol, "line": {"width": 2, "color": "#ffffff"}},
            hovertemplate=f"<b>{name}</b><br>blended quality: %{{y:.1f}}%<br>mean cost: $%{{x:.4f}}<br>"
            "mean latency: %{customdata[0]:,.0f} ms<br>over the SLO: %{customdata[1]:.0f}% of requests"
            "<extra></extra>",
        ))

    for mix in singles:
        point(mix, f"All to {mix.policy[0]}", ROLE["single"], "circle", 14)
    point(policy, "Routing policy", ROLE["chosen"], "diamond", 22)
    floor = 100 * minimum_quality
    fig.add_hline(y=floor, line_color=ROLE["floor"], line_dash="dash", line_width=3,
                  annotation_text=f"quality floor {floor:.0f}%", annotation_position="bottom right",
                  annotation_font_color=ROLE["floor"])
    ys = [100 * m.quality for m in (policy, *singles)]
    fig.update_yaxes(title_text=axis_title("Blended quality", "%"),
                     range=[max(0.0, min([*ys, floor]) - 6), min(100.0, max([*ys, floor]) + 5)])
    top = max(m.cost_usd for m in (policy, *singles)) or 1.0
    fig.update_xaxes(title_text=axis_title("Mean cost per request", "USD"), tickformat="$.3f",
                     range=[-0.15 * top, 1.2 * top])
    fig.update_layout(showlegend=False)
    return style(fig, height=400)


def mix_table(policy: TrafficMixResult, singles: Sequence[TrafficMixResult]) -> pd.DataFrame:
    """The data behind :func:`mix_plane` (for CSV download)."""
    rows = [("Routing policy", policy), *((f"All to {m.policy[0]}", m) for m in singles)]
    return pd.DataFrame({
        "policy": [name for name, _ in rows],
        "routes_by_difficulty": [" / ".join(m.policy) for _, m in rows],
        "blended_quality": [m.quality for _, m in rows],
        "mean_cost_usd": [m.cost_usd for _, m in rows],
        "mean_latency_ms": [m.latency_ms for _, m in rows],
        "share_over_slo": [m.share_over_slo for _, m in rows],
    })


def gate_table(decisions: Sequence[GateDecision], gains: Sequence[float], verifiable: Sequence[bool],
               ) -> pd.DataFrame:
    """The serving gate's verdicts as a table (request, verifiable, predicted gain, route, why)."""
    return pd.DataFrame({
        "Request": [d.kind for d in decisions],
        "Verifiable": ["yes" if v else "no" for v in verifiable],
        "Predicted gain": [f"{g:+.2f}" for g in gains],
        "Route": [d.route for d in decisions],
        "Why": [d.reason for d in decisions],
    })
