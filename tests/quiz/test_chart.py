"""The mastery chart: one bar per view in rubric order, values in %, untried views marked."""

from __future__ import annotations

import quiz
from charts.quiz import MASTERED, mastery_chart
from tests.quiz.test_attempts import right_answer

BANK = quiz.load_bank()


def test_mastery_chart_bars_follow_the_rows():
    attempt = quiz.build_attempt(BANK, seed=4, mode="full", views=["scaling", "budget"])
    attempt.submit({q.id: right_answer(q) for q in attempt.questions if q.item.view == "scaling"})
    rows = list(quiz.mastery_by_view(BANK, [attempt]).values())
    fig = mastery_chart(rows)
    bar = fig.data[0]
    labels = list(bar.y)
    assert labels == [r.label for r in reversed(rows)]  # first view drawn at the top
    by_label = dict(zip(labels, bar.x, strict=True))
    text = dict(zip(labels, bar.text, strict=True))
    assert by_label[quiz.VIEWS["scaling"]] == 100.0
    assert by_label[quiz.VIEWS["budget"]] == 0.0 and text[quiz.VIEWS["budget"]] == "0%"
    assert text[quiz.VIEWS["routing"]] == "not tried yet"
    assert "%" in fig.layout.xaxis.title.text
    assert any(shape.x0 == 100 * MASTERED for shape in fig.layout.shapes)
