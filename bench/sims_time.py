"""(a) Sims compute time per page, at the page's defaults and at its heaviest settings.

Every public function of the ``sims`` package is wrapped with a timer before the app is imported, then
each page is run in-process with Streamlit's AppTest with ``st.cache_data`` cleared, so the time is what a
cache miss costs. Only outermost sims calls are counted (a sim calling another sim is not counted twice),
and the names of the functions each page called are listed: that is how the bench discovers what a page
computes without a hand-kept list. "Heaviest" = every numeric widget at its maximum, unless
``bench/cases.py`` names the settings.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import pkgutil
import statistics
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bench.cases import APP, PageCase


@dataclass
class SimsTiming:
    """Time spent inside ``sims`` during one page run."""

    total_ms: float = 0.0
    calls: dict[str, int] = field(default_factory=lambda: defaultdict(int))


class SimsTimer:
    """Wraps every public ``sims`` function; `measure()` collects the outermost calls' time."""

    def __init__(self) -> None:
        self._local = threading.local()
        self._lock = threading.Lock()
        self.current = SimsTiming()
        self.wrapped: dict[Callable[..., Any], Callable[..., Any]] = {}

    def install(self) -> int:
        import sims

        for mod in pkgutil.iter_modules(sims.__path__):
            importlib.import_module(f"sims.{mod.name}")
        for name, module in list(sys.modules.items()):
            if module is None or not (name == "sims" or name.startswith("sims.")):
                continue
            for attr, obj in list(vars(module).items()):
                if attr.startswith("_") or not inspect.isfunction(obj):
                    continue
                if not getattr(obj, "__module__", "").startswith("sims"):
                    continue
                setattr(module, attr, self._wrap(obj))
        return len(self.wrapped)

    def _wrap(self, fn: Callable[..., Any]) -> Callable[..., Any]:
        if fn in self.wrapped or fn in self.wrapped.values():
            return self.wrapped.get(fn, fn)
        label = f"{fn.__module__.removeprefix('sims.')}.{fn.__name__}"

        @functools.wraps(fn)
        def timed(*args: Any, **kwargs: Any) -> Any:
            depth = getattr(self._local, "depth", 0)
            self._local.depth = depth + 1
            t0 = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self._local.depth = depth
                if depth == 0:
                    with self._lock:
                        self.current.total_ms += (time.perf_counter() - t0) * 1000
                        self.current.calls[label] += 1

        self.wrapped[fn] = timed
        return timed

    def reset(self) -> SimsTiming:
        done, self.current = self.current, SimsTiming()
        return done


def _internal(key: str | None) -> bool:
    """Widgets without a key, or the app's own (``_ui.guess...``: a prediction box), are not settings."""
    return key is None or key.startswith("_")


def _set_heavy(at: Any, case: PageCase) -> list[str]:
    """Put the page's widgets at their heaviest settings; return what was set, for the report."""
    changed: list[str] = []
    if case.heavy:
        for key, value in case.heavy.items():
            at.get_by_key(key).set_value(value)
            changed.append(f"{key}={value}")
        return changed
    for slider in at.slider:
        proto = slider.proto
        if _internal(slider.key) or proto.data_type not in (0, 1):  # INT, FLOAT (not dates)
            continue
        top: float | int = int(proto.max) if proto.data_type == 0 else proto.max
        low = slider.value[0] if isinstance(slider.value, tuple | list) else None
        slider.set_value((low, top) if low is not None else top)
        changed.append(f"{slider.key}={top:g}")
    for sel in at.select_slider:
        if _internal(sel.key) or not sel.options:
            continue
        sel.set_value(sel.options[-1])
        changed.append(f"{sel.key}={sel.options[-1]}")
    for num in at.number_input:
        if _internal(num.key) or not num.proto.has_max:
            continue
        top = num.proto.max
        num.set_value(int(top) if num.proto.data_type == 0 else top)
        changed.append(f"{num.key}={top:g}")
    return changed


def _run(at: Any) -> tuple[Any, str | None]:
    try:
        at.run()
    except Exception as exc:
        return at, f"{type(exc).__name__}: {exc}"[:200]
    if at.exception:
        return at, str(at.exception[0].value)[:200]
    return at, None


def time_page(timer: SimsTimer, case: PageCase, repeats: int) -> dict[str, Any]:
    """Median sims time of `case` at defaults and heaviest settings over `repeats` cold-cache runs."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    page = str(case.script.relative_to(APP.parent))
    out: dict[str, Any] = {"page": case.url_path, "error": None}
    for setting in ("default", "heavy"):
        samples: list[float] = []
        calls: dict[str, int] = {}
        changed: list[str] = []
        for _ in range(repeats):
            at = AppTest.from_file(str(APP), default_timeout=120)
            at.switch_page(page)
            _, err = _run(at)
            if err is None and setting == "heavy":
                changed = _set_heavy(at, case)
                st.cache_data.clear()
                timer.reset()
                _, err = _run(at)
            elif err is None:
                st.cache_data.clear()
                timer.reset()
                _, err = _run(at)
            timing = timer.reset()
            if err:
                out["error"] = f"{setting}: {err}"
                break
            samples.append(timing.total_ms)
            calls = dict(timing.calls)
        out[f"{setting}_ms"] = statistics.median(samples) if samples else None
        out[f"{setting}_calls"] = calls
        if setting == "heavy":
            out["heavy_settings"] = changed
        if out["error"]:
            break
    return out


def run(cases: list[PageCase], repeats: int) -> list[dict[str, Any]]:
    timer = SimsTimer()
    n = timer.install()
    print(f"  wrapped {n} public sims functions")
    return [time_page(timer, case, repeats) for case in cases]
