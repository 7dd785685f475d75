"""Presenter mode: projector-sized fonts and charts, no sidebar chrome, scenes up front.

The toggle lives in ``app.py``'s sidebar and is bound to ``?present=true``; pages read it through
``is_presenting()``. Because the sidebar is hidden while presenting, ``presenter_bar`` shows an
exit button and previous / next page links at the top of the page.
"""

from __future__ import annotations

import streamlit as st

from ui import state
from ui.nav import neighbours

_CSS = """
<style>
html { font-size: 21px; }
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stDecoration"], [data-testid="stCaptionContainer"], .ttc-secondary { display: none !important; }
[data-testid="stMainBlockContainer"] { max-width: 100% !important; padding: 1.2rem 2.5rem 2rem 2.5rem; }
h1 { font-size: 2.4rem !important; }
[data-testid="stMetricValue"] { font-size: 2.6rem !important; }
</style>
"""


def presenter_toggle() -> bool:
    """The sidebar toggle; call once from ``app.py``."""
    raw = st.query_params.get(state.PRESENT)
    on = st.sidebar.toggle(
        "Presenter mode", key=state.PRESENT, bind="query-params",
        help="For lectures: large fonts, big charts, scenes stepped with Previous / Next. "
        "The setting is in the URL (?present=true).",
    )
    if raw is not None and raw.lower() not in ("true", "false"):
        st.sidebar.caption(f"Ignored `present={raw[:20]}` in the link: use `true` or `false`.")
    return bool(on)


def is_presenting() -> bool:
    return bool(st.session_state.get(state.PRESENT, False))


def _exit() -> None:
    st.session_state[state.PRESENT] = False


def presenter_bar(page_id: str) -> None:
    """CSS for the projector plus exit and page-to-page links; call only when presenting."""
    st.html(_CSS)
    prev_page, next_page = neighbours(page_id)
    left, mid, right = st.columns([2, 2, 1], vertical_alignment="center")
    if prev_page is not None:
        left.page_link(prev_page.path, label=f"◀ {prev_page.title}", query_params={state.PRESENT: "true"})
    if next_page is not None:
        mid.page_link(next_page.path, label=f"{next_page.title} ▶", query_params={state.PRESENT: "true"})
    right.button("Exit presenter mode", icon=":material/close_fullscreen:", key="_ui.exit_present",
                 on_click=_exit, width="stretch")
