"""Grading edge cases: tolerances, partial credit for multiple select, empty and malformed answers."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import quiz
from quiz.bank import parse_bank
from quiz.generators import GENERATORS

BANK = {item.id: item for item in quiz.load_bank()}


def _question(item_id: str, seed: int = 3) -> quiz.Question:
    return quiz.instantiate(BANK[item_id], seed)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("42", 42.0),
        (" 68.4 % ", 68.4),
        ("1,234.5", 1234.5),
        ("$19.44", 19.44),
        ("2.5e3", 2500.0),
        ("0.625 GiB", 0.625),
        ("-3", -3.0),
        (".5", 0.5),
        (12, 12.0),
        (1.5, 1.5),
        ("12,345,678", 12345678.0),
    ],
)
def test_parse_number_accepts(text, value):
    assert quiz.parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        None,
        "abc",
        "1,5",
        "12,34",
        "1.2.3",
        "nan",
        "inf",
        float("nan"),
        float("inf"),
        True,
        "1e999",
        "--2",
        [],
        "4 2",
    ],
)
def test_parse_number_refuses(text):
    assert quiz.parse_number(text) is None


def test_single_choice_right_wrong_empty():
    q = _question("scaling.two-axes")
    right = next(o.key for o in q.options if o.correct)
    wrong = next(o.key for o in q.options if not o.correct)
    assert quiz.grade(q, right).status == "correct" and quiz.grade(q, right).credit == 1
    graded = quiz.grade(q, wrong)
    assert (graded.status, graded.credit, graded.picked_wrong, graded.missed) == (
        "wrong",
        0,
        (wrong,),
        (right,),
    )
    for empty in (None, "", [], 7):
        assert quiz.grade(q, empty).status == "unanswered"
    with pytest.raises(ValueError, match="unknown options"):
        quiz.grade(q, "z")


def test_multiple_select_partial_credit_rule_by_enumeration():
    """Every subset of options: credit = max(0, (right picks - wrong picks) / number of right options)."""
    q = _question("verifier.prm-properties")
    right = {o.key for o in q.options if o.correct}
    keys = [o.key for o in q.options]
    for size in range(len(keys) + 1):
        for picked in itertools.combinations(keys, size):
            graded = quiz.grade(q, list(picked))
            hits, misses = len(right & set(picked)), len(set(picked) - right)
            expected = 0.0 if not picked else max(0.0, (hits - misses) / len(right))
            assert graded.credit == pytest.approx(expected), picked
            if not picked:
                assert graded.status == "unanswered"
            elif set(picked) == right:
                assert graded.status == "correct"
            else:
                assert graded.status == ("partial" if expected > 0 else "wrong")
    assert quiz.grade(q, keys).credit < 1  # ticking everything is not a strategy


@given(st.sets(st.sampled_from("abcde")))
def test_multiple_select_credit_is_bounded(picked):
    q = _question("systems.hidden-token-effects")
    assert 0.0 <= quiz.grade(q, sorted(picked)).credit <= 1.0


def _numeric_item(abs_tol: float, rel_tol: float) -> quiz.Question:
    raw = {
        "format": "ttc-lab.quiz-bank",
        "version": 1,
        "item": [
            {
                "id": "t.num",
                "view": "strategy",
                "kind": "numeric",
                "prompt": "p = {p}, N = {n}?",
                "explanation": "x",
                "page": "best_of_n",
                "generator": "best_of_n.success",
                "unit": "%",
                "abs_tol": abs_tol,
                "rel_tol": rel_tol,
                "mistakes": {k: "why" for k in GENERATORS["best_of_n.success"].mistakes},
            }
        ],
    }
    # A folder with no scenes files: this grading-only item needs no scene link.
    return quiz.instantiate(parse_bank(raw, scenes_dir=Path(__file__).parent)[0], 11)


def test_numeric_absolute_tolerance_boundaries():
    q = _numeric_item(0.5, 0.0)
    key = q.answer
    assert quiz.grade(q, f"{key + 0.49:.6f}").correct
    assert quiz.grade(q, f"{key - 0.49:.6f}").correct
    assert not quiz.grade(q, f"{key + 0.51:.6f}").correct
    assert quiz.grade(q, f"{key:.1f} %").correct


def test_numeric_relative_tolerance_boundaries():
    q = _numeric_item(0.0, 0.02)
    key = q.answer
    assert quiz.grade(q, key * 1.019).correct and quiz.grade(q, key * 0.981).correct
    assert not quiz.grade(q, key * 1.021).correct


def test_numeric_recognises_a_known_mistake():
    q = _question("strategy.bon-success")
    graded = quiz.grade(q, q.mistake_values["p_times_n"])
    assert (graded.status, graded.mistake) == ("wrong", "p_times_n")
    assert quiz.grade(q, q.answer + 10 * q.tolerance + 1).mistake == ""


@pytest.mark.parametrize("answer", [None, "", "   ", "abc", "1,5"])
def test_numeric_empty_or_garbage_is_unanswered(answer):
    graded = quiz.grade(_question("strategy.bon-success"), answer)
    assert (graded.status, graded.credit) == ("unanswered", 0.0)


def test_open_answer_self_check():
    q = _question("routing.first-router")
    total = len(q.item.checklist)
    assert quiz.grade(q, {"text": "", "covered": list(range(total))}).status == "unanswered"
    assert quiz.grade(q, None).status == "unanswered"
    assert quiz.grade(q, {"text": "my router", "covered": []}).status == "wrong"
    half = quiz.grade(q, {"text": "my router", "covered": [0, 1, 2]})
    assert (half.status, half.credit) == ("partial", pytest.approx(3 / total))
    assert quiz.grade(q, {"text": "my router", "covered": list(range(total))}).correct
    with pytest.raises(ValueError, match="checklist"):
        quiz.grade(q, {"text": "x", "covered": [total]})
