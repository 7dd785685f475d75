"""Figure builders of the two-axes page: power law on log axes, the sweet spot, the held-back inverted U."""

import numpy as np
import pytest

from charts import two_axes as charts
from sims.latency import GHOSAL_GSM8K, GHOSAL_GSM8K_POINTS, accuracy_at_budget, best_budget_under_limit
from sims.scaling import power_law_loss

BUDGETS, ACCURACY, LATENCY = (0, 128, 512, 2048), (0.71, 0.78, 0.83, 0.80), (220, 310, 610, 1840)


def test_train_power_law_is_split_at_the_measured_range():
    flops = np.geomspace(1e15, 1e27, 13)
    loss = power_law_loss(flops)
    fig = charts.train_power_law(flops, loss, measured_flops=(1e16, 1e21), model_flops=8.4e22,
                                 model_loss=float(power_law_loss(8.4e22)), model_label="7B × 2T")
    solid, dotted, marker = fig.data
    assert solid.name == "Power law (measured range)" and dotted.name == "Power law (extrapolated)"
    assert marker.name == "7B × 2T"
    inside = (flops >= 1e16) & (flops <= 1e21)
    assert np.isnan(np.asarray(solid.y, float)[~inside]).all()
    assert np.isnan(np.asarray(dotted.y, float)[inside]).all()
    assert fig.layout.xaxis.type == "log" and fig.layout.yaxis.type == "log"
    assert fig.layout.xaxis.title.text == "Training compute C = 6ND (FLOPs, log scale)"


@pytest.mark.parametrize(("limit", "chosen"), [(1000, 512), (400, 128), (100, None)])
def test_budget_sweet_spot_marks_the_choice(limit, chosen):
    choice = best_budget_under_limit(BUDGETS, ACCURACY, LATENCY, latency_limit_ms=limit)
    fig = charts.budget_sweet_spot(BUDGETS, ACCURACY, LATENCY, choice, latency_limit_ms=limit)
    names = [t.name for t in fig.data]
    assert names[:2] == ["Latency (left axis)", "Accuracy (right axis)"]
    assert (f"Chosen: {chosen} tokens" in names) is (chosen is not None)
    assert any(s.y0 == limit for s in fig.layout.shapes)
    assert fig.layout.yaxis.title.text == "Latency (ms)"
    assert fig.layout.yaxis2.title.text == "Verified accuracy (%)"
    table = charts.budget_table(BUDGETS, ACCURACY, LATENCY, choice)
    assert list(table["within_limit"]) == [t <= limit for t in LATENCY]


def test_ghosal_curve_holds_back_the_long_budget_until_revealed():
    think = np.geomspace(100, 30_000, 41)
    acc = accuracy_at_budget(think, GHOSAL_GSM8K)
    kwargs = {"peak_budget_tokens": GHOSAL_GSM8K.peak_budget_tokens,
              "peak_accuracy": GHOSAL_GSM8K.peak_accuracy}
    hidden = charts.ghosal_curve(think, acc, GHOSAL_GSM8K_POINTS, reveal=False, **kwargs)
    assert max(hidden.data[0].x) <= 1100 and list(hidden.data[1].x) == [385, 1100]
    shown = charts.ghosal_curve(think, acc, GHOSAL_GSM8K_POINTS, reveal=True, **kwargs)
    assert list(shown.data[1].y) == pytest.approx([82.2, 87.3, 70.3])
    assert "Peak of the fit" in [t.name for t in shown.data]
    assert shown.layout.xaxis.title.text == "Thinking tokens (tokens, log scale)"
