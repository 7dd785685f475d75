"""charts.prm_search: trace names, axis titles with units, and the tree drawn from a traced search
matches the search (checked against the SearchTree itself, not the figure code)."""

import numpy as np
import pytest

from charts import prm_search as charts
from charts.theme import Curve
from sims import prm


@pytest.fixture(scope="module")
def tree() -> prm.SearchTree:
    return prm.search_tree(step_error=0.2, prm_quality=0.6, beam_width=3, branch_factor=2, depth=5, rng=3)


def test_article_pruning_chart_shows_the_article_numbers():
    acc = prm.scored_steps([8, 8, 8, 8], [None, 2, 3, 1])
    fig = charts.article_pruning([8, 8, 8, 8], [None, 2, 3, 1], acc)
    assert "ORM scores 32 steps, PRM 14: 18 saved" in fig.layout.title.text
    read, skipped = fig.data
    assert list(read.x) == [8, 2, 3, 1] and list(skipped.x) == [0, 6, 5, 7]
    assert sum(read.x) == acc.prm_steps and sum(read.x) + sum(skipped.x) == acc.orm_steps
    assert fig.layout.xaxis.title.text == "Steps scored (steps)"


def test_tree_headline_reports_the_pruning(tree):
    assert "pruned" in charts.tree_headline(tree, tree.counts)


def test_tree_layout_puts_every_node_on_its_own_row_per_step(tree):
    y = charts.tree_layout(tree)
    assert set(y) == {n.node_id for n in tree.nodes}
    for depth in range(1, tree.depth + 1):
        rows = [y[n.node_id] for n in tree.nodes if n.depth == depth]
        assert len(set(rows)) == len(rows) == 6
    # siblings sit next to each other: the children of one parent occupy consecutive rows
    for parent in {n.parent_id for n in tree.nodes[1:]}:
        rows = sorted(y[n.node_id] for n in tree.nodes if n.parent_id == parent)
        assert np.allclose(np.diff(rows), 1.0)


def test_tree_figure_traces_match_the_search(tree):
    fig = charts.search_tree(tree)
    by_name = {t.name: t for t in fig.data}
    groups = ("Correct prefix, kept", "Wrong prefix, kept", "Correct prefix, pruned", "Wrong prefix, pruned")
    assert set(by_name) >= {*groups, "Returned chain", "Prompt", "Generated step"}
    assert sum(len(by_name[g].x) for g in groups) == tree.steps_generated
    assert len(by_name["Correct prefix, pruned"].x) == sum(n.is_correct and not n.kept for n in tree.nodes)
    assert len(by_name["Returned chain"].x) == tree.depth + 1
    assert fig.layout.xaxis.title.text == "Reasoning step (step)"
    assert "kept" in by_name["Correct prefix, kept"].text[0] or not by_name["Correct prefix, kept"].text
    assert set(charts.tree_table(tree).columns) >= {"node_id", "prefix_correct", "kept", "pruned_at_step"}


def test_pruning_tradeoff_holds_back_mistakes():
    result = prm.simulate_search(step_error=0.2, prm_quality=0.3, problems=200, rng=1)
    hidden = {t.name for t in charts.pruning_tradeoff(result, show_mistakes=False).data}
    shown = charts.pruning_tradeoff(result, show_mistakes=True)
    assert "Correct pruned: verifier mistake" not in hidden and "Correct prefix pruned" in hidden
    values = {t.name: t.y[0] for t in shown.data if t.name != "Steps read"}
    assert values["Correct pruned: verifier mistake"] == pytest.approx(result.mistaken_prunes)
    assert values["Correct pruned: beam already full"] + values["Correct pruned: verifier mistake"] == \
        pytest.approx(result.correct_pruned)
    assert "(steps per problem)" in shown.layout.yaxis.title.text


def test_accuracy_chart_traces_axes_and_ghosts():
    curve = prm.accuracy_vs_compute(step_error=0.15, prm_quality=0.5, budgets=[4, 8, 16], problems=100, rng=0)
    ghosts = [Curve("old", (32.0, 64.0), (0.2, 0.4))]
    fig = charts.accuracy_vs_compute(curve, highlight="dvts", current_steps=64, ghosts=ghosts)
    names = [t.name for t in fig.data]
    assert names[0] == "pinned: old"
    assert set(names) >= {*charts.METHOD_LABEL.values(), "Best-of-N, perfect verifier (exact)",
                          "This search's budget"}
    assert fig.layout.xaxis.title.text == "Steps generated per problem (steps, log scale)"
    assert fig.layout.xaxis.type == "log" and fig.layout.yaxis.title.text == "Accuracy (% of problems)"
    beam = next(t for t in fig.data if t.name == "PRM beam search")
    assert list(beam.y) == list(curve.accuracy["beam"]) and list(beam.x) == [32, 64, 128]
    table = charts.accuracy_table(curve)
    assert len(table) == 3 and "orm_best_of_n_se" in table
    assert [c.name for c in charts.accuracy_curves(curve, ("beam", "orm_best_of_n"))] == [
        "PRM beam search", "ORM best-of-N"]
