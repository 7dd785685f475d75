"""Performance bench for the Test-Time Compute Lab: prints figures, never pass/fail.

One command (from the repo root):

    .venv/bin/python -m bench                 # everything, full settings (~30 min on 2 cores)
    .venv/bin/python -m bench --quick         # everything, small and short (~8-12 min)
    .venv/bin/python -m bench server load     # only some sections
    .venv/bin/python -m bench load --ks 1,10,25,50,100 --duration 30
    .venv/bin/python -m bench server load --option runner.postScriptGC=false   # try a config first

Sections (default: all, in this order):
  sims     sims compute time per page at defaults and heaviest settings (AppTest, cold cache)
  server   script rerun time per page over the websocket protocol, ratio to the bare page
  profile  where a rerun's time goes: share of runner.postScriptGC, cProfile top functions
  browser  slider -> chart latency in headless Chromium (p50/p95, first and last redraw), ratio to the
           bare page, to the bare page with as many charts, and to the page's own figures replayed on a
           bare page (bench/figures_app.py); cold start
  plotly   Plotly.js alone on each page's recorded specs: a remount per move (what Streamlit does) against
           an in-place Plotly.react update
  load     K concurrent protocol-level sessions per server: latency, errors, CPU, memory; bare baseline
  gc       runner.postScriptGC on, off, and on + gc.freeze() under load: latency, CPU, memory growth
  capacity students per core, derived from the load figures of this run

Every ratio is against ``bench/baseline_app.py`` (one slider, one Plotly chart) measured in the same
run, interleaved page by page. Servers and clients are on 127.0.0.1 only. Results are also written as
JSON to ``artifacts/bench/`` (the path is printed at the end).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import cases as case_mod
from bench import server as server_mod
from bench.report import ratio, table
from bench.server import PYTHON, ROOT, StreamlitServer

SECTIONS = ["sims", "server", "profile", "browser", "plotly", "load", "gc", "capacity"]
SETTINGS = {
    "quick": {
        "repeats": 1,
        "moves": 8,
        "browser_moves": 4,
        "cold": 1,
        "ks": [1, 5],
        "duration": 4.0,
        "gc_k": 5,
        "gc_duration": 8.0,
    },
    "full": {
        "repeats": 3,
        "moves": 30,
        "browser_moves": 15,
        "cold": 3,
        "ks": [1, 10, 25, 50],
        "duration": 20.0,
        "gc_k": 25,
        "gc_duration": 45.0,
    },
}
# One student dragging a slider: a move, wait for the chart, look for 0.5-1.5 s, move again.
THINK_S = (0.5, 1.5)


def _bare() -> case_mod.PageCase:
    return case_mod.bare_case()


def section_sims(ctx: dict[str, Any]) -> None:
    from bench import sims_time

    rows = sims_time.run(ctx["pages"], ctx["cfg"]["repeats"])
    ctx["out"]["sims"] = rows
    print(
        table(
            "sims compute time per page (ms, outermost sims calls, cold st.cache_data, median of "
            f"{ctx['cfg']['repeats']})",
            ["page", "defaults ms", "heaviest ms", "heaviest settings", "sims called", "error"],
            [
                [
                    r["page"],
                    r.get("default_ms"),
                    r.get("heavy_ms"),
                    " ".join(r.get("heavy_settings", []))[:60],
                    ", ".join(sorted(r.get("heavy_calls") or r.get("default_calls") or {}))[:70],
                    r["error"],
                ]
                for r in rows
            ],
        )
    )
    extra = ROOT / "bench" / "bench_sims.py"
    if extra.exists():
        cmd = [PYTHON, "-m", "bench.bench_sims"]
        if ctx["cfg"]["repeats"] == 1:
            cmd += ["--repeats-scale", "0.25"]
        print(f"\n(module-level sims benchmark, owned by the sims helper: {' '.join(cmd[1:])})")
        proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=900)
        print(proc.stdout[-6000:] or proc.stderr[-2000:])


def section_server(ctx: dict[str, Any]) -> None:
    from bench.load import rerun_times

    moves = ctx["cfg"]["moves"]
    rows: list[list[Any]] = []
    out = []
    with StreamlitServer(_bare().script) as bare, StreamlitServer(case_mod.APP) as app:
        asyncio.run(rerun_times(bare.base_url, "", 3, None))  # warm both processes
        for case in ctx["pages"]:
            base = asyncio.run(rerun_times(bare.base_url, "", moves, "bare.n"))
            res = asyncio.run(rerun_times(app.base_url, case.url_path, moves, case.move))
            res["bare_p50_ms"] = base["p50_ms"]
            res["ratio_p50"] = ratio(res["p50_ms"], base["p50_ms"])
            out.append(res)
            rows.append(
                [
                    case.url_path,
                    res["moved"],
                    res["p50_ms"],
                    res["p95_ms"],
                    base["p50_ms"],
                    res["ratio_p50"],
                    res["first_load_ms"],
                    res["errors"],
                    res["distinct_charts"],
                    res["bytes_per_run"] / 1024,
                    (res["error_sample"] or [""])[0][:60],
                ]
            )
    ctx["out"]["server"] = out
    print(
        table(
            f"server rerun time per page: move -> script_finished, {moves} moves 0.2 s apart, 1 session",
            [
                "page",
                "widget moved",
                "p50 ms",
                "p95 ms",
                "bare p50",
                "x bare",
                "first load ms",
                "errors",
                "charts seen",
                "kB/run",
                "error",
            ],
            rows,
            note="target: x bare <= 1.5 (issue 6). 'charts seen' = distinct chart specs over the moves.",
        )
    )


def section_profile(ctx: dict[str, Any]) -> None:
    import pstats

    from bench.load import rerun_times

    moves = ctx["cfg"]["moves"]
    tmp = Path(tempfile.mkdtemp(prefix="bench-profile-"))
    rows = []
    shares: dict[str, Any] = {}
    for name, script, pages in (("bare", _bare().script, [_bare()]), ("app", case_mod.APP, ctx["pages"])):
        for profiled in (False, True):
            runlog, prof = tmp / f"{name}-{profiled}.jsonl", tmp / f"{name}.prof"
            env = {"BENCH_RUNLOG": str(runlog)}
            if profiled:
                # Skip the warm-up pass below (connect + 1 move per page): it pays for imports.
                env |= {"BENCH_CPROFILE": str(prof), "BENCH_CPROFILE_SKIP": str(2 * len(pages))}
            with StreamlitServer(script, module="bench.instrumented_server", env=env) as srv:
                for case in pages:
                    asyncio.run(rerun_times(srv.base_url, case.url_path, 1, case.move))
                for case in pages:
                    asyncio.run(rerun_times(srv.base_url, case.url_path, moves, case.move))
            if profiled:
                continue
            runs = [json.loads(line) for line in runlog.read_text().splitlines()]
            by_page: dict[str, list[dict[str, float]]] = {}
            for r in runs:
                by_page.setdefault(r["page"] or "(bare)", []).append(r)
            for page, rs in by_page.items():
                rs = rs[1:] or rs  # the first run of a page pays its imports
                cpu = sum(r["cpu_ms"] for r in rs)
                gc_cpu = sum(r["gc_cpu_ms"] for r in rs)
                rows.append(
                    [
                        f"{name}:{page}",
                        len(rs),
                        statistics.median(r["wall_ms"] for r in rs),
                        statistics.median(r["cpu_ms"] for r in rs),
                        statistics.median(r["gc_cpu_ms"] for r in rs),
                        gc_cpu / cpu if cpu else None,
                    ]
                )
                shares[f"{name}:{page}"] = {
                    "runs": len(rs),
                    "gc_share_of_run_cpu": gc_cpu / cpu if cpu else None,
                    "run_cpu_ms_p50": rows[-1][3],
                    "gc_cpu_ms_p50": rows[-1][4],
                }
        stats = pstats.Stats(str(tmp / f"{name}.prof"))
        total = stats.total_tt  # type: ignore[attr-defined]
        groups: dict[str, float] = {}
        for (f, _ln, fn), (_cc, _nc, tt, _ct, _) in stats.stats.items():  # type: ignore[attr-defined]
            key = _package_of(f, fn)
            groups[key] = groups.get(key, 0.0) + tt
        shares[f"{name}:by_package"] = {k: v / total for k, v in groups.items()}
        own = [
            (f"{Path(f).resolve().relative_to(ROOT)}:{ln}({fn})", nc, ct)
            for (f, ln, fn), (_cc, nc, _tt, ct, _) in stats.stats.items()  # type: ignore[attr-defined]
            if f != "~"
            and Path(f).resolve().is_relative_to(ROOT)
            and not f.startswith(str(ROOT / "bench"))
            and Path(f).resolve().relative_to(ROOT).parts[0]
            in ("charts", "ui", "sims", "pages", "content", "quiz")
        ]
        if own:
            print(
                table(
                    f"cProfile, {name}: the app's own functions by cumulative time",
                    ["function", "calls", "cum s", "cum ms per call"],
                    [
                        [fn[:80], nc, ct, 1000 * ct / nc]
                        for fn, nc, ct in sorted(own, key=lambda t: -t[2])[:15]
                    ],
                )
            )
        print(
            table(
                f"cProfile, {name}: own time by package (script thread)",
                ["package", "own s", "share"],
                [[k, v, v / total] for k, v in sorted(groups.items(), key=lambda kv: -kv[1])[:10]],
            )
        )
        top = sorted(stats.stats.items(), key=lambda kv: kv[1][2], reverse=True)[:12]  # type: ignore[attr-defined]
        print(
            table(
                f"cProfile, {name}: top functions by own time (script thread, {total:.2f} s profiled)",
                ["function", "calls", "own s", "share"],
                [
                    [f"{Path(f).name}:{ln}({fn})"[:80], nc, tt, tt / total]
                    for (f, ln, fn), (_cc, nc, tt, _ct, _) in top
                ],
            )
        )
    ctx["out"]["profile"] = shares
    print(
        table(
            "where a rerun goes: runner.postScriptGC (gc.collect(2) after every run) vs the whole run, "
            "script-thread CPU (timers, no profiler)",
            ["server:page", "runs", "run wall ms p50", "run CPU ms p50", "gc CPU ms p50", "gc share of CPU"],
            rows,
        )
    )


async def _survey(base_url: str, pages: list[case_mod.PageCase]) -> dict[str, dict[str, Any]]:
    """Which pages draw a Plotly chart and have a slider (asked over the protocol, no browser)."""
    from bench.protocol import Session

    found = {}
    for case in pages:
        session = Session(base_url, case.url_path)
        first = await session.connect()
        widget = session.pick_widget(case.move)
        found[case.url_path] = {
            "chart": first.chart_ms is not None,
            "slider": widget is not None and widget.kind == "slider",
            "status": first.status,
        }
        await session.close()
    return found


async def _capture_specs(base_url: str, case: case_mod.PageCase, positions: int) -> list[list[str]]:
    """The page's Plotly specs at its start and after each of ``positions - 1`` moves of its slider."""
    from bench.protocol import Session

    session = Session(base_url, case.url_path, keep_specs=True)
    states = [(await session.connect()).chart_specs]
    for _ in range(positions - 1):
        states.append((await session.move(case.move)).chart_specs)
    await session.close()
    return states


SPEC_DIR = ROOT / "artifacts" / "bench" / "specs"


def _record_specs(base_url: str, case: case_mod.PageCase, positions: int) -> Path:
    """Record the page's chart specs over ``positions`` slider positions to ``SPEC_DIR/<page>.json``."""
    SPEC_DIR.mkdir(parents=True, exist_ok=True)
    path = SPEC_DIR / f"{case.url_path}.json"
    path.write_text(json.dumps(asyncio.run(_capture_specs(base_url, case, positions))))
    return path


def _package_of(filename: str, func: str) -> str:
    """Coarse owner of a profiled function: gc, plotly, streamlit, numpy, pandas, the app's own folders."""
    if "gc.collect" in func:
        return "gc.collect (runner.postScriptGC)"
    if filename == "~":
        return "builtins (C)"
    path = Path(filename)
    if "site-packages" in path.parts:
        return path.parts[path.parts.index("site-packages") + 1].split(".")[0]
    try:
        return path.resolve().relative_to(ROOT).parts[0]
    except ValueError:
        return "stdlib / builtins"


def section_browser(ctx: dict[str, Any]) -> None:
    from bench.browser import cold_start, run_latency
    from bench.plotly_update import inplace_app

    moves = ctx["cfg"]["browser_moves"]
    out = []
    with (tempfile.TemporaryDirectory() as tmp, StreamlitServer(_bare().script) as bare,
          StreamlitServer(case_mod.APP) as app, StreamlitServer(ROOT / "bench" / "figures_app.py") as figs,
          StreamlitServer(inplace_app(Path(tmp)), options={"server.enableStaticServing": "true"}) as inplace):
        urls = {"bare": bare.base_url, "app": app.base_url, "figs": figs.base_url,
                "inplace": inplace.base_url}
        survey = asyncio.run(_survey(app.base_url, ctx["pages"]))
        measurable = [c for c in ctx["pages"] if survey[c.url_path]["chart"] and survey[c.url_path]["slider"]]
        plan: list[tuple[str, str, str | None]] = []
        own: list[tuple[str, str, str | None]] = []
        drawn_in_place: list[tuple[str, str, str | None]] = []
        for case in measurable:
            plan += [("bare", "", "bare.n"), ("app", case.url_path, case.move)]
            # The browser bench moves right 5 times, then left 5: positions 0..5 cover every state.
            path = _record_specs(app.base_url, case, min(moves, 5) + 1)
            own.append(("figs", f"?specs={path}", "figs.i"))
            drawn_in_place.append(("inplace", f"?specs={path}", "inplace.i"))
        res = run_latency(plan, urls, moves)
        # The floor for this page's own figures: the same specs on a bare page, no app code.
        names = [c.url_path for c in measurable]
        own_res = dict(zip(names, run_latency(own, urls, moves), strict=True))
        # The same figures kept mounted and updated in place (bench/inplace_app.py): no remount, no wrapper.
        inplace_res = dict(zip(names, run_latency(drawn_in_place, urls, moves), strict=True))
        # The floor for a page that redraws K charts per move: the bare page with K charts, same run.
        ks = sorted({int(r["charts_redrawn"]) for r in res[1::2] if r.get("charts_redrawn", 0) > 1})
        floors = {k: r for k, r in zip(ks, run_latency(
            [("bare", f"?charts={k}", "bare.n") for k in ks], urls, moves), strict=True)}
        for case in ctx["pages"]:
            if case not in measurable:
                what = "no Plotly chart" if not survey[case.url_path]["chart"] else "no slider"
                res += [{"page": "", "error": what}, {"page": case.url_path, "error": f"{what} on page"}]
    rows = []
    for i in range(0, len(res), 2):
        base, page = res[i], res[i + 1]
        k = int(page.get("charts_redrawn") or 1)
        floor = floors.get(k, base)
        page["bare_p50_ms"], page["bare_p95_ms"] = base.get("p50_ms"), base.get("p95_ms")
        page["ratio_p50"] = ratio(page.get("p50_ms"), base.get("p50_ms"))
        page["ratio_p95"] = ratio(page.get("p95_ms"), base.get("p95_ms"))
        page["ratio_first_p50"] = ratio(page.get("first_p50_ms"), base.get("p50_ms"))
        page["bare_k_charts_p50_ms"] = floor.get("p50_ms")
        page["ratio_p50_vs_k_charts"] = ratio(page.get("p50_ms"), floor.get("p50_ms"))
        figs_floor = own_res.get(page["page"], {})
        page["own_figures_p50_ms"] = figs_floor.get("p50_ms")
        page["ratio_p50_vs_own_figures"] = ratio(page.get("p50_ms"), figs_floor.get("p50_ms"))
        inplace_floor = inplace_res.get(page["page"], {})
        page["own_figures_in_place_p50_ms"] = inplace_floor.get("p50_ms")
        page["ratio_in_place_vs_bare"] = ratio(inplace_floor.get("p50_ms"), base.get("p50_ms"))
        out.append(page)
        rows.append(
            [
                page["page"],
                f"{page.get('charts_redrawn', '-')}/{page.get('charts', '-')}",
                page.get("p50_ms"),
                page.get("p95_ms"),
                base.get("p50_ms"),
                page["ratio_p50"],
                page["ratio_p95"],
                page.get("first_p50_ms"),
                page["ratio_first_p50"],
                floor.get("p50_ms"),
                page["ratio_p50_vs_k_charts"],
                figs_floor.get("p50_ms"),
                page["ratio_p50_vs_own_figures"],
                inplace_floor.get("p50_ms"),
                page["ratio_in_place_vs_bare"],
                page.get("no_redraw"),
                page.get("exceptions"),
                (page.get("error") or "")[:60],
            ]
        )
    ctx["out"]["browser"] = out
    print(
        table(
            f"browser: ArrowRight on the slider -> last chart redraw (headless Chromium, {moves} moves/page)",
            [
                "page",
                "charts K",
                "p50 ms",
                "p95 ms",
                "bare p50",
                "x bare p50",
                "x bare p95",
                "first p50",
                "x bare first",
                "bare K p50",
                "x bare K",
                "figs p50",
                "x figs",
                "in place p50",
                "in place x bare",
                "no redraw",
                "exceptions",
                "error",
            ],
            rows,
            note="targets: x bare <= 1.5 and p50 < 200 ms (issue 6). 'first' = the first chart that redrew "
            "(what the student sees respond), the other columns the last one (the page settled). "
            "'charts K' = "
            "charts redrawn per move / on the page; 'bare K' = the bare page with K charts under its slider "
            "(bench/baseline_app.py?charts=K), the framework's own floor for K redraws; 'figs' = this page's "
            "own recorded chart specs replayed on a bare page (bench/figures_app.py): Streamlit + Plotly.js "
            "for exactly these figures, no app code; 'in place' = the same figures in charts that stay "
            "mounted and redraw with Plotly.react (bench/inplace_app.py), and that floor over the bare page. "
            "Same run.",
        )
    )
    first_chart_page = next((p for p, v in survey.items() if v["chart"]), ctx["pages"][0].url_path)
    cold = []
    for script, page in ((str(_bare().script.relative_to(ROOT)), ""), ("app.py", first_chart_page)):
        samples = []
        for _ in range(ctx["cfg"]["cold"]):
            try:
                samples.append(cold_start(script, page))
            except Exception as exc:
                samples.append(
                    {"script": script, "page": page, "error": f"{type(exc).__name__}: {exc}"[:200]}
                )
        good = [s for s in samples if "first_chart_s" in s]
        cold.append(
            {
                "script": script,
                "page": page,
                "n": len(good),
                "healthy_s": statistics.median(s["healthy_s"] for s in good) if good else None,
                "first_chart_s": statistics.median(s["first_chart_s"] for s in good) if good else None,
                "error": next((s["error"] for s in samples if "error" in s), None),
            }
        )
    ctx["out"]["cold_start"] = cold
    print(
        table(
            "cold start: spawn `streamlit run` -> /_stcore/health 200 -> first Plotly chart shown (median s)",
            ["script", "page", "runs", "health s", "first chart s", "error"],
            [[c["script"], c["page"], c["n"], c["healthy_s"], c["first_chart_s"], c["error"]] for c in cold],
        )
    )


def _load_one(
    script: Path,
    pages: list[str],
    k: int,
    duration: float,
    options: dict[str, str] | None = None,
    move_key: str | None = None,
    freeze: str = "",
) -> dict[str, Any]:
    from bench.load import rerun_times, run_load

    warm_moves = 2
    env, module = None, "streamlit"
    if freeze:  # gc.freeze() once: after the first script run, or after the warm-up below
        after = 1 if freeze == "first run" else len(set(pages)) * (1 + warm_moves)
        env = {"BENCH_GC_FREEZE_AFTER": str(after)}
        module = "bench.instrumented_server"
    with StreamlitServer(script, options=options, env=env, module=module) as srv:
        for page in dict.fromkeys(pages):  # warm: every page imported and run once, like a running server
            asyncio.run(rerun_times(srv.base_url, page, warm_moves, move_key))
        time.sleep(0.5)
        res = asyncio.run(
            run_load(srv.base_url, srv.pid, pages, k, duration_s=duration, think_s=THINK_S, move_key=move_key)
        )
        res["server_log_tail"] = srv.log_text()[-500:] if res["errors"] else ""
        return res


def _load_targets(ctx: dict[str, Any]) -> list[tuple[str, Path, list[str], str | None]]:
    """(label, script, pages, move key): the bare page, the app with sessions spread over every page, and
    (when the server section ran) the app's slowest page with every session on it, as in a lecture."""
    pages = [c.url_path for c in ctx["pages"]]
    targets: list[tuple[str, Path, list[str], str | None]] = [("bare", _bare().script, [""], "bare.n")]
    targets.append(("app: all pages" if len(pages) > 1 else f"app: {pages[0]}", case_mod.APP, pages, None))
    server = [r for r in ctx["out"].get("server", []) if r.get("p50_ms") is not None]
    if len(pages) > 1 and server:
        worst = max(server, key=lambda r: r["p50_ms"])["page"]
        move = next((c.move for c in ctx["pages"] if c.url_path == worst), None)
        targets.append((f"app: {worst} (slowest)", case_mod.APP, [worst], move))
    return targets


def section_plotly(ctx: dict[str, Any]) -> None:
    from bench.plotly_update import measure

    # Same positions as the browser section: its moves go right up to 5 steps, then back.
    positions = min(ctx["cfg"]["browser_moves"], 5) + 1
    with StreamlitServer(case_mod.APP) as app:
        survey = asyncio.run(_survey(app.base_url, ctx["pages"]))
        files = {c.url_path: _record_specs(app.base_url, c, positions) for c in ctx["pages"]
                 if survey[c.url_path]["chart"] and survey[c.url_path]["slider"]}
    version, out = measure(files, passes=ctx["cfg"]["repeats"] + 1)
    for row in out:
        row["react_vs_remount"] = ratio(row.get("react_p50_ms"), row.get("remount_p50_ms"))
    ctx["out"]["plotly"] = {"plotly_js": version, "pages": out}
    print(table(
        f"plotly: Plotly.js {version} alone, per move on each page's recorded specs (no Streamlit)",
        ["page", "charts", "redrawn", "moves", "remount p50 ms", "in place p50 ms", "in place / remount",
         "error"],
        [[r["page"], r.get("charts"), r.get("charts_redrawn"), r.get("moves"), r.get("remount_p50_ms"),
          r.get("react_p50_ms"), r.get("react_vs_remount"), r.get("error", "")] for r in out],
        note="'remount' = a fresh element and Plotly.newPlot for every changed chart: what Streamlit 1.67 "
        "does, since a chart's element id (its React key) hashes its spec. 'in place' = Plotly.react on the "
        "existing chart. Both include one animation frame. Compare with the browser section: the rest of a "
        "move is Streamlit's chart wrapper, the other elements, and the server.",
    ))


def section_load(ctx: dict[str, Any]) -> None:
    cfg = ctx["cfg"]
    targets = _load_targets(ctx)
    rows, out = [], []
    for k in cfg["ks"]:
        level: dict[str, Any] = {"k": k}
        for label, script, pages, move in targets:
            r = _load_one(script, pages, k, cfg["duration"], move_key=move)
            if label != "bare":
                r["bare_p95_ms"], r["ratio_p95"] = (
                    level["bare"]["p95_ms"],
                    ratio(r["p95_ms"], level["bare"]["p95_ms"]),
                )
            level[label] = r
            rows.append(
                [
                    k,
                    label,
                    r["moves"],
                    r["p50_ms"],
                    r["p95_ms"],
                    r.get("ratio_p95"),
                    r["errors"],
                    r["throughput_per_s"],
                    r["server_cpu_cores"],
                    r["cpu_ms_per_move"],
                    r["rss_mb"],
                    r["rss_per_session_kb"],
                    r["client_cpu_cores"],
                    "; ".join(r["error_sample"])[:60],
                ]
            )
        out.append(level)
    ctx["out"]["load"] = {
        "think_s": THINK_S,
        "duration_s": cfg["duration"],
        "targets": [t[0] for t in targets],
        "runs": out,
    }
    print(
        table(
            f"load: K concurrent websocket sessions, a fresh server per row, {cfg['duration']:.0f} s each, "
            f"a move then {THINK_S[0]}-{THINK_S[1]} s of thinking, again",
            [
                "K",
                "server: pages",
                "moves",
                "p50 ms",
                "p95 ms",
                "x bare p95",
                "errors",
                "moves/s",
                "server cores",
                "CPU ms/move",
                "RSS MB",
                "RSS/session kB",
                "client cores",
                "errors seen",
            ],
            rows,
            note="target: no errors, app p95 <= 1.5 x bare p95 at the same K (issue 6). 'server cores' = "
            "server CPU seconds / wall seconds (GIL-bound near 1 core); 'client cores' = the load "
            "client's own CPU on the same machine.",
        )
    )


GC_MODES = {
    "on (default)": ({"runner.postScriptGC": "true"}, ""),
    "off": ({"runner.postScriptGC": "false"}, ""),
    "on + freeze after 1st run": ({"runner.postScriptGC": "true"}, "first run"),
    "on + freeze after warm-up": ({"runner.postScriptGC": "true"}, "warm-up"),
}


def section_gc(ctx: dict[str, Any]) -> None:
    cfg = ctx["cfg"]
    pages = [c.url_path for c in ctx["pages"]]
    rows, out = [], {}
    for script, name, pg in ((_bare().script, "bare", [""]), (case_mod.APP, "app", pages)):
        for mode, (options, freeze) in GC_MODES.items():
            r = _load_one(
                script,
                pg,
                cfg["gc_k"],
                cfg["gc_duration"],
                options=options,
                move_key="bare.n" if name == "bare" else None,
                freeze=freeze,
            )
            out[f"{name}:{mode}"] = r
            rows.append(
                [
                    name,
                    mode,
                    r["moves"],
                    r["p50_ms"],
                    r["p95_ms"],
                    r["errors"],
                    r["cpu_ms_per_move"],
                    r["server_cpu_cores"],
                    r["rss_mb"],
                    r["rss_slope_mb_per_min"],
                ]
            )
    ctx["out"]["gc"] = out
    print(
        table(
            f"post-run garbage collection: K={cfg['gc_k']} sessions for {cfg['gc_duration']:.0f} s per mode",
            [
                "server",
                "runner.postScriptGC",
                "moves",
                "p50 ms",
                "p95 ms",
                "errors",
                "CPU ms/move",
                "server cores",
                "RSS MB end",
                "RSS slope MB/min (2nd half)",
            ],
            rows,
            note="'freeze': postScriptGC on, but gc.freeze() once (after the server's first script run, or "
            "after every page was visited) puts the heap alive then out of the "
            "collector's reach, so each post-run collection walks only new objects. Turn the GC off only if "
            "RSS stays flat with it off.",
        )
    )


def section_capacity(ctx: dict[str, Any]) -> None:
    load = ctx["out"].get("load")
    if not load:
        print("\n## capacity: needs the load section in the same run")
        return
    think_mean_s = sum(load["think_s"]) / 2
    rows = []
    est = {}
    for which in load["targets"]:
        runs = [level[which] for level in load["runs"]]
        cpu = [r["cpu_ms_per_move"] for r in runs if r["cpu_ms_per_move"]]
        if not cpu:
            continue
        cpu_ms = statistics.median(cpu)
        # Nominal rates, not the measured ones: those drop when the machine is slow and would flatter it.
        moves_per_student_s = 1 / think_mean_s
        # A core kept 70 % busy leaves room for bursts; one Streamlit process is GIL-bound to ~1 core.
        per_core = 0.7 / (moves_per_student_s * cpu_ms / 1000)
        # A calmer class: one move every 5 s per student (read the chart, think, move again).
        per_core_calm = 0.7 / (cpu_ms / 1000 / 5.0)
        ok = [r["k"] for r in runs if r["errors"] == 0 and (r["p95_ms"] or 1e9) <= 1000]
        est[which] = {
            "cpu_ms_per_move": cpu_ms,
            "moves_per_student_s": moves_per_student_s,
            "students_per_core_model": per_core,
            "students_per_core_calm": per_core_calm,
            "largest_k_p95_under_1s": max(ok) if ok else None,
        }
        rows.append([which, cpu_ms, moves_per_student_s, per_core, per_core_calm, max(ok) if ok else None])
    ctx["out"]["capacity"] = est
    print(
        table(
            "capacity: students per core (one Streamlit replica per core)",
            [
                "server: pages",
                "CPU ms/move (median over K)",
                "moves/s per student",
                "students/core @70% CPU",
                "same, 1 move per 5 s",
                "largest K run with p95 < 1 s, 0 errors",
            ],
            rows,
            note=f"model: students/core = 0.7 / (moves per student per s x CPU s per move); every student "
            f"drags a slider non-stop (a move every {think_mean_s:.1f} s), a lecture's worst minute.",
        )
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "sections", nargs="*", metavar="SECTION", help=f"any of {', '.join(SECTIONS)} (default: all)"
    )
    parser.add_argument("--quick", action="store_true", help="small counts and short runs (~8-12 min)")
    parser.add_argument(
        "--pages", help="comma-separated URL paths (default: every simulation page in app.py)"
    )
    parser.add_argument("--ks", help="comma-separated K for the load section (default 1,10,25,50)")
    parser.add_argument("--duration", type=float, help="seconds per load run")
    parser.add_argument("--json", type=Path, help="where to write the JSON results")
    parser.add_argument(
        "--option",
        action="append",
        default=[],
        metavar="SECTION.NAME=VALUE",
        help="Streamlit option for every server of the run (bare and app), e.g. runner.postScriptGC=false",
    )
    args = parser.parse_args(argv)

    cfg = dict(SETTINGS["quick" if args.quick else "full"])
    if args.ks:
        cfg["ks"] = [int(k) for k in args.ks.split(",")]
        if any(k < 1 or k > 500 for k in cfg["ks"]):
            raise SystemExit("--ks: each K must be between 1 and 500")
    if args.duration:
        if not 1 <= args.duration <= 600:
            raise SystemExit("--duration: must be between 1 and 600 seconds")
        cfg["duration"] = args.duration
    for item in args.option:
        name, sep, value = item.partition("=")
        if not sep or "." not in name:
            raise SystemExit(f"--option: expected SECTION.NAME=VALUE, got {item!r}")
        server_mod.EXTRA_OPTIONS[name] = value
    unknown = set(args.sections) - {*SECTIONS, "all"}
    if unknown:
        raise SystemExit(f"sections: unknown {sorted(unknown)}; choose from {', '.join(SECTIONS)}")
    chosen = args.sections or ["all"]
    sections = list(SECTIONS) if "all" in chosen else [s for s in SECTIONS if s in chosen]
    if "capacity" in sections and "load" not in sections:
        sections.insert(sections.index("capacity"), "load")
    pages = case_mod.sim_pages(args.pages.split(",") if args.pages else None)
    ctx: dict[str, Any] = {
        "cfg": cfg,
        "pages": pages,
        "out": {"cfg": cfg, "pages": [p.url_path for p in pages], "options": dict(server_mod.EXTRA_OPTIONS)},
    }
    cmd = " ".join([".venv/bin/python -m bench", *(argv if argv is not None else sys.argv[1:])])
    print(
        f"# bench: {cmd}\n# {time.strftime('%Y-%m-%d %H:%M:%S')}, {os.cpu_count()} cores, "
        f"pages: {', '.join(p.url_path for p in pages)}\n"
        f"# streamlit options on top of .streamlit/config.toml: {server_mod.EXTRA_OPTIONS or 'none'}"
    )
    ctx["out"]["command"] = cmd
    for name in sections:
        t0 = time.perf_counter()
        try:
            globals()[f"section_{name}"](ctx)
        except Exception as exc:  # one broken section must not hide the others' figures
            print(f"\n## {name}: failed: {type(exc).__name__}: {exc}")
            ctx["out"][f"{name}_error"] = f"{type(exc).__name__}: {exc}"
        print(f"({name}: {time.perf_counter() - t0:.0f} s)")
    path = args.json or ROOT / "artifacts" / "bench" / f"bench-{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(ctx["out"], indent=1, default=str))
    print(f"\nJSON: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
