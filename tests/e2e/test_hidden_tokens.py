"""Browser checks of the hidden-reasoning-tokens page beyond every page's contract (``test_every_page.py``):
the article's numbers, dark mode, state kept across a page switch, a price table edited into nonsense."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import (
    assert_no_exception,
    click_and_wait,
    expect_metric,
    expect_metrics,
    goto,
    move_slider_by_keyboard,
    open_page,
    screenshot,
    url_params,
    wait_for_run,
)

PAGE = "hidden_tokens"


@pytest.mark.e2e
def test_article_numbers_on_screen(page, app_url):
    goto(page, app_url, PAGE)
    expect_metrics(page, {"Billed output tokens": "1,400", "Visible share of output": "12.9%",
                          "Output cost per request": "$0.0140"})


@pytest.mark.e2e
def test_dark_mode_renders(browser, app_url):
    with open_page(browser, color_scheme="dark") as page:
        goto(page, app_url, PAGE, {"tok.reasoning": "8000"})
        assert_no_exception(page)
        background = page.evaluate(
            "() => getComputedStyle(document.querySelector('[data-testid=\"stApp\"]')).backgroundColor")
        assert background != "rgb(255, 255, 255)"  # Streamlit followed the dark preference
        screenshot(page, f"{PAGE}-dark")


@pytest.mark.e2e
def test_state_survives_page_switch_and_price_table_nonsense_gets_a_notice(page, app_url):
    goto(page, app_url, PAGE)
    move_slider_by_keyboard(page, "Hidden reasoning", presses=1, param="tok.reasoning", value="1230")
    sidebar = page.locator('[data-testid="stSidebar"]')
    click_and_wait(page, sidebar.get_by_role("link", name="Home"))
    click_and_wait(page, sidebar.get_by_role("link", name="Hidden reasoning tokens"))
    expect_metric(page, "Billed output tokens", "1,410")
    assert url_params(page).get("tok.reasoning") == "1230"

    page.get_by_text("Compare prices: the same request").click()  # an expander: no rerun
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
