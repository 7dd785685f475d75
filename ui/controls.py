"""URL-bound controls that tell the user when a link carried a value they could not use.

Each control is the Streamlit widget with ``bind="query-params"`` (the key is the URL parameter name)
plus one step before the widget is created: look at ``st.query_params[key]`` and, if the value is
garbage or out of range, add a line to the page's notice (``ui.notices``) saying what was expected
and which value is used instead. Streamlit itself drops such values silently.

Keys are namespaced by page: ``"tok.visible"``, ``"bon.n"``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import streamlit as st

from ui import notices

T = TypeVar("T", int, float)


def _label(label: str, unit: str | None) -> str:
    return f"{label} ({unit})" if unit else label


def _raw(key: str) -> str | None:
    if key not in st.query_params:
        return None
    values = st.query_params.get_all(key)
    return values[-1] if values else ""


def check_number(raw: str, min_value: float, max_value: float, *, integer: bool) -> str | None:
    """Why ``raw`` is not a valid value for a numeric control, or None if it is fine.

    Returns the *expected* description used in the notice, e.g. "a whole number from 0 to 20,000".
    """
    kind = "a whole number" if integer else "a number"
    expected = f"{kind} from {min_value:,} to {max_value:,}"
    try:
        number = float(raw)
    except ValueError:
        return expected
    if not math.isfinite(number) or number < min_value or number > max_value:
        return expected
    if integer and not number.is_integer():
        return expected
    return None


def _fmt_used(value: object, unit: str | None) -> str:
    text = f"{value:,}" if isinstance(value, int | float) and not isinstance(value, bool) else str(value)
    return f"{text} {unit}" if unit else text


def slider(
    key: str,
    label: str,
    *,
    min_value: T,
    max_value: T,
    value: T,
    step: T,
    unit: str | None = None,
    help: str | None = None,
    format: str | None = None,
) -> T:
    """A slider bound to ``?<key>=``; integer if all bounds are ints. Returns the current value."""
    return _bound_number(st.slider, key, label, min_value=min_value, max_value=max_value, value=value,
                         step=step, unit=unit, help=help, format=format)


def number(
    key: str,
    label: str,
    *,
    min_value: T,
    max_value: T,
    value: T,
    step: T,
    unit: str | None = None,
    help: str | None = None,
    format: str | None = None,
) -> T:
    """A number input bound to ``?<key>=`` (use for prices and sizes that need exact typing)."""
    return _bound_number(st.number_input, key, label, min_value=min_value, max_value=max_value, value=value,
                         step=step, unit=unit, help=help, format=format)


def _bound_number(
    widget: Callable[..., Any], key: str, label: str, *, min_value: T, max_value: T, value: T, step: T,
    unit: str | None, help: str | None, format: str | None,
) -> T:
    """Check ``?<key>=`` against the bounds (one notice if it is bad), then draw the URL-bound widget."""
    integer = all(isinstance(v, int) for v in (min_value, max_value, value, step))
    raw = _raw(key)
    problem = None if raw is None else check_number(raw, min_value, max_value, integer=integer)
    result = widget(
        _label(label, unit), min_value=min_value, max_value=max_value, value=value, step=step,
        help=help, format=format, key=key, bind="query-params", persist_state="session",
    )
    if problem:
        notices.report(key, raw, problem, _fmt_used(result, unit))
    return result  # type: ignore[no-any-return]


def select(
    key: str,
    label: str,
    options: Sequence[Any],
    *,
    value: Any = None,
    format_func: Callable[[Any], str] = str,
    help: str | None = None,
    horizontal: bool = False,
) -> Any:
    """A select box (or horizontal radio) bound to ``?<key>=``; the URL holds ``format_func(option)``.

    Keep option labels short: they appear in links.
    """
    options = list(options)
    index = options.index(value) if value is not None else 0
    raw = _raw(key)
    valid = {format_func(o) for o in options} | {str(o) for o in options}
    common = dict(options=options, index=index, format_func=format_func, help=help, key=key,
                  bind="query-params", persist_state="session")
    if horizontal:
        result = st.radio(label, horizontal=True, **common)
    else:
        result = st.selectbox(label, **common)
    if raw is not None and raw not in valid:
        shown = ", ".join(f"`{format_func(o)}`" for o in options[:8])
        notices.report(key, raw, f"one of {shown}", format_func(result))
    return result


def text(
    key: str,
    label: str,
    *,
    value: str,
    help: str | None = None,
    validate: Callable[[str], object] | None = None,
) -> str:
    """A text input bound to ``?<key>=``. Returns the text in use.

    ``validate`` is called with the text and raises ``ValueError`` (naming what is wrong) for text
    the page cannot use, e.g. ``sims.revision.parse_verified_scores``. A link's value is checked
    before the widget is made, like every other control; text the student types is bound to the URL
    too, so it goes through the same check. Either way the page's one notice names the value and
    the reason, and ``value`` (the default) is returned instead.
    """
    raw = _raw(key)
    problem = None if raw is None else _text_problem(raw, validate)
    result = st.text_input(label, value=value, help=help, key=key, bind="query-params",
                           persist_state="session")
    text = "" if result is None else str(result)
    if problem is None or text != raw:  # the link's value was fine, or the student has typed since
        raw, problem = text, _text_problem(text, validate)
    if problem:
        notices.report(key, raw, problem, f"`{value}`")
        return value
    return text


def _text_problem(raw: str, validate: Callable[[str], object] | None) -> str | None:
    """The *expected* part of the notice for text ``validate`` rejects, or None if it is usable."""
    if validate is None:
        return None
    try:
        validate(raw)
    except ValueError as error:
        return f"text this page can read ({error})"
    return None


def toggle(
    key: str,
    label: str,
    *,
    value: bool = False,
    help: str | None = None,
) -> bool:
    """An on/off toggle bound to ``?<key>=true|false``."""
    raw = _raw(key)
    result = st.toggle(label, value=value, help=help, key=key, bind="query-params", persist_state="session")
    if raw is not None and raw.lower() not in ("true", "false"):
        notices.report(key, raw, "`true` or `false`", "on" if result else "off")
    return bool(result)
