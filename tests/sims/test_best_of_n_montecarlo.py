"""The seeded Monte Carlo of sims.best_of_n against the closed forms, and its step on fixed inputs."""

from __future__ import annotations

import numpy as np
import pytest

from sims import _bon_montecarlo as mc
from sims import best_of_n as bon

N_VALUES = np.array([1, 2, 3, 5, 8, 16, 33, 64])
TRIALS = 40_000


def _assert_within_standard_error(result: bon.MonteCarloResult, exact: object, sigmas: float = 4.5) -> None:
    exact_arr = np.asarray(exact, dtype=float)
    se = np.sqrt(exact_arr * (1 - exact_arr) / result.trials)  # of the exact value, so se > 0 when it matters
    gap = np.abs(result.success_rate - exact_arr)
    assert np.all(gap <= sigmas * se + 1e-12), (result.success_rate, exact_arr)


@pytest.mark.parametrize(("p", "rho"), [(0.25, 0.0), (0.05, 0.0), (0.25, 0.3), (0.6, 0.8), (0.25, 1.0)])
def test_oracle_matches_independent_and_correlated_closed_forms(p: float, rho: float) -> None:
    result = bon.simulate_best_of_n(p, N_VALUES, trials=TRIALS, rho=rho, rng=11)
    _assert_within_standard_error(result, bon.correlated_success_probability(p, N_VALUES, rho=rho))
    assert result.selector == "oracle" and result.trials == TRIALS
    np.testing.assert_array_equal(result.n, N_VALUES)


@pytest.mark.parametrize(("p", "recall", "false_pick"), [(0.25, 0.9, 0.1), (0.4, 0.6, 0.3), (0.1, 1.0, 0.0)])
def test_reward_model_matches_closed_form(p: float, recall: float, false_pick: float) -> None:
    result = bon.simulate_best_of_n(
        p, N_VALUES, trials=TRIALS, selector="reward_model", recall=recall, false_pick_rate=false_pick, rng=12
    )
    exact = bon.reward_model_selection_probability(p, N_VALUES, recall=recall, false_pick_rate=false_pick)
    _assert_within_standard_error(result, exact)


@pytest.mark.parametrize(("p", "m"), [(0.25, 4), (0.45, 1), (0.12, 20), (0.3, "infinite"), (0.2, 9)])
def test_majority_vote_matches_exact_probability(p: float, m: int | str) -> None:
    result = bon.simulate_best_of_n(p, N_VALUES, trials=TRIALS, selector="majority", wrong_answers=m, rng=13)
    _assert_within_standard_error(result, bon.majority_vote_probability(p, N_VALUES, wrong_answers=m))


def test_same_seed_same_result_and_generator_accepted() -> None:
    a = bon.simulate_best_of_n(0.3, [1, 4], trials=5_000, selector="majority", rng=5)
    b = bon.simulate_best_of_n(0.3, [1, 4], trials=5_000, selector="majority", rng=np.random.default_rng(5))
    np.testing.assert_array_equal(a.success_rate, b.success_rate)
    c = bon.simulate_best_of_n(0.3, [1, 4], trials=5_000, selector="majority", rng=6)
    assert not np.array_equal(a.success_rate, c.success_rate)
    np.testing.assert_allclose(a.stderr, np.sqrt(a.success_rate * (1 - a.success_rate) / 5_000))


def test_unsorted_and_repeated_n_values_keep_their_order() -> None:
    for selector in mc.SELECTORS:
        mixed = bon.simulate_best_of_n(0.3, [8, 1, 8, 3], trials=3_000, selector=selector, rng=9)
        tidy = bon.simulate_best_of_n(0.3, [1, 3, 8, 8], trials=3_000, selector=selector, rng=9)
        np.testing.assert_array_equal(mixed.success_rate, tidy.success_rate[[2, 0, 3, 1]])


# --------------------------------------------------------------------------- the deterministic step


def _draws(sample_u: list[list[float]], p: float, pick_u: object) -> mc.Draws:
    u = np.array(sample_u, dtype=np.float32)  # (N, T)
    return mc.Draws(np.full(u.shape[1], p), u, np.asarray(pick_u, dtype=float))


def test_oracle_step_on_fixed_draws() -> None:
    # one trial, p = 0.5: samples wrong, right, wrong
    draws = _draws([[0.9], [0.2], [0.7]], 0.5, [0.0])
    wins = mc.count_wins(draws, np.array([1, 2, 3]), selector="oracle", recall=1, false_pick=0, m=1)
    np.testing.assert_array_equal(wins, [0, 1, 1])


def test_reward_model_step_on_fixed_draws() -> None:
    # p = 0.5, recall 0.5, false pick 0.5: u < 0.25 right+flagged, < 0.5 right, < 0.75 wrong+flagged
    draws = _draws([[0.6, 0.6], [0.1, 0.4], [0.9, 0.9]], 0.5, [0.49, 0.99])
    n = np.array([1, 2, 3])
    wins = mc.count_wins(draws, n, selector="reward_model", recall=0.5, false_pick=0.5, m=1)
    # trial 1: flagged pool {wrong, right} at n >= 2, pick 0.49 * 2 < 1 picks the right one
    # trial 2: pool {wrong} only (its right sample is unflagged), so always wrong
    np.testing.assert_array_equal(wins, [0, 1, 1])


def test_majority_step_on_fixed_draws_and_both_counting_methods_agree() -> None:
    # p = 0.2, m = 4: wrong answers are slices of width 0.2 above 0.2
    draws = _draws([[0.1], [0.3], [0.35], [0.05], [0.5]], 0.2, [[0.9], [0.1], [0.0], [0.0], [0.0]])
    n = np.array([1, 2, 3, 4, 5])
    for by_edges in (True, False):
        # votes: n=2 tie {right, wrong 1} -> right has the larger key; n=3 wrong 1 leads; n=4 tie wins
        np.testing.assert_array_equal(mc.majority_wins(draws, n, 4, by_edges=by_edges), [1, 1, 0, 1, 1])
    rng = np.random.default_rng(3)
    big = mc.draw(rng, p=0.3, rho=0.2, trials=4_000, n_max=40, selector="majority", m=6)
    n_values = np.array([1, 2, 7, 20, 40])
    np.testing.assert_array_equal(
        mc.majority_wins(big, n_values, 6, by_edges=True), mc.majority_wins(big, n_values, 6, by_edges=False)
    )


def test_answers_follow_the_slices() -> None:
    draws = _draws([[0.0, 0.19, 0.2, 0.39, 0.41, 0.999]], 0.2, [0.0] * 6)
    np.testing.assert_array_equal(mc.answers(draws, 4), [[0, 0, 1, 1, 2, 4]])


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"trials": 0}, "trials"),
        ({"selector": "best"}, "selector"),
        ({"rho": 1.5}, "rho"),
        ({"recall": -0.2}, "recall"),
        ({"p": float("nan")}, "p"),
        ({"n_values": [1, 0]}, "n_values"),
        ({"n_values": [[1, 2]]}, "n_values"),
        ({"selector": "majority", "wrong_answers": 0}, "wrong_answers"),
    ],
)
def test_simulation_rejects_bad_input(kwargs: dict[str, object], name: str) -> None:
    args: dict[str, object] = {"p": 0.3, "n_values": [1, 2], "trials": 100, **kwargs}
    with pytest.raises(ValueError, match=rf"^{name} "):
        bon.simulate_best_of_n(**args)  # type: ignore[arg-type]
