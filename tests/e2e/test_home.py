"""The entry file in the browser beyond every page's contract (``test_every_page.py``, which also checks
``ON_LOAD``): the home page links to the pages, the presenter toggle goes in the URL and survives
navigation."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import (
    Shows,
    assert_no_exception,
    click_and_wait,
    expect_presenter,
    goto,
    screenshot,
    wait_for_url_param,
)

ON_LOAD = Shows(headings=("Test-Time Compute Lab",))


@pytest.mark.e2e
def test_home_links_to_pages(page, app_url):
    goto(page, app_url, "home")
    main = page.locator('[data-testid="stMain"]')
    click_and_wait(page, main.get_by_role("link", name="Hidden reasoning tokens"))
    page.wait_for_url(re.compile(r"/hidden_tokens/?(\?.*)?$"), wait_until="commit")
    expect(page.get_by_role("heading", name="Hidden reasoning tokens")).to_be_visible()
    assert_no_exception(page)


@pytest.mark.e2e
def test_presenter_toggle_goes_in_the_url_and_survives_navigation(page, app_url):
    goto(page, app_url, "home")
    click_and_wait(page, page.locator('[data-testid="stSidebar"]').get_by_text("Presenter mode"))
    wait_for_url_param(page, "present", "true")
    expect_presenter(page)
    screenshot(page, "home-presenter-toggled", full_page=False)
    click_and_wait(page, page.get_by_role("link", name="Two axes of compute ▶"))  # presenter's next-page link
    page.wait_for_url(re.compile(r"/two_axes/?\?"), wait_until="commit")
    wait_for_url_param(page, "present", "true")
    assert_no_exception(page)
