"""KV-cache memory: bytes per token, prefix sharing, PagedAttention blocks and GPU capacity.

Every new token leaves a key and a value vector in each layer, so a reasoning trace of 10,000 tokens
holds 10,000 tokens of KV state until it finishes. This module sizes that state for real
architectures (MHA / GQA / MQA / MLA, sliding windows), shows what prefix sharing and paging save,
and turns it into "how many traces of length L fit on this GPU".

References: vLLM paper (Kwon et al., SOSP 2023); SGLang RadixAttention (arXiv 2312.07104);
DeepSeek-V2 paper (MLA); model configs and GPU datasheets as listed in ``facts.md``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from sims import _validate as check
from sims._kv_core import (
    KV_DTYPES,
    FloatOrArray,
    GpuSpec,
    IntOrArray,
    ModelSpec,
    kv_bytes_per_token,
    resolve_bytes,
)
from sims._kv_presets import GPUS, MODELS

__all__ = [
    "DEFAULT_RESERVE_FRACTION",
    "GPUS",
    "KV_DTYPES",
    "MODELS",
    "CapacityResult",
    "GpuSpec",
    "ModelSpec",
    "PagedSharingResult",
    "PagingResult",
    "SharingResult",
    "batch_kv_bytes",
    "concurrent_traces",
    "kv_bytes_per_token",
    "kv_bytes_sweep",
    "kv_formula_terms",
    "paged_blocks",
    "paged_prefix_sharing",
    "paging_waste",
    "prefix_sharing",
]

DEFAULT_RESERVE_FRACTION = 0.1
"""Share of GPU memory kept back from weights and KV (vLLM's default gpu_memory_utilization is 0.9)."""


def _model(model: ModelSpec | str) -> ModelSpec:
    if isinstance(model, ModelSpec):
        return model
    if model not in MODELS:
        raise ValueError(f"model must be a ModelSpec or one of {sorted(MODELS)}, got {model!r}")
    return MODELS[model]


def _gpu(gpu: GpuSpec | str) -> GpuSpec:
    if isinstance(gpu, GpuSpec):
        return gpu
    if gpu not in GPUS:
        raise ValueError(f"gpu must be a GpuSpec or one of {sorted(GPUS)}, got {gpu!r}")
    return GPUS[gpu]


def _ints(arr: NDArray[np.float64]) -> Any:
    return check.scalar_or_array(arr.astype(np.int64))


@dataclass(frozen=True)
class SharingResult:
    """Token-level prefix sharing: tokens and KV bytes with and without sharing the prompt."""

    tokens_without_sharing: IntOrArray
    tokens_with_sharing: IntOrArray
    saved_tokens: IntOrArray
    kv_bytes_without_sharing: FloatOrArray
    kv_bytes_with_sharing: FloatOrArray
    saved_kv_bytes: FloatOrArray
    saved_fraction: FloatOrArray


def prefix_sharing(
    prompt_tokens: ArrayLike,
    continuation_tokens: ArrayLike,
    branches: ArrayLike,
    kv_bytes_per_token: ArrayLike,
) -> SharingResult:
    """KV held by ``branches`` continuations of one prompt, with the prompt cached once or per branch.

    Without sharing each branch caches ``prompt + continuation`` tokens; with sharing (RadixAttention,
    vLLM prefix caching) the prompt is cached once and only the continuations are per branch.
    Token granularity, i.e. a page size of one token as in SGLang; see :func:`paged_prefix_sharing`
    for block granularity. All inputs broadcast.

    Parameters
    ----------
    prompt_tokens, continuation_tokens : int or array_like of int, >= 0
        Shared prefix length and the length each branch adds.
    branches : int or array_like of int, >= 1
        Number of samples / beams sharing the prompt.
    kv_bytes_per_token : float or array_like, >= 0
        Bytes per cached token, e.g. ``ModelSpec.kv_bytes_per_token()``.

    Returns
    -------
    SharingResult
        Token counts (int) and byte counts (float); arrays when any input is an array.

    References
    ----------
    Article, "KV cache pressure and prefix sharing"; SGLang RadixAttention (arXiv 2312.07104).

    Example
    -------
    >>> r = prefix_sharing(4000, 1000, 8, 128 * 1024)
    >>> r.tokens_without_sharing, r.tokens_with_sharing, round(r.saved_kv_bytes / 2**30, 2)
    (40000, 12000, 3.42)
    """
    prompt = check.numbers("prompt_tokens", prompt_tokens, low=0, integer=True)
    cont = check.numbers("continuation_tokens", continuation_tokens, low=0, integer=True)
    n = check.numbers("branches", branches, low=1, integer=True)
    bpt = check.numbers("kv_bytes_per_token", kv_bytes_per_token, low=0)
    without = n * (prompt + cont)
    with_ = prompt + n * cont
    saved = without - with_
    frac = np.divide(saved, without, out=np.zeros_like(saved * 1.0), where=without > 0)
    return SharingResult(
        _ints(without),
        _ints(with_),
        _ints(saved),
        check.scalar_or_array(without * bpt),
        check.scalar_or_array(with_ * bpt),
        check.scalar_or_array(saved * bpt),
        check.scalar_or_array(frac),
    )


def paged_blocks(tokens: ArrayLike, *, block_size_tokens: int = 16) -> IntOrArray:
    """KV blocks PagedAttention allocates for sequences of ``tokens`` tokens: ``ceil(tokens / block)``.

    Parameters
    ----------
    tokens : int or array_like of int, >= 0
        Tokens per sequence.
    block_size_tokens : int, >= 1
        Tokens per block; vLLM's default is 16.

    Returns
    -------
    int or ndarray of int
        Blocks per sequence, same shape as ``tokens``.

    References
    ----------
    vLLM paper (Kwon et al., SOSP 2023), sections 4.2 and 7.2 (block size 16).

    Example
    -------
    >>> paged_blocks([0, 1, 16, 17])
    array([0, 1, 1, 2])
    """
    tok = check.numbers("tokens", tokens, low=0, integer=True)
    block = check.integer("block_size_tokens", block_size_tokens, low=1)
    result: IntOrArray = _ints(np.ceil(tok / block))
    return result


@dataclass(frozen=True)
class PagedSharingResult:
    """Block-level prefix sharing under PagedAttention (reserved memory, in blocks and bytes)."""

    block_size_tokens: int
    blocks_without_sharing: IntOrArray
    blocks_with_sharing: IntOrArray
    saved_blocks: IntOrArray
    shared_blocks: IntOrArray
    kv_bytes_without_sharing: FloatOrArray
    kv_bytes_with_sharing: FloatOrArray
    saved_kv_bytes: FloatOrArray


def paged_prefix_sharing(
    prompt_tokens: ArrayLike,
    continuation_tokens: ArrayLike,
    branches: ArrayLike,
    kv_bytes_per_token: ArrayLike,
    *,
    block_size_tokens: int = 16,
) -> PagedSharingResult:
    """Prefix sharing counted in whole PagedAttention blocks, as vLLM shares them.

    The prompt's full blocks are stored once. Its last, partly filled block is shared only until a
    branch writes into it; then copy-on-write gives every branch its own copy, which the branch's
    continuation keeps filling. So each branch owns ``ceil((prompt % block + continuation) / block)``
    blocks, and with no continuation the partial block stays shared. With ``block_size_tokens=1``
    this reduces exactly to :func:`prefix_sharing`.

    Parameters
    ----------
    prompt_tokens, continuation_tokens, branches, kv_bytes_per_token
        As in :func:`prefix_sharing`; all broadcast.
    block_size_tokens : int, >= 1
        Tokens per block (vLLM default 16).

    Returns
    -------
    PagedSharingResult
        Blocks (int) and reserved bytes (blocks x block size x bytes per token).

    References
    ----------
    vLLM paper (Kwon et al., SOSP 2023), section 4.4 (parallel sampling, copy-on-write); vLLM blog
    2023-06-20 (sharing cuts parallel-sampling / beam-search memory by up to 55%).

    Example
    -------
    >>> r = paged_prefix_sharing(4000, 1000, 8, 128 * 1024)
    >>> r.blocks_without_sharing, r.blocks_with_sharing
    (2504, 754)
    """
    prompt = check.numbers("prompt_tokens", prompt_tokens, low=0, integer=True)
    cont = check.numbers("continuation_tokens", continuation_tokens, low=0, integer=True)
    n = check.numbers("branches", branches, low=1, integer=True)
    bpt = check.numbers("kv_bytes_per_token", kv_bytes_per_token, low=0)
    block = check.integer("block_size_tokens", block_size_tokens, low=1)
    full_prompt_blocks = np.floor(prompt / block)
    partial = prompt - full_prompt_blocks * block  # tokens in the prompt's last, partial block
    own = np.where(cont > 0, np.ceil((partial + cont) / block), 0.0)  # per branch, after copy-on-write
    shared = full_prompt_blocks + np.where((cont == 0) & (partial > 0), 1.0, 0.0)
    with_ = shared + n * own
    without = n * np.ceil((prompt + cont) / block)
    block_bytes = block * bpt
    return PagedSharingResult(
        block,
        _ints(without),
        _ints(with_),
        _ints(without - with_),
        _ints(shared),
        check.scalar_or_array(without * block_bytes),
        check.scalar_or_array(with_ * block_bytes),
        check.scalar_or_array((without - with_) * block_bytes),
    )


@dataclass(frozen=True)
class PagingResult:
    """Reserved vs used KV slots for a batch: paged allocation vs reserving the maximum length."""

    sequences: int
    block_size_tokens: int
    used_tokens: int
    paged_reserved_tokens: int
    paged_waste_tokens: int
    paged_waste_fraction: float
    static_reserved_tokens: int
    static_waste_tokens: int
    static_waste_fraction: float
    paged_waste_tokens_per_sequence: NDArray[np.int64]


def paging_waste(
    sequence_tokens: ArrayLike, max_tokens: ArrayLike, block_size_tokens: int = 16
) -> PagingResult:
    """Compare KV memory waste of paging with reserving ``max_tokens`` slots per request up front.

    A static allocator reserves the maximum length per request, wasting ``max - actual`` slots.
    PagedAttention allocates blocks on demand, so only the last block of each sequence is partly
    empty: waste is below one block per sequence.

    Parameters
    ----------
    sequence_tokens : array_like of int, >= 0
        Actual length of each sequence in the batch.
    max_tokens : int or array_like of int
        Length reserved per request by the static allocator (broadcast against ``sequence_tokens``);
        each must be >= its sequence's length.
    block_size_tokens : int, >= 1
        Tokens per block (vLLM default 16).

    Returns
    -------
    PagingResult
        Totals in tokens (multiply by bytes per token for bytes) and waste fractions of reserved memory.

    References
    ----------
    vLLM paper (Kwon et al., SOSP 2023) and blog (2023-06-20): earlier systems wasted 60-80% of KV
    memory; PagedAttention under 4%.

    Example
    -------
    >>> r = paging_waste([100, 900, 2000], 2048)
    >>> r.static_waste_tokens, r.paged_waste_tokens
    (3144, 24)
    """
    seq = np.atleast_1d(check.numbers("sequence_tokens", sequence_tokens, low=0, integer=True))
    cap = check.numbers("max_tokens", max_tokens, low=1, integer=True)
    block = check.integer("block_size_tokens", block_size_tokens, low=1)
    seq, cap = np.broadcast_arrays(seq, cap)
    if (seq > cap).any():
        raise ValueError("sequence_tokens must be in [0, max_tokens] for every sequence")
    paged = np.ceil(seq / block) * block
    used, paged_total, static_total = int(seq.sum()), int(paged.sum()), int(cap.sum())
    return PagingResult(
        seq.size,
        block,
        used,
        paged_total,
        paged_total - used,
        (paged_total - used) / paged_total if paged_total else 0.0,
        static_total,
        static_total - used,
        (static_total - used) / static_total,
        (paged - seq).astype(np.int64),
    )


def batch_kv_bytes(
    model: ModelSpec | str, sequence_tokens: ArrayLike, *, kv_dtype: float | str = "bf16"
) -> float:
    """Total KV bytes of a batch of sequences with the given lengths (sliding windows honoured).

    Parameters
    ----------
    model : ModelSpec or str
        A spec or a key of ``MODELS``.
    sequence_tokens : array_like of int, >= 0
        Length of each sequence in the batch.
    kv_dtype : str or float
        Cache dtype name (``KV_DTYPES``) or bytes per value.

    Returns
    -------
    float
        Bytes summed over the batch.

    References
    ----------
    Article, "KV cache pressure and prefix sharing" (KV memory is linear in sequence length).

    Example
    -------
    >>> batch_kv_bytes("Llama-3.1-70B", [1000, 3000]) / 2**30  # 4000 tokens x 320 KiB
    1.220703125
    """
    per_seq = _model(model).kv_bytes_for_sequence(np.atleast_1d(np.asarray(sequence_tokens)), kv_dtype)
    return float(np.sum(per_seq))


def kv_bytes_sweep(
    model: ModelSpec | str, context_tokens: ArrayLike, *, kv_dtype: float | str = "bf16", sequences: int = 1
) -> FloatOrArray:
    """KV bytes for ``sequences`` sequences at each context length, in one vectorised call.

    Parameters
    ----------
    model : ModelSpec or str
        A spec or a key of ``MODELS``.
    context_tokens : int or array_like of int, >= 0
        Context lengths to evaluate (the swept axis).
    kv_dtype : str or float
        Cache dtype name or bytes per value.
    sequences : int, >= 1
        Concurrent sequences of that length.

    Returns
    -------
    float or ndarray of float
        Bytes, same shape as ``context_tokens``.

    References
    ----------
    Model configs in ``facts.md``; Mistral-7B / Gemma-2 / GPT-OSS sliding windows.

    Example
    -------
    >>> kv_bytes_sweep("Mistral-7B-v0.1", [4096, 32768]) / 2**20  # window caps growth at 4096
    array([512., 512.])
    """
    count = check.integer("sequences", sequences, low=1)
    result: FloatOrArray = _model(model).kv_bytes_for_sequence(context_tokens, kv_dtype) * count
    return result


def kv_formula_terms(model: ModelSpec | str, kv_dtype: float | str = "bf16") -> dict[str, int | float | str]:
    """The terms of the per-token KV formula for ``model``, for showing it with live numbers.

    Parameters
    ----------
    model : ModelSpec or str
        A spec or a key of ``MODELS``.
    kv_dtype : str or float
        Cache dtype name or bytes per value.

    Returns
    -------
    dict
        ``attention``, ``layers``, ``bytes_per_value``, ``kv_bytes_per_token``, ``expression``
        (plain text with numbers substituted) and ``latex``; plus ``kv_factor``, ``kv_heads`` and
        ``head_dim`` (MHA/GQA/MQA) or ``latent_dim`` and ``rope_dim`` (MLA, no factor 2), and
        ``sliding_window_layers`` / ``sliding_window_tokens`` (0 when absent).

    References
    ----------
    Article, "KV cache pressure and prefix sharing"; DeepSeek-V2 paper (MLA cache size).

    Example
    -------
    >>> kv_formula_terms("Llama-3.1-70B")["expression"]
    '2 × 80 × 8 × 128 × 2 B = 327,680 B per token'
    """
    spec = _model(model)
    bpv = resolve_bytes(kv_dtype, "kv_dtype")
    total = spec.kv_bytes_per_token(bpv)
    terms: dict[str, int | float | str] = {"attention": spec.attention, "layers": spec.layers}
    if spec.attention == "MLA":
        latent, rope = int(spec.mla_latent_dim or 0), int(spec.mla_rope_dim or 0)
        terms |= {"latent_dim": latent, "rope_dim": rope}
        factors = [f"{spec.layers}", f"({latent} + {rope})", f"{bpv:g}"]
    else:
        terms |= {"kv_factor": 2, "kv_heads": spec.kv_heads, "head_dim": spec.head_dim}
        factors = ["2", f"{spec.layers}", f"{spec.kv_heads}", f"{spec.head_dim}", f"{bpv:g}"]
    terms |= {
        "bytes_per_value": bpv,
        "kv_bytes_per_token": total,
        "sliding_window_layers": spec.sliding_window_layers,
        "sliding_window_tokens": spec.sliding_window_tokens or 0,
        "expression": " × ".join(factors) + f" B = {total:,.0f} B per token",
        "latex": r" \times ".join(factors)
        + rf"\ \text{{B}} = {total:,.0f}\ \text{{B per token}}".replace(",", "{,}"),
    }
    return terms


@dataclass(frozen=True)
class CapacityResult:
    """How many reasoning traces fit in GPU memory after the weights, with a memory breakdown.

    ``memory_breakdown_bytes`` holds ``weights``, ``reserve``, ``kv_cache`` (KV of the traces that fit)
    and ``unused`` for a stacked bar; it adds up to ``total_memory_bytes`` whenever the weights fit.
    """

    model_name: str
    gpu_name: str
    gpus: int
    total_memory_bytes: float
    reserve_bytes: float
    weights_bytes: float
    free_bytes: float
    kv_bytes_per_trace: FloatOrArray
    max_concurrent_traces: IntOrArray
    kv_bytes_used: FloatOrArray
    weights_fit: bool
    fits_context: bool | NDArray[np.bool_]
    reason: str
    memory_breakdown_bytes: dict[str, FloatOrArray]

    @property
    def weights_gb(self) -> float:
        """Weights' memory in GB (1e9 bytes)."""
        return self.weights_bytes / 1e9

    @property
    def kv_gb_used(self) -> FloatOrArray:
        """KV memory of the traces that fit, in GB (1e9 bytes)."""
        return self.kv_bytes_used / 1e9


def _group_kv_bytes(
    spec: ModelSpec, trace: NDArray[np.float64], prefix: float, n: int, bpv: float
) -> NDArray[np.float64]:
    """Exact KV bytes of ``n`` traces that share their first ``prefix`` tokens."""
    window = spec.sliding_window_tokens or 0
    full_layers = spec.layers - spec.sliding_window_layers
    full = n * trace - (n - 1) * prefix
    # a window layer keeps positions [trace - window, trace); only prefix tokens still inside are shared
    overlap = np.maximum(0.0, prefix - np.maximum(0.0, trace - window))
    windowed = n * np.minimum(trace, window) - (n - 1) * overlap
    values = full_layers * full + spec.sliding_window_layers * windowed
    return np.asarray(values * spec.kv_values_per_token_per_layer * bpv, dtype=np.float64)


def concurrent_traces(
    model: ModelSpec | str,
    gpu: GpuSpec | str,
    trace_tokens: ArrayLike,
    *,
    kv_dtype: float | str = "bf16",
    weights_dtype: float | str = "bf16",
    gpus: int = 1,
    reserve_fraction: float = DEFAULT_RESERVE_FRACTION,
    shared_prefix_tokens: int = 0,
    branches: int = 1,
) -> CapacityResult:
    """Maximum number of concurrent traces of ``trace_tokens`` tokens that fit beside the weights.

    Memory = weights + reserve (activations, CUDA context, fragmentation) + KV of the traces. With
    ``branches > 1``, traces come in groups that share their first ``shared_prefix_tokens`` tokens
    (prefix caching); only whole groups are counted. Does not raise when the weights do not fit:
    ``max_concurrent_traces`` is 0 and ``reason`` says why.

    Parameters
    ----------
    model, gpu : ModelSpec / GpuSpec or str
        Specs or keys of ``MODELS`` / ``GPUS``.
    trace_tokens : int or array_like of int, >= 1
        Total tokens per trace (prompt + reasoning + answer): the swept axis.
    kv_dtype, weights_dtype : str or float
        Dtype names from ``KV_DTYPES`` or bytes per value / per parameter.
    gpus : int, >= 1
        GPUs the model is sharded over (tensor parallel); memory adds up.
    reserve_fraction : float in [0, 1)
        Share of memory kept for everything but weights and KV; default 0.1.
    shared_prefix_tokens : int in [0, min(trace_tokens)]
        Prefix shared by each group of ``branches`` traces.
    branches : int, >= 1
        Traces per group sharing that prefix (best-of-N samples, beams).

    Returns
    -------
    CapacityResult
        ``kv_bytes_per_trace`` and ``max_concurrent_traces`` have the shape of ``trace_tokens``.

    References
    ----------
    Article, "KV cache pressure and prefix sharing"; GPU datasheets and configs in ``facts.md``;
    vLLM ``gpu_memory_utilization`` default 0.9.

    Example
    -------
    >>> r = concurrent_traces("Llama-3.1-8B", "H100 SXM", 10_000)
    >>> r.max_concurrent_traces, round(r.kv_bytes_per_trace / 2**30, 2)
    (42, 1.22)
    """
    spec, card = _model(model), _gpu(gpu)
    trace = check.numbers("trace_tokens", trace_tokens, low=1, integer=True)
    n_gpus = check.integer("gpus", gpus, low=1, high=1024)
    reserve_frac = float(check.numbers("reserve_fraction", reserve_fraction, low=0.0, high=0.99))
    n = check.integer("branches", branches, low=1)
    prefix = check.integer("shared_prefix_tokens", shared_prefix_tokens, low=0, high=int(trace.min()))
    total = float(card.memory_bytes * n_gpus)
    reserve = reserve_frac * total
    weights = spec.weights_bytes(resolve_bytes(weights_dtype, "weights_dtype"))
    free = max(0.0, total - reserve - weights)
    group = _group_kv_bytes(spec, trace, prefix, n, resolve_bytes(kv_dtype, "kv_dtype"))
    traces = np.floor(free / group) * n
    used = traces / n * group
    fits_context = trace <= spec.max_context_tokens
    reason = ""
    if weights + reserve > total:
        reason = (
            f"weights need {weights / 1e9:,.1f} GB but only {(total - reserve) / 1e9:,.1f} GB is usable on "
            f"{n_gpus} x {card.name}: add GPUs or use a smaller weights dtype"
        )
    elif (traces == 0).any():
        where = "" if trace.ndim == 0 else f"at {int((traces == 0).sum())} of {trace.size} trace lengths, "
        reason = f"{where}one group of {n} trace(s) needs more KV than the {free / 1e9:,.1f} GB left for KV"
    breakdown = {
        "weights": weights,
        "reserve": reserve,
        "kv_cache": check.scalar_or_array(used),
        "unused": check.scalar_or_array(free - used),
    }
    return CapacityResult(
        model_name=spec.name,
        gpu_name=card.name,
        gpus=n_gpus,
        total_memory_bytes=total,
        reserve_bytes=reserve,
        weights_bytes=weights,
        free_bytes=free,
        kv_bytes_per_trace=check.scalar_or_array(group / n),
        max_concurrent_traces=_ints(traces),
        kv_bytes_used=check.scalar_or_array(used),
        weights_fit=weights + reserve <= total,
        fits_context=check.scalar_or_array(fits_context),
        reason=reason,
        memory_breakdown_bytes=breakdown,
    )


# Branch scenarios for the KV-cache page (imported last: that module uses the functions above).
from sims._kv_scenario import (  # noqa: E402
    ALLOCATORS,
    AllocationComparison,
    allocation_comparison,
    branch_capacity,
    continuation_grid,
    custom_model,
    scaled_branches,
    trace_tokens,
)

__all__ += [
    "ALLOCATORS",
    "AllocationComparison",
    "allocation_comparison",
    "branch_capacity",
    "continuation_grid",
    "custom_model",
    "scaled_branches",
    "trace_tokens",
]
