"""Browser tests for the ORM vs PRM tree-search page."""

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

PAGE = "prm_search"
TREE = 1  # chart index: 0 article example, 1 tree, 2 trade-off, 3 accuracy vs compute


def _metric(page, label: str) -> str:
    box = page.locator('[data-testid="stMetric"]').filter(has_text=label).first
    return box.locator('[data-testid="stMetricValue"]').inner_text()


GROUPS = ("Correct prefix, kept", "Wrong prefix, kept", "Correct prefix, pruned", "Wrong prefix, pruned")


def _tree_nodes(page, expected: int | None = None) -> int:
    """Markers drawn in the tree (every generated step), read from the live plot. With ``expected``,
    first wait until the plot shows that many (it redraws a moment after the script run ends)."""
    if expected is not None:
        page.wait_for_function(
            f"() => {{ const el = document.querySelectorAll('.js-plotly-plot')[{TREE}];"
            " if (!el) return false;"
            f" const names = {list(GROUPS)!r};"
            " return (el.data || []).filter(t => names.includes(t.name))"
            f".reduce((n, t) => n + (t.x || []).length, 0) === {expected}; }}")
    return sum(len(t["x"]) for t in chart_data(page, TREE) if t["name"] in GROUPS)


@pytest.mark.e2e
def test_loads_with_article_numbers(page, app_url):
    goto(page, app_url, PAGE)
    assert_no_exception(page)
    assert _metric(page, "ORM scored steps") == "32"
    assert _metric(page, "PRM scored steps") == "14"
    assert _metric(page, "Steps saved") == "18"
    assert _tree_nodes(page) == 4 * 4 * 8
    screenshot(page, PAGE)


@pytest.mark.e2e
def test_keyboard_slider_updates_tree_and_url_and_link_restores_it(page, app_url):
    goto(page, app_url, PAGE)
    move_slider_by_keyboard(page, "Beam width B", presses=1)  # 4 -> 5 beams
    assert_no_exception(page)
    assert url_params(page).get("prm.beam") == "5"
    assert _tree_nodes(page, 5 * 4 * 8) == 5 * 4 * 8
    assert _metric(page, "Steps the PRM read") == "160"

    page.goto(page.url)  # a fresh session from the copied link
    wait_for_run(page)
    assert_no_exception(page)
    assert _tree_nodes(page, 5 * 4 * 8) == 5 * 4 * 8
    assert url_params(page).get("prm.beam") == "5"


@pytest.mark.e2e
def test_presenter_mode_with_scene(page, app_url):
    goto(page, app_url, PAGE, {"present": "true", "scene": "noisy-prm"})
    assert_no_exception(page)
    expect(page.locator('[data-testid="stSidebar"]')).to_be_hidden()
    expect(page.get_by_text("A noisy PRM throws away good branches").first).to_be_visible()
    screenshot(page, f"{PAGE}-presenter", full_page=False)
    page.get_by_role("button", name="Next ▶").click()
    wait_for_run(page)
    assert url_params(page).get("scene") == "long-chains"
    assert _tree_nodes(page, 4 * 4 * 16) == 4 * 4 * 16


@pytest.mark.e2e
def test_garbage_params_survived(page, app_url):
    goto(page, app_url, PAGE, {"prm.beam": "lots", "prm.quality": "7", "prm.agg": "mean",
                               "scene": "nope"})
    assert_no_exception(page)
    notice = page.locator('[data-testid="stAlert"]').filter(has_text="could not be used")
    expect(notice).to_have_count(1)
    for param in ("prm.beam=lots", "prm.quality=7", "prm.agg=mean", "scene=nope"):
        expect(notice).to_contain_text(param)
    assert _tree_nodes(page) == 4 * 4 * 8
    assert _metric(page, "Steps saved") == "18"
