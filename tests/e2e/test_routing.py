"""Browser checks of the routing page beyond every page's contract (``test_every_page.py``)."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import expect_metrics, goto, vertical_lines, wait_until

PAGE = "routing"


@pytest.mark.e2e
def test_article_route_on_screen(page, app_url):
    goto(page, app_url, PAGE)
    expect_metrics(page, {"Chosen route": "bounded-reasoning", "Cost per request": "$0.010"})
    expect(page.locator('[data-testid="stTable"]').first).to_contain_text("capacity_math")
    wait_until(page, lambda: vertical_lines(page, 0)[0] == 1000, "the SLO line at 1,000 ms")
