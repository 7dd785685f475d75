"""The mastery page renders every item's "Learn it" link as a working URL: the linked page's URL path,
then ``?scene=<id>``; the URL path is the one st.navigation registered, not a guess from the file name."""

from __future__ import annotations

from collections import Counter
from urllib.parse import parse_qs

from streamlit.testing.v1 import AppTest

import quiz
from tests.conftest import ROOT

BANK = quiz.load_bank()


def _review_of_every_item() -> AppTest:
    """Open the mastery page on a finished full attempt with nothing answered: every item is reviewed."""
    attempt = quiz.build_attempt(BANK, seed=2024, views=list(quiz.VIEWS), mode="full")
    attempt.submit({})
    progress = quiz.Progress()
    progress.start(attempt)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["quiz.progress"] = progress
    at.session_state["quiz.how"] = "all"
    at.run()
    at.switch_page("pages/mastery.py")
    return at.run()


def test_every_learn_it_link_opens_its_page_at_its_scene():
    at = _review_of_every_item()
    assert not at.exception
    # Nothing but the review renders page links on this page; collect (url path, query) pairs.
    rendered = Counter(
        (link.proto.page, link.proto.query_string)
        for link in at.get("page_link")
        if link.proto.label.startswith("Learn it")
    )
    expected = Counter((item.page, f"scene={item.scene}" if item.scene else "") for item in BANK)
    assert rendered == expected
    for (page, query), _ in rendered.items():
        assert page and "/" not in page  # a URL path registered by st.navigation, e.g. "two_axes"
        href = f"/{page}" + (f"?{query}" if query else "")  # what the browser's link points at
        scene = parse_qs(query).get("scene", [""])[0]
        assert any(href == item.link for item in BANK if item.page == page and item.scene == scene)
