"""Mastery check: a quiz that teaches. Logic lives in ``quiz/``; this page only reads widgets and renders.

Session state (what the user did; everything else is recomputed):
    quiz.progress    quiz.Progress, every attempt of this session (survives page switches)
    quiz.pos         index of the question shown in one-at-a-time mode
    quiz.setup       True while the "new attempt" form is open over an unfinished attempt
    quiz.imported    id of the last uploaded progress file already imported (so a rerun does not re-import)
    quiz.how         "one" or "all": the flow of the current attempt
    quiz.loaded      lines to show once after a successful import
    quiz.mode / quiz.views / quiz.flow / quiz.seed   the new-attempt form
    quiz.answer.<attempt>.<item>[...]                 answer widgets (persist for the session)
URL: ``?seed=<int>`` fixes the seed of new attempts, so a whole class gets the same questions and numbers.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

import quiz
import ui
from charts.quiz import mastery_chart
from ui.nav import BY_ID

PROGRESS, POS, SETUP, IMPORTED = "quiz.progress", "quiz.pos", "quiz.setup", "quiz.imported"
HOW = "quiz.how"  # the flow chosen when the current attempt started
LOADED = "quiz.loaded"  # message to show after an import (the page reruns to show the imported state)
FLOWS = {"one": "One at a time, with feedback after each", "all": "All questions, then submit"}
MODES = {"quick": f"Quick check ({quiz.QUICK_SIZE} questions)", "full": "Full set"}
STATUS = {"correct": st.success, "partial": st.warning, "wrong": st.error, "unanswered": st.info}

ui.page("mastery", "Mastery check", intro=(
    "Check yourself on the seven views of the article. Every answer explains itself and links to the page "
    "that teaches it; numeric questions draw fresh numbers each attempt and are graded by the same "
    "simulations the pages run."))
bank = quiz.load_bank()


def url_seed() -> int | None:
    raw = st.query_params.get("seed")
    if raw is None:
        return None
    try:
        return quiz.check_seed(int(raw.strip()))
    except ValueError:
        ui.report_bad_input("seed", raw, f"a whole number from 0 to {quiz.SEED_MAX:,}", "a new random seed")
        return None


def answer_key(attempt_no: int, item_id: str, part: str = "") -> str:
    return f"quiz.answer.{attempt_no}.{item_id}{part}"


def start(mode: str, views: list[str], seed: int, item_ids: tuple[str, ...] = ()) -> None:
    kind = "retry" if item_ids else mode
    attempt = quiz.build_attempt(bank, seed=seed, views=views, mode=kind, item_ids=item_ids or None)
    progress.start(attempt)
    st.session_state[POS], st.session_state[SETUP] = 0, False
    st.session_state[HOW] = st.session_state.get("quiz.flow", "one")


def first_unchecked(attempt: quiz.Attempt) -> int:
    unchecked = (i for i, q in enumerate(attempt.questions) if q.id not in attempt.grades)
    return next(unchecked, len(attempt.questions))


def read_answer(q: quiz.Question, n: int) -> Any:
    """The current answer widget value(s) for ``q`` in the shape :func:`quiz.grade` expects."""
    state = st.session_state
    if q.item.kind == "single":
        return state.get(answer_key(n, q.id))
    if q.item.kind == "multi":
        return [o.key for o in q.options if state.get(answer_key(n, q.id, f".{o.key}"))]
    if q.item.kind == "numeric":
        return state.get(answer_key(n, q.id), "")
    covered = [i for i in range(len(q.item.checklist)) if state.get(answer_key(n, q.id, f".c{i}"))]
    return {"text": state.get(answer_key(n, q.id, ".text"), ""), "covered": covered}


def answer_widgets(q: quiz.Question, n: int, *, locked: bool) -> None:
    kw: dict[str, Any] = {"disabled": locked, "persist_state": "session"}
    if q.item.kind == "single":
        st.radio("Your answer", [o.key for o in q.options], index=None, key=answer_key(n, q.id),
                 format_func=lambda k: next(o.text for o in q.options if o.key == k), **kw)
    elif q.item.kind == "multi":
        st.caption("Select all that apply.")
        for o in q.options:
            st.checkbox(o.text, key=answer_key(n, q.id, f".{o.key}"), **kw)
    elif q.item.kind == "numeric":
        unit = f" ({q.item.unit})" if q.item.unit else ""
        st.text_input(f"Your answer{unit}", key=answer_key(n, q.id), placeholder="a number, e.g. 42.5", **kw)
    else:
        text = st.text_area("Your answer", key=answer_key(n, q.id, ".text"), **kw)
        if text.strip():
            st.markdown("**Self-check:** tick each key point your answer covers.")
            for i, point in enumerate(q.item.checklist):
                st.checkbox(point, key=answer_key(n, q.id, f".c{i}"), **kw)
        else:
            st.caption("Write your answer (Ctrl+Enter), then a checklist of key points appears.")


def feedback(q: quiz.Question, g: quiz.Grade) -> None:
    STATUS[g.status](g.message)
    item = q.item
    if item.kind in ("single", "multi"):
        for o in q.options:
            mark = ":green[**right**]" if o.correct else ":red[**wrong**]"
            st.markdown(f"- {mark} {o.text}: {o.why}")
    elif item.kind == "numeric":
        why = dict(item.mistakes)
        if g.mistake:
            st.markdown(f":orange[**Likely slip:**] {why[g.mistake]}")
        st.markdown(f"Accepted within ±{q.format_value(q.tolerance)}.")
        with st.expander("Common slips on this question"):
            st.markdown("\n".join(f"- {text}" for text in why.values()))
    else:
        st.markdown(f"**A model answer:** {item.model_answer}")
        st.markdown("\n".join(f"- {point}" for point in item.checklist))
    st.markdown(f"**Why:** {item.explanation}")
    if item.source:
        st.caption(f"Source: {item.source}")
    info = BY_ID.get(item.page)
    st.page_link(f"pages/{item.page}.py", label=f"Learn it: {info.title if info else item.page}",
                 icon=":material/school:", query_params={"scene": item.scene} if item.scene else None)


def question_card(q: quiz.Question, n: int, number: int, total: int, attempt: quiz.Attempt) -> None:
    with st.container(border=True, key=f"quiz_card_{n}_{q.id.replace('.', '_')}"):
        st.caption(f"Question {number} of {total} · {quiz.VIEWS[q.item.view]}")
        st.markdown(q.prompt)
        graded = attempt.grades.get(q.id)
        answer_widgets(q, n, locked=graded is not None)
        if graded is not None:
            feedback(q, graded)


def one_at_a_time(attempt: quiz.Attempt, n: int) -> None:
    pos = min(st.session_state.get(POS, 0), len(attempt.questions) - 1)
    q = attempt.questions[pos]
    st.progress(len(attempt.grades) / len(attempt.questions), text=f"{len(attempt.grades)} checked")
    question_card(q, n, pos + 1, len(attempt.questions), attempt)
    if q.id not in attempt.grades:
        if st.button("Check my answer", key="quiz.check", type="primary"):
            attempt.check(q.id, read_answer(q, n))
            st.rerun()
    elif st.button("Next question" if pos + 1 < len(attempt.questions) else "See my results",
                   key="quiz.next", type="primary"):
        st.session_state[POS] = pos + 1
        st.rerun()


def all_then_submit(attempt: quiz.Attempt, n: int) -> None:
    for i, q in enumerate(attempt.questions):
        question_card(q, n, i + 1, len(attempt.questions), attempt)
    if not attempt.finished and st.button("Submit all answers", key="quiz.submit", type="primary"):
        attempt.submit({q.id: read_answer(q, n) for q in attempt.questions})
        st.rerun()


def results(attempt: quiz.Attempt) -> None:
    st.subheader("Your results")
    missed = attempt.missed_ids
    c1, c2, c3 = st.columns(3)
    c1.metric("Score", f"{attempt.score:.0%}")
    c2.metric("Fully right", f"{len(attempt.questions) - len(missed)} of {len(attempt.questions)}")
    c3.metric("Seed", f"{attempt.seed}")
    rows = quiz.mastery_by_view(bank, progress.attempts)
    alt = "; ".join(r.label + ("" if r.mastery is None else f" {r.mastery:.0%}") for r in rows.values())
    ui.chart(mastery_chart(list(rows.values())), chart_id="quiz.mastery", alt=f"Mastery per view: {alt}")
    if missed:
        st.markdown(f"**Review of mistakes ({len(missed)})**")
        for item_id in missed:
            q = attempt.question(item_id)
            with st.expander(f"{quiz.VIEWS[q.item.view]}: {q.prompt.splitlines()[0][:90]}"):
                st.markdown(q.prompt)
                feedback(q, attempt.grades[item_id])
        if st.button("Retry only what I missed", key="quiz.retry", type="primary", icon=":material/replay:"):
            start("retry", list(attempt.views), quiz.new_seed(), missed)
            st.rerun()
        st.caption("A retry draws new numbers for the numeric questions.")
    else:
        st.success("Everything right. Try the full set or other views for more.")


def setup_form() -> None:
    fixed = url_seed()
    with st.container(border=True, key="quiz_setup"):
        keep: dict[str, Any] = {"persist_state": "session"}
        st.radio("Length", list(MODES), format_func=MODES.get, key="quiz.mode", horizontal=True, **keep)
        st.multiselect("Views", list(quiz.VIEWS), default=list(quiz.VIEWS), format_func=quiz.VIEWS.get,
                       key="quiz.views", **keep)
        st.radio("How", list(FLOWS), format_func=FLOWS.get, key="quiz.flow", horizontal=True, **keep)
        st.text_input("Seed (leave empty for new numbers)", value="" if fixed is None else str(fixed),
                      key="quiz.seed", **keep, help="Everyone with the same seed gets the same questions "
                      "and numbers. Instructors: share a link ending in ?seed=1234.")
        go = st.button("Start", key="quiz.start", type="primary", icon=":material/play_arrow:")
    if fixed is not None:
        st.caption(f"This link fixes the seed to **{fixed}**: everyone who opens it gets the same quiz.")
    if go:
        views = st.session_state.get("quiz.views") or []
        raw = str(st.session_state.get("quiz.seed") or "").strip()
        try:
            seed = quiz.check_seed(int(raw)) if raw else quiz.new_seed()
        except ValueError:
            st.error(f"The seed must be a whole number from 0 to {quiz.SEED_MAX:,}.")
            return
        if not views:
            st.error("Choose at least one view.")
            return
        start(st.session_state.get("quiz.mode", "quick"), views, seed)
        st.rerun()


def predictions() -> None:
    made = ui.all_predictions()
    st.subheader("Your predictions from the simulation pages")
    if not made:
        st.caption("None yet: the simulation pages ask you to predict before they reveal an answer.")
        return
    st.dataframe(pd.DataFrame([{
        "page": BY_ID[p.page].title if p.page in BY_ID else p.page, "question": p.question,
        "your guess": f"{p.guess} {p.unit}".strip(), "the sim showed": f"{p.actual} {p.unit}".strip(),
        "right?": "yes" if p.correct else "no", "settings": p.settings} for p in made]), hide_index=True)


def save_and_load() -> None:
    st.subheader("Save or load your progress")
    st.download_button("Download progress (JSON)", quiz.export_progress(progress).encode("utf-8"),
                       file_name="ttc-lab-quiz-progress.json", mime="application/json", key="quiz.export",
                       icon=":material/download:", disabled=not progress.attempts)
    for line in st.session_state.pop(LOADED, []):
        st.success(line, icon=":material/check:")
    upload = st.file_uploader("Load a progress file", type=["json"], key="quiz.import")
    if upload is not None and st.session_state.get(IMPORTED) != upload.file_id:
        st.session_state[IMPORTED] = upload.file_id
        try:
            result = quiz.import_progress(upload.getvalue(), bank)
        except quiz.ProgressFileError as error:
            st.error(str(error), icon=":material/error:")
            return
        st.session_state[PROGRESS] = result.progress
        st.session_state[POS] = first_unchecked(result.progress.current) if result.progress.current else 0
        st.session_state[SETUP] = False
        st.session_state[LOADED] = [f"Loaded {len(result.progress.attempts)} attempt(s).", *result.notes]
        st.rerun()


progress: quiz.Progress = st.session_state.setdefault(PROGRESS, quiz.Progress())
current = progress.current
if current is None or st.session_state.get(SETUP):
    setup_form()
    if current is not None and st.button("Back to my attempt", key="quiz.cancel"):
        st.session_state[SETUP] = False
        st.rerun()
else:
    n = len(progress.attempts)
    st.caption(f"Attempt {n} · {current.mode} · seed **{current.seed}** · {len(current.questions)} questions")
    one_by_one = st.session_state.get(HOW, "one") == "one"
    done = current.finished and (not one_by_one or st.session_state.get(POS, 0) >= len(current.questions))
    if done:
        results(current)
    elif one_by_one:
        one_at_a_time(current, n)
    else:
        all_then_submit(current, n)
    if st.button("New attempt", key="quiz.new", icon=":material/add:"):
        st.session_state[SETUP] = True
        st.rerun()
predictions()
save_and_load()
