"""Routing inputs a student edits: a route table, traffic shares and the article's gate requests.

A table edited in the browser can hold anything: blank names, text in a number column, negative
prices, NaN. :func:`clean_route_table` keeps the usable rows as :class:`sims.routing.Route` objects
plus their quality per difficulty, and explains every row or cell it left out, so a page can show a
friendly notice and fall back to the article's routes instead of failing.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from sims import _validate as check
from sims.routing import (
    ARTICLE_ROUTES,
    DIFFICULTIES,
    ILLUSTRATIVE_QUALITY_BY_DIFFICULTY,
    ILLUSTRATIVE_SHARES,
    Route,
    ServingRequest,
)

__all__ = [
    "ARTICLE_POLICY",
    "ARTICLE_REQUESTS",
    "COLUMNS",
    "DEFAULT_SHARE_PERCENTS",
    "MAX_COST_USD",
    "MAX_LATENCY_MS",
    "RouteTable",
    "ShareMix",
    "clean_route_table",
    "default_policy",
    "default_route_rows",
    "normalise_shares",
]

MAX_COST_USD = 1_000.0
MAX_LATENCY_MS = 3_600_000.0
COLUMNS: tuple[str, ...] = ("name", "quality_pct", "latency_ms", "cost_usd",
                            *(f"{d}_pct" for d in DIFFICULTIES))
"""Column names of the editable route table (qualities in percent)."""

DEFAULT_SHARE_PERCENTS: tuple[int, ...] = tuple(round(100 * share) for share in ILLUSTRATIVE_SHARES)
"""The illustrative easy / medium / hard traffic shares as whole percents, for sliders."""
ARTICLE_POLICY: tuple[str, ...] = ("single-pass", "bounded-reasoning", "guided-search")
"""The article's first-pass router: easy -> single pass, medium -> bounded reasoning, hard -> search."""

ARTICLE_REQUESTS: tuple[ServingRequest, ...] = (
    ServingRequest("extract", True, 0.00),
    ServingRequest("capacity_math", True, 0.09),
    ServingRequest("creative_copy", False, 0.03),
)
"""The requests of the article's ``serving-budget-gate.py`` (its minimum gain is 0.05)."""


def default_route_rows() -> list[dict[str, object]]:
    """The article's three routes as table rows, with the illustrative quality per difficulty.

    Example
    -------
    >>> default_route_rows()[1]["name"], default_route_rows()[1]["quality_pct"]
    ('bounded-reasoning', 86.0)
    """
    rows: list[dict[str, object]] = []
    for route, by_class in zip(ARTICLE_ROUTES, ILLUSTRATIVE_QUALITY_BY_DIFFICULTY, strict=True):
        row: dict[str, object] = {"name": route.name, "quality_pct": round(100 * route.quality, 6),
                                  "latency_ms": route.latency_ms, "cost_usd": route.cost_usd}
        row |= {f"{d}_pct": round(100 * q, 6) for d, q in zip(DIFFICULTIES, by_class, strict=True)}
        rows.append(row)
    return rows


@dataclass(frozen=True)
class RouteTable:
    """Usable routes of an edited table, their quality per difficulty, and what was left out.

    ``quality_by_difficulty`` has shape (len(routes), len(DIFFICULTIES)), fractions in [0, 1].
    ``used_defaults`` is True when no row was usable and the article's routes were returned.
    """

    routes: tuple[Route, ...]
    quality_by_difficulty: NDArray[np.float64]
    problems: tuple[str, ...]
    used_defaults: bool


def _blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return str(value).strip() in ("", "nan", "None", "<NA>", "NaN")


def _name(value: object, k: int, seen: set[str]) -> str:
    base = f"route {k}" if _blank(value) else str(value).strip()[:40]
    name, n = base, 2
    while name in seen:
        name, n = f"{base} ({n})", n + 1
    seen.add(name)
    return name


def clean_route_table(rows: Sequence[Mapping[str, object]]) -> RouteTable:
    """Keep the valid rows of a user-edited route table; explain every rejected row or cell.

    A row needs ``quality_pct`` in [0, 100], ``latency_ms`` in [0, 3,600,000] and ``cost_usd`` in
    [0, 1,000]; otherwise it is left out with a message. A blank name becomes "route k", duplicate
    names get a suffix. A per-difficulty quality (``easy_pct`` ...) that is blank takes the row's
    overall quality; one that is invalid does too, with a message. An empty result falls back to
    the article's routes (``used_defaults``).

    Parameters
    ----------
    rows : sequence of mapping
        Table rows keyed by :data:`COLUMNS` (extra keys ignored, missing keys count as blank).

    Returns
    -------
    RouteTable

    References
    ----------
    The article's ``measured-routing-policy.py`` (default routes).

    Example
    -------
    >>> t = clean_route_table([{"name": "a", "quality_pct": 80, "latency_ms": 100, "cost_usd": -1}])
    >>> t.used_defaults, len(t.routes), t.problems[0].startswith("a: left out")
    (True, 3, True)
    """
    routes: list[Route] = []
    table: list[list[float]] = []
    problems: list[str] = []
    seen: set[str] = set()
    limits = {"quality_pct": (0.0, 100.0, "a quality from 0 to 100 %"),
              "latency_ms": (0.0, MAX_LATENCY_MS, f"a latency from 0 to {MAX_LATENCY_MS:,.0f} ms"),
              "cost_usd": (0.0, MAX_COST_USD, f"a cost from 0 to {MAX_COST_USD:,.0f} USD")}
    for k, row in enumerate(rows, start=1):
        if all(_blank(row.get(col)) for col in COLUMNS):
            continue  # an empty row the editor added: nothing to report
        values = {col: check.cell_number(row.get(col), low, high) for col, (low, high, _) in limits.items()}
        bad = [f"{col} = {row.get(col)!r} (needs {limits[col][2]})" for col, v in values.items() if v is None]
        label = f"route {k}" if _blank(row.get("name")) else str(row.get("name")).strip()[:40]
        if bad:
            problems.append(f"{label}: left out, " + "; ".join(bad))
            continue
        name = _name(row.get("name"), k, seen)
        quality = (values["quality_pct"] or 0.0) / 100
        by_class = []
        for d in DIFFICULTIES:
            raw = row.get(f"{d}_pct")
            q = check.cell_number(raw, 0.0, 100.0)
            if q is None and not _blank(raw):
                problems.append(f"{name}: {d}_pct = {raw!r} is not a quality from 0 to 100 %; "
                                f"using its overall {100 * quality:g} %")
            by_class.append(quality if q is None else q / 100)
        routes.append(Route(name, quality, values["latency_ms"] or 0.0, values["cost_usd"] or 0.0))
        table.append(by_class)
    if not routes:
        problems.append("the route table has no usable row, so the article's three routes are used")
        return RouteTable(ARTICLE_ROUTES, np.asarray(ILLUSTRATIVE_QUALITY_BY_DIFFICULTY, dtype=np.float64),
                          tuple(problems), True)
    return RouteTable(tuple(routes), np.asarray(table, dtype=np.float64), tuple(problems), False)


@dataclass(frozen=True)
class ShareMix:
    """Traffic shares that sum to 1, and a message if the given weights could not be used."""

    shares: NDArray[np.float64]
    problem: str


def normalise_shares(weights: ArrayLike) -> ShareMix:
    """Turn non-negative weights (e.g. percentages that need not add to 100) into shares summing to 1.

    All-zero, negative or non-numeric weights fall back to ``ILLUSTRATIVE_SHARES`` with a message.

    Parameters
    ----------
    weights : array_like of float, one per difficulty class
        Relative amounts of traffic.

    Returns
    -------
    ShareMix

    Example
    -------
    >>> normalise_shares([50, 30, 20]).shares.tolist()
    [0.5, 0.3, 0.2]
    """
    fallback = np.asarray(ILLUSTRATIVE_SHARES, dtype=np.float64)
    try:
        w = np.asarray(weights, dtype=np.float64)
    except (TypeError, ValueError):
        return ShareMix(fallback, f"weights must be numbers, got {weights!r}; using 50/30/20")
    if w.shape != fallback.shape or not np.isfinite(w).all() or (w < 0).any() or w.sum() <= 0:
        return ShareMix(fallback, "traffic shares must be >= 0 and not all 0; using 50/30/20")
    return ShareMix(w / w.sum(), "")


def default_policy(routes: Sequence[Route]) -> tuple[str, ...]:
    """A route name per difficulty: the article's policy when those routes exist, else by price.

    Without the article's routes: the cheapest route for easy requests, the one of median price
    for medium, and the highest quality one for hard.

    Example
    -------
    >>> default_policy(ARTICLE_ROUTES)
    ('single-pass', 'bounded-reasoning', 'guided-search')
    """
    names = [r.name for r in routes]
    if not names:
        raise ValueError("routes must hold at least one Route")
    if all(n in names for n in ARTICLE_POLICY):
        return ARTICLE_POLICY
    by_cost = sorted(routes, key=lambda r: (r.cost_usd, -r.quality))
    best = max(routes, key=lambda r: (r.quality, -r.cost_usd))
    return (by_cost[0].name, by_cost[len(by_cost) // 2].name, best.name)
