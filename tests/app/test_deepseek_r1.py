"""AppTest for the DeepSeek-R1 page: cited numbers on screen, controls, bad links, scenes, presenter."""

import pytest

from tests.app.helpers import all_text, arr, axis_title, chart_specs, metric, open_page, trace_names

PAGE = "deepseek_r1"


def _lines(at) -> dict[str, list[float]]:
    return {t["name"]: arr(t["y"]) for t in chart_specs(at)[1]["data"] if "students" in t.get("name", "")}


@pytest.fixture(scope="module")
def default_page():
    return open_page(PAGE)


def test_defaults_show_the_cited_numbers(default_page):
    at = default_page
    assert not at.exception and not at.warning
    assert metric(at, "R1-Zero AIME pass@1 during RL") == "15.6% → 71.0%"
    assert metric(at, "DeepSeek-R1 AIME pass@1") == "79.8%"
    assert _lines(at) == {"Qwen students, pass@1": [28.9, 55.5, 69.7, 72.6],
                          "Llama students, pass@1": [50.4, 70.0]}
    text = all_text(at)
    assert "DeepSeek-R1 README" in text and "arXiv 2501.12948" in text  # sources on screen
    assert "R1-Distill-Qwen-32B at 72.6%" in text


def test_chart_specs(default_page):
    pipeline, scores, consensus = chart_specs(default_page)
    annotations = " ".join(a.get("text", "") for a in pipeline["layout"]["annotations"])
    for stage in ("Cold-start SFT", "Reasoning RL", "Rejection", "RL for all", "Distillation"):
        assert stage in annotations
    assert axis_title(scores) == "Student parameters (billions, log scale)"
    assert axis_title(scores, "yaxis") == "AIME 2024 score (% of problems)"
    assert trace_names(consensus) >= {"pass@1 (one sample)", "cons@64 (majority of 64)"}
    assert axis_title(consensus) == "AIME 2024 score (% of problems)"


def test_prediction_holds_back_the_share():
    at = open_page(PAGE)
    assert "keeps 69.5%" not in all_text(at)
    at.number_input(key="_ui.guess.deepseek_r1.main").set_value(60.0)
    next(b for b in at.button if b.label == "Commit my guess").click().run()
    assert not at.exception
    assert "R1-Distill-Qwen-7B keeps 69.5% of R1's AIME 2024 pass@1" in all_text(at)  # 55.5 / 79.8


@pytest.mark.parametrize(("params", "expected"), [
    ({"r1.bench": "MATH-500"}, {"Qwen students, pass@1": [83.9, 92.8, 93.9, 94.3],
                                "Llama students, pass@1": [89.1, 94.5]}),
    ({"r1.metric": "both", "r1.family": "Llama"}, {"Llama students, pass@1": [50.4, 70.0],
                                                   "Llama students, cons@64": [80.0, 86.7]}),
    ({"r1.metric": "cons@64", "r1.family": "Qwen"}, {"Qwen students, cons@64": [52.7, 83.3, 80.0, 83.3]}),
])
def test_controls_select_the_cited_rows(params, expected):
    at = open_page(PAGE, params)
    assert not at.exception and not at.warning
    assert _lines(at) == expected


@pytest.mark.parametrize("params", [
    {"r1.bench": "MATH-500", "r1.metric": "cons@64"},
    {"r1.view": "share-of-R1", "r1.metric": "both"},
])
def test_unreported_combinations_fall_back_to_pass1_with_a_note(params):
    at = open_page(PAGE, params)
    assert not at.exception and not at.warning
    assert at.info and "only pass@1" in at.info[0].value
    assert all(name.endswith("pass@1") for name in _lines(at))


def test_lanes_each_render():
    at = open_page(PAGE)
    for lane in ("R1-Zero", "R1", "distillation", "all"):
        at.radio(key="r1.lane").set_value(lane).run()
        assert not at.exception


def test_garbage_url_gives_one_notice_and_defaults():
    at = open_page(PAGE, {"r1.bench": "GSM8K", "r1.metric": "pass@1000", "r1.lane": "R2", "scene": "nope"})
    assert not at.exception
    assert len(at.warning) == 1
    for param in ("r1.bench=GSM8K", "r1.metric=pass@1000", "r1.lane=R2", "scene=nope"):
        assert param in at.warning[0].value
    assert _lines(at)["Qwen students, pass@1"] == [28.9, 55.5, 69.7, 72.6]


@pytest.mark.parametrize(("scene", "key", "value"), [
    ("pure-rl", "r1.lane", "R1-Zero"), ("four-stages", "r1.lane", "R1"),
    ("distilled-aime", "r1.view", "share-of-R1"), ("voting-helps", "r1.metric", "both"),
])
def test_scenes_apply(scene, key, value):
    at = open_page(PAGE, {"scene": scene})
    assert not at.exception and not at.warning
    widget = at.radio(key=key) if key == "r1.lane" else at.selectbox(key=key)
    assert widget.value == value


def test_distilled_scene_shows_the_32b_share():
    at = open_page(PAGE, {"scene": "distilled-aime"})
    shares = _lines(at)["Qwen students, pass@1"]
    assert shares[-1] == pytest.approx(100 * 72.6 / 79.8)  # "about nine tenths" in the narration


def test_presenter_mode_renders():
    at = open_page(PAGE, {"present": "true", "scene": "four-stages"})
    assert not at.exception
    assert "Exit presenter mode" in [b.label for b in at.button]
    assert chart_specs(at)[0]["layout"]["font"]["size"] == 22
