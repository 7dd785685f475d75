"""Load and validate the quiz bank (``content/quiz_bank.toml``).

The bank is data; this module turns it into frozen :class:`Item` objects and refuses a malformed
bank at load time with a :class:`BankError` that names the item id and the field at fault, so a
typo in the bank fails the test suite instead of a student's quiz.
"""

from __future__ import annotations

import re
import string
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from quiz import generators

__all__ = [
    "BANK_FORMAT",
    "BANK_PATH",
    "BANK_VERSION",
    "KINDS",
    "PAGES",
    "SCENES_DIR",
    "TAGS",
    "VIEWS",
    "BankError",
    "Item",
    "Option",
    "load_bank",
    "parse_bank",
]

BANK_PATH = Path(__file__).resolve().parent.parent / "content" / "quiz_bank.toml"
# One scenes file per page (content/scenes/<page>.toml); an item links to one of its page's scenes.
SCENES_DIR = BANK_PATH.parent / "scenes"
BANK_FORMAT = "ttc-lab.quiz-bank"
BANK_VERSION = 1

# The article's seven rubric views, in the article's order, with a short label for the page.
VIEWS: dict[str, str] = {
    "scaling": "Scaling: train vs test-time compute",
    "strategy": "Strategies: traces, best-of-N, revision, search",
    "verifier": "Verifiers: ORM vs PRM, selection",
    "systems": "Systems: hidden tokens, KV cache, TTFT, billing",
    "routing": "Routing",
    "budget": "Budget: effort knobs, inverted U",
    "deepseek": "DeepSeek: R1-Zero vs R1, distillation",
}
KINDS = ("single", "multi", "numeric", "open")
TAGS = ("audit", "pitfall")
# Page file stems under pages/ that an item may link to (checked against app.py by the tests).
PAGES = (
    "two_axes",
    "hidden_tokens",
    "best_of_n",
    "revision",
    "prm_search",
    "deepseek_r1",
    "compute_optimal",
    "routing",
    "kv_cache",
    "ttft",
    "live_lab",
)

_ID_RE = re.compile(r"^[a-z0-9]+(?:[.-][a-z0-9]+)*$")
_COMMON = {"id", "view", "kind", "prompt", "explanation", "page", "scene", "source", "tags"}
_BY_KIND = {
    "single": {"options"},
    "multi": {"options"},
    "numeric": {"generator", "unit", "abs_tol", "rel_tol", "decimals", "mistakes"},
    "open": {"checklist", "model_answer"},
}


class BankError(ValueError):
    """A malformed quiz bank; ``item_id`` and ``field`` say where."""

    def __init__(self, item_id: str, field: str, problem: str) -> None:
        super().__init__(f"quiz bank item {item_id!r}, field {field!r}: {problem}")
        self.item_id = item_id
        self.field = field


@dataclass(frozen=True)
class Option:
    """One choice of a single or multiple select item; ``key`` is stable ("a", "b", ...)."""

    key: str
    text: str
    correct: bool
    why: str


@dataclass(frozen=True)
class Item:
    """One validated bank item. Kind-specific fields are empty for the other kinds."""

    id: str
    view: str
    kind: str
    prompt: str
    explanation: str
    page: str
    scene: str = ""
    source: str = ""
    tags: tuple[str, ...] = ()
    options: tuple[Option, ...] = ()
    generator: str = ""
    unit: str = ""
    abs_tol: float = 0.0
    rel_tol: float = 0.0
    decimals: int = 2
    mistakes: tuple[tuple[str, str], ...] = ()
    checklist: tuple[str, ...] = ()
    model_answer: str = ""

    @property
    def link(self) -> str:
        """Relative URL of the page (and scene) that teaches this item: the page's URL path is its file
        stem (``st.Page`` default), and ``?scene=`` opens that scene (``ui.scenes``)."""
        return f"/{self.page}?scene={self.scene}" if self.scene else f"/{self.page}"


def _scene_ids(page: str, scenes_dir: Path) -> tuple[str, ...] | None:
    """Scene ids of ``page`` in story order, or None when the page has no scenes file."""
    path = scenes_dir / f"{page}.toml"
    if not path.is_file():
        return None
    try:
        rows = tomllib.loads(path.read_text(encoding="utf-8")).get("scene", [])
    except tomllib.TOMLDecodeError as error:
        raise BankError("(scenes)", page, f"{path.name} is not valid TOML: {error}") from None
    if not isinstance(rows, list):
        return ()
    return tuple(str(row.get("id")) for row in rows if isinstance(row, dict))


def _scene(raw: Mapping[str, Any], item_id: str, page: str, scenes_dir: Path) -> str:
    """The item's scene: required and known when the page has scenes, absent when it has none."""
    scene = _text(raw, item_id, "scene", required=False)
    known = _scene_ids(page, scenes_dir)
    if known is None:
        if scene:
            raise BankError(item_id, "scene", f"page {page!r} has no scenes file, so no scene can be linked")
        return ""
    if not scene:
        raise BankError(item_id, "scene", f"is required: link a scene of page {page!r}, one of {list(known)}")
    if scene not in known:
        raise BankError(item_id, "scene", f"unknown scene {scene!r} of page {page!r}; known: {list(known)}")
    return scene


def _text(raw: Mapping[str, Any], item_id: str, field: str, *, required: bool = True, where: str = "") -> str:
    value = raw.get(field, "")
    label = f"{where}.{field}" if where else field
    if not isinstance(value, str):
        raise BankError(item_id, label, f"must be a string, got {type(value).__name__}")
    value = value.strip()
    if required and not value:
        raise BankError(item_id, label, "is required and must not be empty")
    return value


def _number(raw: Mapping[str, Any], item_id: str, field: str) -> float:
    value = raw.get(field, 0.0)
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value < float("inf"):
        raise BankError(item_id, field, f"must be a number >= 0, got {value!r}")
    return float(value)


def _options(raw: Mapping[str, Any], item_id: str, kind: str) -> tuple[Option, ...]:
    entries = raw.get("options")
    if not isinstance(entries, list) or not 3 <= len(entries) <= 8:
        raise BankError(item_id, "options", "must be a list of 3 to 8 options")
    options = []
    for index, entry in enumerate(entries):
        field = f"options[{index}]"
        if not isinstance(entry, dict) or set(entry) - {"text", "correct", "why"}:
            raise BankError(item_id, field, "must be a table with only text, correct, why")
        if not isinstance(entry.get("correct"), bool):
            raise BankError(item_id, f"{field}.correct", "must be true or false")
        options.append(
            Option(
                key=string.ascii_lowercase[index],
                text=_text(entry, item_id, "text", where=field),
                correct=entry["correct"],
                why=_text(entry, item_id, "why", where=field),
            )
        )
    n_correct = sum(option.correct for option in options)
    if kind == "single" and n_correct != 1:
        raise BankError(
            item_id, "options", f"a single choice item needs exactly 1 correct option, has {n_correct}"
        )
    if kind == "multi" and not 1 <= n_correct < len(options):
        raise BankError(
            item_id, "options", "a multiple select item needs at least one right and one wrong option"
        )
    if len({option.text for option in options}) != len(options):
        raise BankError(item_id, "options", "two options have the same text")
    return tuple(options)


def _numeric_fields(raw: Mapping[str, Any], item_id: str, prompt: str) -> dict[str, Any]:
    name = _text(raw, item_id, "generator")
    spec = generators.GENERATORS.get(name)
    if spec is None:
        raise BankError(
            item_id, "generator", f"unknown generator {name!r}; known: {sorted(generators.GENERATORS)}"
        )
    abs_tol, rel_tol = _number(raw, item_id, "abs_tol"), _number(raw, item_id, "rel_tol")
    if abs_tol == 0 and rel_tol == 0:
        raise BankError(item_id, "abs_tol", "a numeric item needs abs_tol or rel_tol > 0")
    decimals = raw.get("decimals", 2)
    if isinstance(decimals, bool) or not isinstance(decimals, int) or not 0 <= decimals <= 6:
        raise BankError(item_id, "decimals", f"must be an integer in [0, 6], got {decimals!r}")
    mistakes = raw.get("mistakes", {})
    if not isinstance(mistakes, dict) or set(mistakes) != set(spec.mistakes):
        raise BankError(
            item_id, "mistakes", f"must explain exactly the generator's mistakes {list(spec.mistakes)}"
        )
    for key, why in mistakes.items():
        if not isinstance(why, str) or not why.strip():
            raise BankError(item_id, f"mistakes.{key}", "must be a non-empty string")
    try:  # fill the template once, so a bad placeholder fails at load and not during a quiz
        prompt.format(**spec.make(0).params)
    except (KeyError, IndexError, ValueError) as error:
        raise BankError(
            item_id, "prompt", f"placeholder does not match generator {name!r}: {error}"
        ) from None
    return {
        "generator": name,
        "unit": _text(raw, item_id, "unit", required=False),
        "abs_tol": abs_tol,
        "rel_tol": rel_tol,
        "decimals": decimals,
        "mistakes": tuple((key, mistakes[key].strip()) for key in spec.mistakes),
    }


def _item(raw: Any, index: int, scenes_dir: Path) -> Item:
    if not isinstance(raw, dict):
        raise BankError(f"#{index}", "item", "must be a table")
    item_id = raw.get("id")
    if not isinstance(item_id, str) or not _ID_RE.match(item_id):
        raise BankError(f"#{index}", "id", f"must be lower-case words joined by '.' or '-', got {item_id!r}")
    kind = raw.get("kind")
    if kind not in KINDS:
        raise BankError(item_id, "kind", f"must be one of {list(KINDS)}, got {kind!r}")
    unknown = set(raw) - _COMMON - _BY_KIND[kind]
    if unknown:
        raise BankError(item_id, sorted(unknown)[0], f"is not a field of a {kind} item")
    if raw.get("view") not in VIEWS:
        raise BankError(item_id, "view", f"must be one of {list(VIEWS)}, got {raw.get('view')!r}")
    if raw.get("page") not in PAGES:
        raise BankError(item_id, "page", f"must be one of {list(PAGES)}, got {raw.get('page')!r}")
    tags = raw.get("tags", [])
    if not isinstance(tags, list) or any(tag not in TAGS for tag in tags):
        raise BankError(item_id, "tags", f"must be a list drawn from {list(TAGS)}, got {tags!r}")
    scene = _scene(raw, item_id, raw["page"], scenes_dir)
    prompt = _text(raw, item_id, "prompt")
    fields: dict[str, Any] = {
        "id": item_id,
        "view": raw["view"],
        "kind": kind,
        "prompt": prompt,
        "explanation": _text(raw, item_id, "explanation"),
        "page": raw["page"],
        "scene": scene,
        "source": _text(raw, item_id, "source", required=False),
        "tags": tuple(tags),
    }
    if kind in ("single", "multi"):
        fields["options"] = _options(raw, item_id, kind)
    elif kind == "numeric":
        fields.update(_numeric_fields(raw, item_id, prompt))
    else:
        checklist = raw.get("checklist")
        if (
            not isinstance(checklist, list)
            or len(checklist) < 2
            or not all(isinstance(point, str) and point.strip() for point in checklist)
        ):
            raise BankError(item_id, "checklist", "must list at least 2 non-empty key points")
        fields["checklist"] = tuple(point.strip() for point in checklist)
        fields["model_answer"] = _text(raw, item_id, "model_answer")
    return Item(**fields)


def parse_bank(data: Mapping[str, Any], *, scenes_dir: Path = SCENES_DIR) -> tuple[Item, ...]:
    """Validate a parsed bank (the TOML as a dict) and return its items in file order.

    Each item's ``scene`` is checked against ``scenes_dir/<page>.toml``: required and known when that
    file exists, absent when it does not.

    Raises
    ------
    BankError
        Naming the item id (or ``#index`` when the id itself is bad) and the field at fault.
    """
    if data.get("format") != BANK_FORMAT:
        raise BankError("(bank)", "format", f"must be {BANK_FORMAT!r}, got {data.get('format')!r}")
    if data.get("version") != BANK_VERSION:
        raise BankError("(bank)", "version", f"must be {BANK_VERSION}, got {data.get('version')!r}")
    raw_items = data.get("item")
    if not isinstance(raw_items, list) or not raw_items:
        raise BankError("(bank)", "item", "the bank has no [[item]] tables")
    items = [_item(raw, index, scenes_dir) for index, raw in enumerate(raw_items)]
    seen: set[str] = set()
    for item in items:
        if item.id in seen:
            raise BankError(item.id, "id", "is used by more than one item")
        seen.add(item.id)
    return tuple(items)


@lru_cache(maxsize=4)
def _load_cached(path: Path, mtime_ns: int) -> tuple[Item, ...]:
    with path.open("rb") as handle:
        try:
            data = tomllib.load(handle)
        except tomllib.TOMLDecodeError as error:
            raise BankError("(bank)", "toml", f"{path.name} is not valid TOML: {error}") from None
    return parse_bank(data)


def load_bank(path: str | Path | None = None) -> tuple[Item, ...]:
    """Return the validated items of the bank at ``path`` (default: ``content/quiz_bank.toml``).

    Example
    -------
    >>> items = load_bank()
    >>> {item.kind for item in items} == {"single", "multi", "numeric", "open"}
    True
    """
    bank_path = Path(path) if path is not None else BANK_PATH
    return _load_cached(bank_path.resolve(), bank_path.stat().st_mtime_ns)


def items_by_id(items: Sequence[Item]) -> dict[str, Item]:
    """Index items by id."""
    return {item.id: item for item in items}
