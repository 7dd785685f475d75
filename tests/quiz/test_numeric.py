"""Numeric items: the key is the simulation's result for the numbers on screen, for many seeds.

Two checks per item and seed: (1) the key equals a fresh call to ``sims`` with the drawn inputs, and
(2) it equals an independent closed-form reference written here from the article / facts.md (so a
generator that calls the wrong sim, or a sim that drifts, fails).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from typing import Any

import pytest

import quiz
import sims
from quiz.generators import GENERATORS

SEEDS = (0, 1, 2, 3, 7, 42, 2024, 123_456, 999_999_999)
NUMERIC = [item for item in quiz.load_bank() if item.kind == "numeric"]
GIB = 2**30


def _majority_reference(p: float, n: int, m: int) -> float:
    """Brute force over every outcome of n samples among 1 + m answers (right answer = index 0)."""
    from itertools import product

    probs = [p] + [(1 - p) / m] * m
    total = 0.0
    for outcome in product(range(m + 1), repeat=n):
        counts = [outcome.count(a) for a in range(m + 1)]
        top = max(counts)
        if counts[0] == top:
            total += math.prod(probs[a] for a in outcome) / counts.count(top)
    return total


def _early_stop_reference(scores: list[float], min_gain: float) -> int:
    used = 1
    for previous, current in itertools.pairwise(scores):
        if current - previous < min_gain:
            break
        used += 1
    return used


# generator -> (sims call, independent reference), both from the case's params
REFERENCES: dict[str, tuple[Callable[[dict[str, Any]], float], Callable[[dict[str, Any]], float]]] = {
    "scaling.training_flops": (
        lambda q: sims.training_flops(q["params_b"] * 1e9, q["tokens_t"] * 1e12) / 1e21,
        lambda q: 6 * q["params_b"] * 1e9 * q["tokens_t"] * 1e12 / 1e21,
    ),
    "best_of_n.success": (
        lambda q: 100 * sims.success_probability(q["p"], q["n"]),
        lambda q: 100 * (1 - (1 - q["p"]) ** q["n"]),
    ),
    "best_of_n.pass_at_k": (
        lambda q: 100 * sims.pass_at_k(q["n"], q["c"], q["k"]),
        lambda q: 100 * (1 - math.comb(q["n"] - q["c"], q["k"]) / math.comb(q["n"], q["k"])),
    ),
    "best_of_n.majority_vote": (
        lambda q: 100 * sims.majority_vote_probability(q["p"], q["n"], wrong_answers=q["m"]),
        lambda q: 100 * _majority_reference(q["p"], q["n"], q["m"]) if q["n"] <= 7 else math.nan,
    ),
    "best_of_n.selected": (
        lambda q: 100 * sims.selected_success_probability(q["p"], q["n"], q["recall"]),
        lambda q: 100 * q["recall"] * (1 - (1 - q["p"]) ** q["n"]),
    ),
    "revision.early_stop": (
        lambda q: sims.early_stop(q["score_values"], minimum_gain=q["min_gain"]).used_rounds,
        lambda q: _early_stop_reference(q["score_values"], q["min_gain"]),
    ),
    "prm.steps_saved": (
        lambda q: sims.scored_steps([q["length"]] * 4, q["prune_steps"]).saved_steps,
        lambda q: sum(q["length"] - (q["length"] if s is None else s) for s in q["prune_steps"]),
    ),
    "tokens.output_cost": (
        lambda q: (
            1000
            * sims.token_bill(
                visible_tokens=q["visible"], reasoning_tokens=q["reasoning"], output_usd_per_mtok=q["price"]
            ).output_cost_usd
        ),
        lambda q: 1000 * (q["visible"] + q["reasoning"]) * q["price"] / 1e6,
    ),
    "tokens.visible_share": (
        lambda q: (
            100
            * sims.token_bill(visible_tokens=q["visible"], reasoning_tokens=q["reasoning"]).visible_fraction
        ),
        lambda q: 100 * q["visible"] / (q["visible"] + q["reasoning"]),
    ),
    "kv_cache.trace_gib": (
        lambda q: sims.kv_bytes_sweep(q["model"], q["tokens"], kv_dtype=q["dtype"]) / GIB,
        lambda q: 2 * q["layers"] * q["kv_heads"] * q["head_dim"] * q["bytes_per_value"] * q["tokens"] / GIB,
    ),
    "kv_cache.prefix_saving": (
        lambda q: (
            sims.prefix_sharing(
                q["prompt_tokens"], q["continuation_tokens"], q["branches"], q["kv_bytes_per_token"]
            ).saved_kv_bytes
            / GIB
        ),
        lambda q: (q["branches"] - 1) * q["prompt_tokens"] * q["kv_kib"] * 1024 / GIB,
    ),
    "kv_cache.concurrent": (
        lambda q: (
            sims.concurrent_traces(
                q["model"],
                q["gpu"],
                q["trace_tokens"],
                kv_dtype=q["kv_dtype"],
                weights_dtype="bf16",
                reserve_fraction=0.0,
            ).max_concurrent_traces
        ),
        lambda q: math.floor(
            (q["memory_gb"] - q["weights_gb"]) * 1e9 / (q["trace_tokens"] * q["kv_kib"] * 1024)
        ),
    ),
    "routing.choose": (
        lambda q: (
            1000
            * sims.choose_route(
                [sims.Route(*r) for r in q["routes"]],
                latency_slo_ms=q["slo_ms"],
                minimum_quality=q["floor"] / 100,
            ).route.cost_usd
        ),
        lambda q: (
            1000 * min(r[3] for r in q["routes"] if r[2] <= q["slo_ms"] and r[1] >= q["floor"] / 100 - 1e-9)
        ),
    ),
    "latency.ttft": (
        lambda q: sims.ttft_ms(q["budget"], base_ttft_ms=q["base_ms"], decode_tokens_per_s=q["rate"]),
        lambda q: q["base_ms"] + q["budget"] / q["rate"] * 1000,
    ),
    "latency.best_budget": (
        lambda q: (
            sims.best_budget_under_limit(
                q["budgets"], q["accuracy"], q["latency"], latency_limit_ms=q["limit_ms"]
            ).chosen_budget_tokens
        ),
        lambda q: max(
            (a, b)
            for b, a, t in zip(q["budgets"], q["accuracy"], q["latency"], strict=True)
            if t <= q["limit_ms"]
        )[1],
    ),
}


def test_every_generator_has_a_reference_and_an_item():
    assert set(REFERENCES) == set(GENERATORS)
    assert {item.generator for item in NUMERIC} == set(GENERATORS)


@pytest.mark.parametrize("item", NUMERIC, ids=lambda item: item.id)
def test_key_equals_the_simulation_for_several_seeds(item: quiz.Item):
    via_sims, reference = REFERENCES[item.generator]
    for seed in SEEDS:
        question = quiz.instantiate(item, seed)
        params = question.params
        assert question.answer == pytest.approx(float(via_sims(params)), rel=1e-12, abs=1e-12), seed
        expected = float(reference(params))
        if not math.isnan(expected):
            assert question.answer == pytest.approx(expected, rel=1e-9, abs=1e-9), (seed, params)
        assert question.prompt == item.prompt.format(**params)  # the student sees the numbers used
        assert "{" not in question.prompt.replace("{}", "")


@pytest.mark.parametrize("item", NUMERIC, ids=lambda item: item.id)
def test_mistakes_are_distinguishable_and_all_occur(item: quiz.Item):
    seen: set[str] = set()
    for seed in range(40):
        question = quiz.instantiate(item, seed)
        for name, value in question.mistake_values.items():
            assert abs(value - question.answer) > question.tolerance, (seed, name, value, question.answer)
            seen.add(name)
    assert seen == set(GENERATORS[item.generator].mistakes)


@pytest.mark.parametrize("item", NUMERIC, ids=lambda item: item.id)
def test_same_seed_same_numbers_new_seed_new_numbers(item: quiz.Item):
    assert quiz.instantiate(item, 5) == quiz.instantiate(item, 5)
    prompts = {quiz.instantiate(item, seed).prompt for seed in range(8)}
    assert len(prompts) >= 3


def test_majority_reference_is_exercised():
    """The brute-force majority check must actually run for some seeds (small n)."""
    item = next(i for i in NUMERIC if i.generator == "best_of_n.majority_vote")
    assert any(quiz.instantiate(item, seed).params["n"] <= 7 for seed in SEEDS)


def test_article_numbers_through_the_same_sims():
    """Anchor: at the article's inputs the sims give the article's outputs (sanity for the references)."""
    assert 100 * sims.success_probability(0.25, 4) == pytest.approx(68.359375)
    assert sims.kv_bytes_sweep("Llama-3.1-70B", 16384, kv_dtype="fp8") / GIB == pytest.approx(2.5)
    assert sims.early_stop([0.61, 0.76, 0.78, 0.781, 0.781], minimum_gain=0.01).used_rounds == 3
