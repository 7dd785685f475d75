"""AppTest for the sequential-revision page: article numbers, edited scores, bad links, scenes, presenter."""

import pytest

from tests.app.helpers import all_text, axis_title, chart_specs, metrics, open_page, trace, trace_names

PAGE = "revision"


def test_defaults_show_the_article_numbers():
    at = open_page(PAGE)
    assert not at.exception and len(at.warning) == 0
    m = metrics(at)
    assert (m["Rounds kept"], m["Selected score"], m["Rounds skipped"]) == ("3", "0.780", "2")
    assert m["Never generated"] == "1"  # round 4 had to be generated to be judged
    assert m["Tokens saved"] == "800" and m["Latency saved"] == "10.0 s"  # 800 tokens at 80 tokens/s
    assert "Round 4 had to be generated" in all_text(at)


def test_chart_specs_have_named_traces_and_axis_titles():
    scores, gains = chart_specs(open_page(PAGE))[:2]
    assert {"Verified scores", "Kept rounds", "Judged and dropped", "Never generated",
            "Model: expected score"} <= trace_names(scores)
    assert axis_title(scores, "xaxis") == "Round (1 = first draft) (round)"
    assert axis_title(scores, "yaxis") == "Verified score (0 to 1)"
    assert axis_title(gains, "yaxis") == "Gain over the previous round (score points)"
    assert trace(scores, "Kept rounds")["x"] == [1, 2, 3]
    assert trace(scores, "Judged and dropped")["x"] == [4]


def test_edited_scores_change_the_stop():
    at = open_page(PAGE)
    at.text_input(key="rev.scores").set_value("0.5, 0.6, 0.7, 0.8").run()
    assert not at.exception and len(at.warning) == 0
    m = metrics(at)
    assert (m["Rounds kept"], m["Rounds skipped"], m["Never generated"]) == ("4", "0", "0")
    assert "saved nothing" in all_text(at)


@pytest.mark.parametrize("bad", ["0.6, abc", "0.6, 1.5", "", ",".join(["0.5"] * 21)])
def test_bad_scores_fall_back_to_the_article_with_one_notice(bad):
    at = open_page(PAGE, {"rev.scores": bad} if bad else None)
    if not bad:
        at.text_input(key="rev.scores").set_value("").run()
    assert not at.exception
    assert len(at.warning) == 1 and "rev.scores" in at.warning[0].value
    assert metrics(at)["Selected score"] == "0.780"


@pytest.mark.parametrize(("key", "value"), [("rev.gain", 0.0), ("rev.gain", 0.1), ("rev.tokens", 8_000),
                                            ("rev.rate", 10), ("rev.fix", 0.0), ("rev.break", 0.0),
                                            ("rev.rounds", 20)])
def test_slider_extremes_render(key, value):
    at = open_page(PAGE)
    at.slider(key=key).set_value(value).run()
    assert not at.exception and at.slider(key=key).value == pytest.approx(value)


def test_fix_plus_break_above_one_hides_the_model_with_a_notice():
    at = open_page(PAGE, {"rev.fix": "0.8", "rev.break": "0.5"})
    assert not at.exception
    assert any("f + b ≤ 1" in w.value for w in at.warning)
    assert "Model: expected score" not in trace_names(chart_specs(at)[0])


def test_garbage_url_params_give_one_notice_and_defaults():
    at = open_page(PAGE, {"rev.gain": "huge", "rev.tokens": "-3", "rev.rounds": "2.5", "scene": "nope"})
    assert not at.exception and len(at.warning) == 1
    for part in ("rev.gain=huge", "rev.tokens=-3", "rev.rounds=2.5", "scene=nope"):
        assert part in at.warning[0].value
    assert metrics(at)["Rounds kept"] == "3"


@pytest.mark.parametrize(("scene", "kept"), [("article", "3"), ("strict-bar", "2"), ("noisy-dip", "2"),
                                             ("harmful-revision", "3")])
def test_each_scene_applies(scene, kept):
    at = open_page(PAGE, {"scene": scene})
    assert not at.exception and len(at.warning) == 0
    assert metrics(at)["Rounds kept"] == kept


def test_prediction_reveals_the_ceiling_and_presenter_mode_renders():
    at = open_page(PAGE, {"scene": "harmful-revision"})
    at.number_input(key="_ui.guess.revision.main").set_value(40.0)
    at.button[[b.label for b in at.button].index("Commit my guess")].click().run()
    text = all_text(at)
    assert "Answer: **40.0 %**" in text and "falls below the first draft" in text
    annotations = chart_specs(at)[0]["layout"]["annotations"]
    assert any("model ceiling 0.400" in a.get("text", "") for a in annotations)

    at = open_page(PAGE, {"present": "true", "scene": "article"})
    assert not at.exception and len(at.get("download_button")) == 0
    at.button(key="_ui.scene_next").click().run()
    assert metrics(at)["Rounds kept"] == "2"
