"""AppTest for the TTFT page: the article's budgets on screen, extremes, bad links, scenes, presenter
mode, the prediction, chart specs."""

import pytest

from tests.app.helpers import all_text, axis_title, chart_specs, metrics, open_page, trace, trace_names

PAGE = "ttft"


def test_defaults_show_the_article_numbers():
    at = open_page(PAGE)
    assert not at.exception and len(at.warning) == 0
    table = at.table[0].value
    assert table["TTFT (ms)"].tolist() == ["180", "1,780", "6,580", "12,980"]
    assert table["Verdict"].tolist() == ["fits", "fits", "reject", "reject"]
    assert "give 180, 1,780 ms (fit) and 6,580, 12,980 ms (rejected)" in all_text(at)
    m = metrics(at)
    assert m["Largest budget that fits"] == "225 tokens"  # floor((3000 - 180) x 80 / 1000)
    assert m["Most accurate within the SLO"] == "225 tokens"


def test_chart_spec():
    spec = chart_specs(open_page(PAGE))[0]
    assert {
        "TTFT",
        "Accuracy (model)",
        "Article budget: fits",
        "Article budget: rejected",
        "Most accurate within the SLO",
    } <= trace_names(spec)
    assert axis_title(spec) == "Thinking budget (tokens)"
    assert axis_title(spec, "yaxis") == "Time to first token (ms)"
    assert axis_title(spec, "yaxis2") == "Accuracy, inverted-U model (%)"
    fits = trace(spec, "Article budget: fits")
    assert fits["y"] == [180, 1780]


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("ttft.base", 0),
        ("ttft.base", 2_000),
        ("ttft.rate", 5),
        ("ttft.rate", 2_000),
        ("ttft.slo", 250),
        ("ttft.slo", 60_000),
        ("ttft.max", 512),
        ("ttft.max", 16_384),
    ],
)
def test_slider_extremes_render(key, value):
    at = open_page(PAGE)
    at.slider(key=key).set_value(value).run()
    assert not at.exception and at.slider(key=key).value == value


def test_base_over_the_slo_is_explained():
    at = open_page(PAGE, {"ttft.base": "2000", "ttft.slo": "250"})
    assert not at.exception and len(at.warning) == 0
    assert metrics(at)["Largest budget that fits"] == "none"
    assert any("no decode speed" in i.value for i in at.info)


def test_garbage_url_params_give_one_notice_and_defaults():
    at = open_page(
        PAGE, {"ttft.base": "fast", "ttft.rate": "-3", "ttft.slo": "1e99", "ttft.max": "nan", "scene": "nope"}
    )
    assert not at.exception and len(at.warning) == 1
    for part in ("ttft.base=fast", "ttft.rate=-3", "ttft.slo=1e99", "ttft.max=nan", "scene=nope"):
        assert part in at.warning[0].value
    assert metrics(at)["Largest budget that fits"] == "225 tokens"


@pytest.mark.parametrize(
    ("scene", "largest", "best"),
    [
        ("article", "225 tokens", "225 tokens"),
        ("fast-decode", "1,128 tokens", "1,128 tokens"),  # floor(2,820 x 400 / 1000)
        ("strict-slo", "65 tokens", "65 tokens"),  # floor(820 x 80 / 1000)
        ("batch-job", "4,785 tokens", None),  # floor(59,820 x 80 / 1000); best sits at the peak, not here
    ],
)
def test_scenes_apply(scene, largest, best):
    at = open_page(PAGE, {"scene": scene})
    assert not at.exception
    m = metrics(at)
    assert m["Largest budget that fits"] == largest
    if best:
        assert m["Most accurate within the SLO"] == best
    else:
        chosen = int(m["Most accurate within the SLO"].split()[0].replace(",", ""))
        assert 1_300 <= chosen <= 1_600  # the inverted U peaks near 1,459 tokens
        assert "near the peak" in all_text(at)


def test_presenter_mode_renders():
    at = open_page(PAGE, {"present": "true", "scene": "fast-decode"})
    assert not at.exception
    assert at.button(key="_ui.exit_present") and "A faster decoder" in all_text(at)
    assert len(at.get("download_button")) == 0


def test_prediction_held_back_then_revealed():
    at = open_page(PAGE)
    assert "Answer:" not in all_text(at)
    at.number_input(key="_ui.guess.ttft.main").set_value(80.0)
    at.button[[b.label for b in at.button].index("Commit my guess")].click().run()
    assert not at.exception
    text = all_text(at)
    assert "Answer: **181.6 tokens/s**" in text and "Not quite." in text  # 512 / 2.82 s
