"""Browser checks of the two-axes page beyond every page's contract (``test_every_page.py``)."""

import pytest

from tests.e2e.conftest import expect_metrics, goto

PAGE = "two_axes"


@pytest.mark.e2e
def test_article_sweet_spot_on_screen(page, app_url):
    goto(page, app_url, PAGE)
    expect_metrics(page, {"Chosen budget": "512 tokens", "Accuracy there": "83%", "Latency there": "610 ms"})
