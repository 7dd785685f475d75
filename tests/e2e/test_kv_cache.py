"""Browser tests for the KV-cache page: loads with the article's numbers, keyboard slider -> chart and URL,
the copied link restores the state, presenter mode, garbage parameters survived."""

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

PAGE = "kv_cache"


def _metric(page, label: str) -> str:
    box = page.locator('[data-testid="stMetric"]').filter(has_text=label).first
    return box.locator('[data-testid="stMetricValue"]').inner_text()


def _marker_x(page) -> list:
    capacity = chart_data(page, 2)
    return next(t for t in capacity if t["name"] == "Current setting")["x"]


@pytest.mark.e2e
def test_loads_keyboard_slider_updates_chart_and_url_and_link_restores_it(page, app_url):
    goto(page, app_url, PAGE)
    assert_no_exception(page)
    assert _metric(page, "KV saved by sharing") == "3.42 GiB"
    assert _metric(page, "Cached tokens") == "40,000 → 12,000"
    screenshot(page, PAGE)
    assert _marker_x(page) == [1000]
    move_slider_by_keyboard(page, "Reasoning per branch", presses=2)  # step 100 -> 1,200
    assert_no_exception(page)
    assert url_params(page).get("kv.cont") == "1200"
    assert _marker_x(page) == [1200]
    assert _metric(page, "Cached tokens") == "41,600 → 13,600"

    page.goto(page.url)  # a fresh session from the copied link
    wait_for_run(page)
    assert_no_exception(page)
    assert _metric(page, "Cached tokens") == "41,600 → 13,600"
    assert _marker_x(page) == [1200]


@pytest.mark.e2e
def test_presenter_mode_and_garbage_params(page, app_url):
    goto(page, app_url, PAGE, {"present": "true", "scene": "no-sharing"})
    assert_no_exception(page)
    expect(page.locator('[data-testid="stSidebar"]')).to_be_hidden(timeout=20_000)
    expect(page.get_by_text("Every branch copies the prompt").first).to_be_visible()
    assert _metric(page, "Traces that fit") == "80"
    screenshot(page, f"{PAGE}-presenter", full_page=False)

    goto(
        page, app_url, PAGE, {"kv.model": "GPT-9", "kv.prompt": "lots", "kv.share": "maybe", "scene": "nope"}
    )
    assert_no_exception(page)
    notice = page.locator('[data-testid="stAlert"]').filter(has_text="could not be used")
    expect(notice).to_have_count(1)
    for param in ("kv.model=GPT-9", "kv.prompt=lots", "kv.share=maybe", "scene=nope"):
        expect(notice).to_contain_text(param)
    assert _metric(page, "KV saved by sharing") == "3.42 GiB"
