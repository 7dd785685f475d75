"""The simulated model over real HTTP (raw JSON and SSE, no SDK), checked against its closed forms."""

from __future__ import annotations

import json
import math
import subprocess
import sys
import urllib.error
import urllib.request
from typing import Any

import pytest

from live.client import Endpoint, LiveClient, Secret
from live.sim_server import MODEL_ID, SimConfig, SimServer, effort_p_correct, effort_reasoning_tokens
from live.tasks import get_taskset
from tests.conftest import ROOT

STRAWBERRY = get_taskset("letters").item("letters-strawberry-r")
MESSAGE = STRAWBERRY.message(get_taskset("letters").instructions)


def get(base_url: str, path: str) -> Any:
    with urllib.request.urlopen(base_url + path, timeout=10) as r:
        return json.loads(r.read())


def chat(server: SimServer, **body: Any) -> Any:
    """POST /chat/completions; a dict for JSON replies, a list of decoded events for streams."""
    body = {"model": MODEL_ID, "messages": [{"role": "user", "content": MESSAGE}], **body}
    request = urllib.request.Request(server.base_url + "/chat/completions", data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as r:
        raw = r.read().decode()
        if not body.get("stream"):
            return json.loads(raw)
    events = [line.removeprefix("data: ") for line in raw.split("\n\n") if line.startswith("data: ")]
    assert events[-1] == "[DONE]"
    return [json.loads(e) for e in events[:-1]]


def status_of(server: SimServer, **body: Any) -> tuple[int, Any]:
    with pytest.raises(urllib.error.HTTPError) as info:
        chat(server, **body)
    return info.value.code, json.loads(info.value.read())


def test_lists_its_model_labelled_simulated(sim_server: SimServer):
    models = get(sim_server.base_url, "/models")["data"]
    assert [m["id"] for m in models] == [MODEL_ID]
    assert models[0]["owned_by"] == "simulated"


def test_n_choices_and_usage_add_up(sim_server: SimServer):
    reply = chat(sim_server, n=5, reasoning_effort="low", max_completion_tokens=5000)
    assert len(reply["choices"]) == 5
    assert reply["system_fingerprint"] == "simulated"
    texts = [c["message"]["content"] for c in reply["choices"]]
    assert all(t.splitlines()[-1] in ("Answer: 3", "Answer: 2", "Answer: 4") for t in texts)
    visible = sum(math.ceil(len(t) / 4) for t in texts)
    usage = reply["usage"]
    assert usage["completion_tokens"] == visible + usage["completion_tokens_details"]["reasoning_tokens"]
    assert usage["total_tokens"] == usage["prompt_tokens"] + usage["completion_tokens"]


def test_mean_reasoning_tokens_grow_with_effort_as_configured(sim_server: SimServer):
    means = {}
    for effort in ("minimal", "low", "medium", "high"):
        reply = chat(sim_server, n=64, reasoning_effort=effort, max_completion_tokens=100_000, seed=7)
        means[effort] = reply["usage"]["completion_tokens_details"]["reasoning_tokens"] / 64
        expected = effort_reasoning_tokens(STRAWBERRY.sim.reasoning_tokens, effort)
        # lognormal noise with sigma 0.25 has mean exp(0.03125); 64 draws: SE about 3 % of the mean
        assert means[effort] == pytest.approx(expected * math.exp(0.25**2 / 2), rel=0.15)
    assert means["minimal"] < means["low"] < means["medium"] < means["high"]


def test_hit_rate_matches_effort_p_correct_within_four_standard_errors():
    with SimServer(SimConfig(tokens_per_s=1e6, base_latency_ms=0.0, seed=3)) as server:
        for effort in ("low", "high"):
            n = 128
            reply = chat(server, n=n, reasoning_effort=effort, max_completion_tokens=100_000)
            hits = sum(c["message"]["content"].endswith("Answer: 3") for c in reply["choices"])
            p = effort_p_correct(STRAWBERRY.sim.p, effort)
            assert abs(hits / n - p) <= 4 * math.sqrt(p * (1 - p) / n)


def test_same_seed_same_answers_and_token_cap_cuts_the_reply(sim_server: SimServer):
    def ask(**kw: Any) -> list[str]:
        choices = chat(sim_server, n=8, **kw)["choices"]
        return [f"{c['finish_reason']}:{c['message']['content']}" for c in choices]

    assert ask(seed=11, max_completion_tokens=9000) == ask(seed=11, max_completion_tokens=9000)
    assert ask(max_completion_tokens=9000) != ask(max_completion_tokens=9000)  # no seed: fresh draws
    capped = chat(sim_server, n=4, reasoning_effort="high", max_completion_tokens=20)
    assert {c["finish_reason"] for c in capped["choices"]} == {"length"}
    assert capped["usage"]["completion_tokens"] <= 4 * 20
    assert all("Answer" not in c["message"]["content"] for c in capped["choices"])


def test_stream_sends_each_choice_then_usage(sim_server: SimServer):
    events = chat(sim_server, n=3, stream=True, stream_options={"include_usage": True},
                  max_completion_tokens=9000)
    texts: dict[int, str] = {}
    for event in events[:-1]:
        assert event["object"] == "chat.completion.chunk" and event["usage"] is None
        for c in event["choices"]:
            texts[c["index"]] = texts.get(c["index"], "") + (c["delta"].get("content") or "")
    assert sorted(texts) == [0, 1, 2]
    assert all("Answer:" in t for t in texts.values())
    assert events[-1]["choices"] == []
    assert events[-1]["usage"]["completion_tokens_details"]["reasoning_tokens"] > 0
    without = chat(sim_server, n=1, stream=True, max_completion_tokens=9000)
    assert all(e.get("usage") is None for e in without)  # usage only when include_usage asks for it


def test_time_to_first_token_grows_with_reasoning():
    # 2,000 tokens/s: medium effort on 847 x 293 (~420 reasoning tokens) waits ~0.2 s; "none" waits ~0.
    with SimServer(SimConfig(tokens_per_s=2000, base_latency_ms=0.0)) as server:
        item = get_taskset("multiplication").item("mult-847x293")
        client = LiveClient(Endpoint(server.base_url, MODEL_ID, Secret("k"), simulated=True))
        slow = client.chat(item.message(""), n=2, reasoning_effort="medium", max_completion_tokens=9000)
        fast = client.chat(item.message(""), n=2, reasoning_effort="none", max_completion_tokens=9000)
        assert fast.usage.reasoning_tokens == 0
        assert slow.usage.reasoning_tokens > 100
        # The server sleeps for the reasoning before the first visible token, so this lower bound is exact
        # (the slower of two choices waits at least for the mean reasoning tokens).
        mean_reasoning = slow.usage.reasoning_tokens / 2
        assert max(c.ttft_ms for c in slow.completions) >= mean_reasoning / 2000 * 1000
        assert all(c.ttft_ms is not None for c in fast.completions)


def test_bad_requests_get_openai_style_errors(sim_server: SimServer):
    code, body = status_of(sim_server, model="gpt-nope")
    assert code == 404 and body["error"]["code"] == "model_not_found"
    code, body = status_of(sim_server, reasoning_effort="extreme")
    assert code == 400 and body["error"]["param"] == "reasoning_effort"
    code, body = status_of(sim_server, n=0)
    assert code == 400 and body["error"]["param"] == "n"
    unknown = chat(sim_server, messages=[{"role": "user", "content": "hi"}])
    assert unknown["choices"][0]["message"]["content"].endswith("Answer: unknown")


def test_config_is_validated():
    with pytest.raises(ValueError, match="tokens_per_s"):
        SimConfig(tokens_per_s=0)
    with pytest.raises(ValueError, match="p_override"):
        SimConfig(p_override=1.5)


def test_command_line_server_starts_on_loopback_and_answers():
    proc = subprocess.Popen([sys.executable, "-m", "live.sim_server", "--port", "0", "--tokens-per-second",
                             "1e6"], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()  # type: ignore[union-attr]
        assert "(simulated)" in line and "http://127.0.0.1:" in line
        assert get(line.split()[-1], "/models")["data"][0]["id"] == MODEL_ID
    finally:
        proc.terminate()
        proc.wait(timeout=10)
