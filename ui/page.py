"""The page scaffold: every simulation page reads top to bottom with these calls.

    ctx = ui.page("hidden_tokens", "Hidden reasoning tokens")   # title, notice slot, scenes, intro
    visible = ui.slider("tok.visible", ...)                     # controls (URL-bound)
    revealed = ui.predict("hidden_tokens", ..., answer=...)     # predict-then-reveal
    ui.chart(fig, chart_id="tok.sweep", alt="...", data=df)     # chart + text alternative + CSV
    ui.what_to_notice([...])                                    # sentences computed from sims results
    ui.show_model([sims.token_bill], citations=[...])           # source + citations
"""

from __future__ import annotations

import functools
import inspect
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from charts.theme import style
from ui import notices, state
from ui.presenter import is_presenting, presenter_bar
from ui.scenes import Scene, apply_scene, scene_picker

CONTENT_DIR = Path(__file__).resolve().parent.parent / "content"
F = TypeVar("F", bound=Callable[..., Any])
MODEL_KEY = "_ui.show_model"  # session key of the "Show the model" expander (open or closed)


@dataclass(frozen=True)
class PageContext:
    id: str
    presenter: bool
    scene: Scene | None


@dataclass(frozen=True)
class Citation:
    """An external number on screen and where it comes from."""

    claim: str
    source: str
    url: str = ""


def content(name: str) -> str:
    """Text of ``content/<name>.md`` (page prose lives there, not in code)."""
    path = CONTENT_DIR / f"{name}.md"
    return path.read_text(encoding="utf-8") if path.exists() else ""


@st.cache_data(show_spinner=False)
def content_rows(name: str, table: str) -> pd.DataFrame:
    """Rows of the array of tables ``[[table]]`` in ``content/<name>.toml`` (data with sources, not code)."""
    with (CONTENT_DIR / f"{name}.toml").open("rb") as f:
        return pd.DataFrame(tomllib.load(f)[table])


def _ensure_app_navigation() -> None:
    """Run through ``app.py`` even when a fresh server's first visitor opens a deep link.

    Streamlit treats a ``pages/`` folder next to the entry file as the legacy multipage layout until
    the entry file first calls ``st.navigation``; a deep link (``/hidden_tokens``) as the very first
    request would then run the page alone, without the app's navigation or presenter toggle.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def page(page_id: str, title: str, *, intro: str | None = None) -> PageContext:
    """Start a page: presenter CSS and bar, title, the URL-notice slot, scenes, intro from content/.

    Call first, before any control. ``intro`` defaults to ``content/<page_id>.md``.
    """
    _ensure_app_navigation()
    presenting = is_presenting()
    run = notices.RunContext(page_id=page_id, presenter=presenting)
    st.session_state[state.RUN] = run
    if presenting:
        presenter_bar(page_id)
    st.title(title)
    run.slot = st.empty()
    applied = apply_scene(page_id)
    text = content(page_id) if intro is None else intro
    if presenting:
        scene = scene_picker(page_id, presenter=True)
        if text:
            with st.expander("Explanation", expanded=False, icon=":material/menu_book:"):
                st.markdown(text)
    else:
        if text:
            st.markdown(text)
        scene = scene_picker(page_id, presenter=False)
    return PageContext(page_id, presenting, scene or applied)


def secondary(markdown: str) -> None:
    """Helpful but secondary text: shown normally, hidden in presenter mode."""
    if not is_presenting():
        st.markdown(markdown)


def cached(fn: F) -> F:
    """``st.cache_data`` for sim calls (pure functions of their arguments)."""
    return st.cache_data(show_spinner=False, max_entries=256)(fn)  # type: ignore[return-value]


def cached_figure(builder: Callable[..., go.Figure], *,
                  hash_funcs: dict[type, Callable[[Any], Any]] | None = None) -> Callable[..., go.Figure]:
    """Cache a chart builder that depends only on its arguments; each call returns a fresh figure.

    The cache holds the figure as a plain dict (``st.cache_data`` would otherwise pickle the figure and
    re-validate every property on the way out); the copy handed back skips validation, since the
    builder's output was validated when it was built. Callers may change the returned figure freely.

    Parameters
    ----------
    builder : callable returning go.Figure
        A ``charts`` function whose figure depends only on its arguments.
    hash_funcs : dict of type to callable, optional
        Passed to ``st.cache_data`` for argument types it cannot hash by itself.

    Returns
    -------
    callable
        Same signature as ``builder``; returns a new ``go.Figure`` on every call.
    """

    @functools.wraps(builder)
    def build_spec(*args: Any, **kwargs: Any) -> dict[str, Any]:
        return builder(*args, **kwargs).to_dict()

    spec = st.cache_data(show_spinner=False, max_entries=256, hash_funcs=hash_funcs)(build_spec)

    @functools.wraps(builder)
    def figure(*args: Any, **kwargs: Any) -> go.Figure:
        return go.Figure(spec(*args, **kwargs), _validate=False)

    return figure


def csv_download(data: pd.DataFrame, *, filename: str, label: str = "Download the chart's data (CSV)",
                 ) -> None:
    st.download_button(label, data.to_csv(index=False).encode("utf-8"), file_name=filename,
                       mime="text/csv", icon=":material/download:", key=f"_ui.csv.{filename}")


def chart(fig: go.Figure, *, chart_id: str, alt: str, data: pd.DataFrame | None = None) -> None:
    """Render a figure sized for the mode, its text alternative, and a CSV download of ``data``.

    ``alt`` is a one or two sentence description of what the chart shows with the key numbers;
    it is also written into the figure's accessible description.
    """
    style(fig, presenter=is_presenting())
    st.plotly_chart(
        fig, theme="streamlit", key=f"_ui.chart.{chart_id}",
        config={"displaylogo": False, "toImageButtonOptions": {
            "format": "png", "filename": chart_id.replace(".", "_"), "scale": 2}},
    )
    st.caption(f":material/description: {alt}")
    if data is not None and not is_presenting():
        csv_download(data, filename=f"{chart_id.replace('.', '_')}.csv")


def what_to_notice(sentences: Sequence[str], *, title: str = "What to notice") -> None:
    """Sentences the page computed from the current numbers, so they stay true as sliders move."""
    if not sentences:
        return
    with st.container(border=True, key="_ui_notice"):
        st.markdown(f"**:material/lightbulb: {title}**")
        st.markdown("\n".join(f"- {s}" for s in sentences))


def show_model(functions: Sequence[Callable[..., Any]], citations: Sequence[Citation]) -> None:
    """'Show the model': the real source of the sim functions used, and a source for every external number.

    The expander tracks its state, so its content (source listings, citations) is built and sent only
    while it is open: a slider move on a page with the model closed re-sends none of it.
    """
    with st.expander("Show the model: the code behind these numbers, and the sources",
                     icon=":material/code:", key=MODEL_KEY, on_change="rerun") as box:
        if not box.open:
            return
        for fn in functions:
            st.markdown(f"`{fn.__module__}.{fn.__qualname__}`")
            st.code(inspect.getsource(fn), language="python")
        if citations:
            st.markdown("**Sources for the numbers on this page**")
            st.markdown("\n".join(
                f"- {c.claim}: {f'[{c.source}]({c.url})' if c.url else c.source}" for c in citations
            ))
