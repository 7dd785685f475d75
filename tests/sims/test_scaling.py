"""Tests for sims.scaling: FLOP estimates, Kaplan's power law, the matched-FLOPs crossover."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sims.scaling import (
    KAPLAN_COMPUTE_EXPONENT,
    KAPLAN_CRITICAL_COMPUTE_FLOPS,
    crossover,
    inference_flops,
    power_law_loss,
    training_flops,
)


def test_flop_estimates() -> None:
    assert training_flops(7e9, 2e12) == pytest.approx(8.4e22)
    assert inference_flops(7e9, 1000) == pytest.approx(1.4e13)
    assert inference_flops(7e9, 0) == 0.0
    swept = training_flops(np.array([1e9, 1e10]), 1e11)
    assert isinstance(swept, np.ndarray)
    np.testing.assert_allclose(swept, [6e20, 6e21])
    # training = 3 x the forward passes of a single epoch over the data
    assert training_flops(1e9, 1e10) == pytest.approx(3 * inference_flops(1e9, 1e10))


def test_kaplan_defaults() -> None:
    # the constants as published: alpha_C = 0.050, C_c = 3.1e8 PF-days, 1 PF-day = 8.64e19 FLOPs
    assert KAPLAN_COMPUTE_EXPONENT == 0.050
    assert KAPLAN_CRITICAL_COMPUTE_FLOPS == pytest.approx(3.1e8 * 8.64e19)
    assert power_law_loss(KAPLAN_CRITICAL_COMPUTE_FLOPS) == pytest.approx(1.0)
    # 1 PF-day: (3.1e8) ** 0.05 nats per token
    assert power_law_loss(8.64e19) == pytest.approx(3.1e8**0.05)


@given(st.floats(1e10, 1e30), st.floats(1.01, 1e3), st.floats(0.0, 3.0), st.floats(0.01, 1.0))
def test_power_law_falls_by_a_fixed_factor_per_multiple(
    compute: float, factor: float, floor: float, alpha: float
) -> None:
    kwargs = {"irreducible_loss": floor, "exponent": alpha}
    before = power_law_loss(compute, **kwargs)
    after = power_law_loss(compute * factor, **kwargs)
    assert floor < after < before
    assert (after - floor) / (before - floor) == pytest.approx(factor**-alpha, rel=1e-9)


def test_power_law_vectorised() -> None:
    compute = np.geomspace(1e18, 1e26, 10_000)
    loss = power_law_loss(compute, irreducible_loss=1.7)
    assert isinstance(loss, np.ndarray) and loss.shape == (10_000,)
    assert np.all(np.diff(loss) < 0) and np.all(loss > 1.7)


def brute_force_crossing(p_small: float, p_large: float, recall: float, limit: int) -> int | None:
    if p_small == 1.0:
        return 1 if recall > p_large else None
    for n in range(1, limit + 1):
        if recall * -math.expm1(n * math.log1p(-p_small)) > p_large:  # 1 - (1-p)^n without rounding
            return n
    return None


def test_crossover_example() -> None:
    result = crossover(1e9, 14e9, 0.3, 0.7, tokens_per_answer=500)
    assert result.samples_at_matched_flops == 14
    assert result.flops_per_small_sample == pytest.approx(1e12)
    assert result.large_flops == pytest.approx(1.4e13)
    assert result.small_accuracy_at_matched_flops == pytest.approx(1 - 0.7**14)
    assert result.small_wins_at_matched_flops
    assert result.crossover_samples == 4  # 1 - 0.7^3 = 0.657 < 0.7 < 1 - 0.7^4 = 0.760
    assert result.crossover_flops == pytest.approx(4e12)
    assert 14 in result.samples and 4 in result.samples
    np.testing.assert_allclose(result.inference_flops, result.samples * 1e12)


def test_weak_selector_never_crosses() -> None:
    # with recall 0.8 the small model plateaus at 80%: it can never beat a 85% large model
    result = crossover(1e9, 14e9, 0.3, 0.85, tokens_per_answer=500, selector_recall=0.8)
    assert result.crossover_samples is None and result.crossover_flops is None
    assert result.small_ceiling == 0.8
    assert np.all(result.small_accuracy < 0.8)
    assert not result.small_wins_at_matched_flops
    assert crossover(1e9, 2e9, 0.0, 0.1, tokens_per_answer=10).crossover_samples is None


def test_crossover_beyond_matched_flops() -> None:
    # small model needs more samples than the matched budget buys: C* exceeds the large model's cost
    result = crossover(1e9, 4e9, 0.05, 0.5, tokens_per_answer=100)
    assert result.samples_at_matched_flops == 4
    assert not result.small_wins_at_matched_flops
    assert result.crossover_samples == brute_force_crossing(0.05, 0.5, 1.0, 1000) == 14
    assert result.crossover_flops is not None and result.crossover_flops > result.large_flops


@given(
    st.floats(0.0, 1.0),
    st.floats(0.0, 1.0),
    st.floats(0.0, 1.0),
    st.floats(1.0, 100.0),
)
def test_crossover_matches_brute_force(p_small: float, p_large: float, recall: float, ratio: float) -> None:
    result = crossover(1e9, ratio * 1e9, p_small, p_large, tokens_per_answer=200, selector_recall=recall)
    expected = brute_force_crossing(p_small, p_large, recall, 5000)
    if expected is not None and result.crossover_samples != expected:
        # only a float-rounding tie (the two accuracies equal to ~1e-15) may separate model and brute force
        margin = recall * -math.expm1(expected * math.log1p(-p_small)) - p_large
        assert 0 < margin < 1e-12
        assert result.crossover_samples is not None and result.crossover_samples > expected
    elif expected is not None:
        assert result.crossover_samples == expected
    elif result.crossover_samples is not None:
        # only a crossing beyond the brute-force search is allowed, and it must be a real one
        n = result.crossover_samples
        assert n > 5000
        assert recall * -math.expm1(n * math.log1p(-p_small)) > p_large
    assert result.samples_at_matched_flops == max(1, math.floor(ratio + 1e-9))
    assert np.all(np.diff(result.small_accuracy) >= -1e-15)  # more samples never hurt here
    assert np.all((result.small_accuracy >= 0) & (result.small_accuracy <= recall + 1e-15))


def test_selected_accuracy_against_monte_carlo() -> None:
    rng = np.random.default_rng(2024)
    n, p, recall, trials = 6, 0.2, 0.75, 200_000
    any_correct = (rng.random((trials, n)) < p).any(axis=1)
    picked = rng.random(trials) < recall
    estimate = np.mean(any_correct & picked)
    result = crossover(1e9, 6e9, p, 0.9, tokens_per_answer=100, selector_recall=recall)
    closed = result.small_accuracy_at_matched_flops
    se = math.sqrt(closed * (1 - closed) / trials)
    assert abs(estimate - closed) < 4 * se


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: training_flops(0, 1e9), "params"),
        (lambda: training_flops(1e9, -5), "tokens"),
        (lambda: training_flops(math.nan, 1e9), "params"),
        (lambda: inference_flops(1e9, -1), "generated_tokens"),
        (lambda: power_law_loss(0.0), "compute_flops"),
        (lambda: power_law_loss(1e20, exponent=0.0), "exponent"),
        (lambda: power_law_loss(1e20, irreducible_loss=-1.0), "irreducible_loss"),
        (lambda: power_law_loss(1e20, critical_compute_flops=math.inf), "critical_compute_flops"),
        (lambda: crossover(2e9, 1e9, 0.3, 0.7, tokens_per_answer=10), "large_params"),
        (lambda: crossover(1e9, 2e9, 1.3, 0.7, tokens_per_answer=10), "p_small"),
        (lambda: crossover(1e9, 2e9, 0.3, math.nan, tokens_per_answer=10), "p_large"),
        (lambda: crossover(1e9, 2e9, 0.3, 0.7, tokens_per_answer=10, selector_recall=1.3), "selector_recall"),
        (lambda: crossover(1e9, 2e9, 0.3, 0.7, tokens_per_answer=0), "tokens_per_answer"),
        (lambda: crossover(1e9, 2e9, 0.3, 0.7, tokens_per_answer=10, max_samples=0), "max_samples"),
        (lambda: crossover(1e9, 2e9, 0.3, 0.7, tokens_per_answer=10, max_samples=2.5), "max_samples"),
    ],
)
def test_invalid_inputs_name_the_parameter(call: object, name: str) -> None:
    with pytest.raises(ValueError, match=name):
        call()  # type: ignore[operator]


def test_tiny_success_rates_stay_exact_and_fast() -> None:
    # N* = smallest N with 1 - (1 - 1e-10)^N > 0.5, i.e. just above ln 2 / 1e-10
    result = crossover(1e9, 2e9, 1e-10, 0.5, tokens_per_answer=100)
    assert result.crossover_samples is not None
    assert abs(result.crossover_samples - math.log(2) / 1e-10) < 2
    assert result.samples[-1] == result.crossover_samples
    assert len(result.samples) <= 202
    assert crossover(1e9, 2e9, 1e-300, 0.5, tokens_per_answer=100).crossover_samples is None
