"""Tests for charts.theme and charts.tokens: palette, sizes, ghosts, limit lines, figure contents."""

import re

import numpy as np
import plotly.graph_objects as go
import pytest

from charts.theme import (
    GHOST_OPACITY,
    OKABE_ITO,
    PALETTE,
    ROLE,
    Curve,
    add_ghosts,
    add_limit_line,
    axis_title,
    hover,
    shade_region,
    style,
)
from charts.tokens import cost_sweep, price_comparison, sweep_curves, tokens_seen_vs_billed
from sims.tokens import ModelPrice, compare_prices, reasoning_sweep, token_bill


def _luminance(hex_colour: str) -> float:
    r, g, b = (int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def _contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_roles_use_okabe_ito_colours_only():
    allowed = set(OKABE_ITO.values())
    assert set(ROLE.values()) <= allowed and set(PALETTE) <= allowed
    assert all(re.fullmatch(r"#[0-9A-F]{6}", c) for c in allowed)


def test_line_colours_readable_on_light_and_dark_backgrounds():
    # WCAG 1.4.11 asks 3:1 for graphical objects; yellow is for fills only, so it is not a role line colour.
    lines = {c for k, c in ROLE.items() if not k.endswith("region")}
    for colour in lines:
        assert max(_contrast(colour, "#FFFFFF"), _contrast(colour, "#0E1117")) >= 3.0, colour
        assert min(_contrast(colour, "#FFFFFF"), _contrast(colour, "#0E1117")) >= 1.9, colour
    assert OKABE_ITO["yellow"] not in lines


def test_style_presenter_is_larger_and_keeps_titles():
    fig = go.Figure(go.Scatter(x=[1], y=[1]))
    fig.update_layout(title_text="Keep me")
    normal = style(go.Figure(fig), height=300)
    big = style(go.Figure(normal), presenter=True)
    assert normal.layout.title.text == big.layout.title.text == "Keep me"
    assert big.layout.font.size > normal.layout.font.size >= 14
    assert normal.layout.height == 300 and big.layout.height > 400
    assert style(go.Figure(big), presenter=True).layout.height == big.layout.height  # idempotent


def test_ghosts_are_faded_named_and_drawn_first():
    fig = go.Figure(go.Scatter(x=[0, 1], y=[0, 1], name="live"))
    add_ghosts(fig, [Curve("before", (0.0, 1.0), (0.0, 2.0))])
    assert [t.name for t in fig.data] == ["pinned: before", "live"]
    assert fig.data[0].opacity == GHOST_OPACITY and fig.data[0].line.color == ROLE["ghost"]


def test_limit_lines_and_regions():
    fig = add_limit_line(go.Figure(), 1000, label="SLO 1,000 ms", axis="x")
    shade_region(fig, 1000, 2000, label="too slow")
    assert fig.layout.shapes[0].x0 == 1000 and fig.layout.shapes[1].x1 == 2000
    with pytest.raises(ValueError, match="axis"):
        add_limit_line(go.Figure(), 1, label="x", axis="z")


def test_axis_and_hover_helpers():
    assert axis_title("Cost", "USD") == "Cost (USD)" and axis_title("Rounds") == "Rounds"
    assert "%{x:,.0f}" in hover("N", "p") and hover("N", "p").endswith("<extra></extra>")


def test_token_figures():
    bill = token_bill(visible_tokens=180, reasoning_tokens=1220)
    bars = tokens_seen_vs_billed(bill)
    assert [t.name for t in bars.data] == ["Visible answer", "Hidden reasoning"]
    assert list(bars.data[1].x) == [1220, 0]

    sweep = reasoning_sweep(np.arange(0, 2001, 100), visible_tokens=180, context_window_tokens=1000)
    fig = cost_sweep(sweep, bill, ghosts=[Curve("old", (0.0, 1.0), (0.0, 0.1))])
    names = [t.name for t in fig.data]
    assert names[0] == "pinned: old" and "This request" in names and "Share never seen (right axis)" in names
    assert fig.layout.yaxis.title.text == "Cost per request (USD)"
    assert fig.layout.shapes, "context-window limit line expected when the window is inside the sweep"
    assert len(cost_sweep(sweep, bill, show_share=False).data) == len(fig.data) - 2
    assert sweep_curves(sweep)[0].y[-1] == pytest.approx(sweep.total_cost_usd[-1])

    cmp = compare_prices([ModelPrice("a", 1, 10), ModelPrice("b", 2, 20)], visible_tokens=180,
                         reasoning_tokens=1220, input_tokens=100)
    fig = price_comparison(cmp)
    assert [t.name for t in fig.data] == ["Input", "Visible answer", "Hidden reasoning"]
    assert list(fig.data[2].y) == ["a", "b"]


def test_style_is_idempotent_per_mode_and_presenter_restyles() -> None:
    fig = go.Figure(go.Scatter(x=[1, 2], y=[3, 4], name="a"))
    style(fig, title="T", height=300)
    once = fig.to_dict()["layout"]
    style(fig)  # what ui.chart does on a screen page: nothing left to change
    assert fig.to_dict()["layout"] == once
    style(fig, presenter=True)  # the projector needs bigger text and a taller plot
    assert fig.layout.font.size > once["font"]["size"]
    assert fig.layout.height > once["height"]
    assert fig.layout.title.text == "T"
    style(fig)  # and back to the screen sizes
    assert fig.layout.font.size == once["font"]["size"] and fig.layout.height == once["height"]


def _base_figure() -> go.Figure:
    """A figure with a secondary axis and a shape and annotation already on it."""
    fig = go.Figure([go.Scatter(x=[1, 2, 3], y=[4, 5, 6], name="a"),
                     go.Scatter(x=[1, 2, 3], y=[0.1, 0.2, 0.3], name="b", yaxis="y2")])
    fig.update_layout(yaxis2={"overlaying": "y", "side": "right"}, title_text="T")
    fig.add_shape(type="line", x0=1, x1=2, y0=4, y1=5)
    fig.add_annotation(x=2, y=5, text="existing", showarrow=False)
    return fig


@pytest.mark.parametrize("axis", ["x", "y"])
@pytest.mark.parametrize("label", ["SLO 3,000 ms", ""])
@pytest.mark.parametrize("color", [None, "#123456"])
def test_limit_line_fast_path_matches_plotlys_own_helpers(axis: str, label: str, color: str | None) -> None:
    # add_limit_line writes the shape and label itself (one layout assignment instead of Plotly's
    # relayout machinery); the figure must be exactly what add_hline / add_vline would have made.
    value = np.float64(2.5)
    ours = add_limit_line(_base_figure(), value, label=label, axis=axis, color=color, dash="dot")
    ref = _base_figure()
    kwargs = {"line_color": color or ROLE["limit"], "line_dash": "dot", "line_width": 3,
              "annotation_text": label, "annotation_font_color": color or ROLE["limit"]}
    if axis == "y":
        ref.add_hline(y=value, annotation_position="top left", **kwargs)
    else:
        ref.add_vline(x=value, annotation_position="top right", **kwargs)
    assert ours.to_dict() == ref.to_dict()


@pytest.mark.parametrize("axis", ["x", "y"])
@pytest.mark.parametrize("label", ["over the SLO", ""])
def test_shade_region_fast_path_matches_plotlys_own_helpers(axis: str, label: str) -> None:
    ours = shade_region(_base_figure(), 1.5, 2.5, label=label, axis=axis, opacity=0.2)
    ref = _base_figure()
    kwargs = {"fillcolor": ROLE["bad_region"], "opacity": 0.2, "line_width": 0, "layer": "below",
              "annotation_text": label, "annotation_position": "top left"}
    if axis == "x":
        ref.add_vrect(x0=1.5, x1=2.5, **kwargs)
    else:
        ref.add_hrect(y0=1.5, y1=2.5, **kwargs)
    assert ours.to_dict() == ref.to_dict()


def test_limit_lines_on_subplots_cover_every_panel() -> None:
    from plotly.subplots import make_subplots

    fig = make_subplots(rows=1, cols=2)
    fig.add_trace(go.Scatter(x=[1, 2], y=[1, 2]), row=1, col=1)
    fig.add_trace(go.Scatter(x=[1, 2], y=[2, 1]), row=1, col=2)
    add_limit_line(fig, 1.5, label="floor")
    shade_region(fig, 1.2, 1.4, label="band")
    shapes = fig.to_dict()["layout"]["shapes"]
    assert sorted({s["yref"] for s in shapes if s["type"] == "line"}) == ["y", "y2"]
    assert sorted({s["xref"] for s in shapes if s["type"] == "rect"}) == ["x", "x2"]


def test_style_keeps_the_template_and_everything_it_does_not_set() -> None:
    # style assigns the merged layout once and lets Plotly re-attach the unchanged default template;
    # whatever the builder set and style does not (title text, second axis, shapes, notes) must stay.
    fig = _base_figure()
    before = fig.to_dict()
    after = style(go.Figure(fig), presenter=True).to_dict()
    assert after["data"] == before["data"]
    assert after["layout"]["template"] == before["layout"]["template"]
    assert after["layout"]["title"]["text"] == "T"
    assert after["layout"]["yaxis2"]["overlaying"] == "y" and after["layout"]["yaxis2"]["side"] == "right"
    assert after["layout"]["shapes"] == before["layout"]["shapes"]
    assert after["layout"]["annotations"] == before["layout"]["annotations"]
    assert after["layout"]["font"]["size"] > 15 and after["layout"]["yaxis2"]["tickfont"]["size"] > 13
