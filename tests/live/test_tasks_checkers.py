"""Task sets load and validate; the checker accepts each item's own answer and rejects its distractors."""

from __future__ import annotations

import pytest

from live.checkers import canonical, check, extract_final
from live.tasks import TaskItem, get_taskset, list_tasksets, load_taskset, parse_taskset


def all_items() -> list[TaskItem]:
    return [it for ts in list_tasksets() for it in ts.items if not it.id.startswith("quick-")]


def test_bundled_sets_have_at_least_30_distinct_items_of_every_kind():
    items = all_items()
    assert len(items) >= 30
    kinds = {it.id.split("-")[0] for it in items}
    assert {"letters", "mult", "date", "unit", "wp"} <= kinds


def test_strawberry_and_847x293_have_independently_computed_answers():
    letters = get_taskset("letters")
    assert letters.item("letters-strawberry-r").answer == str("strawberry".count("r")) == "3"
    assert get_taskset("multiplication").item("mult-847x293").answer == str(847 * 293)


@pytest.mark.parametrize("item", all_items(), ids=lambda it: it.id)
def test_checker_accepts_the_answer_and_rejects_each_distractor(item: TaskItem):
    assert check(item, f"Let me think.\nAnswer: {item.answer}").correct
    for wrong in item.sim.distractors:
        verdict = check(item, f"Answer: {wrong}")
        assert not verdict.correct
        assert verdict.answer is not None  # a wrong answer is still read, so it can vote


def test_extraction_prefers_the_last_answer_line_then_boxed_then_last_line():
    assert extract_final("Answer: 2\nWait, recount.\nFinal answer: **3**.") == "3"
    assert extract_final("so the result is \\boxed{248171} done") == "248171"
    assert extract_final("first\n\n 42 \n") == "42"
    assert extract_final("") is None
    assert extract_final(None) is None


def test_canonical_forms_merge_equal_answers_written_differently():
    assert canonical("integer", "248,171") == canonical("integer", "248171") == "248171"
    assert canonical("integer", "3 r's") == "3"
    assert canonical("integer", "2.5") is None
    assert canonical("number", "$3.50") == canonical("number", "3.5")
    assert canonical("date", "March 26, 2024") == canonical("date", "2024-03-26") == "2024-03-26"
    assert canonical("date", "26 March 2024") == "2024-03-26"
    assert canonical("word", "saturday.") == "Saturday"
    with pytest.raises(ValueError, match="checker"):
        canonical("regex", "x")


def test_number_checker_uses_the_tolerance():
    item = get_taskset("dates_units").item("unit-miles-to-m")
    assert check(item, "Answer: 8046.725").correct
    assert not check(item, "Answer: 8046.8").correct
    assert not check(item, "no number here").correct


def test_invalid_task_sets_are_refused_with_the_field_named(tmp_path):
    base = {"format": "ttc-lab-taskset", "version": 1, "name": "t", "items": [
        {"id": "a", "prompt": "q", "answer": "1", "checker": "integer"}]}
    assert parse_taskset(base).items[0].sim.p == 0.5
    with pytest.raises(ValueError, match="format"):
        parse_taskset({**base, "format": "other"})
    with pytest.raises(ValueError, match="version"):
        parse_taskset({**base, "version": 99})
    with pytest.raises(ValueError, match="checker"):
        parse_taskset({**base, "items": [{**base["items"][0], "checker": "regex"}]})
    with pytest.raises(ValueError, match=r"sim\.p"):
        parse_taskset({**base, "items": [{**base["items"][0], "sim": {"p": 1.5}}]})
    with pytest.raises(ValueError, match="unique"):
        parse_taskset({**base, "items": base["items"] * 2})
    bad = tmp_path / "bad.json"
    bad.write_text("{nope")
    with pytest.raises(ValueError, match=r"bad\.json"):
        load_taskset(bad)
    with pytest.raises(ValueError, match="available"):
        get_taskset("no-such-set")
