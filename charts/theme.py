"""One look for every chart in the app: palette, role colours, fonts, ghosts, limit lines.

Approach: pages render figures with Streamlit's own Plotly theme (``theme="streamlit"``), which
follows the app's light or dark mode for backgrounds, grid and text colour. This module sets
everything Streamlit's theme does not decide: trace colours (Okabe-Ito, explicit on every trace so
they survive both modes), font sizes readable from the back of a lecture hall, margins, legend,
hover labels with exact values, faded "ghost" traces for pinned curves, and SLO / limit lines.

Every colour below is readable on white (#ffffff) and on Streamlit's dark background (#0e1117);
Okabe-Ito black is left out for that reason and yellow is used only for fills.

References: Okabe & Ito (2008), "Color Universal Design", https://jfly.uni-koeln.de/color/
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import plotly.graph_objects as go
import plotly.io as pio

__all__ = [
    "GHOST_OPACITY",
    "OKABE_ITO",
    "PALETTE",
    "ROLE",
    "Curve",
    "add_ghosts",
    "add_limit_line",
    "add_marker",
    "axis_title",
    "hover",
    "shade_region",
    "style",
]

# Okabe-Ito palette (without black, which vanishes on a dark background).
OKABE_ITO: dict[str, str] = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "grey": "#8C8C8C",
}

# Default order for series that have no role.
PALETTE: tuple[str, ...] = (
    OKABE_ITO["blue"],
    OKABE_ITO["orange"],
    OKABE_ITO["bluish_green"],
    OKABE_ITO["reddish_purple"],
    OKABE_ITO["sky_blue"],
    OKABE_ITO["vermillion"],
)

# Named roles, so "the oracle" is the same colour on every page.
ROLE: dict[str, str] = {
    "oracle": OKABE_ITO["bluish_green"],  # the ceiling: a perfect verifier / coverage
    "selector": OKABE_ITO["blue"],  # what a realistic selector / reward model achieves
    "majority": OKABE_ITO["orange"],  # majority vote / self-consistency
    "single": OKABE_ITO["reddish_purple"],  # single pass / baseline
    "monte_carlo": OKABE_ITO["sky_blue"],  # simulated points and their band
    "prm": OKABE_ITO["blue"],
    "orm": OKABE_ITO["orange"],
    "visible": OKABE_ITO["sky_blue"],  # what the user sees
    "hidden": OKABE_ITO["reddish_purple"],  # what the user never sees (reasoning tokens)
    "input": OKABE_ITO["bluish_green"],  # prompt / input tokens
    "cost": OKABE_ITO["orange"],  # money on a second axis
    "accuracy": OKABE_ITO["blue"],
    "latency": OKABE_ITO["orange"],
    "chosen": OKABE_ITO["vermillion"],  # the highlighted choice (route, budget, point)
    "limit": OKABE_ITO["vermillion"],  # SLO / latency limit / memory limit lines
    "floor": OKABE_ITO["bluish_green"],  # quality floor
    "ok_region": OKABE_ITO["bluish_green"],
    "bad_region": OKABE_ITO["vermillion"],
    "weights": OKABE_ITO["grey"],
    "kv": OKABE_ITO["blue"],
    "free": OKABE_ITO["bluish_green"],
    "ghost": OKABE_ITO["grey"],  # pinned curves
    "pruned": OKABE_ITO["grey"],
    "correct": OKABE_ITO["bluish_green"],
    "wrong": OKABE_ITO["vermillion"],
}

GHOST_OPACITY = 0.45

# Font sizes in px: normal screen vs projector.
_FONT = {False: 15, True: 22}
_TITLE = {False: 19, True: 28}
_HEIGHT = {False: 430, True: 620}


@dataclass(frozen=True)
class Curve:
    """One line of a chart as plain numbers, e.g. a pinned curve to draw as a ghost.

    ``yaxis`` is ``"y"`` for the primary axis or ``"y2"`` for a secondary axis.
    """

    name: str
    x: tuple[float, ...]
    y: tuple[float, ...]
    yaxis: str = "y"


def axis_title(quantity: str, unit: str | None = None) -> str:
    """Axis title with its unit in parentheses: ``axis_title("Cost", "USD") -> "Cost (USD)"``."""
    return f"{quantity} ({unit})" if unit else quantity


def hover(x_label: str, y_label: str, *, x_fmt: str = ",.0f", y_fmt: str = ",.4g", extra: str = "") -> str:
    """Hover template showing exact values: ``"<b>%{fullData.name}</b><br>x = 1,220<br>y = 0.014"``.

    ``x_fmt`` / ``y_fmt`` are d3-format strings; put units in the labels (``"Cost (USD)"``).
    """
    text = f"<b>%{{fullData.name}}</b><br>{x_label}: %{{x:{x_fmt}}}<br>{y_label}: %{{y:{y_fmt}}}"
    if extra:
        text += f"<br>{extra}"
    return text + "<extra></extra>"


def style(
    fig: go.Figure,
    *,
    title: str | None = None,
    presenter: bool = False,
    height: int | None = None,
    legend_below: bool = True,
) -> go.Figure:
    """Apply the app's sizes and layout to ``fig`` in place and return it.

    Backgrounds and text colour are left to Streamlit's theme so light and dark both work.
    ``presenter=True`` uses projector-sized fonts and a plot ~1.45x taller than ``height`` (the
    screen height, default 430 px; remembered in ``layout.meta``). Safe to call twice: ``ui.chart``
    calls it again with the page's presenter flag, and a figure already styled for the same mode
    and legend placement (recorded in ``layout.meta``) is returned unchanged; an existing title is kept.
    """
    meta = dict(fig.layout.meta) if isinstance(fig.layout.meta, dict) else {}
    styled_as = [presenter, legend_below]
    if title is None and height is None and meta.get("styled_as") == styled_as:
        return fig
    font = _FONT[presenter]
    has_title = bool(title) if title is not None else bool(fig.layout.title.text)
    # Remember the screen height a builder chose, so presenter mode scales it instead of guessing.
    base = height or meta.get("base_height") or _HEIGHT[False]
    meta["base_height"] = base
    meta["styled_as"] = styled_as
    layout: dict[str, object] = {
        "meta": meta,
        "height": round(base * _HEIGHT[True] / _HEIGHT[False]) if presenter else base,
        "font": {"size": font},
        "title": {"font": {"size": _TITLE[presenter]}} | ({} if title is None else {"text": title}),
        "margin": {"l": 10, "r": 10, "b": 10,
                   "t": (95 if has_title else 50) if legend_below else (70 if has_title else 30)},
        "hoverlabel": {"font": {"size": font}},
        "hovermode": "closest",
        "colorway": list(PALETTE),
    }
    if legend_below:
        # A horizontal legend placed by the theme: just above the plot area, under the title, where it
        # never collides with the x-axis title (the parameter name predates the move; False leaves
        # Plotly's default legend on the right).
        layout["legend"] = {"orientation": "h", "yanchor": "bottom", "y": 1.01, "xanchor": "left", "x": 0.0,
                            "font": {"size": font}}
    axis = {"title": {"font": {"size": font}}, "tickfont": {"size": font - 2}, "automargin": True}
    for ax in (*fig.select_xaxes(), *fig.select_yaxes()):
        layout[ax.plotly_name] = axis
    _replace_layout(fig, _merged(fig.layout.to_plotly_json(), layout))
    return fig


@functools.lru_cache(maxsize=8)
def _template_json(name: str) -> dict[str, Any]:
    return dict(pio.templates[name].to_plotly_json())


def _replace_layout(fig: go.Figure, layout: dict[str, Any]) -> None:
    """Give ``fig`` this whole layout (plain dicts) in one assignment.

    ``fig.update_layout`` and ``fig.add_hline`` & co. go through Plotly's relayout machinery, which
    walks and re-validates the layout on every call: 3-10 ms each, most of a page's figure-building
    time (``python -m bench profile``). One assignment validates once. The default template (Streamlit's,
    ~3.6 kB) is left out of the dict when unchanged: Plotly attaches it again without re-validating it.
    """
    default = pio.templates.default
    if isinstance(default, str) and layout.get("template") == _template_json(default):
        layout = {key: value for key, value in layout.items() if key != "template"}
    fig.layout = layout


def _with_items(fig: go.Figure, shapes: list[dict[str, Any]], annotations: list[dict[str, Any]]) -> None:
    """Append shapes and annotations to ``fig``'s layout in one assignment (see :func:`_replace_layout`)."""
    layout = fig.layout.to_plotly_json()
    layout["shapes"] = [*layout.get("shapes", ()), *shapes]
    layout["annotations"] = [*layout.get("annotations", ()), *annotations]
    _replace_layout(fig, layout)


def _merged(base: dict[str, Any], update: dict[str, Any]) -> dict[str, Any]:
    """``base`` updated by ``update`` as ``update_layout`` does: nested dicts merge, the rest replaces."""
    out = dict(base)
    for key, value in update.items():
        old = out.get(key)
        out[key] = _merged(old, value) if isinstance(value, dict) and isinstance(old, dict) else value
    return out


def add_ghosts(fig: go.Figure, ghosts: Sequence[Curve], *, prefix: str = "pinned: ") -> go.Figure:
    """Draw pinned curves as faded, dotted grey lines behind the live traces.

    Ghost traces are named ``prefix + curve.name`` and sit in their own legend group.
    """
    for i, curve in enumerate(ghosts):
        fig.add_trace(
            go.Scatter(
                x=list(curve.x),
                y=list(curve.y),
                name=f"{prefix}{curve.name}",
                mode="lines",
                yaxis=curve.yaxis,
                line={"color": ROLE["ghost"], "width": 2, "dash": ("dot", "dash", "dashdot")[i % 3]},
                opacity=GHOST_OPACITY,
                legendgroup="pinned",
                hovertemplate="<b>%{fullData.name}</b><br>%{x:,.4g}, %{y:,.4g}<extra></extra>",
            )
        )
    # Draw ghosts first so live traces stay on top.
    n = len(ghosts)
    if n:
        fig.data = fig.data[-n:] + fig.data[:-n]
    return fig


def add_limit_line(
    fig: go.Figure,
    value: float,
    *,
    label: str,
    axis: str = "y",
    color: str | None = None,
    dash: str = "dash",
) -> go.Figure:
    """Horizontal (``axis="y"``) or vertical (``axis="x"``) limit line with a readable label.

    Use for SLOs, latency limits, memory limits, quality floors.
    """
    if axis not in ("x", "y"):
        raise ValueError(f"axis must be 'x' or 'y', got {axis!r}")
    colour = color or ROLE["limit"]
    if fig._grid_ref is not None:  # subplots: Plotly draws the line on every panel
        kwargs = {"line_color": colour, "line_dash": dash, "line_width": 3, "annotation_text": label,
                  "annotation_font_color": colour}
        if axis == "y":
            fig.add_hline(y=value, annotation_position="top left", **kwargs)
        else:
            fig.add_vline(x=value, annotation_position="top right", **kwargs)
        return fig
    # What add_hline / add_vline make on a single plot (tests/charts/test_theme.py holds them equal).
    line = {"color": colour, "dash": dash, "width": 3}
    font = {"color": colour}
    if axis == "y":
        shape = {"line": line, "type": "line", "x0": 0, "x1": 1, "xref": "x domain", "y0": value, "y1": value,
                 "yref": "y"}
        note = {"font": font, "showarrow": False, "text": label, "x": 0, "xanchor": "left",
                "xref": "x domain", "y": value, "yanchor": "bottom", "yref": "y"}
    else:
        shape = {"line": line, "type": "line", "x0": value, "x1": value, "xref": "x", "y0": 0, "y1": 1,
                 "yref": "y domain"}
        note = {"font": font, "showarrow": False, "text": label, "x": value, "xanchor": "left", "xref": "x",
                "y": 1, "yanchor": "top", "yref": "y domain"}
    _with_items(fig, [shape], [note])
    return fig


def shade_region(
    fig: go.Figure,
    start: float,
    end: float,
    *,
    label: str = "",
    axis: str = "x",
    color: str | None = None,
    opacity: float = 0.12,
) -> go.Figure:
    """Shade a band, e.g. "over the latency SLO" (``axis="x"``) or "below the quality floor" (``"y"``)."""
    if axis not in ("x", "y"):
        raise ValueError(f"axis must be 'x' or 'y', got {axis!r}")
    colour = color or ROLE["bad_region"]
    if fig._grid_ref is not None:  # subplots: Plotly shades every panel
        kwargs = {"fillcolor": colour, "opacity": opacity, "line_width": 0, "layer": "below",
                  "annotation_text": label, "annotation_position": "top left"}
        if axis == "x":
            fig.add_vrect(x0=start, x1=end, **kwargs)
        else:
            fig.add_hrect(y0=start, y1=end, **kwargs)
        return fig
    # What add_vrect / add_hrect make on a single plot (tests/charts/test_theme.py holds them equal).
    band = {"fillcolor": colour, "layer": "below", "line": {"width": 0}, "opacity": opacity,
            "type": "rect"}
    if axis == "x":
        shape = band | {"x0": start, "x1": end, "xref": "x", "y0": 0, "y1": 1, "yref": "y domain"}
        note = {"showarrow": False, "text": label, "x": start, "xanchor": "left", "xref": "x", "y": 1,
                "yanchor": "top", "yref": "y domain"}
    else:
        shape = band | {"x0": 0, "x1": 1, "xref": "x domain", "y0": start, "y1": end, "yref": "y"}
        note = {"showarrow": False, "text": label, "x": 0, "xanchor": "left", "xref": "x domain", "y": end,
                "yanchor": "top", "yref": "y"}
    _with_items(fig, [shape], [note])
    return fig


def add_marker(
    fig: go.Figure,
    x: float,
    y: float,
    *,
    name: str,
    text: str | None = None,
    color: str | None = None,
    yaxis: str = "y",
    hovertemplate: str | None = None,
) -> go.Figure:
    """Highlight one point (the chosen budget, the current setting) with a large marker and label."""
    fig.add_trace(
        go.Scatter(
            x=[x],
            y=[y],
            name=name,
            mode="markers+text" if text else "markers",
            text=[text] if text else None,
            textposition="top center",
            yaxis=yaxis,
            marker={"size": 16, "color": color or ROLE["chosen"], "symbol": "diamond",
                    "line": {"width": 2, "color": "#ffffff"}},
            hovertemplate=hovertemplate or "<b>%{fullData.name}</b><br>%{x:,.4g}, %{y:,.4g}<extra></extra>",
        )
    )
    return fig
