"""Browser tests for the best-of-N page."""

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

PAGE = "best_of_n"


def _metric(page, label: str) -> str:
    box = page.locator('[data-testid="stMetric"]').filter(has_text=label).first
    return box.locator('[data-testid="stMetricValue"]').inner_text()


@pytest.mark.e2e
def test_loads_with_article_numbers_and_keyboard_slider_updates_chart_and_url(page, app_url):
    goto(page, app_url, PAGE)
    assert_no_exception(page)
    assert _metric(page, "Oracle at N = 16") == "99.0%"
    assert _metric(page, "Selector at N = 16") == "79.2%"
    table = page.locator('[data-testid="stTable"]').first
    for cell in ("68.4%", "54.7%", "51,200"):
        expect(table).to_contain_text(cell)
    screenshot(page, PAGE)

    before = next(t for t in chart_data(page, 0) if t["name"] == "At N = 16")
    move_slider_by_keyboard(page, "Single-sample hit rate p", presses=1)  # 0.25 -> 0.26
    assert_no_exception(page)
    assert url_params(page).get("bon.p") == "0.26"
    after = next(t for t in chart_data(page, 0) if t["name"] == "At N = 16")
    assert after["y"][0] > before["y"][0]  # the oracle at N = 16 rose with p
    assert _metric(page, "Oracle at N = 16") == "99.2%"  # 1 - 0.74^16

    page.goto(page.url)  # a fresh session from the copied link
    wait_for_run(page)
    assert_no_exception(page)
    assert _metric(page, "Oracle at N = 16") == "99.2%"


@pytest.mark.e2e
def test_presenter_mode_with_scene_and_monte_carlo(page, app_url):
    goto(page, app_url, PAGE, {"present": "true", "scene": "hard-problems", "bon.mc": "true",
                               "bon.mc_of": "correlated"})
    assert_no_exception(page)
    expect(page.locator('[data-testid="stSidebar"]')).to_be_hidden()
    expect(page.get_by_text("Hard problems: a spread of difficulty").first).to_be_visible()
    names = [t["name"] for t in chart_data(page, 0)]
    assert "Monte Carlo ±2 SE" in names and "Spread of difficulty" in names
    screenshot(page, f"{PAGE}-presenter", full_page=False)


@pytest.mark.e2e
def test_garbage_params_survived(page, app_url):
    goto(page, app_url, PAGE, {"bon.p": "lots", "bon.n": "-4", "bon.view": "nope", "scene": "nope",
                               "bon.pk_c": "500"})
    assert_no_exception(page)
    notice = page.locator('[data-testid="stAlert"]').filter(has_text="could not be used")
    expect(notice).to_have_count(1)
    for param in ("bon.p=lots", "bon.n=-4", "bon.view=nope", "scene=nope", "bon.pk_c=500"):
        expect(notice).to_contain_text(param)
    assert _metric(page, "Oracle at N = 16") == "99.0%"
