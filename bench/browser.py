"""(c) Slider -> chart update latency in headless Chromium, and cold start to the first chart.

Timing is taken inside the page with ``performance.now()``: from the moment the key goes down (a
capturing ``keydown`` listener) to the last DOM change inside any Plotly graph that the move caused (a
MutationObserver; this catches both an in-place ``Plotly.react`` redraw and a graph mounted afresh). A
move counts as finished when the app reports ``data-test-script-state="notRunning"`` and no chart has
changed for `settle_ms`.
Debian's Chromium only (``/usr/bin/chromium``); never a downloaded browser.
"""

from __future__ import annotations

import re
import time
from typing import Any

from bench.chromium import CHROMIUM, CHROMIUM_ARGS
from bench.load import pct
from bench.server import StreamlitServer, free_port, wait_healthy

CHART = ".js-plotly-plot"

# Records the first keydown of each move and every DOM change inside a Plotly graph (a redraw, or a
# graph div mounted afresh, which Streamlit does whenever a chart's spec changes: the element id hashes it).
_HOOK_JS = """
() => {
  if (window.__bench) return;
  window.__bench = {keydown: 0, plots: []};
  document.addEventListener('keydown', () => { window.__bench.keydown = performance.now(); }, true);
  const PLOT = '.js-plotly-plot';
  const plotOf = (n) => n && n.nodeType === 1 ? (n.closest(PLOT) || n.querySelector(PLOT)) : null;
  // A chart is known by its place among the page's Plotly elements (looked up once per graph div):
  // Streamlit mounts a fresh graph div when a spec changes, so the div itself is not a stable identity.
  const ids = new WeakMap();
  const idOf = (el) => {
    if (!ids.has(el)) {
      ids.set(el, [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
        .indexOf(el.closest('[data-testid="stPlotlyChart"]')));
    }
    return ids.get(el);
  };
  new MutationObserver((records) => {
    const now = performance.now();
    for (const r of records) {
      const el = r.target.nodeType === 1 ? r.target : r.target.parentElement;
      const plot = (el && el.closest(PLOT)) || [...r.addedNodes].map(plotOf).find(Boolean);
      if (plot) window.__bench.plots.push([now, idOf(plot)]);
    }
  }).observe(document.body, {childList: true, subtree: true, attributes: true, characterData: true});
}
"""
_LOADED_JS = """
() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return app && app.getAttribute('data-test-script-state') === 'notRunning'
    && document.querySelectorAll('[data-stale="true"]').length === 0;
}
"""
_STATE_JS = """
() => {
  const app = document.querySelector('[data-testid="stApp"]');
  const b = window.__bench;
  const after = b.plots.filter(p => p[0] > b.keydown);
  const times = after.map(p => p[0]);
  return {
    state: app ? app.getAttribute('data-test-script-state') : null,
    now: performance.now(),
    keydown: b.keydown,
    first_plot: times.length ? Math.min(...times) : null,
    last_plot: times.length ? Math.max(...times) : null,
    charts_redrawn: new Set(after.map(p => p[1]).filter(i => i >= 0)).size,
    n_plots: after.length,
    stale: document.querySelectorAll('[data-stale="true"]').length,
    exceptions: document.querySelectorAll('[data-testid="stException"]').length,
  };
}
"""


def launch_browser(playwright: Any) -> Any:
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


def _wait_idle(page: Any, timeout_s: float, settle_ms: float, need_activity: bool = True) -> dict[str, Any]:
    """Poll until the script is not running, nothing is stale and no chart redrew for `settle_ms`."""
    t_end = time.perf_counter() + timeout_s
    seen_running = not need_activity
    while True:
        st = page.evaluate(_STATE_JS)
        # A run can finish between two polls; a redraw, or 3 s of calm, also proves the move was handled.
        waited_ms = st["now"] - st["keydown"] if need_activity else settle_ms
        seen_running = seen_running or st["state"] == "running" or st["n_plots"] > 0 or waited_ms > 3000
        quiet_ms = st["now"] - (st["last_plot"] or st["keydown"])
        if seen_running and st["state"] == "notRunning" and not st["stale"] and quiet_ms >= settle_ms:
            return st
        if time.perf_counter() > t_end:
            st["timeout"] = True
            return st
        page.wait_for_timeout(15)


def slider_latency(
    page: Any,
    base_url: str,
    url_path: str,
    moves: int,
    move_key: str | None,
    timeout_s: float = 30.0,
    chart_timeout_s: float = 15.0,
) -> dict[str, Any]:
    """Open the page, then press ArrowRight on its slider `moves` times; per-move chart latency (ms)."""
    page.goto(f"{base_url}/{url_path}", wait_until="domcontentloaded")
    page.wait_for_function(_LOADED_JS, timeout=timeout_s * 1000)
    try:  # Plotly's bundle loads lazily, so the graph div shows up after the script has finished
        page.wait_for_selector(CHART, timeout=chart_timeout_s * 1000)
    except Exception:
        return {"page": url_path, "error": "no Plotly chart on page"}
    page.evaluate(_HOOK_JS)
    _wait_idle(page, timeout_s, settle_ms=300, need_activity=False)
    scope = f".st-key-{re.sub(r'[^A-Za-z0-9_-]', '-', move_key)} " if move_key else ""
    thumb = page.locator(f'{scope}[data-testid="stSlider"] input[type="range"]').first
    if thumb.count() == 0:
        return {"page": url_path, "error": f"no slider {move_key or ''} on page"}
    samples: list[float] = []
    first: list[float] = []
    redrawn: list[int] = []
    no_redraw = timeouts = exceptions = 0
    for i in range(moves):
        thumb.focus()
        page.keyboard.press("ArrowRight" if (i // 5) % 2 == 0 else "ArrowLeft")
        st = _wait_idle(page, timeout_s, settle_ms=250)
        if st.get("timeout"):
            timeouts += 1
        if st["last_plot"] is None:
            no_redraw += 1
        else:
            samples.append(st["last_plot"] - st["keydown"])
            first.append(st["first_plot"] - st["keydown"])
            redrawn.append(st["charts_redrawn"])
        exceptions = max(exceptions, st["exceptions"])
    charts = page.locator(CHART).count()
    return {
        "page": url_path,
        "p50_ms": pct(samples, 50),
        "p95_ms": pct(samples, 95),
        "first_p50_ms": pct(first, 50),
        "charts": charts,
        "charts_redrawn": min(max(redrawn, default=0), charts),
        "n": len(samples),
        "no_redraw": no_redraw,
        "timeouts": timeouts,
        "exceptions": exceptions,
        "error": None,
    }


def run_latency(
    cases: list[tuple[str, str, str | None]], base_urls: dict[str, str], moves: int
) -> list[dict]:
    """`cases` = (server name, url path, move key); one fresh browser context per page."""
    from playwright.sync_api import sync_playwright

    out = []
    with sync_playwright() as pw:
        browser = launch_browser(pw)
        try:
            for server, url_path, move_key in cases:
                ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
                page = ctx.new_page()
                try:
                    out.append(
                        {
                            "server": server,
                            **slider_latency(page, base_urls[server], url_path, moves, move_key),
                        }
                    )
                except Exception as exc:
                    out.append(
                        {"server": server, "page": url_path, "error": f"{type(exc).__name__}: {exc}"[:300]}
                    )
                finally:
                    ctx.close()
        finally:
            browser.close()
    return out


def cold_start(script: str, url_path: str, options: dict[str, str] | None = None) -> dict[str, Any]:
    """Seconds from spawning ``streamlit run`` to the first Plotly chart visible in the browser."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = launch_browser(pw)
        page = browser.new_page()
        server = StreamlitServer(script, port=free_port(), options=options, wait=False)
        try:
            server.start()
            t0 = server.started_at
            assert server.proc is not None
            wait_healthy(server.base_url, proc=server.proc)
            t_health = time.perf_counter() - t0
            page.goto(f"{server.base_url}/{url_path}", wait_until="domcontentloaded")
            page.wait_for_selector(CHART, state="visible", timeout=60_000)
            t_chart = time.perf_counter() - t0
        finally:
            server.stop()
            browser.close()
    return {"script": script, "page": url_path, "healthy_s": t_health, "first_chart_s": t_chart}
