"""Browser tests for the sequential-revision page."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import (
    assert_no_exception,
    chart_data,
    goto,
    move_slider_by_keyboard,
    screenshot,
    url_params,
    wait_for_run,
)

PAGE = "revision"


def _metric(page, label: str) -> str:
    box = page.locator('[data-testid="stMetric"]').filter(has_text=label).first
    return box.locator('[data-testid="stMetricValue"]').inner_text()


@pytest.mark.e2e
def test_loads_with_article_numbers_and_keyboard_slider_updates_chart_and_url(page, app_url):
    goto(page, app_url, PAGE)
    assert_no_exception(page)
    assert _metric(page, "Rounds kept") == "3"
    assert _metric(page, "Selected score") == "0.780"
    assert _metric(page, "Rounds skipped") == "2"
    screenshot(page, PAGE)

    goto(page, app_url, PAGE, {"rev.gain": "0.019"})
    assert _metric(page, "Rounds kept") == "3"  # round 3 gained 0.020 >= 0.019
    move_slider_by_keyboard(page, "Minimum gain to keep revising", presses=2)  # 0.019 -> 0.021
    assert_no_exception(page)
    assert url_params(page).get("rev.gain") == "0.021"
    assert _metric(page, "Rounds kept") == "2"
    kept = next(t for t in chart_data(page, 0) if t["name"] == "Kept rounds")
    assert kept["x"] == [1, 2]

    page.goto(page.url)
    wait_for_run(page)
    assert_no_exception(page)
    assert _metric(page, "Rounds kept") == "2"


@pytest.mark.e2e
def test_typed_scores_go_into_the_url(page, app_url):
    goto(page, app_url, PAGE)
    box = page.get_by_test_id("stTextInputField").first
    box.fill("0.5, 0.7, 0.75, 0.9")
    box.press("Enter")
    wait_for_run(page)
    assert_no_exception(page)
    assert url_params(page).get("rev.scores") == "0.5, 0.7, 0.75, 0.9"
    assert _metric(page, "Rounds kept") == "4"


@pytest.mark.e2e
def test_presenter_and_garbage_params(page, app_url):
    goto(page, app_url, PAGE, {"present": "true", "scene": "harmful-revision"})
    assert_no_exception(page)
    expect(page.locator('[data-testid="stSidebar"]')).to_be_hidden()
    expect(page.get_by_text("When revising hurts").first).to_be_visible()
    screenshot(page, f"{PAGE}-presenter", full_page=False)

    goto(page, app_url, PAGE, {"rev.scores": "zero, 2", "rev.gain": "x", "scene": "nope"})
    assert_no_exception(page)
    notice = page.locator('[data-testid="stAlert"]').filter(has_text="could not be used")
    expect(notice).to_have_count(1)
    for param in ("rev.scores=zero, 2", "rev.gain=x", "scene=nope"):
        expect(notice).to_contain_text(param)
    assert _metric(page, "Selected score") == "0.780"
