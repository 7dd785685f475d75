"""Run an experiment: k samples per task item for one or two reasoning-effort levels, under hard caps.

:func:`estimate` gives the worst-case tokens and cost before anything is sent; :class:`Run` refuses to
start when that worst case breaks a cap, then sends the requests in a background thread (one request with
``n`` = k per item where the server honours ``n``, otherwise single requests), at most
``max_concurrent_requests`` at a time. It stops dispatching on :meth:`Run.stop`, on the first error, or
when the next request could push the tokens used past the cap; everything gathered so far is kept.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import math
import threading
from collections import deque
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field

from live.checkers import check
from live.client import Endpoint, LiveClient, LiveError, Reply
from live.config import LiveConfig
from live.redact import clean_base_url, get_logger, redact
from live.sim_server import EFFORTS
from live.tasks import TaskItem, TaskSet

__all__ = [
    "NOT_SENT",
    "Estimate",
    "ExperimentSpec",
    "Price",
    "RequestRecord",
    "Run",
    "RunResult",
    "SampleRecord",
    "arm_label",
    "cap_problems",
    "estimate",
    "prompt_token_estimate",
]

NOT_SENT = "not sent"
_LOG = get_logger("live.experiment")


def arm_label(effort: str | None) -> str:
    """How an effort level is named in results: the effort, or ``"not sent"``."""
    return effort if effort is not None else NOT_SENT


@dataclass(frozen=True)
class Price:
    """USD per million tokens; reasoning tokens are billed as output (facts.md, OpenAI reasoning docs)."""

    input_usd_per_mtok: float
    output_usd_per_mtok: float

    def __post_init__(self) -> None:
        if not (self.input_usd_per_mtok >= 0 and self.output_usd_per_mtok >= 0):
            raise ValueError("prices must be >= 0 USD per million tokens")

    def cost_usd(self, prompt_tokens: int, output_tokens: int) -> float:
        return (prompt_tokens * self.input_usd_per_mtok + output_tokens * self.output_usd_per_mtok) / 1e6


@dataclass(frozen=True)
class ExperimentSpec:
    """What to measure: ``samples`` answers per item for each effort in ``efforts`` (one or two)."""

    taskset: str
    item_ids: tuple[str, ...]
    samples: int
    efforts: tuple[str | None, ...] = ("medium",)
    max_completion_tokens: int = 4000
    seed: int | None = None
    stream: bool = True
    retry_without_effort: bool = False

    def __post_init__(self) -> None:
        if not self.item_ids:
            raise ValueError("item_ids must name at least one item")
        if not 1 <= self.samples <= 128:
            raise ValueError(f"samples must be in 1..128, got {self.samples}")
        if not 1 <= len(self.efforts) <= 2 or len(set(self.efforts)) != len(self.efforts):
            raise ValueError("efforts must hold one or two different levels")
        for effort in self.efforts:
            if effort is not None and effort not in EFFORTS:
                raise ValueError(f"efforts must be None or one of {', '.join(EFFORTS)}; got {effort!r}")
        if not 16 <= self.max_completion_tokens <= 1_000_000:
            raise ValueError(
                f"max_completion_tokens must be in 16..1000000, got {self.max_completion_tokens}")

    @property
    def total_samples(self) -> int:
        return len(self.item_ids) * self.samples * len(self.efforts)

    def cache_key(self, endpoint: Endpoint) -> str:
        """Stable id of (endpoint, spec): the same key means the same experiment, already paid for."""
        raw = json.dumps([clean_base_url(endpoint.base_url), endpoint.model, dataclasses.asdict(self)],
                         sort_keys=True)
        return hashlib.sha256(raw.encode()).hexdigest()[:16]


def prompt_token_estimate(item: TaskItem, instructions: str) -> int:
    """A generous prompt-size guess (3 characters per token plus chat overhead) for worst-case budgets."""
    return math.ceil(len(item.message(instructions)) / 3) + 16


@dataclass(frozen=True)
class Estimate:
    """Worst case of a run: every sample sent alone and every one using the whole token cap."""

    samples: int
    requests_max: int
    prompt_tokens: int
    output_tokens: int
    total_tokens: int
    cost_usd: float | None


def estimate(spec: ExperimentSpec, taskset: TaskSet, price: Price | None = None) -> Estimate:
    """Worst-case tokens and cost of ``spec`` before anything is sent."""
    items = [taskset.item(i) for i in spec.item_ids]
    per_item = spec.samples * len(spec.efforts)
    prompt = sum(prompt_token_estimate(it, taskset.instructions) for it in items) * per_item
    output = spec.total_samples * spec.max_completion_tokens
    cost = price.cost_usd(prompt, output) if price is not None else None
    return Estimate(spec.total_samples, spec.total_samples, prompt, output, prompt + output, cost)


def cap_problems(est: Estimate, config: LiveConfig) -> list[str]:
    """Why a run with this worst case may not start (empty when it fits the caps)."""
    problems = []
    if est.samples > config.max_samples_per_run:
        problems.append(f"{est.samples} samples exceed the cap of {config.max_samples_per_run} per run: "
                        f"use fewer items, samples or effort levels.")
    if est.total_tokens > config.max_total_tokens:
        problems.append(f"The worst case of {est.total_tokens:,} tokens exceeds the cap of "
                        f"{config.max_total_tokens:,}: lower the token cap, samples or items.")
    return problems


@dataclass(frozen=True)
class SampleRecord:
    """One checked answer."""

    item_id: str
    arm: str
    request: int
    text: str | None
    answer: str | None
    correct: bool
    finish_reason: str | None
    ttft_ms: float | None


@dataclass(frozen=True)
class RequestRecord:
    """One HTTP request and what the server reported for it (None = not reported)."""

    index: int
    item_id: str
    arm: str
    effort_sent: str | None
    n_requested: int
    n_received: int
    prompt_tokens: int | None
    completion_tokens: int | None
    reasoning_tokens: int | None
    latency_ms: float
    retries: int


@dataclass
class RunResult:
    """Everything a run produced; what the record file stores and the charts read."""

    spec: ExperimentSpec
    model: str
    base_url: str
    simulated: bool
    items: tuple[TaskItem, ...]
    instructions: str
    status: str = "pending"  # pending | running | complete | stopped | failed
    samples: list[SampleRecord] = field(default_factory=list)
    requests: list[RequestRecord] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    n_honoured: bool | None = None
    started_utc: str = ""
    finished_utc: str = ""

    @property
    def arms(self) -> tuple[str, ...]:
        return tuple(arm_label(e) for e in self.spec.efforts)

    def copy(self) -> RunResult:
        return dataclasses.replace(self, samples=list(self.samples), requests=list(self.requests),
                                   errors=list(self.errors), notes=list(self.notes))


@dataclass
class _Job:
    arm: str
    effort: str | None
    item: TaskItem
    n: int


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class Run:
    """One experiment against one endpoint; :meth:`start` runs it in a background thread."""

    def __init__(
        self, client: LiveClient, spec: ExperimentSpec, taskset: TaskSet, config: LiveConfig
    ) -> None:
        problems = cap_problems(estimate(spec, taskset), config)
        if problems:
            raise LiveError("cap", " ".join(problems))
        ep = client.endpoint
        self.client, self.spec, self.taskset, self.config = client, spec, taskset, config
        self.result = RunResult(spec=spec, model=ep.model, base_url=clean_base_url(ep.base_url),
                                simulated=ep.simulated, items=tuple(taskset.item(i) for i in spec.item_ids),
                                instructions=taskset.instructions)
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._effort_for_arm = {arm_label(e): e for e in spec.efforts}

    # -- control -----------------------------------------------------------------------------------------
    def start(self) -> Run:
        self._thread = threading.Thread(target=self.run, name="live-run", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Send nothing more; requests in flight finish and are kept."""
        self._stop.set()

    def wait(self, timeout_s: float | None = None) -> bool:
        if self._thread is not None:
            self._thread.join(timeout_s)
        return self.done

    @property
    def done(self) -> bool:
        return self.result.status in ("complete", "stopped", "failed")

    def snapshot(self) -> RunResult:
        with self._lock:
            return self.result.copy()

    @property
    def progress(self) -> tuple[int, int]:
        """(samples received, samples planned)."""
        with self._lock:
            return len(self.result.samples), self.spec.total_samples

    # -- the loop ----------------------------------------------------------------------------------------
    def run(self) -> RunResult:
        """Run to the end (or to a stop, error or cap) in the calling thread."""
        with self._lock:
            self.result.status, self.result.started_utc = "running", _now()
        jobs = deque(_Job(arm_label(e), e, self.taskset.item(i), self.spec.samples)
                     for e in self.spec.efforts for i in self.spec.item_ids)
        used_tokens = 0
        sent_samples = 0
        inflight: dict[Future[Reply], tuple[_Job, int]] = {}
        failed = False
        with ThreadPoolExecutor(max_workers=self.config.max_concurrent_requests) as pool:
            while jobs or inflight:
                while jobs and len(inflight) < self.config.max_concurrent_requests and not (
                        self._stop.is_set() or failed):
                    job = jobs.popleft()
                    if job.n > 1 and self.result.n_honoured is False:
                        jobs.extendleft(_Job(job.arm, job.effort, job.item, 1) for _ in range(job.n))
                        continue
                    job.effort = self._effort_for_arm[job.arm]
                    worst = job.n * (self.spec.max_completion_tokens
                                     + prompt_token_estimate(job.item, self.taskset.instructions))
                    reserved = sum(j.n for j, _ in inflight.values()) * self.spec.max_completion_tokens
                    if used_tokens + reserved + worst > self.config.max_total_tokens or \
                            sent_samples + job.n > self.config.max_samples_per_run:
                        self._fail(f"Stopped before exceeding a cap: {used_tokens:,} tokens used of "
                                   f"{self.config.max_total_tokens:,}, {sent_samples} of "
                                   f"{self.config.max_samples_per_run} samples sent. The server reported "
                                   f"more tokens than the token cap allows; results so far are kept.")
                        failed = True
                        break
                    sent_samples += job.n
                    future = pool.submit(self.client.chat, job.item.message(self.taskset.instructions),
                                         n=job.n, reasoning_effort=job.effort,
                                         max_completion_tokens=self.spec.max_completion_tokens,
                                         stream=self.spec.stream, seed=self._seed(sent_samples))
                    inflight[future] = (job, sent_samples)
                if not inflight:
                    break
                finished, _ = wait(inflight, return_when=FIRST_COMPLETED)
                for future in finished:
                    job, _ = inflight.pop(future)
                    try:
                        reply = future.result()
                    except LiveError as err:
                        sent_samples -= job.n
                        if err.kind == "effort_rejected" and self.spec.retry_without_effort \
                                and job.effort is not None:
                            self._drop_effort(job)
                            jobs.appendleft(job)
                            continue
                        failed = True
                        self._fail(err.message)
                        continue
                    except Exception as exc:  # a bug must not leave the run "running" forever
                        failed = True
                        self._fail(redact(f"Unexpected error ({type(exc).__name__}: {exc}); results so far "
                                          f"are kept."))
                        continue
                    used_tokens += self._record(job, reply)
                    sent_samples -= job.n - len(reply.completions)
                    if len(reply.completions) < job.n:
                        jobs.appendleft(_Job(job.arm, job.effort, job.item, job.n - len(reply.completions)))
        with self._lock:
            if self.result.status == "running":
                self.result.status = "stopped" if self._stop.is_set() and len(self.result.samples) < \
                    self.spec.total_samples else "complete"
            self.result.finished_utc = _now()
        return self.result

    def _seed(self, counter: int) -> int | None:
        return None if self.spec.seed is None else self.spec.seed * 1_000_003 + counter

    def _fail(self, message: str) -> None:
        with self._lock:
            if message not in self.result.errors:  # parallel requests often fail the same way
                self.result.errors.append(message)
            self.result.status = "failed"

    def _drop_effort(self, job: _Job) -> None:
        with self._lock:
            if self._effort_for_arm[job.arm] is not None:
                self.result.notes.append(
                    f"{self.result.model} rejected reasoning_effort='{job.effort}'; the '{job.arm}' arm was "
                    f"run without it, so it measures the model's default effort.")
                self._effort_for_arm[job.arm] = None

    def _record(self, job: _Job, reply: Reply) -> int:
        """Store a reply; return the tokens to count against the cap (the worst case if unreported)."""
        u = reply.usage
        with self._lock:
            index = len(self.result.requests)
            if job.n > 1 and len(reply.completions) < job.n and self.result.n_honoured is None:
                self.result.n_honoured = False
                self.result.notes.append(
                    f"The server returned {len(reply.completions)} answer(s) for n={job.n}: it ignores "
                    f"'n', so the remaining samples were sent as separate requests (at most "
                    f"{self.config.max_concurrent_requests} at a time).")
            elif job.n > 1 and self.result.n_honoured is None:
                self.result.n_honoured = True
            self.result.requests.append(RequestRecord(
                index, job.item.id, job.arm, job.effort, job.n, len(reply.completions), u.prompt_tokens,
                u.completion_tokens, u.reasoning_tokens, round(reply.latency_ms, 3), reply.retries))
            for c in reply.completions[: job.n]:
                verdict = check(job.item, c.text)
                ttft = None if c.ttft_ms is None else round(c.ttft_ms, 3)
                self.result.samples.append(SampleRecord(job.item.id, job.arm, index, c.text, verdict.answer,
                                                        verdict.correct, c.finish_reason, ttft))
        if u.prompt_tokens is None or u.completion_tokens is None:
            return job.n * self.spec.max_completion_tokens + prompt_token_estimate(job.item, "")
        _LOG.debug("request %d: %d samples, %d tokens", index, len(reply.completions),
                   u.prompt_tokens + u.completion_tokens)
        return u.prompt_tokens + u.completion_tokens


