"""Export and import of progress: round trip, and clear refusals that change nothing."""

from __future__ import annotations

import json

import pytest

import quiz
from tests.quiz.test_attempts import right_answer

BANK = quiz.load_bank()


def _progress() -> quiz.Progress:
    progress = quiz.Progress()
    first = progress.start(quiz.build_attempt(BANK, seed=31, mode="quick"))
    answers = {q.id: right_answer(q) for q in first.questions[:6]}
    answers[first.questions[6].id] = None
    first.submit(answers)
    second = progress.start(quiz.retry_attempt(BANK, first, seed=32))
    q = second.questions[0]
    second.check(q.id, right_answer(q))
    return progress


def test_round_trip_keeps_seeds_items_answers_and_grades():
    progress = _progress()
    text = quiz.export_progress(progress)
    data = json.loads(text)
    assert (data["format"], data["version"]) == (quiz.PROGRESS_FORMAT, quiz.PROGRESS_VERSION)
    result = quiz.import_progress(text, BANK)
    assert result.notes == ()
    for before, after in zip(progress.attempts, result.progress.attempts, strict=True):
        assert (before.seed, before.mode, before.views, before.item_ids) == (
            after.seed,
            after.mode,
            after.views,
            after.item_ids,
        )
        assert after.questions == before.questions
        assert {k: v for k, v in before.answers.items() if v is not None} == after.answers
        assert {k: g.credit for k, g in before.grades.items()} == {
            k: g.credit for k, g in after.grades.items()
        }
    assert quiz.export_progress(result.progress) == text


def _exported() -> dict:
    return json.loads(quiz.export_progress(_progress()))


def _mutated(change) -> str:
    data = _exported()
    change(data)
    return json.dumps(data)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "not valid JSON"),
        (b"\xff\xfe\x00garbage", "not valid JSON"),
        ("[1, 2, 3]", "not a Test-Time Compute Lab"),
        ('{"hello": "world"}', "not a Test-Time Compute Lab"),
        (json.dumps({"format": "ttc-lab.live-run", "version": 1}), "not a Test-Time Compute Lab"),
        (_mutated(lambda d: d.update(version=2)), "newer version"),
        (_mutated(lambda d: d.update(version="1")), "damaged"),
        (_mutated(lambda d: d.update(attempts="lots")), "damaged"),
        (_mutated(lambda d: d["attempts"][0].update(seed=-5)), "damaged"),
        (_mutated(lambda d: d["attempts"][0].update(seed="42")), "damaged"),
        (_mutated(lambda d: d["attempts"][0].update(mode="sprint")), "damaged"),
        (_mutated(lambda d: d["attempts"][0].update(views=["vibes"])), "damaged"),
        (_mutated(lambda d: d["attempts"][0].update(items=[1, 2])), "damaged"),
        (_mutated(lambda d: d["attempts"][0].update(answers=[])), "damaged"),
        (
            _mutated(lambda d: d["attempts"][1]["answers"].update({d["attempts"][1]["items"][0]: "zz"})),
            "damaged",
        ),
        (
            '{"format": "ttc-lab.quiz-progress", "version": 1, "attempts": ['
            + "[" * 5000
            + "]" * 5000
            + "]}",
            "damaged|valid JSON",
        ),
        (" " * (quiz.progress_io.MAX_FILE_BYTES + 1), "larger than"),
    ],
)
def test_bad_files_get_a_clear_message(text, message):
    with pytest.raises(quiz.ProgressFileError, match=message):
        quiz.import_progress(text, BANK)


def test_items_no_longer_in_the_bank_are_dropped_with_a_note():
    data = _exported()
    data["attempts"][0]["items"].append("retired.item")
    result = quiz.import_progress(json.dumps(data), BANK)
    assert len(result.notes) == 1 and "no longer in the bank" in result.notes[0]
    assert "retired.item" not in result.progress.attempts[0].item_ids


def test_export_never_contains_python_objects():
    text = quiz.export_progress(_progress())
    assert "Question(" not in text and "Grade(" not in text
