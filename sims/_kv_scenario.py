"""Branch scenarios for the KV-cache page: N branches of one prompt, their capacity and allocation.

Private module; :mod:`sims.kv_cache` re-exports the public names. Builds on the exact counts in
:mod:`sims.kv_cache` (prefix sharing, PagedAttention blocks, GPU capacity).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import ArrayLike, NDArray

from sims import _validate as check
from sims._kv_core import GpuSpec, ModelSpec

if TYPE_CHECKING:
    from sims.kv_cache import CapacityResult

ALLOCATORS: tuple[str, ...] = ("Reserve max length", "Paged blocks", "Paged blocks + shared prefix")
"""Row labels of :class:`AllocationComparison`, in order."""


def custom_model(layers: int, kv_heads: int, head_dim: int, params_billion: float) -> ModelSpec:
    """A GQA model spec from the four numbers the KV formula and the weights need.

    Parameters
    ----------
    layers, kv_heads, head_dim : int, >= 1
        Transformer layers, key/value heads and head dimension.
    params_billion : float, >= 0
        Parameters in billions (for weight memory).

    Returns
    -------
    ModelSpec
        Named "Custom", every layer full attention, context up to 1,048,576 tokens.

    References
    ----------
    Article, "KV cache pressure and prefix sharing" (the per-token formula).

    Example
    -------
    >>> custom_model(32, 8, 128, 8.0).kv_bytes_per_token(2)
    131072.0
    """
    return ModelSpec("Custom", check.integer("layers", layers, low=1),
                     check.integer("kv_heads", kv_heads, low=1), check.integer("kv_heads", kv_heads, low=1),
                     check.integer("head_dim", head_dim, low=1),
                     kv_heads * head_dim, 1_048_576, "GQA", params_billion, "your own numbers")


def trace_tokens(prompt_tokens: int, continuation_tokens: int) -> int:
    """Tokens one trace holds at its end: the prompt plus its continuation.

    Parameters
    ----------
    prompt_tokens, continuation_tokens : int
        Tokens of the prompt and of one branch's continuation, each >= 0.

    Returns
    -------
    int
        Trace length in tokens.

    Example
    -------
    >>> trace_tokens(4000, 1000)
    5000
    """
    prompt = check.integer("prompt_tokens", prompt_tokens, low=0)
    return prompt + check.integer("continuation_tokens", continuation_tokens, low=0)


def scaled_branches(branches: int, factor: int = 2) -> int:
    """Branches after multiplying their number by a whole ``factor``, for what-if questions.

    Parameters
    ----------
    branches : int
        Branches continuing one prompt, >= 1.
    factor : int, optional
        Whole multiplier, >= 1. Default 2.

    Returns
    -------
    int
        ``branches * factor`` (branches).

    Example
    -------
    >>> scaled_branches(8)
    16
    """
    return check.integer("branches", branches, low=1) * check.integer("factor", factor, low=1)


def continuation_grid(continuation_tokens: int, *, points: int = 121) -> NDArray[np.int64]:
    """Sorted whole-token grid from 1 to about 4x ``continuation_tokens`` (at least 8,192) that contains it.

    Parameters
    ----------
    continuation_tokens : int, >= 0
        The current continuation length; always on the grid (unless 0).
    points : int, >= 2
        Approximate grid size.

    Returns
    -------
    ndarray of int
        Unique, increasing token counts.

    Example
    -------
    >>> g = continuation_grid(1000)
    >>> int(g[0]), int(g[-1]), 1000 in g
    (1, 8192, True)
    """
    current = check.integer("continuation_tokens", continuation_tokens, low=0)
    n = check.integer("points", points, low=2)
    top = max(8_192, 4 * current)
    grid = np.rint(np.linspace(1, top, n)).astype(np.int64)
    return np.unique(np.append(grid, max(current, 1)))


def branch_capacity(
    model: ModelSpec,
    gpu: GpuSpec,
    *,
    prompt_tokens: int,
    continuation_tokens: ArrayLike,
    branches: int,
    share_prefix: bool,
    kv_dtype: float | str = "bf16",
    weights_dtype: float | str = "bf16",
    gpus: int = 1,
) -> CapacityResult:
    """Concurrent traces that fit when each group of ``branches`` traces continues one prompt.

    Each trace holds ``prompt_tokens + continuation_tokens`` tokens; with ``share_prefix`` the prompt
    is cached once per group, without it once per trace. Thin wrapper over
    :func:`sims.kv_cache.concurrent_traces`, vectorised over ``continuation_tokens``.

    Parameters
    ----------
    model, gpu : ModelSpec, GpuSpec
        Architecture and accelerator.
    prompt_tokens : int, >= 0
        Shared prompt length.
    continuation_tokens : int or array_like of int, >= 0
        Tokens each branch adds (the swept axis); prompt + continuation must be >= 1.
    branches : int, >= 1
        Traces per prompt (best-of-N samples, beams).
    share_prefix : bool
        Whether the runtime caches the prompt once per group (RadixAttention, vLLM prefix caching).
    kv_dtype, weights_dtype, gpus
        As in :func:`sims.kv_cache.concurrent_traces`.

    Returns
    -------
    CapacityResult
        Shapes follow ``continuation_tokens``.

    References
    ----------
    Article, "KV cache pressure and prefix sharing"; SGLang RadixAttention (arXiv 2312.07104).

    Example
    -------
    >>> from sims.kv_cache import GPUS, MODELS
    >>> r = branch_capacity(MODELS["Llama-3.1-8B"], GPUS["H100 SXM"], prompt_tokens=4000,
    ...                     continuation_tokens=1000, branches=8, share_prefix=True)
    >>> r.max_concurrent_traces
    280
    """
    from sims.kv_cache import concurrent_traces  # local: sims.kv_cache imports this module

    prompt = check.integer("prompt_tokens", prompt_tokens, low=0)
    cont = check.numbers("continuation_tokens", continuation_tokens, low=0, integer=True)
    trace = (prompt + cont).astype(np.int64)
    if (trace < 1).any():
        raise ValueError("prompt_tokens + continuation_tokens must be >= 1")
    return concurrent_traces(model, gpu, trace if trace.ndim else int(trace), kv_dtype=kv_dtype,
                             weights_dtype=weights_dtype, gpus=gpus, branches=branches,
                             shared_prefix_tokens=prompt if share_prefix else 0)


@dataclass(frozen=True)
class AllocationComparison:
    """KV slots reserved vs used for one group of branches under three allocators (rows: ALLOCATORS)."""

    allocators: tuple[str, ...]
    reserved_tokens: NDArray[np.int64]
    used_tokens: NDArray[np.int64]
    waste_tokens: NDArray[np.int64]
    reserved_bytes: NDArray[np.float64]
    used_bytes: NDArray[np.float64]
    waste_bytes: NDArray[np.float64]
    waste_fraction: NDArray[np.float64]
    blocks: NDArray[np.int64]
    block_size_tokens: int
    reserve_tokens_per_trace: int
    reserve_was_raised: bool


def allocation_comparison(
    prompt_tokens: int,
    continuation_tokens: int,
    branches: int,
    kv_bytes_per_token: float,
    *,
    reserve_tokens_per_trace: int,
    block_size_tokens: int = 16,
) -> AllocationComparison:
    """Memory a group of branches reserves under a static, a paged and a paged + sharing allocator.

    * Reserve max length: every branch gets ``reserve_tokens_per_trace`` slots up front (raised to
      the trace length if smaller, flagged in ``reserve_was_raised``); ``used`` counts each branch's
      own copy of the prompt.
    * Paged blocks: ``ceil(trace / block)`` blocks per branch, no sharing.
    * Paged blocks + shared prefix: the prompt's full blocks once, copy-on-write for the rest;
      ``used`` is the distinct tokens cached (the prompt once).

    Parameters
    ----------
    prompt_tokens, continuation_tokens : int, >= 0
        Prompt and per-branch lengths; their sum must be >= 1.
    branches : int, >= 1
        Branches in the group.
    kv_bytes_per_token : float, >= 0
        Bytes per cached token.
    reserve_tokens_per_trace : int, >= 1
        Slots a static allocator reserves per request (the maximum generation length).
    block_size_tokens : int, >= 1
        PagedAttention block size (vLLM default 16).

    Returns
    -------
    AllocationComparison
        Arrays of length 3 in ``ALLOCATORS`` order.

    References
    ----------
    vLLM paper (Kwon et al., SOSP 2023) sections 4.2-4.4 and blog (2023-06-20): 60-80% waste before
    paging, under 4% with it.

    Example
    -------
    >>> r = allocation_comparison(4000, 1000, 8, 131072, reserve_tokens_per_trace=8192)
    >>> r.reserved_tokens.tolist(), r.used_tokens.tolist()
    ([65536, 40064, 12064], [40000, 40000, 12000])
    """
    from sims.kv_cache import paged_prefix_sharing, paging_waste, prefix_sharing

    prompt = check.integer("prompt_tokens", prompt_tokens, low=0)
    cont = check.integer("continuation_tokens", continuation_tokens, low=0)
    n = check.integer("branches", branches, low=1)
    bpt = float(check.numbers("kv_bytes_per_token", kv_bytes_per_token, low=0.0))
    reserve = check.integer("reserve_tokens_per_trace", reserve_tokens_per_trace, low=1)
    block = check.integer("block_size_tokens", block_size_tokens, low=1)
    if prompt + cont < 1:
        raise ValueError("prompt_tokens + continuation_tokens must be >= 1")
    effective = max(reserve, prompt + cont)
    static = paging_waste([prompt + cont] * n, effective, block)
    shared = paged_prefix_sharing(prompt, cont, n, bpt, block_size_tokens=block)
    tokens = prefix_sharing(prompt, cont, n, bpt)
    blocks = np.array([0, shared.blocks_without_sharing, shared.blocks_with_sharing], dtype=np.int64)
    reserved = np.array([static.static_reserved_tokens, static.paged_reserved_tokens,
                         int(shared.blocks_with_sharing) * block], dtype=np.int64)
    used = np.array([static.used_tokens, static.used_tokens, tokens.tokens_with_sharing], dtype=np.int64)
    waste = reserved - used
    fraction = np.divide(waste, reserved, out=np.zeros(3), where=reserved > 0)
    def as_bytes(tok: NDArray[np.int64]) -> NDArray[np.float64]:
        return np.asarray(tok * bpt, dtype=np.float64)

    return AllocationComparison(ALLOCATORS, reserved, used, waste, as_bytes(reserved), as_bytes(used),
                                as_bytes(waste), fraction, blocks, block, effective, effective != reserve)
