"""Browser checks of the KV-cache page beyond every page's contract (``test_every_page.py``)."""

import pytest

from tests.e2e.conftest import expect_metrics, goto, trace, wait_until

PAGE = "kv_cache"


@pytest.mark.e2e
def test_article_numbers_on_screen(page, app_url):
    goto(page, app_url, PAGE)
    expect_metrics(page, {"KV saved by sharing": "3.42 GiB", "Cached tokens": "40,000 → 12,000"})
    wait_until(page, lambda: trace(page, 2, "Current setting")["x"] == [1000],
               "the capacity marker at 1,000 tokens")
