"""AppTest for the ORM vs PRM tree-search page: the article's numbers, extremes, bad links, scenes,
presenter mode, chart specs and predict-then-reveal."""

import pytest

from sims import prm
from tests.app.helpers import all_text, arr, axis_title, chart_specs, metric, open_page, trace_names

PAGE = "prm_search"


@pytest.fixture(scope="module")
def default_page():
    return open_page(PAGE)


def test_defaults_show_the_article_numbers(default_page):
    at = default_page
    assert not at.exception
    assert (metric(at, "ORM scored steps"), metric(at, "PRM scored steps"), metric(at, "Steps saved")) == (
        "32", "14", "18")
    text = all_text(at)
    assert "78.2%" in text and "72.4%" in text and "69.6%" in text  # Lightman et al., cited on screen
    assert "Lightman et al. 2023" in text
    assert metric(at, "Of those, verifier mistakes") == "?"  # held back until a guess is committed


def test_default_numbers_come_from_the_sim(default_page):
    at = default_page
    result = prm.simulate_search(step_error=0.15, prm_quality=0.5, problems=400, rng=0)
    assert metric(at, "Steps the PRM read") == f"{result.accounting.prm_steps:,}"
    assert metric(at, "Saved vs ORM on the same branches") == f"{result.accounting.saved_steps:,}"
    assert metric(at, "Correct prefixes pruned / problem") == f"{result.correct_pruned:.1f}"


def test_chart_specs(default_page):
    specs = chart_specs(default_page)
    assert len(specs) == 4
    article, tree, tradeoff, accuracy = specs
    assert trace_names(article) == {"Scored by the PRM", "Only an ORM reads these"}
    assert trace_names(tree) >= {"Correct prefix, kept", "Wrong prefix, pruned", "Returned chain"}
    assert axis_title(tree) == "Reasoning step (step)"
    assert "Correct pruned: verifier mistake" not in trace_names(tradeoff)
    assert trace_names(accuracy) >= {"PRM beam search", "PRM DVTS", "ORM best-of-N", "Weighted best-of-N"}
    assert axis_title(accuracy) == "Steps generated per problem (steps, log scale)"
    assert axis_title(accuracy, "yaxis") == "Accuracy (% of problems)"


def test_commit_guess_reveals_mistakes():
    at = open_page(PAGE)
    at.number_input(key="_ui.guess.prm_search.main").set_value(2.0)
    next(b for b in at.button if b.label == "Commit my guess").click().run()
    assert not at.exception
    result = prm.simulate_search(step_error=0.15, prm_quality=0.5, problems=400, rng=0)
    assert metric(at, "Of those, verifier mistakes") == f"{result.mistaken_prunes:.2f}"
    assert "Correct pruned: verifier mistake" in trace_names(chart_specs(at)[2])
    at = open_page("hidden_tokens", at=at)  # a page switch keeps the guess
    at = open_page(PAGE, at=at)
    assert metric(at, "Of those, verifier mistakes") == f"{result.mistaken_prunes:.2f}"


@pytest.mark.parametrize("params", [
    {"prm.error": "0.0", "prm.quality": "0.0", "prm.beam": "1", "prm.branch": "1", "prm.depth": "1"},
    {"prm.error": "0.5", "prm.quality": "1.0", "prm.beam": "16", "prm.branch": "8", "prm.depth": "16",
     "prm.agg": "product", "prm.method": "dvts", "prm.seed": "9999"},
    {"prm.agg": "min", "prm.seed": "0", "prm.beam": "16", "prm.branch": "1"},
])
def test_extremes(params):
    at = open_page(PAGE, params)
    assert not at.exception and not at.warning
    tree = chart_specs(at)[1]
    nodes = sum(len(arr(t["x"])) for t in tree["data"] if "prefix" in t.get("name", ""))
    beam, branch, depth = (int(params.get(k, v)) for k, v in (("prm.beam", 4), ("prm.branch", 4),
                                                               ("prm.depth", 8)))
    assert nodes == beam * branch * depth


def test_slider_moves_update_the_tree():
    at = open_page(PAGE)
    at.slider(key="prm.depth").set_value(3).run()
    assert not at.exception
    assert metric(at, "Steps the PRM read") == f"{4 * 4 * 3:,}"


def test_garbage_url_gives_one_notice_and_defaults():
    at = open_page(PAGE, {"prm.beam": "lots", "prm.quality": "2", "prm.agg": "mean", "prm.seed": "1.5",
                          "scene": "nope"})
    assert not at.exception
    assert len(at.warning) == 1
    for param in ("prm.beam=lots", "prm.quality=2", "prm.agg=mean", "prm.seed=1.5", "scene=nope"):
        assert param in at.warning[0].value
    assert metric(at, "Steps the PRM read") == "128"


def test_unknown_scene_notice():
    at = open_page(PAGE, {"scene": "beam-me-up"})
    assert not at.exception and len(at.warning) == 1 and "scene=beam-me-up" in at.warning[0].value


@pytest.mark.parametrize(("scene", "key", "value"), [
    ("good-prm", "prm.quality", 0.5), ("noisy-prm", "prm.quality", 0.1), ("long-chains", "prm.depth", 16),
    ("diverse-dvts", "prm.method", "dvts"),
])
def test_scenes_apply(scene, key, value):
    at = open_page(PAGE, {"scene": scene})
    assert not at.exception and not at.warning
    widget = at.radio(key=key) if key == "prm.method" else at.slider(key=key)
    assert widget.value == value


def test_presenter_mode_renders():
    at = open_page(PAGE, {"present": "true", "scene": "noisy-prm"})
    assert not at.exception
    assert "Exit presenter mode" in [b.label for b in at.button]
    assert chart_specs(at)[1]["layout"]["font"]["size"] == 22
