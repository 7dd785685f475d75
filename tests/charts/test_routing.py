"""charts.routing: trace names, axis titles, the chosen route and the blended mix against hand sums."""

from __future__ import annotations

import pytest

from charts import routing as charts
from charts.theme import Curve
from sims.route_table import ARTICLE_POLICY, ARTICLE_REQUESTS
from sims.routing import (
    ARTICLE_ROUTES,
    ILLUSTRATIVE_QUALITY_BY_DIFFICULTY,
    ILLUSTRATIVE_SHARES,
    Route,
    choose_route,
    pareto_frontier,
    serving_gate,
    single_route_mixes,
    traffic_mix,
)


def planes(routes=ARTICLE_ROUTES, slo=1000.0, floor=0.84, ghosts=()):
    choice = choose_route(routes, latency_slo_ms=slo, minimum_quality=floor)
    return choice, charts.route_planes(routes, pareto_frontier(routes), choice, ghosts=ghosts)


def test_article_planes() -> None:
    _, fig = planes()
    names = [t.name for t in fig.data]
    assert names[0] == "Pareto frontier" and "Chosen route" in names
    frontier = fig.data[0]
    assert list(frontier.x) == [0.002, 0.010, 0.045] and list(frontier.y) == pytest.approx([78, 86, 90])
    chosen = [t for t in fig.data if t.name == "Chosen route"]
    assert [list(t.x) for t in chosen] == [[0.010], [780.0]]  # cost panel, latency panel
    missing = [t for t in fig.data if t.name == "Misses a limit"]
    assert sorted(n for t in missing for n in t.text) == [
        "guided-search",
        "guided-search",
        "single-pass",
        "single-pass",
    ]
    assert fig.layout.xaxis.title.text == "Cost per request (USD)"
    assert fig.layout.xaxis2.title.text == "Latency (ms)"
    assert fig.layout.yaxis.title.text == "Quality (%)"
    assert any(s.type == "line" and s.x0 == 1000 for s in fig.layout.shapes)  # SLO line
    assert any(s.type == "line" and s.y0 == pytest.approx(84) for s in fig.layout.shapes)  # floor


def test_nothing_eligible_has_no_chosen_marker_and_ghosts_draw_first() -> None:
    ghost = Curve("Pareto frontier", (0.0, 1.0), (50.0, 60.0))
    choice, fig = planes(slo=200, ghosts=[ghost])
    assert choice.route is None
    assert "Chosen route" not in {t.name for t in fig.data} and fig.data[0].name == "pinned: Pareto frontier"


def test_dominated_route_is_off_the_frontier() -> None:
    routes = (*ARTICLE_ROUTES, Route("bad", 0.80, 100.0, 0.02))
    _, fig = planes(routes)
    assert fig.data[0].name == "Pareto frontier" and list(fig.data[0].x) == [0.002, 0.010, 0.045]
    assert charts.routes_table(
        routes, pareto_frontier(routes), choose_route(routes, latency_slo_ms=1000, minimum_quality=0.84)
    )["on_frontier"].tolist() == [True, True, True, False]


def test_mix_plane_points_match_hand_sums() -> None:
    policy = traffic_mix(
        ARTICLE_ROUTES,
        ILLUSTRATIVE_QUALITY_BY_DIFFICULTY,
        ILLUSTRATIVE_SHARES,
        ARTICLE_POLICY,
        latency_slo_ms=1000,
    )
    singles = single_route_mixes(
        ARTICLE_ROUTES, ILLUSTRATIVE_QUALITY_BY_DIFFICULTY, ILLUSTRATIVE_SHARES, latency_slo_ms=1000
    )
    fig = charts.mix_plane(policy, singles, minimum_quality=0.84)
    points = {t.name: (t.x[0], t.y[0]) for t in fig.data}
    assert set(points) == {
        "Routing policy",
        "All to single-pass",
        "All to bounded-reasoning",
        "All to guided-search",
    }
    # 0.5 x 0.96 + 0.3 x 0.85 + 0.2 x 0.74 and 0.5 x 0.002 + 0.3 x 0.010 + 0.2 x 0.045
    assert points["Routing policy"] == pytest.approx((0.013, 88.3))
    assert points["All to guided-search"] == pytest.approx((0.045, 90.0))
    assert fig.layout.xaxis.title.text == "Mean cost per request (USD)"
    assert fig.layout.yaxis.title.text == "Blended quality (%)"
    table = charts.mix_table(policy, singles)
    assert table["policy"].tolist()[0] == "Routing policy" and len(table) == 4


def test_gate_table_article() -> None:
    gate = serving_gate(ARTICLE_REQUESTS, minimum_gain=0.05)
    t = charts.gate_table(
        gate, [r.predicted_gain for r in ARTICLE_REQUESTS], [r.verifiable for r in ARTICLE_REQUESTS]
    )
    assert t["Route"].tolist() == ["single-pass", "reasoning", "single-pass"]
    assert t["Request"].tolist() == ["extract", "capacity_math", "creative_copy"]
    assert charts.frontier_curves(pareto_frontier(ARTICLE_ROUTES))[0].y == pytest.approx((78, 86, 90))
