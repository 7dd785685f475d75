"""Attempts: seeded picks, quick vs full, retry of what was missed, mastery per view."""

from __future__ import annotations

import pytest

import quiz

BANK = quiz.load_bank()


def right_answer(q: quiz.Question):
    if q.item.kind == "single":
        return next(o.key for o in q.options if o.correct)
    if q.item.kind == "multi":
        return [o.key for o in q.options if o.correct]
    if q.item.kind == "numeric":
        return f"{q.answer:.6f}"
    return {"text": "my answer", "covered": list(range(len(q.item.checklist)))}


def test_quick_check_is_ten_items_spread_over_the_chosen_views():
    attempt = quiz.build_attempt(BANK, seed=9, mode="quick")
    assert len(attempt.questions) == quiz.QUICK_SIZE == 10
    assert {q.item.view for q in attempt.questions} == set(quiz.VIEWS)
    two = quiz.build_attempt(BANK, seed=9, views=["systems", "routing"], mode="quick")
    assert {q.item.view for q in two.questions} == {"systems", "routing"} and len(two.questions) == 10


def test_seed_decides_picks_order_and_numbers():
    a, b = quiz.build_attempt(BANK, seed=77), quiz.build_attempt(BANK, seed=77)
    assert a.questions == b.questions
    others = {quiz.build_attempt(BANK, seed=s).item_ids for s in range(6)}
    assert len(others) > 1


def test_full_set_takes_every_item_of_the_views():
    attempt = quiz.build_attempt(BANK, seed=1, mode="full", views=["deepseek"])
    assert sorted(attempt.item_ids) == sorted(i.id for i in BANK if i.view == "deepseek")


@pytest.mark.parametrize(
    ("kwargs", "param"),
    [
        ({"seed": -1}, "seed"),
        ({"seed": 10**10}, "seed"),
        ({"seed": "12"}, "seed"),
        ({"seed": 1, "views": []}, "views"),
        ({"seed": 1, "views": ["nope"]}, "views"),
        ({"seed": 1, "mode": "speed"}, "mode"),
        ({"seed": 1, "size": 0}, "size"),
        ({"seed": 1, "mode": "retry", "item_ids": ["missing"]}, "item_ids"),
    ],
)
def test_bad_arguments_name_the_parameter(kwargs, param):
    with pytest.raises(ValueError, match=param):
        quiz.build_attempt(BANK, **kwargs)


def test_all_right_scores_one_and_retry_refuses():
    attempt = quiz.build_attempt(BANK, seed=5, mode="full")
    attempt.submit({q.id: right_answer(q) for q in attempt.questions})
    assert attempt.finished and attempt.score == 1.0 and attempt.missed_ids == ()
    with pytest.raises(ValueError, match="nothing missed"):
        quiz.retry_attempt(BANK, attempt, seed=6)


def test_submit_with_nothing_answered_marks_everything_unanswered():
    attempt = quiz.build_attempt(BANK, seed=5)
    attempt.submit({})
    assert attempt.score == 0 and {g.status for g in attempt.grades.values()} == {"unanswered"}
    assert len(attempt.missed_ids) == len(attempt.questions)


def test_retry_contains_only_missed_items_and_mastery_uses_latest_grade():
    attempt = quiz.build_attempt(BANK, seed=8)
    first, *rest = attempt.questions
    attempt.check(first.id, right_answer(first))
    attempt.submit({first.id: right_answer(first)})  # the rest unanswered
    retry = quiz.retry_attempt(BANK, attempt, seed=9)
    assert set(retry.item_ids) == {q.id for q in rest} and retry.mode == "retry"
    before = quiz.mastery_by_view(BANK, [attempt])
    retry.submit({q.id: right_answer(q) for q in retry.questions})
    after = quiz.mastery_by_view(BANK, [attempt, retry])
    for view, row in after.items():
        assert row.in_bank == sum(i.view == view for i in BANK)
        if row.answered:
            assert row.mastery == 1.0 and (before[view].mastery or 0) <= 1.0
    untouched = quiz.mastery_by_view(BANK, [])
    assert all(row.mastery is None for row in untouched.values())


def test_check_unknown_item_raises():
    attempt = quiz.build_attempt(BANK, seed=1)
    with pytest.raises(KeyError):
        attempt.check("not.there", "a")
