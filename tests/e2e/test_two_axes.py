"""Browser tests for the two-axes page."""

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

PAGE = "two_axes"


def _metric(page, label: str) -> str:
    box = page.locator('[data-testid="stMetric"]').filter(has_text=label).first
    return box.locator('[data-testid="stMetricValue"]').inner_text()


@pytest.mark.e2e
def test_loads_with_article_numbers_and_keyboard_slider_updates_chart_and_url(page, app_url):
    goto(page, app_url, PAGE)
    assert_no_exception(page)
    assert _metric(page, "Chosen budget") == "512 tokens"
    assert _metric(page, "Accuracy there") == "83%"
    assert _metric(page, "Latency there") == "610 ms"
    screenshot(page, PAGE)

    goto(page, app_url, PAGE, {"two.limit": "620"})
    assert _metric(page, "Chosen budget") == "512 tokens"  # 610 ms still fits
    move_slider_by_keyboard(page, "Latency limit", presses=2, key="ArrowLeft")  # 620 -> 600 ms
    assert_no_exception(page)
    assert url_params(page).get("two.limit") == "600"
    assert _metric(page, "Chosen budget") == "128 tokens"
    names = [t["name"] for t in chart_data(page, 1)]
    assert "Chosen: 128 tokens" in names

    page.goto(page.url)
    wait_for_run(page)
    assert_no_exception(page)
    assert _metric(page, "Chosen budget") == "128 tokens"


@pytest.mark.e2e
def test_presenter_and_garbage_params(page, app_url):
    goto(page, app_url, PAGE, {"present": "true", "scene": "no-limit"})
    assert_no_exception(page)
    expect(page.locator('[data-testid="stSidebar"]')).to_be_hidden()
    expect(page.get_by_text("Even without a limit, the max is not best").first).to_be_visible()
    screenshot(page, f"{PAGE}-presenter", full_page=False)

    goto(page, app_url, PAGE, {"two.params": "big", "two.limit": "1e9", "scene": "nope"})
    assert_no_exception(page)
    notice = page.locator('[data-testid="stAlert"]').filter(has_text="could not be used")
    expect(notice).to_have_count(1)
    for param in ("two.params=big", "two.limit=1e9", "scene=nope"):
        expect(notice).to_contain_text(param)
    assert _metric(page, "Chosen budget") == "512 tokens"
