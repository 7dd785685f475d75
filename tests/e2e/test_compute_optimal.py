"""Browser tests for the compute-optimal inference page."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import (
    assert_no_exception,
    chart_data,
    goto,
    move_slider_by_keyboard,
    screenshot,
    url_params,
    wait_for_run,
)

PAGE = "compute_optimal"


def _metric(page, label: str) -> str:
    box = page.locator('[data-testid="stMetric"]').filter(has_text=label).first
    return box.locator('[data-testid="stMetricValue"]').inner_text()


def _trace(page, name: str, y: float | None = None) -> dict:
    """The first trace whose name starts with ``name``; with ``y``, wait until its first y equals it
    (the chart redraws a moment after the script run ends)."""
    js_name = name.replace("'", "\\'")
    check = "" if y is None else f" && Math.abs(t.y[0] - {y}) < 1e-9"
    page.wait_for_function(
        "() => { const el = document.querySelector('.js-plotly-plot');"
        f" return !!el && (el.data || []).some(t => (t.name || '').startsWith('{js_name}'){check}); }}")
    return next(t for t in chart_data(page, 0) if t["name"].startswith(name))


def _commit_guess(page, guess: str) -> None:
    box = page.locator('[data-testid="stForm"]').first
    if not box.is_visible():  # presenter mode folds the question into an expander
        page.locator('[data-testid="stExpander"] summary').filter(has_text="Predict first").first.click()
    if guess in ("Yes", "No"):
        box.get_by_text(guess, exact=True).click()
    else:
        box.locator("input").fill(guess)
    box.get_by_role("button", name="Commit my guess").click()
    wait_for_run(page)


@pytest.mark.e2e
def test_loads_with_crossover_held_back_until_guess(page, app_url):
    goto(page, app_url, PAGE)
    assert_no_exception(page)
    assert _metric(page, "Small answers per large answer") == "14"
    assert _metric(page, "Small model at N = 14") == "89.4%"  # 0.9 * (1 - 0.7**14)
    assert _metric(page, "Crossover") == "?"
    assert not any(t["name"].startswith("C*") for t in chart_data(page, 0))
    _commit_guess(page, "10")
    assert _metric(page, "Crossover") == "N = 4"
    assert _trace(page, "C* (N = 4)")["x"] == [4e12, 4e12]  # 4 samples x 2 x 1e9 params x 500 tokens
    screenshot(page, PAGE)


@pytest.mark.e2e
def test_keyboard_slider_updates_chart_and_url_and_link_restores_it(page, app_url):
    goto(page, app_url, PAGE)
    _commit_guess(page, "4")
    move_slider_by_keyboard(page, "Large model: one answer right", presses=20)  # 0.60 -> 0.80
    assert_no_exception(page)
    assert url_params(page).get("co.p_large") == "0.8"
    assert _trace(page, "Large model, one answer", y=0.8)["y"] == [pytest.approx(0.8)]
    assert _trace(page, "C* (N = ")["name"] == "C* (N = 7)"  # 0.9 (1 - 0.7^N) > 0.8 from N = 7 (6.2)

    page.goto(page.url)  # a fresh session from the copied link: the guess is asked again
    wait_for_run(page)
    assert_no_exception(page)
    assert _trace(page, "Large model, one answer", y=0.8)["y"] == [pytest.approx(0.8)]
    _commit_guess(page, "7")
    assert _trace(page, "C* (N = ")["name"] == "C* (N = 7)"


@pytest.mark.e2e
def test_presenter_mode_with_scene(page, app_url):
    goto(page, app_url, PAGE, {"present": "true", "scene": "rarely-right"})
    assert_no_exception(page)
    expect(page.locator('[data-testid="stSidebar"]')).to_be_hidden()
    expect(page.get_by_text("When the small model is rarely right").first).to_be_visible()
    _commit_guess(page, "20")
    assert _trace(page, "C* (N = ")["name"] == "C* (N = 41)"
    page.get_by_role("button", name="Next ▶").click()
    wait_for_run(page)
    assert url_params(page).get("scene") == "weak-selector"
    _commit_guess(page, "No")
    expect(page.get_by_text("never overtakes the large one").first).to_be_visible()
    screenshot(page, f"{PAGE}-presenter", full_page=False)


@pytest.mark.e2e
def test_garbage_params_survived(page, app_url):
    goto(page, app_url, PAGE, {"co.small": "tiny", "co.p_small": "1.5", "co.tokens": "-3",
                               "co.large_bon": "maybe", "scene": "nope"})
    assert_no_exception(page)
    notice = page.locator('[data-testid="stAlert"]').filter(has_text="could not be used")
    expect(notice).to_have_count(1)
    for param in ("co.small=tiny", "co.p_small=1.5", "co.tokens=-3", "co.large_bon=maybe", "scene=nope"):
        expect(notice).to_contain_text(param)
    assert _metric(page, "Small answers per large answer") == "14"
