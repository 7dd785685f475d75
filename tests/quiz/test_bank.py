"""The bank: every item valid in every field, rubric coverage, links that exist, malformed banks refused."""

from __future__ import annotations

import copy
import tomllib
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

import quiz
from quiz.bank import BANK_PATH, BankError, parse_bank
from quiz.generators import GENERATORS
from tests.conftest import ROOT

BANK = quiz.load_bank()
RAW = tomllib.loads(BANK_PATH.read_text(encoding="utf-8"))


def test_bank_covers_every_view_kind_and_practice():
    assert len(BANK) >= 40
    views = Counter(item.view for item in BANK)
    assert set(views) == set(quiz.VIEWS) and min(views.values()) >= 4, views
    assert {item.kind for item in BANK} == set(quiz.KINDS)
    assert sum("audit" in item.tags for item in BANK) == 5  # the article's five efficiency-audit tasks
    assert sum("pitfall" in item.tags for item in BANK) >= 5  # one per common pitfall of the article


@pytest.mark.parametrize("item", BANK, ids=lambda item: item.id)
def test_every_item_has_every_field(item: quiz.Item):
    assert item.id and item.view in quiz.VIEWS and item.kind in quiz.KINDS
    assert len(item.prompt) > 20 and len(item.explanation) > 40
    assert (ROOT / "pages" / f"{item.page}.py").exists()
    if item.kind in ("single", "multi"):
        assert all(len(option.why) > 10 for option in item.options)  # every option says why
        assert sum(o.correct for o in item.options) == 1 or item.kind == "multi"
        assert any(not o.correct for o in item.options)
    elif item.kind == "numeric":
        assert item.generator in GENERATORS and item.abs_tol + item.rel_tol > 0
        assert {name for name, _ in item.mistakes} == set(GENERATORS[item.generator].mistakes)
    else:
        assert len(item.checklist) >= 2 and item.model_answer


def test_every_linked_page_is_registered_in_the_app():
    from ui.nav import BY_ID  # app.py builds st.navigation from ui.nav.PAGES

    app = (ROOT / "app.py").read_text(encoding="utf-8")
    assert "groups()" in app or "pages/" in app
    for item in BANK:
        assert item.page in BY_ID, item.id
        assert BY_ID[item.page].path == f"pages/{item.page}.py"


def _scenes_of(page: str) -> list[str] | None:
    """The page's scene ids read straight from its file (independently of quiz.bank), None if no file."""
    path = ROOT / "content" / "scenes" / f"{page}.toml"
    if not path.exists():
        return None
    return [s["id"] for s in tomllib.loads(path.read_text(encoding="utf-8"))["scene"]]


def test_every_link_names_a_scene_of_its_page():
    checked = 0
    for item in BANK:
        scenes = _scenes_of(item.page)
        if scenes is None:  # pages without scenes (the live lab) are linked without one
            assert item.scene == "", (item.id, item.page, item.scene)
        else:
            assert item.scene in scenes, (item.id, item.page, item.scene, scenes)
        checked += 1
    assert checked == len(RAW["item"])  # every item of the file, not only those that happen to have a scene
    # Only pages that are not simulations may go without a scene.
    assert {item.page for item in BANK if not item.scene} <= {"live_lab"}


def test_every_scene_page_is_taught_by_the_quiz():
    with_scenes = {path.stem for path in (ROOT / "content" / "scenes").glob("*.toml")}
    assert with_scenes <= {item.page for item in BANK}, with_scenes - {item.page for item in BANK}


def test_item_link_is_the_page_url_path_and_scene():
    for item in BANK:
        assert item.link == f"/{item.page}" + (f"?scene={item.scene}" if item.scene else ""), item.id
    bare = quiz.Item(**{**BANK[0].__dict__, "scene": ""})
    assert bare.link == f"/{bare.page}"


def test_a_renamed_scene_fails_at_load(tmp_path: Path):
    scenes = tmp_path / "scenes"
    scenes.mkdir()
    for path in (ROOT / "content" / "scenes").glob("*.toml"):
        (scenes / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    victim = next(item for item in BANK if item.scene)
    path = scenes / f"{victim.page}.toml"
    text = path.read_text(encoding="utf-8").replace(f'"{victim.scene}"', '"renamed"')
    path.write_text(text, encoding="utf-8")
    with pytest.raises(BankError) as error:
        parse_bank(RAW, scenes_dir=scenes)
    assert error.value.field == "scene" and victim.scene in str(error.value)


def _minimal() -> dict[str, Any]:
    single = {
        "id": "a.one",
        "view": "scaling",
        "kind": "single",
        "prompt": "Which one is right here?",
        "explanation": "Because it is.",
        "page": "two_axes",
        "scene": "s1",
        "options": [{"text": t, "correct": t == "x", "why": f"why {t}"} for t in ("x", "y", "z")],
    }
    numeric = {
        "id": "a.two",
        "view": "strategy",
        "kind": "numeric",
        "prompt": "p = {p}, N = {n}?",
        "explanation": "1 - (1 - p)^N",
        "page": "best_of_n",
        "scene": "s1",
        "generator": "best_of_n.success",
        "unit": "%",
        "abs_tol": 0.5,
        "mistakes": {k: "why" for k in GENERATORS["best_of_n.success"].mistakes},
    }
    open_item = {
        "id": "a.three",
        "view": "routing",
        "kind": "open",
        "prompt": "Explain.",
        "explanation": "So.",
        "page": "live_lab",
        "checklist": ["one", "two"],
        "model_answer": "This.",
    }
    return {"format": "ttc-lab.quiz-bank", "version": 1, "item": [single, numeric, open_item]}


@pytest.fixture
def scenes_dir(tmp_path: Path) -> Path:
    """Scenes for the minimal bank: two_axes and best_of_n have scenes s1 and s2; other pages none."""
    for page in ("two_axes", "best_of_n"):
        rows = "".join(f'[[scene]]\nid = "{s}"\ntitle = "T"\nnarration = "N"\n' for s in ("s1", "s2"))
        (tmp_path / f"{page}.toml").write_text(rows, encoding="utf-8")
    return tmp_path


def test_minimal_bank_parses(scenes_dir: Path):
    items = parse_bank(_minimal(), scenes_dir=scenes_dir)
    assert [i.id for i in items] == ["a.one", "a.two", "a.three"]
    assert [o.key for o in items[0].options] == ["a", "b", "c"]


def _set(path: tuple[Any, ...], value: Any):
    def mutate(bank: dict[str, Any]) -> None:
        target = bank
        for step in path[:-1]:
            target = target[step]
        if value is _DELETE:
            del target[path[-1]]
        else:
            target[path[-1]] = value

    return mutate


_DELETE = object()
MALFORMED = [
    ("missing id", _set(("item", 0, "id"), _DELETE), "#0", "id"),
    ("bad id", _set(("item", 0, "id"), "Bad Id"), "#0", "id"),
    ("bad view", _set(("item", 0, "view"), "vibes"), "a.one", "view"),
    ("bad kind", _set(("item", 0, "kind"), "essay"), "a.one", "kind"),
    ("unknown field", _set(("item", 0, "colour"), "red"), "a.one", "colour"),
    ("empty prompt", _set(("item", 0, "prompt"), "  "), "a.one", "prompt"),
    ("no explanation", _set(("item", 0, "explanation"), _DELETE), "a.one", "explanation"),
    ("bad page", _set(("item", 0, "page"), "nowhere"), "a.one", "page"),
    ("bad tag", _set(("item", 0, "tags"), ["fun"]), "a.one", "tags"),
    ("unknown scene", _set(("item", 0, "scene"), "s3"), "a.one", "scene"),
    ("missing scene", _set(("item", 1, "scene"), _DELETE), "a.two", "scene"),
    ("empty scene", _set(("item", 0, "scene"), " "), "a.one", "scene"),
    ("scene not a string", _set(("item", 0, "scene"), 3), "a.one", "scene"),
    ("scene of a page without scenes", _set(("item", 2, "scene"), "s1"), "a.three", "scene"),
    ("scene of another page", _set(("item", 0, "page"), "kv_cache"), "a.one", "scene"),
    ("two correct", _set(("item", 0, "options", 1, "correct"), True), "a.one", "options"),
    ("option without why", _set(("item", 0, "options", 2, "why"), _DELETE), "a.one", "options[2].why"),
    ("correct not bool", _set(("item", 0, "options", 0, "correct"), "yes"), "a.one", "options[0].correct"),
    ("too few options", _set(("item", 0, "options"), []), "a.one", "options"),
    ("unknown generator", _set(("item", 1, "generator"), "nope"), "a.two", "generator"),
    ("no tolerance", _set(("item", 1, "abs_tol"), 0), "a.two", "abs_tol"),
    ("negative tolerance", _set(("item", 1, "rel_tol"), -1), "a.two", "rel_tol"),
    ("mistake not explained", _set(("item", 1, "mistakes"), {}), "a.two", "mistakes"),
    ("bad placeholder", _set(("item", 1, "prompt"), "p = {q}?"), "a.two", "prompt"),
    ("bad decimals", _set(("item", 1, "decimals"), 9), "a.two", "decimals"),
    ("open without checklist", _set(("item", 2, "checklist"), ["only one"]), "a.three", "checklist"),
    ("open without model answer", _set(("item", 2, "model_answer"), ""), "a.three", "model_answer"),
    ("options on open item", _set(("item", 2, "options"), []), "a.three", "options"),
    ("duplicate id", _set(("item", 2, "id"), "a.one"), "a.one", "id"),
    ("wrong format", _set(("format",), "other"), "(bank)", "format"),
    ("newer version", _set(("version",), 2), "(bank)", "version"),
    ("no items", _set(("item",), []), "(bank)", "item"),
]


@pytest.mark.parametrize(("name", "mutate", "item_id", "field"), MALFORMED, ids=[m[0] for m in MALFORMED])
def test_malformed_bank_names_item_and_field(name: str, mutate, item_id: str, field: str, scenes_dir: Path):
    bank = copy.deepcopy(_minimal())
    mutate(bank)
    with pytest.raises(BankError) as error:
        parse_bank(bank, scenes_dir=scenes_dir)
    assert (error.value.item_id, error.value.field) == (item_id, field), str(error.value)
    assert item_id in str(error.value) and field in str(error.value)


def test_invalid_toml_file_fails_loudly(tmp_path: Path):
    path = tmp_path / "bank.toml"
    path.write_text('format = "ttc-lab.quiz-bank"\n[[item]\nid = ', encoding="utf-8")
    with pytest.raises(BankError, match="not valid TOML"):
        quiz.load_bank(path)


def test_the_shipped_file_is_what_load_bank_validates():
    assert len(RAW["item"]) == len(BANK)
