"""Browser checks of the TTFT page beyond every page's contract (``test_every_page.py``)."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import expect_metric, goto, trace, wait_until

PAGE = "ttft"


@pytest.mark.e2e
def test_article_verdicts_on_screen(page, app_url):
    goto(page, app_url, PAGE)
    table = page.locator('[data-testid="stTable"]').first
    for value in ("1,780", "6,580", "12,980", "reject"):
        expect(table).to_contain_text(value)
    expect_metric(page, "Largest budget that fits", "225 tokens")
    wait_until(page, lambda: trace(page, 0, "Article budget: fits")["y"] == [180, 1780],
               "the fitting budgets' TTFT")
