"""Routing: send each request down the cheapest path that is good enough and fast enough.

A route is a way to serve a request (single pass, a bounded reasoning budget, verifier-guided
search) with a measured quality, latency and price. This module picks a route under a latency SLO
and a quality floor, draws the cost-quality Pareto frontier, blends a traffic mix of easy, medium
and hard requests under a routing policy, and applies the article's serving gate (reasoning only
for verifiable requests with enough predicted gain).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from sims import _validate as check

__all__ = [
    "ARTICLE_ROUTES",
    "DIFFICULTIES",
    "ILLUSTRATIVE_QUALITY_BY_DIFFICULTY",
    "ILLUSTRATIVE_SHARES",
    "REASONING",
    "SINGLE_PASS",
    "GateDecision",
    "Route",
    "RouteChoice",
    "ServingRequest",
    "TrafficMixResult",
    "best_single_route",
    "choose_route",
    "pareto_frontier",
    "reasoning_count",
    "scaled_slo_ms",
    "serving_gate",
    "single_route_mixes",
    "traffic_mix",
]

REASONING = "reasoning"
SINGLE_PASS = "single-pass"
DIFFICULTIES: tuple[str, ...] = ("easy", "medium", "hard")


@dataclass(frozen=True)
class Route:
    """One way to serve a request, with its measured quality, latency and price.

    Attributes
    ----------
    name : str
        Non-empty label, unique within a route list.
    quality : float
        Verified success rate, in [0, 1].
    latency_ms : float
        End-to-end latency in milliseconds, finite and >= 0.
    cost_usd : float
        Price per request in US dollars, finite and >= 0.
    """

    name: str
    quality: float
    latency_ms: float
    cost_usd: float

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise ValueError(f"name must be a non-empty string, got {self.name!r}")
        object.__setattr__(self, "quality", check.probability("quality", self.quality))
        object.__setattr__(self, "latency_ms", check.number("latency_ms", self.latency_ms, low=0.0))
        object.__setattr__(self, "cost_usd", check.number("cost_usd", self.cost_usd, low=0.0))


# The three routes of the article's measured-routing-policy.py (quality, latency, price as given there).
ARTICLE_ROUTES: tuple[Route, ...] = (
    Route("single-pass", quality=0.78, latency_ms=240.0, cost_usd=0.002),
    Route("bounded-reasoning", quality=0.86, latency_ms=780.0, cost_usd=0.010),
    Route("guided-search", quality=0.90, latency_ms=2600.0, cost_usd=0.045),
)

# Illustrative, not measured: traffic shares of easy / medium / hard requests, and each article
# route's quality per difficulty, chosen so that the share-weighted quality equals the route's
# quality in the article (0.78, 0.86, 0.90). Rows follow ARTICLE_ROUTES, columns DIFFICULTIES.
ILLUSTRATIVE_SHARES: tuple[float, ...] = (0.5, 0.3, 0.2)
ILLUSTRATIVE_QUALITY_BY_DIFFICULTY: tuple[tuple[float, ...], ...] = (
    (0.96, 0.70, 0.45),
    (0.97, 0.85, 0.60),
    (0.97, 0.89, 0.74),
)


@dataclass(frozen=True)
class RouteChoice:
    """Result of :func:`choose_route`.

    Attributes
    ----------
    route : Route or None
        The cheapest eligible route, or None when nothing is eligible.
    eligible : tuple of Route
        Every route that meets both limits, in input order.
    reasons : mapping of str to tuple of str
        For every route name, why it is ineligible (an empty tuple when it is eligible).
    latency_slo_ms, minimum_quality : float
        The limits that were applied.
    """

    route: Route | None
    eligible: tuple[Route, ...]
    reasons: Mapping[str, tuple[str, ...]]
    latency_slo_ms: float
    minimum_quality: float

    @property
    def found(self) -> bool:
        """Whether some route meets both limits."""
        return self.route is not None

    @property
    def message(self) -> str:
        """One readable sentence: the choice, or why nothing qualifies."""
        if self.route is not None:
            r = self.route
            return f"{r.name}: quality {r.quality:.0%}, {r.latency_ms:g} ms, ${r.cost_usd:.3f}"
        why = "; ".join(f"{name}: {', '.join(reasons)}" for name, reasons in self.reasons.items())
        return (
            f"No route meets latency <= {self.latency_slo_ms:g} ms and quality >= "
            f"{self.minimum_quality:.0%} ({why})"
        )


def _check_routes(routes: Sequence[Route]) -> tuple[Route, ...]:
    routes = tuple(routes)
    if not routes:
        raise ValueError("routes must hold at least one Route, got an empty list")
    for route in routes:
        if not isinstance(route, Route):
            raise ValueError(f"routes must contain Route objects, got {route!r}")
    names = [route.name for route in routes]
    if len(set(names)) != len(names):
        raise ValueError(f"routes must have unique names, got {names}")
    return routes


def _rejections(route: Route, latency_slo_ms: float, minimum_quality: float) -> tuple[str, ...]:
    reasons = []
    if route.latency_ms > latency_slo_ms:
        reasons.append(f"latency {route.latency_ms:g} ms > SLO {latency_slo_ms:g} ms")
    if route.quality < minimum_quality:
        reasons.append(f"quality {route.quality:.1%} < floor {minimum_quality:.1%}")
    return tuple(reasons)


def choose_route(routes: Sequence[Route], *, latency_slo_ms: float, minimum_quality: float) -> RouteChoice:
    """Cheapest route whose latency meets the SLO and whose quality meets the floor.

    Ties on price go to the higher quality, then the lower latency, then the earlier route.

    Parameters
    ----------
    routes : sequence of Route
        Candidate routes, at least one, with unique names.
    latency_slo_ms : float
        Latency limit in milliseconds, > 0 (``inf`` for none). A route exactly at the limit fits.
    minimum_quality : float
        Quality floor, in [0, 1]. A route exactly at the floor qualifies.

    Returns
    -------
    RouteChoice
        The chosen route, or ``route=None`` with the reasons each route failed. Nothing fitting
        is a normal outcome, not an error.

    References
    ----------
    The article's ``measured-routing-policy.py``.

    Examples
    --------
    >>> choice = choose_route(ARTICLE_ROUTES, latency_slo_ms=1000, minimum_quality=0.84)
    >>> choice.route.name, choice.route.latency_ms, choice.route.cost_usd
    ('bounded-reasoning', 780.0, 0.01)
    """
    routes = _check_routes(routes)
    latency_slo_ms = float(latency_slo_ms)
    if not latency_slo_ms > 0.0:  # also rejects NaN
        raise ValueError(f"latency_slo_ms must be > 0 (inf allowed), got {latency_slo_ms!r}")
    minimum_quality = check.probability("minimum_quality", minimum_quality)

    reasons = {route.name: _rejections(route, latency_slo_ms, minimum_quality) for route in routes}
    eligible = tuple(route for route in routes if not reasons[route.name])
    chosen = min(eligible, key=lambda route: (route.cost_usd, -route.quality, route.latency_ms), default=None)
    return RouteChoice(
        route=chosen,
        eligible=eligible,
        reasons=MappingProxyType(reasons),
        latency_slo_ms=latency_slo_ms,
        minimum_quality=minimum_quality,
    )


def pareto_frontier(routes: Sequence[Route]) -> tuple[Route, ...]:
    """Routes that no other route beats on both price and quality, cheapest first.

    A route is dominated when another costs no more and is at least as good, and is strictly
    better on one of the two. Routes with identical price and quality do not dominate each other,
    so both stay on the frontier.

    Parameters
    ----------
    routes : sequence of Route
        At least one route, unique names.

    Returns
    -------
    tuple of Route
        The non-dominated routes, by ascending price (then input order).

    References
    ----------
    Pareto efficiency; the cost-quality view of routing in the article's "Compute-optimal inference".

    Examples
    --------
    >>> [route.name for route in pareto_frontier(ARTICLE_ROUTES)]
    ['single-pass', 'bounded-reasoning', 'guided-search']
    """
    routes = _check_routes(routes)
    order = sorted(range(len(routes)), key=lambda i: (routes[i].cost_usd, -routes[i].quality, i))
    frontier: list[Route] = []
    best_cheaper = -math.inf  # best quality among strictly cheaper routes
    index = 0
    while index < len(order):
        cost = routes[order[index]].cost_usd
        group = [routes[i] for i in order[index:] if routes[i].cost_usd == cost]
        top = group[0].quality  # sorted by descending quality within a price
        if top > best_cheaper:
            frontier.extend(route for route in group if route.quality == top)
        best_cheaper = max(best_cheaper, top)
        index += len(group)
    return tuple(frontier)


@dataclass(frozen=True)
class TrafficMixResult:
    """Blended outcome of serving a traffic mix under one routing policy.

    Attributes
    ----------
    policy : tuple of str
        Route name used for each difficulty class.
    difficulties : tuple of str
        Class labels, in the order of ``shares``.
    shares : ndarray of float, shape (K,)
        Fraction of requests in each class (sums to 1).
    quality_by_difficulty : ndarray of float, shape (K,)
        Quality the chosen route reaches on each class.
    quality : float
        Share-weighted mean quality.
    cost_usd : float
        Mean price per request.
    latency_ms : float
        Mean latency per request.
    share_over_slo : float
        Fraction of requests sent to a route slower than the latency SLO.
    latency_slo_ms : float
        The SLO used for ``share_over_slo``.
    """

    policy: tuple[str, ...]
    difficulties: tuple[str, ...]
    shares: NDArray[np.float64]
    quality_by_difficulty: NDArray[np.float64]
    quality: float
    cost_usd: float
    latency_ms: float
    share_over_slo: float
    latency_slo_ms: float


def _check_mix(
    routes: Sequence[Route], quality_table: ArrayLike, shares: ArrayLike
) -> tuple[tuple[Route, ...], NDArray[np.float64], NDArray[np.float64]]:
    routes = _check_routes(routes)
    share = check.probabilities("shares", shares)
    if share.ndim != 1:
        raise ValueError(f"shares must be a 1-D sequence of fractions in [0, 1], got shape {share.shape}")
    if not math.isclose(float(share.sum()), 1.0, abs_tol=1e-9):
        raise ValueError(f"shares must sum to 1, got {float(share.sum())!r}")
    table = check.probabilities("quality_table", quality_table)
    if table.shape != (len(routes), share.size):
        raise ValueError(
            f"quality_table must have shape (routes, difficulties) = ({len(routes)}, {share.size}), "
            f"got {table.shape}"
        )
    return routes, table, share / share.sum()


def traffic_mix(
    routes: Sequence[Route],
    quality_table: ArrayLike,
    shares: ArrayLike,
    policy: Sequence[str],
    *,
    latency_slo_ms: float,
    difficulties: Sequence[str] = DIFFICULTIES,
) -> TrafficMixResult:
    """Blend quality, price and latency over classes of requests sent to different routes.

    Parameters
    ----------
    routes : sequence of Route
        Available routes (their ``latency_ms`` and ``cost_usd`` are used per request).
    quality_table : array_like, shape (len(routes), K)
        Quality of each route on each difficulty class, in [0, 1].
    shares : array_like, shape (K,)
        Fraction of traffic in each class, each in [0, 1], summing to 1.
    policy : sequence of str, length K
        Route name for each class, e.g. ``("single-pass", "bounded-reasoning", "guided-search")``.
    latency_slo_ms : float
        Latency SLO in milliseconds, > 0, used to count the share of requests over it.
    difficulties : sequence of str, optional
        Labels for the K classes. Default ``("easy", "medium", "hard")``.

    Returns
    -------
    TrafficMixResult
        Share-weighted quality, mean price and latency, and share over the SLO. Each is a convex
        combination of the per-class values.

    References
    ----------
    The article's follow-up "How would you set a first-pass router for mixed workloads?".

    Examples
    --------
    >>> mix = traffic_mix(ARTICLE_ROUTES, ILLUSTRATIVE_QUALITY_BY_DIFFICULTY, ILLUSTRATIVE_SHARES,
    ...                   ("single-pass", "bounded-reasoning", "guided-search"), latency_slo_ms=1000)
    >>> round(mix.quality, 3), round(mix.cost_usd, 4), round(mix.share_over_slo, 2)
    (0.883, 0.013, 0.2)
    """
    routes, table, share = _check_mix(routes, quality_table, shares)
    labels = tuple(difficulties)
    if len(labels) != share.size:
        raise ValueError(f"difficulties must have {share.size} labels, got {len(labels)}")
    policy = tuple(policy)
    if len(policy) != share.size:
        raise ValueError(f"policy must name one route per difficulty ({share.size}), got {len(policy)}")
    index = {route.name: i for i, route in enumerate(routes)}
    unknown = [name for name in policy if name not in index]
    if unknown:
        raise ValueError(f"policy must use route names from {sorted(index)}, got unknown {unknown}")
    latency_slo_ms = float(latency_slo_ms)
    if not latency_slo_ms > 0.0:
        raise ValueError(f"latency_slo_ms must be > 0 (inf allowed), got {latency_slo_ms!r}")

    rows = np.array([index[name] for name in policy])
    quality = table[rows, np.arange(share.size)]  # (K,)
    cost = np.array([routes[i].cost_usd for i in rows])
    latency = np.array([routes[i].latency_ms for i in rows])
    return TrafficMixResult(
        policy=policy,
        difficulties=labels,
        shares=share,
        quality_by_difficulty=quality,
        quality=float(share @ quality),
        cost_usd=float(share @ cost),
        latency_ms=float(share @ latency),
        share_over_slo=float(share[latency > latency_slo_ms].sum()),
        latency_slo_ms=latency_slo_ms,
    )


def single_route_mixes(
    routes: Sequence[Route],
    quality_table: ArrayLike,
    shares: ArrayLike,
    *,
    latency_slo_ms: float,
    difficulties: Sequence[str] = DIFFICULTIES,
) -> tuple[TrafficMixResult, ...]:
    """The baseline of sending every request to one route, for each route in turn.

    Parameters are those of :func:`traffic_mix` without ``policy``.

    Returns
    -------
    tuple of TrafficMixResult
        One result per route, in route order.

    References
    ----------
    Baseline for :func:`traffic_mix`.

    Examples
    --------
    >>> mixes = single_route_mixes(ARTICLE_ROUTES, ILLUSTRATIVE_QUALITY_BY_DIFFICULTY,
    ...                            ILLUSTRATIVE_SHARES, latency_slo_ms=1000)
    >>> [round(mix.quality, 2) for mix in mixes]
    [0.78, 0.86, 0.9]
    """
    routes, _, share = _check_mix(routes, quality_table, shares)
    return tuple(
        traffic_mix(
            routes,
            quality_table,
            shares,
            (route.name,) * share.size,
            latency_slo_ms=latency_slo_ms,
            difficulties=difficulties,
        )
        for route in routes
    )


@dataclass(frozen=True)
class ServingRequest:
    """A request kind as the serving gate sees it.

    Attributes
    ----------
    kind : str
        Label such as ``"capacity_math"``.
    verifiable : bool
        Whether a checker can tell a right answer from a wrong one.
    predicted_gain : float
        Expected quality gain of reasoning over a single pass, in [-1, 1].
    """

    kind: str
    verifiable: bool
    predicted_gain: float

    def __post_init__(self) -> None:
        if not isinstance(self.kind, str) or not self.kind:
            raise ValueError(f"kind must be a non-empty string, got {self.kind!r}")
        if not isinstance(self.verifiable, bool | np.bool_):
            raise ValueError(f"verifiable must be True or False, got {self.verifiable!r}")
        object.__setattr__(self, "verifiable", bool(self.verifiable))
        gain = check.number("predicted_gain", self.predicted_gain, low=-1.0, high=1.0)
        object.__setattr__(self, "predicted_gain", gain)


@dataclass(frozen=True)
class GateDecision:
    """Serving-gate verdict for one request.

    Attributes
    ----------
    kind : str
        The request kind.
    route : str
        ``"reasoning"`` or ``"single-pass"``.
    reason : str
        Why, in a few words.
    """

    kind: str
    route: str
    reason: str


def _as_request(request: ServingRequest | Mapping[str, Any]) -> ServingRequest:
    if isinstance(request, ServingRequest):
        return request
    if not isinstance(request, Mapping):
        raise ValueError(f"requests must be ServingRequest objects or mappings, got {request!r}")
    missing = {"kind", "verifiable", "predicted_gain"} - set(request)
    if missing:
        raise ValueError(f"each request needs kind, verifiable and predicted_gain; missing {sorted(missing)}")
    return ServingRequest(request["kind"], request["verifiable"], request["predicted_gain"])


def serving_gate(
    requests: Iterable[ServingRequest | Mapping[str, Any]], *, minimum_gain: float
) -> tuple[GateDecision, ...]:
    """Send a request to reasoning only when it is verifiable and the predicted gain is large enough.

    Parameters
    ----------
    requests : iterable of ServingRequest or mapping
        Each with ``kind``, ``verifiable`` and ``predicted_gain`` (in [-1, 1]); mappings such as
        ``{"kind": "extract", "verifiable": True, "predicted_gain": 0.0}`` are accepted.
    minimum_gain : float
        Smallest predicted gain that earns the reasoning path, in [0, 1]. A gain exactly at the
        threshold qualifies.

    Returns
    -------
    tuple of GateDecision
        One decision per request, in order.

    References
    ----------
    The article's ``serving-budget-gate.py``.

    Examples
    --------
    >>> gate = serving_gate([{"kind": "capacity_math", "verifiable": True, "predicted_gain": 0.09}],
    ...                     minimum_gain=0.05)
    >>> gate[0].route
    'reasoning'
    """
    minimum_gain = check.probability("minimum_gain", minimum_gain)
    decisions = []
    for request in map(_as_request, requests):
        if not request.verifiable:
            route, reason = SINGLE_PASS, "no verifier to check a reasoning answer"
        elif request.predicted_gain < minimum_gain:
            route, reason = SINGLE_PASS, f"predicted gain {request.predicted_gain:+.2f} < {minimum_gain:.2f}"
        else:
            route, reason = REASONING, f"verifiable, predicted gain {request.predicted_gain:+.2f}"
        decisions.append(GateDecision(request.kind, route, reason))
    return tuple(decisions)


# ------------------------------------------------------------------------------ page summaries


def scaled_slo_ms(latency_slo_ms: float, factor: float) -> float:
    """A latency SLO multiplied by ``factor``, for "what if the SLO were halved?".

    Parameters
    ----------
    latency_slo_ms : float
        The SLO in ms, finite and > 0.
    factor : float
        Multiplier, finite and > 0.

    Returns
    -------
    float
        The scaled SLO in ms.

    Example
    -------
    >>> scaled_slo_ms(1000, 0.5)
    500.0
    """
    return check.positive("latency_slo_ms", latency_slo_ms) * check.positive("factor", factor)


def best_single_route(mixes: Sequence[TrafficMixResult]) -> TrafficMixResult:
    """The single-route mix with the highest blended quality; ties go to the cheaper one.

    Parameters
    ----------
    mixes : sequence of TrafficMixResult
        At least one, e.g. from :func:`single_route_mixes`.

    Returns
    -------
    TrafficMixResult
        The mix that sends everything down the best single route.

    Example
    -------
    >>> mixes = single_route_mixes(ARTICLE_ROUTES, ILLUSTRATIVE_QUALITY_BY_DIFFICULTY,
    ...                            ILLUSTRATIVE_SHARES, latency_slo_ms=1000)
    >>> best_single_route(mixes).policy[0]
    'guided-search'
    """
    if not mixes:
        raise ValueError("mixes must hold at least one TrafficMixResult, got none")
    return max(mixes, key=lambda mix: (mix.quality, -mix.cost_usd))


def reasoning_count(decisions: Sequence[GateDecision]) -> int:
    """How many gate decisions send their request to the reasoning route.

    Parameters
    ----------
    decisions : sequence of GateDecision
        E.g. from :func:`serving_gate`.

    Returns
    -------
    int
        Requests routed to ``REASONING``.

    Example
    -------
    >>> from sims.route_table import ARTICLE_REQUESTS
    >>> reasoning_count(serving_gate(ARTICLE_REQUESTS, minimum_gain=0.05))
    1
    """
    return sum(decision.route == REASONING for decision in decisions)
