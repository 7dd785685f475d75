"""Small sims helpers added for the best-of-N and revision pages, checked against independent references."""

import itertools

import numpy as np
import pytest

from sims.best_of_n import beta_coverage, correlated_success_probability, difficulty_beta, simulate_best_of_n
from sims.revision import early_stop, early_stop_savings, parse_verified_scores


@pytest.mark.parametrize(("mean", "spread"), [(0.25, 0.5), (0.1, 0.05), (0.9, 0.95)])
def test_difficulty_beta_keeps_the_mean_and_matches_the_correlated_model(mean, spread):
    a, b = difficulty_beta(mean, spread)
    assert a / (a + b) == pytest.approx(mean)
    assert 1 / (a + b + 1) == pytest.approx(spread)  # intra-class correlation of the beta-binomial
    n = np.array([1, 4, 16, 64])
    np.testing.assert_allclose(beta_coverage(a, b, n), correlated_success_probability(mean, n, rho=spread))


def test_difficulty_beta_coverage_agrees_with_monte_carlo():
    mc = simulate_best_of_n(0.25, [1, 16], trials=40_000, rho=0.5, rng=3)
    exact = beta_coverage(*difficulty_beta(0.25, 0.5), np.array([1, 16]))
    assert np.all(np.abs(mc.success_rate - exact) < 4 * mc.stderr + 1e-9)


@pytest.mark.parametrize(("mean", "spread"),
                         [(0.0, 0.5), (1.0, 0.5), (0.5, 0.0), (0.5, 1.0), (0.5, float("nan"))])
def test_difficulty_beta_rejects_edges(mean, spread):
    with pytest.raises(ValueError, match=r"mean|spread"):
        difficulty_beta(mean, spread)


def test_parse_verified_scores_reads_the_article_list_and_rejects_garbage():
    assert parse_verified_scores("0.61, 0.76, 0.78, 0.781, 0.781") == (0.61, 0.76, 0.78, 0.781, 0.781)
    assert parse_verified_scores(" 0.5;0.6  0.7 ") == (0.5, 0.6, 0.7)
    for bad, match in [("", "1 to 20"), ("0.5, abc", "round 2"), ("0.5, 1.2", "round 2"), ("nan", "round 1"),
                       (",".join(["0.5"] * 21), "1 to 20")]:
        with pytest.raises(ValueError, match=match):
            parse_verified_scores(bad)


def _brute_force_generated(scores, minimum_gain):
    # Replay the loop literally: generate a round, judge it against the previous one, stop when too small.
    generated = 1
    for previous, current in itertools.pairwise(scores):
        generated += 1
        if current - previous < minimum_gain:
            break
    return generated


@pytest.mark.parametrize(("scores", "gain"), [([0.61, 0.76, 0.78, 0.781, 0.781], 0.01),
                                             ([0.5, 0.6, 0.7], 0.01), ([0.5, 0.4, 0.9], 0.0), ([0.7], 0.05)])
def test_early_stop_savings_counts_generated_rounds(scores, gain):
    savings = early_stop_savings(early_stop(scores, minimum_gain=gain), tokens_per_round=500,
                                 decode_tokens_per_second=50)
    generated = _brute_force_generated(scores, gain)
    assert savings.generated_rounds == generated
    assert savings.tokens_saved == (len(scores) - generated) * 500
    assert savings.latency_saved_ms == pytest.approx((len(scores) - generated) * 500 / 50 * 1000)
    assert savings.tokens_generated + savings.tokens_saved == savings.tokens_all_rounds


def test_early_stop_savings_article_numbers():
    s = early_stop_savings(early_stop([0.61, 0.76, 0.78, 0.781, 0.781], minimum_gain=0.01))
    assert (s.generated_rounds, s.all_rounds, s.tokens_generated, s.tokens_saved) == (4, 5, 3200.0, 800.0)
    with pytest.raises(ValueError, match="tokens_per_round"):
        early_stop_savings(early_stop([0.5], minimum_gain=0.01), tokens_per_round=0)
