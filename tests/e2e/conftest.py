"""Fixtures for browser tests: a real ``streamlit run`` on a free loopback port, Debian's Chromium
driven by Playwright, and the helpers every page's e2e test reuses.

Never runs ``playwright install``: the browser is /usr/bin/chromium.

Waiting: a test never sleeps a fixed time. ``wait_for_run`` follows the app's websocket: it returns
once the server has finished a script run that started after the browser's last rerun request
(``BackMsg.rerun_script`` out, ``ForwardMsg.script_finished`` back). Checks of what is drawn retry
until they hold (``expect_metric``, ``wait_until``), because Plotly redraws a moment after the run.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
import weakref
from collections.abc import Callable, Collection, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlparse

import pytest
from playwright.sync_api import Browser, BrowserContext, Locator, Page, WebSocket, expect, sync_playwright
from playwright.sync_api import Error as PlaywrightError
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench.chromium import CHROMIUM, CHROMIUM_ARGS
from tests.app.helpers import arr

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
RUN_TIMEOUT_MS = 60_000  # one script run on a busy 2-core machine
POLL_MS = 50  # how often a Python-side condition is re-read (Playwright delivers events meanwhile)
VIEWPORT = {"width": 1400, "height": 1000}
NOTICE = '[data-testid="stAlert"]'
expect.set_options(timeout=30_000)  # retrying checks: the machine is shared, give them time


# ---- server and browser ----------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_healthy(url: str, proc: subprocess.Popen[bytes], timeout_s: float = 90.0) -> None:
    # Poll until the server answers (a readiness wait, not a timing assertion).
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited early with code {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"streamlit did not become healthy at {url} within {timeout_s:.0f} s")


@pytest.fixture(scope="session")
def app_url() -> Iterator[str]:
    """Base URL of the app served by a real ``streamlit run`` on 127.0.0.1 (one server per test session)."""
    port = _free_port()
    python = ROOT / ".venv" / "bin" / "python"
    cmd = [str(python if python.exists() else sys.executable), "-m", "streamlit", "run", "app.py",
           "--server.headless=true", f"--server.port={port}", "--browser.gatherUsageStats=false",
           "--server.address=127.0.0.1", "--server.fileWatcherType=none"]
    log = (ROOT / "artifacts").joinpath("streamlit-e2e.log")
    log.parent.mkdir(exist_ok=True)
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                                env={**os.environ, "PYTHONUNBUFFERED": "1"})
        url = f"http://127.0.0.1:{port}"
        try:
            _wait_healthy(url, proc)
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


def _new_context(browser: Browser, color_scheme: str) -> BrowserContext:
    return browser.new_context(viewport=dict(VIEWPORT), color_scheme=color_scheme)  # type: ignore[arg-type]


def _new_tab(context: BrowserContext) -> Page:
    pg = context.new_page()
    pg.set_default_timeout(RUN_TIMEOUT_MS)
    _track_runs(pg)
    return pg


@contextmanager
def open_page(browser: Browser, *, color_scheme: str = "light") -> Iterator[Page]:
    """A page in a browser context of its own (e.g. ``color_scheme="dark"``), closed afterwards."""
    context = _new_context(browser, color_scheme)
    try:
        yield _new_tab(context)
    finally:
        context.close()


@pytest.fixture(scope="session")
def light_context(browser: Browser) -> Iterator[BrowserContext]:
    """One light-mode context for the session: tabs share its HTTP cache, so the app's scripts load once."""
    context = _new_context(browser, "light")
    try:
        yield context
    finally:
        context.close()


@pytest.fixture
def page(light_context: BrowserContext) -> Iterator[Page]:
    """A fresh 1400x1000 tab: a new Streamlit session (sessions live per websocket, not per context)."""
    pg = _new_tab(light_context)
    try:
        yield pg
    finally:
        pg.close()


# ---- script runs, followed on the websocket -------------------------------------------------------

_DONE = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_WITH_COMPILE_ERROR,
         ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY}  # not FINISHED_EARLY_FOR_RERUN: another run follows


@dataclass
class _Runs:
    """Event numbers of the last rerun request sent and the last run finished (one counter for both)."""

    events: int = 0
    requested: int = 0
    finished: int = 0
    settled: int = 0  # the finished run the last ``wait_for_run`` returned for
    pages_not_found: int = 0

    def sent(self, payload: str | bytes) -> None:
        if isinstance(payload, bytes):
            msg = BackMsg()
            msg.ParseFromString(payload)
            if msg.WhichOneof("type") == "rerun_script":
                self.events += 1
                self.requested = self.events

    def received(self, payload: str | bytes) -> None:
        if not isinstance(payload, bytes):
            return
        msg = ForwardMsg()
        msg.ParseFromString(payload)
        kind = msg.WhichOneof("type")
        if kind == "script_finished" and msg.script_finished in _DONE:
            self.events += 1
            self.finished = self.events
        elif kind == "page_not_found":
            self.pages_not_found += 1

    def listen(self, ws: WebSocket) -> None:
        ws.on("framesent", self.sent)
        ws.on("framereceived", self.received)

    @property
    def done(self) -> bool:
        return self.finished > max(self.requested, self.settled)


_RUNS: weakref.WeakKeyDictionary[Page, _Runs] = weakref.WeakKeyDictionary()


def _track_runs(page: Page) -> None:
    runs = _RUNS[page] = _Runs()
    page.on("websocket", runs.listen)


def wait_for_run(page: Page, timeout_ms: int = RUN_TIMEOUT_MS) -> None:
    """Wait for the script run caused by the last action (page load, click, key) to finish.

    Returns once a run finished after the browser's last rerun request and after the run the previous
    call returned for, the app shows itself connected and idle, and every chart has drawn.
    """
    runs = _RUNS[page]
    deadline = time.monotonic() + timeout_ms / 1000
    while not runs.done:
        if time.monotonic() > deadline:
            shot = screenshot(page, "_no-run-" + re.sub(r"\W+", "-", page.url.split("/", 3)[-1])[:60],
                              full_page=False)
            raise AssertionError(f"no script run finished within {timeout_ms / 1000:.0f} s ({runs}); "
                                 f"the page then: {shot}")
        page.wait_for_timeout(POLL_MS)  # Playwright delivers the websocket frames while it waits
    runs.settled = runs.finished
    page.wait_for_selector('[data-testid="stApp"][data-test-connection-state="CONNECTED"]'
                           '[data-test-script-state="notRunning"]', timeout=timeout_ms)
    wait_for_charts(page, timeout_ms)


def wait_for_charts(page: Page, timeout_ms: int = RUN_TIMEOUT_MS) -> None:
    """Wait until every Plotly chart on the page has drawn its SVG (Plotly loads lazily)."""
    page.wait_for_function(
        "() => { const n = document.querySelectorAll('[data-testid=\"stPlotlyChart\"]').length;"
        " return document.querySelectorAll('[data-testid=\"stPlotlyChart\"] .main-svg').length >= n; }",
        timeout=timeout_ms, polling=100,
    )


def wait_until(page: Page, check: Callable[[], Any], what: str, timeout_ms: int = RUN_TIMEOUT_MS) -> Any:
    """Re-run ``check`` until it returns something truthy (which is returned); fail naming ``what``.

    ``check`` reads the page (a chart, a layout); lookups that fail because the page is still redrawing
    (StopIteration, KeyError, IndexError, a detached element) count as "not yet".
    """
    deadline = time.monotonic() + timeout_ms / 1000
    last: Any = None
    while True:
        try:
            last = check()
            if last:
                return last
        except (StopIteration, KeyError, IndexError, PlaywrightError) as error:
            last = error
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not so within {timeout_ms / 1000:.0f} s (last read: {last!r})")
        page.wait_for_timeout(POLL_MS)


# ---- opening pages ----------------------------------------------------------------------------------

def page_url(app_url: str, page_id: str, params: Mapping[str, str] | None = None) -> str:
    """URL of a page: home is ``/``, other pages ``/<page_id>``, plus the query string."""
    path = "" if page_id == "home" else page_id
    query = f"?{urlencode(params)}" if params else ""
    return f"{app_url}/{path}{query}"


def goto(page: Page, app_url: str, page_id: str, params: Mapping[str, str] | None = None) -> None:
    """Open a page and wait for its first run to finish; its main title must be visible."""
    page.goto(page_url(app_url, page_id, params))
    wait_for_run(page)
    expect(page.locator("h1").first).to_be_visible()


def reopen(page: Page) -> str:
    """Open the current URL in a fresh session (what a student does with a copied link); returns it."""
    url = page.url
    page.goto(url)
    wait_for_run(page)
    return url


def url_params(page: Page | str) -> dict[str, str]:
    """The query parameters of the page's (or a) URL (last value wins)."""
    return dict(parse_qsl(urlparse(page if isinstance(page, str) else page.url).query))


def wait_for_url_param(page: Page, key: str, value: str | None) -> None:
    """Wait until ``?<key>=`` in the address bar is ``value`` (None: absent)."""
    page.wait_for_url(lambda url: url_params(url).get(key) == value, wait_until="commit")


# ---- what the page must not show -------------------------------------------------------------------

def assert_no_exception(page: Page) -> None:
    """No Streamlit exception element (traceback box) and no "Page not found" anywhere."""
    exceptions = page.locator('[data-testid="stException"]')
    assert exceptions.count() == 0, exceptions.first.inner_text()
    assert _RUNS[page].pages_not_found == 0, "Streamlit answered 'page not found'"
    expect(page.get_by_role("dialog").filter(has_text="Page not found")).to_have_count(0)


def assert_no_error(page: Page) -> None:
    """``assert_no_exception`` plus no red ``st.error`` box (for pages at their defaults)."""
    assert_no_exception(page)
    errors = page.locator('[data-testid="stAlertContentError"]')
    assert errors.count() == 0, errors.first.inner_text()


def expect_notice(page: Page, params: Mapping[str, str]) -> None:
    """Exactly one "could not be used" notice, naming every ``key=value`` given."""
    notice = page.locator(NOTICE).filter(has_text="could not be used")
    expect(notice).to_have_count(1)
    for key, value in params.items():
        expect(notice).to_contain_text(f"{key}={value}")


# ---- reading what is on screen ---------------------------------------------------------------------

def metric(page: Page, label: str) -> Locator:
    """The value element of the first ``st.metric`` whose label contains ``label``."""
    box = page.locator('[data-testid="stMetric"]').filter(has_text=label).first
    return box.locator('[data-testid="stMetricValue"]')


def expect_metric(page: Page, label: str, value: str) -> None:
    """The metric shows exactly ``value`` (retried while the page redraws)."""
    expect(metric(page, label)).to_have_text(value)


def expect_metrics(page: Page, values: Mapping[str, str]) -> None:
    for label, value in values.items():
        expect_metric(page, label, value)


_TRACES_JS = """(el) => {
  const arr = v => (v && typeof v === 'object' && 'bdata' in v) ? v
                   : (v && v.length !== undefined ? Array.from(v) : []);
  return (el.data || []).map(t => ({name: t.name || '', x: arr(t.x), y: arr(t.y)}));
}"""


def chart(page: Page, index: int = 0) -> Locator:
    return page.locator(".js-plotly-plot").nth(index)


def chart_data(page: Page, index: int = 0) -> list[dict[str, Any]]:
    """Name, x and y of each trace of the ``index``-th Plotly chart as drawn; typed arrays
    (``{"dtype", "bdata"}``) are decoded to plain lists."""
    data = chart(page, index).evaluate(_TRACES_JS)
    return [{"name": t["name"], "x": arr(t["x"]), "y": arr(t["y"])} for t in data]


def chart_trace_names(page: Page, index: int = 0) -> list[str]:
    """Trace names of the ``index``-th Plotly chart, read from the live plot in the DOM."""
    return [t["name"] for t in chart_data(page, index)]


def trace(page: Page, index: int, name: str) -> dict[str, Any]:
    """The first trace of chart ``index`` whose name is ``name`` (or starts with it, if none is equal)."""
    data = chart_data(page, index)
    for t in data:
        if t["name"] == name:
            return t
    return next(t for t in data if t["name"].startswith(name))


def point_count(page: Page, index: int, names: Collection[str]) -> int:
    """How many points the traces called ``names`` of chart ``index`` draw together."""
    return sum(len(t["x"]) for t in chart_data(page, index) if t["name"] in names)


def vertical_lines(page: Page, index: int = 0) -> list[float]:
    """x of every vertical line shape (limits, SLOs) in the layout of chart ``index``, in order."""
    return list(chart(page, index).evaluate(
        "el => ((el.layout || {}).shapes || [])"
        ".filter(s => s.type === 'line' && s.x0 === s.x1).map(s => s.x0)"))


# ---- what a page must show, as data -----------------------------------------------------------------

@dataclass(frozen=True)
class Read:
    """A value read from the page, retried until it equals ``expected``."""

    what: str
    read: Callable[[Page], Any]
    expected: Any


@dataclass(frozen=True)
class Shows:
    """What must be on screen: metric values, cells of the first ``st.table``, values read from charts."""

    metrics: Mapping[str, str] = field(default_factory=dict)
    table: tuple[str, ...] = ()
    reads: tuple[Read, ...] = ()
    headings: tuple[str, ...] = ()


def shows(page: Page, expected: Shows) -> None:
    expect_metrics(page, expected.metrics)
    for cell in expected.table:
        expect(page.locator('[data-testid="stTable"]').first).to_contain_text(cell)
    for name in expected.headings:
        expect(page.get_by_role("heading", name=name)).to_be_visible()
    for r in expected.reads:
        wait_until(page, lambda r=r: r.read(page) == r.expected, f"{r.what} == {r.expected!r}")


def xs(index: int, name: str, expected: Any) -> Read:
    """Chart ``index``'s trace ``name`` has these x values."""
    return Read(f"chart {index} '{name}' x", lambda p: trace(p, index, name)["x"], expected)


def ys(index: int, name: str, expected: Any) -> Read:
    """Chart ``index``'s trace ``name`` has these y values."""
    return Read(f"chart {index} '{name}' y", lambda p: trace(p, index, name)["y"], expected)


def has_traces(index: int, *names: str) -> Read:
    """Chart ``index`` draws traces with all these names."""
    return Read(f"chart {index} has {names}", lambda p: set(names) <= set(chart_trace_names(p, index)), True)


# ---- acting by keyboard and mouse ------------------------------------------------------------------

def slider_thumb(page: Page, label: str) -> Locator:
    """The focusable thumb of the slider whose label contains ``label``."""
    return page.locator('[data-testid="stSlider"]').filter(has_text=label).get_by_role("slider").first


def move_slider_by_keyboard(page: Page, label: str, presses: int = 1, key: str = "ArrowRight",
                            *, param: str | None = None, value: str | None = None) -> None:
    """Focus a slider's thumb, press an arrow key ``presses`` times and wait for the rerun.

    With ``param`` and ``value``, first wait until the address bar carries ``?param=value`` (each key
    press sends its own rerun request, so this waits for the last one).
    """
    thumb = slider_thumb(page, label)
    thumb.focus()
    for _ in range(presses):
        page.keyboard.press(key)
    if param is not None:
        wait_for_url_param(page, param, value)
    wait_for_run(page)


def choose_by_keyboard(page: Page, label: str, option: str) -> None:
    """Focus the select box labelled ``label``, type ``option``, press Enter, wait for the rerun."""
    box = page.locator('[data-testid="stSelectbox"]').filter(has_text=label).first
    box.locator("input").focus()
    page.keyboard.type(option)
    page.keyboard.press("Enter")
    wait_for_run(page)


def click_and_wait(page: Page, target: Locator) -> None:
    """Click a button or link that makes the app rerun, and wait for that run."""
    target.click()
    wait_for_run(page)


def click_button(page: Page, name: str) -> None:
    click_and_wait(page, page.get_by_role("button", name=name, exact=True))


# ---- presenter mode ---------------------------------------------------------------------------------

def expect_presenter(page: Page) -> None:
    """Presenter mode is on: no sidebar, the exit button at the top."""
    expect(page.locator('[data-testid="stSidebar"]')).to_be_hidden()
    expect(page.get_by_role("button", name="Exit presenter mode")).to_be_visible()


# ---- screenshots ------------------------------------------------------------------------------------

_LAYOUT_SETTLED_JS = """() => {
  const m = document.querySelector('[data-testid="stMain"]');
  const widths = Array.from(document.querySelectorAll('.js-plotly-plot .main-svg'))
                      .map(s => s.getBoundingClientRect().width).join(',');
  const sig = `${m ? m.scrollHeight : document.body.scrollHeight}|${widths}`;
  const w = window.__ttcLayout || {sig: '', same: 0};
  w.same = sig === w.sig ? w.same + 1 : 0;
  w.sig = sig;
  window.__ttcLayout = w;
  return w.same >= 2;
}"""


def wait_for_layout(page: Page) -> None:
    """Wait until the page stops moving (charts re-laid out, expanders open): the page height and chart
    widths read the same three polls running. Use before clicking things below a chart."""
    page.evaluate("() => { window.__ttcLayout = null; }")
    page.wait_for_function(_LAYOUT_SETTLED_JS, polling=100, timeout=RUN_TIMEOUT_MS)


def screenshot(page: Page, name: str, *, full_page: bool = True) -> Path:
    """Save ``artifacts/screenshots/<name>.png`` (a CI artifact; look at it)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    wait_for_charts(page)
    safe = re.sub(r"[^A-Za-z0-9_.-]", "_", name)
    path = SCREENSHOTS / f"{safe}.png"
    if not full_page:
        page.screenshot(path=str(path))
        return path
    # Streamlit scrolls inside its main section, so grow the viewport to the content's height.
    size = page.viewport_size or dict(VIEWPORT)
    height = page.evaluate(
        "() => { const m = document.querySelector('[data-testid=\"stMain\"]');"
        " return m ? m.scrollHeight : document.body.scrollHeight; }")
    page.set_viewport_size({"width": size["width"], "height": min(int(height) + 40, 12_000)})
    wait_for_layout(page)
    page.screenshot(path=str(path))
    page.set_viewport_size(size)
    return path
