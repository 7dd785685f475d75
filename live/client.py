"""Talk to any OpenAI-compatible chat endpoint through the official ``openai`` client.

:class:`LiveClient.chat` sends one chat request for ``n`` samples (streaming by default, to time the first
visible token), retries 429 and 5xx within the operator's caps, and turns every failure into a
:class:`LiveError` whose message says what happened and what to do, with the key redacted.
"""

from __future__ import annotations

import email.utils
import ipaddress
import math
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

import openai
from openai.types.chat import ChatCompletion

from live.errors import LiveError
from live.redact import clean_base_url, get_logger, remember_secret

__all__ = [
    "DEFAULT_BASE_URL",
    "SIM_API_KEY",
    "Completion",
    "Endpoint",
    "LiveClient",
    "LiveError",
    "Reply",
    "Secret",
    "Usage",
    "is_loopback",
    "validate_base_url",
]

DEFAULT_BASE_URL = "https://api.openai.com/v1"
SIM_API_KEY = "sim-local-no-key"
_LOG = get_logger("live.client")


class Secret:
    """An API key that never prints itself (``repr``/``str`` show a mask)."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value
        remember_secret(value)

    def reveal(self) -> str:
        return self._value

    def __bool__(self) -> bool:
        return bool(self._value)

    def __repr__(self) -> str:
        return "Secret('***')" if self._value else "Secret('')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(("Secret", self._value))


def is_loopback(url: str) -> bool:
    """True when ``url`` points at this machine (localhost or a loopback address)."""
    host = (urlsplit(url).hostname or "").lower()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def validate_base_url(url: str) -> str:
    """A cleaned http(s) base URL; LiveError for other schemes, embedded credentials or a query string."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise LiveError("config", "The base URL must start with http:// or https:// and name a host, "
                        "e.g. http://127.0.0.1:8000/v1.")
    if parts.username or parts.password or parts.query or parts.fragment:
        raise LiveError("config", "The base URL must not carry credentials or a query string; give the key "
                        "in the sidebar or OPENAI_API_KEY instead.")
    return clean_base_url(url)


@dataclass(frozen=True)
class Endpoint:
    """Where to send requests. ``simulated`` marks the bundled simulated model."""

    base_url: str
    model: str
    api_key: Secret
    simulated: bool = False
    timeout_s: float = 120.0

    @property
    def host(self) -> str:
        parts = urlsplit(self.base_url)
        return f"{parts.hostname}:{parts.port}" if parts.port else str(parts.hostname)

    @property
    def label(self) -> str:
        return f"{self.model} (simulated)" if self.simulated else f"{self.model} at {self.host}"


@dataclass(frozen=True)
class Usage:
    """Token counts of one request; None means the server did not report that figure."""

    prompt_tokens: int | None
    completion_tokens: int | None
    reasoning_tokens: int | None


@dataclass(frozen=True)
class Completion:
    """One sample: its visible text, why it stopped and when its first visible token arrived."""

    text: str | None
    finish_reason: str | None
    ttft_ms: float | None


@dataclass(frozen=True)
class Reply:
    """What one request returned: up to ``n`` completions, usage, wall time and retries spent."""

    completions: tuple[Completion, ...]
    usage: Usage
    latency_ms: float
    retries: int


def _retry_after_s(headers: Mapping[str, str]) -> float | None:
    for name, scale in (("retry-after-ms", 1e-3), ("retry-after", 1.0)):
        raw = headers.get(name)
        if raw is None:
            continue
        try:
            value = float(raw) * scale
            return value if math.isfinite(value) and value >= 0 else None
        except ValueError:
            parsed = email.utils.parsedate_tz(raw)
            if parsed is not None:
                return max(0.0, email.utils.mktime_tz(parsed) - time.time())
    return None


def _server_message(exc: openai.APIStatusError) -> str:
    body = exc.body
    if isinstance(body, dict):
        inner = body.get("error", body)
        if isinstance(inner, dict) and inner.get("message"):
            return str(inner["message"])[:300]
        if isinstance(body.get("message"), str):
            return str(body["message"])[:300]
    return str(exc.message)[:300]


def _mentions_effort(exc: openai.APIStatusError) -> bool:
    body = exc.body if isinstance(exc.body, dict) else {}
    inner = body.get("error", body) if isinstance(body, dict) else {}
    param = inner.get("param") if isinstance(inner, dict) else None
    return param == "reasoning_effort" or "reasoning_effort" in _server_message(exc) or "reasoning" in str(
        param or "")


def _usage(raw: object) -> Usage:
    if raw is None:
        return Usage(None, None, None)
    details = getattr(raw, "completion_tokens_details", None)
    reasoning = getattr(details, "reasoning_tokens", None) if details is not None else None

    def as_int(x: object) -> int | None:
        return int(x) if isinstance(x, int | float) and not isinstance(x, bool) else None

    return Usage(as_int(getattr(raw, "prompt_tokens", None)), as_int(getattr(raw, "completion_tokens", None)),
                 as_int(reasoning))


class LiveClient:
    """Sends chat requests to one :class:`Endpoint`; retries and error mapping follow the operator caps."""

    def __init__(self, endpoint: Endpoint, *, max_retries: int = 2, max_retry_wait_s: float = 20.0,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        if not 0 <= max_retries <= 10:
            raise ValueError(f"max_retries must be in 0..10, got {max_retries}")
        self.endpoint = endpoint
        self.max_retries = max_retries
        self.max_retry_wait_s = max_retry_wait_s
        self._sleep = sleep
        self._secrets = (endpoint.api_key.reveal(),) if endpoint.api_key else ()
        key = endpoint.api_key.reveal() or ("none" if is_loopback(endpoint.base_url) else "")
        if not key:
            raise LiveError("auth", "No API key: enter one in the sidebar, set OPENAI_API_KEY, or add it to "
                            ".streamlit/secrets.toml. Local servers on 127.0.0.1 need none.")
        # The SDK's own retries are off: retries happen here, where the caps are known.
        self._client = openai.OpenAI(api_key=key, base_url=endpoint.base_url, timeout=endpoint.timeout_s,
                                     max_retries=0)

    def close(self) -> None:
        self._client.close()

    def _error(self, kind: str, message: str, status: int | None = None) -> LiveError:
        err = LiveError(kind, message, status=status, secrets=self._secrets)
        _LOG.info("live call failed: %s: %s", kind, err.message)
        return err

    def chat(self, message: str, *, n: int = 1, reasoning_effort: str | None = None,
             max_completion_tokens: int | None = None, stream: bool = True, seed: int | None = None) -> Reply:
        """Ask for ``n`` samples of the answer to one user ``message``; LiveError on failure."""
        if not 1 <= n <= 128:
            raise ValueError(f"n must be in 1..128, got {n}")
        if max_completion_tokens is not None and max_completion_tokens < 1:
            raise ValueError(f"max_completion_tokens must be >= 1, got {max_completion_tokens}")
        attempt = 0
        while True:
            try:
                reply = self._once(message, n, reasoning_effort, max_completion_tokens, stream, seed)
                return Reply(reply.completions, reply.usage, reply.latency_ms, retries=attempt)
            except (openai.RateLimitError, openai.InternalServerError) as exc:
                wait_s = self._retry_wait(exc, attempt)
                attempt += 1
                _LOG.info("status %s, retry %d/%d in %.2f s", exc.status_code, attempt, self.max_retries,
                          wait_s)
                self._sleep(wait_s)
            except openai.OpenAIError as exc:
                raise self._map(exc, reasoning_effort) from None
            except (ValueError, TypeError, AttributeError, KeyError) as exc:
                raise self._malformed(type(exc).__name__) from None

    def _retry_wait(self, exc: openai.APIStatusError, attempt: int) -> float:
        """Seconds to wait before retrying, or raise the final LiveError."""
        asked = _retry_after_s(exc.response.headers)
        if isinstance(exc, openai.RateLimitError):
            if asked is not None and asked > self.max_retry_wait_s:
                raise self._error("rate_limited", (
                    f"Rate limited (429) by {self.endpoint.host}: the server asks to wait {asked:.0f} s, "
                    f"more than the {self.max_retry_wait_s:g} s this app may wait. Wait, then run again "
                    f"(finished results are kept), or lower the samples per run."), 429)
            if attempt >= self.max_retries:
                raise self._error("rate_limited", (
                    f"Still rate limited (429) by {self.endpoint.host} after {attempt} retries. Wait a "
                    f"minute and run again (finished results are kept), or lower the concurrency or "
                    f"samples."), 429)
            return asked if asked is not None else min(0.5 * 2**attempt, self.max_retry_wait_s)
        if attempt >= self.max_retries:
            raise self._error("server_error", (
                f"The server at {self.endpoint.host} failed with {exc.status_code} "
                f"({_server_message(exc)}) after {attempt + 1} attempts. It may be overloaded or down: try "
                f"again later; finished results are kept."), exc.status_code)
        return min(asked if asked is not None else 0.5 * 2**attempt, self.max_retry_wait_s)

    def _malformed(self, detail: str) -> LiveError:
        return self._error("malformed", (
            f"The reply from {self.endpoint.host} was not valid chat-completion JSON ({detail}). The server "
            f"may not be OpenAI-compatible: check that the base URL is the API root (usually ending in "
            f"/v1)."))

    def _map(self, exc: openai.OpenAIError, effort: str | None) -> LiveError:
        ep = self.endpoint
        # APITimeoutError subclasses APIConnectionError, so it must be tested first.
        if isinstance(exc, openai.APITimeoutError):
            return self._error("timeout", (
                f"No reply from {ep.host} within {ep.timeout_s:g} s (timeout). The server may be overloaded "
                f"or the token cap too high for its speed: lower the token cap or samples, then run again."))
        if isinstance(exc, openai.APIConnectionError):
            return self._error("connection", (
                f"Could not connect to {ep.host} (connection refused or unreachable). Check that the server "
                f"is running and that the base URL ({clean_base_url(ep.base_url)}) is right."))
        if isinstance(exc, openai.AuthenticationError):
            return self._error("auth", (
                f"{ep.host} rejected the API key (401 Unauthorized). Check the key in the sidebar, "
                f"OPENAI_API_KEY or .streamlit/secrets.toml."), 401)
        if isinstance(exc, openai.PermissionDeniedError):
            return self._error("permission", (
                f"The key has no access to model '{ep.model}' or this endpoint (403 Forbidden). Check the "
                f"project's model permissions, or pick another model."), 403)
        if isinstance(exc, openai.NotFoundError):
            return self._error("not_found", (
                f"Model '{ep.model}' was not found at {ep.host} (404). Pick a model the server lists, and "
                f"check that the base URL ends with the API root (usually /v1)."), 404)
        if isinstance(exc, openai.APIStatusError) and exc.status_code in (400, 422) and effort is not None \
                and _mentions_effort(exc):
            return self._error("effort_rejected", (
                f"Model '{ep.model}' does not accept reasoning_effort='{effort}' ({exc.status_code}: "
                f"{_server_message(exc)}). Choose 'not sent' as the effort, or allow retrying without it."),
                exc.status_code)
        if isinstance(exc, openai.APIStatusError):
            return self._error("bad_request", (
                f"{ep.host} refused the request ({exc.status_code}: {_server_message(exc)}). Check the model "
                f"name and settings (token cap, samples)."), exc.status_code)
        if isinstance(exc, openai.APIResponseValidationError):
            return self._malformed("unexpected fields")
        return self._error("unknown", f"The call to {ep.host} failed: {type(exc).__name__}: {exc}")

    def _once(self, message: str, n: int, effort: str | None, cap: int | None, stream: bool,
              seed: int | None) -> Reply:
        kwargs: dict[str, object] = {"model": self.endpoint.model, "n": n,
                                     "messages": [{"role": "user", "content": message}]}
        if effort is not None:
            kwargs["reasoning_effort"] = effort
        if cap is not None:
            kwargs["max_completion_tokens"] = cap
        if seed is not None:
            kwargs["seed"] = seed
        start = time.perf_counter()
        if not stream:
            result = self._client.chat.completions.create(**kwargs)  # type: ignore[call-overload]
            if not isinstance(result, ChatCompletion):
                raise self._malformed("not a JSON object")
            if not result.choices:
                raise self._empty()
            done = tuple(Completion(c.message.content if c.message else None, c.finish_reason, None)
                         for c in sorted(result.choices, key=lambda c: c.index or 0))
            return Reply(done, _usage(result.usage), (time.perf_counter() - start) * 1e3, 0)
        chunks = self._client.chat.completions.create(
            stream=True, stream_options={"include_usage": True}, **kwargs)  # type: ignore[call-overload]
        texts: dict[int, list[str]] = {}
        first_ms: dict[int, float] = {}
        finish: dict[int, str | None] = {}
        usage: object = None
        events = 0
        for chunk in chunks:
            events += 1
            if isinstance(chunk, str | bytes) or not hasattr(chunk, "choices"):
                raise self._malformed("stream event is not a chat-completion chunk")
            if getattr(chunk, "usage", None) is not None:
                usage = chunk.usage
            for choice in chunk.choices or []:
                index = int(choice.index or 0)
                texts.setdefault(index, [])
                piece = choice.delta.content if choice.delta is not None else None
                if piece:
                    first_ms.setdefault(index, (time.perf_counter() - start) * 1e3)
                    texts[index].append(piece)
                if choice.finish_reason:
                    finish[index] = choice.finish_reason
        if not events:
            raise self._malformed("no server-sent events in the stream")
        if not texts:
            raise self._empty()
        done = tuple(Completion("".join(texts[i]) or None, finish.get(i), first_ms.get(i))
                     for i in sorted(texts))
        return Reply(done, _usage(usage), (time.perf_counter() - start) * 1e3, 0)

    def _empty(self) -> LiveError:
        return self._error("empty_choices", (
            f"{self.endpoint.host} answered with no choices (empty 'choices'). The model may not support "
            f"these settings: try fewer samples, no reasoning effort, or another model."))

    def list_models(self) -> list[str]:
        """Model ids the server lists; LiveError on failure."""
        try:
            return [m.id for m in self._client.models.list().data]
        except openai.OpenAIError as exc:
            raise self._map(exc, None) from None
        except (ValueError, TypeError, AttributeError) as exc:
            raise self._malformed(type(exc).__name__) from None


