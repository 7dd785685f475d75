"""Tests for sims.routing: the article's route and gate, Pareto frontier, traffic mixes, bad input."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sims.routing import (
    ARTICLE_ROUTES,
    ILLUSTRATIVE_QUALITY_BY_DIFFICULTY,
    ILLUSTRATIVE_SHARES,
    Route,
    ServingRequest,
    choose_route,
    pareto_frontier,
    serving_gate,
    single_route_mixes,
    traffic_mix,
)

ARTICLE_POLICY = ("single-pass", "bounded-reasoning", "guided-search")

# Few distinct values so that hypothesis produces ties in price and quality often.
routes_lists = st.lists(
    st.tuples(
        st.sampled_from([0.5, 0.7, 0.8, 0.9, 1.0]),
        st.sampled_from([100.0, 500.0, 1000.0, 3000.0]),
        st.sampled_from([0.0, 0.002, 0.01, 0.05]),
    ),
    min_size=1,
    max_size=8,
).map(lambda rows: [Route(f"r{i}", q, lat, c) for i, (q, lat, c) in enumerate(rows)])


def dominates(a: Route, b: Route) -> bool:
    return (
        a.cost_usd <= b.cost_usd
        and a.quality >= b.quality
        and (a.cost_usd < b.cost_usd or a.quality > b.quality)
    )


def test_article_route_choice() -> None:
    choice = choose_route(ARTICLE_ROUTES, latency_slo_ms=1000, minimum_quality=0.84)
    assert choice.found and choice.route is not None
    r = choice.route
    assert f"route={r.name} quality={r.quality:.0%}" == "route=bounded-reasoning quality=86%"
    assert f"latency_ms={r.latency_ms:g} cost=${r.cost_usd:.3f}" == "latency_ms=780 cost=$0.010"
    assert [route.name for route in choice.eligible] == ["bounded-reasoning"]
    assert choice.reasons["single-pass"] == ("quality 78.0% < floor 84.0%",)
    assert choice.reasons["guided-search"] == ("latency 2600 ms > SLO 1000 ms",)
    assert choice.reasons["bounded-reasoning"] == ()


def test_nothing_eligible_is_a_result_not_an_error() -> None:
    choice = choose_route(ARTICLE_ROUTES, latency_slo_ms=200, minimum_quality=0.95)
    assert not choice.found and choice.route is None and choice.eligible == ()
    assert all(len(reasons) == 2 for reasons in choice.reasons.values())
    assert all(route.name in choice.message for route in ARTICLE_ROUTES)
    assert choice.message.startswith("No route meets")


def test_limits_are_inclusive() -> None:
    choice = choose_route(ARTICLE_ROUTES, latency_slo_ms=780, minimum_quality=0.86)
    assert choice.route is not None and choice.route.name == "bounded-reasoning"
    everything = choose_route(ARTICLE_ROUTES, latency_slo_ms=math.inf, minimum_quality=0.0)
    assert everything.route is not None and everything.route.name == "single-pass"


def test_price_tie_goes_to_quality_then_latency() -> None:
    routes = [Route("a", 0.8, 500, 0.01), Route("b", 0.9, 900, 0.01), Route("c", 0.9, 600, 0.01)]
    choice = choose_route(routes, latency_slo_ms=1000, minimum_quality=0.5)
    assert choice.route is not None and choice.route.name == "c"


@given(routes_lists, st.sampled_from([50.0, 500.0, 1000.0, 5000.0]), st.floats(0.0, 1.0))
def test_choice_is_eligible_and_cheapest_by_brute_force(
    routes: list[Route], slo: float, floor: float
) -> None:
    choice = choose_route(routes, latency_slo_ms=slo, minimum_quality=floor)
    eligible = [r for r in routes if r.latency_ms <= slo and r.quality >= floor]
    assert list(choice.eligible) == eligible
    if not eligible:
        assert choice.route is None
        assert all(choice.reasons[r.name] for r in routes)
    else:
        assert choice.route in eligible
        assert choice.route.cost_usd == min(r.cost_usd for r in eligible)


def test_article_frontier_and_a_dominated_route() -> None:
    assert pareto_frontier(ARTICLE_ROUTES) == ARTICLE_ROUTES
    worse = Route("expensive-and-worse", 0.80, 300, 0.02)
    assert worse not in pareto_frontier([*ARTICLE_ROUTES, worse])


def test_identical_points_both_stay_and_equal_quality_costlier_goes() -> None:
    a, b = Route("a", 0.8, 100, 0.01), Route("b", 0.8, 900, 0.01)
    c = Route("c", 0.8, 50, 0.02)  # same quality, costs more: dominated
    assert pareto_frontier([c, b, a]) == (b, a)


@given(routes_lists)
def test_frontier_is_non_dominated_and_covers_the_rest(routes: list[Route]) -> None:
    frontier = pareto_frontier(routes)
    assert frontier
    assert len(set(frontier)) == len(frontier)
    for point in frontier:
        assert not any(dominates(other, point) for other in routes)
    for route in routes:
        if route not in frontier:
            assert any(dominates(point, route) for point in frontier)
    costs = [point.cost_usd for point in frontier]
    assert costs == sorted(costs)


def test_illustrative_mix_numbers() -> None:
    mix = traffic_mix(
        ARTICLE_ROUTES,
        ILLUSTRATIVE_QUALITY_BY_DIFFICULTY,
        ILLUSTRATIVE_SHARES,
        ARTICLE_POLICY,
        latency_slo_ms=1000,
    )
    # hand arithmetic: 0.5*0.96 + 0.3*0.85 + 0.2*0.74 etc.
    assert mix.quality == pytest.approx(0.48 + 0.255 + 0.148)
    assert mix.cost_usd == pytest.approx(0.001 + 0.003 + 0.009)
    assert mix.latency_ms == pytest.approx(120 + 234 + 520)
    assert mix.share_over_slo == pytest.approx(0.2)
    assert mix.quality_by_difficulty.tolist() == [0.96, 0.85, 0.74]
    assert mix.difficulties == ("easy", "medium", "hard")


def test_illustrative_table_reproduces_the_article_route_qualities() -> None:
    mixes = single_route_mixes(
        ARTICLE_ROUTES, ILLUSTRATIVE_QUALITY_BY_DIFFICULTY, ILLUSTRATIVE_SHARES, latency_slo_ms=1000
    )
    for mix, route in zip(mixes, ARTICLE_ROUTES, strict=True):
        assert mix.quality == pytest.approx(route.quality)
        assert mix.cost_usd == pytest.approx(route.cost_usd)
        assert mix.latency_ms == pytest.approx(route.latency_ms)
        assert mix.share_over_slo == (1.0 if route.latency_ms > 1000 else 0.0)
        assert mix.policy == (route.name,) * 3


@given(
    st.lists(st.floats(0.0, 1.0), min_size=3, max_size=3).filter(lambda s: sum(s) > 0.01),
    st.lists(st.floats(0.0, 1.0), min_size=9, max_size=9),
    st.lists(st.sampled_from(ARTICLE_POLICY), min_size=3, max_size=3),
)
def test_blended_metrics_are_convex_combinations(
    raw: list[float], table: list[float], policy: list[str]
) -> None:
    shares = np.array(raw) / sum(raw)
    quality_table = np.array(table).reshape(3, 3)
    mix = traffic_mix(ARTICLE_ROUTES, quality_table, shares, policy, latency_slo_ms=1000)
    by_name = {r.name: i for i, r in enumerate(ARTICLE_ROUTES)}
    rows = [by_name[name] for name in policy]
    per_class_quality = [quality_table[row, k] for k, row in enumerate(rows)]
    per_class_cost = [ARTICLE_ROUTES[row].cost_usd for row in rows]
    per_class_latency = [ARTICLE_ROUTES[row].latency_ms for row in rows]
    for value, parts in [
        (mix.quality, per_class_quality),
        (mix.cost_usd, per_class_cost),
        (mix.latency_ms, per_class_latency),
    ]:
        assert min(parts) - 1e-9 <= value <= max(parts) + 1e-9
        assert value == pytest.approx(sum(s * p for s, p in zip(shares, parts, strict=True)), abs=1e-12)
    over = sum(s for s, lat in zip(shares, per_class_latency, strict=True) if lat > 1000)
    assert mix.share_over_slo == pytest.approx(over, abs=1e-12)
    assert 0.0 <= mix.share_over_slo <= 1.0 + 1e-12


def test_article_serving_gate() -> None:
    requests = [
        {"kind": "extract", "verifiable": True, "predicted_gain": 0.00},
        {"kind": "capacity_math", "verifiable": True, "predicted_gain": 0.09},
        {"kind": "creative_copy", "verifiable": False, "predicted_gain": 0.03},
    ]
    decisions = serving_gate(requests, minimum_gain=0.05)
    assert [f"{d.kind}: {d.route}" for d in decisions] == [
        "extract: single-pass",
        "capacity_math: reasoning",
        "creative_copy: single-pass",
    ]
    assert "verifier" in decisions[2].reason


def test_gate_threshold_is_inclusive_and_needs_a_verifier() -> None:
    at = serving_gate([ServingRequest("a", True, 0.05)], minimum_gain=0.05)
    assert at[0].route == "reasoning"
    big_but_unverifiable = serving_gate([ServingRequest("b", False, 0.9)], minimum_gain=0.05)
    assert big_but_unverifiable[0].route == "single-pass"
    assert serving_gate([], minimum_gain=0.05) == ()


@given(st.booleans(), st.floats(-1.0, 1.0), st.floats(0.0, 1.0))
def test_gate_matches_the_rule(verifiable: bool, gain: float, minimum: float) -> None:
    (decision,) = serving_gate([ServingRequest("k", verifiable, gain)], minimum_gain=minimum)
    assert (decision.route == "reasoning") == (verifiable and gain >= minimum)


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: choose_route([], latency_slo_ms=1000, minimum_quality=0.5), "routes"),
        (lambda: pareto_frontier([]), "routes"),
        (lambda: Route("x", 1.3, 100, 0.01), "quality"),
        (lambda: Route("x", math.nan, 100, 0.01), "quality"),
        (lambda: Route("x", 0.5, -1, 0.01), "latency_ms"),
        (lambda: Route("x", 0.5, math.inf, 0.01), "latency_ms"),
        (lambda: Route("x", 0.5, 100, -0.01), "cost_usd"),
        (lambda: Route("x", 0.5, 100, math.nan), "cost_usd"),
        (lambda: Route("", 0.5, 100, 0.01), "name"),
        (lambda: choose_route([ARTICLE_ROUTES[0]] * 2, latency_slo_ms=1, minimum_quality=0), "unique names"),
        (lambda: choose_route(["single-pass"], latency_slo_ms=1, minimum_quality=0), "Route objects"),
        (lambda: choose_route(ARTICLE_ROUTES, latency_slo_ms=0, minimum_quality=0.5), "latency_slo_ms"),
        (
            lambda: choose_route(ARTICLE_ROUTES, latency_slo_ms=math.nan, minimum_quality=0.5),
            "latency_slo_ms",
        ),
        (lambda: choose_route(ARTICLE_ROUTES, latency_slo_ms=1000, minimum_quality=1.5), "minimum_quality"),
        (
            lambda: traffic_mix(
                ARTICLE_ROUTES,
                ILLUSTRATIVE_QUALITY_BY_DIFFICULTY,
                (0.5, 0.5, 0.5),
                ARTICLE_POLICY,
                latency_slo_ms=1,
            ),
            "shares",
        ),
        (
            lambda: traffic_mix(
                ARTICLE_ROUTES, [[0.5, 0.5]], ILLUSTRATIVE_SHARES, ARTICLE_POLICY, latency_slo_ms=1
            ),
            "quality_table",
        ),
        (
            lambda: traffic_mix(
                ARTICLE_ROUTES,
                ILLUSTRATIVE_QUALITY_BY_DIFFICULTY,
                ILLUSTRATIVE_SHARES,
                ("single-pass", "nope", "guided-search"),
                latency_slo_ms=1,
            ),
            "policy",
        ),
        (
            lambda: traffic_mix(
                ARTICLE_ROUTES,
                ILLUSTRATIVE_QUALITY_BY_DIFFICULTY,
                ILLUSTRATIVE_SHARES,
                ARTICLE_POLICY[:2],
                latency_slo_ms=1,
            ),
            "policy",
        ),
        (lambda: serving_gate([{"kind": "x", "verifiable": True}], minimum_gain=0.05), "predicted_gain"),
        (lambda: serving_gate([ServingRequest("x", True, 0.1)], minimum_gain=-0.1), "minimum_gain"),
        (lambda: ServingRequest("x", True, 1.3), "predicted_gain"),
        (lambda: ServingRequest("x", "yes", 0.1), "verifiable"),  # type: ignore[arg-type]
    ],
)
def test_invalid_inputs_name_the_parameter(call: object, name: str) -> None:
    with pytest.raises(ValueError, match=name):
        call()  # type: ignore[operator]
