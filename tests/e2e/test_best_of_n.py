"""Browser checks of the best-of-N page beyond every page's contract (``test_every_page.py``)."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import expect_metrics, goto

PAGE = "best_of_n"


@pytest.mark.e2e
def test_article_numbers_on_screen(page, app_url):
    goto(page, app_url, PAGE)
    expect_metrics(page, {"Oracle at N = 16": "99.0%", "Selector at N = 16": "79.2%"})
    table = page.locator('[data-testid="stTable"]').first
    for cell in ("68.4%", "54.7%", "51,200"):
        expect(table).to_contain_text(cell)
