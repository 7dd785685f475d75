"""The simulated model over real HTTP, checked against its own closed-form behaviour."""

from __future__ import annotations

import math
import subprocess
import sys

import openai
import pytest

from live.client import Endpoint, LiveClient, Secret
from live.sim_server import MODEL_ID, SimConfig, SimServer, effort_p_correct, effort_reasoning_tokens
from live.tasks import get_taskset
from tests.conftest import ROOT

STRAWBERRY = get_taskset("letters").item("letters-strawberry-r")
MESSAGE = STRAWBERRY.message(get_taskset("letters").instructions)


def sdk(server: SimServer) -> openai.OpenAI:
    return openai.OpenAI(api_key="unused", base_url=server.base_url, max_retries=0)


def test_lists_its_model_labelled_simulated(sim_server: SimServer):
    models = sdk(sim_server).models.list().data
    assert [m.id for m in models] == [MODEL_ID]
    assert models[0].owned_by == "simulated"


def test_n_choices_and_usage_add_up(sim_server: SimServer):
    reply = sdk(sim_server).chat.completions.create(
        model=MODEL_ID, messages=[{"role": "user", "content": MESSAGE}], n=5, reasoning_effort="low",
        max_completion_tokens=5000)
    assert len(reply.choices) == 5
    assert reply.system_fingerprint == "simulated"
    texts = [c.message.content for c in reply.choices]
    assert all(t.splitlines()[-1] in ("Answer: 3", "Answer: 2", "Answer: 4") for t in texts)
    visible = sum(math.ceil(len(t) / 4) for t in texts)
    usage = reply.usage
    assert usage.completion_tokens == visible + usage.completion_tokens_details.reasoning_tokens
    assert usage.total_tokens == usage.prompt_tokens + usage.completion_tokens


def test_mean_reasoning_tokens_grow_with_effort_as_configured(sim_server: SimServer):
    client = sdk(sim_server)
    means = {}
    for effort in ("minimal", "low", "medium", "high"):
        reply = client.chat.completions.create(
            model=MODEL_ID, messages=[{"role": "user", "content": MESSAGE}], n=64, reasoning_effort=effort,
            max_completion_tokens=100_000, seed=7)
        means[effort] = reply.usage.completion_tokens_details.reasoning_tokens / 64
        expected = effort_reasoning_tokens(STRAWBERRY.sim.reasoning_tokens, effort)
        # lognormal noise with sigma 0.25 has mean exp(0.03125); 64 draws: SE about 3 % of the mean
        assert means[effort] == pytest.approx(expected * math.exp(0.25**2 / 2), rel=0.15)
    assert means["minimal"] < means["low"] < means["medium"] < means["high"]


def test_hit_rate_matches_effort_p_correct_within_four_standard_errors():
    with SimServer(SimConfig(tokens_per_s=1e6, base_latency_ms=0.0, seed=3)) as server:
        client = sdk(server)
        for effort in ("low", "high"):
            n = 128
            reply = client.chat.completions.create(
                model=MODEL_ID, messages=[{"role": "user", "content": MESSAGE}], n=n, reasoning_effort=effort,
                max_completion_tokens=100_000)
            hits = sum(c.message.content.endswith("Answer: 3") for c in reply.choices)
            p = effort_p_correct(STRAWBERRY.sim.p, effort)
            assert abs(hits / n - p) <= 4 * math.sqrt(p * (1 - p) / n)


def test_same_seed_same_answers_and_token_cap_cuts_the_reply(sim_server: SimServer):
    client = sdk(sim_server)

    def ask(**kw: object) -> list[str]:
        r = client.chat.completions.create(model=MODEL_ID, messages=[{"role": "user", "content": MESSAGE}],
                                           n=8, **kw)
        return [f"{c.finish_reason}:{c.message.content}" for c in r.choices]

    assert ask(seed=11, max_completion_tokens=9000) == ask(seed=11, max_completion_tokens=9000)
    capped = client.chat.completions.create(model=MODEL_ID, messages=[{"role": "user", "content": MESSAGE}],
                                            n=4, reasoning_effort="high", max_completion_tokens=20)
    assert {c.finish_reason for c in capped.choices} == {"length"}
    assert capped.usage.completion_tokens <= 4 * 20
    assert all("Answer" not in (c.message.content or "") for c in capped.choices)


def test_stream_sends_each_choice_then_usage(sim_server: SimServer):
    stream = sdk(sim_server).chat.completions.create(
        model=MODEL_ID, messages=[{"role": "user", "content": MESSAGE}], n=3, stream=True,
        stream_options={"include_usage": True}, max_completion_tokens=9000)
    texts: dict[int, str] = {}
    usage = None
    for chunk in stream:
        for c in chunk.choices:
            texts[c.index] = texts.get(c.index, "") + (c.delta.content or "")
        usage = chunk.usage or usage
    assert sorted(texts) == [0, 1, 2]
    assert all("Answer:" in t for t in texts.values())
    assert usage is not None and usage.completion_tokens_details.reasoning_tokens > 0


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
    client = sdk(sim_server)
    with pytest.raises(openai.NotFoundError):
        client.chat.completions.create(model="gpt-nope", messages=[{"role": "user", "content": "hi"}])
    with pytest.raises(openai.BadRequestError) as info:
        client.chat.completions.create(model=MODEL_ID, messages=[{"role": "user", "content": "hi"}],
                                       reasoning_effort="extreme")  # type: ignore[arg-type]
    assert info.value.param == "reasoning_effort"
    unknown = client.chat.completions.create(model=MODEL_ID, messages=[{"role": "user", "content": "hi"}])
    assert unknown.choices[0].message.content.endswith("Answer: unknown")


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
        base_url = line.split()[-1]
        models = openai.OpenAI(api_key="x", base_url=base_url, max_retries=0).models.list()
        assert models.data[0].id == MODEL_ID
    finally:
        proc.terminate()
        proc.wait(timeout=10)
