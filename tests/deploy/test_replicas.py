"""Two Streamlit replicas behind nginx, started by ``deploy/launch.py`` on loopback, driven in Chromium.

Checks what serving a class needs: both replicas get traffic and answer health checks through the proxy,
a browser's page, static files and websocket all stay on one replica (cookie affinity) and the session
keeps working across reloads, a replica that dies hands its students to the other one, the replicas
share one cookie secret that no command line shows, and everything stops cleanly.
"""

from __future__ import annotations

import asyncio
import json
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, sync_playwright

from bench.cases import sim_pages
from bench.chromium import CHROMIUM, CHROMIUM_ARGS
from bench.protocol import Session
from deploy.launch import COOKIE_NAME, find_nginx
from tests.conftest import ROOT

HEADER = "x-ttclab-replica"
# The browser reaches the proxy under a real-looking name (resolved to 127.0.0.1 inside Chromium, no DNS),
# so Streamlit's websocket Origin check sees what it sees in production instead of its localhost pass.
HOSTNAME = "ttclab.test"
TIMEOUT_MS = 45_000


def _launch(run_dir: Path) -> tuple[subprocess.Popen[str], dict[str, Any]]:
    env = {k: v for k, v in os.environ.items() if k != "TTCLAB_COOKIE_SECRET"}
    cmd = [
        sys.executable,
        "-m",
        "deploy.launch",
        "--replicas",
        "2",
        "--port",
        "0",
        "--run-dir",
        str(run_dir),
        "--debug-headers",
        "--no-restart",
    ]
    proc = subprocess.Popen(
        cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in proc.stdout or []], daemon=True).start()
    seen = []
    deadline = time.monotonic() + 120  # readiness wait for two cold replicas, not a timing check
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=1)
        except queue.Empty:
            if proc.poll() is not None:
                break
            continue
        seen.append(line)
        if line.startswith("READY "):
            proc.lines = lines  # type: ignore[attr-defined]
            return proc, json.loads(line.removeprefix("READY "))
    proc.kill()
    raise AssertionError("launcher never became ready:\n" + "".join(seen))


def _get(url: str, cookie: str | None = None) -> tuple[int, dict[str, str]]:
    req = urllib.request.Request(url, headers={"Cookie": f"{COOKIE_NAME}={cookie}"} if cookie else {})
    with urllib.request.urlopen(req, timeout=10) as resp:
        return resp.status, {k.lower(): v for k, v in resp.headers.items()}


def _affinity_keys(url: str, replicas: list[str]) -> dict[str, str]:
    """One cookie value per replica, found by asking the proxy where each candidate key lands."""
    by_replica: dict[str, str] = {}
    for i in range(64):
        _, headers = _get(f"{url}/_stcore/health", cookie=f"probe-{i}")
        by_replica.setdefault("http://" + headers[HEADER], f"probe-{i}")
        if len(by_replica) == len(replicas):
            break
    return by_replica


async def _pick_page(url: str) -> tuple[str, str]:
    """The first simulation page that draws a Plotly chart and has a slider, with that slider's key."""
    for case in sim_pages():
        session = Session(url, case.url_path)
        first = await session.connect()
        widget = session.pick_widget()
        await session.close()
        if first.ok and first.chart_ms is not None and widget is not None and widget.kind == "slider":
            return case.url_path, widget.key
    raise AssertionError("no simulation page with a slider and a Plotly chart")


# Counts DOM changes inside Plotly graphs: an in-place redraw or a graph mounted afresh.
_HOOK = """() => {
  window.__plots = 0;
  if (window.__plotObserver) return;
  const PLOT = '.js-plotly-plot';
  window.__plotObserver = new MutationObserver((records) => {
    for (const r of records) {
      const el = r.target.nodeType === 1 ? r.target : r.target.parentElement;
      const added = [...r.addedNodes].some(
        (n) => n.nodeType === 1 && (n.closest(PLOT) || n.querySelector(PLOT)));
      if ((el && el.closest(PLOT)) || added) { window.__plots++; return; }
    }
  });
  window.__plotObserver.observe(document.body, {childList: true, subtree: true, attributes: true});
}"""


def _loaded(page: Page) -> None:
    page.wait_for_function(
        "() => document.querySelector('[data-testid=\"stApp\"]')?.getAttribute('data-test-script-state')"
        " === 'notRunning'",
        timeout=TIMEOUT_MS,
    )
    page.wait_for_selector(".js-plotly-plot", timeout=TIMEOUT_MS)
    assert page.locator('[data-testid="stException"]').count() == 0


def _move_slider(page: Page, key: str) -> None:
    """ArrowRight on the slider: its value changes and a chart redraws (the websocket round trip works)."""
    thumb = page.locator(f".st-key-{re.sub(r'[^A-Za-z0-9_-]', '-', key)} input[type=range]").first
    before = thumb.get_attribute("aria-valuetext")
    page.evaluate(_HOOK)
    thumb.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => window.__plots > 0", timeout=TIMEOUT_MS)
    assert thumb.get_attribute("aria-valuetext") != before
    assert page.locator('[data-testid="stException"]').count() == 0


def _log_by_key(access_log: Path) -> dict[str, set[str]]:
    """Affinity key -> the replicas (upstream addresses) that served its requests, from nginx's log."""
    out: dict[str, set[str]] = {}
    for line in access_log.read_text().splitlines():
        m = re.search(r'" (\d{3}) (\S+) affinity=(\S+)', line)
        if m and m.group(2) != "-":
            out.setdefault(m.group(3), set()).update(m.group(2).split(", "))
    return out


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}/stat").exists() and Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"


@pytest.mark.e2e
def test_two_replicas_behind_nginx_share_a_class(tmp_path: Path) -> None:
    find_nginx()  # a missing nginx fails here with the install hint
    run_dir = tmp_path / "run"
    launcher, info = _launch(run_dir)
    pids = [*info["replica_pids"], info["nginx_pid"]]
    url, replicas = info["url"], info["replicas"]
    try:
        # Health: the proxy and each replica answer /_stcore/health.
        assert _get(f"{url}/_stcore/health")[0] == 200
        for rep in replicas:
            assert _get(f"{rep}/_stcore/health")[0] == 200

        # One cookie secret for all replicas, handed over in the environment, never on a command line.
        secrets = set()
        for pid in info["replica_pids"]:
            environ = dict(
                kv.split("=", 1) for kv in Path(f"/proc/{pid}/environ").read_text().split("\0") if "=" in kv
            )
            secrets.add(environ.get("STREAMLIT_SERVER_COOKIE_SECRET", ""))
            assert "cookieSecret" not in Path(f"/proc/{pid}/cmdline").read_text()
        assert len(secrets) == 1 and len(secrets.pop()) >= 32

        keys = _affinity_keys(url, replicas)
        assert set(keys) == set(replicas), f"the proxy sent every probe to one replica: {keys}"
        page_path, slider_key = asyncio.run(_pick_page(url))  # also a websocket session through nginx

        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=CHROMIUM,
                headless=True,
                args=[*CHROMIUM_ARGS, f"--host-resolver-rules=MAP {HOSTNAME} 127.0.0.1"],
            )
            site = url.replace("127.0.0.1", HOSTNAME)
            try:
                contexts = {}
                for rep, key in keys.items():
                    ctx = browser.new_context(viewport={"width": 1300, "height": 900})
                    ctx.add_cookies([{"name": COOKIE_NAME, "value": key, "url": site}])
                    page = ctx.new_page()
                    resp = page.goto(f"{site}/{page_path}")
                    assert resp is not None and "http://" + resp.headers[HEADER] == rep
                    _loaded(page)
                    _move_slider(page, slider_key)
                    page.reload()  # the session keeps working after a reload, on the same replica
                    _loaded(page)
                    _move_slider(page, slider_key)
                    contexts[rep] = (ctx, page)

                # A new browser without the cookie gets one, and sticks to one replica.
                fresh = browser.new_context()
                page = fresh.new_page()
                page.goto(f"{site}/{page_path}")
                _loaded(page)
                cookie = {c["name"]: c["value"] for c in fresh.cookies()}.get(COOKIE_NAME)
                assert cookie, "nginx did not set the affinity cookie"
                page.reload()
                _loaded(page)

                served = _log_by_key(run_dir / "access.log")
                for rep, key in keys.items():
                    assert served.get(key) == {rep.removeprefix("http://")}, f"{key} was not sticky: {served}"
                assert len(served.get(cookie, set())) == 1, f"fresh browser was not sticky: {served}"
                log = (run_dir / "access.log").read_text()
                for key in keys.values():  # each browser's websocket went through nginx (101 Switching)
                    assert re.search(rf'"GET /_stcore/stream HTTP/1.1" 101 \S+ affinity={key}\b', log), log[
                        -2000:
                    ]

                # A replica crashes: its students land on the other one and the page still works.
                dead, alive = replicas[0], replicas[1]
                os.kill(info["replica_pids"][0], signal.SIGKILL)
                deadline = time.monotonic() + 30
                while _alive(info["replica_pids"][0]) and time.monotonic() < deadline:
                    time.sleep(0.2)
                ctx, page = contexts[dead]
                resp = page.reload()
                # nginx tried the dead replica first, then served from the live one: "dead:port, live:port".
                assert resp is not None and "http://" + resp.headers[HEADER].split(", ")[-1] == alive
                _loaded(page)
                _move_slider(page, slider_key)
            finally:
                browser.close()
    finally:
        launcher.send_signal(signal.SIGTERM)
        try:
            launcher.wait(timeout=40)
        finally:
            leftovers = [p for p in pids if _alive(p)]
            for pid in leftovers:
                os.kill(pid, signal.SIGKILL)
    assert launcher.returncode == 0
    assert not leftovers, f"processes left running after the launcher stopped: {leftovers}"
    with pytest.raises(OSError):
        _get(f"{url}/_stcore/health")
