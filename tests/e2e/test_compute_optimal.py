"""Browser checks of the compute-optimal page beyond every page's contract (``test_every_page.py``):
the crossover held back until the student guesses, then following the sliders and the scenes."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import (
    Shows,
    chart_trace_names,
    click_button,
    expect_metric,
    goto,
    move_slider_by_keyboard,
    reopen,
    screenshot,
    shows,
    trace,
    wait_for_layout,
    wait_for_run,
    wait_for_url_param,
    wait_until,
)

PAGE = "compute_optimal"
ON_LOAD = Shows(metrics={"Small answers per large answer": "14",  # Snell et al.'s 14x gap
                         "Small model at N = 14": "89.4%",  # 0.9 * (1 - 0.7**14)
                         "Crossover": "?"})  # held back until the student guesses


def _commit_guess(page, guess: str) -> None:
    wait_for_layout(page)  # the guess form sits below the chart: click it once the chart stopped moving
    box = page.locator('[data-testid="stForm"]').first
    if not box.is_visible():  # presenter mode folds the question into an expander
        page.locator('[data-testid="stExpander"] summary').filter(has_text="Predict first").first.click()
        expect(box).to_be_visible()
        wait_for_layout(page)  # the expander slides open: type and click only once the form stopped moving
    if guess in ("Yes", "No"):
        box.get_by_text(guess, exact=True).click()
    else:
        box.locator("input").fill(guess)
    box.get_by_role("button", name="Commit my guess").click()
    wait_for_run(page)


def _crossover(page) -> str:
    """Name of the drawn crossover line, "C* (N = ...)" (waits until the chart has one)."""
    return wait_until(page, lambda: next(n for n in chart_trace_names(page, 0) if n.startswith("C*")),
                      "a crossover line C* in the chart")


@pytest.mark.e2e
def test_crossover_held_back_until_guess_then_follows_the_slider(page, app_url):
    goto(page, app_url, PAGE)
    shows(page, ON_LOAD)
    assert not any(n.startswith("C*") for n in chart_trace_names(page, 0))
    _commit_guess(page, "10")
    expect_metric(page, "Crossover", "N = 4")
    assert _crossover(page) == "C* (N = 4)"
    assert trace(page, 0, "C* (N = 4)")["x"] == [4e12, 4e12]  # 4 samples x 2 x 1e9 params x 500 tokens
    screenshot(page, f"{PAGE}-revealed")

    move_slider_by_keyboard(page, "Large model: one answer right", presses=20,  # 0.60 -> 0.80
                            param="co.p_large", value="0.8")
    # 0.9 (1 - 0.7^N) first beats 0.8 at N = 7
    wait_until(page, lambda: "C* (N = 7)" in chart_trace_names(page, 0), "C* at N = 7")

    reopen(page)  # a fresh session from the copied link: the guess is asked again
    expect_metric(page, "Crossover", "?")
    _commit_guess(page, "7")
    assert _crossover(page) == "C* (N = 7)"


@pytest.mark.e2e
def test_presenter_scenes_tell_the_story(page, app_url):
    goto(page, app_url, PAGE, {"present": "true", "scene": "rarely-right"})
    _commit_guess(page, "20")
    assert _crossover(page) == "C* (N = 41)"
    click_button(page, "Next ▶")
    wait_for_url_param(page, "scene", "weak-selector")
    _commit_guess(page, "No")
    expect(page.get_by_text("never overtakes the large one").first).to_be_visible()
    screenshot(page, f"{PAGE}-presenter-weak-selector", full_page=False)
