"""AppTest of the Live lab: a simulated run end to end, results kept across reruns, replay of good and
bad recordings, a real (fault-injecting) endpoint with a key that must never show, and the operator gate."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from streamlit.testing.v1 import AppTest

from live.record import dumps, loads
from tests.app.helpers import all_text, chart_specs, open_page, trace_names
from tests.conftest import ROOT
from tests.live.fault_server import FAKE_KEY, FaultServer
from tests.live.test_aggregate import hand_made_run

RESULTS = "_live.results"


@pytest.fixture(autouse=True)
def _fast_and_clickable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LIVE_SIM_TOKENS_PER_S", "200000")  # the simulated model answers in milliseconds
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "LIVE_ALLOW_CUSTOM_BASE_URL"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="module")
def faults() -> Iterator[FaultServer]:
    with FaultServer() as server:
        yield server


def small(at: AppTest) -> AppTest:
    at.slider(key="live.k").set_value(4)
    return at.run()


def test_default_is_the_simulated_model_with_a_worst_case_before_sending():
    at = open_page("live_lab")
    assert not at.exception
    text = all_text(at)
    assert "sim-reasoner (simulated)" in text
    metrics = {m.label: m.value for m in at.metric}
    # quick set: 4 questions x 8 samples x 2 effort levels, 4,000-token cap each
    assert metrics["Answers to request"] == "64"
    assert int(metrics["Worst-case tokens"].replace(",", "")) > 64 * 4000
    # every answer using its whole cap at the illustrative $10 per million output tokens, input free
    assert metrics["Worst-case cost"] == f"${64 * 4000 * 10 / 1e6:,.4f}"
    assert not at.error and at.button(key="_live.run").label == "Run"


def test_simulated_run_shows_labelled_results_and_is_kept_on_rerun():
    at = small(open_page("live_lab"))
    at.button(key="_live.run").click().run()
    assert not at.exception and not at.error
    assert "Simulated model" in at.info[0].value
    specs = chart_specs(at)
    assert len(specs) == 3
    assert {"pass@k, measured (a checker picks)", "1 - (1 - p)^k, independent samples",
            "majority vote, measured"} <= trace_names(specs[0])
    assert all("(simulated model)" in s["layout"]["title"]["text"] for s in specs)
    labels = {m.label for m in at.metric}
    assert {"Effort low: one answer right", "Effort high: one answer right"} <= labels
    (result,) = at.session_state[RESULTS].values()
    assert result.status == "complete" and len(result.samples) == 4 * 4 * 2
    # The saved file is a valid recording of exactly this run.
    assert loads(dumps(result)) == result
    # A rerun (any widget change back and forth) shows the same results without sending again.
    at.run()
    (again,) = at.session_state[RESULTS].values()
    assert again is result and len(chart_specs(at)) == 3
    assert at.button(key="_live.run").label.startswith("Run again")


def test_replay_of_a_recording_and_of_bad_files():
    at = open_page("live_lab")
    good = dumps(hand_made_run()).encode()
    at.get("file_uploader")[0].set_value(("run.json", good, "application/json"))
    at.run()
    assert not at.exception and not at.error
    assert len(chart_specs(at)) == 3 and "Recorded" in all_text(at)
    newer = json.dumps({"format": "ttc-lab-live-run", "version": 99}).encode()
    for data, words in [(b"{broken", "not valid JSON"), (b'{"format": "other"}', "not a Live lab recording"),
                        (newer, "newer version")]:
        at.get("file_uploader")[0].set_value(("bad.json", data, "application/json"))
        at.run()
        assert not at.exception
        assert len(at.error) == 1 and words in at.error[0].value and "Nothing was loaded" in at.error[0].value
        assert chart_specs(at) == []


def test_real_endpoint_key_never_reaches_the_page_or_the_file(faults: FaultServer):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.secrets["OPENAI_BASE_URL"] = faults.url("ok")
    at = open_page("live_lab", at=at)
    at.radio(key="live.source").set_value("configured").run()
    at.text_input(key="live.model").set_value("sim-reasoner")
    at.text_input(key="_live.api_key").set_value(FAKE_KEY)
    small(at)
    assert "key from: sidebar" in all_text(at)
    at.button(key="_live.run").click().run()
    assert not at.exception and not at.error
    (result,) = at.session_state[RESULTS].values()
    assert result.status == "complete" and not result.simulated
    page_text = all_text(at) + "".join(json.dumps(s) for s in chart_specs(at))
    assert FAKE_KEY not in page_text and FAKE_KEY not in dumps(result)


def test_endpoint_errors_are_messages_and_the_page_keeps_working(faults: FaultServer):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.secrets["OPENAI_BASE_URL"] = faults.url("401")
    at = open_page("live_lab", at=at)
    at.radio(key="live.source").set_value("configured").run()
    at.text_input(key="_live.api_key").set_value(FAKE_KEY)
    small(at)
    at.button(key="_live.run").click().run()
    assert not at.exception
    assert len(at.error) == 1  # four parallel requests failed the same way: one message
    assert "401" in at.error[0].value and "Results so far are kept" in at.error[0].value
    assert FAKE_KEY not in all_text(at)
    at.radio(key="live.source").set_value("simulated").run()  # the app keeps working
    at.button(key="_live.run").click().run()
    assert not at.exception and not at.error
    assert len(chart_specs(at)) == 3


def test_no_key_for_a_remote_endpoint_is_a_clear_message():
    at = open_page("live_lab")
    at.radio(key="live.source").set_value("configured").run()
    at.button(key="_live.run").click().run()
    assert not at.exception
    assert any("No API key" in e.value for e in at.error)


def test_custom_base_url_only_when_the_operator_allows_it(monkeypatch: pytest.MonkeyPatch,
                                                          faults: FaultServer):
    at = open_page("live_lab")
    assert "custom URL" not in at.radio(key="live.source").options
    monkeypatch.setenv("LIVE_ALLOW_CUSTOM_BASE_URL", "true")
    at = open_page("live_lab")
    at.radio(key="live.source").set_value("custom URL").run()
    at.text_input(key="_live.base_url").set_value(f"http://user:{FAKE_KEY}@127.0.0.1:1/v1").run()
    assert not at.exception and "credentials" in at.error[0].value and FAKE_KEY not in all_text(at)
    at.text_input(key="_live.base_url").set_value(faults.url("ok")).run()
    assert not at.error and "127.0.0.1" in all_text(at)


def test_caps_disable_the_run_button(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("LIVE_MAX_SAMPLES_PER_RUN", "10")
    at = open_page("live_lab")
    assert not at.exception
    assert "exceed the cap of 10" in at.error[0].value
    assert at.button(key="_live.run").disabled
