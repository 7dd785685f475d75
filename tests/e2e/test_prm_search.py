"""Browser checks of the ORM vs PRM tree-search page beyond every page's contract (``test_every_page.py``)."""

import pytest

from tests.e2e.conftest import expect_metrics, goto, point_count, wait_until

PAGE = "prm_search"
TREE = ("Correct prefix, kept", "Wrong prefix, kept", "Correct prefix, pruned", "Wrong prefix, pruned")


@pytest.mark.e2e
def test_article_numbers_on_screen(page, app_url):
    goto(page, app_url, PAGE)
    expect_metrics(page, {"ORM scored steps": "32", "PRM scored steps": "14", "Steps saved": "18"})
    wait_until(page, lambda: point_count(page, 1, TREE) == 4 * 4 * 8, "one tree marker per generated step")
