"""A browserless Streamlit client that speaks the server's own websocket protocol.

It does what the browser's frontend does, minus the rendering, so one process can hold hundreds of
sessions and the load figures describe the server alone:

1. ``GET /_stcore/health``, which sets the ``_streamlit_xsrf`` cookie (as the browser's first request).
2. Open ``ws://HOST:PORT/_stcore/stream`` with ``Sec-WebSocket-Protocol: streamlit, <xsrf cookie>``,
   the cookie and an ``Origin`` header (streamlit's ``_parse_subprotocols`` reads the XSRF token from
   the second subprotocol entry).
3. Send ``BackMsg.rerun_script`` carrying a ``ClientState`` (page name from the URL path, query string,
   widget states, and the hashes of cached messages it already holds), then read ``ForwardMsg``s until
   ``script_finished``. Deltas tell which widgets the page has; a widget move is the next
   ``rerun_script`` with that widget's new value among all current widget states.

Only the installed ``streamlit.proto`` messages and ``websockets`` (a dependency of streamlit itself) are
used. Loopback servers only: the bench never points this at anything else.
"""

from __future__ import annotations

import asyncio
import time
import urllib.request
import zlib
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import ClientConnection, connect

XSRF_COOKIE = "_streamlit_xsrf"
_FINISHED = ForwardMsg.ScriptFinishedStatus
_ID_PREFIX = "$$ID-"
_LOOPBACK = ("127.0.0.1", "localhost", "::1")


@dataclass
class Widget:
    """One input widget found in the page's deltas, with the values a user could move it through."""

    id: str
    kind: str  # slider | select_slider | number_input | selectbox | radio | checkbox
    label: str
    values: list[Any]  # the positions a user can move it to, in order
    value: Any  # what the client currently holds (default at first)
    phase: int | None = None  # position on the back-and-forth sweep of `values`

    @property
    def key(self) -> str:
        """The user key the page gave the widget (``"bon.n"``), or the raw id when it has none."""
        if self.id.startswith(_ID_PREFIX):
            parts = self.id.split("-", 2)
            if len(parts) == 3 and parts[2] != "None":
                return parts[2]
        return self.id

    def to_proto(self, value: Any) -> WidgetState:
        state = WidgetState(id=self.id)
        if self.kind == "slider":
            state.double_array_value.data[:] = [float(v) for v in value]
        elif self.kind == "select_slider":
            state.string_array_value.data[:] = [str(v) for v in value]
        elif self.kind == "number_input":
            state.double_value = float(value)
        elif self.kind in ("selectbox", "radio"):
            state.string_value = str(value)
        elif self.kind == "checkbox":
            state.bool_value = bool(value)
        return state

    def next_value(self, step: int = 1) -> Any:
        """The value `step` positions further along, bouncing at the ends (a user dragging to and fro)."""
        n = len(self.values)
        if n <= 1:
            return self.value
        try:
            i = self.values.index(self.value)
        except ValueError:
            i = 0
        period = 2 * (n - 1)
        # Position on a zig-zag 0..n-1..0 so repeated moves sweep the range like a drag.
        self.phase = ((i if self.phase is None else self.phase) + step) % period
        return self.values[self.phase if self.phase < n else period - self.phase]


def _slider_values(el: Any, max_positions: int = 64) -> tuple[list[Any], Any]:
    """Candidate positions and the default of a slider proto (range sliders move their upper end)."""
    default = list(el.default)
    if el.type == el.SELECT_SLIDER:
        opts = list(el.options)
        idx = [int(i) for i in default] or [0]
        if len(idx) >= 2:
            values = [[opts[idx[0]], o] for o in opts[idx[0] :]]
            return values, [opts[idx[0]], opts[idx[1]]]
        return [[o] for o in opts], [opts[idx[0]]]
    lo, hi, step = float(el.min), float(el.max), float(el.step) or 1.0
    n = round((hi - lo) / step) + 1
    stride = max(1, n // max_positions)
    grid = [lo + k * step for k in range(0, n, stride)]
    if len(default) >= 2:
        return [[default[0], g] for g in grid if g >= default[0]], default[:2]
    return [[g] for g in grid], default[:1]


def widget_from_element(el_type: str, el: Any) -> Widget | None:
    """Build a `Widget` from a ``new_element`` delta, or None for elements that are not inputs."""
    if el_type == "slider":
        values, default = _slider_values(el)
        kind = "select_slider" if el.type == el.SELECT_SLIDER else "slider"
        if not any(v == default for v in values):
            values.insert(0, default)
        return Widget(el.id, kind, el.label, values, default)
    if el_type == "number_input":
        step = float(el.step) or 1.0
        lo = float(el.min) if el.has_min else float(el.default) - 10 * step
        hi = float(el.max) if el.has_max else float(el.default) + 10 * step
        n = min(64, round((hi - lo) / step) + 1)
        values = sorted({float(el.default), *(lo + k * (hi - lo) / max(1, n - 1) for k in range(n))})
        return Widget(el.id, "number_input", el.label, values, float(el.default))
    if el_type in ("selectbox", "radio"):
        opts = list(el.options)
        if not opts:
            return None
        default = opts[el.default] if el.HasField("default") and 0 <= el.default < len(opts) else opts[0]
        return Widget(el.id, el_type, el.label, opts, default)
    if el_type == "checkbox":
        return Widget(el.id, "checkbox", el.label, [False, True], bool(el.default))
    return None


@dataclass
class RunResult:
    """What one script run looked like from the client's side."""

    latency_ms: float  # rerun request sent -> script_finished received
    chart_ms: float | None  # rerun request sent -> first Plotly chart delta received
    status: str  # ok | exception | compile_error | timeout | disconnected | page_not_found
    n_messages: int
    n_bytes: int
    exceptions: list[str] = field(default_factory=list)
    chart_crc: int = 0  # crc32 over the Plotly specs of this run, to check that a move changed the chart
    chart_specs: list[str] = field(default_factory=list)  # the run's Plotly specs (JSON), in page order

    @property
    def ok(self) -> bool:
        return self.status == "ok"


def fetch_xsrf_cookie(base_url: str, timeout_s: float = 10.0) -> str:
    """The XSRF cookie the server hands out with its health check ("" when XSRF protection is off)."""
    with urllib.request.urlopen(f"{base_url}/_stcore/health", timeout=timeout_s) as resp:
        jar = SimpleCookie()
        for header in resp.headers.get_all("Set-Cookie") or []:
            jar.load(header)
    return jar[XSRF_COOKIE].value if XSRF_COOKIE in jar else ""


class Session:
    """One simulated browser tab on a Streamlit server, driven over the websocket protocol."""

    def __init__(self, base_url: str, page: str = "", *, query_string: str = "", timeout_s: float = 60.0,
                 keep_specs: bool = False):
        host = base_url.split("://", 1)[-1].split("/", 1)[0].rsplit(":", 1)[0].strip("[]")
        if host not in _LOOPBACK:
            raise ValueError(f"base_url must be a loopback address, got {base_url!r}")
        self.base_url = base_url.rstrip("/")
        self.page = page
        self.query_string = query_string
        self.timeout_s = timeout_s
        self.keep_specs = keep_specs  # keep each run's Plotly specs in RunResult.chart_specs (memory!)
        self.widgets: dict[str, Widget] = {}
        self.page_hash = ""
        self.ws: ClientConnection | None = None
        self._cache: dict[str, ForwardMsg] = {}

    async def connect(self, xsrf: str | None = None) -> RunResult:
        """Open the websocket and run the page once, like a browser opening the URL."""
        if xsrf is None:
            xsrf = await asyncio.to_thread(fetch_xsrf_cookie, self.base_url)
        ws_url = self.base_url.replace("http", "ws", 1) + "/_stcore/stream"
        headers = {"Cookie": f"{XSRF_COOKIE}={xsrf}"} if xsrf else {}
        self.ws = await connect(
            ws_url,
            subprotocols=["streamlit", xsrf or "PLACEHOLDER_AUTH_TOKEN"],  # type: ignore[list-item]
            additional_headers=headers,
            origin=self.base_url,  # type: ignore[arg-type]
            max_size=None,
            compression=None,
            open_timeout=self.timeout_s,
            ping_interval=None,
        )
        return await self.rerun()

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
            self.ws = None

    async def move(self, key: str | None = None, step: int = 1) -> RunResult:
        """Move one widget (by user key; the first slider when None) and wait for the rerun to finish."""
        widget = self.pick_widget(key)
        if widget is None:
            return await self.rerun()
        widget.value = widget.next_value(step)
        return await self.rerun()

    def pick_widget(self, key: str | None = None) -> Widget | None:
        if key is not None:
            return next((w for w in self.widgets.values() if w.key == key), None)
        # The app's own inputs (keys starting "_", e.g. a prediction box) are not what a student drags.
        movable = [w for w in self.widgets.values() if len(w.values) > 1 and not w.key.startswith("_")]
        for kind in ("slider", "select_slider", "number_input", "selectbox", "radio", "checkbox"):
            for w in movable:
                if w.kind == kind:
                    return w
        return None

    async def rerun(self) -> RunResult:
        """Send ``rerun_script`` with the current widget states and read until ``script_finished``."""
        assert self.ws is not None, "connect() first"
        state = ClientState(
            query_string=self.query_string, page_name=self.page, page_script_hash=self.page_hash
        )
        state.widget_states.widgets.extend(w.to_proto(w.value) for w in self.widgets.values())
        state.cached_message_hashes.extend(self._cache)
        state.context_info.timezone = "UTC"
        state.context_info.locale = "en-US"
        state.context_info.url = f"{self.base_url}/{self.page}"
        msg = BackMsg()
        msg.rerun_script.CopyFrom(state)
        t0 = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        return await self._read_run(t0)

    async def _read_run(self, t0: float) -> RunResult:
        chart_ms: float | None = None
        chart_crc = 0
        chart_specs: list[str] = []
        n_messages = n_bytes = 0
        exceptions: list[str] = []
        status = "ok"
        deadline = t0 + self.timeout_s
        assert self.ws is not None
        while True:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                status = "timeout"
                break
            try:
                data = await asyncio.wait_for(self.ws.recv(), timeout=remaining)
            except TimeoutError:
                status = "timeout"
                break
            except Exception:
                status = "disconnected"
                break
            n_messages += 1
            n_bytes += len(data)
            fmsg = ForwardMsg()
            fmsg.ParseFromString(data)
            kind = fmsg.WhichOneof("type")
            if kind == "ref_hash":
                cached = self._cache.get(fmsg.ref_hash)
                if cached is None:
                    continue
                fmsg, kind = cached, "delta"
            elif fmsg.metadata.cacheable and fmsg.hash:
                self._cache[fmsg.hash] = fmsg
            if kind == "delta" and fmsg.delta.WhichOneof("type") == "new_element":
                el_type = fmsg.delta.new_element.WhichOneof("type")
                if el_type == "plotly_chart":
                    if chart_ms is None:
                        chart_ms = (time.perf_counter() - t0) * 1000
                    chart_crc = zlib.crc32(fmsg.delta.new_element.plotly_chart.spec.encode(), chart_crc)
                    if self.keep_specs:
                        chart_specs.append(fmsg.delta.new_element.plotly_chart.spec)
                elif el_type == "exception":
                    exc = fmsg.delta.new_element.exception
                    exceptions.append(f"{exc.type}: {exc.message}"[:300])
                elif el_type is not None:
                    widget = widget_from_element(el_type, getattr(fmsg.delta.new_element, el_type))
                    if widget is not None:
                        old = self.widgets.get(widget.id)
                        if old is not None:
                            widget.value, widget.phase = old.value, old.phase
                        self.widgets[widget.id] = widget
            elif kind == "navigation":
                self.page_hash = fmsg.navigation.page_script_hash
            elif kind == "page_info_changed":
                self.query_string = fmsg.page_info_changed.query_string
            elif kind == "page_not_found":
                status = "page_not_found"
            elif kind == "script_finished":
                if fmsg.script_finished == _FINISHED.FINISHED_WITH_COMPILE_ERROR:
                    status = "compile_error"
                elif fmsg.script_finished == _FINISHED.FINISHED_EARLY_FOR_RERUN:
                    continue
                break
        if exceptions and status == "ok":
            status = "exception"
        latency_ms = (time.perf_counter() - t0) * 1000
        return RunResult(latency_ms, chart_ms, status, n_messages, n_bytes, exceptions, chart_crc,
                         chart_specs)
