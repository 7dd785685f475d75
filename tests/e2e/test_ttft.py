"""Browser tests for the TTFT page: loads with the article's verdicts, keyboard slider -> chart and URL,
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

PAGE = "ttft"


def _metric(page, label: str) -> str:
    box = page.locator('[data-testid="stMetric"]').filter(has_text=label).first
    return box.locator('[data-testid="stMetricValue"]').inner_text()


def _fits(page) -> list:
    return next(t for t in chart_data(page, 0) if t["name"] == "Article budget: fits")["y"]


@pytest.mark.e2e
def test_loads_keyboard_slider_updates_chart_and_url_and_link_restores_it(page, app_url):
    goto(page, app_url, PAGE)
    assert_no_exception(page)
    table = page.locator('[data-testid="stTable"]').first
    for value in ("1,780", "6,580", "12,980", "reject"):
        expect(table).to_contain_text(value)
    assert _metric(page, "Largest budget that fits") == "225 tokens"
    assert _fits(page) == [180, 1780]
    screenshot(page, PAGE)
    move_slider_by_keyboard(page, "Decode speed", presses=20)  # step 5 -> 180 tokens/s
    assert_no_exception(page)
    assert url_params(page).get("ttft.rate") == "180"
    assert _metric(page, "Largest budget that fits") == "507 tokens"  # floor(2,820 x 180 / 1000)
    assert _fits(page) == [180, pytest.approx(180 + 128 / 180 * 1000)]

    page.goto(page.url)
    wait_for_run(page)
    assert_no_exception(page)
    assert _metric(page, "Largest budget that fits") == "507 tokens"


@pytest.mark.e2e
def test_presenter_mode_and_garbage_params(page, app_url):
    goto(page, app_url, PAGE, {"present": "true", "scene": "batch-job"})
    assert_no_exception(page)
    expect(page.locator('[data-testid="stSidebar"]')).to_be_hidden(timeout=20_000)
    assert _metric(page, "Largest budget that fits") == "4,785 tokens"
    screenshot(page, f"{PAGE}-presenter", full_page=False)

    goto(page, app_url, PAGE, {"ttft.base": "fast", "ttft.rate": "-3", "scene": "nope"})
    assert_no_exception(page)
    notice = page.locator('[data-testid="stAlert"]').filter(has_text="could not be used")
    expect(notice).to_have_count(1)
    for param in ("ttft.base=fast", "ttft.rate=-3", "scene=nope"):
        expect(notice).to_contain_text(param)
    assert _metric(page, "Largest budget that fits") == "225 tokens"
