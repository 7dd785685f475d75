"""Browser checks of the sequential-revision page beyond every page's contract (``test_every_page.py``)."""

import pytest

from tests.e2e.conftest import assert_no_exception, expect_metrics, goto, wait_for_run, wait_for_url_param

PAGE = "revision"


@pytest.mark.e2e
def test_article_numbers_on_screen(page, app_url):
    goto(page, app_url, PAGE)
    expect_metrics(page, {"Rounds kept": "3", "Selected score": "0.780", "Rounds skipped": "2"})


@pytest.mark.e2e
def test_typed_scores_go_into_the_url(page, app_url):
    goto(page, app_url, PAGE)
    box = page.get_by_test_id("stTextInputField").first
    box.fill("0.5, 0.7, 0.75, 0.9")
    box.press("Enter")
    wait_for_run(page)
    assert_no_exception(page)
    wait_for_url_param(page, "rev.scores", "0.5, 0.7, 0.75, 0.9")
    expect_metrics(page, {"Rounds kept": "4"})
