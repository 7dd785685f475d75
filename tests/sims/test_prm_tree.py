"""Single-problem search trace for drawing the tree."""

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sims.prm import AGGREGATIONS, SEARCH_METHODS, SearchTree, search_tree, simulate_search

tree_settings = st.fixed_dictionaries({
    "step_error": st.floats(0.0, 1.0),
    "prm_quality": st.floats(0.0, 1.0),
    "beam_width": st.integers(1, 4),
    "branch_factor": st.integers(1, 4),
    "depth": st.integers(1, 8),
    "aggregation": st.sampled_from(AGGREGATIONS),
    "method": st.sampled_from(SEARCH_METHODS),
    "rng": st.integers(0, 2**32 - 1),
})


def check_tree(tree: SearchTree) -> None:
    nodes = tree.nodes
    width, branches, depth = tree.beam_width, tree.branch_factor, tree.depth
    assert len(nodes) == tree.steps_generated + 1 == width * branches * depth + 1
    assert [n.node_id for n in nodes] == list(range(len(nodes)))
    assert nodes[0].parent_id is None and nodes[0].depth == 0
    children = Counter(n.parent_id for n in nodes[1:])
    for node in nodes[1:]:
        parent = nodes[node.parent_id]  # type: ignore[index]
        assert parent.depth == node.depth - 1
        assert parent.kept  # only surviving prefixes are expanded
        assert not node.is_correct or parent.is_correct  # one mistake dooms every descendant
        assert node.step_score is not None and 0.0 <= node.step_score <= 1.0
        assert node.score is not None and 0.0 <= node.score <= 1.0
        assert (node.pruned_at_step is None) == node.kept
        if node.pruned_at_step is not None:
            assert node.pruned_at_step == node.depth < depth
            assert node.node_id not in children
        if tree.method == "dvts" and node.depth > 1:
            assert node.subtree == parent.subtree
    assert children[0] == width * branches  # every beam starts from the prompt
    for d in range(1, depth):
        pruned = sum(1 for n in nodes if n.depth == d and not n.kept)
        assert pruned == width * branches - width
    path = [n for n in nodes if n.on_selected_path]
    assert [n.depth for n in path] == list(range(depth + 1))
    assert path[-1].node_id == tree.selected_id and all(n.kept for n in path)
    assert tree.selected_correct == nodes[tree.selected_id].is_correct


@settings(max_examples=40, deadline=None)
@given(tree_settings)
def test_tree_structure(kw: dict[str, object]) -> None:
    check_tree(search_tree(**kw))  # type: ignore[arg-type]


@settings(max_examples=25, deadline=None)
@given(tree_settings)
def test_tree_agrees_with_monte_carlo_on_one_problem(kw: dict[str, object]) -> None:
    # Same seed, same draws, same step function: the traced tree is one Monte Carlo problem.
    tree = search_tree(**kw)  # type: ignore[arg-type]
    result = simulate_search(problems=1, **kw)  # type: ignore[arg-type]
    pruned = [n for n in tree.nodes if not n.kept]
    assert result.accuracy == float(tree.selected_correct)
    assert result.steps_generated == tree.steps_generated == len(tree.nodes) - 1
    assert result.correct_pruned == sum(n.is_correct for n in pruned)
    assert result.wrong_pruned == sum(not n.is_correct for n in pruned)


def test_article_sized_tree_is_small_and_reproducible() -> None:
    kw = {"step_error": 0.15, "prm_quality": 0.6, "beam_width": 4, "branch_factor": 4, "depth": 8, "rng": 3}
    tree = search_tree(**kw)  # type: ignore[arg-type]
    assert len(tree.nodes) == 129
    assert tree == search_tree(**kw)  # type: ignore[arg-type]
    check_tree(tree)


def test_perfect_prm_prunes_correct_only_when_beam_is_full() -> None:
    for seed in range(20):
        tree = search_tree(step_error=0.3, prm_quality=1.0, beam_width=2, branch_factor=3, depth=6, rng=seed)
        for d in range(1, tree.depth):
            layer = [n for n in tree.nodes if n.depth == d]
            if any(n.is_correct and not n.kept for n in layer):
                assert all(n.is_correct for n in layer if n.kept)


def test_tree_rejects_oversized_and_bad_input() -> None:
    with pytest.raises(ValueError, match="beam_width \\* branch_factor \\* depth"):
        search_tree(step_error=0.1, prm_quality=0.5, beam_width=64, branch_factor=16, depth=20)
    with pytest.raises(ValueError, match="method"):
        search_tree(step_error=0.1, prm_quality=0.5, method="mcts")
    with pytest.raises(ValueError, match="step_error"):
        search_tree(step_error=-1, prm_quality=0.5)


def test_tree_counts_agree_with_the_nodes() -> None:
    tree = search_tree(step_error=0.2, prm_quality=0.6, beam_width=3, branch_factor=2, depth=5, rng=3)
    counts = tree.counts
    nodes = tree.nodes[1:]
    assert counts.correct_pruned + counts.wrong_pruned == sum(not n.kept for n in nodes)
    assert counts.correct_complete + counts.wrong_complete == 3 * 2
    assert sum(c + w for _, c, w in counts.pruned_by_step) == counts.correct_pruned + counts.wrong_pruned
    # beam search keeps 3 of 6 candidates at each of the first 4 steps, nothing is pruned at the end
    assert [c + w for _, c, w in counts.pruned_by_step] == [3, 3, 3, 3, 0]


@settings(max_examples=30, deadline=None)
@given(tree_settings)
def test_tree_counts_match_the_search_result(kw: dict[str, object]) -> None:
    # simulate_search with the same seed and one problem traces the same search (checked above)
    tree = search_tree(**kw)  # type: ignore[arg-type]
    counts = tree.counts
    result = simulate_search(**kw, problems=1)  # type: ignore[arg-type]
    assert counts.correct_pruned == result.correct_pruned
    assert counts.wrong_pruned == result.wrong_pruned
    assert counts.correct_complete + counts.wrong_complete == result.complete_chains


def test_budgets_for_widths_sorts_and_drops_repeats() -> None:
    from sims.prm import budgets_for_widths

    assert budgets_for_widths([1, 2, 4, 8, 16, 32, 4], 4) == [4, 8, 16, 32, 64, 128]
    assert budgets_for_widths([3], 1) == [3]
    with pytest.raises(ValueError, match="branch_factor"):
        budgets_for_widths([1], 0)
    with pytest.raises(ValueError, match="beam_widths"):
        budgets_for_widths([0], 2)
