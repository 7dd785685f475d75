"""``streamlit run`` with timers around each script run and its post-run garbage collection.

Used by ``bench profile`` as ``python -m bench.instrumented_server run SCRIPT [--flags]``. Environment:

- ``BENCH_RUNLOG=path``: append one JSON line per script run: wall and script-thread CPU milliseconds of
  the whole run (``ScriptRunner._run_script``) and of the ``gc.collect`` that ``runner.postScriptGC``
  triggers at its end (measured by timing the ``gc`` module as the script runner sees it, no profiler).
- ``BENCH_GC_FREEZE_AFTER=n``: after the n-th script run, ``gc.collect()`` then ``gc.freeze()`` once, so
  the objects alive after the warm-up (imported modules, Plotly's validators, caches) move to the
  permanent generation and every later post-run ``gc.collect(2)`` only walks what reruns create.
- ``BENCH_CPROFILE=path``: also run cProfile on the script thread for every run after the first
  ``BENCH_CPROFILE_SKIP`` runs (the warm-up that pays for imports) and write the aggregated stats there
  at exit (profiler overhead inflates Python code, so shares are read from the
  timers above and the profile only says where the rest goes).
"""

from __future__ import annotations

import atexit
import cProfile
import gc
import json
import os
import pstats
import threading
import time
import types
from typing import Any

_local = threading.local()
_lock = threading.Lock()


def _install() -> None:
    from streamlit.runtime.scriptrunner import script_runner as sr

    runlog = os.environ.get("BENCH_RUNLOG")
    cprofile_path = os.environ.get("BENCH_CPROFILE")
    agg: list[pstats.Stats] = []
    skip = [int(os.environ.get("BENCH_CPROFILE_SKIP", "0"))]
    freeze_after = [int(os.environ.get("BENCH_GC_FREEZE_AFTER", "0"))]

    def timed_collect(generation: int = 2) -> int:
        w0, c0 = time.perf_counter(), time.thread_time()
        try:
            return gc.collect(generation)
        finally:
            _local.gc_wall_ms = getattr(_local, "gc_wall_ms", 0.0) + (time.perf_counter() - w0) * 1000
            _local.gc_cpu_ms = getattr(_local, "gc_cpu_ms", 0.0) + (time.thread_time() - c0) * 1000

    shim = types.SimpleNamespace(**{n: getattr(gc, n) for n in dir(gc) if not n.startswith("__")})
    shim.collect = timed_collect
    sr.gc = shim  # type: ignore[attr-defined]

    original = sr.ScriptRunner._run_script

    def run_script(self: Any, rerun_data: Any) -> None:
        _local.gc_wall_ms = _local.gc_cpu_ms = 0.0
        with _lock:
            skip[0] -= 1
            prof = cProfile.Profile() if cprofile_path and skip[0] < 0 else None
        w0, c0 = time.perf_counter(), time.thread_time()
        if prof:
            prof.enable()
        try:
            original(self, rerun_data)
        finally:
            if prof:
                prof.disable()
            wall_ms = (time.perf_counter() - w0) * 1000
            cpu_ms = (time.thread_time() - c0) * 1000
            with _lock:
                if freeze_after[0] > 0:
                    freeze_after[0] -= 1
                    if freeze_after[0] == 0:
                        gc.collect()
                        gc.freeze()
                if prof:
                    agg.append(pstats.Stats(prof))
                if runlog:
                    with open(runlog, "a") as fh:
                        fh.write(
                            json.dumps(
                                {
                                    "page": getattr(rerun_data, "page_name", ""),
                                    "wall_ms": wall_ms,
                                    "cpu_ms": cpu_ms,
                                    "gc_wall_ms": _local.gc_wall_ms,
                                    "gc_cpu_ms": _local.gc_cpu_ms,
                                }
                            )
                            + "\n"
                        )

    sr.ScriptRunner._run_script = run_script  # type: ignore[method-assign]

    def dump() -> None:
        if cprofile_path and agg:
            total = agg[0]
            for more in agg[1:]:
                total.add(more)
            total.dump_stats(cprofile_path)

    atexit.register(dump)


def main() -> None:
    _install()
    from streamlit.web.cli import main as cli_main

    cli_main(prog_name="streamlit")


if __name__ == "__main__":
    main()
