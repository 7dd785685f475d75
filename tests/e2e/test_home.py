"""Browser tests for the entry file: home page, navigation between pages, presenter toggle."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_no_exception, goto, screenshot, url_params, wait_for_run


@pytest.mark.e2e
def test_home_loads_and_links_to_pages(page, app_url):
    goto(page, app_url, "home")
    assert_no_exception(page)
    expect(page.get_by_role("heading", name="Test-Time Compute Lab")).to_be_visible()
    screenshot(page, "home")
    page.locator('[data-testid="stMain"]').get_by_role("link", name="Hidden reasoning tokens").click()
    wait_for_run(page)
    assert page.url.rstrip("/").split("?")[0].endswith("/hidden_tokens")
    expect(page.get_by_role("heading", name="Hidden reasoning tokens")).to_be_visible()
    assert_no_exception(page)


@pytest.mark.e2e
def test_presenter_toggle_goes_in_the_url_and_survives_navigation(page, app_url):
    goto(page, app_url, "home")
    page.locator('[data-testid="stSidebar"]').get_by_text("Presenter mode").click()
    wait_for_run(page)
    assert url_params(page).get("present") == "true"
    expect(page.locator('[data-testid="stSidebar"]')).to_be_hidden()
    screenshot(page, "home-presenter", full_page=False)
    page.get_by_role("link", name="Two axes of compute ▶").click()  # presenter's next-page link
    wait_for_run(page)
    assert url_params(page).get("present") == "true"
    assert_no_exception(page)
