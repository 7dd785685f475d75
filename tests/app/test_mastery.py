"""AppTest of the mastery page: full attempts right and wrong, one-at-a-time flow, seed from the URL,
retry, predictions, export -> import round trip, bad import files, progress across page switches."""

from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest

import quiz
from tests.app.helpers import all_text, open_page
from tests.quiz.test_attempts import right_answer

BANK = quiz.load_bank()
ALL_VIEWS = list(quiz.VIEWS)



def _start(params: dict[str, str] | None = None, *, mode: str = "full", flow: str = "all",
           at: AppTest | None = None) -> AppTest:
    at = at or open_page("mastery", params)
    at.radio(key="quiz.mode").set_value(mode)
    at.radio(key="quiz.flow").set_value(flow)
    return at.button(key="quiz.start").click().run()


def _fill(at: AppTest, attempt_no: int, q: quiz.Question, answer) -> None:
    key = f"quiz.answer.{attempt_no}.{q.id}"
    if q.item.kind == "single":
        at.radio(key=key).set_value(answer)
    elif q.item.kind == "multi":
        for o in q.options:
            at.checkbox(key=f"{key}.{o.key}").set_value(o.key in answer)
    elif q.item.kind == "numeric":
        at.text_input(key=key).set_value(answer)
    else:
        at.text_area(key=f"{key}.text").set_value(answer["text"])


def _tick_open(at: AppTest, attempt_no: int, q: quiz.Question, covered: list[int]) -> None:
    for i in range(len(q.item.checklist)):
        at.checkbox(key=f"quiz.answer.{attempt_no}.{q.id}.c{i}").set_value(i in covered)


def _wrong(q: quiz.Question):
    if q.item.kind == "single":
        return next(o.key for o in q.options if not o.correct)
    if q.item.kind == "multi":
        return [o.key for o in q.options if not o.correct]
    if q.item.kind == "numeric":
        return f"{q.answer + 100 * q.tolerance + 1000:.4f}"
    return {"text": "I am not sure", "covered": []}


def _answer_all(at: AppTest, attempt: quiz.Attempt, answer_for) -> AppTest:
    for q in attempt.questions:
        _fill(at, 1, q, answer_for(q))
    at.run()
    for q in attempt.questions:
        if q.item.kind == "open":
            _tick_open(at, 1, q, answer_for(q)["covered"])
    return at.run()


def test_full_attempt_answered_right_scores_100_percent():
    at = _start({"seed": "42"})
    assert not at.exception
    attempt = quiz.build_attempt(BANK, seed=42, views=ALL_VIEWS, mode="full")
    assert at.session_state["quiz.progress"].current.item_ids == attempt.item_ids  # the URL seed was used
    at = _answer_all(at, attempt, right_answer)
    at.button(key="quiz.submit").click().run()
    assert not at.exception
    assert [m.value for m in at.metric if m.label == "Score"] == ["100%"]
    assert "Everything right" in all_text(at)
    assert len(at.get("plotly_chart")) == 1  # mastery per view


def test_full_attempt_answered_wrong_shows_every_explanation():
    at = _start({"seed": "7"})
    attempt = quiz.build_attempt(BANK, seed=7, views=ALL_VIEWS, mode="full")
    at = _answer_all(at, attempt, _wrong)
    at.button(key="quiz.submit").click().run()
    assert not at.exception
    assert [m.value for m in at.metric if m.label == "Score"] == ["0%"]
    text = all_text(at)
    for q in attempt.questions:
        assert q.item.explanation in text, q.id
        for option in q.options:
            assert option.why in text, (q.id, option.key)  # why each option is right or wrong
        for _, why in q.item.mistakes:
            assert why in text, q.id
    links = {link.proto.page for link in at.get("page_link")}  # the url path of each linked page
    assert {q.item.page for q in attempt.questions} <= links


def test_one_at_a_time_gives_feedback_then_moves_on():
    at = _start({"seed": "5"}, mode="quick", flow="one")
    attempt = quiz.build_attempt(BANK, seed=5, views=ALL_VIEWS, mode="quick")
    first, second = attempt.questions[:2]
    _fill(at, 1, first, right_answer(first))
    at.run()
    if first.item.kind == "open":
        _tick_open(at, 1, first, list(range(len(first.item.checklist))))
    at.button(key="quiz.check").click().run()
    assert first.item.explanation in all_text(at)
    at.button(key="quiz.next").click().run()
    assert second.prompt.splitlines()[0] in all_text(at)
    assert not at.exception


def test_retry_only_what_i_missed():
    at = _start({"seed": "11"}, mode="quick")
    attempt = quiz.build_attempt(BANK, seed=11, views=ALL_VIEWS, mode="quick")
    missed = attempt.questions[0]
    at = _answer_all(at, attempt, lambda q: _wrong(q) if q.id == missed.id else right_answer(q))
    at.button(key="quiz.submit").click().run()
    at.button(key="quiz.retry").click().run()
    current = at.session_state["quiz.progress"].current
    assert current.item_ids == (missed.id,) and current.mode == "retry"
    assert not at.exception


def test_bad_seed_in_url_gives_a_notice_not_a_traceback():
    at = open_page("mastery", {"seed": "banana"})
    assert not at.exception
    assert any("seed=banana" in w.value for w in at.warning)
    at = _start(at=at)
    assert at.session_state["quiz.progress"].current is not None


def test_new_attempt_without_seed_draws_new_numbers():
    at = _start(mode="quick")
    first = at.session_state["quiz.progress"].current.seed
    at.button(key="quiz.new").click().run()
    at = _start(at=at, mode="quick")
    assert at.session_state["quiz.progress"].current.seed != first


def test_predictions_from_the_simulation_pages_are_shown():
    from ui.predictions import Prediction

    at = open_page("mastery")
    at.session_state["_ui.predictions"] = {("best_of_n", "main"): Prediction(
        page="best_of_n", question_id="main", question="Success at N = 16?", guess=60.0, actual=99.0,
        unit="%", correct=False, settings="p = 0.25")}
    at.run()
    frame = at.dataframe[0].value
    assert list(frame["your guess"]) == ["60.0 %"] and list(frame["the sim showed"]) == ["99.0 %"]


def test_export_import_round_trip_and_bad_files():
    at = _start({"seed": "3"}, mode="quick")
    attempt = quiz.build_attempt(BANK, seed=3, views=ALL_VIEWS, mode="quick")
    at = _answer_all(at, attempt, right_answer)
    at.button(key="quiz.submit").click().run()
    exported = quiz.export_progress(at.session_state["quiz.progress"])  # what the download button serves
    assert at.download_button(key="quiz.export").proto.label.startswith("Download progress")

    fresh = open_page("mastery")
    bad_files = [(b"{oops", "not valid JSON"), (b'{"format": "other"}', "not a Test-Time Compute Lab"),
                 (exported.replace('"version": 1', '"version": 9').encode(), "newer version")]
    for bad, message in bad_files:
        fresh.get("file_uploader")[0].set_value(("bad.json", bad, "application/json"))
        fresh.run()
        assert any(message in e.value for e in fresh.error), message
        assert fresh.session_state["quiz.progress"].attempts == []  # nothing changed
    fresh.get("file_uploader")[0].set_value(("progress.json", exported.encode(), "application/json"))
    fresh.run()
    assert not fresh.exception
    loaded = fresh.session_state["quiz.progress"]
    assert json.loads(quiz.export_progress(loaded)) == json.loads(exported)
    assert [m.value for m in fresh.metric if m.label == "Score"] == ["100%"]


def test_progress_survives_a_page_switch():
    at = _start({"seed": "21"}, mode="quick", flow="one")
    attempt = quiz.build_attempt(BANK, seed=21, views=ALL_VIEWS, mode="quick")
    q = attempt.questions[0]
    _fill(at, 1, q, right_answer(q))
    at.run()
    if q.item.kind == "open":
        _tick_open(at, 1, q, list(range(len(q.item.checklist))))
    at.button(key="quiz.check").click().run()
    open_page("home", at=at)
    at = open_page("mastery", at=at)
    assert at.session_state["quiz.progress"].current.item_ids == attempt.item_ids
    assert q.id in at.session_state["quiz.progress"].current.grades
    assert q.item.explanation in all_text(at)
