"""Browser checks of the Live lab beyond every page's contract (``test_every_page.py``): small experiments
against the bundled simulated model (real server, real HTTP, Chromium)."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import (
    Shows,
    assert_no_exception,
    chart_trace_names,
    click_button,
    expect_metric,
    goto,
    metric,
    screenshot,
    wait_for_run,
)

PAGE = "live_lab"
ON_LOAD = Shows(metrics={"Answers to request": "64"})  # 4 questions x 8 samples x 2 effort levels


@pytest.mark.e2e
def test_small_simulated_experiment_end_to_end(page, app_url):
    goto(page, app_url, PAGE, {"live.k": "2", "live.effort": "minimal", "live.effort_b": "low"})
    assert_no_exception(page)
    expect_metric(page, "Answers to request", "16")  # 4 questions x 2 samples x 2 effort levels
    click_button(page, "Run")
    expect(page.get_by_text("Simulated model: these answers were drawn at random")).to_be_visible()
    expect(page.get_by_text("Results: sim-reasoner (simulated), quick, complete")).to_be_visible()
    assert_no_exception(page)
    assert "majority vote, measured" in chart_trace_names(page, 0)
    expect(metric(page, "Effort low: one answer right")).to_have_text(re.compile(r"%$"))
    expect(metric(page, "Effort minimal: one answer right")).to_have_text(re.compile(r"%$"))
    expect(page.get_by_role("button", name="Run again (sends and bills again)")).to_be_visible()
    screenshot(page, f"{PAGE}-results")


@pytest.mark.e2e
def test_stop_keeps_the_answers_already_received(page, app_url):
    # 10 questions x 16 samples at efforts high and max: at the simulator's default 400 tokens/s each request
    # thinks for 1-3 s, so the whole run takes several times longer than it takes to press Stop.
    goto(page, app_url, PAGE, {"live.task": "letters", "live.k": "16", "live.max_tokens": "1500",
                               "live.effort": "high", "live.effort_b": "max"})
    page.get_by_role("button", name="Run", exact=True).click()
    page.get_by_role("button", name="Stop (answers already received are kept)").click()
    wait_for_run(page)
    assert_no_exception(page)
    heading = page.get_by_text("Results: sim-reasoner (simulated), letters,")
    expect(heading).to_be_visible()
    assert heading.inner_text().endswith("stopped")
    expect(page.get_by_role("button", name="Run again (sends and bills again)")).to_be_visible()
