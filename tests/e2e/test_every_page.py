"""The contract every page keeps in a real browser, one table row per page.

- it loads without a traceback, "page not found" or error box, shows its ``ON_LOAD`` numbers and
  leaves a screenshot (``artifacts/screenshots/<page>.png``); then (one load serves both) moving its
  main control BY KEYBOARD changes the chart and the URL, and reopening that URL in a fresh session
  restores the control and what it drives;
- presenter mode renders (no sidebar, exit button, page links; the scene stepper on pages with scenes,
  stepping it moves ``?scene=``), with ``<page>-presenter.png``;
- garbage URL parameters are survived with one friendly notice and the defaults on screen.

What the page shows at its defaults (the article's numbers) is declared by each page's own module as
``ON_LOAD`` and checked here on the same load; checks that need their own steps (the quiz, the live
experiment, the price table, dark mode, ...) are tests in ``test_<page>.py``.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass, field

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import (
    Shows,
    assert_no_error,
    assert_no_exception,
    chart_data,
    choose_by_keyboard,
    click_button,
    expect_notice,
    expect_presenter,
    goto,
    has_traces,
    move_slider_by_keyboard,
    reopen,
    screenshot,
    shows,
    slider_thumb,
    wait_for_url_param,
    wait_until,
    xs,
    ys,
)
from tests.e2e.test_best_of_n import oracle_at_16
from tests.e2e.test_prm_search import tree_nodes
from tests.e2e.test_routing import slo_line
from ui.nav import PAGES, neighbours
from ui.scenes import load_scenes

pytestmark = pytest.mark.e2e


# ---- the table ----------------------------------------------------------------------------------------

NOTHING = Shows()


@dataclass(frozen=True)
class Move:
    """A control moved by keyboard: a slider (arrow keys) or, with ``option``, a select box (typing)."""

    label: str
    param: str
    value: str  # the URL value after the move
    presses: int = 1
    key: str = "ArrowRight"
    option: str | None = None
    start: Mapping[str, str] = field(default_factory=dict)  # extra URL parameters to start from
    chart: int | None = 0  # the chart that must change (None: the page has no chart yet)
    before: Shows = NOTHING
    after: Shows = NOTHING  # after the move, and again after reopening the URL


@dataclass(frozen=True)
class Contract:
    move: Move | None
    garbage: Mapping[str, str]  # each must be named in the notice
    defaults: Shows = NOTHING  # still on screen despite the garbage
    present: Mapping[str, str] = field(default_factory=dict)  # presenter URL beyond present=true
    presenting: Shows = NOTHING
    stepped: Shows = NOTHING  # after stepping the scene once (Next, or Previous from the last scene)
    exit: bool = False  # also leave presenter mode with its button


CONTRACTS: dict[str, Contract] = {
    "home": Contract(move=None, garbage={"scene": "nope"}),
    "two_axes": Contract(
        move=Move("Latency limit", "two.limit", "600", presses=2, key="ArrowLeft", chart=1,
                  start={"two.limit": "620"}, before=Shows({"Chosen budget": "512 tokens"}),  # 610 ms fits
                  after=Shows({"Chosen budget": "128 tokens"}, reads=(has_traces(1, "Chosen: 128 tokens"),))),
        garbage={"two.params": "big", "two.limit": "1e9", "scene": "nope"},
        defaults=Shows({"Chosen budget": "512 tokens"}),
        present={"scene": "no-limit"}),
    "hidden_tokens": Contract(
        move=Move("Hidden reasoning", "tok.reasoning", "1250", presses=3, chart=1,  # step 10: 1,220 -> 1,250
                  before=Shows(reads=(xs(1, "This request", [1220]),)),
                  after=Shows({"Billed output tokens": "1,430"}, reads=(xs(1, "This request", [1250]),))),
        garbage={"tok.visible": "lots", "tok.reasoning": "-5", "tok.ctx": "huge", "scene": "nope"},
        defaults=Shows({"Billed output tokens": "1,400"}),
        present={"scene": "short-answer-long-think"},
        presenting=Shows({"Billed output tokens": "12,040"}),
        stepped=Shows({"Billed output tokens": "40,600"}),  # context-squeeze
        exit=True),
    "best_of_n": Contract(
        move=Move("Single-sample hit rate p", "bon.p", "0.26",
                  before=Shows(reads=(oracle_at_16(0.25),)),
                  after=Shows({"Oracle at N = 16": "99.2%"}, reads=(oracle_at_16(0.26),))),
        garbage={"bon.p": "lots", "bon.n": "-4", "bon.view": "nope", "scene": "nope", "bon.pk_c": "500"},
        defaults=Shows({"Oracle at N = 16": "99.0%"}),
        present={"scene": "hard-problems", "bon.mc": "true", "bon.mc_of": "correlated"},
        presenting=Shows(reads=(has_traces(0, "Monte Carlo ±2 SE", "Spread of difficulty"),))),
    "revision": Contract(
        move=Move("Minimum gain to keep revising", "rev.gain", "0.021", presses=2,
                  start={"rev.gain": "0.019"}, before=Shows({"Rounds kept": "3"}),  # round 3 gained 0.020
                  after=Shows({"Rounds kept": "2"}, reads=(xs(0, "Kept rounds", [1, 2]),))),
        garbage={"rev.scores": "zero, 2", "rev.gain": "x", "scene": "nope"},
        defaults=Shows({"Selected score": "0.780"}),
        present={"scene": "harmful-revision"}),
    "prm_search": Contract(
        move=Move("Beam width B", "prm.beam", "5", chart=1,  # 4 -> 5 beams
                  before=Shows(reads=(tree_nodes(4 * 4 * 8),)),
                  after=Shows({"Steps the PRM read": "160"}, reads=(tree_nodes(5 * 4 * 8),))),
        garbage={"prm.beam": "lots", "prm.quality": "7", "prm.agg": "mean", "scene": "nope"},
        defaults=Shows({"Steps saved": "18"}, reads=(tree_nodes(4 * 4 * 8),)),
        present={"scene": "noisy-prm"},
        stepped=Shows(reads=(tree_nodes(4 * 4 * 16),))),  # long-chains
    "deepseek_r1": Contract(
        move=Move("Benchmark", "r1.bench", "MATH-500", option="MATH-500", chart=1,
                  after=Shows(reads=(ys(1, "Llama students, pass@1", [89.1, 94.5]),))),
        garbage={"r1.bench": "GSM8K", "r1.metric": "pass@1000", "r1.family": "7", "scene": "x"},
        defaults=Shows(reads=(ys(1, "Qwen students, pass@1", [28.9, 55.5, 69.7, 72.6]),)),
        present={"scene": "distilled-aime"},
        presenting=Shows(reads=(ys(1, "Qwen students, pass@1", [pytest.approx(100 * v / 79.8)
                                                                 for v in (28.9, 55.5, 69.7, 72.6)]),)),
        stepped=Shows(reads=(has_traces(1, "Qwen students, cons@64"),))),  # voting-helps
    "compute_optimal": Contract(
        move=Move("Large model: one answer right", "co.p_large", "0.8", presses=20,  # 0.60 -> 0.80
                  after=Shows(reads=(ys(0, "Large model, one answer", [pytest.approx(0.8)]),))),
        garbage={"co.small": "tiny", "co.p_small": "1.5", "co.tokens": "-3", "co.large_bon": "maybe",
                 "scene": "nope"},
        defaults=Shows({"Small answers per large answer": "14"}),
        present={"scene": "rarely-right"}),
    "routing": Contract(
        move=Move("Latency SLO", "route.slo", "760", presses=12, key="ArrowLeft",  # step 20: 1,000 -> 760 ms
                  before=Shows(reads=(slo_line(1000),)),
                  after=Shows({"Chosen route": "none"}, reads=(slo_line(760),))),
        garbage={"route.slo": "soon", "route.to_hard": "teleport", "scene": "nope"},
        defaults=Shows({"Chosen route": "bounded-reasoning"}),
        present={"scene": "lower-floor"},
        presenting=Shows({"Chosen route": "single-pass"})),
    "kv_cache": Contract(
        move=Move("Reasoning per branch", "kv.cont", "1200", presses=2, chart=2,  # step 100
                  before=Shows(reads=(xs(2, "Current setting", [1000]),)),
                  after=Shows({"Cached tokens": "41,600 → 13,600"},
                              reads=(xs(2, "Current setting", [1200]),))),
        garbage={"kv.model": "GPT-9", "kv.prompt": "lots", "kv.share": "maybe", "scene": "nope"},
        defaults=Shows({"KV saved by sharing": "3.42 GiB"}),
        present={"scene": "no-sharing"},
        presenting=Shows({"Traces that fit": "80"})),
    "ttft": Contract(
        move=Move("Decode speed", "ttft.rate", "180", presses=20,  # step 5: 80 -> 180 tokens/s
                  before=Shows(reads=(ys(0, "Article budget: fits", [180, 1780]),)),
                  after=Shows({"Largest budget that fits": "507 tokens"},  # floor(2,820 x 180 / 1000)
                              reads=(ys(0, "Article budget: fits", [180, pytest.approx(180 + 128e3 / 180)]),
                                     ))),
        garbage={"ttft.base": "fast", "ttft.rate": "-3", "scene": "nope"},
        defaults=Shows({"Largest budget that fits": "225 tokens"}),
        present={"scene": "batch-job"},
        presenting=Shows({"Largest budget that fits": "4,785 tokens"})),
    "mastery": Contract(move=None, garbage={"seed": "abc", "scene": "nope"}),
    "live_lab": Contract(
        move=Move("Samples per question k", "live.k", "9", chart=None,  # no chart before the first run
                  before=Shows({"Answers to request": "64"}),
                  after=Shows({"Answers to request": "72"})),  # 4 questions x 9 samples x 2 effort levels
        garbage={"live.k": "lots", "live.effort": "ultra", "scene": "nope"},
        defaults=Shows({"Answers to request": "64"})),
}
assert set(CONTRACTS) == {p.id for p in PAGES}, "every page needs a row"
IDS = list(CONTRACTS)
ON_LOAD: dict[str, Shows] = {
    pid: getattr(importlib.import_module(f"tests.e2e.test_{pid}"), "ON_LOAD", NOTHING) for pid in IDS}


# ---- the tests ---------------------------------------------------------------------------------------

def _control_value(page: Page, move: Move) -> str | None:
    if move.option is not None:
        return page.locator('[data-testid="stSelectbox"]').filter(has_text=move.label).first.inner_text()
    return slider_thumb(page, move.label).get_attribute("aria-valuenow")


@pytest.mark.parametrize("page_id", IDS)
def test_loads_then_a_keyboard_move_reaches_chart_url_and_link(page, app_url, page_id):
    goto(page, app_url, page_id)
    assert_no_error(page)
    shows(page, ON_LOAD[page_id])
    screenshot(page, page_id)
    move = CONTRACTS[page_id].move
    if move is None:
        return  # home and the quiz have no URL-bound control to move

    if move.start:
        goto(page, app_url, page_id, move.start)
    shows(page, move.before)
    before = None if move.chart is None else chart_data(page, move.chart)
    if move.option is not None:
        choose_by_keyboard(page, move.label, move.option)
        wait_for_url_param(page, move.param, move.value)
    else:
        move_slider_by_keyboard(page, move.label, move.presses, move.key, param=move.param, value=move.value)
    assert_no_exception(page)
    shows(page, move.after)
    if move.chart is not None:
        wait_until(page, lambda: chart_data(page, move.chart) != before, f"chart {move.chart} changed")
    moved_to = _control_value(page, move)

    reopen(page)  # a fresh session from the copied link
    assert_no_exception(page)
    wait_for_url_param(page, move.param, move.value)
    shows(page, move.after)
    assert _control_value(page, move) == moved_to


@pytest.mark.parametrize("page_id", IDS)
def test_presenter_mode_renders(page, app_url, page_id):
    contract = CONTRACTS[page_id]
    goto(page, app_url, page_id, {"present": "true", **contract.present})
    assert_no_exception(page)
    expect_presenter(page)
    for neighbour, arrow in zip(neighbours(page_id), ("◀ {}", "{} ▶"), strict=True):
        if neighbour is not None:
            expect(page.get_by_role("link", name=arrow.format(neighbour.title))).to_be_visible()
    scenes = load_scenes(page_id)
    if scenes:
        ids = [s.id for s in scenes]
        at = ids.index(contract.present["scene"])
        expect(page.get_by_text(f"Scene {at + 1}/{len(ids)}: {scenes[at].title}").first).to_be_visible()
    shows(page, contract.presenting)
    screenshot(page, f"{page_id}-presenter", full_page=False)
    if scenes:
        step, to = ("Next ▶", at + 1) if at + 1 < len(ids) else ("◀ Previous", at - 1)
        click_button(page, step)
        assert_no_exception(page)
        wait_for_url_param(page, "scene", ids[to])
        expect(page.get_by_text(f"Scene {to + 1}/{len(ids)}: {scenes[to].title}").first).to_be_visible()
        shows(page, contract.stepped)
    if contract.exit:
        click_button(page, "Exit presenter mode")
        expect(page.locator('[data-testid="stSidebar"]')).to_be_visible()


@pytest.mark.parametrize("page_id", IDS)
def test_garbage_url_params_are_survived(page, app_url, page_id):
    contract = CONTRACTS[page_id]
    goto(page, app_url, page_id, {**contract.garbage, "present": "maybe"})
    assert_no_exception(page)
    expect_notice(page, contract.garbage)
    expect(page.locator('[data-testid="stSidebar"]')).to_contain_text("present=maybe")  # ignored, said so
    shows(page, contract.defaults)
    screenshot(page, f"{page_id}-garbage", full_page=False)
