"""Browser test: a student opens a seeded link, takes a short quiz one question at a time, scores 100%."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

import quiz
from tests.e2e.conftest import assert_no_exception, click_and_wait, goto, screenshot, wait_for_run

SEED = 2718
WAIT_MS = 30_000  # the machine is shared: give expectations the same patience as page loads
pytestmark = pytest.mark.e2e


def _answer(page: Page, q: quiz.Question) -> None:
    card = page.locator('[data-testid="stMain"]')  # one question on screen at a time
    checkbox = card.locator('[data-testid="stCheckbox"] label')
    if q.item.kind == "single":
        right = next(o for o in q.options if o.correct)
        click_and_wait(page, card.locator('[data-testid="stRadio"] label').filter(has_text=right.text).first)
    elif q.item.kind == "multi":
        for o in q.options:
            if o.correct:
                click_and_wait(page, checkbox.filter(has_text=o.text).first)
    elif q.item.kind == "numeric":
        box = card.locator('[data-testid="stTextInput"] input').first
        box.fill(f"{q.answer:.6f}")
        box.press("Enter")
        wait_for_run(page)
    else:
        area = card.locator("textarea").first
        area.fill("Route easy requests to a fast model; measure tokens and win rate.")
        area.press("Control+Enter")
        wait_for_run(page)
        for point in q.item.checklist:
            click_and_wait(page, checkbox.filter(has_text=point).first)


def test_take_a_short_quiz(app_url: str, page: Page):
    goto(page, app_url, "mastery", {"seed": str(SEED)})
    assert_no_exception(page)
    expect(page.get_by_text(f"This link fixes the seed to {SEED}")).to_be_visible(timeout=WAIT_MS)
    click_and_wait(page, page.get_by_role("button", name="Start"))
    attempt = quiz.build_attempt(quiz.load_bank(), seed=SEED, mode="quick")
    expect(page.get_by_text(f"seed {SEED}", exact=False).first).to_be_visible(timeout=WAIT_MS)
    for number, q in enumerate(attempt.questions, start=1):
        header = page.get_by_text(f"Question {number} of {len(attempt.questions)}")
        expect(header).to_be_visible(timeout=WAIT_MS)
        _answer(page, q)
        click_and_wait(page, page.get_by_role("button", name="Check my answer"))
        expect(page.get_by_text("Why:").first).to_be_visible(timeout=WAIT_MS)
        graded_right = page.locator('[data-testid="stAlertContentSuccess"]').first
        expect(graded_right).to_be_visible(timeout=WAIT_MS)
        assert_no_exception(page)
        last = number == len(attempt.questions)
        click_and_wait(page, page.get_by_role("button", name="See my results" if last else "Next question"))
    expect(page.locator('[data-testid="stMetricValue"]').filter(has_text="100%")).to_be_visible(timeout=WAIT_MS)
    expect(page.locator(".js-plotly-plot")).to_have_count(1, timeout=WAIT_MS)
    assert_no_exception(page)
    screenshot(page, "mastery-results")
