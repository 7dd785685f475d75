"""Every session-state key the app uses, in one place.

Widget keys are also URL parameter names (``bind="query-params"``), namespaced by page:
``"<prefix>.<name>"``. Prefixes: home "home.", two_axes "two.", hidden_tokens "tok.", best_of_n "bon.",
revision "rev.", prm_search "prm.", deepseek_r1 "r1.", compute_optimal "co.", routing "route.",
kv_cache "kv.", ttft "ttft.", mastery "quiz.", live_lab "live.".

App-wide URL parameters (short on purpose, they appear in links on slides):

- ``present``: presenter mode toggle (``?present=true``), created in ``app.py``'s sidebar.
- ``scene``: the current page's scene id (``?scene=article``), a select box bound to the URL.

Internal keys start with ``_ui.`` and never reach the URL (listed below). Two pages keep what the user
did in keys of their own, each listed in the page's docstring: the mastery page under ``quiz.`` (attempts,
answers, imported progress; ``pages/mastery.py``) and the live lab under ``_live.`` (finished results,
the running experiment, the session-only API key; ``pages/live_lab.py``).
"""

from __future__ import annotations

from typing import Any

import streamlit as st

PRESENT = "present"
SCENE = "scene"

PREDICTIONS = "_ui.predictions"  # dict[(page_id, question_id), Prediction]: the student's committed guesses
PINS = "_ui.pins"  # dict[chart_id, list[Pin]]: curves pinned as ghosts
SCENE_APPLIED = "_ui.scene_applied"  # dict[page_id, str | None]: last scene whose values were applied
RUN = "_ui.run"  # RunContext of the current script run (notice placeholder, presenter flag)
GUESS_PREFIX = "_ui.guess."  # + "<page>.<question>": the guess input widget before commit

ALL_INTERNAL = (PREDICTIONS, PINS, SCENE_APPLIED, RUN)


def bucket(key: str) -> dict[Any, Any]:
    """The dict stored under ``key`` in session state, created empty on first use."""
    if key not in st.session_state:
        st.session_state[key] = {}
    value: dict[Any, Any] = st.session_state[key]
    return value
