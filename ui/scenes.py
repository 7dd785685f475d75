"""Scenes: named slider presets that tell a page's story, stepped in lectures.

Registry: one file per page, ``content/scenes/<page_id>.toml`` (one file per page so page authors never
edit the same file)::

    [[scene]]
    id = "article"                         # goes in the URL: ?scene=article
    title = "The article's example"
    narration = "180 visible tokens, 1,220 hidden ones: the user sees 13% of what is billed."
    [scene.values]                          # widget key -> value (same type as the widget: 180 not 180.0)
    "tok.visible" = 180

``?scene=<id>`` applies the scene's values to the widgets once, when the scene changes, by writing
``st.session_state`` before the widgets are created; later slider moves are not overwritten. On a
fresh link, parameters given explicitly in the URL win over the scene's values, so a link copied
after moving a slider reopens exactly what was on screen.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import streamlit as st

from ui import notices, state

SCENES_DIR = Path(__file__).resolve().parent.parent / "content" / "scenes"


@dataclass(frozen=True)
class Scene:
    id: str
    title: str
    narration: str
    values: dict[str, Any] = field(default_factory=dict)


def parse_scenes(text: str, *, source: str = "<scenes>") -> tuple[Scene, ...]:
    """Parse and validate a scenes TOML document; raise ValueError naming the problem."""
    data = tomllib.loads(text)
    rows = data.get("scene", [])
    if not isinstance(rows, list):
        raise ValueError(f"{source}: 'scene' must be an array of tables ([[scene]])")
    scenes: list[Scene] = []
    for i, row in enumerate(rows):
        missing = [k for k in ("id", "title", "narration") if not isinstance(row.get(k), str) or not row[k]]
        if missing:
            raise ValueError(f"{source}: scene #{i + 1} needs non-empty string(s) {missing}")
        values = row.get("values", {})
        if not isinstance(values, dict):
            raise ValueError(f"{source}: scene {row['id']!r}: 'values' must be a table")
        if not row["id"].replace("-", "").replace("_", "").isalnum():
            raise ValueError(f"{source}: scene id {row['id']!r} must be letters, digits, '-' or '_'")
        scenes.append(Scene(row["id"], row["title"], row["narration"], dict(values)))
    ids = [s.id for s in scenes]
    if len(set(ids)) != len(ids):
        raise ValueError(f"{source}: scene ids must be unique, got {ids}")
    return tuple(scenes)


@lru_cache(maxsize=64)
def _load(path: Path, mtime: float) -> tuple[Scene, ...]:
    return parse_scenes(path.read_text(encoding="utf-8"), source=str(path.name))


def load_scenes(page_id: str) -> tuple[Scene, ...]:
    """The page's scenes in story order (empty if the page has no scenes file)."""
    path = SCENES_DIR / f"{page_id}.toml"
    if not path.exists():
        return ()
    return _load(path, path.stat().st_mtime)


def _scene_raw() -> str | None:
    if state.SCENE not in st.query_params:
        return None
    values = st.query_params.get_all(state.SCENE)
    return values[-1] if values else ""


def apply_scene(page_id: str) -> Scene | None:
    """Apply the requested scene's widget values (before any widget is created); return that scene."""
    scenes = load_scenes(page_id)
    by_id = {s.id: s for s in scenes}
    raw = _scene_raw()
    if raw and raw not in by_id:
        names = ", ".join(f"`{s}`" for s in by_id) or "none (this page has no scenes)"
        notices.report(state.SCENE, raw, f"a scene of this page: {names}", "your own settings")
    if not scenes:
        return None
    applied = state.bucket(state.SCENE_APPLIED)
    first_visit = page_id not in applied
    if applied.get("_page") != page_id:
        # The 'scene' key may still hold another page's value: start from the URL instead.
        st.session_state[state.SCENE] = raw if raw in by_id else None
    applied["_page"] = page_id
    requested = st.session_state.get(state.SCENE)
    if requested not in by_id:
        requested = None
    if requested != applied.get(page_id):
        if requested is not None:
            for key, value in by_id[requested].values.items():
                if first_visit and key in st.query_params:
                    continue  # an explicit URL value beats the scene on a fresh link
                st.session_state[key] = value
        applied[page_id] = requested
    return by_id.get(requested) if requested else None


def _step(page_id: str, delta: int) -> None:
    ids = [s.id for s in load_scenes(page_id)]
    current = st.session_state.get(state.SCENE)
    i = ids.index(current) if current in ids else (-1 if delta > 0 else len(ids))
    st.session_state[state.SCENE] = ids[max(0, min(len(ids) - 1, i + delta))]


def scene_picker(page_id: str, *, presenter: bool) -> Scene | None:
    """Scene select box (bound to ``?scene=``) with previous / next buttons and the narration."""
    scenes = load_scenes(page_id)
    if not scenes:
        return None
    ids = [s.id for s in scenes]
    by_id = {s.id: s for s in scenes}
    with st.container(border=presenter, key=f"_ui_scenebar_{page_id}"):
        back, pick, fwd = st.columns([1, 4, 1], vertical_alignment="bottom")
        current = st.session_state.get(state.SCENE)
        i = ids.index(current) if current in ids else -1
        back.button("◀ Previous", key="_ui.scene_prev", on_click=_step, args=(page_id, -1),
                    disabled=i <= 0, width="stretch")
        fwd.button("Next ▶", key="_ui.scene_next", on_click=_step, args=(page_id, 1),
                   disabled=i >= len(ids) - 1, width="stretch")
        chosen = pick.selectbox(
            f"Scene ({len(ids)} in this page's story)", ids, index=None, key=state.SCENE,
            placeholder="Your own settings: pick a scene to load a preset",
            bind="query-params",
            help="Scenes are presets that tell this page's story. The scene is in the URL, "
            "so a link opens the lecture at that scene.",
        )
        if chosen in by_id:
            scene = by_id[chosen]
            n = ids.index(chosen) + 1
            st.markdown(f"**Scene {n}/{len(ids)}: {scene.title}**: {scene.narration}")
            return scene
    return None
