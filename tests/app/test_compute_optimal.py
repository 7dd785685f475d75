"""AppTest for the compute-optimal page: crossover from the sim, never-crosses, bad links, scenes."""

import pytest

from sims.scaling import crossover
from tests.app.helpers import all_text, arr, axis_title, chart_specs, metric, open_page, trace_names

PAGE = "compute_optimal"


def _commit(at, guess):
    if isinstance(guess, str):
        at.radio(key="_ui.guess.compute_optimal.never").set_value(guess)
    else:
        at.number_input(key="_ui.guess.compute_optimal.main").set_value(guess)
    next(b for b in at.button if b.label == "Commit my guess").click().run()
    assert not at.exception
    return at


def test_defaults_hold_back_the_crossover_then_reveal_it():
    at = open_page(PAGE)
    assert not at.exception and not at.warning
    assert metric(at, "Small answers per large answer") == "14"  # Snell et al.'s 14x gap
    assert metric(at, "Small model at N = 14") == "89.4%"  # 0.9 * (1 - 0.7 ** 14)
    assert metric(at, "Crossover") == "?"
    assert not any(t.get("name", "").startswith("C*") for t in chart_specs(at)[0]["data"])
    text = all_text(at)
    assert "~14× larger" in text and "more than 4×" in text and "Snell et al. (2024)" in text
    _commit(at, 5.0)
    assert metric(at, "Crossover") == "N = 4"
    c_star = next(t for t in chart_specs(at)[0]["data"] if t.get("name", "").startswith("C*"))
    assert arr(c_star["x"]) == [4e12, 4e12]  # 4 samples x 2 x 1e9 parameters x 500 tokens
    assert "C* = 4×10¹²" in all_text(at)


def test_chart_spec():
    spec = chart_specs(open_page(PAGE))[0]
    assert trace_names(spec) >= {"Small model + best-of-N", "Large model, one answer", "Selector ceiling"}
    assert axis_title(spec) == "Inference compute per problem (FLOPs, log scale)"
    assert axis_title(spec, "yaxis") == "Accuracy (% of problems)"


def test_never_crosses_is_said_clearly():
    at = open_page(PAGE, {"co.recall": "0.5"})
    assert not at.exception
    assert "Can the small model overtake" in all_text(at)
    _commit(at, "Yes")
    assert metric(at, "Crossover") == "never"
    assert "never overtakes the large one" in all_text(at)


@pytest.mark.parametrize("params", [
    {"co.small": "0.1", "co.large": "2000", "co.p_small": "0.0", "co.p_large": "0.0", "co.recall": "0.0",
     "co.tokens": "50"},
    {"co.small": "1000", "co.large": "1000", "co.p_small": "1.0", "co.p_large": "1.0", "co.recall": "1.0",
     "co.tokens": "20000", "co.large_bon": "true"},
    {"co.small": "0.1", "co.large": "2000", "co.p_small": "0.01", "co.p_large": "0.99", "co.recall": "1.0"},
])
def test_extremes(params):
    at = open_page(PAGE, params)
    assert not at.exception and not at.warning
    small, large = float(params["co.small"]) * 1e9, float(params["co.large"]) * 1e9
    expected = crossover(small, large, float(params["co.p_small"]), float(params["co.p_large"]),
                         tokens_per_answer=float(params.get("co.tokens", 500)),
                         selector_recall=float(params["co.recall"]))
    assert metric(at, "Small answers per large answer") == f"{expected.samples_at_matched_flops:,}"


def test_large_smaller_than_small_is_explained():
    at = open_page(PAGE, {"co.small": "70", "co.large": "7"})
    assert not at.exception
    assert any("smaller than the small one" in w.value for w in at.warning)
    assert metric(at, "Small answers per large answer") == "1"


def test_toggle_adds_the_large_best_of_n_curve():
    at = open_page(PAGE)
    at.toggle(key="co.large_bon").set_value(True).run()
    assert "Large model + best-of-N" in trace_names(chart_specs(at)[0])


def test_garbage_url_gives_one_notice_and_defaults():
    at = open_page(PAGE, {"co.small": "tiny", "co.p_small": "1.5", "co.tokens": "-3", "co.large_bon": "maybe",
                          "scene": "nope"})
    assert not at.exception
    assert len(at.warning) == 1
    for param in ("co.small=tiny", "co.p_small=1.5", "co.tokens=-3", "co.large_bon=maybe", "scene=nope"):
        assert param in at.warning[0].value
    assert metric(at, "Small model at N = 14") == "89.4%"


@pytest.mark.parametrize(("scene", "key", "value", "crossing"), [
    ("snell-14x", "co.p_small", 0.3, "N = 4"), ("rarely-right", "co.p_small", 0.02, "N = 41"),
    ("weak-selector", "co.recall", 0.55, "never"), ("perfect-verifier", "co.p_large", 0.85, "N = 6"),
])
def test_scenes_apply(scene, key, value, crossing):
    at = open_page(PAGE, {"scene": scene})
    assert not at.exception and not at.warning
    assert at.slider(key=key).value == value
    _commit(at, "No" if crossing == "never" else 10.0)
    assert metric(at, "Crossover") == crossing  # the numbers the scene narrations quote


def test_presenter_mode_renders():
    at = open_page(PAGE, {"present": "true", "scene": "snell-14x"})
    assert not at.exception
    assert "Exit presenter mode" in [b.label for b in at.button]
    assert chart_specs(at)[0]["layout"]["font"]["size"] == 22
