"""Helpers for AppTest page tests: open a page through the entry file, read chart specs and text."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

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


def chart_specs(at: AppTest) -> list[dict[str, Any]]:
    """Plotly figure specs (dicts with "data" and "layout") of every chart on the page, in order."""
    return [json.loads(el.proto.spec) for el in at.get("plotly_chart")]


def trace_names(spec: Mapping[str, Any]) -> set[str]:
    return {t.get("name", "") for t in spec["data"]}


def axis_title(spec: Mapping[str, Any], axis: str = "xaxis") -> str:
    title = spec["layout"].get(axis, {}).get("title", {})
    return str(title.get("text", "")) if isinstance(title, dict) else str(title)


def all_text(at: AppTest) -> str:
    """Every piece of visible text AppTest can see, joined by newlines (for 'number on screen' checks)."""
    parts: list[str] = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "latex", "code", "warning", "info",
                 "success", "error"):
        parts.extend(str(el.value) for el in getattr(at, kind))
    parts.extend(f"{m.label}: {m.value}" for m in at.metric)
    return "\n".join(parts)
