"""AppTest for the entry file and the home page: navigation, learning path links, presenter mode."""

from tests.app.helpers import all_text, open_page
from ui.nav import PAGES


def test_home_lists_every_page_in_article_order():
    at = open_page("home")
    assert not at.exception
    links = [el.proto.page for el in at.get("page_link")]
    expected = [p.id for p in PAGES if p.id != "home"]  # proto.page is the url path (file stem)
    assert links[: len(expected)] == expected
    text = all_text(at)
    for word in ("Predict first", "Pin a curve", "Presenter mode", "Scenes", "Show the model"):
        assert word in text
    assert "worked example" in text and "hidden-token example" in text  # numbers live on that page


def test_home_in_presenter_mode_and_garbage_present_param():
    at = open_page("home", {"present": "true"})
    assert not at.exception and at.toggle(key="present").value is True
    at = open_page("home", {"present": "maybe"})
    assert not at.exception and at.toggle(key="present").value is False
    assert "present=maybe" in all_text(at) or any("present=maybe" in c.value for c in at.sidebar.caption)


def test_every_page_file_is_in_navigation_with_a_unique_prefix():
    from pathlib import Path

    from tests.conftest import ROOT

    files = sorted(p.name for p in (ROOT / "pages").glob("*.py"))
    assert sorted(Path(p.path).name for p in PAGES) == files
    prefixes = [p.prefix for p in PAGES]
    assert len(set(prefixes)) == len(prefixes)
