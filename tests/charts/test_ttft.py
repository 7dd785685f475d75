"""charts.ttft: trace names, axis titles, TTFT values against the closed form, article verdicts."""

from __future__ import annotations

import numpy as np
import pytest

from charts import ttft as charts
from charts.theme import Curve
from sims.latency import (
    ARTICLE_BUDGETS_TOKENS,
    GHOSAL_GSM8K_POINTS,
    budget_grid,
    budget_tradeoff,
    ttft_under_slo,
)


def build(base=180, rate=80, slo=3000, top=2048, ghosts=()):
    trade = budget_tradeoff(
        budget_grid(top, include=(225,)), base_ttft_ms=base, decode_tokens_per_s=rate, slo_ms=slo
    )
    article = ttft_under_slo(ARTICLE_BUDGETS_TOKENS, base_ttft_ms=base, decode_tokens_per_s=rate, slo_ms=slo)
    return trade, charts.ttft_vs_budget(trade, article, measured=GHOSAL_GSM8K_POINTS, ghosts=ghosts)


def by_name(fig):
    return {t.name: t for t in fig.data}


def test_article_defaults() -> None:
    _, fig = build()
    traces = by_name(fig)
    assert set(traces) >= {
        "TTFT",
        "Accuracy (model)",
        "Accuracy (extrapolated)",
        "Measured (Ghosal et al.)",
        "Article budget: fits",
        "Article budget: rejected",
        "Most accurate within the SLO",
    }
    x = np.asarray(traces["TTFT"].x, dtype=float)
    assert np.allclose(traces["TTFT"].y, 180 + x / 80 * 1000)  # closed form, independent of the sim
    assert list(traces["Article budget: fits"].y) == [180, 1780]
    assert list(traces["Article budget: rejected"].y) == [6580, 12980]
    assert list(traces["Most accurate within the SLO"].x) == [225]
    assert fig.layout.xaxis.title.text == "Thinking budget (tokens)"
    assert fig.layout.yaxis.title.text == "Time to first token (ms)"
    assert fig.layout.yaxis2.title.text == "Accuracy, inverted-U model (%)"
    lines = [s for s in fig.layout.shapes if s.type == "line"]
    assert any(s.y0 == 3000 == s.y1 for s in lines) and any(s.x0 == 225 == s.x1 for s in lines)


def test_accuracy_is_dotted_only_outside_the_measured_range() -> None:
    _, fig = build(top=16384)
    traces = by_name(fig)
    x = np.asarray(traces["Accuracy (model)"].x, dtype=float)
    solid = np.asarray(traces["Accuracy (model)"].y, dtype=float)
    dotted = np.asarray(traces["Accuracy (extrapolated)"].y, dtype=float)
    inside = (x >= 385) & (x <= 15980)
    assert np.isnan(solid[~inside]).all() and not np.isnan(solid[inside]).any()
    assert np.isnan(dotted[inside]).all()
    assert traces["Accuracy (extrapolated)"].line.dash == "dot"
    assert list(traces["Measured (Ghosal et al.)"].y) == pytest.approx([82.2, 87.3, 70.3])


def test_nothing_fits_and_ghosts() -> None:
    ghost = Curve("TTFT @ old", (0.0, 1.0), (1.0, 2.0))
    trade, fig = build(base=2000, slo=1000, ghosts=[ghost])
    assert trade.largest_fitting_budget_tokens is None
    assert "Most accurate within the SLO" not in by_name(fig) and fig.data[0].name == "pinned: TTFT @ old"
    assert any("misses the SLO" in (a.text or "") for a in fig.layout.annotations)
    curves = charts.tradeoff_curves(trade)
    assert [c.yaxis for c in curves] == ["y", "y2"]


def test_tables() -> None:
    trade, _ = build()
    article = ttft_under_slo(ARTICLE_BUDGETS_TOKENS, base_ttft_ms=180, decode_tokens_per_s=80, slo_ms=3000)
    t = charts.article_table(article)
    assert t["TTFT (ms)"].tolist() == ["180", "1,780", "6,580", "12,980"]
    assert t["Verdict"].tolist() == ["fits", "fits", "reject", "reject"]
    assert len(charts.tradeoff_table(trade)) == trade.budgets_tokens.size
