"""charts.compute_optimal: the crossover chart marks C* exactly where the sim puts it, or says it
never crosses; held back until revealed."""

import pytest

from charts import compute_optimal as charts
from charts.theme import Curve
from sims.scaling import crossover


def test_crossover_marked_at_c_star():
    result = crossover(1e9, 14e9, 0.3, 0.6, tokens_per_answer=500, selector_recall=0.9)
    fig = charts.crossover_chart(result, ghosts=[Curve("old", (1e12,), (0.5,))])
    by_name = {t.name: t for t in fig.data}
    assert set(by_name) >= {"Small model + best-of-N", "Large model, one answer", "Selector ceiling",
                            "Matched FLOPs (N = 14)", "C* (N = 4)", "pinned: old"}
    # 4 samples x 2 FLOPs x 1e9 parameters x 500 tokens, independent of the sim's own arithmetic
    assert list(by_name["C* (N = 4)"].x) == [4e12, 4e12]
    assert list(by_name["Large model, one answer"].x) == [pytest.approx(2 * 14e9 * 500)]
    assert fig.layout.xaxis.title.text == "Inference compute per problem (FLOPs, log scale)"
    assert fig.layout.yaxis.title.text == "Accuracy (% of problems)"
    assert charts.headline(result).startswith("Best-of-4")


def test_crossover_held_back_and_never_crosses():
    result = crossover(1e9, 14e9, 0.3, 0.6, tokens_per_answer=500, selector_recall=0.55)
    hidden = charts.crossover_chart(result, show_crossover=False)
    assert not any("Never crosses" in (a.text or "") for a in hidden.layout.annotations)
    shown = charts.crossover_chart(result)
    assert any("Never crosses" in (a.text or "") for a in shown.layout.annotations)
    assert not any((t.name or "").startswith("C*") for t in shown.data)
    assert charts.headline(result) == "The small model never overtakes the large one here."


def test_large_best_of_n_curve_is_clipped_to_the_small_range():
    small = crossover(1e9, 14e9, 0.3, 0.6, tokens_per_answer=500, selector_recall=0.9)
    large = crossover(14e9, 14e9, 0.6, 0.6, tokens_per_answer=500, selector_recall=0.9)
    fig = charts.crossover_chart(small, large_best_of_n=large)
    trace = next(t for t in fig.data if t.name == "Large model + best-of-N")
    assert max(trace.x) <= small.inference_flops[-1] and min(trace.x) == pytest.approx(14e12)


@pytest.mark.parametrize(("flops", "text"), [(1.4e13, "1.4×10¹³"), (6e21, "6×10²¹"), (2.5e-3, "2.5×10⁻³")])
def test_flops_text(flops, text):
    assert charts.flops_text(flops) == text


def test_table_and_curves():
    result = crossover(1e9, 14e9, 0.3, 0.6, tokens_per_answer=500)
    table = charts.crossover_table(result)
    assert list(table["samples"]) == list(result.samples)
    assert charts.crossover_curves(result)[0].y == tuple(result.small_accuracy.tolist())
