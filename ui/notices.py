"""One friendly notice per page listing every URL parameter that was ignored.

Streamlit silently drops invalid values of URL-bound widgets. The controls in ``ui.controls`` check
``st.query_params`` *before* creating each widget and report problems here; ``ui.page`` created an
empty slot at the top of the page, which is rewritten each time a problem is added.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import streamlit as st

from ui import state


@dataclass(frozen=True)
class UrlIssue:
    param: str
    raw: str
    expected: str
    used: str


@dataclass
class RunContext:
    """Per-run scratch space: which page is running and where its notice goes."""

    page_id: str
    presenter: bool
    slot: Any = None  # st.empty() placeholder at the top of the page
    issues: list[UrlIssue] = field(default_factory=list)


def run_context() -> RunContext | None:
    ctx = st.session_state.get(state.RUN)
    return ctx if isinstance(ctx, RunContext) else None


def report(param: str, raw: object, expected: str, used: object) -> None:
    """Record an ignored URL parameter and (re)draw the page's single notice."""
    ctx = run_context()
    issue = UrlIssue(param, str(raw)[:60], expected, str(used))
    if ctx is None or ctx.slot is None:
        st.warning(_text([issue]), icon=":material/link_off:")
        return
    ctx.issues.append(issue)
    ctx.slot.warning(_text(ctx.issues), icon=":material/link_off:")


def _text(issues: list[UrlIssue]) -> str:
    lines = ["**Some settings in this link could not be used**, so sensible values were used instead:"]
    for i in issues:
        lines.append(f"- `{i.param}={i.raw}`: expected {i.expected}; using **{i.used}**.")
    return "\n".join(lines)
