"""The key never reaches a message, a log line (at DEBUG, every logger), stdout or an exported file."""

from __future__ import annotations

import logging

import pytest

from live.client import LiveError
from live.config import LiveConfig
from live.experiment import ExperimentSpec, Run
from live.record import dumps
from live.redact import redact
from live.tasks import get_taskset
from tests.live.conftest import fault_client
from tests.live.fault_server import FAKE_KEY, FaultServer

QUICK = get_taskset("quick")
SPEC = ExperimentSpec(taskset="quick", item_ids=tuple(it.id for it in QUICK.items), samples=2,
                      max_completion_tokens=9000)


def test_key_absent_from_logs_output_messages_and_exports(fault_server: FaultServer, caplog, capsys):
    caplog.set_level(logging.DEBUG)  # root at DEBUG: the openai and httpx2 loggers emit everything
    texts: list[str] = []
    for mode in ("ok", "401", "400-echo", "rejects-effort", "429-long", "malformed"):
        result = Run(fault_client(fault_server, mode), SPEC, QUICK, LiveConfig()).run()
        texts += [dumps(result), *result.errors, *result.notes]
        assert (mode == "ok") == (result.status == "complete")
    with pytest.raises(LiveError) as info:
        fault_client(fault_server, "400-echo").chat("hi", n=1)
    texts.append(str(info.value))
    assert "redacted" in str(info.value)  # the server did echo it; we removed it
    out = capsys.readouterr()
    everything = "\n".join([*texts, caplog.text, out.out, out.err])
    assert caplog.records  # the capture really saw log records
    assert FAKE_KEY not in everything and "LEAKCHECK" not in everything


def test_redact_removes_given_and_token_shaped_secrets():
    text = f"Authorization: Bearer abc.def-123 and {FAKE_KEY} and sk-proj-ZZZZ9999 and api_key=hunter22"
    cleaned = redact(text)
    for secret in ("abc.def-123", "LEAKCHECK", "ZZZZ9999", "hunter22"):
        assert secret not in cleaned
    assert redact("plain-custom-key-42 here", ["plain-custom-key-42"]) == "[redacted] here"
    assert redact("reasoning_tokens: 12") == "reasoning_tokens: 12"  # ordinary figures survive
