"""Model and GPU presets for the KV-cache model, each with its source.

Private module; :mod:`sims.kv_cache` re-exports ``MODELS`` and ``GPUS``. Architecture numbers are the
ones in ``shared/reference/facts.md``. Parameter counts are the ones the model name or the vendor states;
"nominal" marks a count taken from the name (the exact count differs by a few percent).
"""

from __future__ import annotations

from sims._kv_core import GpuSpec, ModelSpec

_LLAMA31 = "meta-llama/llama-models models/llama3_1/api/sku_list.py"
_NOMINAL = "params nominal from the model name (exact count differs by a few %)"

# fmt: off
# name, layers, attention heads, KV heads, head_dim, hidden, max context, attention, params (B), source
_MODEL_LIST = [
    ModelSpec("Llama-2-7B", 32, 32, 32, 128, 4096, 4096, "MHA", 7.0,
              f"HF config meta-llama/Llama-2-7b-hf; {_NOMINAL}"),
    ModelSpec("Llama-2-70B", 80, 64, 8, 128, 8192, 4096, "GQA", 70.0,
              f"HF config meta-llama/Llama-2-70b-hf; {_NOMINAL}"),
    ModelSpec("Llama-3.1-8B", 32, 32, 8, 128, 4096, 131072, "GQA", 8.0, f"{_LLAMA31}; {_NOMINAL}"),
    ModelSpec("Llama-3.1-70B", 80, 64, 8, 128, 8192, 131072, "GQA", 70.0, f"{_LLAMA31}; {_NOMINAL}"),
    ModelSpec("Llama-3.1-405B", 126, 128, 8, 128, 16384, 131072, "GQA", 405.0,
              f"{_LLAMA31} (early HF configs wrongly said 16 KV heads); {_NOMINAL}"),
    ModelSpec("Mistral-7B-v0.1", 32, 32, 8, 128, 4096, 32768, "GQA", 7.0,
              f"HF config mistralai/Mistral-7B-v0.1, sliding window 4096 on every layer; {_NOMINAL}",
              sliding_window_tokens=4096, sliding_window_layers=32),
    ModelSpec("Mixtral-8x7B", 32, 32, 8, 128, 4096, 32768, "GQA", 46.7,
              "HF config mistralai/Mixtral-8x7B-Instruct-v0.1 (MoE 8 experts, top-2); "
              "46.7B total params per Mistral AI's announcement"),
    ModelSpec("Qwen2.5-7B", 28, 28, 4, 128, 3584, 131072, "GQA", 7.0,
              f"HF config Qwen/Qwen2.5-7B; {_NOMINAL}"),
    ModelSpec("Qwen2.5-72B", 80, 64, 8, 128, 8192, 131072, "GQA", 72.0,
              f"HF config Qwen/Qwen2.5-72B; {_NOMINAL}"),
    ModelSpec("Gemma-2-9B", 42, 16, 8, 256, 3584, 8192, "GQA", 9.0,
              f"HF config google/gemma-2-9b, layers alternate local (window 4096) / global; {_NOMINAL}",
              sliding_window_tokens=4096, sliding_window_layers=21),
    ModelSpec("GPT-OSS-120B", 36, 64, 8, 64, 2880, 131072, "GQA", 117.0,
              "OpenAI gpt-oss model card: ~117B total params (approx.), MoE 128 experts top-4, layers "
              "alternate sliding window 128 / full; ships MXFP4 expert weights (~4.25 bits), so pick int4 "
              "weights to see it fit one 80 GB GPU",
              sliding_window_tokens=128, sliding_window_layers=18),
    ModelSpec("DeepSeek-V3", 61, 128, 128, 128, 7168, 163840, "MLA", 671.0,
              "DeepSeek-V3 technical report: 671B total / 37B active params; MLA caches one latent per token "
              "per layer, kv_lora_rank 512 + qk_rope_head_dim 64 (DeepSeek-V2 paper Table 1); same "
              "architecture as DeepSeek-R1",
              mla_latent_dim=512, mla_rope_dim=64),
]
# fmt: on

MODELS: dict[str, ModelSpec] = {spec.name: spec for spec in _MODEL_LIST}
"""Model presets keyed by name (e.g. ``"Llama-3.1-70B"``)."""

_GPU_LIST = [
    GpuSpec("A100 40GB", 40 * 10**9, 1555e9, "NVIDIA A100 datasheet: 40 GB HBM2, 1,555 GB/s"),
    GpuSpec("A100 80GB SXM", 80 * 10**9, 2039e9, "NVIDIA A100 datasheet: 80 GB HBM2e, 2,039 GB/s"),
    GpuSpec("H100 SXM", 80 * 10**9, 3.35e12, "NVIDIA H100 datasheet: 80 GB HBM3, 3.35 TB/s"),
    GpuSpec("H200 SXM", 141 * 10**9, 4.8e12, "NVIDIA H200 datasheet: 141 GB HBM3e, 4.8 TB/s"),
]

GPUS: dict[str, GpuSpec] = {gpu.name: gpu for gpu in _GPU_LIST}
"""GPU presets keyed by name (e.g. ``"H100 SXM"``); GB = 1e9 bytes as on vendor datasheets."""
