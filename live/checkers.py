"""Extract the final answer from a model's reply and check it against the task's answer.

A reply is expected to end with a line ``Answer: <value>``; when it does not, the last ``\\boxed{...}``
and then the last non-empty line are tried. The extracted text is put in a canonical form per checker
(integers without separators, dates as ISO ``YYYY-MM-DD``, weekday-like words capitalised) so that equal
answers written differently count as the same vote in a majority vote.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

from live.tasks import TaskItem

__all__ = ["Verdict", "canonical", "check", "extract_final"]

_ANSWER_RE = re.compile(r"(?:final\s+)?answer\s*(?:is)?\s*[:=]\s*(.+)", re.IGNORECASE)
_BOXED_RE = re.compile(r"\\boxed\{([^{}]*)\}")
_NUMBER_RE = re.compile(r"[-+]?(?:\d[\d,_\s]*\d|\d)(?:\.\d+)?|[-+]?\.\d+")
_MONTHS = {m.lower(): i for i, m in enumerate(
    ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
     "November", "December"], start=1)}


@dataclass(frozen=True)
class Verdict:
    """The canonical extracted answer (None when nothing could be read) and whether it is right."""

    answer: str | None
    correct: bool


def extract_final(text: str | None) -> str | None:
    """The raw final-answer text of a reply, or None for an empty reply."""
    if not text or not text.strip():
        return None
    matches = _ANSWER_RE.findall(text)
    if matches:
        raw = matches[-1]
    else:
        boxed = _BOXED_RE.findall(text)
        lines = [ln for ln in text.splitlines() if ln.strip()]
        raw = boxed[-1] if boxed else lines[-1]
    previous = None
    while raw != previous:  # peel markdown emphasis and a closing full stop, in any order
        previous, raw = raw, raw.strip().strip("*_`").rstrip(".")
    return raw or None


def _number(raw: str) -> float | None:
    m = _NUMBER_RE.search(raw.replace("$", ""))
    if not m:
        return None
    digits = re.sub(r"[,_\s]", "", m.group(0))
    try:
        value = float(digits)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _date(raw: str) -> dt.date | None:
    iso = re.search(r"(\d{4})-(\d{1,2})-(\d{1,2})", raw)
    try:
        if iso:
            return dt.date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        words = re.findall(r"[A-Za-z]+|\d+", raw)
        month = next((_MONTHS[w.lower()] for w in words if w.lower() in _MONTHS), None)
        nums = [int(w) for w in words if w.isdigit()]
        year = next((n for n in nums if n > 31), None)
        day = next((n for n in nums if 1 <= n <= 31), None)
        if month and year and day:
            return dt.date(year, month, day)
    except ValueError:
        return None
    return None


def canonical(checker: str, raw: str | None) -> str | None:
    """Canonical form of an extracted answer for ``checker``; None when it cannot be parsed."""
    if raw is None:
        return None
    if checker == "integer":
        value = _number(raw)
        return str(int(value)) if value is not None and value == int(value) else None
    if checker == "number":
        value = _number(raw)
        return None if value is None else f"{value:.10g}"
    if checker == "date":
        date = _date(raw)
        return None if date is None else date.isoformat()
    if checker == "word":
        word = re.search(r"[A-Za-z]+", raw)
        return None if word is None else word.group(0).capitalize()
    raise ValueError(f"checker must be one of integer, number, date, word; got {checker!r}")


def check(item: TaskItem, text: str | None) -> Verdict:
    """Extract the final answer from ``text`` and compare it with ``item.answer``."""
    got = canonical(item.checker, extract_final(text))
    want = canonical(item.checker, item.answer)
    if got is None or want is None:
        return Verdict(answer=got, correct=False)
    if item.checker == "number":
        correct = abs(float(got) - float(want)) <= item.tolerance + 1e-9 * abs(float(want))
    else:
        correct = got == want
    return Verdict(answer=got, correct=correct)
