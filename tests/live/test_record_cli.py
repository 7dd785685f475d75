"""Record/replay files, the command line (as a subprocess) and configuration."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from live.aggregate import summarize
from live.client import LiveError
from live.config import LiveConfig, load_config
from live.endpoints import configured_endpoint, key_source
from live.record import RECORD_FORMAT, RecordError, dumps, loads
from tests.conftest import ROOT
from tests.live.fault_server import FAKE_KEY, FaultServer
from tests.live.test_aggregate import hand_made_run


def test_round_trip_keeps_every_figure():
    original = hand_made_run()
    text = dumps(original)
    doc = json.loads(text)
    assert doc["format"] == RECORD_FORMAT and doc["version"] == 1
    replayed = loads(text)
    assert replayed == original
    assert summarize(replayed) == summarize(original)


@pytest.mark.parametrize(("data", "words"), [
    (b"\x89PNG\r\n", "not valid JSON"),
    ("{\"format\": \"ttc-lab-live-run\", \"version\": 1, \"run\": {\"spec\": ", "not valid JSON"),
    ('{"cells": [], "nbformat": 4}', "not a Live lab recording"),
    ('[1, 2, 3]', "not a Live lab recording"),
    ('{"format": "ttc-lab-live-run", "version": 2, "run": {}}', "newer version"),
    ('{"format": "ttc-lab-live-run", "version": "one", "run": {}}', "damaged"),
    ('{"format": "ttc-lab-live-run", "version": 1, "run": {"spec": {}}}', "damaged"),
])
def test_bad_files_get_a_clear_message(data, words):
    with pytest.raises(RecordError, match=words) as info:
        loads(data)
    assert "Nothing was loaded" in str(info.value)


def test_tampered_recording_is_damaged_not_a_crash():
    doc = json.loads(dumps(hand_made_run()))
    doc["run"]["samples"][0]["arm"] = "turbo"
    with pytest.raises(RecordError, match="damaged"):
        loads(json.dumps(doc))
    doc = json.loads(dumps(hand_made_run()))
    doc["run"]["spec"]["samples"] = -3
    with pytest.raises(RecordError, match="damaged"):
        loads(json.dumps(doc))


def cli(*args: str, key: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "LIVE_"))}
    if key:
        env["OPENAI_API_KEY"] = key
    return subprocess.run([sys.executable, "-m", "live", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=60)


def test_cli_lists_task_sets():
    from live.__main__ import _EFFORT_CHOICES
    from live.sim_server import EFFORTS

    assert _EFFORT_CHOICES == (*EFFORTS, "not-sent")
    out = cli("tasks")
    assert out.returncode == 0
    assert "letters" in out.stdout and "multiplication" in out.stdout


def test_cli_run_writes_a_replayable_recording(tmp_path: Path, fault_server: FaultServer):
    out_file = tmp_path / "run.json"
    done = cli("run", "--base-url", fault_server.url("ok"), "--model", "sim-reasoner", "--task", "quick",
               "--samples", "3", "--out", str(out_file), "--max-tokens", "9000", key=FAKE_KEY)
    assert done.returncode == 0, done.stderr
    assert f"wrote {out_file}" in done.stdout
    result = loads(out_file.read_bytes())
    assert len(result.samples) == 12 and result.status == "complete"
    assert FAKE_KEY not in out_file.read_text() + done.stdout + done.stderr


@pytest.mark.parametrize(("args", "code", "words"), [
    (["--task", "nope"], 2, "not found"),
    (["--samples", "0"], 2, "samples must be in 1..128"),
    (["--base-url", "ftp://x"], 2, "http://"),
])
def test_cli_bad_arguments_print_one_line(tmp_path: Path, args, code, words):
    base = {"--base-url": "sim", "--model": "sim-reasoner", "--task": "quick", "--samples": "2",
            "--out": str(tmp_path / "x.json")}
    for flag, value in zip(args[::2], args[1::2], strict=True):
        base[flag] = value
    done = cli("run", *[x for pair in base.items() for x in pair])
    assert done.returncode == code
    assert words in done.stderr and done.stderr.count("\n") == 1 and "Traceback" not in done.stderr


def test_cli_missing_arguments_is_one_line():
    done = cli("run", "--model", "x")
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and "required" in done.stderr


def test_cli_server_failures_exit_1_with_one_line_and_no_key(tmp_path: Path, fault_server: FaultServer,
                                                               closed_port: int):
    for url, words in [(fault_server.url("401"), "401"), (f"http://127.0.0.1:{closed_port}/v1", "connect")]:
        done = cli("run", "--base-url", url, "--model", "sim-reasoner", "--task", "quick", "--samples", "2",
                   "--out", str(tmp_path / "f.json"), key=FAKE_KEY)
        assert done.returncode == 1
        assert words in done.stderr and done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
        assert FAKE_KEY not in done.stdout + done.stderr + (tmp_path / "f.json").read_text()


def test_config_sources_in_priority_order(tmp_path: Path):
    path = tmp_path / "c.toml"
    path.write_text("[live]\nmax_total_tokens = 1000\nmax_concurrent_requests = 3\n"
                    "allow_custom_base_url = true\n")
    config = load_config(env={"LIVE_MAX_CONCURRENT_REQUESTS": "7"}, secrets={"max_total_tokens": 2000},
                         path=path)
    assert config.max_total_tokens == 2000  # secrets beat the file
    assert config.max_concurrent_requests == 7  # the environment beats both
    assert config.allow_custom_base_url is True
    assert load_config(env={}, path=None) == LiveConfig()
    with pytest.raises(ValueError, match="max_total_tokens"):
        load_config(env={"LIVE_MAX_TOTAL_TOKENS": "lots"}, path=None)
    with pytest.raises(ValueError, match="max_concurrent_requests"):
        load_config(env={"LIVE_MAX_CONCURRENT_REQUESTS": "0"}, path=None)
    assert load_config(env={"LIVE_ALLOW_CUSTOM_BASE_URL": "no"}, path=path).allow_custom_base_url is False


def test_custom_base_url_needs_the_operator_switch():
    with pytest.raises(LiveError, match="switched off") as info:
        configured_endpoint("m", config=LiveConfig(), custom_base_url="http://10.0.0.1/v1", env={})
    assert info.value.kind == "config"
    ep = configured_endpoint("m", config=LiveConfig(allow_custom_base_url=True),
                             custom_base_url="http://10.0.0.1/v1", env={})
    assert ep.base_url == "http://10.0.0.1/v1"
    ep = configured_endpoint("gpt-x", config=LiveConfig(), sidebar_key=FAKE_KEY,
                             env={"OPENAI_BASE_URL": "http://127.0.0.1:9/v1", "OPENAI_API_KEY": "envkey"})
    assert ep.base_url == "http://127.0.0.1:9/v1" and ep.api_key.reveal() == FAKE_KEY
    assert configured_endpoint("m", config=LiveConfig(), env={}).base_url == "https://api.openai.com/v1"
    with pytest.raises(LiveError, match="model name"):
        configured_endpoint("bad model; rm", config=LiveConfig(), env={})
    assert key_source(None, secrets={"OPENAI_API_KEY": "s"}, env={}) == "secrets"
    assert key_source("typed", env={"OPENAI_API_KEY": "e"}) == "sidebar"
    assert key_source(None, env={}) == "none"
