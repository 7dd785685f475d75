"""Live lab: sample k answers per question from a real or simulated model, check them, and compare
pass@k, majority vote, tokens, latency and cost with the theory. Longer than other pages because it also
runs experiments (start, progress, stop) and replays recordings; all logic lives in live/ and charts/."""

import datetime as dt

import streamlit as st

import ui
from charts import live as charts
from live.aggregate import notice, summarize
from live.client import LiveClient, LiveError
from live.config import load_config
from live.endpoints import configured_endpoint, key_source, sim_endpoint
from live.experiment import NOT_SENT, ExperimentSpec, Price, Run, RunResult, cap_problems, estimate
from live.record import RecordError, dumps, loads
from live.sim_server import EFFORTS, SimConfig
from live.tasks import list_tasksets
from sims.tokens import clean_price_table

PAGE = "live_lab"
# Session state of this page (never in the URL): finished runs by experiment id, the run in progress,
# the last run shown, and the sidebar key (this session only).
RESULTS, ACTIVE, LAST, KEY = "_live.results", "_live.active", "_live.last", "_live.api_key"
PRICES = [{"name": "sim-reasoner", "input_usd_per_mtok": 0.0, "output_usd_per_mtok": 10.0}]


def _secrets() -> tuple[dict[str, object], dict[str, object]]:
    """Top-level secrets (OPENAI_API_KEY, OPENAI_BASE_URL) and the operator's [live] section."""
    try:
        return {k: st.secrets[k] for k in st.secrets if k != "live"}, dict(st.secrets.get("live", {}))
    except Exception:  # no secrets.toml: Streamlit raises instead of returning empty
        return {}, {}


secrets, live_secrets = _secrets()
try:
    config = load_config(secrets=live_secrets)
except ValueError as exc:
    st.error(f"The Live lab configuration is invalid: {exc}. Using the defaults.")
    config = load_config(secrets={}, env={})
ctx = ui.page(PAGE, "Live lab: measure it on a model")
results: dict[str, RunResult] = st.session_state.setdefault(RESULTS, {})

with st.sidebar:
    typed_key = st.text_input("API key (this session only)", type="password", key=KEY,
                              help="Kept in this browser session only: never in the URL, a log or a file.")

# --- Where to send ----------------------------------------------------------------------------------
sources = ["simulated", "configured"] + (["custom URL"] if config.allow_custom_base_url else [])
source = ui.select("live.source", "Model", sources, value="simulated", horizontal=True,
                   help="simulated: sim-reasoner on this machine (no key, no network). configured: the "
                   "endpoint set by OPENAI_BASE_URL or secrets (OpenAI by default).")
try:
    if source == "simulated":
        endpoint = sim_endpoint(SimConfig(tokens_per_s=config.sim_tokens_per_s),
                                timeout_s=config.request_timeout_s)
        st.caption(":material/smart_toy: **sim-reasoner (simulated)**: answers drawn at random on this "
                   "machine.")
    else:
        model = st.text_input("Model name", value=config.default_model, key="live.model")
        custom = st.text_input("Base URL", key="_live.base_url",
                               placeholder="http://127.0.0.1:8000/v1") if source == "custom URL" else None
        endpoint = configured_endpoint(model, config=config, sidebar_key=typed_key, custom_base_url=custom,
                                       secrets=secrets)
        st.caption(f"Sends to {endpoint.label}; key from: {key_source(typed_key, secrets=secrets)}.")
except LiveError as exc:
    st.error(str(exc))
    st.stop()

# --- The experiment ---------------------------------------------------------------------------------
tasksets = {ts.name: ts for ts in list_tasksets()}
efforts = [NOT_SENT, *EFFORTS]
c1, c2, c3 = st.columns(3)
with c1:
    taskset = tasksets[ui.select("live.task", "Task set", list(tasksets), value="quick")]
    n_items = ui.slider("live.items", "Questions", min_value=1, max_value=len(taskset.items),
                        value=len(taskset.items), step=1, unit="items") if len(taskset.items) > 1 else 1
with c2:
    k = ui.slider("live.k", "Samples per question k", min_value=1, max_value=32, value=8, step=1,
                  unit="samples")
    cap = ui.number("live.max_tokens", "Token cap per answer", min_value=16, max_value=100_000, value=4_000,
                    step=100, unit="tokens", help="max_completion_tokens: hidden reasoning counts too.")
with c3:
    effort_a = ui.select("live.effort", "Reasoning effort", efforts, value="low")
    effort_b = ui.select("live.effort_b", "Compare with", ["none (one level)", *efforts], value="high")
    drop = ui.toggle("live.drop_effort", "Retry without effort if the model rejects it", value=False)
levels = tuple(dict.fromkeys(None if e == NOT_SENT else e for e in
                             ([effort_a] if effort_b == "none (one level)" else [effort_a, effort_b])))
with st.expander("Prices (USD per million tokens; reasoning is billed as output)", icon=":material/sell:"):
    st.caption("sim-reasoner's row uses the article's illustrative $10 per million output tokens. Add a row "
               "named exactly like your model with your provider's current prices.")
    table = clean_price_table(st.data_editor(PRICES, key="_live.prices", num_rows="dynamic"))
    for problem in table.problems:
        st.warning(problem, icon=":material/rule:")
prices = {r.name: Price(r.input_usd_per_mtok, r.output_usd_per_mtok) for r in table.rows}

spec = ExperimentSpec(taskset=taskset.name, item_ids=tuple(it.id for it in taskset.items[:n_items]),
                      samples=k, efforts=levels, max_completion_tokens=cap, retry_without_effort=drop)
worst = estimate(spec, taskset, prices.get(endpoint.model))
m = st.columns(3)
m[0].metric("Answers to request", f"{worst.samples:,}", help=f"cap {config.max_samples_per_run:,} per run")
m[1].metric("Worst-case tokens", f"{worst.total_tokens:,}", help=f"cap {config.max_total_tokens:,}")
m[2].metric("Worst-case cost", "no price" if worst.cost_usd is None else f"${worst.cost_usd:,.4f}")
problems = cap_problems(worst, config)
for problem in problems:
    st.error(problem, icon=":material/block:")

# --- Run, watch, stop --------------------------------------------------------------------------------
exp_id = spec.cache_key(endpoint)
active = st.session_state.get(ACTIVE)
label = "Run again (sends and bills again)" if exp_id in results else "Run"
if st.button(label, type="primary", disabled=bool(problems) or active is not None, key="_live.run"):
    try:
        client = LiveClient(endpoint, max_retries=config.max_retries,
                            max_retry_wait_s=config.max_retry_wait_s)
        st.session_state[ACTIVE] = active = (exp_id, Run(client, spec, taskset, config).start())
    except LiveError as exc:
        st.error(str(exc))
if active is not None:
    run_id, run = active
    stop_slot, bar = st.empty(), st.progress(0.0)
    if stop_slot.button("Stop (answers already received are kept)", key="_live.stop"):
        run.stop()
    while not run.wait(timeout_s=0.25):
        done, total = run.progress
        bar.progress(done / total, text=f"{done} of {total} answers")
    results[run_id] = st.session_state[LAST] = run.snapshot()
    del st.session_state[ACTIVE]
    st.rerun()  # redraw with the results and the "Run again" label


def show(result: RunResult, prefix: str) -> None:
    arms = summarize(result, prices.get(result.model))
    if result.simulated:
        st.info("Simulated model: these answers were drawn at random by sim-reasoner, not by a language "
                "model.", icon=":material/smart_toy:")
    for message in result.errors:
        st.error(f"{message} Results so far are kept.", icon=":material/error:")
    for message in result.notes:
        st.info(message, icon=":material/info:")
    if not result.samples:
        return
    cols = st.columns(len(arms))
    for col, arm in zip(cols, arms, strict=True):
        reasoning = arm.per_sample(arm.tokens.reasoning_tokens)
        col.metric(f"Effort {arm.arm}: one answer right",
                   "no answers" if arm.accuracy is None else f"{arm.accuracy:.0%}")
        col.metric("Reasoning tokens per answer",
                   "not reported" if reasoning is None else f"{reasoning:,.0f}")
        ttft = arm.ttft_ms_median
        col.metric("Median time to first token", "not measured" if ttft is None else f"{ttft:,.0f} ms")
        col.metric("Cost", "no price or usage" if arm.cost_usd is None else f"${arm.cost_usd:,.4f}")
    ui.chart(charts.curves_figure(arms, simulated=result.simulated), chart_id=f"{prefix}curves",
             data=charts.curves_table(arms),
             alt=charts.curves_alt(arms))
    ui.what_to_notice(notice(arms))
    ui.chart(charts.tokens_figure(arms, simulated=result.simulated), chart_id=f"{prefix}tokens",
             alt="Tokens per answer by effort, visible vs hidden reasoning where the server reports them.")
    ui.chart(charts.latency_figure(arms, simulated=result.simulated), chart_id=f"{prefix}latency",
             alt="Time to first token per answer and total latency per request, by effort.")
    st.dataframe(charts.items_table(arms), hide_index=True, key=f"_{prefix}items")
    st.download_button("Save this run (JSON, no key inside)", dumps(result), mime="application/json",
                       file_name=f"live-run-{result.model.replace('/', '_')}-{result.started_utc[:10]}.json",
                       key=f"_{prefix}save", icon=":material/download:")


shown = results.get(exp_id) or st.session_state.get(LAST)
if shown is not None:
    st.subheader(f"Results: {shown.model}{' (simulated)' if shown.simulated else ''}, {shown.spec.taskset}, "
                 f"{shown.status}")
    if shown is not results.get(exp_id):
        st.caption("Settings changed since this run: press Run to measure the new ones.")
    show(shown, "live.")

# --- Replay a recording ------------------------------------------------------------------------------
st.subheader("Replay a recording")
upload = st.file_uploader("Recording (JSON saved by this page or `python -m live run`)", type=["json"],
                          key="_live.upload")
if upload is not None:
    try:
        replay = loads(upload.getvalue())
    except RecordError as exc:
        st.error(str(exc), icon=":material/folder_off:")
    else:
        when = replay.started_utc or dt.datetime.now(dt.UTC).isoformat()
        st.caption(f"Recorded {when[:16].replace('T', ' ')} UTC against {replay.model} ({replay.base_url}).")
        show(replay, "live.replay.")

ui.show_model([summarize], citations=[
    ui.Citation("Unbiased pass@k = 1 - C(n-c, k) / C(n, k)",
                "Chen et al. 2021 (HumanEval), via sims.pass_at_k"),
    ui.Citation("Reasoning tokens in usage.completion_tokens_details.reasoning_tokens, billed as output; "
                "often null on local servers", "OpenAI reasoning guide; project facts.md"),
    ui.Citation("$10 per million output tokens (sim-reasoner's illustrative price)", "the article's "
                "hidden-token-accounting example"),
])
