"""Figure builders of the best-of-N page: trace names, axes with units, values from the sims results."""

import numpy as np
import pytest

from charts import best_of_n as charts
from charts.theme import Curve
from sims.best_of_n import best_of_n_sweep, pass_at_k, pass_at_k_naive, simulate_best_of_n

GRID = np.array([1, 2, 4, 8, 16, 64, 1024])


@pytest.fixture(scope="module")
def sweep():
    return best_of_n_sweep(0.25, GRID)


def test_success_vs_n_draws_each_view_with_units_and_marks_n(sweep):
    for view, keys in charts.VIEWS.items():
        fig = charts.success_vs_n(sweep, n_marked=16, view=view)
        names = [t.name for t in fig.data]
        assert [charts.CURVES[k].name for k in keys] == [n for n in names if n in
                                                         {c.name for c in charts.CURVES.values()}]
        marker = next(t for t in fig.data if t.name == "At N = 16")
        expected = [100 * getattr(sweep, charts.CURVES[k].field)[4] for k in keys]  # GRID[4] == 16
        assert list(marker.y) == pytest.approx(expected)
    assert fig.layout.xaxis.type == "log"
    assert fig.layout.xaxis.title.text == "Samples per problem N (samples, log scale)"
    assert fig.layout.yaxis.title.text == "Chance the returned answer is right (%)"
    tokens = next(t for t in fig.data if t.name == "Tokens (right axis)")
    assert tokens.yaxis == "y2" and list(tokens.y) == [800 * n for n in GRID]


def test_oracle_curve_is_the_closed_form_in_percent(sweep):
    fig = charts.success_vs_n(sweep, n_marked=4, view="oracle")
    oracle = next(t for t in fig.data if t.name == "Oracle")
    np.testing.assert_allclose(oracle.y, 100 * (1 - 0.75 ** GRID))


def test_monte_carlo_band_spans_two_standard_errors(sweep):
    mc = simulate_best_of_n(0.25, [1, 4, 16], trials=2_000, rng=1)
    fig = charts.success_vs_n(sweep, n_marked=16, mc=mc)
    band = next(t for t in fig.data if t.name == "Monte Carlo ±2 SE")
    high, low = np.asarray(band.y[:3]), np.asarray(band.y[3:][::-1])
    np.testing.assert_allclose(high - low, np.minimum(100, 100 * (mc.success_rate + 2 * mc.stderr))
                               - np.maximum(0, 100 * (mc.success_rate - 2 * mc.stderr)))
    table = charts.sweep_table(sweep, mc)
    assert table.loc[table.n_samples == 4, "monte_carlo_oracle_success"].item() == mc.success_rate[1]
    assert np.isnan(table.loc[table.n_samples == 2, "monte_carlo_oracle_success"].item())


def test_ghosts_are_drawn_first(sweep):
    ghost = Curve("Oracle @ p 0.10", (1.0, 2.0), (10.0, 19.0))
    fig = charts.success_vs_n(sweep, n_marked=1, ghosts=[ghost])
    assert fig.data[0].name == "pinned: Oracle @ p 0.10"


def test_article_table_and_point(sweep):
    table = charts.article_table(sweep, (1, 4, 16, 64))
    assert list(table["Oracle"]) == ["25.0%", "68.4%", "99.0%", "100.0%"]
    assert list(table["Selector"]) == ["20.0%", "54.7%", "79.2%", "80.0%"]
    assert list(table["Cost"]) == ["$0.0080", "$0.0320", "$0.1280", "$0.5120"]
    with pytest.raises(ValueError, match="n must be one of"):
        charts.point(sweep, 3)


def test_pass_at_k_curve():
    k = np.arange(1, 11)
    fig = charts.pass_at_k_curve(k, pass_at_k(10, 2, k), pass_at_k_naive(10, 2, k), n=10, c=2, k_marked=5)
    names = [t.name for t in fig.data]
    assert names == ["Unbiased estimator", "Naive plug-in 1-(1-c/n)^k", "k = 5"]
    assert fig.data[2].y[0] == pytest.approx(100 * (1 - 56 / 252))  # 1 - C(8,5)/C(10,5)
    assert fig.layout.xaxis.title.text == "Budget k (samples)"
