"""Sequential-revision page in the browser. Its contract (load, keyboard, presenter, garbage links) is
checked by ``test_every_page.py``, which also checks ``ON_LOAD`` on the page's first load."""

import pytest

from tests.e2e.conftest import (
    Shows,
    assert_no_exception,
    expect_metric,
    goto,
    wait_for_run,
    wait_for_url_param,
)

PAGE = "revision"
ON_LOAD = Shows(  # the article's revision-early-stop example
    metrics={"Rounds kept": "3", "Selected score": "0.780", "Rounds skipped": "2"})


@pytest.mark.e2e
def test_typed_scores_go_into_the_url(page, app_url):
    goto(page, app_url, PAGE)
    box = page.get_by_test_id("stTextInputField").first
    box.fill("0.5, 0.7, 0.75, 0.9")
    box.press("Enter")
    wait_for_run(page)
    assert_no_exception(page)
    wait_for_url_param(page, "rev.scores", "0.5, 0.7, 0.75, 0.9")
    expect_metric(page, "Rounds kept", "4")
