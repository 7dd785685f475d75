"""AppTest for the two-axes page: article sweet spot, Ghosal curve held back, extremes, bad links, scenes."""

import pytest

from tests.app.helpers import all_text, arr, axis_title, chart_specs, metrics, open_page, trace_names
from ui.page import MODEL_KEY

PAGE = "two_axes"


def test_defaults_show_the_article_sweet_spot():
    at = open_page(PAGE)
    assert not at.exception and len(at.warning) == 0
    m = metrics(at)
    assert (m["Chosen budget"], m["Accuracy there"], m["Latency there"]) == ("512 tokens", "83%", "610 ms")
    assert m["Max budget is best?"] == "no"
    assert m["Training compute C = 6ND"] == "8.40e+22 FLOPs"  # 6 × 7e9 × 2e12
    at.session_state[MODEL_KEY] = True  # the citations are in "Show the model", sent while it is open
    at.run()
    text = all_text(at)
    assert "82.2% at 385 average thinking tokens, 87.3% at 1,100" in text  # Ghosal et al., cited
    assert "Inverse Scaling in Test-Time Compute" in text  # Gema et al., cited


def test_chart_specs():
    loss, budget, ghosal = chart_specs(open_page(PAGE))[:3]
    assert {"Power law (measured range)", "Power law (extrapolated)", "7B × 2T"} <= trace_names(loss)
    assert loss["layout"]["xaxis"]["type"] == "log" and loss["layout"]["yaxis"]["type"] == "log"
    assert axis_title(loss, "xaxis") == "Training compute C = 6ND (FLOPs, log scale)"
    assert {"Latency (left axis)", "Accuracy (right axis)", "Chosen: 512 tokens"} <= trace_names(budget)
    assert axis_title(budget, "yaxis") == "Latency (ms)"
    assert axis_title(budget, "yaxis2") == "Verified accuracy (%)"
    limit = [s for s in budget["layout"]["shapes"] if s.get("y0") == 1000]
    assert limit, "the latency limit line is drawn at 1,000 ms"
    measured = next(t for t in ghosal["data"] if t["name"].startswith("Measured"))
    assert arr(measured["x"]) == [385, 1100]  # the 15,980-token point is held back until predicted


def test_prediction_reveals_the_fall():
    at = open_page(PAGE)
    at.radio(key="_ui.guess.two_axes.main").set_value("Lower than at 385 tokens")
    at.button[[b.label for b in at.button].index("Commit my guess")].click().run()
    assert not at.exception and "Right." in all_text(at)
    ghosal = chart_specs(at)[2]
    measured = next(t for t in ghosal["data"] if t["name"].startswith("Measured"))
    assert arr(measured["x"]) == [385, 1100, 15980] and "Peak of the fit" in trace_names(ghosal)
    assert "peaks near 1,459 tokens at 87.5%" in all_text(at)


@pytest.mark.parametrize(("limit", "chosen", "accuracy"), [(100, "none fits", "–"), (220, "0 tokens", "71%"),
                                                          (400, "128 tokens", "78%"),
                                                          (3000, "512 tokens", "83%")])
def test_limit_extremes_pick_the_best_eligible_budget(limit, chosen, accuracy):
    at = open_page(PAGE)
    at.slider(key="two.limit").set_value(limit).run()
    assert not at.exception
    m = metrics(at)
    assert (m["Chosen budget"], m["Accuracy there"]) == (chosen, accuracy)


def test_train_controls_extremes():
    at = open_page(PAGE)
    at.selectbox(key="two.params").set_value(405_000_000_000).run()
    at.selectbox(key="two.tokens").set_value(15_000_000_000_000).run()
    at.slider(key="two.alpha").set_value(0.2).run()
    assert not at.exception
    assert metrics(at)["Training compute C = 6ND"] == "3.65e+25 FLOPs"
    at.selectbox(key="two.params").set_value(125_000_000).run()
    at.slider(key="two.alpha").set_value(0.02).run()
    assert not at.exception


def test_garbage_url_params_give_one_notice_and_defaults():
    at = open_page(PAGE, {"two.params": "huge", "two.limit": "-1", "two.alpha": "nan", "scene": "nope"})
    assert not at.exception and len(at.warning) == 1
    for part in ("two.params=huge", "two.limit=-1", "two.alpha=nan", "scene=nope"):
        assert part in at.warning[0].value
    assert metrics(at)["Chosen budget"] == "512 tokens"


@pytest.mark.parametrize(("scene", "chosen"), [("train-time", "512 tokens"), ("sweet-spot", "512 tokens"),
                                               ("tight-limit", "128 tokens"), ("no-limit", "512 tokens")])
def test_each_scene_applies(scene, chosen):
    at = open_page(PAGE, {"scene": scene})
    assert not at.exception and len(at.warning) == 0
    assert metrics(at)["Chosen budget"] == chosen


def test_presenter_mode_renders():
    at = open_page(PAGE, {"present": "true", "scene": "tight-limit"})
    assert not at.exception and at.toggle(key="present").value is True
    assert len(at.get("download_button")) == 0
    assert chart_specs(at)[0]["layout"]["font"]["size"] == 22


def test_provider_knobs_table_lists_every_cited_control():
    at = open_page("two_axes")
    assert not at.exception
    table = at.dataframe[0].value
    assert {"OpenAI", "Google", "Anthropic"} <= set(table["provider"])
    for knob in ("reasoning_effort", "thinkingBudget", "thinkingLevel", "budget_tokens"):
        assert table["knob"].str.contains(knob).any(), knob
    assert table["source"].str.len().gt(0).all()  # every row is cited
