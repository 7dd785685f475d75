"""Closed forms of sims.best_of_n against the article, brute-force enumeration and exact arithmetic."""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import numpy as np
import pytest

from sims import best_of_n as bon

# --------------------------------------------------------------------------- the article's outputs

ARTICLE_BUDGET = [
    "N= 1 success=25.0% output_tokens=  800",
    "N= 4 success=68.4% output_tokens= 3200",
    "N=16 success=99.0% output_tokens=12800",
    "N=64 success=100.0% output_tokens=51200",
]
ARTICLE_SELECTOR = [
    "N= 1 oracle=25.0% with_selector=20.0%",
    "N= 4 oracle=68.4% with_selector=54.7%",
    "N=16 oracle=99.0% with_selector=79.2%",
]


def test_article_budget_table() -> None:
    sweep = bon.best_of_n_sweep(0.25, [1, 4, 16, 64], tokens_per_attempt=800)
    lines = [
        f"N={n:>2} success={s:5.1%} output_tokens={t:>5}"
        for n, s, t in zip(sweep.n, sweep.oracle, sweep.output_tokens, strict=True)
    ]
    assert lines == ARTICLE_BUDGET


def test_article_selector_table() -> None:
    lines = [
        f"N={n:>2} oracle={bon.success_probability(0.25, n):5.1%} "
        f"with_selector={bon.selected_success_probability(0.25, n, 0.8):5.1%}"
        for n in (1, 4, 16)
    ]
    assert lines == ARTICLE_SELECTOR


def test_success_probability_shapes_and_types() -> None:
    assert isinstance(bon.success_probability(0.25, 4), float)
    grid = bon.success_probability(np.array([[0.1], [0.5]]), np.array([1, 2, 3]))
    assert isinstance(grid, np.ndarray) and grid.shape == (2, 3)
    assert grid[1, 2] == pytest.approx(1 - 0.5**3, abs=1e-15)
    assert bon.success_probability(1.0, 3) == 1.0
    assert bon.success_probability(0.0, 3) == 0.0
    # tiny p keeps its digits (1 - (1 - p)^n would round to 0 here)
    assert bon.success_probability(1e-18, 10) == pytest.approx(1e-17, rel=1e-12)


# --------------------------------------------------------------------------- pass@k


def _pass_at_k_brute(n: int, c: int, k: int) -> Fraction:
    subsets = list(itertools.combinations(range(n), k))
    hit = sum(1 for s in subsets if any(i < c for i in s))  # samples 0..c-1 are the correct ones
    return Fraction(hit, len(subsets))


def test_pass_at_k_matches_enumeration_of_all_k_subsets() -> None:
    for n in range(1, 9):
        for c in range(n + 1):
            ks = np.arange(1, n + 1)
            got = bon.pass_at_k(n, c, ks)
            want = [float(_pass_at_k_brute(n, c, int(k))) for k in ks]
            np.testing.assert_allclose(got, want, rtol=0, atol=1e-13)


@pytest.mark.parametrize("c", [0, 1, 7, 250, 19_000, 20_000])
def test_pass_at_k_large_n_matches_exact_big_integer_ratio(c: int) -> None:
    n, ks = 20_000, np.array([1, 2, 10, 100, 1000, 19_999])
    got = np.asarray(bon.pass_at_k(n, c, ks))
    assert np.all(np.isfinite(got))
    for k, value in zip(ks.tolist(), got.tolist(), strict=True):
        exact = 1 - Fraction(math.comb(n - c, k), math.comb(n, k))
        assert value == pytest.approx(float(exact), rel=1e-11, abs=1e-300)


def test_pass_at_k_broadcasts_over_n_c_and_k() -> None:
    got = bon.pass_at_k(np.array([10, 20]), np.array([[2], [5]]), 3)
    assert got.shape == (2, 2)
    assert got[1, 0] == pytest.approx(float(_pass_at_k_brute(10, 5, 3)), abs=1e-14)
    assert isinstance(bon.pass_at_k(10, 2, 5), float)


def test_pass_at_k_naive_is_the_plug_in_formula_and_biased_low() -> None:
    assert bon.pass_at_k_naive(10, 2, 5) == pytest.approx(1 - 0.8**5, abs=1e-15)
    assert bon.pass_at_k_naive(10, 2, 1) == pytest.approx(bon.pass_at_k(10, 2, 1), abs=1e-15)
    ks = np.arange(2, 11)
    assert np.all(np.asarray(bon.pass_at_k_naive(10, 2, ks)) < np.asarray(bon.pass_at_k(10, 2, ks)))
    assert bon.pass_at_k_naive(10, 2, 50) < 1.0  # may extrapolate beyond n


@pytest.mark.parametrize(
    ("args", "name"),
    [
        ((5, 1, 6), "k"),
        ((5, 6, 2), "c"),
        ((5, -1, 2), "c"),
        ((0, 0, 1), "n"),
        ((5, 1, 0), "k"),
        ((5, 1.5, 2), "c"),
        ((5, 1, float("nan")), "k"),
        ((5.5, 1, 2), "n"),
        ((np.array([5, 3]), 1, 4), "k"),
    ],
)
def test_pass_at_k_rejects_bad_counts(args: tuple[float, float, float], name: str) -> None:
    with pytest.raises(ValueError, match=rf"^{name} must"):
        bon.pass_at_k(*args)


# --------------------------------------------------------------------------- majority vote


def _majority_brute(p: float, n: int, m: int | None) -> float:
    """Enumerate every labelling of n samples; m None means every wrong answer is distinct."""
    total = 0.0
    for right in itertools.product((True, False), repeat=n):
        wrong = n - sum(right)
        base = p ** sum(right) * (1 - p) ** wrong
        choices = [()] if wrong == 0 else list(itertools.product(range(m), repeat=wrong)) if m else [None]
        for labels in choices:
            if labels is None:  # all distinct: each wrong answer has one vote
                counts = [sum(right)] + [1] * wrong
                weight = 1.0
            else:
                counts = [sum(right)] + [labels.count(a) for a in range(m or 0)]
                weight = (1 / m) ** wrong if m else 1.0
            top = max(counts)
            if counts[0] == top:
                total += base * weight / counts.count(top)
    return total


@pytest.mark.parametrize("m", [1, 2, 3, None])
def test_majority_vote_matches_brute_force_enumeration(m: int | None) -> None:
    wrong: int | str = m if m is not None else "infinite"
    for n in range(1, 7 if m != 3 else 6):
        for p in (0.0, 0.15, 0.4, 0.5, 0.9, 1.0):
            got = bon.majority_vote_probability(p, n, wrong_answers=wrong)
            assert got == pytest.approx(_majority_brute(p, n, m), abs=1e-13), (n, p)


def test_majority_vote_two_answers_is_a_binomial_tail() -> None:
    # m = 1: the right answer wins with more than half the votes, and half of the exact ties
    for n in (5, 40, 101, 256):
        for p in (0.3, 0.5, 0.62):
            pmf = [math.comb(n, c) * p**c * (1 - p) ** (n - c) for c in range(n + 1)]
            tie = pmf[n // 2] / 2 if n % 2 == 0 else 0.0
            want = math.fsum(pmf[c] for c in range(n + 1) if 2 * c > n) + tie
            assert bon.majority_vote_probability(p, n, wrong_answers=1) == pytest.approx(want, abs=1e-12)


@pytest.mark.parametrize("m", [1, 4, 20])
def test_majority_vote_symmetry_when_every_answer_is_equally_likely(m: int) -> None:
    # with p = 1/(m+1) all m+1 answers are exchangeable, so each wins with probability 1/(m+1)
    n = np.array([1, 2, 3, 17, 64, 255, 512, 1024])
    got = bon.majority_vote_probability(1 / (m + 1), n, wrong_answers=m)
    np.testing.assert_allclose(got, 1 / (m + 1), rtol=0, atol=1e-11)


def test_majority_vote_sweep_over_p_equals_pointwise_values() -> None:
    p = np.linspace(0, 1, 401)  # many p for one n uses Horner's rule; single points use the pmf
    swept = np.asarray(bon.majority_vote_probability(p, 48, wrong_answers=3))
    pointwise = [bon.majority_vote_probability(float(x), 48, wrong_answers=3) for x in p[::40]]
    np.testing.assert_allclose(swept[::40], pointwise, rtol=0, atol=1e-12)
    assert np.all(np.diff(swept) >= -1e-12)  # more right votes never hurt


def test_majority_vote_approaches_its_limit() -> None:
    p = np.array([0.15, 0.3])
    far = bon.majority_vote_probability(p, 1024, wrong_answers=4)
    np.testing.assert_allclose(far, bon.majority_vote_limit(p, wrong_answers=4), atol=1e-6)
    assert bon.majority_vote_limit(0.2, wrong_answers=4) == pytest.approx(0.2)  # the exact tie
    assert bon.majority_vote_limit(0.01, wrong_answers="infinite") == 1.0


# --------------------------------------------------------------------------- correlation and difficulty


def test_beta_coverage_matches_exact_product() -> None:
    for a, b, n in [(0.3, 1.7, 1), (0.3, 1.7, 50), (2.0, 5.0, 7), (0.05, 0.4, 300), (40.0, 3.0, 12)]:
        miss = math.prod((b + i) / (a + b + i) for i in range(n))
        assert bon.beta_coverage(a, b, n) == pytest.approx(1 - miss, rel=1e-12)
    assert bon.beta_coverage(1.0, 1.0, 9) == pytest.approx(0.9, abs=1e-14)  # uniform P: n / (n + 1)


def test_beta_coverage_keeps_digits_at_extreme_parameters() -> None:
    def log_miss(a: float, b: float, n: int) -> float:  # exact sum of the product's logs
        return math.fsum(
            math.log1p(-a / (a + b + i)) if a < b + i else math.log(b + i) - math.log(a + b + i)
            for i in range(n)
        )

    cases = [(1e-9, 0.5, 64), (1e-3, 1e9, 300), (1e6, 3.0, 7), (0.3, 1.7, 100_000), (25.0, 9.99, 5000)]
    for a, b, n in cases:
        want = -math.expm1(log_miss(a, b, n))
        assert bon.beta_coverage(a, b, n) == pytest.approx(want, rel=1e-10)


def _fit_concentration(mean: float, n: int, target: float) -> float:
    """Concentration a + b of a Beta with the given mean whose coverage at n equals target."""
    low, high = 1e-6, 1e6  # coverage rises with concentration (less spread) at fixed mean
    for _ in range(200):
        mid = math.sqrt(low * high)
        if bon.beta_coverage(mean * mid, (1 - mean) * mid, n) < target:
            low = mid
        else:
            high = mid
    return math.sqrt(low * high)


def test_difficulty_spread_reproduces_large_language_monkeys_shape() -> None:
    # SWE-bench Lite (Brown et al. 2024): 15.9% with one sample, 56% with 250
    k = _fit_concentration(0.159, 250, 0.56)
    a, b = 0.159 * k, 0.841 * k
    n = 2 ** np.arange(0, 14)
    cov = np.asarray(bon.beta_coverage(a, b, n))
    assert cov[0] == pytest.approx(0.159, abs=1e-12)
    assert bon.beta_coverage(a, b, 250) == pytest.approx(0.56, abs=1e-9)
    assert bon.success_probability(0.159, 250) > 0.9999  # independent samples would claim ~100%
    gains = np.diff(cov)  # coverage gained per doubling of N
    assert np.all(gains > 0) and np.all(np.diff(gains[3:]) < 0)  # still rising, but flattening
    slope = np.diff(np.log1p(-cov))[-3:] / np.log(2)  # miss rate ~ N^-a on log-log axes
    np.testing.assert_allclose(slope, -a, rtol=0.05)


def test_correlated_success_limits_and_equivalence() -> None:
    n = np.array([1, 4, 16, 64])
    np.testing.assert_allclose(
        bon.correlated_success_probability(0.25, n, rho=0.0), bon.success_probability(0.25, n), atol=0
    )
    np.testing.assert_allclose(bon.correlated_success_probability(0.25, n, rho=1.0), 0.25, atol=0)
    theta = (1 - 0.2) / 0.2
    np.testing.assert_allclose(
        bon.correlated_success_probability(0.25, n, rho=0.2),
        bon.beta_coverage(0.25 * theta, 0.75 * theta, n),
        rtol=1e-13,
    )
    tiny = bon.correlated_success_probability(0.25, n, rho=1e-12)  # continuous as rho -> 0
    np.testing.assert_allclose(tiny, bon.success_probability(0.25, n), rtol=1e-9)
    assert bon.correlated_success_probability(1.0, 5, rho=0.3) == 1.0
    assert bon.correlated_success_probability(0.0, 5, rho=0.3) == 0.0


# --------------------------------------------------------------------------- reward-model selector


def _reward_model_brute(p: float, n: int, recall: float, false_pick: float) -> float:
    """Enumerate (right?, flagged?) for every candidate; pick uniformly among flagged, else all."""
    kinds = {(True, True): p * recall, (True, False): p * (1 - recall),
             (False, True): (1 - p) * false_pick, (False, False): (1 - p) * (1 - false_pick)}
    total = 0.0
    for combo in itertools.product(kinds, repeat=n):
        weight = math.prod(kinds[kind] for kind in combo)
        pool = [kind for kind in combo if kind[1]] or list(combo)
        total += weight * sum(kind[0] for kind in pool) / len(pool)
    return total


def test_reward_model_matches_enumeration() -> None:
    for p, r, f in [(0.25, 0.9, 0.1), (0.6, 0.5, 0.3), (0.1, 1.0, 0.0), (0.3, 0.0, 0.2), (0.5, 0.0, 0.0)]:
        for n in range(1, 6):
            got = bon.reward_model_selection_probability(p, n, recall=r, false_pick_rate=f)
            assert got == pytest.approx(_reward_model_brute(p, n, r, f), abs=1e-13), (p, r, f, n)


def test_reward_model_special_cases_and_ceiling() -> None:
    n = np.array([1, 3, 10])
    perfect = bon.reward_model_selection_probability(0.3, n, recall=1.0, false_pick_rate=0.0)
    np.testing.assert_allclose(perfect, bon.success_probability(0.3, n), atol=1e-15)
    useless = bon.reward_model_selection_probability(0.3, n, recall=0.4, false_pick_rate=0.4)
    np.testing.assert_allclose(useless, 0.3, atol=1e-15)
    ceiling = bon.selector_ceiling(0.25, recall=0.9, false_pick_rate=0.1)
    assert ceiling == pytest.approx(0.225 / 0.3)
    far = bon.reward_model_selection_probability(0.25, 1024, recall=0.9, false_pick_rate=0.1)
    assert far == pytest.approx(ceiling, abs=1e-12)


# --------------------------------------------------------------------------- page helpers


def test_samples_to_reach() -> None:
    assert bon.samples_to_reach(0.25, 0.99) == 17  # N = 16 gives 98.998%, printed as 99.0%
    assert bon.success_probability(0.25, 16) < 0.99 <= bon.success_probability(0.25, 17)
    assert bon.samples_to_reach(0.25, 0.0) == 1
    assert bon.samples_to_reach(0.25, 0.9, selector_recall=0.8) is None
    assert bon.samples_to_reach(0.0, 0.5) is None
    with_rho = bon.samples_to_reach(0.25, 0.9, rho=0.2)
    assert with_rho is not None
    assert bon.correlated_success_probability(0.25, with_rho - 1, rho=0.2) < 0.9
    assert bon.correlated_success_probability(0.25, with_rho, rho=0.2) >= 0.9


def test_sweep_agrees_with_the_single_models() -> None:
    n = np.array([1, 2, 8, 32, 100])
    s = bon.best_of_n_sweep(
        0.3, n, selector_recall=0.7, wrong_answers=5, rho=0.2, beta_a=0.4, beta_b=1.1,
        rm_recall=0.8, rm_false_pick_rate=0.05, tokens_per_attempt=1400, price_per_million_usd=10.0,
    )
    np.testing.assert_array_equal(s.n, n)
    np.testing.assert_allclose(s.selector, 0.7 * np.asarray(bon.success_probability(0.3, n)))
    np.testing.assert_allclose(s.majority, bon.majority_vote_probability(0.3, n, wrong_answers=5))
    np.testing.assert_allclose(s.correlated, bon.correlated_success_probability(0.3, n, rho=0.2))
    np.testing.assert_allclose(s.difficulty_spread, bon.beta_coverage(0.4, 1.1, n))
    np.testing.assert_allclose(
        s.reward_model, bon.reward_model_selection_probability(0.3, n, recall=0.8, false_pick_rate=0.05)
    )
    assert s.cost_usd[0] == pytest.approx(0.014)  # the article's 1,400 billed tokens at $10 / M
    np.testing.assert_array_equal(s.output_tokens, n * 1400)
    default = bon.best_of_n_sweep(0.3, n)  # difficulty spread defaults to Beta(p, 1 - p)
    np.testing.assert_allclose(default.difficulty_spread, bon.beta_coverage(0.3, 0.7, n), rtol=1e-12)


# --------------------------------------------------------------------------- bad input


BAD_CALLS = [
    (lambda: bon.success_probability(1.3, 2), "p"),
    (lambda: bon.success_probability(float("nan"), 2), "p"),
    (lambda: bon.success_probability(0.5, 0), "n"),
    (lambda: bon.success_probability(0.5, 2.5), "n"),
    (lambda: bon.success_probability([0.2, -0.1], 2), "p"),
    (lambda: bon.success_probability("high", 2), "p"),
    (lambda: bon.selected_success_probability(0.5, 2, 1.3), "selector_recall"),
    (lambda: bon.majority_vote_probability(0.5, 2000, wrong_answers=3), "n"),
    (lambda: bon.majority_vote_probability(0.5, 3, wrong_answers=0), "wrong_answers"),
    (lambda: bon.majority_vote_probability(0.5, 3, wrong_answers="many"), "wrong_answers"),
    (lambda: bon.majority_vote_probability(0.5, 3, wrong_answers=float("nan")), "wrong_answers"),
    (lambda: bon.correlated_success_probability(0.5, 3, rho=-0.1), "rho"),
    (lambda: bon.beta_coverage(0.0, 1.0, 3), "a"),
    (lambda: bon.beta_coverage(1.0, float("inf"), 3), "b"),
    (lambda: bon.reward_model_selection_probability(0.5, 3, recall=1.3, false_pick_rate=0.1), "recall"),
    (
        lambda: bon.reward_model_selection_probability(0.5, 3, recall=0.9, false_pick_rate=-1),
        "false_pick_rate",
    ),
    (lambda: bon.selector_ceiling(0.5, recall=0.9, false_pick_rate=float("nan")), "false_pick_rate"),
    (lambda: bon.samples_to_reach(0.5, 1.5), "target"),
    (lambda: bon.samples_to_reach(0.5, 0.5, n_max=0), "n_max"),
    (lambda: bon.best_of_n_sweep(0.5, [0, 4]), "n_values"),
    (lambda: bon.best_of_n_sweep(0.5, [4], tokens_per_attempt=-800), "tokens_per_attempt"),
    (lambda: bon.best_of_n_sweep(0.5, [4], price_per_million_usd=-1.0), "price_per_million_usd"),
    (lambda: bon.best_of_n_sweep(0.5, [4], beta_a=0.5), "beta_a"),
    (lambda: bon.best_of_n_sweep(0.5, [4], selector_recall=2.0), "selector_recall"),
]


@pytest.mark.parametrize(("call", "name"), BAD_CALLS)
def test_bad_input_raises_value_error_naming_the_parameter(call: object, name: str) -> None:
    assert callable(call)
    with pytest.raises(ValueError, match=rf"^{name} "):
        call()


def test_error_message_states_the_allowed_range() -> None:
    with pytest.raises(ValueError, match=r"\[0, 1\].*nan"):
        bon.success_probability(float("nan"), 1)
    with pytest.raises(ValueError, match=r"\[1, 1024\]"):
        bon.majority_vote_probability(0.5, 2000, wrong_answers=3)
