"""charts.deepseek_r1: the pipeline has every stage, the score chart plots the cited numbers."""

import pytest

from charts import deepseek_r1 as charts
from charts.theme import Curve
from sims import distillation as d


@pytest.fixture(scope="module")
def data() -> d.DistillationData:
    return d.load_distillation()


def test_pipeline_has_every_stage_and_the_r1_zero_numbers(data):
    fig = charts.pipeline(data.stages, data.r1_zero, data.teacher)
    texts = " ".join(a.text for a in fig.layout.annotations if a.text)
    for stage in data.stages:
        assert stage.title in texts
    assert "15.6% → 71.0%" in texts and "79.8%" in texts
    assert len(fig.layout.shapes) == len(data.stages)
    assert {t.name for t in fig.data} == set(charts.LANE_LABEL.values())


def test_pipeline_highlight_fades_other_lanes(data):
    fig = charts.pipeline(data.stages, data.r1_zero, data.teacher, highlight="r1_zero")
    faded = [s for s in fig.layout.shapes if s.opacity < 1]
    assert len(faded) == sum(s.lane != "r1_zero" for s in data.stages)


def test_scores_vs_size_plots_the_cited_scores(data):
    comparisons = [d.compare_students(data, benchmark="aime", metric=m) for m in ("pass1", "cons64")]
    fig = charts.scores_vs_size(comparisons, data.teacher, ghosts=[Curve("old", (1.5,), (1.0,))])
    by_name = {t.name: t for t in fig.data}
    assert list(by_name["Qwen students, pass@1"].y) == [28.9, 55.5, 69.7, 72.6]
    assert list(by_name["Llama students, cons@64"].y) == [80.0, 86.7]
    assert list(by_name["Qwen students, pass@1"].x) == [1.5, 7, 14, 32]
    assert "pinned: old" in by_name
    assert fig.layout.xaxis.title.text == "Student parameters (billions, log scale)"
    assert fig.layout.yaxis.title.text == "AIME 2024 score (% of problems)"
    assert "79.8%" in fig.layout.annotations[0].text
    table = charts.comparison_table(comparisons)
    assert len(table) == 12 and set(table["metric"]) == {"pass@1", "cons@64"}


def test_share_view_is_percent_of_r1(data):
    c = d.compare_students(data, benchmark="math500", metric="pass1", family="llama")
    fig = charts.scores_vs_size([c], data.teacher, share=True)
    assert list(fig.data[0].y) == pytest.approx([100 * 89.1 / 97.3, 100 * 94.5 / 97.3])
    assert fig.layout.yaxis.title.text == "Share of R1's score (%)"
    curves = charts.comparison_curves([c], share=True)
    assert curves[0].y == pytest.approx((100 * 89.1 / 97.3, 100 * 94.5 / 97.3))


def test_consensus_dumbbell(data):
    gain = d.consensus_gain(data)
    fig = charts.consensus_dumbbell(gain)
    cons = next(t for t in fig.data if t.name == "cons@64 (majority of 64)")
    assert list(cons.text) == [f"+{g:.1f}" for g in gain.gain_points]
    assert fig.layout.xaxis.title.text == "AIME 2024 score (% of problems)"
    assert list(charts.consensus_table(gain)["gain_points"]) == pytest.approx(list(gain.gain_points))
