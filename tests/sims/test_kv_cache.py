"""sims.kv_cache against published figures, brute-force block/position counting and invariants."""

from __future__ import annotations

import math
from collections import Counter

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sims.kv_cache import (
    GPUS,
    KV_DTYPES,
    MODELS,
    ModelSpec,
    batch_kv_bytes,
    concurrent_traces,
    kv_bytes_per_token,
    kv_bytes_sweep,
    kv_formula_terms,
    paged_blocks,
    paged_prefix_sharing,
    paging_waste,
    prefix_sharing,
)

GiB = 2**30
FAST = settings(max_examples=60, deadline=None)

# facts.md table, typed in independently: layers, attention heads, KV heads, head_dim, hidden, max context
FACTS = {
    "Llama-2-7B": (32, 32, 32, 128, 4096, 4096),
    "Llama-2-70B": (80, 64, 8, 128, 8192, 4096),
    "Llama-3.1-8B": (32, 32, 8, 128, 4096, 131072),
    "Llama-3.1-70B": (80, 64, 8, 128, 8192, 131072),
    "Llama-3.1-405B": (126, 128, 8, 128, 16384, 131072),
    "Mistral-7B-v0.1": (32, 32, 8, 128, 4096, 32768),
    "Mixtral-8x7B": (32, 32, 8, 128, 4096, 32768),
    "Qwen2.5-7B": (28, 28, 4, 128, 3584, 131072),
    "Qwen2.5-72B": (80, 64, 8, 128, 8192, 131072),
    "Gemma-2-9B": (42, 16, 8, 256, 3584, 8192),
    "GPT-OSS-120B": (36, 64, 8, 64, 2880, 131072),
}
NO_WINDOW = [name for name, spec in MODELS.items() if spec.sliding_window_layers == 0]


def toy(window: int | None = None, window_layers: int = 0) -> ModelSpec:
    return ModelSpec("toy", 4, 4, 2, 8, 32, 10_000, "GQA", 0.001, "test", window, window_layers)


# --- published figures -------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(FACTS))
def test_presets_match_facts_table(name: str) -> None:
    spec = MODELS[name]
    got = (spec.layers, spec.attention_heads, spec.kv_heads, spec.head_dim, spec.hidden_size)
    assert (*got, spec.max_context_tokens) == FACTS[name]
    layers, _, kv_heads, head_dim, _, _ = FACTS[name]
    assert spec.kv_bytes_per_token() == 2 * layers * kv_heads * head_dim * 2
    assert spec.source


def test_every_facts_model_is_present_with_a_source() -> None:
    assert set(FACTS) | {"DeepSeek-V3"} <= set(MODELS)
    assert all(spec.source and spec.params_billion > 0 for spec in MODELS.values())


def test_llama31_70b_is_320_kib_per_token() -> None:
    assert kv_bytes_per_token(80, 8, 128, 2) == 327_680 == 320 * 1024
    assert MODELS["Llama-3.1-70B"].kv_bytes_per_token("fp16") == 327_680
    assert MODELS["Llama-3.1-70B"].kv_bytes_per_token("fp8") == 163_840


def test_vllm_paper_13b_model() -> None:
    # Kwon et al. section 3: 40 layers, hidden 5120 (40 heads x 128), ~800 KB/token, ~1.6 GB for 2048 tokens
    spec = ModelSpec("13B", 40, 40, 40, 128, 5120, 2048, "MHA", 13.0, "vLLM paper")
    per_token = spec.kv_bytes_per_token("fp16")
    assert per_token == 800 * 1024
    assert abs(per_token / 800e3 - 1) < 0.03
    assert abs(spec.kv_bytes_for_sequence(2048, "fp16") / 1e9 - 1.6) < 0.1


def test_deepseek_mla_equals_gqa_with_2_25_groups() -> None:
    spec = MODELS["DeepSeek-V3"]
    assert spec.attention == "MLA"
    assert spec.kv_values_per_token_per_layer == 512 + 64  # no factor 2: one latent, not K and V
    assert spec.kv_values_per_token_per_layer / (2 * spec.head_dim) == 2.25  # DeepSeek-V2 paper
    assert spec.kv_bytes_per_token() == 61 * 576 * 2
    mha_equivalent = kv_bytes_per_token(61, 128, 128, 2)
    assert spec.kv_bytes_per_token() / mha_equivalent == pytest.approx(576 / (2 * 128 * 128))


def test_kv_dtypes_and_gpus() -> None:
    assert dict(KV_DTYPES) == {"bf16": 2, "fp16": 2, "fp8": 1, "int4": 0.5}
    expected = {
        "A100 40GB": (40e9, 1555e9),
        "A100 80GB SXM": (80e9, 2039e9),
        "H100 SXM": (80e9, 3.35e12),
        "H200 SXM": (141e9, 4.8e12),
    }
    assert {k: (g.memory_bytes, g.bandwidth_bytes_per_s) for k, g in GPUS.items()} == expected
    assert all(g.source for g in GPUS.values())


def test_article_prefix_sharing() -> None:
    r = prefix_sharing(4000, 1000, 8, 128 * 1024)
    assert f"tokens_without_sharing={r.tokens_without_sharing:,}" == "tokens_without_sharing=40,000"
    assert f"tokens_with_sharing={r.tokens_with_sharing:,}" == "tokens_with_sharing=12,000"
    assert f"{r.saved_kv_bytes / GiB:.2f}" == "3.42"
    assert isinstance(r.tokens_with_sharing, int) and r.saved_tokens == 28_000
    assert r.kv_bytes_without_sharing - r.kv_bytes_with_sharing == r.saved_kv_bytes
    assert r.saved_fraction == pytest.approx(0.7)


# --- sliding windows ---------------------------------------------------------------------------


def test_sliding_window_sequences() -> None:
    gemma = MODELS["Gemma-2-9B"]
    per_layer_token = 2 * 8 * 256 * 2
    assert gemma.kv_bytes_for_sequence(8192) == 21 * 8192 * per_layer_token + 21 * 4096 * per_layer_token
    assert gemma.kv_bytes_for_sequence(1000) == 42 * 1000 * per_layer_token
    oss = MODELS["GPT-OSS-120B"]
    assert oss.kv_bytes_for_sequence(100_000) == (18 * 100_000 + 18 * 128) * 2 * 8 * 64 * 2
    mistral = kv_bytes_sweep("Mistral-7B-v0.1", [1024, 4096, 8192, 32768])
    assert isinstance(mistral, np.ndarray)
    assert mistral.tolist() == [1024 * 131072, 4096 * 131072, 4096 * 131072, 4096 * 131072]


@FAST
@given(st.sampled_from(NO_WINDOW), st.integers(0, 200_000), st.integers(0, 200_000))
def test_kv_linear_in_tokens_without_windows(name: str, a: int, b: int) -> None:
    spec = MODELS[name]
    assert spec.kv_bytes_for_sequence(a + b) == spec.kv_bytes_for_sequence(a) + spec.kv_bytes_for_sequence(b)
    assert spec.kv_bytes_for_sequence(a) == a * spec.kv_bytes_per_token()


@FAST
@given(st.sampled_from(sorted(MODELS)), st.integers(0, 200_000), st.integers(0, 5000))
def test_windows_never_exceed_linear_and_grow_monotonically(name: str, tokens: int, extra: int) -> None:
    spec = MODELS[name]
    assert spec.kv_bytes_for_sequence(tokens) <= tokens * spec.kv_bytes_per_token()
    assert spec.kv_bytes_for_sequence(tokens + extra) >= spec.kv_bytes_for_sequence(tokens)


def test_sweep_and_batch_totals_are_vectorised() -> None:
    tokens = np.arange(0, 200_000, 1000)
    sweep = kv_bytes_sweep("Llama-3.1-8B", tokens, kv_dtype="fp8", sequences=4)
    assert isinstance(sweep, np.ndarray) and sweep.shape == tokens.shape
    assert np.array_equal(sweep, tokens * 65536.0 * 4)
    assert batch_kv_bytes("Llama-3.1-70B", [1000, 3000]) == 4000 * 327_680
    gemma = MODELS["Gemma-2-9B"]
    assert batch_kv_bytes(gemma, [8192, 8192]) == 2 * gemma.kv_bytes_for_sequence(8192)


def test_formula_terms_reproduce_the_total() -> None:
    terms = kv_formula_terms("Llama-3.1-70B")
    assert terms["expression"] == "2 × 80 × 8 × 128 × 2 B = 327,680 B per token"
    product = 2 * terms["layers"] * terms["kv_heads"] * terms["head_dim"] * terms["bytes_per_value"]  # type: ignore[operator]
    assert product == terms["kv_bytes_per_token"] == 327_680
    mla = kv_formula_terms("DeepSeek-V3", "fp8")
    assert (mla["latent_dim"], mla["rope_dim"], mla["kv_bytes_per_token"]) == (512, 64, 61 * 576)
    assert "kv_heads" not in mla and "(512 + 64)" in str(mla["expression"])
    assert kv_formula_terms("Gemma-2-9B", "int4")["sliding_window_layers"] == 21


# --- prefix sharing and paging -----------------------------------------------------------------


def brute_paged_blocks(prompt: int, cont: int, branches: int, block: int) -> tuple[int, int]:
    """Simulate a block allocator with reference counts and copy-on-write; count live blocks."""
    fill: list[int] = []
    refs: Counter[int] = Counter()

    def append(table: list[int]) -> None:
        last = table[-1] if table else None
        if last is None or fill[last] == block:
            fill.append(0)
            table.append(len(fill) - 1)
            refs[len(fill) - 1] += 1
        elif refs[last] > 1:  # writing into a shared partial block: copy it first
            refs[last] -= 1
            fill.append(fill[last])
            table[-1] = len(fill) - 1
            refs[len(fill) - 1] += 1
        fill[table[-1]] += 1

    prompt_table: list[int] = []
    for _ in range(prompt):
        append(prompt_table)
    tables = [list(prompt_table) for _ in range(branches)]
    for block_id in prompt_table:
        refs[block_id] = branches
    for table in tables:
        for _ in range(cont):
            append(table)
    shared = sum(1 for count in refs.values() if count > 0)
    return branches * math.ceil((prompt + cont) / block), shared


@settings(max_examples=80, deadline=None)
@given(st.integers(0, 90), st.integers(0, 60), st.integers(1, 6), st.integers(1, 20))
def test_paged_sharing_matches_brute_force_allocator(prompt: int, cont: int, n: int, block: int) -> None:
    r = paged_prefix_sharing(prompt, cont, n, 10.0, block_size_tokens=block)
    without, with_ = brute_paged_blocks(prompt, cont, n, block)
    assert (r.blocks_without_sharing, r.blocks_with_sharing) == (without, with_)
    assert r.kv_bytes_with_sharing == with_ * block * 10.0


@FAST
@given(st.integers(0, 10**6), st.integers(0, 10**6), st.integers(1, 256), st.integers(1, 64))
def test_sharing_never_costs_more(prompt: int, cont: int, n: int, block: int) -> None:
    token = prefix_sharing(prompt, cont, n, 1.0)
    assert token.tokens_with_sharing <= token.tokens_without_sharing
    paged = paged_prefix_sharing(prompt, cont, n, 1.0, block_size_tokens=block)
    assert paged.blocks_with_sharing <= paged.blocks_without_sharing
    # blocks never hold less than the tokens they store
    assert paged.blocks_with_sharing * block >= token.tokens_with_sharing
    one = paged_prefix_sharing(prompt, cont, n, 1.0, block_size_tokens=1)
    assert one.blocks_with_sharing == token.tokens_with_sharing


def test_sharing_is_vectorised_over_branches() -> None:
    n = np.arange(1, 65)
    r = prefix_sharing(4000, 1000, n, 131072.0)
    assert isinstance(r.saved_kv_bytes, np.ndarray)
    assert [int(x) for x in r.tokens_with_sharing] == [4000 + k * 1000 for k in range(1, 65)]  # type: ignore[union-attr]
    assert r.saved_tokens[0] == 0  # type: ignore[index]


def test_paged_blocks() -> None:
    assert paged_blocks([0, 1, 16, 17, 33]).tolist() == [0, 1, 1, 2, 3]  # type: ignore[union-attr]
    assert paged_blocks(100, block_size_tokens=32) == 4


@FAST
@given(st.lists(st.integers(0, 4096), min_size=1, max_size=50), st.integers(1, 64))
def test_paging_waste_below_one_block_per_sequence(lengths: list[int], block: int) -> None:
    r = paging_waste(lengths, 4096, block)
    assert r.used_tokens == sum(lengths)
    assert r.static_waste_tokens == 4096 * len(lengths) - sum(lengths)
    assert np.all((r.paged_waste_tokens_per_sequence >= 0) & (r.paged_waste_tokens_per_sequence < block))
    if 4096 % block == 0:  # a block-aligned reservation can only waste more than paging
        assert r.paged_waste_tokens <= r.static_waste_tokens
    else:  # a sequence that fills the reservation exactly still rounds up to whole blocks when paged
        assert r.paged_waste_tokens < r.static_waste_tokens + len(lengths) * block


def test_paging_waste_under_4_percent_for_realistic_lengths() -> None:
    rng = np.random.default_rng(0)
    lengths = rng.integers(400, 2049, size=1000)
    r = paging_waste(lengths, 2048)
    assert r.paged_waste_fraction < 0.04  # vLLM: under 4%
    assert 0.25 < r.static_waste_fraction < 0.5  # uniform in [400, 2048] vs reserving 2048


# --- capacity ------------------------------------------------------------------------------------


def test_capacity_hand_computed() -> None:
    r = concurrent_traces("Llama-3.1-8B", "H100 SXM", 10_000)
    free = 80e9 * 0.9 - 8e9 * 2
    assert r.free_bytes == pytest.approx(free)
    assert r.kv_bytes_per_trace == 10_000 * 131_072
    assert r.max_concurrent_traces == math.floor(free / (10_000 * 131_072)) == 42
    assert r.weights_fit and r.reason == "" and r.fits_context
    assert sum(r.memory_breakdown_bytes.values()) == pytest.approx(80e9)


def test_capacity_when_weights_do_not_fit() -> None:
    r = concurrent_traces("Llama-3.1-405B", "H100 SXM", [1000, 8000])
    assert not r.weights_fit and "weights" in r.reason
    assert r.max_concurrent_traces.tolist() == [0, 0]  # type: ignore[union-attr]
    assert concurrent_traces("Llama-3.1-405B", "H200 SXM", 8000, gpus=8, weights_dtype="fp8").weights_fit


def test_capacity_flags_context_overflow() -> None:
    r = concurrent_traces("Llama-2-7B", "A100 80GB SXM", [4096, 8192])
    assert r.fits_context.tolist() == [True, False]  # type: ignore[union-attr]


def brute_group_values(spec: ModelSpec, trace: int, prefix: int, n: int) -> int:
    """Count distinct cached (owner, layer, position) entries, times values per entry."""
    window = spec.sliding_window_tokens or trace
    entries = set()
    for layer in range(spec.layers):
        keep = window if layer < spec.sliding_window_layers else trace
        for branch in range(n):
            for pos in range(max(0, trace - keep), trace):
                entries.add(("shared" if pos < prefix else branch, layer, pos))
    return len(entries) * spec.kv_values_per_token_per_layer


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 40), st.data(), st.integers(1, 5), st.sampled_from([None, 5, 16]), st.integers(0, 4))
def test_shared_prefix_capacity_matches_position_count(
    trace: int, data: st.DataObject, n: int, window: int | None, window_layers: int
) -> None:
    spec = toy(window if window_layers else None, window_layers if window else 0)
    prefix = data.draw(st.integers(0, trace))
    r = concurrent_traces(spec, "H100 SXM", trace, shared_prefix_tokens=prefix, branches=n, kv_dtype=2)
    assert r.kv_bytes_per_trace * n == pytest.approx(brute_group_values(spec, trace, prefix, n) * 2)


@FAST
@given(st.sampled_from(sorted(MODELS)), st.sampled_from(sorted(GPUS)), st.integers(1, 8))
def test_capacity_monotone_decreasing_in_trace_length(model: str, gpu: str, gpus: int) -> None:
    lengths = np.unique(np.geomspace(1, 200_000, 60).astype(int))
    r = concurrent_traces(model, gpu, lengths, gpus=gpus, weights_dtype="int4")
    traces = np.asarray(r.max_concurrent_traces)
    assert np.all(np.diff(traces) <= 0)
    shared = concurrent_traces(model, gpu, lengths, gpus=gpus, weights_dtype="int4", shared_prefix_tokens=1,
                               branches=4)  # fmt: skip
    assert np.all(np.asarray(shared.kv_bytes_per_trace) <= np.asarray(r.kv_bytes_per_trace))


# --- invalid input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "param"),
    [
        (lambda: kv_bytes_per_token(-1, 8, 128, 2), "layers"),
        (lambda: kv_bytes_per_token(80, 8, 128, 0), "bytes_per_value"),
        (lambda: kv_bytes_per_token(80, 8.5, 128, 2), "kv_heads"),
        (lambda: MODELS["Llama-2-7B"].kv_bytes_for_sequence(-5), "tokens"),
        (lambda: MODELS["Llama-2-7B"].kv_bytes_per_token("fp4"), "bytes_per_value"),
        (lambda: prefix_sharing(4000, float("nan"), 8, 1), "continuation_tokens"),
        (lambda: prefix_sharing(4000, 1000, 0, 1), "branches"),
        (lambda: paged_blocks(10, block_size_tokens=0), "block_size_tokens"),
        (lambda: paging_waste([10, 5000], 4096), "sequence_tokens"),
        (lambda: concurrent_traces("GPT-5", "H100 SXM", 100), "model"),
        (lambda: concurrent_traces("Llama-2-7B", "TPU", 100), "gpu"),
        (lambda: concurrent_traces("Llama-2-7B", "H100 SXM", 0), "trace_tokens"),
        (lambda: concurrent_traces("Llama-2-7B", "H100 SXM", 100, reserve_fraction=1.5), "reserve_fraction"),
        (lambda: concurrent_traces("Llama-2-7B", "H100 SXM", 100, shared_prefix_tokens=101), "shared_prefix"),
        (lambda: concurrent_traces("Llama-2-7B", "H100 SXM", 100, kv_dtype="fp2"), "kv_dtype"),
        (lambda: kv_formula_terms("Llama-2-7B", -1.0), "kv_dtype"),
        (lambda: ModelSpec("x", 4, 4, 2, 8, 32, 100, "MHA", 1.0, "s"), "kv_heads"),
        (lambda: ModelSpec("x", 4, 4, 2, 8, 32, 100, "MLA", 1.0, "s"), "mla_latent_dim"),
        (lambda: ModelSpec("x", 4, 4, 2, 8, 32, 100, "GQA", 1.0, "s", 16, 5), "sliding_window_layers"),
    ],
)
def test_invalid_input_names_the_parameter(call: object, param: str) -> None:
    with pytest.raises(ValueError, match=param):
        call()  # type: ignore[operator]
