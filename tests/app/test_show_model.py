"""'Show the model' on every page that has it: closed, nothing of it is built or sent; opened, it lists
the real source of the sim functions and a source for every external number."""

import inspect
import re
from pathlib import Path

import pytest

from tests.app.helpers import open_page
from tests.conftest import ROOT
from ui.page import MODEL_KEY

MODEL_PAGES = sorted(p.stem for p in (ROOT / "pages").glob("*.py")
                     if "ui.show_model(" in p.read_text(encoding="utf-8"))
SOURCES = "**Sources for the numbers on this page**"


def test_every_simulation_page_shows_its_model():
    expected = {"best_of_n", "compute_optimal", "deepseek_r1", "hidden_tokens", "kv_cache", "live_lab",
                "prm_search", "revision", "routing", "ttft", "two_axes"}
    assert set(MODEL_PAGES) == expected


@pytest.mark.parametrize("page_id", MODEL_PAGES)
def test_show_model_is_lazy_and_lists_source_and_sources(page_id):
    at = open_page(page_id)
    assert not at.exception
    label = next(e.label for e in at.expander if e.label.startswith("Show the model"))
    assert label
    assert not at.code, "closed, the model's source listings are not sent"
    assert not [m for m in at.markdown if m.value == SOURCES]

    at.session_state[MODEL_KEY] = True  # what a click on the expander does
    at.run()
    assert not at.exception
    listings = [c.value for c in at.code]
    assert listings, "open, the expander lists the sim functions' source"
    names = [m.value.strip("`") for m in at.markdown if re.fullmatch(r"`[\w.]+`", m.value)]
    assert len(names) == len(listings)
    for name, listing in zip(names, listings, strict=True):
        module, _, qualname = name.rpartition(".")
        obj = __import__(module, fromlist=[qualname])
        for part in qualname.split("."):
            obj = getattr(obj, part)
        assert listing.rstrip() == inspect.getsource(obj).rstrip()
        assert Path(inspect.getsourcefile(obj)).is_relative_to(ROOT)  # our code, not a library's
    sources = [m for m in at.markdown if m.value == SOURCES]
    assert len(sources) == 1
    items = at.markdown[at.markdown.values.index(SOURCES) + 1].value
    assert items.startswith("- ") and ": " in items
