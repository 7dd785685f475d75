"""Predict-then-reveal: the student commits a guess before the page shows the answer.

Guesses live in one session-state dict (``ui.state.PREDICTIONS``), so they survive page switches;
the mastery page reads them with ``all_predictions()``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import streamlit as st

from ui import state
from ui.presenter import is_presenting


@dataclass(frozen=True)
class Prediction:
    page: str
    question_id: str
    question: str
    guess: float | str
    actual: float | str  # the answer for the settings on screen when the guess was committed
    unit: str
    correct: bool
    settings: str = ""  # the settings the question was asked under, e.g. "reasoning 1,220 tokens"


def judge(guess: float | str, actual: float | str, *, rel_tol: float, abs_tol: float) -> bool:
    """Number guesses are right within ``rel_tol`` (relative) or ``abs_tol``; choices must match."""
    if isinstance(guess, str) or isinstance(actual, str):
        return str(guess) == str(actual)
    return abs(guess - actual) <= max(rel_tol * abs(actual), abs_tol)


def all_predictions() -> list[Prediction]:
    """Every committed guess of this session, in the order they were made."""
    return list(state.bucket(state.PREDICTIONS).values())


def get_prediction(page_id: str, question_id: str) -> Prediction | None:
    found = state.bucket(state.PREDICTIONS).get((page_id, question_id))
    return found if isinstance(found, Prediction) else None


def is_revealed(page_id: str, question_id: str = "main") -> bool:
    """True once the student committed a guess for this question (so the page may show the answer)."""
    return get_prediction(page_id, question_id) is not None


def _commit(pred_args: dict[str, object], guess_key: str) -> None:
    guess = st.session_state.get(guess_key)
    if guess is None:
        st.toast("Type or pick a guess first, then commit it.", icon=":material/edit:")
        return
    actual = pred_args["actual"]
    correct = judge(guess, actual, rel_tol=pred_args["rel_tol"], abs_tol=pred_args["abs_tol"])  # type: ignore[arg-type]
    p = Prediction(
        page=str(pred_args["page"]), question_id=str(pred_args["qid"]), question=str(pred_args["question"]),
        guess=guess, actual=actual, unit=str(pred_args["unit"]), correct=correct,  # type: ignore[arg-type]
        settings=str(pred_args["settings"]),
    )
    state.bucket(state.PREDICTIONS)[(p.page, p.question_id)] = p


def _forget(page_id: str, question_id: str) -> None:
    state.bucket(state.PREDICTIONS).pop((page_id, question_id), None)


def predict(
    page_id: str,
    question: str,
    *,
    answer: float | str,
    explain: str,
    kind: str = "number",
    options: Sequence[str] = (),
    unit: str = "",
    qid: str = "main",
    settings: str = "",
    fmt: Callable[[float | str], str] = str,
    rel_tol: float = 0.10,
    abs_tol: float = 0.0,
    min_value: float | None = None,
    max_value: float | None = None,
    step: float | None = None,
) -> bool:
    """Ask, take a committed guess, then reveal ``answer`` with ``explain``. Returns True once revealed.

    ``answer`` is computed by the page from sims for the current settings; a number guess is right
    within ``rel_tol`` (default 10%) or ``abs_tol``. ``kind="choice"`` takes ``options`` and an
    ``answer`` that is one of them. Charts stay live; only pass ``revealed`` on to hide the answer.
    """
    if kind not in ("number", "choice"):
        raise ValueError(f"kind must be 'number' or 'choice', got {kind!r}")
    if kind == "choice" and answer not in options:
        raise ValueError(f"answer {answer!r} must be one of options {list(options)}")
    guess_key = f"{state.GUESS_PREFIX}{page_id}.{qid}"
    made = get_prediction(page_id, qid)
    if is_presenting():
        # On a projector the question is asked aloud; keep the chart above the fold.
        box = st.expander(f"Predict first: {question}", icon=":material/psychology_alt:")
    else:
        box = st.container(border=True, key=f"_ui_predict_{page_id}_{qid}")
    with box:
        st.markdown(f":material/psychology_alt: **Predict first.** {question}")
        if made is None:
            args = {"page": page_id, "qid": qid, "question": question, "actual": answer, "unit": unit,
                    "rel_tol": rel_tol, "abs_tol": abs_tol, "settings": settings}
            with st.form(key=f"_ui_predict_form_{page_id}_{qid}", border=False):
                if kind == "number":
                    st.number_input(f"Your guess ({unit})" if unit else "Your guess", key=guess_key,
                                    value=None, min_value=min_value, max_value=max_value, step=step,
                                    placeholder="type a number")
                else:
                    st.radio("Your guess", list(options), index=None, key=guess_key)
                st.form_submit_button("Commit my guess", on_click=_commit, args=(args, guess_key),
                                      type="primary")
            st.caption("The answer stays hidden until you commit. The charts stay live.")
            return False
        verdict = ":green[**Right.**]" if made.correct else ":orange[**Not quite.**]"
        unit_txt = f" {made.unit}" if made.unit else ""
        st.markdown(f"Your guess: **{fmt(made.guess)}{unit_txt}**. Answer: **{fmt(made.actual)}{unit_txt}**"
                    f"{f' (for {made.settings})' if made.settings else ''}. {verdict}")
        if made.actual != answer:
            st.markdown(f"With the settings on screen now the answer is **{fmt(answer)}{unit_txt}**.")
        st.markdown(explain)
        st.button("Guess again", key=f"_ui.predict_again.{page_id}.{qid}", on_click=_forget,
                  args=(page_id, qid), icon=":material/replay:")
    return True
