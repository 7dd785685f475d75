"""ORM vs PRM scored-step accounting (the article's prm-pruning-budget.py) and verifier quality."""

import doctest
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import sims
import sims.prm
from sims.prm import StepAccounting, scored_steps, verifier_separation


def test_article_figures() -> None:
    # Article output: orm_steps=32 prm_steps=14 / saved_steps=18
    expected = StepAccounting(orm_steps=32, prm_steps=14, saved_steps=18)
    assert scored_steps([8, 8, 8, 8], [None, 2, 3, 1]) == expected


def test_reexported_from_package() -> None:
    assert sims.scored_steps is scored_steps
    assert set(sims.prm.__all__) <= set(sims.__all__)


@st.composite
def branches(draw: st.DrawFn) -> tuple[list[int], list[int | None]]:
    lengths = draw(st.lists(st.integers(1, 40), min_size=1, max_size=12))
    stops = [draw(st.none() | st.integers(1, n)) for n in lengths]
    return lengths, stops


@given(branches())
def test_accounting_matches_step_by_step_count(case: tuple[list[int], list[int | None]]) -> None:
    lengths, stops = case
    orm = prm = 0
    for length, stop in zip(lengths, stops, strict=True):
        for step in range(1, length + 1):  # brute force: walk every branch one step at a time
            orm += 1
            if stop is None or step <= stop:
                prm += 1
    result = scored_steps(lengths, stops)
    assert (result.orm_steps, result.prm_steps) == (orm, prm)
    assert 0 <= result.saved_steps == orm - prm
    assert result.prm_steps <= result.orm_steps


@pytest.mark.parametrize(
    ("lengths", "stops", "name"),
    [
        ([8, 8], [None, 0], "prune_at_step"),
        ([8, 8], [None, 9], "prune_at_step"),
        ([8, 8], [2.5, None], "prune_at_step"),
        ([8, 8], [None], "prune_at_step"),
        ([8, 0], [None, None], "branch_lengths"),
        ([8, -3], [None, None], "branch_lengths"),
        ([8, True], [None, None], "branch_lengths"),
        ([], [], "branch_lengths"),
    ],
)
def test_accounting_rejects_bad_input(lengths: list[int], stops: list[int | None], name: str) -> None:
    with pytest.raises(ValueError, match=name):
        scored_steps(lengths, stops)


def test_separation_end_points() -> None:
    assert verifier_separation(0.0) == 0.0
    assert verifier_separation(1.0) == math.inf
    qualities = np.linspace(0.0, 0.99, 12)
    assert np.all(np.diff([verifier_separation(q) for q in qualities]) > 0)


@pytest.mark.parametrize("quality", [0.0, 0.3, 0.6, 0.9])
def test_quality_is_two_auc_minus_one(quality: float) -> None:
    # AUC by Monte Carlo: P(correct logit > wrong logit) must equal (1 + quality) / 2.
    rng = np.random.default_rng(7)
    half = verifier_separation(quality) / 2
    trials = 40_000
    wins = (half + rng.standard_normal(trials)) > (-half + rng.standard_normal(trials))
    se = math.sqrt(0.25 / trials)
    assert abs(wins.mean() - (1 + quality) / 2) < 4 * se


@pytest.mark.parametrize("bad", [-0.1, 1.2, float("nan"), "0.5", None])
def test_separation_rejects_bad_quality(bad: object) -> None:
    with pytest.raises(ValueError, match=r"prm_quality must be a number in \[0, 1\]"):
        verifier_separation(bad)  # type: ignore[arg-type]


def test_docstring_examples_run() -> None:
    failures, tried = doctest.testmod(sims.prm)
    assert tried >= 10
    assert failures == 0
