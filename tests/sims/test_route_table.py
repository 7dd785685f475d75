"""sims.route_table: a route table edited into anything never raises and always yields usable routes."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sims.route_table import (
    ARTICLE_POLICY,
    ARTICLE_REQUESTS,
    COLUMNS,
    clean_route_table,
    default_policy,
    default_route_rows,
    normalise_shares,
)
from sims.routing import ARTICLE_ROUTES, Route, choose_route, serving_gate, traffic_mix

CELL = st.one_of(
    st.none(),
    st.text(max_size=6),
    st.booleans(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-(10**6), 10**6),
)


def test_defaults_round_trip_to_the_article_routes() -> None:
    t = clean_route_table(default_route_rows())
    assert t.routes == ARTICLE_ROUTES and not t.problems and not t.used_defaults
    choice = choose_route(t.routes, latency_slo_ms=1000, minimum_quality=0.84)
    assert (choice.route.name, choice.route.quality, choice.route.latency_ms, choice.route.cost_usd) == (
        "bounded-reasoning",
        0.86,
        780.0,
        0.010,
    )
    # share-weighted per-difficulty quality reproduces each route's overall quality
    assert np.allclose(t.quality_by_difficulty @ np.array([0.5, 0.3, 0.2]), [0.78, 0.86, 0.90])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.fixed_dictionaries({c: CELL for c in COLUMNS}), max_size=6))
def test_any_table_gives_usable_routes_and_never_raises(rows: list[dict[str, object]]) -> None:
    t = clean_route_table(rows)
    assert len(t.routes) >= 1 and t.quality_by_difficulty.shape == (len(t.routes), 3)
    assert len({r.name for r in t.routes}) == len(t.routes)
    assert ((t.quality_by_difficulty >= 0) & (t.quality_by_difficulty <= 1)).all()
    traffic_mix(
        t.routes, t.quality_by_difficulty, [0.5, 0.3, 0.2], default_policy(t.routes), latency_slo_ms=1000
    )
    if t.used_defaults:
        assert t.problems and t.routes == ARTICLE_ROUTES


@pytest.mark.parametrize(
    "bad",
    [
        {"name": "a", "quality_pct": 80, "latency_ms": 100, "cost_usd": -1},
        {"name": "a", "quality_pct": "lots", "latency_ms": 100, "cost_usd": 1},
        {"name": "a", "quality_pct": 80, "latency_ms": math.nan, "cost_usd": 1},
        {"name": "a", "quality_pct": 180, "latency_ms": 100, "cost_usd": 1},
    ],
)
def test_nonsense_rows_are_explained(bad: dict[str, object]) -> None:
    t = clean_route_table([bad])
    assert t.used_defaults and t.problems[0].startswith("a: left out")
    assert "no usable row" in t.problems[-1]


def test_empty_table_and_blank_rows() -> None:
    assert clean_route_table([]).used_defaults
    t = clean_route_table(
        [
            {c: None for c in COLUMNS},
            {"name": " ", "quality_pct": "90", "latency_ms": 5, "cost_usd": 0.5, "easy_pct": "bad"},
        ]
    )
    assert [r.name for r in t.routes] == ["route 2"] and t.quality_by_difficulty.tolist() == [[0.9] * 3]
    assert len(t.problems) == 1 and "easy_pct" in t.problems[0]


def test_duplicate_names_get_suffixes() -> None:
    row = {"name": "x", "quality_pct": 90, "latency_ms": 5, "cost_usd": 0.5}
    assert [r.name for r in clean_route_table([row, row]).routes] == ["x", "x (2)"]


def test_normalise_shares() -> None:
    assert np.allclose(normalise_shares([1, 1, 2]).shares, [0.25, 0.25, 0.5])
    for bad in ([0, 0, 0], [-1, 1, 1], [math.nan, 1, 1], [1, 2], "abc"):
        mix = normalise_shares(bad)
        assert mix.problem and np.allclose(mix.shares, [0.5, 0.3, 0.2])


def test_default_policy_without_article_routes() -> None:
    routes = [Route("c", 0.9, 10, 3.0), Route("a", 0.5, 10, 1.0), Route("b", 0.7, 10, 2.0)]
    assert default_policy(routes) == ("a", "b", "c")
    assert default_policy(ARTICLE_ROUTES) == ARTICLE_POLICY


def test_article_gate() -> None:
    routes = [d.route for d in serving_gate(ARTICLE_REQUESTS, minimum_gain=0.05)]
    assert routes == ["single-pass", "reasoning", "single-pass"]
