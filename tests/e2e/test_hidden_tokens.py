"""Browser tests for the hidden-reasoning-tokens page (the exemplar for every page's e2e test)."""

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

PAGE = "hidden_tokens"


def _metric(page, label: str) -> str:
    box = page.locator('[data-testid="stMetric"]').filter(has_text=label).first
    return box.locator('[data-testid="stMetricValue"]').inner_text()


@pytest.mark.e2e
def test_loads_with_article_numbers(page, app_url):
    goto(page, app_url, PAGE)
    assert_no_exception(page)
    assert _metric(page, "Billed output tokens") == "1,400"
    assert _metric(page, "Visible share of output") == "12.9%"
    assert _metric(page, "Output cost per request") == "$0.0140"
    screenshot(page, PAGE)


@pytest.mark.e2e
def test_keyboard_slider_updates_chart_and_url_and_link_restores_it(page, app_url):
    goto(page, app_url, PAGE)
    before = chart_data(page, 1)
    move_slider_by_keyboard(page, "Hidden reasoning", presses=3)  # step 10 -> 1,250
    assert_no_exception(page)
    assert url_params(page).get("tok.reasoning") == "1250"
    assert _metric(page, "Billed output tokens") == "1,430"
    after = chart_data(page, 1)
    marker_before = next(t for t in before if t["name"] == "This request")
    marker_after = next(t for t in after if t["name"] == "This request")
    assert marker_before["x"] == [1220] and marker_after["x"] == [1250]

    copied = page.url
    page.goto(copied)  # a fresh session from the copied link
    wait_for_run(page)
    assert_no_exception(page)
    assert _metric(page, "Billed output tokens") == "1,430"
    assert url_params(page).get("tok.reasoning") == "1250"


@pytest.mark.e2e
def test_presenter_mode_with_scene(page, app_url):
    goto(page, app_url, PAGE, {"present": "true", "scene": "short-answer-long-think"})
    assert_no_exception(page)
    expect(page.locator('[data-testid="stSidebar"]')).to_be_hidden()
    expect(page.get_by_text("Exit presenter mode")).to_be_visible()
    expect(page.get_by_text("A one-line answer after a long think").first).to_be_visible()
    assert _metric(page, "Billed output tokens") == "12,040"
    screenshot(page, f"{PAGE}-presenter", full_page=False)
    page.get_by_role("button", name="Next ▶").click()
    wait_for_run(page)
    assert url_params(page).get("scene") == "context-squeeze"
    assert _metric(page, "Billed output tokens") == "40,600"
    page.get_by_role("button", name="Exit presenter mode").click()
    wait_for_run(page)
    expect(page.locator('[data-testid="stSidebar"]')).to_be_visible()


@pytest.mark.e2e
def test_garbage_params_survived(page, app_url):
    goto(page, app_url, PAGE, {"tok.visible": "lots", "tok.reasoning": "-5", "tok.ctx": "huge",
                               "scene": "nope", "present": "maybe"})
    assert_no_exception(page)
    notice = page.locator('[data-testid="stAlert"]').filter(has_text="could not be used")
    expect(notice).to_have_count(1)
    for param in ("tok.visible=lots", "tok.reasoning=-5", "tok.ctx=huge", "scene=nope"):
        expect(notice).to_contain_text(param)
    assert _metric(page, "Billed output tokens") == "1,400"
    screenshot(page, f"{PAGE}-garbage", full_page=False)


@pytest.mark.e2e
def test_dark_mode_renders(browser, app_url):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, color_scheme="dark")
    page = context.new_page()
    try:
        goto(page, app_url, PAGE, {"tok.reasoning": "8000"})
        assert_no_exception(page)
        background = page.evaluate(
            "() => getComputedStyle(document.querySelector('[data-testid=\"stApp\"]')).backgroundColor")
        assert background != "rgb(255, 255, 255)"  # Streamlit followed the dark preference
        screenshot(page, f"{PAGE}-dark")
    finally:
        context.close()


@pytest.mark.e2e
def test_state_survives_page_switch_and_price_table_nonsense_gets_a_notice(page, app_url):
    goto(page, app_url, PAGE)
    move_slider_by_keyboard(page, "Hidden reasoning", presses=1)
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_role("link", name="Home").click()
    wait_for_run(page)
    sidebar.get_by_role("link", name="Hidden reasoning tokens").click()
    wait_for_run(page)
    assert _metric(page, "Billed output tokens") == "1,410"
    assert url_params(page).get("tok.reasoning") == "1230"

    page.get_by_text("Compare prices: the same request").click()
    grid = page.locator('[data-testid="stDataFrame"]').first
    expect(grid).to_be_visible()
    box = grid.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + 40, box["y"] + 35 + 17)  # first data row, "Model" column
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")  # -> output price of the first row
    page.keyboard.press("Delete")  # an emptied price cell is the nonsense the sim must catch
    wait_for_run(page)
    assert_no_exception(page)
    expect(page.get_by_text("Some rows were left out")).to_be_visible()
    screenshot(page, f"{PAGE}-price-table")
