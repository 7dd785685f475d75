"""Experiments over real HTTP: aggregation, the n fallback, concurrency, caps, stop and kept results."""

from __future__ import annotations

import re

import pytest

from live.aggregate import summarize
from live.client import Endpoint, LiveClient, LiveError, Secret
from live.config import LiveConfig
from live.experiment import ExperimentSpec, Price, Run, cap_problems, estimate, prompt_token_estimate
from live.sim_server import MODEL_ID, SimConfig, SimServer
from live.tasks import get_taskset
from tests.live.conftest import fault_client
from tests.live.fault_server import FaultServer

QUICK = get_taskset("quick")
WORDS = get_taskset("word_problems")
CONFIG = LiveConfig()


def spec(ts=QUICK, *, items: int | None = None, samples: int = 4, efforts=("medium",),
         **kw) -> ExperimentSpec:
    ids = tuple(it.id for it in ts.items)[:items]
    return ExperimentSpec(taskset=ts.name, item_ids=ids, samples=samples, efforts=efforts, **kw)


def sim_client(server: SimServer) -> LiveClient:
    return LiveClient(Endpoint(server.base_url, MODEL_ID, Secret("sim"), simulated=True))


@pytest.mark.parametrize(("p", "expected"), [(1.0, 1.0), (0.0, 0.0)])
def test_certain_models_give_known_curves(p, expected):
    with SimServer(SimConfig(tokens_per_s=1e6, base_latency_ms=0.0, p_override=p)) as server:
        result = Run(sim_client(server), spec(samples=5, efforts=("low", "high"), max_completion_tokens=9000),
                     QUICK, CONFIG).run()
    assert result.status == "complete" and not result.errors
    assert len(result.samples) == 4 * 5 * 2 and len(result.requests) == 4 * 2  # n honoured: one request each
    assert result.n_honoured is True
    for arm in summarize(result):
        assert arm.accuracy == expected
        assert arm.pass_at_k == pytest.approx([expected] * 5)
        assert arm.theory == pytest.approx([expected] * 5)
        assert arm.majority == pytest.approx([expected] * 5)
        assert arm.tokens.reasoning_tokens and arm.tokens.reasoning_tokens > 0


def test_measured_counts_match_an_independent_recount_of_the_texts(sim_server: SimServer):
    result = Run(sim_client(sim_server), spec(WORDS, samples=6, seed=5, max_completion_tokens=9000),
                 WORDS, CONFIG).run()
    (arm,) = summarize(result)
    for item, stats in zip(result.items, arm.items, strict=True):
        texts = [s.text for s in result.samples if s.item_id == item.id]
        finals = [re.findall(r"Answer: (.*)$", t)[0] for t in texts]
        assert stats.correct == sum(f == item.answer for f in finals)
    replay = Run(sim_client(sim_server), spec(WORDS, samples=6, seed=5, max_completion_tokens=9000),
                 WORDS, CONFIG).run()
    assert [s.text for s in replay.samples if s.item_id == WORDS.items[0].id] == \
        [s.text for s in result.samples if s.item_id == WORDS.items[0].id]  # same seed, same answers


def test_server_ignoring_n_falls_back_to_single_requests(fault_server: FaultServer):
    result = Run(fault_client(fault_server, "ignores-n"), spec(samples=3, max_completion_tokens=9000),
                 QUICK, CONFIG).run()
    assert result.status == "complete"
    assert result.n_honoured is False and any("ignores 'n'" in n for n in result.notes)
    assert len(result.samples) == 4 * 3 and len(result.requests) == 4 * 3
    assert all(r.n_received == 1 for r in result.requests)


def test_concurrency_never_exceeds_the_cap(fault_server: FaultServer):
    fault_server.reset_concurrency()
    config = LiveConfig(max_concurrent_requests=2)
    result = Run(fault_client(fault_server, "slow"), spec(WORDS, samples=1, max_completion_tokens=9000),
                 WORDS, config).run()
    assert result.status == "complete" and len(result.requests) == 10
    assert 1 <= fault_server.max_inflight <= 2


def test_caps_refuse_a_run_before_anything_is_sent(fault_server: FaultServer):
    before = sum(fault_server.hits.values())
    client = fault_client(fault_server, "ok")
    with pytest.raises(LiveError, match="samples exceed the cap of 10") as info:
        Run(client, spec(samples=3), QUICK, LiveConfig(max_samples_per_run=10))
    assert info.value.kind == "cap"
    with pytest.raises(LiveError, match="exceeds the cap of 1,000"):
        Run(client, spec(samples=1, max_completion_tokens=4000), QUICK, LiveConfig(max_total_tokens=1000))
    assert sum(fault_server.hits.values()) == before


def test_estimate_is_the_worst_case():
    s = spec(samples=3, efforts=("low", "high"), max_completion_tokens=1000)
    est = estimate(s, QUICK, Price(2.0, 8.0))
    prompts = sum(prompt_token_estimate(it, QUICK.instructions) for it in QUICK.items) * 3 * 2
    assert (est.samples, est.output_tokens, est.prompt_tokens) == (24, 24_000, prompts)
    assert est.cost_usd == pytest.approx((prompts * 2.0 + 24_000 * 8.0) / 1e6)
    assert cap_problems(est, LiveConfig(max_samples_per_run=24, max_total_tokens=est.total_tokens)) == []
    assert len(cap_problems(est, LiveConfig(max_samples_per_run=23, max_total_tokens=100))) == 2


def test_a_server_that_ignores_the_token_cap_is_stopped_by_the_runtime_check(fault_server: FaultServer):
    s = spec(samples=2, max_completion_tokens=100)
    worst = estimate(s, QUICK).total_tokens
    config = LiveConfig(max_total_tokens=worst + 10, max_concurrent_requests=1)
    result = Run(fault_client(fault_server, "ignores-cap"), s, QUICK, config).run()
    assert result.status == "failed" and "Stopped before exceeding a cap" in result.errors[0]
    assert len(result.requests) == 1  # nothing more was sent once the reported usage passed the cap
    assert len(result.samples) == 2  # the answers already paid for are kept


def test_stop_sends_nothing_more_and_keeps_what_arrived(fault_server: FaultServer):
    run = Run(fault_client(fault_server, "slow"), spec(WORDS, samples=2, max_completion_tokens=9000), WORDS,
              LiveConfig(max_concurrent_requests=1))
    run.start()
    run.stop()
    assert run.wait(timeout_s=10)
    result = run.snapshot()
    assert result.status == "stopped" and len(result.requests) <= 1
    assert run.progress == (len(result.samples), 20)


def test_an_error_mid_run_keeps_earlier_results(fault_server: FaultServer):
    result = Run(fault_client(fault_server, "fail-after-2"), spec(samples=2, max_completion_tokens=9000),
                 QUICK, LiveConfig(max_concurrent_requests=1)).run()
    assert result.status == "failed" and "401" in result.errors[0]
    assert len(result.requests) == 2 and len(result.samples) == 4


def test_rejected_effort_stops_or_is_dropped_when_allowed(fault_server: FaultServer):
    client = fault_client(fault_server, "rejects-effort")
    failed = Run(client, spec(samples=2, efforts=("high",)), QUICK, CONFIG).run()
    assert failed.status == "failed" and "reasoning_effort='high'" in failed.errors[0]
    dropped = Run(client, spec(samples=2, efforts=("high",), retry_without_effort=True,
                               max_completion_tokens=9000), QUICK, CONFIG).run()
    assert dropped.status == "complete" and len(dropped.samples) == 8
    assert all(r.effort_sent is None for r in dropped.requests)
    assert any("rejected reasoning_effort='high'" in n for n in dropped.notes)


def test_spec_validation_and_cache_key():
    with pytest.raises(ValueError, match="samples"):
        spec(samples=0)
    with pytest.raises(ValueError, match="efforts"):
        spec(efforts=("low", "low"))
    with pytest.raises(ValueError, match="efforts"):
        spec(efforts=("turbo",))
    with pytest.raises(ValueError, match="max_completion_tokens"):
        spec(max_completion_tokens=1)
    ep = Endpoint("http://127.0.0.1:1/v1", "m", Secret("k"))
    assert spec().cache_key(ep) == spec().cache_key(ep)
    assert spec().cache_key(ep) != spec(efforts=("high",)).cache_key(ep)
    # the key is not part of the experiment's identity (and so cannot leak through it)
    assert spec().cache_key(Endpoint("http://127.0.0.1:1/v1", "m", Secret("other"))) == spec().cache_key(ep)
