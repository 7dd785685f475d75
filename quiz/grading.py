"""Grade one answer to one question.

Answer shapes (what the page stores and the export file holds, all JSON-friendly):

- ``single``: the chosen option key (``"a"``, ``"b"``, ...) or ``None``.
- ``multi``: a list of chosen option keys (may be empty).
- ``numeric``: the text the student typed (``"68.4"``, ``"68.4 %"``, ``"1,234"``, ``"2.5e3"``) or a number.
- ``open``: ``{"text": str, "covered": [indexes of the checklist points the student ticked]}``.

Credit is in [0, 1]:

- single: 1 for the right option, else 0.
- multi (partial credit rule): ``max(0, (right picks - wrong picks) / number of right options)``. Ticking
  every box therefore earns nothing more than leaving the wrong ones out, and guessing wildly scores 0.
- numeric: 1 within tolerance (``max(abs_tol, rel_tol * |key|)``), else 0. A wrong value close to a known
  mistake (say ``p * N`` instead of ``1 - (1 - p)^N``) is named, so the feedback can explain it.
- open (self-check): the share of checklist points the student says they covered; nothing for an empty text.

An empty answer (nothing chosen, blank or unparseable text) is ``unanswered`` with credit 0.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from quiz.questions import Question, tolerance_for

__all__ = ["Grade", "grade", "parse_number"]

_NUMBER_RE = re.compile(r"^([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?)\s*([a-z%/]*)$")
_THOUSANDS_RE = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?(?:e[+-]?\d+)?\s*[a-z%/]*$")


@dataclass(frozen=True)
class Grade:
    """The outcome of grading: ``status`` is correct, partial, wrong or unanswered."""

    credit: float
    status: str
    message: str
    mistake: str = ""  # numeric only: name of the recognised mistake
    picked_wrong: tuple[str, ...] = ()  # choice items: keys chosen that are wrong
    missed: tuple[str, ...] = ()  # choice items: right keys not chosen

    @property
    def correct(self) -> bool:
        return self.status == "correct"


def parse_number(text: Any) -> float | None:
    """Read a number a student typed; ``None`` when blank or not a finite number.

    Accepts thousands separators, a leading ``$``, a trailing unit such as ``%`` or ``GiB`` and
    scientific notation. Examples: ``"1,234.5"`` -> 1234.5, ``"68.4 %"`` -> 68.4, ``"2e3"`` -> 2000.0.
    """
    if isinstance(text, bool) or text is None:
        return None
    if isinstance(text, int | float):
        return float(text) if math.isfinite(text) else None
    if not isinstance(text, str):
        return None
    cleaned = text.strip().lower().replace("_", "")
    cleaned = cleaned.removeprefix("$").strip()
    if "," in cleaned:  # only as a thousands separator: "1,5" is ambiguous and refused
        if not _THOUSANDS_RE.match(cleaned):
            return None
        cleaned = cleaned.replace(",", "")
    match = _NUMBER_RE.match(cleaned)
    if match is None:
        return None
    value = float(match.group(1))
    return value if math.isfinite(value) else None


def _choice(question: Question, answer: Any) -> Grade:
    if question.item.kind == "single":
        chosen = {answer} if isinstance(answer, str) and answer else set()
    else:
        chosen = (
            {key for key in answer if isinstance(key, str)}
            if isinstance(answer, list | tuple | set)
            else set()
        )
    valid = {option.key for option in question.options}
    if chosen - valid:
        raise ValueError(f"answer for {question.id!r} names unknown options {sorted(chosen - valid)}")
    if not chosen:
        return Grade(0.0, "unanswered", "No option chosen.", missed=tuple(sorted(question.correct_keys)))
    right = question.correct_keys
    hits, wrong = chosen & right, chosen - right
    missed = tuple(sorted(right - chosen))
    if not wrong and not missed:
        return Grade(1.0, "correct", "Correct.")
    if question.item.kind == "single":
        return Grade(0.0, "wrong", "Not this one.", picked_wrong=tuple(sorted(wrong)), missed=missed)
    credit = max(0.0, (len(hits) - len(wrong)) / len(right))
    status = "partial" if credit > 0 else "wrong"
    message = f"{len(hits)} of {len(right)} right options chosen, {len(wrong)} wrong option(s) chosen."
    return Grade(credit, status, message, picked_wrong=tuple(sorted(wrong)), missed=missed)


def _numeric(question: Question, answer: Any) -> Grade:
    assert question.answer is not None
    value = parse_number(answer)
    if value is None:
        blank = answer is None or (isinstance(answer, str) and not answer.strip())
        return Grade(0.0, "unanswered", "No answer given." if blank else f"{answer!r} is not a number.")
    key = question.answer
    if abs(value - key) <= question.tolerance:
        return Grade(1.0, "correct", f"Correct: {question.format_value(key)}.")
    for name, mistake_value in question.mistake_values.items():
        if abs(value - mistake_value) <= tolerance_for(question.item, mistake_value):
            return Grade(0.0, "wrong", f"The answer is {question.format_value(key)}.", mistake=name)
    return Grade(0.0, "wrong", f"The answer is {question.format_value(key)}.")


def _open(question: Question, answer: Any) -> Grade:
    if not isinstance(answer, Mapping):
        return Grade(0.0, "unanswered", "No answer written.")
    text = answer.get("text", "")
    if not isinstance(text, str) or not text.strip():
        return Grade(0.0, "unanswered", "Write your answer before checking it against the key points.")
    total = len(question.item.checklist)
    covered = {i for i in answer.get("covered", []) if isinstance(i, int) and not isinstance(i, bool)}
    if covered - set(range(total)):
        raise ValueError(f"answer for {question.id!r} ticks checklist points that do not exist")
    credit = len(covered) / total
    status = "correct" if credit == 1 else "partial" if credit > 0 else "wrong"
    return Grade(credit, status, f"You covered {len(covered)} of {total} key points.")


def grade(question: Question, answer: Any) -> Grade:
    """Grade ``answer`` (shape per kind, see the module docstring) against ``question``.

    Raises ValueError when the answer names options or checklist points the question does not have
    (a corrupt import, not a student mistake).
    """
    kind = question.item.kind
    if kind in ("single", "multi"):
        return _choice(question, answer)
    if kind == "numeric":
        return _numeric(question, answer)
    return _open(question, answer)
