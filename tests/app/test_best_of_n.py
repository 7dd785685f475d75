"""AppTest for the best-of-N page: article numbers, extremes, bad links, scenes, presenter, pass@k, charts."""

from math import comb

import pytest

from tests.app.helpers import all_text, arr, axis_title, chart_specs, metrics, open_page, trace, trace_names
from ui.page import MODEL_KEY

PAGE = "best_of_n"


def test_defaults_show_the_article_table_and_numbers():
    at = open_page(PAGE)
    assert not at.exception and len(at.warning) == 0
    table = at.table[0].value
    assert list(table["Oracle"]) == ["25.0%", "68.4%", "99.0%", "100.0%"]  # the article's best_of_n_budget
    assert list(table["Selector"])[:3] == ["20.0%", "54.7%", "79.2%"]  # best-of-n-with-selection-errors
    assert list(table["Tokens"]) == ["800", "3,200", "12,800", "51,200"]
    m = metrics(at)
    assert m["Oracle at N = 16"] == "99.0%" and m["Selector at N = 16"] == "79.2%"
    at.session_state[MODEL_KEY] = True  # the citations are in "Show the model", sent while it is open
    at.run()
    text = all_text(at)
    assert "74% with one sample, 83% with consensus of 64, 93%" in text  # o1 AIME, cited
    assert "15.9% with 1 sample → 56% with 250" in text  # Large Language Monkeys, cited


def test_chart_specs_have_named_traces_log_axis_and_units():
    curve, passk = chart_specs(open_page(PAGE))[:2]
    assert {"Oracle", "Selector", "Reward model", "Majority vote", "Correlated samples",
            "Spread of difficulty", "Tokens (right axis)", "At N = 16"} <= trace_names(curve)
    assert curve["layout"]["xaxis"]["type"] == "log"
    assert axis_title(curve, "xaxis") == "Samples per problem N (samples, log scale)"
    assert axis_title(curve, "yaxis") == "Chance the returned answer is right (%)"
    assert axis_title(curve, "yaxis2") == "Tokens generated per problem (tokens)"
    oracle = trace(curve, "Oracle")
    assert oracle["x"][0] == 1 and oracle["x"][-1] == 1024
    assert {"Unbiased estimator", "Naive plug-in 1-(1-c/n)^k"} <= trace_names(passk)


def test_pass_at_k_matches_brute_force_enumeration():
    at = open_page(PAGE, {"bon.pk_n": "12", "bon.pk_c": "3", "bon.pk_k": "4"})
    unbiased = 1 - comb(9, 4) / comb(12, 4)  # subsets of 4 samples without any of the 3 correct ones
    naive = 1 - (1 - 3 / 12) ** 4
    assert metrics(at)["pass@4: unbiased vs naive"] == f"{unbiased:.1%} vs {naive:.1%}"
    spec = chart_specs(at)[1]
    ys = trace(spec, "Unbiased estimator")["y"]
    assert ys[-1] == pytest.approx(100.0)  # with c > 0, all n samples always contain a right one


def test_pass_at_k_c_above_n_is_clamped_with_a_notice():
    at = open_page(PAGE, {"bon.pk_n": "5", "bon.pk_c": "9"})
    assert not at.exception
    assert any("at most n = 5" in w.value for w in at.warning)


@pytest.mark.parametrize(("key", "value"), [("bon.p", 0.01), ("bon.p", 0.99), ("bon.n", 1), ("bon.n", 1024),
                                            ("bon.recall", 0.0), ("bon.tokens", 8_000)])
def test_slider_extremes_render(key, value):
    at = open_page(PAGE)
    at.slider(key=key).set_value(value).run()
    assert not at.exception and at.slider(key=key).value == value


def test_model_extremes_and_monte_carlo_overlay():
    at = open_page(PAGE, {"bon.rho": "0.95", "bon.spread": "0.95", "bon.wrong": "100", "bon.rm_false": "1",
                          "bon.rm_recall": "0", "bon.mc": "true", "bon.mc_of": "majority",
                          "bon.trials": "1000"})
    assert not at.exception and len(at.warning) == 0
    names = trace_names(chart_specs(at)[0])
    assert {"Monte Carlo ±2 SE", "Monte Carlo (1,000 problems)"} <= names


def test_monte_carlo_points_agree_with_the_exact_curve():
    at = open_page(PAGE, {"bon.mc": "true", "bon.mc_of": "oracle", "bon.trials": "20000",
                          "bon.view": "oracle"})
    spec = chart_specs(at)[0]
    exact = trace(spec, "Oracle")
    exact_at = dict(zip(exact["x"], exact["y"], strict=True))
    mc = next(t for t in spec["data"] if t["name"].startswith("Monte Carlo ("))
    for n, y in zip(arr(mc["x"]), arr(mc["y"]), strict=True):
        p = exact_at[n] / 100
        se = max((p * (1 - p) / 20_000) ** 0.5, 1e-4)
        assert abs(y / 100 - p) < 5 * se  # seeded, so this is a fixed check with a 5-SE margin


def test_garbage_url_params_give_one_notice_and_defaults():
    at = open_page(PAGE, {"bon.p": "lots", "bon.n": "5000", "bon.view": "everything", "bon.mc": "maybe",
                          "bon.trials": "7", "scene": "nope"})
    assert not at.exception
    assert len(at.warning) == 1
    notice = at.warning[0].value
    for part in ("bon.p=lots", "bon.n=5000", "bon.view=everything", "bon.mc=maybe", "bon.trials=7",
                 "scene=nope"):
        assert part in notice
    assert metrics(at)["Oracle at N = 16"] == "99.0%"


@pytest.mark.parametrize(("scene", "key", "value"), [("perfect-verifier", "bon.view", "oracle"),
                                                     ("realistic-selector", "bon.n", 64),
                                                     ("correlated-samples", "bon.rho", 0.3),
                                                     ("hard-problems", "bon.spread", 0.7)])
def test_each_scene_applies(scene, key, value):
    at = open_page(PAGE, {"scene": scene})
    assert not at.exception and len(at.warning) == 0
    widget = at.selectbox(key=key) if key == "bon.view" else at.slider(key=key)
    assert widget.value == pytest.approx(value)


def test_scene_stepper_and_presenter_mode():
    at = open_page(PAGE, {"present": "true", "scene": "perfect-verifier"})
    assert not at.exception
    assert trace_names(chart_specs(at)[0]) >= {"Oracle"} and "Selector" not in trace_names(chart_specs(at)[0])
    at.button(key="_ui.scene_next").click().run()
    assert at.selectbox(key="scene").value == "realistic-selector"
    assert "Selector" in trace_names(chart_specs(at)[0])
    assert len(at.get("download_button")) == 0
    assert chart_specs(at)[0]["layout"]["font"]["size"] == 22


def test_prediction_holds_back_then_reveals():
    at = open_page(PAGE)
    assert "Answer:" not in all_text(at)
    at.number_input(key="_ui.guess.best_of_n.main").set_value(9)
    at.button[[b.label for b in at.button].index("Commit my guess")].click().run()
    text = all_text(at)
    assert "Answer: **9 samples**" in text and "Right." in text
    assert "no N is enough" in text  # the selector with recall 80% never reaches 90%


def test_pin_keeps_a_ghost():
    at = open_page(PAGE, {"bon.view": "oracle"})
    at.button(key="_ui.pin.bon.curve").click().run()
    at.slider(key="bon.p").set_value(0.1).run()
    names = [t["name"] for t in chart_specs(at)[0]["data"]]
    assert "pinned: Oracle @ p 0.25, r 0.80" in names and "Oracle" in names
