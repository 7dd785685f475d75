"""Core of the KV-cache model: dtypes, the per-token formula and the spec dataclasses.

Private module; the public names are re-exported by :mod:`sims.kv_cache`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal, overload

import numpy as np
from numpy.typing import ArrayLike, NDArray

from sims import _validate as check

FloatOrArray = float | NDArray[np.float64]
IntOrArray = int | NDArray[np.int64]
Attention = Literal["MHA", "GQA", "MQA", "MLA"]

KV_DTYPES: Mapping[str, float] = MappingProxyType({"bf16": 2.0, "fp16": 2.0, "fp8": 1.0, "int4": 0.5})
"""Bytes per stored value for each cache (or weight) dtype. int4 ignores the small overhead of scales."""


def resolve_bytes(value: float | str, name: str = "bytes_per_value") -> float:
    """Resolve a dtype name from :data:`KV_DTYPES`, or a byte count in (0, 64], to bytes per value."""
    if isinstance(value, str):
        if value not in KV_DTYPES:
            raise ValueError(
                f"{name} must be one of {sorted(KV_DTYPES)} or a number in (0, 64], got {value!r}"
            )
        return KV_DTYPES[value]
    return check.number(name, value, low=0.0, high=64.0, low_open=True)


@overload
def kv_bytes_per_token(layers: int, kv_heads: int, head_dim: int, bytes_per_value: float) -> float: ...
@overload
def kv_bytes_per_token(
    layers: ArrayLike, kv_heads: ArrayLike, head_dim: ArrayLike, bytes_per_value: ArrayLike
) -> FloatOrArray: ...
def kv_bytes_per_token(
    layers: ArrayLike, kv_heads: ArrayLike, head_dim: ArrayLike, bytes_per_value: ArrayLike
) -> FloatOrArray:
    """KV-cache bytes that one token adds: ``2 * layers * kv_heads * head_dim * bytes_per_value``.

    The factor 2 counts one key and one value vector per KV head per layer.

    Parameters
    ----------
    layers, kv_heads, head_dim : int or array_like of int
        Transformer layers, key/value heads (equal to attention heads for MHA, 1 for MQA) and
        dimension of each head. Arrays broadcast against each other.
    bytes_per_value : float or array_like
        Bytes per stored number: 2 for bf16/fp16, 1 for fp8, 0.5 for int4 (see ``KV_DTYPES``).

    Returns
    -------
    float or ndarray of float
        Bytes per token; a float when every input is a scalar, else the broadcast shape.

    References
    ----------
    Formula as in the article's "KV cache pressure" section; vLLM paper (Kwon et al., SOSP 2023) section 3.

    Example
    -------
    >>> kv_bytes_per_token(80, 8, 128, 2)  # Llama-3.1-70B in bf16: 320 KiB
    327680.0
    """
    lay = check.numbers("layers", layers, low=1, integer=True)
    kvh = check.numbers("kv_heads", kv_heads, low=1, integer=True)
    dim = check.numbers("head_dim", head_dim, low=1, integer=True)
    bpv = check.numbers("bytes_per_value", bytes_per_value, low=0.0, high=64.0, low_open=True)
    result: FloatOrArray = check.scalar_or_array(2.0 * lay * kvh * dim * bpv)
    return result


@dataclass(frozen=True)
class ModelSpec:
    """Attention shape of one transformer, enough to size its KV cache and its weights.

    Parameters
    ----------
    name : str
        Display name.
    layers, attention_heads, kv_heads, head_dim, hidden_size : int
        Architecture from the model's config. For MLA, ``kv_heads`` and ``head_dim`` describe the
        decompressed heads (what a plain MHA cache of the same shape would hold); the cache itself
        stores ``mla_latent_dim + mla_rope_dim`` values per token per layer.
    max_context_tokens : int
        Longest context the model supports.
    attention : {"MHA", "GQA", "MQA", "MLA"}
        Attention kind.
    params_billion : float
        Total parameters in billions (all experts for MoE), used for weight memory.
    source : str
        Where the numbers come from; approximations are flagged there.
    sliding_window_tokens : int or None
        Window of the sliding-window layers, or None when every layer attends to the full context.
    sliding_window_layers : int
        How many of the ``layers`` use the window (all for Mistral-7B, half for Gemma-2 and GPT-OSS).
    mla_latent_dim, mla_rope_dim : int or None
        MLA only: compressed KV rank (``kv_lora_rank``) and decoupled RoPE key width.

    References
    ----------
    Model configs as listed in ``shared/reference/facts.md``; DeepSeek-V2 paper (MLA), Table 1.

    Example
    -------
    >>> spec = ModelSpec("toy", 2, 4, 2, 8, 32, 1024, "GQA", 0.001, "made up")
    >>> spec.kv_bytes_per_token(2)
    128.0
    """

    name: str
    layers: int
    attention_heads: int
    kv_heads: int
    head_dim: int
    hidden_size: int
    max_context_tokens: int
    attention: Attention
    params_billion: float
    source: str
    sliding_window_tokens: int | None = None
    sliding_window_layers: int = 0
    mla_latent_dim: int | None = None
    mla_rope_dim: int | None = None

    def __post_init__(self) -> None:
        for field in (
            "layers",
            "attention_heads",
            "kv_heads",
            "head_dim",
            "hidden_size",
            "max_context_tokens",
        ):
            check.integer(field, getattr(self, field), low=1)
        check.numbers("params_billion", self.params_billion, low=0.0)
        if self.attention not in ("MHA", "GQA", "MQA", "MLA"):
            raise ValueError(f"attention must be one of MHA, GQA, MQA, MLA, got {self.attention!r}")
        if self.kv_heads > self.attention_heads:
            raise ValueError(f"kv_heads must be in [1, attention_heads={self.attention_heads}]")
        expected = {"MHA": self.kv_heads == self.attention_heads, "MQA": self.kv_heads == 1}
        if not expected.get(self.attention, True):
            raise ValueError(f"kv_heads={self.kv_heads} is inconsistent with attention={self.attention}")
        if self.attention == "MLA" and (self.mla_latent_dim is None or self.mla_rope_dim is None):
            raise ValueError("mla_latent_dim and mla_rope_dim must be set (>= 0) when attention='MLA'")
        check.integer("sliding_window_layers", self.sliding_window_layers, low=0, high=self.layers)
        if (self.sliding_window_tokens is None) != (self.sliding_window_layers == 0):
            raise ValueError("sliding_window_tokens must be set exactly when sliding_window_layers >= 1")
        if self.sliding_window_tokens is not None:
            check.integer("sliding_window_tokens", self.sliding_window_tokens, low=1)

    @property
    def kv_values_per_token_per_layer(self) -> int:
        """Numbers cached per token in one layer: 2 x kv_heads x head_dim, or the MLA latent width."""
        if self.attention == "MLA":
            return int(self.mla_latent_dim or 0) + int(self.mla_rope_dim or 0)
        return 2 * self.kv_heads * self.head_dim

    def kv_bytes_per_token(self, bytes_per_value: float | str = 2) -> float:
        """Bytes one token adds to the cache across all layers (before any sliding window fills)."""
        return float(self.layers * self.kv_values_per_token_per_layer * resolve_bytes(bytes_per_value))

    @overload
    def kv_bytes_for_sequence(self, tokens: int, bytes_per_value: float | str = 2) -> float: ...
    @overload
    def kv_bytes_for_sequence(self, tokens: ArrayLike, bytes_per_value: float | str = 2) -> FloatOrArray: ...
    def kv_bytes_for_sequence(self, tokens: ArrayLike, bytes_per_value: float | str = 2) -> FloatOrArray:
        """KV bytes held by one sequence of ``tokens`` tokens (vectorised over ``tokens``).

        Full-attention layers keep every token; sliding-window layers keep only the last
        ``min(tokens, sliding_window_tokens)``, so the total stops being linear once the window fills.
        """
        tok = check.numbers("tokens", tokens, low=0, integer=True)
        per_layer_bytes = self.kv_values_per_token_per_layer * resolve_bytes(bytes_per_value)
        full_layers = self.layers - self.sliding_window_layers
        window = self.sliding_window_tokens or 0
        held = full_layers * tok + self.sliding_window_layers * np.minimum(tok, window)
        result: FloatOrArray = check.scalar_or_array(held * per_layer_bytes)
        return result

    def weights_bytes(self, bytes_per_param: float | str = 2) -> float:
        """Bytes of weights: ``params_billion * 1e9 * bytes_per_param`` (all experts resident)."""
        return self.params_billion * 1e9 * resolve_bytes(bytes_per_param, "bytes_per_param")


@dataclass(frozen=True)
class GpuSpec:
    """One accelerator preset.

    Parameters
    ----------
    name : str
        Display name.
    memory_bytes : int
        HBM capacity in bytes, with GB = 1e9 as in vendor datasheets.
    bandwidth_bytes_per_s : float
        Peak HBM bandwidth in bytes per second.
    source : str
        Datasheet the figures come from.

    References
    ----------
    NVIDIA A100 / H100 / H200 datasheets, as listed in ``shared/reference/facts.md``.

    Example
    -------
    >>> GpuSpec("toy", 8 * 10**9, 1e12, "made up").memory_bytes / 1e9
    8.0
    """

    name: str
    memory_bytes: int
    bandwidth_bytes_per_s: float
    source: str

    def __post_init__(self) -> None:
        check.integer("memory_bytes", self.memory_bytes, low=1)
        check.numbers("bandwidth_bytes_per_s", self.bandwidth_bytes_per_s, low=1.0)

    @property
    def memory_gb(self) -> float:
        """HBM capacity in GB (1e9 bytes, as on the datasheet)."""
        return self.memory_bytes / 1e9
