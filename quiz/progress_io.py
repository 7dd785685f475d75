"""Save quiz progress as a JSON file and load it back.

File layout (``format`` and ``version`` come first, so a human can tell what the file is)::

    {
      "format": "ttc-lab.quiz-progress",
      "version": 1,
      "attempts": [
        {"seed": 123456, "mode": "quick", "views": ["scaling", ...], "items": ["scaling.two-axes", ...],
         "answers": {"scaling.two-axes": "b", ...}, "checked": ["scaling.two-axes", ...],
         "score": 0.8}
      ]
    }

Only seeds, item ids and raw answers are authoritative: on import every question is rebuilt from the
bank with its seed and every checked answer is graded again (``score`` is there for people reading
the file). Import is all or nothing: a file that is not ours, comes from a newer format version, or
is corrupt raises :class:`ProgressFileError` with a message for the student, and nothing is changed.
Items the bank no longer has are dropped with a note rather than failing the whole file.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from quiz.attempts import MODES, Attempt, Progress, build_attempt
from quiz.bank import VIEWS, Item, items_by_id

__all__ = [
    "MAX_FILE_BYTES",
    "PROGRESS_FORMAT",
    "PROGRESS_VERSION",
    "ImportResult",
    "ProgressFileError",
    "export_progress",
    "import_progress",
]

PROGRESS_FORMAT = "ttc-lab.quiz-progress"
PROGRESS_VERSION = 1
MAX_FILE_BYTES = 2_000_000


class ProgressFileError(ValueError):
    """A progress file that cannot be imported; the message is meant for the student."""


@dataclass(frozen=True)
class ImportResult:
    progress: Progress
    notes: tuple[str, ...] = ()


def export_progress(progress: Progress) -> str:
    """The progress as pretty JSON text (UTF-8 safe)."""
    attempts = [
        {
            "seed": attempt.seed,
            "mode": attempt.mode,
            "views": list(attempt.views),
            "items": list(attempt.item_ids),
            "answers": {key: value for key, value in attempt.answers.items() if value is not None},
            "checked": [item_id for item_id in attempt.item_ids if item_id in attempt.grades],
            "score": round(attempt.score, 4),
        }
        for attempt in progress.attempts
    ]
    payload = {"format": PROGRESS_FORMAT, "version": PROGRESS_VERSION, "attempts": attempts}
    return json.dumps(payload, indent=2, ensure_ascii=False)


def _corrupt(where: str, problem: str) -> ProgressFileError:
    return ProgressFileError(f"This progress file is damaged ({where}: {problem}); nothing was imported.")


def _expect(value: Any, kind: type | tuple[type, ...], where: str) -> Any:
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise _corrupt(where, f"expected {getattr(kind, '__name__', kind)}, found {type(value).__name__}")
    return value


def _header(data: Any) -> None:
    if not isinstance(data, dict) or data.get("format") != PROGRESS_FORMAT:
        raise ProgressFileError(
            "This is not a Test-Time Compute Lab quiz progress file (its 'format' is not "
            f"{PROGRESS_FORMAT!r}); nothing was imported."
        )
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise _corrupt("version", f"expected a positive integer, found {version!r}")
    if version > PROGRESS_VERSION:
        raise ProgressFileError(
            f"This file was saved by a newer version of the app (format version {version}); this app reads "
            f"version {PROGRESS_VERSION} and older. Nothing was imported."
        )


def _attempt(raw: Any, where: str, index: dict[str, Item], notes: list[str]) -> Attempt | None:
    raw = _expect(raw, dict, where)
    seed = _expect(raw.get("seed"), int, f"{where}.seed")
    mode = raw.get("mode")
    if mode not in MODES:
        raise _corrupt(f"{where}.mode", f"expected one of {list(MODES)}, found {mode!r}")
    views = _expect(raw.get("views"), list, f"{where}.views")
    if not views or any(view not in VIEWS for view in views):
        raise _corrupt(f"{where}.views", f"expected views from {list(VIEWS)}, found {views!r}")
    item_ids = _expect(raw.get("items"), list, f"{where}.items")
    answers = _expect(raw.get("answers", {}), dict, f"{where}.answers")
    checked = _expect(raw.get("checked", []), list, f"{where}.checked")
    if not all(isinstance(item_id, str) for item_id in [*item_ids, *checked]):
        raise _corrupt(f"{where}.items", "item ids must be strings")
    known = [item_id for item_id in dict.fromkeys(item_ids) if item_id in index]
    if len(known) < len(item_ids):
        notes.append(
            f"{where}: {len(item_ids) - len(known)} question(s) no longer in the bank were left out."
        )
    if not known:
        return None
    try:
        attempt = build_attempt(list(index.values()), seed=seed, views=views, mode="retry", item_ids=known)
        attempt.mode = mode
        attempt.answers.update({item_id: answers[item_id] for item_id in known if item_id in answers})
        for item_id in known:
            if item_id in checked:
                attempt.check(item_id, attempt.answers.get(item_id))
    except (ValueError, TypeError) as error:
        raise _corrupt(where, str(error)) from None
    return attempt


def import_progress(text: str | bytes, bank: Sequence[Item]) -> ImportResult:
    """Parse an exported file and rebuild its attempts against ``bank``.

    Raises
    ------
    ProgressFileError
        Not ours, newer version, or corrupt; the message says which. Nothing is returned, so the
        caller's progress is untouched.
    """
    if len(text) > MAX_FILE_BYTES:
        raise ProgressFileError(f"This file is larger than {MAX_FILE_BYTES:,} bytes; nothing was imported.")
    try:
        data = json.loads(text)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise ProgressFileError(
            "This file is not valid JSON, so it is not a progress file saved by "
            "this app (or it was damaged); nothing was imported."
        ) from None
    _header(data)
    raw_attempts = _expect(data.get("attempts"), list, "attempts")
    index = items_by_id(bank)
    notes: list[str] = []
    attempts = [_attempt(raw, f"attempt {i + 1}", index, notes) for i, raw in enumerate(raw_attempts)]
    return ImportResult(Progress([a for a in attempts if a is not None]), tuple(notes))
