"""Browser tests for the routing page: loads with the article's route, keyboard slider -> chart and URL,
the copied link restores the state, presenter mode, garbage parameters survived."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import (
    assert_no_exception,
    goto,
    move_slider_by_keyboard,
    screenshot,
    url_params,
    wait_for_run,
)

PAGE = "routing"


def _metric(page, label: str) -> str:
    box = page.locator('[data-testid="stMetric"]').filter(has_text=label).first
    return box.locator('[data-testid="stMetricValue"]').inner_text()


def _slo_line_x(page) -> float:
    shapes = (
        page.locator(".js-plotly-plot")
        .nth(0)
        .evaluate(
            "el => (el.layout.shapes || []).filter(s => s.type === 'line' && s.x0 === s.x1).map(s => s.x0)"
        )
    )
    return shapes[0]


@pytest.mark.e2e
def test_loads_keyboard_slider_updates_chart_and_url_and_link_restores_it(page, app_url):
    goto(page, app_url, PAGE)
    assert_no_exception(page)
    assert _metric(page, "Chosen route") == "bounded-reasoning"
    assert _metric(page, "Cost per request") == "$0.010"
    expect(page.locator('[data-testid="stTable"]').first).to_contain_text("capacity_math")
    screenshot(page, PAGE)
    assert _slo_line_x(page) == 1000
    move_slider_by_keyboard(page, "Latency SLO", presses=12, key="ArrowLeft")  # step 20 -> 760 ms
    assert_no_exception(page)
    assert url_params(page).get("route.slo") == "760"
    assert _slo_line_x(page) == 760
    assert _metric(page, "Chosen route") == "none"

    page.goto(page.url)
    wait_for_run(page)
    assert_no_exception(page)
    assert _metric(page, "Chosen route") == "none"


@pytest.mark.e2e
def test_presenter_mode_and_garbage_params(page, app_url):
    goto(page, app_url, PAGE, {"present": "true", "scene": "lower-floor"})
    assert_no_exception(page)
    expect(page.locator('[data-testid="stSidebar"]')).to_be_hidden(timeout=20_000)
    assert _metric(page, "Chosen route") == "single-pass"
    screenshot(page, f"{PAGE}-presenter", full_page=False)

    goto(page, app_url, PAGE, {"route.slo": "soon", "route.to_hard": "teleport", "scene": "nope"})
    assert_no_exception(page)
    notice = page.locator('[data-testid="stAlert"]').filter(has_text="could not be used")
    expect(notice).to_have_count(1)
    for param in ("route.slo=soon", "route.to_hard=teleport", "scene=nope"):
        expect(notice).to_contain_text(param)
    assert _metric(page, "Chosen route") == "bounded-reasoning"
