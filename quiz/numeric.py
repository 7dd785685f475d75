"""The numeric question generators. Each draws its inputs, then asks ``sims`` for the key.

Inputs are rounded to what the prompt prints before they reach ``sims``, so the student computes
with exactly the numbers the key was computed from. Where a draw would make a question degenerate
(a mistake value equal to the answer, no eligible route), the generator draws again from the same
seeded stream, so the result is still a pure function of the seed.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

import sims
from quiz.generators import NumericCase, _int, _pick, _uniform, register

GIB = 2**30
KIB = 2**10
# Models whose KV cache follows the plain formula at every length (no sliding windows, no MLA).
KV_MODELS = ("Llama-3.1-8B", "Llama-3.1-70B", "Llama-3.1-405B", "Qwen2.5-7B", "Qwen2.5-72B")
# Small full-attention models whose bf16 weights leave room for KV cache on one GPU of every preset.
SMALL_MODELS = ("Llama-3.1-8B", "Qwen2.5-7B")
_DRAWS = 200  # generous bound on redraws; every generator below accepts most draws


def _percent(value: float | NDArray[np.float64]) -> float:
    return 100.0 * float(value)


@register("scaling.training_flops", mistakes=("forgot_six", "forward_only"))
def training_flops(rng: np.random.Generator) -> NumericCase:
    params_b = _pick(rng, (1, 3, 7, 8, 13, 34, 70, 405))
    tokens_t = _pick(rng, (0.3, 1, 2, 4, 15))
    zetta = float(sims.training_flops(params_b * 1e9, tokens_t * 1e12)) / 1e21
    return NumericCase(
        params={"params_b": params_b, "tokens_t": tokens_t},
        answer=zetta,
        mistakes={"forgot_six": zetta / 6, "forward_only": zetta / 3},
    )


@register("best_of_n.success", mistakes=("p_times_n", "all_correct", "one_minus_p_pow_n"))
def best_of_n_success(rng: np.random.Generator) -> NumericCase:
    for _ in range(_DRAWS):
        p, n = _uniform(rng, 0.03, 0.40, 2), _int(rng, 2, 40)
        answer = float(sims.success_probability(p, n))
        if 0.25 <= answer <= 0.97:
            break
    return NumericCase(
        params={"p": p, "n": n},
        answer=_percent(answer),
        mistakes={
            "p_times_n": _percent(p * n),
            "all_correct": _percent(p**n),
            "one_minus_p_pow_n": _percent(1 - p**n),
        },
    )


@register("best_of_n.pass_at_k", mistakes=("naive", "pass_at_1"))
def pass_at_k(rng: np.random.Generator) -> NumericCase:
    for _ in range(_DRAWS):
        n = _int(rng, 10, 100)
        c, k = _int(rng, 1, n // 3), _int(rng, 2, 10)
        answer = _percent(sims.pass_at_k(n, c, k))
        naive = _percent(sims.pass_at_k_naive(n, c, k))
        if answer <= 97 and abs(answer - naive) >= 1.0:
            break
    return NumericCase(
        params={"n": n, "c": c, "k": k},
        answer=answer,
        mistakes={"naive": naive, "pass_at_1": _percent(c / n)},
    )


@register("best_of_n.majority_vote", mistakes=("oracle", "single_sample"))
def majority_vote(rng: np.random.Generator) -> NumericCase:
    p, m, n = _uniform(rng, 0.20, 0.55, 2), _int(rng, 2, 6), _pick(rng, (3, 5, 7, 9, 11, 15, 21))
    answer = _percent(sims.majority_vote_probability(p, n, wrong_answers=m))
    return NumericCase(
        params={"p": p, "m": m, "n": n},
        answer=answer,
        mistakes={"oracle": _percent(sims.success_probability(p, n)), "single_sample": _percent(p)},
    )


@register("best_of_n.selected", mistakes=("oracle_only", "recall_times_p"))
def selected(rng: np.random.Generator) -> NumericCase:
    for _ in range(_DRAWS):
        p, n, recall = _uniform(rng, 0.05, 0.40, 2), _int(rng, 2, 32), _uniform(rng, 0.50, 0.95, 2)
        if 0.4 <= sims.success_probability(p, n) <= 0.97:
            break
    answer = _percent(sims.selected_success_probability(p, n, recall))
    return NumericCase(
        params={"p": p, "n": n, "recall": recall},
        answer=answer,
        mistakes={
            "oracle_only": _percent(sims.success_probability(p, n)),
            "recall_times_p": _percent(recall * p),
        },
    )


@register("revision.early_stop", mistakes=("all_rounds", "count_including_stop"))
def revision_stop(rng: np.random.Generator) -> NumericCase:
    for _ in range(_DRAWS):
        min_gain = _pick(rng, (0.01, 0.02, 0.03))
        rounds = _int(rng, 5, 7)
        stop_at = _int(rng, 2, rounds - 2)  # index of the first weak gain; at least two rounds left unused
        gains = [round(float(rng.uniform(min_gain + 0.006, 0.12)), 3) for _ in range(stop_at - 1)]
        gains += [round(float(rng.uniform(0.0, min_gain - 0.004)), 3) for _ in range(rounds - stop_at)]
        scores = [round(_uniform(rng, 0.40, 0.65, 2), 3)]
        for gain in gains:
            scores.append(round(scores[-1] + gain, 3))
        if scores[-1] <= 0.99:  # verified scores are probabilities
            break
    used = sims.early_stop(scores, minimum_gain=min_gain).used_rounds
    return NumericCase(
        params={
            "scores": ", ".join(f"{s:.3f}" for s in scores),
            "score_values": scores,
            "min_gain": min_gain,
        },
        answer=float(used),
        mistakes={"all_rounds": float(len(scores)), "count_including_stop": float(used + 1)},
    )


@register("prm.steps_saved", mistakes=("prm_total", "orm_total"))
def prm_steps(rng: np.random.Generator) -> NumericCase:
    for _ in range(_DRAWS):
        length = _int(rng, 5, 12)
        prunes: list[int | None] = [None] + [_int(rng, 1, length - 1) for _ in range(3)]
        prunes = [prunes[i] for i in rng.permutation(4)]
        accounting = sims.scored_steps([length] * 4, prunes)
        if accounting.saved_steps != accounting.prm_steps:
            break
    return NumericCase(
        params={
            "length": length,
            "prunes": ", ".join("none" if s is None else str(s) for s in prunes),
            "prune_steps": prunes,
        },
        answer=float(accounting.saved_steps),
        mistakes={"prm_total": float(accounting.prm_steps), "orm_total": float(accounting.orm_steps)},
    )


@register("tokens.output_cost", mistakes=("visible_only", "reasoning_only"))
def output_cost(rng: np.random.Generator) -> NumericCase:
    visible, reasoning = 10 * _int(rng, 10, 60), 100 * _int(rng, 5, 80)
    price = _pick(rng, (2, 4, 8, 10, 15, 60))
    bill = sims.token_bill(visible_tokens=visible, reasoning_tokens=reasoning, output_usd_per_mtok=price)
    return NumericCase(
        params={"visible": visible, "reasoning": reasoning, "price": price},
        answer=1000 * bill.output_cost_usd,
        mistakes={
            "visible_only": 1000 * bill.visible_cost_usd,
            "reasoning_only": 1000 * bill.reasoning_cost_usd,
        },
    )


@register("tokens.visible_share", mistakes=("ratio",))
def visible_share(rng: np.random.Generator) -> NumericCase:
    for _ in range(_DRAWS):
        visible, reasoning = 10 * _int(rng, 10, 80), 100 * _int(rng, 5, 60)
        bill = sims.token_bill(visible_tokens=visible, reasoning_tokens=reasoning)
        if _percent(visible / reasoning - bill.visible_fraction) >= 1.0:
            break
    return NumericCase(
        params={"visible": visible, "reasoning": reasoning},
        answer=_percent(bill.visible_fraction),
        mistakes={"ratio": _percent(visible / reasoning)},
    )


@register("kv_cache.trace_gib", mistakes=("no_factor_two", "attention_heads", "gigabytes"))
def kv_trace(rng: np.random.Generator) -> NumericCase:
    name, dtype = _pick(rng, KV_MODELS), _pick(rng, ("bf16", "fp8", "int4"))
    tokens = _pick(rng, (4096, 8192, 16384, 32768, 65536))
    spec = sims.MODELS[name]
    kv_bytes = float(sims.kv_bytes_sweep(name, tokens, kv_dtype=dtype))
    return NumericCase(
        params={
            "model": name,
            "dtype": dtype,
            "bytes_per_value": sims.KV_DTYPES[dtype],
            "layers": spec.layers,
            "kv_heads": spec.kv_heads,
            "head_dim": spec.head_dim,
            "tokens": tokens,
        },
        answer=kv_bytes / GIB,
        mistakes={
            "no_factor_two": kv_bytes / 2 / GIB,
            "attention_heads": kv_bytes * spec.attention_heads / spec.kv_heads / GIB,
            "gigabytes": kv_bytes / 1e9,
        },
    )


@register("kv_cache.prefix_saving", mistakes=("all_prompts", "with_sharing_total"))
def prefix_saving(rng: np.random.Generator) -> NumericCase:
    branches, prompt_tokens = _int(rng, 4, 16), 500 * _int(rng, 2, 16)
    continuation_tokens = 250 * _int(rng, 2, 16)
    kv_bytes_per_token = sims.MODELS[_pick(rng, KV_MODELS)].kv_bytes_per_token(2)
    shared = sims.prefix_sharing(prompt_tokens, continuation_tokens, branches, kv_bytes_per_token)
    return NumericCase(
        params={
            "branches": branches,
            "prompt_tokens": prompt_tokens,
            "continuation_tokens": continuation_tokens,
            "kv_kib": round(kv_bytes_per_token / KIB),
            "kv_bytes_per_token": kv_bytes_per_token,
        },
        answer=float(shared.saved_kv_bytes) / GIB,
        mistakes={
            "all_prompts": branches * prompt_tokens * kv_bytes_per_token / GIB,
            "with_sharing_total": float(shared.kv_bytes_with_sharing) / GIB,
        },
    )


@register("kv_cache.concurrent", mistakes=("rounded_up", "ignored_weights"))
def concurrent(rng: np.random.Generator) -> NumericCase:
    for _ in range(_DRAWS):
        name, gpu = _pick(rng, SMALL_MODELS), _pick(rng, tuple(sims.GPUS))
        kv_dtype, trace_tokens = _pick(rng, ("bf16", "fp8")), 1000 * _int(rng, 4, 32)
        result = sims.concurrent_traces(
            name, gpu, trace_tokens, kv_dtype=kv_dtype, weights_dtype="bf16", reserve_fraction=0.0
        )
        per_trace = float(result.kv_bytes_per_trace)
        if result.weights_fit and 2 <= result.max_concurrent_traces and result.free_bytes % per_trace:
            break
    return NumericCase(
        params={
            "gpu": gpu,
            "memory_gb": round(result.total_memory_bytes / 1e9),
            "model": name,
            "weights_gb": round(result.weights_bytes / 1e9, 1),
            "trace_tokens": trace_tokens,
            "kv_dtype": kv_dtype,
            "kv_kib": round(per_trace / trace_tokens / KIB),
        },
        answer=float(result.max_concurrent_traces),
        mistakes={
            "rounded_up": float(math.ceil(result.free_bytes / per_trace)),
            "ignored_weights": float(math.floor(result.total_memory_bytes / per_trace)),
        },
    )


def _draw_routes(rng: np.random.Generator) -> list[sims.Route]:
    single_q = _uniform(rng, 0.70, 0.82, 2)
    bounded_q = round(single_q + _uniform(rng, 0.04, 0.09, 2), 2)
    bon_q = round(bounded_q + _uniform(rng, 0.01, 0.04, 2), 2)
    return [
        sims.Route("single-pass", single_q, 10 * _int(rng, 15, 40), _uniform(rng, 0.001, 0.004, 4)),
        sims.Route("bounded-reasoning", bounded_q, 10 * _int(rng, 50, 120), _uniform(rng, 0.006, 0.015, 4)),
        sims.Route("best-of-4", bon_q, 10 * _int(rng, 70, 160), _uniform(rng, 0.02, 0.04, 4)),
        sims.Route(
            "guided-search",
            _uniform(rng, 0.90, 0.95, 2),
            10 * _int(rng, 180, 400),
            _uniform(rng, 0.04, 0.07, 4),
        ),
    ]


@register("routing.choose", mistakes=("cheapest_overall", "best_quality"))
def route_cost(rng: np.random.Generator) -> NumericCase:
    for _ in range(_DRAWS):
        routes = _draw_routes(rng)
        slo_ms, floor = _pick(rng, (800, 1000, 1200, 1500)), _int(rng, 75, 92)
        choice = sims.choose_route(routes, latency_slo_ms=slo_ms, minimum_quality=floor / 100)
        cheapest = min(routes, key=lambda r: r.cost_usd)
        best = max(routes, key=lambda r: r.quality)
        if choice.route is not None and choice.route not in (cheapest, best):
            break
    assert choice.route is not None
    # no "$" signs in tables: Streamlit markdown reads a pair of them as LaTeX
    rows = "\n".join(
        f"| {r.name} | {r.quality:.0%} | {r.latency_ms:.0f} | {r.cost_usd:.4f} |" for r in routes
    )
    table = "| route | quality | latency (ms) | cost per request (USD) |\n|---|---|---|---|\n" + rows
    return NumericCase(
        params={
            "slo_ms": slo_ms,
            "floor": floor,
            "table": table,
            "routes": [(r.name, r.quality, r.latency_ms, r.cost_usd) for r in routes],
        },
        answer=1000 * choice.route.cost_usd,
        mistakes={"cheapest_overall": 1000 * cheapest.cost_usd, "best_quality": 1000 * best.cost_usd},
    )


@register("latency.ttft", mistakes=("no_base", "seconds"))
def ttft(rng: np.random.Generator) -> NumericCase:
    base_ms, rate = 10 * _int(rng, 10, 40), _pick(rng, (40, 50, 60, 80, 100, 120))
    budget = _pick(rng, (128, 256, 512, 1024, 2048))
    answer = float(sims.ttft_ms(budget, base_ttft_ms=base_ms, decode_tokens_per_s=rate))
    return NumericCase(
        params={"base_ms": base_ms, "rate": rate, "budget": budget},
        answer=answer,
        mistakes={"no_base": answer - base_ms, "seconds": base_ms + budget / rate},
    )


@register("latency.best_budget", mistakes=("best_ignoring_limit", "largest_within"))
def best_budget(rng: np.random.Generator) -> NumericCase:
    """Budgets inside the inverted-U model's calibrated range; the limit falls between two latencies."""
    for _ in range(_DRAWS):
        picks = rng.choice((384, 512, 768, 1024, 1536, 2048, 4096, 8192, 16384), size=4, replace=False)
        budgets = sorted(int(b) for b in picks)
        base_ms, rate = 10 * _int(rng, 15, 30), _pick(rng, (100, 150, 200, 300))
        accuracy = [round(float(a), 3) for a in np.atleast_1d(sims.accuracy_at_budget(budgets))]
        latency = [
            round(float(t))
            for t in np.atleast_1d(sims.ttft_ms(budgets, base_ttft_ms=base_ms, decode_tokens_per_s=rate))
        ]
        cut = _int(rng, 1, 2)  # budgets[: cut + 1] fit under the limit
        low, high = latency[cut] // 100 + 1, (latency[cut + 1] - 1) // 100
        if low > high:
            continue
        limit_ms = 100 * _int(rng, low, high)
        choice = sims.best_budget_under_limit(budgets, accuracy, latency, latency_limit_ms=limit_ms)
        best_overall = budgets[int(np.argmax(accuracy))]
        within = [b for b, t in zip(budgets, latency, strict=True) if t <= limit_ms]
        chosen = choice.chosen_budget_tokens
        if chosen is not None and (chosen != best_overall or chosen != max(within)):
            break  # at least one naive answer (most accurate overall, largest that fits) is wrong
    assert choice.chosen_budget_tokens is not None
    rows = "\n".join(f"| {b} | {a:.1%} | {t} |" for b, a, t in zip(budgets, accuracy, latency, strict=True))
    table = "| thinking budget (tokens) | accuracy | latency (ms) |\n|---|---|---|\n" + rows
    answer = float(choice.chosen_budget_tokens)
    mistakes = {"best_ignoring_limit": float(best_overall), "largest_within": float(max(within))}
    return NumericCase(
        params={
            "table": table,
            "limit_ms": limit_ms,
            "budgets": budgets,
            "accuracy": accuracy,
            "latency": latency,
        },
        answer=answer,
        mistakes={name: value for name, value in mistakes.items() if value != answer},
    )
