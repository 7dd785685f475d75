"""A fault-injecting OpenAI-compatible server for the live tests (real HTTP on 127.0.0.1).

The first path segment picks the behaviour, so one server covers every fault:
``http://127.0.0.1:PORT/<mode>/v1``. Modes that answer normally reuse the simulated model.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from typing import Any

from live.sim_server import SimConfig, SimHandler, SimServer

FAKE_KEY = "sk-test-LEAKCHECK-5b1e9c7a2d"
MODES = (
    "ok", "401", "403", "404", "429-then-ok", "429-long", "429-always", "500", "503", "503-then-ok",
    "timeout", "malformed", "malformed-stream", "html", "empty", "ignores-n", "rejects-effort", "no-usage",
    "ignores-cap", "slow", "fail-after-2", "400-echo",
)


class FaultHandler(SimHandler):
    def mode(self) -> str:
        return self.path.strip("/").split("/")[0]

    def chat(self, body: dict[str, Any]) -> None:
        mode = self.mode()
        server = self.server
        with server.lock:  # type: ignore[attr-defined]
            server.hits[mode] += 1  # type: ignore[attr-defined]
            hit = server.hits[mode]  # type: ignore[attr-defined]
        auth = self.headers.get("Authorization", "")
        if mode == "401":
            # Like some real servers, echo what was sent: the client must redact it.
            self.send_error_json(401, f"Incorrect API key provided: {auth.removeprefix('Bearer ')}.",
                                 kind="invalid_request_error", code="invalid_api_key")
        elif mode == "400-echo":
            self.send_error_json(400, f"Bad request from {auth} (key {auth.removeprefix('Bearer ')})")
        elif mode == "403":
            self.send_error_json(403, "You are not allowed to sample from this model",
                                 kind="permission_error")
        elif mode == "404":
            self.send_error_json(404, "The model does not exist", code="model_not_found")
        elif (mode == "429-then-ok" and hit <= 2) or mode == "429-always":
            self.send_error_json(429, "Rate limit reached", kind="rate_limit_error",
                                 headers={"retry-after": "0.05"})
        elif mode == "429-long":
            self.send_error_json(429, "Rate limit reached", kind="rate_limit_error",
                                 headers={"retry-after": "3600"})
        elif mode in ("500", "503") or (mode == "503-then-ok" and hit <= 1):
            status = 503 if mode.startswith("503") else 500
            self.send_error_json(status, "The server had an error while processing your request.",
                                 kind="server_error")
        elif mode == "fail-after-2" and hit > 2:
            self.send_error_json(401, "Key revoked", code="invalid_api_key")
        elif mode == "slow":
            # Counted from arrival until just before the reply is written: the client cannot finish reading
            # before that, so this is never more than the requests the client really had in flight.
            with server.lock:  # type: ignore[attr-defined]
                server.inflight += 1  # type: ignore[attr-defined]
                server.max_inflight = max(server.max_inflight, server.inflight)  # type: ignore[attr-defined]
            time.sleep(0.05)
            with server.lock:  # type: ignore[attr-defined]
                server.inflight -= 1  # type: ignore[attr-defined]
            super().chat(body)
        elif mode == "timeout":
            time.sleep(3.0)
            super().chat(body)
        elif mode == "malformed":
            self.send_raw(200, "application/json", b'{"id": "x", "choices": [ {oops')
        elif mode == "malformed-stream":
            self.send_raw(200, "text/event-stream", b"data: {not json at all\n\ndata: [DONE]\n\n")
        elif mode == "html":
            self.send_raw(200, "text/html", b"<html><body>Welcome to nginx!</body></html>")
        elif mode == "empty":
            if body.get("stream"):
                self.send_raw(200, "text/event-stream", b'data: {"id":"x","object":"chat.completion.chunk",'
                              b'"created":0,"model":"sim-reasoner","choices":[]}\n\ndata: [DONE]\n\n')
            else:
                self.send_json(200, {"id": "x", "object": "chat.completion", "created": 0,
                                     "model": "sim-reasoner", "choices": []})
        elif mode == "ignores-n":
            super().chat({**body, "n": 1})
        elif mode == "rejects-effort" and body.get("reasoning_effort") is not None:
            self.send_error_json(400, "Unsupported parameter: 'reasoning_effort' is not supported with this "
                                 "model.", param="reasoning_effort", code="unsupported_parameter")
        else:
            super().chat(body)

    def respond(self, body: dict[str, Any], user: str, choices: list[Any]) -> None:
        mode = self.mode()
        if mode == "no-usage":
            body = {**body, "stream_options": None}
            if not body.get("stream"):
                out = [{"index": i, "finish_reason": "stop",
                        "message": {"role": "assistant", "content": c.text}} for i, c in enumerate(choices)]
                self.send_json(200, {"id": "x", "object": "chat.completion", "created": 0,
                                     "model": "sim-reasoner", "choices": out})
                return
        if mode == "ignores-cap":
            choices = [c.__class__(**{**c.__dict__, "reasoning_tokens": 50_000}) for c in choices]
        super().respond(body, user, choices)

    def send_raw(self, status: int, content_type: str, data: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class FaultServer(SimServer):
    def __init__(self) -> None:
        config = SimConfig(tokens_per_s=1e6, base_latency_ms=1.0, p_override=0.5)
        super().__init__(config, handler=FaultHandler)
        self._httpd.hits = Counter()  # type: ignore[attr-defined]
        self._httpd.lock = threading.Lock()  # type: ignore[attr-defined]
        self.reset_concurrency()

    def reset_concurrency(self) -> None:
        self._httpd.inflight = 0  # type: ignore[attr-defined]
        self._httpd.max_inflight = 0  # type: ignore[attr-defined]

    @property
    def max_inflight(self) -> int:
        return int(self._httpd.max_inflight)  # type: ignore[attr-defined]

    def url(self, mode: str) -> str:
        assert mode in MODES, mode
        return f"http://127.0.0.1:{self.port}/{mode}/v1"

    @property
    def hits(self) -> Counter[str]:
        return self._httpd.hits  # type: ignore[attr-defined, no-any-return]

