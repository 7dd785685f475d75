"""Figure builders of the revision page: rounds coloured by what the stop rule did, gains vs the bar."""

import numpy as np
import pytest

from charts import revision as charts
from sims.revision import early_stop, fix_break_curve_parameters, revision_curve

ARTICLE = (0.61, 0.76, 0.78, 0.781, 0.781)


def test_round_status_follows_the_rule():
    assert charts.round_status(early_stop(ARTICLE, minimum_gain=0.01)) == [
        "kept", "kept", "kept", "generated, then dropped", "never generated"]
    assert charts.round_status(early_stop((0.5, 0.6), minimum_gain=0.01)) == ["kept", "kept"]


def test_scores_per_round_traces_axes_and_stop_line():
    result = early_stop(ARTICLE, minimum_gain=0.01)
    curve = revision_curve(0.61, *fix_break_curve_parameters(0.68, 0.19), 8)
    fig = charts.scores_per_round(ARTICLE, result, curve=curve, show_ceiling=True)
    by_name = {t.name: t for t in fig.data}
    assert list(by_name["Kept rounds"].x) == [1, 2, 3]
    assert list(by_name["Judged and dropped"].x) == [4] and list(by_name["Never generated"].x) == [5]
    assert list(by_name["Model: expected score"].y) == pytest.approx(curve.expected_scores)
    assert fig.layout.xaxis.title.text == "Round (1 = first draft) (round)"
    assert fig.layout.yaxis.title.text == "Verified score (0 to 1)"
    texts = [a.text for a in fig.layout.annotations]
    assert "stop after round 3 (grey: skipped)" in texts
    assert f"model ceiling {curve.ceiling:.3f}" in texts
    hidden = charts.scores_per_round(ARTICLE, result, curve=curve, show_ceiling=False)
    assert not any("ceiling" in (a.text or "") for a in hidden.layout.annotations)


def test_gains_per_round_bars_and_minimum_line():
    result = early_stop(ARTICLE, minimum_gain=0.01)
    fig = charts.gains_per_round(result, minimum_gain=0.01)
    bars = fig.data[0]
    np.testing.assert_allclose(bars.y, np.diff(ARTICLE))
    assert list(bars.x) == [2, 3, 4, 5] and list(bars.text) == ["+0.150", "+0.020", "+0.001", "+0.000"]
    assert any(s.y0 == 0.01 for s in fig.layout.shapes)
    assert fig.layout.yaxis.title.text == "Gain over the previous round (score points)"


def test_round_table_and_pins():
    table = charts.round_table(ARTICLE, early_stop(ARTICLE, minimum_gain=0.01))
    assert list(table["status"])[3] == "generated, then dropped"
    assert np.isnan(table["gain"][0]) and table["gain"][1] == pytest.approx(0.15)
    curves = charts.score_curves(ARTICLE, None)
    assert [c.name for c in curves] == ["Verified scores"] and curves[0].y == ARTICLE
