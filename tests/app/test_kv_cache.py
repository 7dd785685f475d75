"""AppTest for the KV-cache page: the article's sharing numbers, extremes, bad links, scenes, presenter
mode, the prediction, chart specs."""

import pytest

from sims.kv_cache import MODELS
from tests.app.helpers import all_text, axis_title, chart_specs, metrics, open_page, trace, trace_names

PAGE = "kv_cache"


def test_defaults_show_the_article_numbers():
    at = open_page(PAGE)
    assert not at.exception and len(at.warning) == 0
    m = metrics(at)
    assert m["KV per token"] == "128 KiB"
    assert m["Cached tokens, no sharing → sharing"] == "40,000 → 12,000"
    assert m["KV saved by sharing"] == "3.42 GiB"
    assert m["Traces that fit (sharing on)"] == "280"
    text = all_text(at)
    assert r"2 \times 32 \times 8 \times 128 \times 2" in text  # the formula with live numbers
    assert "40,000 tokens. Sharing keeps one copy, 12,000 tokens, 70% less KV (3.42 GiB)" in text


def test_chart_specs():
    tokens, memory, capacity, paging = chart_specs(open_page(PAGE))
    assert trace_names(tokens) == {"Prompt", "Continuations (8 branches)"}
    assert axis_title(tokens) == "Cached tokens (tokens)"
    assert "Weights" in trace_names(memory) and axis_title(memory) == "GPU memory (GB)"
    assert {"Traces that fit, sharing on", "Current setting"} <= trace_names(capacity)
    assert axis_title(capacity) == "Reasoning tokens per branch (tokens)"
    assert axis_title(capacity, "yaxis") == "Concurrent traces that fit (traces)"
    marker = trace(capacity, "Current setting")
    assert marker["x"] == [1000] and marker["y"] == [280]
    assert trace_names(paging) == {"Holding tokens", "Reserved but empty"}
    assert axis_title(paging) == "KV memory reserved (GiB)"


def test_sharing_off_fits_fewer_traces():
    at = open_page(PAGE)
    at.toggle(key="kv.share").set_value(False).run()
    assert not at.exception
    assert metrics(at)["Traces that fit (sharing off)"] == "80"


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("kv.prompt", 0),
        ("kv.prompt", 128_000),
        ("kv.cont", 100),
        ("kv.cont", 64_000),
        ("kv.branches", 1),
        ("kv.branches", 64),
        ("kv.gpus", 8),
    ],
)
def test_slider_extremes_render(key, value):
    at = open_page(PAGE)
    at.slider(key=key).set_value(value).run()
    assert not at.exception and at.slider(key=key).value == value


def test_every_preset_dtype_and_selector_extreme_renders():
    at = open_page(PAGE)
    at.slider(key="kv.prompt").set_value(128_000).run()  # beyond some context windows
    for name in MODELS:
        at.selectbox(key="kv.model").set_value(name).run()
        assert not at.exception, name
    for key, value in (
        ("kv.dtype", "int4"),
        ("kv.wdtype", "fp8"),
        ("kv.gpu", "A100 40GB"),
        ("kv.block", 1),
        ("kv.block", 128),
        ("kv.reserve", 2_048),
        ("kv.reserve", 131_072),
    ):
        at.selectbox(key=key).set_value(value).run()
        assert not at.exception, (key, value)
    assert "longer than DeepSeek-V3's context window" not in all_text(at)  # 128,000 + 1,000 < 163,840


def test_weights_that_do_not_fit_are_explained():
    at = open_page(PAGE, {"kv.model": "Llama-3.1-405B"})
    assert not at.exception
    assert metrics(at)["Traces that fit (sharing on)"] == "0"
    assert any("Weights need" in i.value for i in at.info)


def test_custom_model_extremes():
    at = open_page(PAGE, {"kv.model": "Custom"})
    assert not at.exception
    assert metrics(at)["KV per token"] == "128 KiB"  # 2 x 32 x 8 x 128 x 2 B, same as Llama-3.1-8B
    for key, value in (
        ("kv.layers", 256),
        ("kv.kv_heads", 256),
        ("kv.head_dim", 1024),
        ("kv.params", 2000.0),
        ("kv.layers", 1),
        ("kv.kv_heads", 1),
        ("kv.head_dim", 8),
        ("kv.params", 0.0),
    ):
        at.number_input(key=key).set_value(value).run()
        assert not at.exception, (key, value)
    assert metrics(at)["KV per token"] == "32 B"  # 2 x 1 layer x 1 head x 8 dims x 2 B (bf16)


def test_garbage_url_params_give_one_notice_and_defaults():
    at = open_page(
        PAGE,
        {
            "kv.model": "GPT-9",
            "kv.prompt": "lots",
            "kv.branches": "0",
            "kv.share": "maybe",
            "kv.block": "7",
            "scene": "nope",
        },
    )
    assert not at.exception and len(at.warning) == 1
    notice = at.warning[0].value
    for part in (
        "kv.model=GPT-9",
        "kv.prompt=lots",
        "kv.branches=0",
        "kv.share=maybe",
        "kv.block=7",
        "scene=nope",
    ):
        assert part in notice
    assert metrics(at)["Cached tokens, no sharing → sharing"] == "40,000 → 12,000"


@pytest.mark.parametrize(
    ("scene", "key", "value", "metric", "shown"),
    [
        ("article", "kv.branches", 8, "KV saved by sharing", "3.42 GiB"),
        ("no-sharing", "kv.share", False, "Traces that fit (sharing off)", "80"),
        ("long-thinking", "kv.cont", 16_000, "Cached tokens, no sharing → sharing", "160,000 → 132,000"),
        ("big-model", "kv.gpus", 2, "KV per token", "160 KiB"),
    ],
)
def test_scenes_apply(scene, key, value, metric, shown):
    at = open_page(PAGE, {"scene": scene})
    assert not at.exception
    widget = at.toggle(key=key) if key == "kv.share" else at.slider(key=key)
    assert widget.value == value
    assert metrics(at)[metric] == shown


def test_presenter_mode_renders():
    at = open_page(PAGE, {"present": "true", "scene": "no-sharing"})
    assert not at.exception
    assert at.button(key="_ui.exit_present")
    assert "Every branch copies the prompt" in all_text(at)
    assert len(at.get("download_button")) == 0


def test_prediction_held_back_then_revealed():
    at = open_page(PAGE)
    assert "Answer:" not in all_text(at)
    at.number_input(key="_ui.guess.kv_cache.main").set_value(7.3)
    at.button[[b.label for b in at.button].index("Commit my guess")].click().run()
    assert not at.exception
    text = all_text(at)
    # 16 branches share one 4,000-token prompt: 15 x 4,000 x 128 KiB = 7.32 GiB saved
    assert "Answer: **7.32 GiB**" in text and "Right." in text
