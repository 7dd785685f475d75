"""Shared test configuration."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.chdir(ROOT)


def _keep_navigation_mode_process_wide() -> None:
    """Make AppTest keep Streamlit's multipage mode the way a real server does.

    On a server, ``PagesManager.uses_pages_directory`` is process-wide: the first ``st.navigation``
    call sets it to False for good. AppTest resets it to None before every run, so with a ``pages/``
    folder each run after ``switch_page`` would start in the legacy folder mode and ``ui.page`` would
    rerun through ``app.py``, swallowing the run's button clicks. AppTest assigns the reset through the
    name ``PagesManager`` in its own module; pointing that name at a subclass makes the reset land on
    the subclass, while the script runner keeps reading the real, process-wide flag.
    """
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.testing.v1 import app_test

    class _ServerLikePagesManager(PagesManager):
        pass

    app_test.PagesManager = _ServerLikePagesManager  # type: ignore[misc]


_keep_navigation_mode_process_wide()
