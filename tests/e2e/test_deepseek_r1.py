"""Browser tests for the DeepSeek-R1 page (no sliders here: the keyboard drives its select boxes)."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import (
    assert_no_exception,
    chart_data,
    goto,
    screenshot,
    url_params,
    wait_for_run,
)

PAGE = "deepseek_r1"
SCORES = 1  # chart index: 0 pipeline, 1 scores vs size, 2 pass@1 vs cons@64


def _metric(page, label: str) -> str:
    box = page.locator('[data-testid="stMetric"]').filter(has_text=label).first
    return box.locator('[data-testid="stMetricValue"]').inner_text()


def _scores(page) -> dict[str, list[float]]:
    # The chart may still be redrawing right after a run: wait until it has its student lines.
    page.wait_for_function(
        f"() => {{ const el = document.querySelectorAll('.js-plotly-plot')[{SCORES}];"
        " return !!el && (el.data || []).some(t => (t.name || '').includes('students')); }")
    return {t["name"]: t["y"] for t in chart_data(page, SCORES) if t["name"].endswith(("pass@1", "cons@64"))}


def _choose_by_keyboard(page, label: str, option: str) -> None:
    box = page.locator('[data-testid="stSelectbox"]').filter(has_text=label).first
    box.locator("input").focus()
    page.keyboard.type(option)
    page.keyboard.press("Enter")
    wait_for_run(page)


@pytest.mark.e2e
def test_loads_with_cited_numbers(page, app_url):
    goto(page, app_url, PAGE)
    assert_no_exception(page)
    assert _metric(page, "R1-Zero AIME pass@1 during RL") == "15.6% → 71.0%"
    assert _metric(page, "DeepSeek-R1 AIME pass@1") == "79.8%"
    assert _scores(page)["Qwen students, pass@1"] == [28.9, 55.5, 69.7, 72.6]
    screenshot(page, PAGE)


@pytest.mark.e2e
def test_keyboard_select_updates_chart_and_url_and_link_restores_it(page, app_url):
    goto(page, app_url, PAGE)
    _choose_by_keyboard(page, "Benchmark", "MATH-500")
    assert_no_exception(page)
    assert url_params(page).get("r1.bench") == "MATH-500"
    assert _scores(page)["Llama students, pass@1"] == [89.1, 94.5]

    page.goto(page.url)  # a fresh session from the copied link
    wait_for_run(page)
    assert_no_exception(page)
    assert _scores(page)["Llama students, pass@1"] == [89.1, 94.5]


@pytest.mark.e2e
def test_presenter_mode_with_scene(page, app_url):
    goto(page, app_url, PAGE, {"present": "true", "scene": "distilled-aime"})
    assert_no_exception(page)
    expect(page.locator('[data-testid="stSidebar"]')).to_be_hidden()
    expect(page.get_by_text("Small students, most of the score").first).to_be_visible()
    shares = _scores(page)["Qwen students, pass@1"]
    assert shares[-1] == pytest.approx(100 * 72.6 / 79.8)
    screenshot(page, f"{PAGE}-presenter", full_page=False)
    page.get_by_role("button", name="Next ▶").click()
    wait_for_run(page)
    assert url_params(page).get("scene") == "voting-helps"
    assert "Qwen students, cons@64" in _scores(page)


@pytest.mark.e2e
def test_garbage_params_survived(page, app_url):
    goto(page, app_url, PAGE, {"r1.bench": "GSM8K", "r1.metric": "pass@1000", "r1.family": "7", "scene": "x"})
    assert_no_exception(page)
    notice = page.locator('[data-testid="stAlert"]').filter(has_text="could not be used")
    expect(notice).to_have_count(1)
    for param in ("r1.bench=GSM8K", "r1.metric=pass@1000", "r1.family=7", "scene=x"):
        expect(notice).to_contain_text(param)
    assert _scores(page)["Qwen students, pass@1"] == [28.9, 55.5, 69.7, 72.6]
