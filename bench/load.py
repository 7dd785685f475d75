"""(b) server rerun time per page and (d) K concurrent sessions, both over the websocket protocol.

(b) One session per page moves its slider `moves` times, one move after another, on a real
``streamlit run`` server; the figure is the time from the rerun request to ``script_finished``.

(d) K sessions connect at once and then, for `duration_s`, each moves its slider, waits for the run to
finish, pauses a random think time and moves again. All K are in flight together (asyncio), so the
server sees truly concurrent reruns. The server's CPU seconds and resident memory come from /proc.
"""

from __future__ import annotations

import asyncio
import random
import statistics
import time
from dataclasses import dataclass, field
from typing import Any

from bench.protocol import RunResult, Session, fetch_xsrf_cookie
from bench.server import proc_cpu_s, proc_rss_bytes


def pct(values: list[float], q: float) -> float | None:
    """The q-th percentile (0-100) by nearest rank; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


async def rerun_times(
    base_url: str, page: str, moves: int, move_key: str | None, gap_s: float = 0.2
) -> dict[str, Any]:
    """Slider moves in one session, `gap_s` apart; median/p95 rerun time and what the page exposed.

    The gap matters: a rerun requested the instant the previous one finished waits ~40 ms inside
    Streamlit (measured on the bare page with the post-run GC off: 49 ms back to back, 11-14 ms with
    50-200 ms between moves), which no user dragging a slider sees.
    """
    session = Session(base_url, page)
    first = await session.connect()
    results: list[RunResult] = []
    for _ in range(moves):
        await asyncio.sleep(gap_s)
        results.append(await session.move(move_key))
    await session.close()
    ok = [r.latency_ms for r in results if r.ok]
    widget = session.pick_widget(move_key)
    changed = len({r.chart_crc for r in results if r.chart_crc})
    return {
        "page": page,
        "first_load_ms": first.latency_ms,
        "first_status": first.status,
        "p50_ms": pct(ok, 50),
        "p95_ms": pct(ok, 95),
        "mean_ms": statistics.fmean(ok) if ok else None,
        "errors": sum(not r.ok for r in results),
        "error_sample": next((r.exceptions or [r.status] for r in results if not r.ok), None),
        "moved": f"{widget.kind} {widget.key}" if widget else "no widget (plain rerun)",
        "widgets": len(session.widgets),
        "distinct_charts": changed,
        "bytes_per_run": statistics.fmean(r.n_bytes for r in results) if results else 0,
    }


@dataclass
class LoadResult:
    k: int
    latencies_ms: list[float] = field(default_factory=list)
    connect_ms: list[float] = field(default_factory=list)
    errors: int = 0
    error_sample: list[str] = field(default_factory=list)
    moves: int = 0
    wall_s: float = 0.0
    cpu_s: float = 0.0
    rss_before_bytes: int = 0
    rss_after_bytes: int = 0
    rss_peak_bytes: int = 0
    rss_samples: list[tuple[float, int]] = field(default_factory=list)  # (seconds since start, bytes)
    client_cpu_s: float = 0.0
    ready: int = 0  # sessions that finished connecting (or failed to)

    def summary(self) -> dict[str, Any]:
        k = max(1, self.k)
        return {
            "k": self.k,
            "moves": self.moves,
            "p50_ms": pct(self.latencies_ms, 50),
            "p95_ms": pct(self.latencies_ms, 95),
            "max_ms": max(self.latencies_ms) if self.latencies_ms else None,
            "connect_p95_ms": pct(self.connect_ms, 95),
            "errors": self.errors,
            "error_sample": self.error_sample[:3],
            "throughput_per_s": self.moves / self.wall_s if self.wall_s else 0.0,
            "server_cpu_cores": self.cpu_s / self.wall_s if self.wall_s else 0.0,
            "cpu_ms_per_move": 1000 * self.cpu_s / self.moves if self.moves else None,
            "rss_mb": self.rss_after_bytes / 2**20,
            "rss_per_session_kb": (self.rss_peak_bytes - self.rss_before_bytes) / 1024 / k,
            "rss_slope_mb_per_min": self.rss_slope_mb_per_min(),
            "client_cpu_cores": self.client_cpu_s / self.wall_s if self.wall_s else 0.0,
        }

    def rss_slope_mb_per_min(self) -> float | None:
        """Least-squares slope of the server's RSS over the second half of the run (MB per minute)."""
        half = [(t, b) for t, b in self.rss_samples if t >= self.wall_s / 2]
        if len(half) < 3:
            return None
        ts = [t for t, _ in half]
        mb = [b / 2**20 for _, b in half]
        t_mean, m_mean = statistics.fmean(ts), statistics.fmean(mb)
        var = sum((t - t_mean) ** 2 for t in ts)
        if var == 0:
            return None
        return 60 * sum((t - t_mean) * (m - m_mean) for t, m in zip(ts, mb, strict=True)) / var


async def _student(
    base_url: str,
    page: str,
    xsrf: str,
    move_key: str | None,
    start: asyncio.Event,
    stop_at: list[float],
    think_s: tuple[float, float],
    rng: random.Random,
    result: LoadResult,
) -> Session | None:
    session = Session(base_url, page)
    try:
        first = await session.connect(xsrf)
    except Exception as exc:
        result.errors += 1
        result.error_sample.append(f"connect: {type(exc).__name__}: {exc}"[:200])
        result.ready += 1
        return None
    result.ready += 1
    result.connect_ms.append(first.latency_ms)
    if not first.ok:
        result.errors += 1
        result.error_sample.append(f"first run: {first.status} {first.exceptions[:1]}")
    await start.wait()
    await asyncio.sleep(rng.uniform(0, think_s[1]))  # students do not all click in the same millisecond
    while time.perf_counter() < stop_at[0]:
        res = await session.move(move_key, step=rng.choice((1, 1, 2, 3)))
        result.moves += 1
        if res.ok:
            result.latencies_ms.append(res.latency_ms)
        else:
            result.errors += 1
            result.error_sample.append(f"{res.status} {res.exceptions[:1]}")
            if res.status == "disconnected":
                return None
        await asyncio.sleep(rng.uniform(*think_s))
    return session


async def run_load(
    base_url: str,
    pid: int,
    pages: list[str],
    k: int,
    *,
    duration_s: float,
    think_s: tuple[float, float] = (0.5, 1.5),
    move_key: str | None = None,
    seed: int = 0,
) -> dict[str, Any]:
    """K concurrent sessions for `duration_s`; latency, errors, server CPU and memory.

    Session i opens ``pages[i % len(pages)]``: one page for a lecture where everyone is on the same
    slide, several for a lab where students wander.
    """
    result = LoadResult(k=k)
    result.rss_before_bytes = proc_rss_bytes(pid)
    xsrf = await asyncio.to_thread(fetch_xsrf_cookie, base_url)
    start = asyncio.Event()
    stop_at = [float("inf")]
    rng = random.Random(seed)
    tasks = [
        asyncio.create_task(
            _student(
                base_url,
                pages[i % len(pages)],
                xsrf,
                move_key,
                start,
                stop_at,
                think_s,
                random.Random(rng.random()),
                result,
            )
        )
        for i in range(k)
    ]
    # Wait for every session to have loaded the page once, then start the clock together.
    while result.ready < k and not all(t.done() for t in tasks):
        await asyncio.sleep(0.05)
    cpu0, client0, t0 = proc_cpu_s(pid), time.process_time(), time.perf_counter()
    stop_at[0] = t0 + duration_s
    start.set()
    peak = proc_rss_bytes(pid)
    while not all(t.done() for t in tasks):
        await asyncio.sleep(0.25)
        rss = proc_rss_bytes(pid)
        result.rss_samples.append((time.perf_counter() - t0, rss))
        peak = max(peak, rss)
    result.wall_s = time.perf_counter() - t0
    result.cpu_s = proc_cpu_s(pid) - cpu0
    result.client_cpu_s = time.process_time() - client0
    result.rss_peak_bytes = max(peak, proc_rss_bytes(pid))
    result.rss_after_bytes = proc_rss_bytes(pid)
    sessions = [t.result() for t in tasks]
    await asyncio.gather(*(s.close() for s in sessions if s is not None), return_exceptions=True)
    return result.summary()
