"""Hypothesis properties of sims.best_of_n: ranges, monotonicity and orderings between models."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sims import best_of_n as bon

probability = st.floats(0.0, 1.0)
inner_probability = st.floats(0.001, 0.999)
samples = st.integers(1, 400)
EPS = 1e-12

FAST = settings(max_examples=60, deadline=None)  # per test: a profile would change other modules too


@FAST
@given(probability, probability, samples, samples)
def test_success_in_range_and_monotone(p1: float, p2: float, n1: int, n2: int) -> None:
    (p_lo, p_hi), (n_lo, n_hi) = sorted((p1, p2)), sorted((n1, n2))
    low, high = bon.success_probability(p_lo, n_lo), bon.success_probability(p_hi, n_hi)
    assert 0.0 <= low <= high <= 1.0
    assert bon.success_probability(p_lo, n_hi) >= low


@FAST
@given(probability, samples, st.floats(0.0, 1.0))
def test_correlation_never_helps_coverage(p: float, n: int, rho: float) -> None:
    correlated = bon.correlated_success_probability(p, n, rho=rho)
    assert 0.0 <= correlated <= bon.success_probability(p, n) + EPS
    assert correlated >= p - EPS  # never worse than one sample
    assert bon.correlated_success_probability(p, n + 1, rho=rho) >= correlated - EPS


@FAST
@given(st.floats(0.01, 50.0), st.floats(0.01, 50.0), samples)
def test_beta_coverage_in_range_and_monotone(a: float, b: float, n: int) -> None:
    cov = bon.beta_coverage(a, b, n)
    assert 0.0 <= cov <= 1.0
    assert bon.beta_coverage(a, b, n + 1) >= cov - EPS
    assert cov <= bon.success_probability(a / (a + b), n) + EPS  # Jensen: spread costs coverage


@FAST
@given(probability, probability, st.integers(1, 80), st.sampled_from([1, 2, 5, 13, "infinite"]))
def test_majority_in_range_and_monotone_in_p(p1: float, p2: float, n: int, m: int | str) -> None:
    p_lo, p_hi = sorted((p1, p2))
    low = bon.majority_vote_probability(p_lo, n, wrong_answers=m)
    high = bon.majority_vote_probability(p_hi, n, wrong_answers=m)
    assert 0.0 <= low <= high + EPS <= 1.0 + 2 * EPS
    assert high <= bon.success_probability(p_hi, n) + EPS  # a vote needs a right answer to exist


@FAST
@given(probability, samples, probability, probability)
def test_reward_model_between_one_sample_and_its_ceiling(p: float, n: int, recall: float, fpr: float) -> None:
    value = bon.reward_model_selection_probability(p, n, recall=recall, false_pick_rate=fpr)
    ceiling = bon.selector_ceiling(p, recall=recall, false_pick_rate=fpr)
    assert min(p, ceiling) - EPS <= value <= max(p, ceiling) + EPS
    assert value <= bon.success_probability(p, n) + EPS


@FAST
@given(st.integers(1, 300), st.data())
def test_pass_at_k_naive_below_unbiased_and_monotone(n: int, data: st.DataObject) -> None:
    c = data.draw(st.integers(0, n))
    k = data.draw(st.integers(1, n))
    unbiased = bon.pass_at_k(n, c, k)
    naive = bon.pass_at_k_naive(n, c, k)
    assert 0.0 <= naive <= unbiased + EPS <= 1.0 + 2 * EPS
    if k == 1 or c in (0, n):
        assert naive == pytest.approx(unbiased, abs=1e-12)
    if k < n:
        assert bon.pass_at_k(n, c, k + 1) >= unbiased - EPS
    if c < n:
        assert bon.pass_at_k(n, c + 1, k) >= unbiased - EPS


@FAST
@given(inner_probability, st.floats(0.0, 0.99), st.integers(1, 64))
def test_samples_to_reach_is_the_smallest_n(p: float, target: float, extra: int) -> None:
    n = bon.samples_to_reach(p, target, n_max=10_000)
    if n is None:
        assert bon.success_probability(p, 10_000) < target
        return
    assert bon.success_probability(p, n) >= target
    assert n == 1 or bon.success_probability(p, n - 1) < target
    assert bon.success_probability(p, n + extra) >= target  # and it stays reached

