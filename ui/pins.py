"""Pins: keep the current curve(s) of a chart as faded ghosts to compare before and after.

The page computes its live curves as ``charts.theme.Curve`` objects, calls ``pin_controls`` (button,
list, clear), and passes the returned ghosts to its chart builder, which draws them with
``charts.theme.add_ghosts``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import streamlit as st

from charts.theme import Curve
from ui import state

MAX_PINS = 4


@dataclass(frozen=True)
class Pin:
    label: str  # the settings when pinned, e.g. "visible 180, reasoning 1,220"
    curves: tuple[Curve, ...]


def pins(chart_id: str) -> list[Pin]:
    found = state.bucket(state.PINS).get(chart_id, [])
    return list(found)


def ghosts(chart_id: str) -> list[Curve]:
    """The pinned curves of ``chart_id``, renamed ``"<curve> @ <settings>"``, oldest first."""
    return [Curve(f"{c.name} @ {p.label}", c.x, c.y, c.yaxis) for p in pins(chart_id) for c in p.curves]


def _pin(chart_id: str, label: str, curves: Sequence[Curve]) -> None:
    bucket = state.bucket(state.PINS)
    kept = [p for p in bucket.get(chart_id, []) if p.label != label]
    bucket[chart_id] = ([*kept, Pin(label, tuple(curves))])[-MAX_PINS:]


def _clear(chart_id: str) -> None:
    state.bucket(state.PINS).pop(chart_id, None)


def pin_controls(chart_id: str, current: Sequence[Curve], *, label: str) -> list[Curve]:
    """'Pin this curve' button, the list of pins and a clear button. Returns the ghosts to draw."""
    cols = st.columns([1, 1, 3], vertical_alignment="center")
    cols[0].button("Pin this curve", key=f"_ui.pin.{chart_id}", icon=":material/push_pin:",
                   on_click=_pin, args=(chart_id, label, tuple(current)),
                   help="Keep the current curve as a faded ghost, then move the sliders to compare.")
    existing = pins(chart_id)
    if existing:
        cols[1].button("Clear pins", key=f"_ui.unpin.{chart_id}", icon=":material/delete_sweep:",
                       on_click=_clear, args=(chart_id,))
        cols[2].caption("Pinned: " + "; ".join(p.label for p in existing))
    return ghosts(chart_id)
