"""AppTest for the routing page: the article's route and gate on screen, a table edited into nonsense,
extremes, bad links, scenes, presenter mode, the prediction, chart specs."""

import pytest

from tests.app.helpers import all_text, axis_title, chart_specs, metrics, open_page, trace_names

PAGE = "routing"


def test_defaults_show_the_article_route_and_gate():
    at = open_page(PAGE)
    assert not at.exception and len(at.warning) == 0
    assert metrics(at) == {
        "Chosen route": "bounded-reasoning",
        "Quality": "86%",
        "Latency": "780 ms",
        "Cost per request": "$0.010",
    }
    gate = at.table[0].value
    assert dict(zip(gate["Request"], gate["Route"], strict=True)) == {
        "extract": "single-pass",
        "capacity_math": "reasoning",
        "creative_copy": "single-pass",
    }
    assert "The routing policy reaches 88.3% at $0.0130 per request" in all_text(at)


def test_chart_specs():
    planes, mix = chart_specs(open_page(PAGE))
    assert {"Pareto frontier", "Meets both limits", "Misses a limit", "Chosen route"} <= trace_names(planes)
    assert axis_title(planes) == "Cost per request (USD)"
    assert axis_title(planes, "xaxis2") == "Latency (ms)"
    assert axis_title(planes, "yaxis") == "Quality (%)"
    assert "Routing policy" in trace_names(mix) and axis_title(mix) == "Mean cost per request (USD)"


def _edit(at, state):
    at.session_state["route.table"] = state
    return at.run()


@pytest.mark.parametrize(
    "state",
    [
        {"edited_rows": {}, "added_rows": [], "deleted_rows": [0, 1, 2]},  # empty
        {
            "edited_rows": {0: {"cost_usd": -1.0}, 1: {"quality_pct": float("nan")}, 2: {"latency_ms": None}},
            "added_rows": [],
            "deleted_rows": [],
        },  # negative cost, NaN, blank
        {
            "edited_rows": {},
            "added_rows": [{"name": "x", "quality_pct": "abc"}],
            "deleted_rows": [0, 1, 2],
        },  # text
    ],
)
def test_table_edited_into_nonsense_gives_a_notice_and_defaults(state):
    at = _edit(open_page(PAGE), state)
    assert not at.exception
    assert len(at.warning) == 1 and "no usable row" in at.warning[0].value
    assert metrics(at)["Chosen route"] == "bounded-reasoning"


def test_added_route_changes_the_choice_and_is_offered_in_the_policy():
    at = _edit(
        open_page(PAGE),
        {
            "edited_rows": {},
            "deleted_rows": [],
            "added_rows": [
                {"name": "distilled", "quality_pct": 85, "latency_ms": 400, "cost_usd": 0.004, "easy_pct": 95}
            ],
        },
    )
    assert not at.exception and len(at.warning) == 0
    assert metrics(at)["Chosen route"] == "distilled"
    assert "distilled" in at.selectbox(key="route.to_medium").options


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("route.slo", 100),
        ("route.slo", 5_000),
        ("route.floor", 50),
        ("route.floor", 100),
        ("route.easy", 0),
        ("route.hard", 100),
        ("route.gain", 0.0),
        ("route.gain", 0.2),
    ],
)
def test_slider_extremes_render(key, value):
    at = open_page(PAGE)
    at.slider(key=key).set_value(value).run()
    assert not at.exception and at.slider(key=key).value == value


def test_all_traffic_shares_zero_falls_back():
    at = open_page(PAGE, {"route.easy": "0", "route.medium": "0", "route.hard": "0"})
    assert not at.exception
    assert any("not all 0" in w.value for w in at.warning)


def test_garbage_url_params_give_one_notice_and_defaults():
    at = open_page(
        PAGE,
        {
            "route.slo": "soon",
            "route.floor": "-4",
            "route.to_hard": "teleport",
            "route.gain": "NaN",
            "scene": "nope",
        },
    )
    assert not at.exception and len(at.warning) == 1
    for part in (
        "route.slo=soon",
        "route.floor=-4",
        "route.to_hard=teleport",
        "route.gain=NaN",
        "scene=nope",
    ):
        assert part in at.warning[0].value
    assert metrics(at)["Chosen route"] == "bounded-reasoning"


@pytest.mark.parametrize(
    ("scene", "chosen"),
    [
        ("article", "bounded-reasoning"),
        ("tight-slo", "none"),
        ("lower-floor", "single-pass"),
        ("quality-first", "guided-search"),
    ],
)
def test_scenes_apply(scene, chosen):
    at = open_page(PAGE, {"scene": scene})
    assert not at.exception
    assert metrics(at)["Chosen route"] == chosen


def test_presenter_mode_renders():
    at = open_page(PAGE, {"present": "true", "scene": "tight-slo"})
    assert not at.exception
    assert at.button(key="_ui.exit_present") and "A tighter SLO leaves nothing" in all_text(at)
    assert len(at.error) == 1  # the "no route meets both limits" message


def test_prediction_held_back_then_revealed():
    at = open_page(PAGE)
    assert "Answer:" not in all_text(at)
    at.radio(key="_ui.guess.routing.main").set_value("no route fits")
    at.button[[b.label for b in at.button].index("Commit my guess")].click().run()
    assert not at.exception
    assert "Answer: **no route fits**" in all_text(at) and "Right." in all_text(at)
