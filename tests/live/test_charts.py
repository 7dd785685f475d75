"""charts/live.py figures and tables, including a stopped run and a server that reports no reasoning."""

from __future__ import annotations

import dataclasses

from charts import live as charts
from live.aggregate import notice, summarize
from live.experiment import ExperimentSpec, RequestRecord
from tests.live.test_aggregate import hand_made_run


def test_curves_figure_has_three_named_traces_with_units_and_the_simulated_label():
    arms = summarize(hand_made_run())
    fig = charts.curves_figure(arms, simulated=True)
    assert {t.name for t in fig.data} == {"pass@k, measured (a checker picks)",
                                          "1 - (1 - p)^k, independent samples", "majority vote, measured"}
    assert "(simulated model)" in fig.layout.title.text
    assert fig.layout.xaxis.title.text == "Samples k (samples), effort low"
    assert fig.layout.yaxis.title.text == "Items solved (%)"
    measured = next(t for t in fig.data if t.name.startswith("pass@k"))
    assert list(measured.y) == [100 * v for v in arms[0].pass_at_k]
    assert "pass@4 " in charts.curves_alt(arms)
    table = charts.curves_table(arms)
    assert list(table.columns) == ["effort", "k_samples", "pass_at_k", "theory_independent", "majority_vote"]
    assert len(table) == 4


def test_tokens_not_reported_are_labelled_never_zero():
    result = hand_made_run()  # one item left reasoning tokens null
    fig = charts.tokens_figure(summarize(result), simulated=False)
    by_name = {t.name: list(t.y) for t in fig.data}
    assert set(by_name) == {"output, reasoning not reported"}  # no visible/reasoning split to draw
    assert by_name["output, reasoning not reported"] == [200.0]  # 1,600 output tokens over 8 answers
    assert any("not reported" in a.text for a in fig.layout.annotations)
    table = charts.items_table(summarize(result))
    assert table.loc[1, "reasoning tokens per answer"] == "not reported"
    assert table.loc[0, "reasoning tokens per answer"] == "200"


def test_a_stopped_run_with_an_empty_effort_level_still_draws():
    result = hand_made_run()
    result.spec = dataclasses.replace(result.spec, efforts=("low", "high"))
    arms = summarize(result)
    assert arms[1].accuracy is None and arms[1].pass_at_k == ()
    for build in (charts.curves_figure, charts.tokens_figure, charts.latency_figure):
        build(arms, simulated=True)
    assert "effort high: no answers" in charts.curves_alt(arms)
    assert all("high" not in s for s in notice(arms))


def test_latency_figure_says_when_ttft_was_not_measured():
    result = hand_made_run()
    result.samples = [dataclasses.replace(s, ttft_ms=None) for s in result.samples]
    fig = charts.latency_figure(summarize(result), simulated=False)
    assert any("not measured" in a.text for a in fig.layout.annotations)
    assert fig.layout.yaxis.title.text == "Time (ms)"


def test_notice_sentences_are_computed_from_the_numbers():
    sentences = notice(summarize(hand_made_run()))
    assert sentences[0].startswith("Effort low: one sample is right 38% of the time; with 4 samples")
    # strawberry ends in a 2-2 tie (a coin flip, 50%), 847 x 293 loses 1 to 2 (0%): 25% on average
    assert "majority vote 25%" in sentences[0] and "succeeds 100%" in sentences[0]


def test_two_levels_are_compared_with_reasoning_or_its_absence():
    result = hand_made_run()
    result.spec = ExperimentSpec(taskset="quick", item_ids=result.spec.item_ids, samples=4,
                                 efforts=("low", "high"))
    result.samples += [dataclasses.replace(s, arm="high") for s in result.samples]
    result.requests += [dataclasses.replace(r, arm="high", index=r.index + 2) for r in result.requests]
    assert "the server did not report reasoning tokens" in notice(summarize(result))[-1]
    result.requests = [dataclasses.replace(r, reasoning_tokens=100) if isinstance(r, RequestRecord) else r
                       for r in result.requests]
    assert "reasoning tokens per answer 25 vs 25" in notice(summarize(result))[-1]


def test_reported_reasoning_is_split_into_visible_and_hidden():
    result = hand_made_run()
    result.requests[1] = dataclasses.replace(result.requests[1], reasoning_tokens=500)
    fig = charts.tokens_figure(summarize(result), simulated=False)
    by_name = {t.name: list(t.y) for t in fig.data}
    assert by_name == {"visible answer": [(1600 - 1300) / 8], "hidden reasoning": [1300 / 8]}
