"""Every failure a real endpoint can produce, over real HTTP: a clear message, never the key."""

from __future__ import annotations

import pytest

from live.client import Endpoint, LiveClient, LiveError, Secret, is_loopback, validate_base_url
from live.sim_server import MODEL_ID
from live.tasks import get_taskset
from tests.live.conftest import fault_client
from tests.live.fault_server import FAKE_KEY, FaultServer

ITEM = get_taskset("letters").item("letters-strawberry-r")
MESSAGE = ITEM.message(get_taskset("letters").instructions)


def fail(client: LiveClient, **kw: object) -> LiveError:
    kw = {"n": 2, "reasoning_effort": "medium", "max_completion_tokens": 2000, **kw}
    with pytest.raises(LiveError) as info:
        client.chat(MESSAGE, **kw)  # type: ignore[arg-type]
    err = info.value
    assert FAKE_KEY not in str(err) and "LEAKCHECK" not in str(err)
    assert len(str(err)) < 400
    return err


@pytest.mark.parametrize(("mode", "kind", "words"), [
    ("401", "auth", ["401", "key", "sidebar"]),
    ("403", "permission", ["403", MODEL_ID]),
    ("404", "not_found", ["404", MODEL_ID, "/v1"]),
    ("rejects-effort", "effort_rejected", ["reasoning_effort='medium'", "not sent"]),
    ("empty", "empty_choices", ["no choices"]),
    ("malformed-stream", "malformed", ["not valid", "/v1"]),
    ("html", "malformed", ["not valid"]),
])
def test_status_and_content_faults_map_to_clear_messages(fault_server: FaultServer, mode, kind, words):
    err = fail(fault_client(fault_server, mode))
    assert err.kind == kind
    for word in words:
        assert word in str(err)


@pytest.mark.parametrize("mode", ["malformed", "empty", "html", "rejects-effort"])
def test_the_same_faults_without_streaming(fault_server: FaultServer, mode):
    err = fail(fault_client(fault_server, mode), stream=False)
    assert err.kind == {"malformed": "malformed", "html": "malformed", "empty": "empty_choices",
                        "rejects-effort": "effort_rejected"}[mode]


def test_401_echoing_the_key_is_redacted(fault_server: FaultServer):
    err = fail(fault_client(fault_server, "401"))
    assert err.status == 401  # the server's body held the full key; none of it survives


def test_429_waits_as_asked_then_succeeds(fault_server: FaultServer):
    slept: list[float] = []
    reply = fault_client(fault_server, "429-then-ok", sleep=slept.append).chat(MESSAGE, n=2)
    assert slept == [0.05, 0.05]
    assert reply.retries == 2 and len(reply.completions) == 2


def test_429_asking_longer_than_the_cap_fails_at_once(fault_server: FaultServer):
    slept: list[float] = []
    err = fail(fault_client(fault_server, "429-long", sleep=slept.append, max_retry_wait_s=20))
    assert err.kind == "rate_limited" and slept == []
    assert "3600 s" in str(err) and "20 s" in str(err)


def test_429_forever_gives_up_after_max_retries(fault_server: FaultServer):
    slept: list[float] = []
    before = fault_server.hits["429-always"]
    err = fail(fault_client(fault_server, "429-always", sleep=slept.append, max_retries=3))
    assert err.kind == "rate_limited" and "after 3 retries" in str(err)
    assert slept == [0.05] * 3 and fault_server.hits["429-always"] - before == 4


@pytest.mark.parametrize("mode", ["500", "503"])
def test_server_errors_retry_with_backoff_then_fail(fault_server: FaultServer, mode):
    slept: list[float] = []
    err = fail(fault_client(fault_server, mode, sleep=slept.append, max_retries=2))
    assert err.kind == "server_error" and mode in str(err) and "3 attempts" in str(err)
    assert slept == [0.5, 1.0]


def test_one_503_then_success(fault_server: FaultServer):
    slept: list[float] = []
    reply = fault_client(fault_server, "503-then-ok", sleep=slept.append).chat(MESSAGE, n=1)
    assert reply.retries == 1 and slept == [0.5]


def test_timeout_is_reported_as_a_timeout_not_a_connection_error(fault_server: FaultServer):
    err = fail(fault_client(fault_server, "timeout", timeout_s=0.3, max_retries=0))
    assert err.kind == "timeout" and "0.3 s" in str(err)


def test_connection_refused_names_the_address(closed_port: int):
    endpoint = Endpoint(f"http://127.0.0.1:{closed_port}/v1", MODEL_ID, Secret(FAKE_KEY), timeout_s=2.0)
    err = fail(LiveClient(endpoint, max_retries=0))
    assert err.kind == "connection" and f"127.0.0.1:{closed_port}" in str(err)


def test_ignored_n_returns_fewer_completions(fault_server: FaultServer):
    reply = fault_client(fault_server, "ignores-n").chat(MESSAGE, n=4, max_completion_tokens=9000)
    assert len(reply.completions) == 1


@pytest.mark.parametrize("stream", [True, False])
def test_missing_usage_stays_none_never_zero(fault_server: FaultServer, stream):
    client = fault_client(fault_server, "no-usage")
    reply = client.chat(MESSAGE, n=2, stream=stream, max_completion_tokens=9000)
    assert reply.usage.prompt_tokens is None and reply.usage.reasoning_tokens is None
    assert len(reply.completions) == 2


def test_ok_stream_reports_usage_and_time_to_first_token(fault_server: FaultServer):
    reply = fault_client(fault_server, "ok").chat(MESSAGE, n=3, reasoning_effort="low",
                                                   max_completion_tokens=9000)
    assert len(reply.completions) == 3
    assert all(c.ttft_ms is not None and 0 < c.ttft_ms <= reply.latency_ms for c in reply.completions)
    assert reply.usage.reasoning_tokens is not None and reply.usage.reasoning_tokens > 0


def test_base_urls_with_credentials_or_queries_are_refused():
    assert validate_base_url("http://127.0.0.1:8000/v1/") == "http://127.0.0.1:8000/v1"
    for bad in ("ftp://x/v1", "http:///v1", f"https://u:{FAKE_KEY}@api.example.com/v1",
                f"https://api.example.com/v1?key={FAKE_KEY}"):
        with pytest.raises(LiveError) as info:
            validate_base_url(bad)
        assert FAKE_KEY not in str(info.value)
    assert is_loopback("http://localhost:1/v1") and is_loopback("http://[::1]:1/v1")
    assert not is_loopback("https://api.openai.com/v1")


def test_remote_endpoint_without_a_key_is_refused_before_sending():
    with pytest.raises(LiveError, match="No API key") as info:
        LiveClient(Endpoint("https://api.example.com/v1", "m", Secret("")))
    assert info.value.kind == "auth"


def test_secret_never_prints_itself():
    s = Secret(FAKE_KEY)
    assert FAKE_KEY not in repr(s) and FAKE_KEY not in str(s) and FAKE_KEY not in f"{s}"
    endpoint = Endpoint("http://127.0.0.1:1/v1", "m", s)
    assert FAKE_KEY not in repr(endpoint)
