"""Task sets with checkable answers, loaded from ``content/tasks/*.json``.

A task set file is JSON with ``format`` = ``"ttc-lab-taskset"``, ``version`` = 1, a ``name``, a ``title``,
a ``description``, the ``instructions`` appended to every prompt and a list of ``items``. Each item has an
``id``, a ``prompt``, the expected ``answer``, a ``checker`` (see :mod:`live.checkers`), an optional
``tolerance`` (number checker) and ``sim`` hints used only by the bundled simulated model: its base chance
``p`` of a right answer at medium effort, its reasoning ``reasoning_tokens`` at medium effort and the wrong
answers it tends to give (``distractors``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "TASKSET_FORMAT",
    "TASKSET_VERSION",
    "TASKS_DIR",
    "SimHints",
    "TaskItem",
    "TaskSet",
    "get_taskset",
    "list_tasksets",
    "load_taskset",
    "parse_taskset",
]

TASKS_DIR = Path(__file__).resolve().parent.parent / "content" / "tasks"
TASKSET_FORMAT = "ttc-lab-taskset"
TASKSET_VERSION = 1
CHECKERS = ("integer", "number", "date", "word")


@dataclass(frozen=True)
class SimHints:
    """How the simulated model behaves on one item (ignored by real endpoints)."""

    p: float
    reasoning_tokens: int
    distractors: tuple[str, ...]


@dataclass(frozen=True)
class TaskItem:
    """One question with a checkable final answer."""

    id: str
    prompt: str
    answer: str
    checker: str
    tolerance: float
    sim: SimHints

    def message(self, instructions: str) -> str:
        """The user message sent to the model: the prompt, a blank line, the answer-format instructions."""
        return f"{self.prompt}\n\n{instructions}" if instructions else self.prompt


@dataclass(frozen=True)
class TaskSet:
    """A named list of items sharing answer-format instructions."""

    name: str
    title: str
    description: str
    instructions: str
    items: tuple[TaskItem, ...]

    def item(self, item_id: str) -> TaskItem:
        for it in self.items:
            if it.id == item_id:
                return it
        raise ValueError(f"item_id {item_id!r} is not in task set {self.name!r}")


def _need(obj: dict[str, object], key: str, kind: type, where: str) -> object:
    if key not in obj:
        raise ValueError(f"{where}: missing field {key!r}")
    value = obj[key]
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise ValueError(f"{where}: field {key!r} must be a {kind.__name__}")
    return value


def _parse_item(raw: object, where: str) -> TaskItem:
    if not isinstance(raw, dict):
        raise ValueError(f"{where}: an item must be a JSON object")
    item_id = str(_need(raw, "id", str, where))
    where = f"{where} item {item_id!r}"
    checker = str(_need(raw, "checker", str, where))
    if checker not in CHECKERS:
        raise ValueError(f"{where}: checker must be one of {', '.join(CHECKERS)}, got {checker!r}")
    tolerance = float(raw.get("tolerance", 0.0))  # type: ignore[arg-type]
    if not tolerance >= 0:
        raise ValueError(f"{where}: tolerance must be >= 0")
    sim_raw = raw.get("sim", {})
    if not isinstance(sim_raw, dict):
        raise ValueError(f"{where}: field 'sim' must be an object")
    p = float(sim_raw.get("p", 0.5))
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"{where}: sim.p must be in [0, 1], got {p}")
    tokens = int(sim_raw.get("reasoning_tokens", 300))
    if tokens < 0:
        raise ValueError(f"{where}: sim.reasoning_tokens must be >= 0")
    distractors = tuple(str(d) for d in sim_raw.get("distractors", []))
    return TaskItem(
        id=item_id,
        prompt=str(_need(raw, "prompt", str, where)),
        answer=str(_need(raw, "answer", str, where)),
        checker=checker,
        tolerance=tolerance,
        sim=SimHints(p=p, reasoning_tokens=tokens, distractors=distractors),
    )


def parse_taskset(doc: object, *, source: str = "task set") -> TaskSet:
    """Validate a decoded task-set document; raise ValueError naming the file and the field."""
    if not isinstance(doc, dict) or doc.get("format") != TASKSET_FORMAT:
        raise ValueError(f"{source}: not a task set (format must be {TASKSET_FORMAT!r})")
    version = doc.get("version")
    if not isinstance(version, int) or not 1 <= version <= TASKSET_VERSION:
        raise ValueError(f"{source}: task-set version must be 1..{TASKSET_VERSION}, got {version!r}")
    items_raw = _need(doc, "items", list, source)
    items = tuple(_parse_item(raw, source) for raw in items_raw)  # type: ignore[attr-defined]
    if not items:
        raise ValueError(f"{source}: items must not be empty")
    ids = [it.id for it in items]
    if len(set(ids)) != len(ids):
        raise ValueError(f"{source}: item ids must be unique")
    return TaskSet(
        name=str(_need(doc, "name", str, source)),
        title=str(doc.get("title", doc["name"])),
        description=str(doc.get("description", "")),
        instructions=str(doc.get("instructions", "")),
        items=items,
    )


def load_taskset(path: str | Path) -> TaskSet:
    """Load and validate one task-set file."""
    path = Path(path)
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"{path.name}: cannot read task set ({type(exc).__name__})") from None
    return parse_taskset(doc, source=path.name)


def list_tasksets(directory: str | Path = TASKS_DIR) -> list[TaskSet]:
    """All task sets in ``directory``, sorted by name."""
    sets = [load_taskset(p) for p in sorted(Path(directory).glob("*.json"))]
    return sorted(sets, key=lambda s: s.name)


def get_taskset(name: str, directory: str | Path = TASKS_DIR) -> TaskSet:
    """The task set called ``name``; ValueError listing the available names otherwise."""
    sets = {s.name: s for s in list_tasksets(directory)}
    if name not in sets:
        raise ValueError(f"task set {name!r} not found; available: {', '.join(sorted(sets))}")
    return sets[name]
