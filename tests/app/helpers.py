"""Helpers for AppTest page tests: open a page through the entry file, read chart specs, traces,
metrics and text."""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping
from typing import Any

import numpy as np
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT

TIMEOUT_S = 60


def open_page(page_id: str, params: Mapping[str, str] | None = None, *, at: AppTest | None = None) -> AppTest:
    """Run ``app.py`` with URL ``params`` and switch to ``pages/<page_id>.py`` (home needs no switch)."""
    if at is None:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT_S)
        for key, value in (params or {}).items():
            at.query_params[key] = value
    if page_id != "home":
        at.switch_page(f"pages/{page_id}.py")
    return at.run()


def arr(values: Any) -> list[Any]:
    """A Plotly JSON array as a plain list.

    Plotly serialises numpy arrays as typed arrays, ``{"dtype": "f8", "bdata": "<base64>"}`` (with
    ``"shape"`` for 2-D data); plain lists pass through. ``None`` (no such array) gives ``[]``.
    """
    if values is None:
        return []
    if isinstance(values, Mapping) and "bdata" in values:
        flat = np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"])
        shape = values.get("shape")
        if shape:
            dims = [int(d) for d in str(shape).split(",")] if isinstance(shape, str) else list(shape)
            return flat.reshape(dims).tolist()  # type: ignore[no-any-return]
        return flat.tolist()  # type: ignore[no-any-return]
    return list(values)


def chart_specs(at: AppTest) -> list[dict[str, Any]]:
    """Plotly figure specs (dicts with "data" and "layout") of every chart on the page, in order."""
    return [json.loads(el.proto.spec) for el in at.get("plotly_chart")]


def trace_names(spec: Mapping[str, Any]) -> set[str]:
    return {t.get("name", "") for t in spec["data"]}


def traces(spec: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Traces of one chart by name, ``x`` / ``y`` decoded to plain lists (the first trace of a name wins)."""
    out: dict[str, dict[str, Any]] = {}
    for t in spec["data"]:
        out.setdefault(t.get("name", ""), {**t, "x": arr(t.get("x")), "y": arr(t.get("y"))})
    return out


def trace(spec: Mapping[str, Any], name: str) -> dict[str, Any]:
    """The trace called ``name`` with decoded ``x`` / ``y``; KeyError lists the names there are."""
    found = traces(spec)
    if name not in found:
        raise KeyError(f"no trace {name!r}; traces: {sorted(found)}")
    return found[name]


def axis_title(spec: Mapping[str, Any], axis: str = "xaxis") -> str:
    title = spec["layout"].get(axis, {}).get("title", {})
    return str(title.get("text", "")) if isinstance(title, dict) else str(title)


def metrics(at: AppTest) -> dict[str, str]:
    """Every ``st.metric`` on the page: label -> displayed value."""
    return {m.label: m.value for m in at.metric}


def metric(at: AppTest, label: str) -> str:
    """The displayed value of the metric labelled exactly ``label``."""
    for m in at.metric:
        if m.label == label:
            return str(m.value)
    raise KeyError(f"no metric {label!r}; metrics: {sorted(metrics(at))}")


def all_text(at: AppTest) -> str:
    """Every piece of visible text AppTest can see, joined by newlines (for 'number on screen' checks)."""
    parts: list[str] = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "latex", "code", "warning", "info",
                 "success", "error"):
        parts.extend(str(el.value) for el in getattr(at, kind))
    parts.extend(f"{m.label}: {m.value}" for m in at.metric)
    return "\n".join(parts)
