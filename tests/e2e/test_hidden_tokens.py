"""Hidden-reasoning-tokens page in the browser beyond every page's contract (``test_every_page.py``, which
also checks ``ON_LOAD``): dark mode, state kept across a page switch, a price table edited into nonsense."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import (
    Shows,
    assert_no_exception,
    click_and_wait,
    expect_metric,
    goto,
    move_slider_by_keyboard,
    open_page,
    screenshot,
    wait_for_run,
    wait_for_url_param,
    wait_until,
)

PAGE = "hidden_tokens"
ON_LOAD = Shows(  # the article's hidden-reasoning example: 1,400 billed tokens, 12.9% of them visible
    metrics={"Billed output tokens": "1,400", "Visible share of output": "12.9%",
             "Output cost per request": "$0.0140"})


def _settled_box(page, locator) -> dict:
    boxes: list = []

    def same_twice() -> dict | None:
        boxes.append(locator.bounding_box())
        return boxes[-1] if len(boxes) > 1 and boxes[-1] is not None and boxes[-1] == boxes[-2] else None

    return wait_until(page, same_twice, "the price table in place")


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
    page.wait_for_url(re.compile(r"/hidden_tokens/?\?"), wait_until="commit")
    wait_for_url_param(page, "tok.reasoning", "1230")
    expect_metric(page, "Billed output tokens", "1,410")

    click_and_wait(page, page.get_by_text("Compare prices: the same request"))  # opening it reruns
    grid = page.locator('[data-testid="stDataFrame"]').first
    expect(grid).to_be_visible()
    box = _settled_box(page, grid)  # the expander slides open: click only once the grid stopped moving
    page.mouse.click(box["x"] + 40, box["y"] + 35 + 17)  # first data row, "Model" column
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")  # -> output price of the first row
    page.keyboard.press("Delete")  # an emptied price cell is the nonsense the sim must catch
    wait_for_run(page)
    assert_no_exception(page)
    expect(page.get_by_text("Some rows were left out")).to_be_visible()
    screenshot(page, f"{PAGE}-price-table")
