"""sims.latency against the article's outputs, Ghosal et al.'s points, brute force and invariants."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from sims.latency import (
    GHOSAL_GSM8K,
    InvertedU,
    accuracy_at_budget,
    best_budget_under_limit,
    budget_tradeoff,
    calibrate_inverted_u,
    largest_fitting_budget,
    peak_budget_tokens,
    ttft_ms,
    ttft_under_slo,
)

FAST = settings(max_examples=80, deadline=None)
GHOSAL_BUDGETS = [385, 1100, 15980]
GHOSAL_ACCURACY = [0.822, 0.873, 0.703]


def test_article_ttft_budget_slo() -> None:
    r = ttft_under_slo([0, 128, 512, 1024], base_ttft_ms=180, decode_tokens_per_s=80, slo_ms=3000)
    lines = [
        f"budget={b:>4.0f} ttft_ms={t:>7.0f} {'fits' if ok else 'reject'}"
        for b, t, ok in zip(r.budgets_tokens, r.ttft_ms, r.fits, strict=True)
    ]
    assert [" ".join(line.split()) for line in lines] == [
        "budget= 0 ttft_ms= 180 fits",
        "budget= 128 ttft_ms= 1780 fits",
        "budget= 512 ttft_ms= 6580 reject",
        "budget=1024 ttft_ms= 12980 reject",
    ]
    assert r.largest_fitting_budget_tokens == math.floor((3000 - 180) * 80 / 1000) == 225


def test_ttft_scalar_and_array() -> None:
    assert ttft_ms(128, base_ttft_ms=180, decode_tokens_per_s=80) == 1780.0
    arr = ttft_ms(np.arange(10), base_ttft_ms=0, decode_tokens_per_s=1000)
    assert isinstance(arr, np.ndarray) and np.allclose(arr, np.arange(10))


@FAST
@given(
    st.floats(0, 5000),
    st.floats(0.5, 5000),
    st.floats(0, 60_000),
)
def test_largest_fitting_budget_fits_and_one_more_does_not(base: float, rate: float, slo: float) -> None:
    best = largest_fitting_budget(base_ttft_ms=base, decode_tokens_per_s=rate, slo_ms=slo)
    if base > slo:
        assert best is None
        return
    assert best is not None
    assert ttft_ms(best, base_ttft_ms=base, decode_tokens_per_s=rate) <= slo
    assert ttft_ms(best + 1, base_ttft_ms=base, decode_tokens_per_s=rate) > slo
    assert abs(best - (slo - base) * rate / 1000) <= 1


@FAST
@given(st.lists(st.integers(0, 100_000), min_size=2, max_size=30), st.floats(0, 1000), st.floats(1, 500))
def test_ttft_monotone_in_budget(budgets: list[int], base: float, rate: float) -> None:
    budgets = sorted(budgets)
    ttft = np.asarray(ttft_ms(budgets, base_ttft_ms=base, decode_tokens_per_s=rate))
    assert np.all(np.diff(ttft) >= 0)


def test_article_measured_budget_sweet_spot() -> None:
    c = best_budget_under_limit(
        [0, 128, 512, 2048], [0.71, 0.78, 0.83, 0.80], [220, 310, 610, 1840], latency_limit_ms=1000
    )
    line = f"chosen_budget={c.chosen_budget_tokens} accuracy={c.accuracy:.0%} latency_ms={c.latency_ms:.0f}"
    assert line == "chosen_budget=512 accuracy=83% latency_ms=610"
    assert f"max_budget_is_best={c.max_budget_is_best}" == "max_budget_is_best=False"
    assert c.eligible.tolist() == [True, True, True, False]


def test_nothing_eligible_is_a_result_not_an_exception() -> None:
    c = best_budget_under_limit([0, 512], [0.7, 0.8], [220, 610], latency_limit_ms=100)
    assert not c.any_eligible and c.chosen_budget_tokens is None and c.accuracy is None
    assert "latency_limit_ms" in c.reason
    assert best_budget_under_limit([0, 512], [0.7, 0.8], [220, 610], latency_limit_ms=1000).max_budget_is_best


@FAST
@given(
    st.lists(
        st.tuples(st.integers(0, 5000), st.sampled_from([0.5, 0.6, 0.7, 0.8]), st.integers(0, 3000)),
        min_size=1,
        max_size=12,
    ),
    st.integers(0, 3000),
)
def test_best_budget_matches_brute_force(rows: list[tuple[int, float, int]], limit: int) -> None:
    budgets, acc, lat = (list(col) for col in zip(*rows, strict=True))
    c = best_budget_under_limit(budgets, acc, lat, latency_limit_ms=limit)
    eligible = [row for row in rows if row[2] <= limit]
    if not eligible:
        assert c.chosen_budget_tokens is None
        return
    best = min(eligible, key=lambda r: (-r[1], r[2], r[0]))
    assert (c.chosen_budget_tokens, c.accuracy, c.latency_ms) == (best[0], best[1], best[2])


# --- inverted U ----------------------------------------------------------------------------------


def test_default_passes_through_ghosal_points() -> None:
    got = np.asarray(accuracy_at_budget(GHOSAL_BUDGETS))
    assert np.max(np.abs(got - GHOSAL_ACCURACY)) < 0.001  # 0.1 percentage point
    assert 385 < peak_budget_tokens() < 15_980
    assert 1100 < peak_budget_tokens(GHOSAL_GSM8K) < 2000  # 1,100 beats both neighbours, 15,980 is far down
    assert accuracy_at_budget(peak_budget_tokens()) >= 0.873
    assert "Ghosal" in GHOSAL_GSM8K.source


@FAST
@given(st.floats(0.3, 1.0), st.floats(50, 50_000), st.floats(0.001, 0.1), st.integers(3, 12))
def test_calibration_recovers_a_known_curve(peak: float, peak_budget: float, curv: float, n: int) -> None:
    truth = InvertedU(peak, peak_budget, curv)
    budgets = np.geomspace(peak_budget / 20, peak_budget * 20, n)
    acc = np.asarray(accuracy_at_budget(budgets, truth))
    assume(np.all((acc > 0) & (acc < 1)))  # clipping would make the data non-quadratic
    fit = calibrate_inverted_u(budgets, acc)
    assert fit.peak_accuracy == pytest.approx(peak, abs=1e-6)
    assert fit.peak_budget_tokens == pytest.approx(peak_budget, rel=1e-4)
    assert fit.curvature == pytest.approx(curv, rel=1e-4)


def test_least_squares_with_noise_is_close() -> None:
    rng = np.random.default_rng(7)
    budgets = np.geomspace(200, 20_000, 40)
    noisy = np.asarray(accuracy_at_budget(budgets)) + rng.normal(0, 0.005, budgets.size)
    fit = calibrate_inverted_u(budgets, noisy)
    assert abs(math.log(fit.peak_budget_tokens / GHOSAL_GSM8K.peak_budget_tokens)) < 0.2
    assert fit.peak_accuracy == pytest.approx(GHOSAL_GSM8K.peak_accuracy, abs=0.01)


@FAST
@given(st.lists(st.floats(0, 1e6), min_size=1, max_size=50))
def test_accuracy_in_unit_interval_and_unimodal(budgets: list[float]) -> None:
    b = np.sort(np.asarray(budgets))
    acc = np.asarray(accuracy_at_budget(b))
    assert np.all((acc >= 0) & (acc <= 1))
    peak = peak_budget_tokens()
    below, above = acc[b <= peak], acc[b >= peak]
    assert np.all(np.diff(below) >= -1e-12) and np.all(np.diff(above) <= 1e-12)


def test_budget_tradeoff_picks_best_fitting_budget() -> None:
    budgets = np.arange(0, 20_001, 100)
    t = budget_tradeoff(budgets, base_ttft_ms=180, decode_tokens_per_s=400, slo_ms=5000)
    assert t.accuracy.shape == t.ttft_ms.shape == budgets.shape
    fits = t.ttft_ms <= 5000
    assert np.array_equal(fits, t.fits)
    assert t.best.chosen_budget_tokens == budgets[fits][np.argmax(t.accuracy[fits])] == 1500
    assert t.largest_fitting_budget_tokens == 1928
    tight = budget_tradeoff(budgets, base_ttft_ms=180, decode_tokens_per_s=400, slo_ms=1000)
    assert tight.best.chosen_budget_tokens == 300  # the SLO binds before the peak


@pytest.mark.parametrize(
    ("call", "param"),
    [
        (lambda: ttft_ms(-1, base_ttft_ms=180, decode_tokens_per_s=80), "budget_tokens"),
        (lambda: ttft_ms(1, base_ttft_ms=180, decode_tokens_per_s=0), "decode_tokens_per_s"),
        (lambda: ttft_ms(1, base_ttft_ms=float("nan"), decode_tokens_per_s=80), "base_ttft_ms"),
        (lambda: ttft_under_slo([1], base_ttft_ms=1, decode_tokens_per_s=1, slo_ms=-1), "slo_ms"),
        (lambda: best_budget_under_limit([0], [1.3], [1], latency_limit_ms=1), "accuracy"),
        (lambda: best_budget_under_limit([0, 1], [0.5], [1], latency_limit_ms=1), "equal length"),
        (lambda: best_budget_under_limit([], [], [], latency_limit_ms=1), "budgets"),
        (lambda: best_budget_under_limit([0], [0.5], [1], latency_limit_ms=float("inf")), "latency_limit_ms"),
        (lambda: calibrate_inverted_u([1, 2], [0.5, 0.6]), "budgets"),
        (lambda: calibrate_inverted_u([10, 100, 1000], [0.8, 0.5, 0.8]), "accuracies"),
        (lambda: calibrate_inverted_u([10, 100, 1000], [0.8, 0.5, 1.5]), "accuracies"),
        (lambda: accuracy_at_budget(-3), "budget_tokens"),
        (lambda: InvertedU(1.2, 100, 0.01), "peak_accuracy"),
        (lambda: InvertedU(0.8, 100, -0.01), "curvature"),
    ],
)
def test_invalid_input_names_the_parameter(call: object, param: str) -> None:
    with pytest.raises(ValueError, match=param):
        call()  # type: ignore[operator]
