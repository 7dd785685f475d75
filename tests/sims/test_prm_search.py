"""PRM-guided search vs best-of-N: exact references, Monte Carlo within standard error, invariants."""

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sims._prm_engine import BestOfNDraws, SearchDraws, run_search, select_best_of_n, weighted_vote
from sims.prm import (
    AGGREGATIONS,
    COMPARISON_METHODS,
    SEARCH_METHODS,
    accuracy_vs_compute,
    compare_at_equal_compute,
    simulate_orm_best_of_n,
    simulate_search,
    verifier_separation,
)

# ------------------------------------------------------------------------------- exact references


def exact_perfect_beam(e: float, beam_width: int, branch_factor: int, depth: int) -> float:
    """Derived: with a perfect PRM only the number c of correct kept beams matters.

    c starts at beam_width (every beam is the prompt). Each depth the c correct beams make
    X ~ Binomial(c * branch_factor, 1 - e) correct children; a perfect verifier keeps
    min(X, beam_width) of them. The final pick is right iff X >= 1 at the last depth.
    """
    dist = {beam_width: 1.0}
    for t in range(depth):
        children: dict[int, float] = {}
        for c, pc in dist.items():
            n = c * branch_factor
            for x in range(n + 1):
                children[x] = children.get(x, 0.0) + pc * math.comb(n, x) * (1 - e) ** x * e ** (n - x)
        if t == depth - 1:
            return 1.0 - children.get(0, 0.0)
        dist = {}
        for x, px in children.items():
            dist[min(x, beam_width)] = dist.get(min(x, beam_width), 0.0) + px
    raise AssertionError("depth must be >= 1")


def exact_perfect_dvts(e: float, beam_width: int, branch_factor: int, depth: int) -> float:
    """Each subtree survives a depth iff one of its branch_factor children is right."""
    subtree = (1 - e**branch_factor) ** depth
    return 1 - (1 - subtree) ** beam_width


def oracle_best_of_n(e: float, n: int, depth: int) -> float:
    return 1 - (1 - (1 - e) ** depth) ** n


def within_se(estimate: float, exact: float, problems: int, k: float = 4.0) -> bool:
    se = math.sqrt(max(exact * (1 - exact), 1e-12) / problems)
    return abs(estimate - exact) <= k * se + 1e-12


# ------------------------------------------------------ brute force over every mistake pattern


@pytest.mark.parametrize("method", SEARCH_METHODS)
@pytest.mark.parametrize("aggregation", AGGREGATIONS)
@pytest.mark.parametrize(
    ("beam_width", "branch_factor", "depth"), [(2, 2, 2), (1, 3, 3), (3, 2, 2), (2, 2, 3)]
)
def test_perfect_prm_enumeration_equals_exact(
    method: str, aggregation: str, beam_width: int, branch_factor: int, depth: int
) -> None:
    # Every pattern of wrong steps on a tiny tree, weighted by its probability: the exact expected
    # accuracy of the step function, which must equal the derived closed forms.
    e = 0.35
    candidates = beam_width * branch_factor
    bits = depth * candidates
    patterns = np.array(list(itertools.product([False, True], repeat=bits)))  # (2^bits, bits)
    wrong = patterns.reshape(-1, depth, candidates)
    rng = np.random.default_rng(0)
    draws = SearchDraws(wrong=wrong, noise=rng.standard_normal(wrong.shape), tie_keys=rng.random(wrong.shape))
    trace = run_search(draws, half_separation=math.inf, aggregation=aggregation, method=method,
                       beam_width=beam_width, branch_factor=branch_factor)
    hit = trace.correct[np.arange(len(wrong)), -1, trace.selected]
    mistakes = patterns.sum(axis=1)
    weight = e**mistakes * (1 - e) ** (bits - mistakes)
    exact_fn = exact_perfect_beam if method == "beam" else exact_perfect_dvts
    exact = exact_fn(e, beam_width, branch_factor, depth)
    assert float(weight @ hit) == pytest.approx(exact, abs=1e-12)


def test_closed_forms_agree_where_beam_and_dvts_coincide() -> None:
    # One beam: beam search and DVTS are both greedy search with branch_factor children.
    assert exact_perfect_beam(0.2, 1, 4, 6) == pytest.approx(exact_perfect_dvts(0.2, 1, 4, 6), abs=1e-12)


# ---------------------------------------------------------------- Monte Carlo vs exact references


@pytest.mark.parametrize("method", SEARCH_METHODS)
@pytest.mark.parametrize(("e", "beam_width", "branch_factor", "depth"), [(0.3, 2, 3, 6), (0.5, 4, 2, 5)])
def test_perfect_prm_monte_carlo(
    method: str, e: float, beam_width: int, branch_factor: int, depth: int
) -> None:
    problems = 20_000
    r = simulate_search(step_error=e, prm_quality=1.0, beam_width=beam_width, branch_factor=branch_factor,
                        depth=depth, method=method, problems=problems, rng=11)
    exact_fn = exact_perfect_beam if method == "beam" else exact_perfect_dvts
    exact = exact_fn(e, beam_width, branch_factor, depth)
    assert within_se(r.accuracy, exact, problems)
    assert r.mistaken_prunes == 0.0  # a perfect verifier never keeps a wrong prefix over a correct one
    assert r.accuracy == r.coverage  # ... and always returns a correct complete chain when one exists


@pytest.mark.parametrize("method", SEARCH_METHODS)
@pytest.mark.parametrize("aggregation", AGGREGATIONS)
def test_noise_only_prm_is_a_single_random_chain(method: str, aggregation: str) -> None:
    problems, e, depth = 20_000, 0.12, 6
    r = simulate_search(step_error=e, prm_quality=0.0, beam_width=3, branch_factor=3, depth=depth,
                        aggregation=aggregation, method=method, problems=problems, rng=5)
    assert within_se(r.accuracy, (1 - e) ** depth, problems)


@pytest.mark.parametrize("weighted", [False, True])
def test_perfect_orm_best_of_n(weighted: bool) -> None:
    problems, e, n, depth = 20_000, 0.2, 6, 8
    r = simulate_orm_best_of_n(step_error=e, verifier_quality=1.0, n=n, depth=depth, weighted=weighted,
                           problems=problems, rng=3)
    assert within_se(r.accuracy, oracle_best_of_n(e, n, depth), problems)
    assert r.accuracy == r.coverage


def test_noise_only_orm_is_a_single_random_chain() -> None:
    problems, e, depth = 20_000, 0.1, 8
    r = simulate_orm_best_of_n(step_error=e, verifier_quality=0.0, n=8, depth=depth, problems=problems, rng=4)
    assert within_se(r.accuracy, (1 - e) ** depth, problems)


@pytest.mark.parametrize("quality", [0.2, 0.7])
def test_orm_picks_by_auc_between_one_right_and_one_wrong_chain(quality: float) -> None:
    problems = 20_000
    rng = np.random.default_rng(9)
    correct = np.tile([True, False], (problems, 1))
    draws = BestOfNDraws(correct=correct, noise=rng.standard_normal(correct.shape),
                         tie_keys=rng.random(correct.shape), answer=np.ones(correct.shape, dtype=np.intp),
                         vote_keys=rng.random((problems, 2)))
    half = verifier_separation(quality) / 2
    auc = (1 + quality) / 2
    assert within_se(float(select_best_of_n(draws, half_separation=half).mean()), auc, problems)
    # Two chains, two different answers, one vote each: the weighted vote is the same comparison.
    assert within_se(float(weighted_vote(draws, half_separation=half).mean()), auc, problems)


def test_weighted_vote_by_hand() -> None:
    # Right answer (0) scored 0.9; two wrong chains agree on answer 1 with scores 0.5 each -> 1.0 wins.
    score = np.array([[0.9, 0.5, 0.5, 0.2]])
    draws = BestOfNDraws(correct=np.array([[True, False, False, False]]), noise=np.log(score / (1 - score)),
                         tie_keys=np.zeros((1, 4)), answer=np.array([[0, 1, 1, 2]]),
                         vote_keys=np.zeros((1, 3)))
    assert not weighted_vote(draws, half_separation=0.0)[0]
    assert select_best_of_n(draws, half_separation=0.0)[0]


# ------------------------------------------------------------------ step function with fixed draws


def test_beam_keeps_global_top_and_dvts_best_per_subtree() -> None:
    noise = np.array([[[0.9, 0.8, 0.1, 0.2], [0.0, 0.0, 0.0, 0.0]]])
    draws = SearchDraws(wrong=np.zeros(noise.shape, dtype=bool), noise=noise, tie_keys=np.zeros(noise.shape))
    kwargs = {"half_separation": 0.0, "aggregation": "last", "beam_width": 2, "branch_factor": 2}
    beam = run_search(draws, method="beam", **kwargs)  # type: ignore[arg-type]
    dvts = run_search(draws, method="dvts", **kwargs)  # type: ignore[arg-type]
    assert sorted(beam.kept_idx[0, 0].tolist()) == [0, 1]
    assert dvts.kept_idx[0, 0].tolist() == [0, 3]


def _chosen_first_step(noise: list[list[float]], aggregation: str) -> int:
    """Two unpruned chains (beam_width 2, branch_factor 1): which depth-1 candidate was the answer."""
    arr = np.array([noise])
    draws = SearchDraws(wrong=np.zeros(arr.shape, dtype=bool), noise=arr, tie_keys=np.zeros(arr.shape))
    trace = run_search(draws, half_separation=0.0, aggregation=aggregation, method="beam", beam_width=2,
                       branch_factor=1)
    return int(trace.kept_idx[0, 0, trace.selected[0]])


@pytest.mark.parametrize(
    ("noise", "expected"),
    [
        # Chain A = candidate 0, chain B = candidate 1. After depth 1 the better prefix takes slot 0,
        # so the depth-2 logits are listed as [B's step, A's step].
        # A: logits (-3, 2), B: (0, 1). last -> A; min and product punish A's bad first step.
        ([[-3.0, 0.0], [1.0, 2.0]], {"last": 0, "min": 1, "product": 1}),
        # A: (0.5, 0.5), B: (3, 0.4). min -> A (0.5 > 0.4); product -> B (sigma(3) * sigma(0.4) larger).
        ([[0.5, 3.0], [0.4, 0.5]], {"last": 0, "min": 0, "product": 1}),
    ],
)
def test_aggregations_by_hand(noise: list[list[float]], expected: dict[str, int]) -> None:
    assert {agg: _chosen_first_step(noise, agg) for agg in AGGREGATIONS} == expected


# ---------------------------------------------------------------------------------- invariants

search_settings = st.fixed_dictionaries({
    "step_error": st.floats(0.0, 1.0),
    "prm_quality": st.floats(0.0, 1.0),
    "beam_width": st.integers(1, 4),
    "branch_factor": st.integers(1, 4),
    "depth": st.integers(1, 6),
    "aggregation": st.sampled_from(AGGREGATIONS),
})


@settings(max_examples=40, deadline=None)
@given(search_settings, st.sampled_from(SEARCH_METHODS), st.integers(0, 2**32 - 1))
def test_search_invariants(kw: dict[str, object], method: str, seed: int) -> None:
    r = simulate_search(method=method, problems=50, rng=seed, **kw)  # type: ignore[arg-type]
    width, branches, depth = kw["beam_width"], kw["branch_factor"], kw["depth"]
    assert isinstance(width, int) and isinstance(branches, int) and isinstance(depth, int)
    assert 0.0 <= r.accuracy <= r.coverage <= 1.0
    assert r.accuracy_se >= 0.0
    assert r.steps_generated == r.steps_scored == width * branches * depth
    assert min(r.correct_pruned, r.wrong_pruned, r.mistaken_prunes) >= 0.0
    assert r.mistaken_prunes <= r.correct_pruned <= r.correct_pruned + r.wrong_pruned
    assert r.correct_pruned + r.wrong_pruned == pytest.approx((width * branches - width) * (depth - 1))
    # PRM never scores more steps than an ORM judging the same branches to completion.
    assert r.accounting.prm_steps == r.steps_scored <= r.accounting.orm_steps
    assert r.accounting.saved_steps == r.accounting.orm_steps - r.accounting.prm_steps


@settings(max_examples=25, deadline=None)
@given(search_settings, st.integers(1, 6), st.integers(0, 2**32 - 1))
def test_equal_compute_invariants(kw: dict[str, object], wrong_answers: int, seed: int) -> None:
    c = compare_at_equal_compute(wrong_answers=wrong_answers, problems=40, rng=seed, **kw)  # type: ignore[arg-type]
    assert tuple(r.method for r in c.rows) == COMPARISON_METHODS
    assert {r.steps_generated for r in c.rows} == {c.steps_generated}
    beam, orm = c.row("beam"), c.row("orm_best_of_n")
    assert orm.complete_chains == c.n_chains == beam.complete_chains
    assert beam.steps_scored <= orm.steps_scored  # equal generated compute: equal or fewer scored steps
    for r in c.rows:
        assert 0.0 <= r.accuracy <= 1.0 and r.accuracy_se >= 0.0


@settings(max_examples=20, deadline=None)
@given(search_settings, st.sampled_from(SEARCH_METHODS))
def test_no_mistakes_means_always_right(kw: dict[str, object], method: str) -> None:
    kw = {**kw, "step_error": 0.0}
    assert simulate_search(method=method, problems=30, rng=0, **kw).accuracy == 1.0  # type: ignore[arg-type]
    c = compare_at_equal_compute(problems=30, rng=0, **kw)  # type: ignore[arg-type]
    assert [r.accuracy for r in c.rows] == [1.0] * 4


def test_every_step_wrong_means_never_right() -> None:
    c = compare_at_equal_compute(step_error=1.0, prm_quality=0.5, problems=50, rng=0)
    assert [r.accuracy for r in c.rows] == [0.0] * 4


def test_better_prm_helps_search() -> None:
    low = simulate_search(step_error=0.2, prm_quality=0.0, problems=2_000, rng=1)
    high = simulate_search(step_error=0.2, prm_quality=0.9, problems=2_000, rng=1)
    assert high.accuracy - low.accuracy > 4 * math.hypot(high.accuracy_se, low.accuracy_se)
    assert high.mistaken_prunes < low.mistaken_prunes


def test_seeds_reproduce_exactly() -> None:
    kw = {"step_error": 0.15, "prm_quality": 0.6, "problems": 300}
    assert simulate_search(rng=42, **kw) == simulate_search(rng=42, **kw)  # type: ignore[arg-type]
    assert compare_at_equal_compute(rng=7, **kw) == compare_at_equal_compute(rng=7, **kw)  # type: ignore[arg-type]
    a = accuracy_vs_compute(budgets=[4, 8], rng=3, **kw)  # type: ignore[arg-type]
    b = accuracy_vs_compute(budgets=[4, 8], rng=3, **kw)  # type: ignore[arg-type]
    for method in COMPARISON_METHODS:
        np.testing.assert_array_equal(a.accuracy[method], b.accuracy[method])
    assert simulate_search(rng=1, **kw) != simulate_search(rng=2, **kw)  # type: ignore[arg-type]
    generator = np.random.default_rng(5)
    assert simulate_search(rng=generator, **kw) == simulate_search(rng=np.random.default_rng(5), **kw)  # type: ignore[arg-type]


def test_accuracy_vs_compute_shapes_and_oracle() -> None:
    curve = accuracy_vs_compute(step_error=0.2, prm_quality=0.7, budgets=[4, 8, 16], depth=5, problems=100,
                                rng=0)
    np.testing.assert_array_equal(curve.chains, [4, 8, 16])
    np.testing.assert_array_equal(curve.steps_generated, [20, 40, 80])
    assert set(curve.accuracy) == set(curve.accuracy_se) == set(COMPARISON_METHODS)
    for method in COMPARISON_METHODS:
        assert curve.accuracy[method].shape == (3,)
        assert np.all((curve.accuracy[method] >= 0) & (curve.accuracy[method] <= 1))
    np.testing.assert_allclose(curve.oracle_best_of_n, [oracle_best_of_n(0.2, n, 5) for n in (4, 8, 16)])


# ---------------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"step_error": 1.5}, "step_error"),
        ({"step_error": float("nan")}, "step_error"),
        ({"prm_quality": -0.1}, "prm_quality"),
        ({"beam_width": 0}, "beam_width"),
        ({"branch_factor": 2.0}, "branch_factor"),
        ({"depth": 0}, "depth"),
        ({"aggregation": "mean"}, "aggregation"),
        ({"method": "mcts"}, "method"),
        ({"problems": 0}, "problems"),
        ({"problems": 10**7, "beam_width": 64}, "problems"),
    ],
)
def test_search_rejects_bad_input(kwargs: dict[str, object], name: str) -> None:
    base: dict[str, object] = {"step_error": 0.1, "prm_quality": 0.5, "problems": 10}
    with pytest.raises(ValueError, match=name):
        simulate_search(**{**base, **kwargs})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"n": 0}, "n must"),
        ({"wrong_answers": 0}, "wrong_answers"),
        ({"verifier_quality": 2}, "verifier_quality"),
    ],
)
def test_best_of_n_rejects_bad_input(kwargs: dict[str, object], name: str) -> None:
    base: dict[str, object] = {"step_error": 0.1, "verifier_quality": 0.5, "n": 4, "problems": 10}
    with pytest.raises(ValueError, match=name):
        simulate_orm_best_of_n(**{**base, **kwargs})  # type: ignore[arg-type]


@pytest.mark.parametrize("budgets", [[], [6], [2], [4, 10_000]])
def test_curve_rejects_bad_budgets(budgets: list[int]) -> None:
    with pytest.raises(ValueError, match="budgets"):
        accuracy_vs_compute(step_error=0.1, prm_quality=0.5, budgets=budgets, branch_factor=4, problems=10)


def test_comparison_row_rejects_unknown_method() -> None:
    c = compare_at_equal_compute(step_error=0.1, prm_quality=0.5, problems=10, rng=0)
    with pytest.raises(ValueError, match="method"):
        c.row("mcts")
