"""The bundled simulated reasoning model: a real OpenAI-compatible HTTP server on loopback.

``python -m live.sim_server --port 8765`` serves ``/v1/models`` and ``/v1/chat/completions`` (``n``,
``stream`` with ``stream_options.include_usage``, ``reasoning_effort``, ``max_completion_tokens``). It is
not a language model: it recognises the questions of the bundled task sets, answers each one right with a
tunable probability that grows with ``reasoning_effort``, and otherwise gives one of the item's typical
wrong answers. Reasoning tokens grow with effort, are counted in ``usage`` but never returned (like hosted
reasoning APIs), and latency is proportional to tokens at a configurable decode speed. Every reply is
labelled simulated (model id ``sim-reasoner``, header ``x-simulated: true``).

Randomness is reproducible: each sample's draws come from ``random.Random`` seeded with the server seed,
the item, the effort, the request's ``seed`` (or a per-question request counter) and the choice index.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from live.redact import get_logger
from live.tasks import TaskItem, TaskSet, list_tasksets

__all__ = [
    "EFFORTS",
    "MODEL_ID",
    "SimChoice",
    "SimConfig",
    "SimHandler",
    "SimModel",
    "SimServer",
    "count_tokens",
    "effort_p_correct",
    "effort_reasoning_tokens",
    "ensure_sim_server",
]

MODEL_ID = "sim-reasoner"
EFFORTS = ("none", "minimal", "low", "medium", "high", "xhigh", "max")
DEFAULT_EFFORT = "medium"
# Reasoning tokens relative to medium effort, and the "skill" exponent: p(effort) = 1 - (1 - p) ** skill,
# i.e. more effort acts like more independent chances to get it right, with diminishing returns.
_TOKEN_SCALE = {"none": 0.0, "minimal": 0.1, "low": 0.4, "medium": 1.0, "high": 2.2, "xhigh": 3.5, "max": 5.0}
_SKILL = {"none": 0.3, "minimal": 0.5, "low": 0.75, "medium": 1.0, "high": 1.6, "xhigh": 1.9, "max": 2.1}
_LOG = get_logger("live.sim_server")


def effort_p_correct(p_medium: float, effort: str | None) -> float:
    """Chance of a right answer at ``effort`` for an item whose chance at medium effort is ``p_medium``."""
    skill = _SKILL[effort or DEFAULT_EFFORT]
    return 1.0 - (1.0 - p_medium) ** skill


def effort_reasoning_tokens(base_tokens: int, effort: str | None) -> float:
    """Mean reasoning tokens at ``effort`` for an item using ``base_tokens`` at medium effort."""
    return base_tokens * _TOKEN_SCALE[effort or DEFAULT_EFFORT]


def count_tokens(text: str) -> int:
    """The simulated tokenizer: one token per 4 characters, at least one for non-empty text."""
    return math.ceil(len(text) / 4) if text else 0


@dataclass(frozen=True)
class SimConfig:
    """Behaviour of the simulated server.

    ``tokens_per_s`` sets latency (decode speed); ``base_latency_ms`` is added before the first token;
    ``p_override`` replaces every item's chance at medium effort (None keeps the task set's ``sim.p``).
    """

    seed: int = 0
    tokens_per_s: float = 400.0
    base_latency_ms: float = 40.0
    p_override: float | None = None

    def __post_init__(self) -> None:
        if not self.tokens_per_s > 0:
            raise ValueError(f"tokens_per_s must be > 0, got {self.tokens_per_s}")
        if not self.base_latency_ms >= 0:
            raise ValueError(f"base_latency_ms must be >= 0, got {self.base_latency_ms}")
        if self.p_override is not None and not 0.0 <= self.p_override <= 1.0:
            raise ValueError(f"p_override must be in [0, 1] or None, got {self.p_override}")


@dataclass(frozen=True)
class SimChoice:
    """One simulated completion, with its timing in milliseconds from the start of the request."""

    text: str
    reasoning_tokens: int
    visible_tokens: int
    finish_reason: str
    correct: bool
    ttft_ms: float
    total_ms: float


class SimModel:
    """Maps a question to a seeded, effort-dependent simulated answer."""

    def __init__(self, config: SimConfig, tasksets: Sequence[TaskSet]) -> None:
        self.config = config
        self._items: dict[str, TaskItem] = {}
        for ts in tasksets:
            for item in ts.items:
                self._items.setdefault(item.prompt, item)
        self._counters: dict[str, int] = {}
        self._lock = threading.Lock()

    def lookup(self, user_text: str) -> TaskItem | None:
        """The task item whose prompt the message contains (longest prompt wins), or None."""
        hits = [item for prompt, item in self._items.items() if prompt in user_text]
        return max(hits, key=lambda it: len(it.prompt)) if hits else None

    def _request_key(self, key: str, seed: int | None) -> str:
        if seed is not None:
            return f"seed{seed}"
        with self._lock:
            count = self._counters.get(key, 0)
            self._counters[key] = count + 1
        return f"call{count}"

    def generate(
        self, user_text: str, *, n: int, effort: str | None, max_completion_tokens: int | None,
        seed: int | None = None,
    ) -> list[SimChoice]:
        item = self.lookup(user_text)
        key = f"{item.id if item else user_text}|{effort or DEFAULT_EFFORT}"
        request_key = self._request_key(key, seed)
        return [
            self._one(item, effort, max_completion_tokens,
                      random.Random(f"{self.config.seed}|{key}|{request_key}|{i}"))
            for i in range(n)
        ]

    def _one(
        self, item: TaskItem | None, effort: str | None, cap: int | None, rng: random.Random
    ) -> SimChoice:
        if item is None:
            correct, answer, base_tokens = False, "unknown", 50
            lead = "I am a simulated model and only know the bundled task sets."
        else:
            p = self.config.p_override if self.config.p_override is not None else item.sim.p
            correct = rng.random() < effort_p_correct(p, effort)
            wrong = item.sim.distractors or ("unknown",)
            weights = [1.0 / (i + 1) for i in range(len(wrong))]
            answer = item.answer if correct else rng.choices(wrong, weights=weights)[0]
            base_tokens = item.sim.reasoning_tokens
            lead = "Worked through it step by step (simulated)."
        reasoning = round(effort_reasoning_tokens(base_tokens, effort) * math.exp(rng.gauss(0.0, 0.25)))
        text, finish = f"{lead}\nAnswer: {answer}", "stop"
        if cap is not None and reasoning + count_tokens(text) > cap:
            # The budget ran out: hidden reasoning is spent first, the visible answer is cut off.
            reasoning = min(reasoning, cap)
            text, finish, correct = text[: 4 * (cap - reasoning)], "length", False
        visible = count_tokens(text)
        ms_per_token = 1000.0 / self.config.tokens_per_s
        ttft_ms = self.config.base_latency_ms + reasoning * ms_per_token
        return SimChoice(text, reasoning, visible, finish, correct, ttft_ms, ttft_ms + visible * ms_per_token)


def _error_body(
    message: str, *, kind: str, param: str | None = None, code: str | None = None
) -> dict[str, Any]:
    return {"error": {"message": message, "type": kind, "param": param, "code": code}}


class SimHandler(BaseHTTPRequestHandler):
    """OpenAI-compatible request handler; subclasses may override :meth:`chat` to inject faults."""

    server_version = "sim-reasoner/1"
    protocol_version = "HTTP/1.0"  # one request per connection: streams end when the socket closes

    @property
    def model(self) -> SimModel:
        return self.server.model  # type: ignore[attr-defined, no-any-return]

    def log_message(self, format: str, *args: Any) -> None:
        _LOG.debug("%s %s", self.command, self.path.split("?")[0])  # never headers, never the query

    # -- helpers ---------------------------------------------------------------------------------------
    def send_json(self, status: int, body: object, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("x-simulated", "true")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def send_error_json(self, status: int, message: str, *, kind: str = "invalid_request_error",
                        param: str | None = None, code: str | None = None,
                        headers: dict[str, str] | None = None) -> None:
        self.send_json(status, _error_body(message, kind=kind, param=param, code=code), headers)

    def read_json(self) -> Any:
        length = int(self.headers.get("Content-Length") or 0)
        return json.loads(self.rfile.read(length) or b"null")

    # -- routes ----------------------------------------------------------------------------------------
    def do_GET(self) -> None:
        if self.path.split("?")[0].rstrip("/").endswith("/models"):
            data = [{"id": MODEL_ID, "object": "model", "created": 0, "owned_by": "simulated"}]
            self.send_json(200, {"object": "list", "data": data})
        else:
            self.send_error_json(404, f"no route {self.path.split('?')[0]}", code="not_found")

    def do_POST(self) -> None:
        if not self.path.split("?")[0].rstrip("/").endswith("/chat/completions"):
            self.send_error_json(404, f"no route {self.path.split('?')[0]}", code="not_found")
            return
        try:
            body = self.read_json()
        except (ValueError, UnicodeDecodeError):
            self.send_error_json(400, "request body is not valid JSON")
            return
        if not isinstance(body, dict):
            self.send_error_json(400, "request body must be a JSON object")
            return
        try:
            self.chat(body)
        except (BrokenPipeError, ConnectionResetError):
            _LOG.debug("client went away")

    def validate(self, body: dict[str, Any]) -> tuple[str, int, str | None, int | None] | None:
        """Check a chat request; send a 4xx and return None when it is invalid."""
        if body.get("model") != MODEL_ID:
            self.send_error_json(404, f"The model '{body.get('model')}' does not exist; this server has "
                                 f"'{MODEL_ID}'.", param="model", code="model_not_found")
            return None
        messages = body.get("messages")
        if not isinstance(messages, list) or not messages:
            self.send_error_json(400, "messages must be a non-empty list", param="messages")
            return None
        user = "\n".join(str(m.get("content", "")) for m in messages if isinstance(m, dict))
        n = 1 if body.get("n") is None else body["n"]
        if not isinstance(n, int) or isinstance(n, bool) or not 1 <= n <= 128:
            self.send_error_json(400, "n must be an integer in 1..128", param="n")
            return None
        effort = body.get("reasoning_effort")
        if effort is not None and effort not in EFFORTS:
            self.send_error_json(400, f"reasoning_effort must be one of {', '.join(EFFORTS)}",
                                 param="reasoning_effort", code="unsupported_value")
            return None
        cap = body.get("max_completion_tokens", body.get("max_tokens"))
        if cap is not None and (not isinstance(cap, int) or cap < 1):
            self.send_error_json(400, "max_completion_tokens must be a positive integer",
                                 param="max_completion_tokens")
            return None
        return user, n, effort, cap

    def chat(self, body: dict[str, Any]) -> None:
        checked = self.validate(body)
        if checked is None:
            return
        user, n, effort, cap = checked
        seed = body.get("seed") if isinstance(body.get("seed"), int) else None
        choices = self.model.generate(user, n=n, effort=effort, max_completion_tokens=cap, seed=seed)
        self.respond(body, user, choices)

    def respond(self, body: dict[str, Any], user: str, choices: list[SimChoice]) -> None:
        usage = {
            "prompt_tokens": count_tokens(user) + 4,
            "completion_tokens": sum(c.reasoning_tokens + c.visible_tokens for c in choices),
            "completion_tokens_details": {"reasoning_tokens": sum(c.reasoning_tokens for c in choices)},
        }
        usage["total_tokens"] = usage["prompt_tokens"] + usage["completion_tokens"]
        base = {"id": f"chatcmpl-sim-{random.getrandbits(32):08x}", "created": int(time.time()),
                "model": MODEL_ID, "system_fingerprint": "simulated"}
        if body.get("stream"):
            include_usage = bool((body.get("stream_options") or {}).get("include_usage"))
            self.stream(base, choices, usage if include_usage else None)
            return
        time.sleep(max((c.total_ms for c in choices), default=0.0) / 1000.0)
        self.send_json(200, {
            **base, "object": "chat.completion", "usage": usage,
            "choices": [{"index": i, "finish_reason": c.finish_reason, "logprobs": None,
                         "message": {"role": "assistant", "content": c.text}} for i, c in enumerate(choices)],
        })

    def stream(self, base: dict[str, Any], choices: list[SimChoice], usage: dict[str, Any] | None) -> None:
        events: list[tuple[float, int, dict[str, Any]]] = []
        for i, c in enumerate(choices):
            words = c.text.split(" ")
            pieces = [" ".join(words[j:j + 3]) + (" " if j + 3 < len(words) else "")
                      for j in range(0, len(words), 3)]
            pieces = [p for p in pieces if p] or [""]
            step_ms = (c.total_ms - c.ttft_ms) / max(len(pieces), 1)
            for j, piece in enumerate(pieces):
                delta = {"role": "assistant", "content": piece} if j == 0 else {"content": piece}
                chunk = {"index": i, "delta": delta, "finish_reason": None}
                events.append((c.ttft_ms + j * step_ms, i, chunk))
            events.append((c.total_ms, i, {"index": i, "delta": {}, "finish_reason": c.finish_reason}))
        events.sort(key=lambda e: (e[0], e[1]))
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("x-simulated", "true")
        self.end_headers()
        start = time.perf_counter()
        for at_ms, _, choice in events:
            wait_s = at_ms / 1000.0 - (time.perf_counter() - start)
            if wait_s > 0:
                time.sleep(wait_s)
            self.write_event({**base, "object": "chat.completion.chunk", "choices": [choice], "usage": None})
        if usage is not None:
            self.write_event({**base, "object": "chat.completion.chunk", "choices": [], "usage": usage})
        self.wfile.write(b"data: [DONE]\n\n")
        self.wfile.flush()

    def write_event(self, obj: object) -> None:
        self.wfile.write(b"data: " + json.dumps(obj).encode() + b"\n\n")
        self.wfile.flush()


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    model: SimModel


class SimServer:
    """A running simulated server on 127.0.0.1 (``port=0`` picks a free port)."""

    def __init__(self, config: SimConfig | None = None, *, port: int = 0,
                 handler: type[BaseHTTPRequestHandler] = SimHandler,
                 tasksets: Sequence[TaskSet] | None = None) -> None:
        self.config = config or SimConfig()
        self._httpd = _HTTPServer(("127.0.0.1", port), handler)
        self._httpd.model = SimModel(self.config, list_tasksets() if tasksets is None else tasksets)
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def start(self) -> SimServer:
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="sim-server", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> SimServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


_shared: dict[SimConfig, SimServer] = {}
_shared_lock = threading.Lock()


def ensure_sim_server(config: SimConfig | None = None) -> str:
    """Start (once per config, then reuse) a simulated server in a background thread; its base URL."""
    config = config or SimConfig()
    with _shared_lock:
        if config not in _shared:
            _shared[config] = SimServer(config).start()
        return _shared[config].base_url


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m live.sim_server", description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, default=8765, help="port on 127.0.0.1 (0 = any free port)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--tokens-per-second", type=float, default=SimConfig.tokens_per_s)
    parser.add_argument("--base-latency-ms", type=float, default=SimConfig.base_latency_ms)
    parser.add_argument("--p", type=float, default=None, help="chance of a right answer at medium effort, "
                        "for every item (default: each item's own)")
    args = parser.parse_args(argv)
    try:
        config = SimConfig(seed=args.seed, tokens_per_s=args.tokens_per_second,
                           base_latency_ms=args.base_latency_ms, p_override=args.p)
        server = SimServer(config, port=args.port)
    except (ValueError, OSError) as exc:
        print(f"error: {exc}")
        return 2
    print(f"{MODEL_ID} (simulated) serving on {server.base_url}", flush=True)
    try:
        server._httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server._httpd.server_close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
