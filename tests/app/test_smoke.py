from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT


def test_entry_renders_home_without_exception():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30).run()
    assert not at.exception
    assert at.title[0].value
