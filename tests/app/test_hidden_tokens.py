"""AppTest for the hidden-reasoning-tokens page: defaults, extremes, bad links, scenes, presenter,
predictions across page switches, chart specs."""

import pytest

from tests.app.helpers import all_text, axis_title, chart_specs, metrics, open_page, trace, trace_names

PAGE = "hidden_tokens"


def test_defaults_show_the_article_numbers():
    at = open_page(PAGE)
    assert not at.exception
    m = metrics(at)
    assert m["Billed output tokens"] == "1,400"
    assert m["Visible share of output"] == "12.9%"
    assert m["Output cost per request"] == "$0.0140"
    text = all_text(at)
    assert "180 of the 1,400 output tokens" in text  # what-to-notice, computed
    assert len(at.warning) == 0


def test_chart_specs_have_named_traces_and_axis_titles_with_units():
    specs = chart_specs(open_page(PAGE))
    bars, sweep = specs[0], specs[1]
    assert trace_names(bars) == {"Visible answer", "Hidden reasoning"}
    assert axis_title(bars, "xaxis") == "Output tokens (tokens)"
    assert {"Billed cost", "Estimate from visible text only", "This request"} <= trace_names(sweep)
    assert axis_title(sweep, "xaxis") == "Hidden reasoning tokens (tokens)"
    assert axis_title(sweep, "yaxis") == "Cost per request (USD)"
    marker = trace(sweep, "This request")
    assert marker["x"] == [1220] and marker["y"] == [pytest.approx(0.014)]


@pytest.mark.parametrize(
    ("key", "value"),
    [("tok.visible", 1), ("tok.visible", 4_000), ("tok.reasoning", 0), ("tok.reasoning", 50_000),
     ("tok.input", 200_000)],
)
def test_slider_extremes_render(key, value):
    at = open_page(PAGE)
    at.slider(key=key).set_value(value).run()
    assert not at.exception
    assert at.slider(key=key).value == value


def test_price_extremes_and_smallest_window():
    at = open_page(PAGE)
    at.number_input(key="tok.out_price").set_value(0.0).run()
    at.number_input(key="tok.in_price").set_value(1_000.0).run()
    at.selectbox(key="tok.ctx").set_value(4_096).run()
    at.slider(key="tok.reasoning").set_value(50_000).run()
    assert not at.exception
    assert "does not fit" in all_text(at)


def test_garbage_url_params_give_one_notice_and_defaults():
    at = open_page(PAGE, {"tok.visible": "lots", "tok.reasoning": "99999999", "tok.out_price": "nan",
                          "tok.ctx": "huge", "tok.input": "1.5", "scene": "nope"})
    assert not at.exception
    assert len(at.warning) == 1
    notice = at.warning[0].value
    for part in ("tok.visible=lots", "tok.reasoning=99999999", "tok.out_price=nan", "tok.ctx=huge",
                 "tok.input=1.5", "scene=nope", "1 to 4,000"):
        assert part in notice
    assert metrics(at)["Billed output tokens"] == "1,400"


def test_valid_url_params_are_used_without_notice():
    at = open_page(PAGE, {"tok.visible": "500", "tok.out_price": "2.5", "tok.ctx": "8192"})
    assert not at.exception and len(at.warning) == 0
    assert metrics(at)["Billed output tokens"] == "1,720"
    assert at.selectbox(key="tok.ctx").value == 8192


def test_scene_applies_its_values_and_explicit_params_win():
    at = open_page(PAGE, {"scene": "short-answer-long-think"})
    assert not at.exception
    assert at.slider(key="tok.visible").value == 40
    assert at.slider(key="tok.reasoning").value == 12_000
    assert "A one-line answer after a long think" in all_text(at)
    at.slider(key="tok.reasoning").set_value(5_000).run()  # a later move is not overwritten
    assert at.slider(key="tok.reasoning").value == 5_000

    at2 = open_page(PAGE, {"scene": "short-answer-long-think", "tok.reasoning": "5000"})
    assert at2.slider(key="tok.visible").value == 40 and at2.slider(key="tok.reasoning").value == 5_000


def test_scene_stepper_moves_through_the_story():
    at = open_page(PAGE, {"scene": "article"})
    at.button(key="_ui.scene_next").click().run()
    assert at.selectbox(key="scene").value == "quick-think"
    assert at.slider(key="tok.reasoning").value == 150
    at.button(key="_ui.scene_prev").click().run()
    assert at.slider(key="tok.reasoning").value == 1_220


def test_presenter_mode_renders_stepper_and_exit():
    at = open_page(PAGE, {"present": "true", "scene": "context-squeeze"})
    assert not at.exception
    assert at.toggle(key="present").value is True
    assert at.button(key="_ui.exit_present")
    assert "Hidden tokens fill the context window" in all_text(at)
    assert metrics(at)["Billed output tokens"] == "40,600"
    assert len(at.get("download_button")) == 0  # secondary controls hidden while presenting
    at.button(key="_ui.exit_present").click().run()
    assert at.toggle(key="present").value is False


def test_prediction_is_held_back_then_revealed_and_survives_page_switch():
    at = open_page(PAGE)
    assert "Answer:" not in all_text(at)
    at.number_input(key="_ui.guess.hidden_tokens.main").set_value(1.9)
    at.button[[b.label for b in at.button].index("Commit my guess")].click().run()
    assert not at.exception
    text = all_text(at)
    assert "Your guess: **1.90 ×**" in text and "Answer: **1.87 ×**" in text and "Right." in text

    open_page("home", at=at)
    assert not at.exception
    open_page(PAGE, at=at)
    assert "Your guess: **1.90 ×**" in all_text(at)



def test_pin_keeps_a_ghost_after_moving_a_slider_and_clear_removes_it():
    at = open_page(PAGE)
    at.button(key="_ui.pin.tok.sweep").click().run()
    at.slider(key="tok.visible").set_value(1_000).run()
    names = [t["name"] for t in chart_specs(at)[1]["data"]]
    ghost = [n for n in names if n.startswith("pinned: ")]
    assert ghost == ["pinned: Billed cost @ visible 180, prompt 0, $10/M out"]
    assert "Billed cost" in names
    at.button(key="_ui.unpin.tok.sweep").click().run()
    assert not [t for t in chart_specs(at)[1]["data"] if t["name"].startswith("pinned: ")]


def test_price_comparison_chart_is_built_only_while_its_box_is_open():
    at = open_page(PAGE)
    assert len(chart_specs(at)) == 2  # closed: the bar and sweep charts only
    at.session_state["tok.prices_open"] = True  # what a click on the expander does
    at.run()
    assert not at.exception
    specs = chart_specs(at)
    assert len(specs) == 3
    prices = specs[2]
    assert trace_names(prices) == {"Input", "Visible answer", "Hidden reasoning"}
    hidden = trace(prices, "Hidden reasoning")
    # 1,220 hidden reasoning tokens billed at each row's output price (USD per million tokens)
    assert hidden["x"] == pytest.approx([1_220 * price / 1e6 for price in (10.0, 2.0, 60.0)])
    assert hidden["y"] == ["Article example", "What-if: cheaper model", "What-if: pricier model"]
