"""Tests for sims.revision: the article's early-stop numbers, the Markov revision model, the Monte Carlo."""

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sims.revision import (
    _revise_step,
    early_stop,
    early_stop_rounds,
    fix_break_curve_parameters,
    revision_curve,
    simulate_revision,
)

ARTICLE_SCORES = [0.61, 0.76, 0.78, 0.781, 0.781]

scores_lists = st.lists(st.floats(0.0, 1.0, allow_nan=False), min_size=1, max_size=12)


def article_loop(scores: list[float], minimum_gain: float) -> int:
    """Independent reference: the article's loop, transcribed literally."""
    used = 1
    for previous, current in itertools.pairwise(scores):
        if current - previous < minimum_gain:
            break
        used += 1
    return used


def test_article_early_stop() -> None:
    result = early_stop(ARTICLE_SCORES, minimum_gain=0.01)
    assert result.used_rounds == 3
    assert f"{result.selected_score:.3f}" == "0.780"
    assert result.skipped_rounds == 2
    assert result.stop_reason == "gain_below_minimum"
    # Round 4 had to be generated to see that it gained only 0.001: one round is really saved.
    assert result.evaluated_rounds == 4
    assert result.saved_rounds == 1
    assert result.gains == pytest.approx([0.15, 0.02, 0.001, 0.0])


def test_no_stop_when_every_round_gains_enough() -> None:
    result = early_stop([0.1, 0.3, 0.5], minimum_gain=0.05)
    assert (result.used_rounds, result.skipped_rounds, result.saved_rounds) == (3, 0, 0)
    assert result.stop_reason == "rounds_exhausted"
    assert result.selected_score == 0.5


def test_single_round_and_regression() -> None:
    single = early_stop([0.4], minimum_gain=0.0)
    assert (single.used_rounds, single.gains, single.stop_reason) == (1, (), "rounds_exhausted")
    regress = early_stop([0.8, 0.7, 0.95], minimum_gain=0.0)
    assert regress.used_rounds == 1 and regress.selected_score == 0.8


@given(scores_lists, st.floats(0.0, 1.0))
def test_early_stop_matches_article_loop_and_bounds(scores: list[float], minimum_gain: float) -> None:
    result = early_stop(scores, minimum_gain=minimum_gain)
    assert result.used_rounds == article_loop(scores, minimum_gain)
    assert 1 <= result.used_rounds <= len(scores)
    assert result.used_rounds <= result.evaluated_rounds <= len(scores)
    assert result.skipped_rounds + result.used_rounds == len(scores)
    assert result.selected_score == scores[result.used_rounds - 1]


six_scores = st.lists(st.floats(0.0, 1.0, allow_nan=False), min_size=6, max_size=6)


@given(st.lists(six_scores, min_size=1, max_size=8), st.floats(0.0, 0.3))
def test_vectorised_rounds_match_scalar(rows: list[list[float]], minimum_gain: float) -> None:
    vector = early_stop_rounds(rows, minimum_gain=minimum_gain)
    assert vector.tolist() == [early_stop(row, minimum_gain=minimum_gain).used_rounds for row in rows]


def test_curve_closed_form_matches_markov_recursion() -> None:
    fix, brk, a0, rounds = 0.3, 0.05, 0.55, 12
    ceiling, decay = fix_break_curve_parameters(fix, brk)
    curve = revision_curve(a0, ceiling, decay, rounds)
    expected = [a0]
    for _ in range(rounds - 1):
        a = expected[-1]
        expected.append(a * (1 - brk) + (1 - a) * fix)
    np.testing.assert_allclose(curve.expected_scores, expected, rtol=0, atol=1e-12)
    assert curve.gains[0] == 0.0
    # diminishing returns: each gain is `decay` times the previous one
    np.testing.assert_allclose(curve.gains[2:], curve.gains[1:-1] * decay, atol=1e-12)


def test_curve_costs_are_sequential() -> None:
    curve = revision_curve(0.5, 0.9, 0.6, 5, tokens_per_round=1000, decode_tokens_per_second=50)
    assert curve.cumulative_tokens.tolist() == [1000, 2000, 3000, 4000, 5000]
    assert curve.cumulative_latency_ms.tolist() == [20_000, 40_000, 60_000, 80_000, 100_000]
    assert curve.rounds.tolist() == [1, 2, 3, 4, 5]


def test_breaking_revisions_pull_a_good_draft_down() -> None:
    ceiling, decay = fix_break_curve_parameters(0.1, 0.1)  # ceiling 0.5
    curve = revision_curve(0.8, ceiling, decay, 6)
    assert np.all(np.diff(curve.expected_scores) < 0)
    assert early_stop(curve.expected_scores, minimum_gain=0.0).used_rounds == 1


def test_fix_break_edge_cases() -> None:
    assert fix_break_curve_parameters(0.0, 0.0) == (0.0, 1.0)
    flat = revision_curve(0.42, *fix_break_curve_parameters(0.0, 0.0), 4)
    np.testing.assert_allclose(flat.expected_scores, 0.42)
    assert fix_break_curve_parameters(1.0, 0.0) == (1.0, 0.0)


@given(st.floats(0.0, 1.0), st.floats(0.0, 1.0), st.floats(0.0, 1.0), st.integers(1, 40))
def test_curve_stays_between_start_and_ceiling(a0: float, ceiling: float, decay: float, rounds: int) -> None:
    scores = revision_curve(a0, ceiling, decay, rounds).expected_scores
    low, high = min(a0, ceiling), max(a0, ceiling)
    assert np.all((scores >= low - 1e-12) & (scores <= high + 1e-12))
    assert np.all(np.diff(np.abs(ceiling - scores)) <= 1e-12)  # the gap to the ceiling never grows


def test_revise_step_on_fixed_draws() -> None:
    correct = np.array([True, True, False, False])
    uniforms = np.array([0.05, 0.5, 0.2, 0.9])
    # break if u < 0.1 (only for correct), fix if u < 0.3 (only for wrong)
    assert _revise_step(correct, uniforms, 0.3, 0.1).tolist() == [False, True, True, False]


def test_monte_carlo_agrees_with_closed_form_within_standard_error() -> None:
    problems, trials = 400, 50
    sim = simulate_revision(
        0.5, 8, fix_probability=0.25, break_probability=0.05, problems=problems, trials=trials, rng=1234
    )
    mean = sim.measured_scores.mean(axis=0)
    # each problem's state at round k is Bernoulli(a_k), independent across problems and trials
    se = np.sqrt(sim.expected_scores * (1 - sim.expected_scores) / (problems * trials))
    assert np.all(np.abs(mean - sim.expected_scores) <= 4 * se + 1e-12)
    assert sim.used_rounds.shape == (trials,)
    assert np.all((sim.used_rounds >= 1) & (sim.used_rounds <= 8))
    np.testing.assert_array_equal(
        sim.selected_scores, sim.measured_scores[np.arange(trials), sim.used_rounds - 1]
    )
    assert np.all(
        sim.measured_scores[np.arange(trials), sim.best_rounds - 1] == sim.measured_scores.max(axis=1)
    )


def test_simulation_is_seeded() -> None:
    kwargs = {"fix_probability": 0.2, "break_probability": 0.1, "problems": 50, "trials": 3}
    a = simulate_revision(0.4, 5, rng=7, **kwargs)
    b = simulate_revision(0.4, 5, rng=np.random.default_rng(7), **kwargs)
    np.testing.assert_array_equal(a.measured_scores, b.measured_scores)


def test_noise_makes_the_stop_rule_quit_early_sometimes() -> None:
    # With a small evaluation set, sampling noise alone triggers stops before the expected plateau.
    sim = simulate_revision(
        0.5, 6, fix_probability=0.3, break_probability=0.02, problems=20, trials=400, rng=3
    )
    expected_stop = early_stop(sim.expected_scores, minimum_gain=0.01).used_rounds
    assert np.mean(sim.used_rounds < expected_stop) > 0.05


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: early_stop([], minimum_gain=0.01), "verified_scores"),
        (lambda: early_stop([0.5, 1.2], minimum_gain=0.01), "verified_scores"),
        (lambda: early_stop([0.5, math.nan], minimum_gain=0.01), "verified_scores"),
        (lambda: early_stop(["a"], minimum_gain=0.01), "verified_scores"),
        (lambda: early_stop([0.5], minimum_gain=-0.1), "minimum_gain"),
        (lambda: early_stop([0.5], minimum_gain=math.nan), "minimum_gain"),
        (lambda: early_stop_rounds([0.5, 0.6], minimum_gain=0.1), "verified_scores"),
        (lambda: revision_curve(1.3, 0.9, 0.5, 3), "initial_score"),
        (lambda: revision_curve(0.3, 0.9, 1.5, 3), "decay"),
        (lambda: revision_curve(0.3, math.nan, 0.5, 3), "ceiling"),
        (lambda: revision_curve(0.3, 0.9, 0.5, 0), "rounds"),
        (lambda: revision_curve(0.3, 0.9, 0.5, 2.5), "rounds"),
        (lambda: revision_curve(0.3, 0.9, 0.5, 3, tokens_per_round=0), "tokens_per_round"),
        (
            lambda: revision_curve(0.3, 0.9, 0.5, 3, decode_tokens_per_second=math.inf),
            "decode_tokens_per_second",
        ),
        (lambda: fix_break_curve_parameters(0.7, 0.6), "fix_probability + break_probability"),
        (lambda: fix_break_curve_parameters(-0.1, 0.1), "fix_probability"),
        (
            lambda: simulate_revision(0.5, 3, fix_probability=0.1, break_probability=0.1, problems=0),
            "problems",
        ),
        (
            lambda: simulate_revision(
                0.5, 10_000, fix_probability=0.1, break_probability=0.1, problems=100_000, trials=10_000
            ),
            "problems * trials * rounds",
        ),
    ],
)
def test_invalid_inputs_name_the_parameter(call: object, name: str) -> None:
    with pytest.raises(ValueError, match=name.replace("*", r"\*").replace("+", r"\+")):
        call()  # type: ignore[operator]


@settings(max_examples=30)
@given(st.floats(0.0, 1.0), st.floats(0.0, 0.5), st.floats(0.0, 0.5), st.integers(0, 2**31))
def test_simulated_scores_are_fractions(a0: float, fix: float, brk: float, seed: int) -> None:
    sim = simulate_revision(a0, 4, fix_probability=fix, break_probability=brk, problems=30, rng=seed)
    assert np.all((sim.measured_scores >= 0) & (sim.measured_scores <= 1))
    assert np.all(np.isclose(sim.measured_scores * 30, np.round(sim.measured_scores * 30)))


def test_curve_edges_and_long_runs() -> None:
    np.testing.assert_array_equal(revision_curve(0.5, 0.9, 0.0, 3).expected_scores, [0.5, 0.9, 0.9])
    np.testing.assert_array_equal(revision_curve(0.5, 0.9, 1.0, 3).expected_scores, [0.5, 0.5, 0.5])
    long = revision_curve(0.2, 0.95, 0.7, 10_000).expected_scores
    assert np.all(np.isfinite(long)) and long[-1] == pytest.approx(0.95, abs=1e-15)
    assert np.all(np.diff(long) >= 0)
