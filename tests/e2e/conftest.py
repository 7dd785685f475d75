"""Fixtures for browser tests: a real ``streamlit run`` on a free loopback port, Debian's Chromium
driven by Playwright, and helpers every page's e2e test reuses.

Never runs ``playwright install``: the browser is /usr/bin/chromium.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from pathlib import Path
from urllib.parse import urlencode

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
RUN_TIMEOUT_MS = 60_000


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


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, color_scheme="light")
    pg = context.new_page()
    pg.set_default_timeout(RUN_TIMEOUT_MS)
    try:
        yield pg
    finally:
        context.close()


# ---- helpers -------------------------------------------------------------------------------------

def page_url(app_url: str, page_id: str, params: Mapping[str, str] | None = None) -> str:
    """URL of a page: home is ``/``, other pages ``/<page_id>``, plus the query string."""
    path = "" if page_id == "home" else page_id
    query = f"?{urlencode(params)}" if params else ""
    return f"{app_url}/{path}{query}"


def wait_for_run(page: Page, timeout_ms: int = RUN_TIMEOUT_MS) -> None:
    """Wait until Streamlit finished the current script run and the app is connected."""
    page.wait_for_selector('[data-testid="stApp"][data-test-connection-state="CONNECTED"]',
                           timeout=timeout_ms)
    # Let a run that is about to start begin, then wait for it to finish.
    page.wait_for_timeout(300)
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=timeout_ms)
    page.wait_for_timeout(200)
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=timeout_ms)


def wait_for_charts(page: Page, timeout_ms: int = RUN_TIMEOUT_MS) -> None:
    """Wait until every Plotly chart on the page has drawn its SVG (Plotly loads lazily)."""
    page.wait_for_function(
        "() => { const n = document.querySelectorAll('[data-testid=\"stPlotlyChart\"]').length;"
        " return document.querySelectorAll('[data-testid=\"stPlotlyChart\"] .main-svg').length >= n; }",
        timeout=timeout_ms,
    )


def goto(page: Page, app_url: str, page_id: str, params: Mapping[str, str] | None = None) -> None:
    """Open a page and wait for its first run to finish; its main title must be visible."""
    page.goto(page_url(app_url, page_id, params))
    wait_for_run(page)
    expect(page.locator("h1").first).to_be_visible()
    wait_for_charts(page)


def assert_no_exception(page: Page) -> None:
    """No Streamlit exception element (traceback box) anywhere on the page."""
    exceptions = page.locator('[data-testid="stException"]')
    assert exceptions.count() == 0, exceptions.first.inner_text()


def slider_thumb(page: Page, label: str):  # type: ignore[no-untyped-def]
    """The focusable thumb of the slider whose label contains ``label``."""
    return page.locator('[data-testid="stSlider"]').filter(has_text=label).get_by_role("slider").first


def move_slider_by_keyboard(page: Page, label: str, presses: int = 1, key: str = "ArrowRight") -> None:
    """Focus a slider's thumb and press an arrow key ``presses`` times, then wait for the rerun."""
    thumb = slider_thumb(page, label)
    thumb.focus()
    for _ in range(presses):
        page.keyboard.press(key)
    wait_for_run(page)


def chart_trace_names(page: Page, index: int = 0) -> list[str]:
    """Legend-visible trace names of the ``index``-th Plotly chart, read from the live plot in the DOM."""
    return list(page.locator(".js-plotly-plot").nth(index).evaluate(
        "el => (el.data || []).map(t => t.name || '')"))


def chart_data(page: Page, index: int = 0) -> list[dict]:  # type: ignore[type-arg]
    """The ``data`` array of the ``index``-th Plotly chart as rendered (x / y arrays, names)."""
    return list(page.locator(".js-plotly-plot").nth(index).evaluate(
        "el => (el.data || []).map(t => ({name: t.name || '', x: Array.from(t.x || []), "
        "y: Array.from(t.y || [])}))"))


def url_params(page: Page) -> dict[str, str]:
    """The current URL's query parameters (last value wins)."""
    from urllib.parse import parse_qsl, urlparse

    return dict(parse_qsl(urlparse(page.url).query))


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
    size = page.viewport_size or {"width": 1400, "height": 1000}
    height = page.evaluate(
        "() => { const m = document.querySelector('[data-testid=\"stMain\"]');"
        " return m ? m.scrollHeight : document.body.scrollHeight; }")
    page.set_viewport_size({"width": size["width"], "height": min(int(height) + 40, 12_000)})
    page.wait_for_timeout(500)  # let Plotly re-layout at the new size
    page.screenshot(path=str(path))
    page.set_viewport_size(size)
    return path
