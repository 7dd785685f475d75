"""Attempts and progress: which questions a student got, what they answered, how they did per view.

An :class:`Attempt` is fully determined by its seed, its item ids and its answers; questions are
rebuilt from the bank, which is what lets an exported file stay small and be re-graded on import.
:class:`Progress` is the list of attempts in a session; mastery per view counts the latest grade of
each item across attempts, so retrying what you missed raises it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from quiz.bank import VIEWS, Item, items_by_id
from quiz.grading import Grade, grade
from quiz.questions import SEED_MAX, Question, check_seed, instantiate

__all__ = [
    "MODES",
    "QUICK_SIZE",
    "Attempt",
    "Progress",
    "ViewMastery",
    "build_attempt",
    "mastery_by_view",
    "new_seed",
    "retry_attempt",
]

MODES = ("quick", "full", "retry")
QUICK_SIZE = 10


def new_seed(rng: np.random.Generator | int | None = None) -> int:
    """A fresh attempt seed (fresh OS entropy unless ``rng`` is given)."""
    return int(np.random.default_rng(rng).integers(0, SEED_MAX + 1))


@dataclass
class Attempt:
    """One quiz attempt. ``answers`` holds raw answers; ``grades`` the ones that were checked."""

    seed: int
    mode: str
    views: tuple[str, ...]
    questions: tuple[Question, ...]
    answers: dict[str, Any] = field(default_factory=dict)
    grades: dict[str, Grade] = field(default_factory=dict)

    @property
    def item_ids(self) -> tuple[str, ...]:
        return tuple(question.id for question in self.questions)

    def question(self, item_id: str) -> Question:
        for question in self.questions:
            if question.id == item_id:
                return question
        raise KeyError(f"item {item_id!r} is not in this attempt")

    def check(self, item_id: str, answer: Any) -> Grade:
        """Store ``answer`` for ``item_id`` and grade it now (one-at-a-time flow)."""
        result = grade(self.question(item_id), answer)
        if answer is not None:
            self.answers[item_id] = answer
        self.grades[item_id] = result
        return result

    def submit(self, answers: dict[str, Any] | None = None) -> None:
        """Grade every question (all-then-submit flow); missing answers count as unanswered."""
        if answers is not None:
            self.answers.update({q.id: answers[q.id] for q in self.questions if q.id in answers})
        self.grades = {q.id: grade(q, self.answers.get(q.id)) for q in self.questions}

    @property
    def finished(self) -> bool:
        return len(self.grades) == len(self.questions)

    @property
    def score(self) -> float:
        """Credit over all questions of the attempt, in [0, 1] (unchecked ones count 0)."""
        return sum(g.credit for g in self.grades.values()) / len(self.questions)

    @property
    def missed_ids(self) -> tuple[str, ...]:
        """Checked items that did not earn full credit, in attempt order."""
        return tuple(q.id for q in self.questions if q.id in self.grades and not self.grades[q.id].correct)


@dataclass(frozen=True)
class ViewMastery:
    """Mastery of one rubric view: mean credit over the items of that view the student has answered."""

    view: str
    label: str
    credit: float
    answered: int
    in_bank: int

    @property
    def mastery(self) -> float | None:
        return self.credit / self.answered if self.answered else None


@dataclass
class Progress:
    """Every attempt of a session, oldest first."""

    attempts: list[Attempt] = field(default_factory=list)

    @property
    def current(self) -> Attempt | None:
        return self.attempts[-1] if self.attempts else None

    def start(self, attempt: Attempt) -> Attempt:
        self.attempts.append(attempt)
        return attempt


def _validate_views(views: Iterable[str]) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(views))
    if not chosen or any(view not in VIEWS for view in chosen):
        raise ValueError(f"views must be a non-empty selection of {list(VIEWS)}, got {list(chosen)!r}")
    return chosen


def _quick_pick(
    pool: Sequence[Item], views: tuple[str, ...], size: int, rng: np.random.Generator
) -> list[Item]:
    """Spread a short quiz across views: shuffle each view's items, then deal round-robin."""
    per_view = {view: [item for item in pool if item.view == view] for view in views}
    for items in per_view.values():
        rng.shuffle(items)
    order = [views[i] for i in rng.permutation(len(views))]
    picked: list[Item] = []
    while len(picked) < size and any(per_view.values()):
        for view in order:
            if per_view[view] and len(picked) < size:
                picked.append(per_view[view].pop())
    return picked


def build_attempt(
    bank: Sequence[Item],
    *,
    seed: int,
    views: Iterable[str] = tuple(VIEWS),
    mode: str = "quick",
    size: int = QUICK_SIZE,
    item_ids: Sequence[str] | None = None,
) -> Attempt:
    """Pick and instantiate the questions of a new attempt.

    ``mode="quick"`` draws ``size`` items spread over ``views``; ``"full"`` takes every item of those views;
    ``"retry"`` takes exactly ``item_ids``. The seed decides the pick, the order and every number.
    """
    seed = check_seed(seed)
    chosen = _validate_views(views)
    if mode not in MODES:
        raise ValueError(f"mode must be one of {list(MODES)}, got {mode!r}")
    rng = np.random.default_rng([seed, 7])  # the pick has its own stream, apart from the items' ones
    if mode == "retry":
        index = items_by_id(bank)
        unknown = [item_id for item_id in item_ids or () if item_id not in index]
        if not item_ids or unknown:
            raise ValueError(f"item_ids must name items of the bank, got {list(item_ids or ())!r}")
        picked = [index[item_id] for item_id in dict.fromkeys(item_ids)]
    else:
        pool = [item for item in bank if item.view in chosen]
        if mode == "quick":
            if not 1 <= size <= len(bank):
                raise ValueError(f"size must be in [1, {len(bank)}], got {size!r}")
            picked = _quick_pick(pool, chosen, size, rng)
        else:
            picked = pool
        picked = [picked[i] for i in rng.permutation(len(picked))]
    return Attempt(
        seed=seed, mode=mode, views=chosen, questions=tuple(instantiate(item, seed) for item in picked)
    )


def retry_attempt(bank: Sequence[Item], attempt: Attempt, *, seed: int) -> Attempt:
    """A new attempt made only of what ``attempt`` missed (with fresh numbers when ``seed`` is new)."""
    missed = attempt.missed_ids
    if not missed:
        raise ValueError("attempt has nothing missed to retry")
    return build_attempt(bank, seed=seed, views=attempt.views, mode="retry", item_ids=missed)


def mastery_by_view(bank: Sequence[Item], attempts: Sequence[Attempt]) -> dict[str, ViewMastery]:
    """Per view: mean credit of the latest grade of each item answered in any attempt."""
    latest: dict[str, float] = {}
    for attempt in attempts:
        latest.update({item_id: g.credit for item_id, g in attempt.grades.items()})
    views = {item.id: item.view for item in bank}
    result = {}
    for view, label in VIEWS.items():
        credits = [credit for item_id, credit in latest.items() if views.get(item_id) == view]
        result[view] = ViewMastery(
            view=view,
            label=label,
            credit=sum(credits),
            answered=len(credits),
            in_bank=sum(item.view == view for item in bank),
        )
    return result
