"""KV cache and prefix sharing: bytes per token, what sharing a prompt across branches saves, how many
traces fit on a GPU, and what paging saves over reserving the maximum length."""

import streamlit as st

import ui
from charts import kv_cache as charts
from sims import kv_cache as sims

PAGE = "kv_cache"
CUSTOM = "Custom"
prefix_sharing = ui.cached(sims.prefix_sharing)
branch_capacity = ui.cached(sims.branch_capacity)
allocation_comparison = ui.cached(sims.allocation_comparison)

ctx = ui.page(PAGE, "KV cache and prefix sharing")

# --- Controls (every one is in the URL) -------------------------------------------------------
left, mid, right = st.columns(3, gap="large")
with left:
    name = ui.select("kv.model", "Model", [*sims.MODELS, CUSTOM], value="Llama-3.1-8B",
                     help="Architecture presets from the models' configs, or your own numbers.")
    if name == CUSTOM:
        spec = sims.custom_model(
            ui.number("kv.layers", "Layers L", min_value=1, max_value=256, value=32, step=1),
            ui.number("kv.kv_heads", "KV heads n_kv", min_value=1, max_value=256, value=8, step=1),
            ui.number("kv.head_dim", "Head dim d_h", min_value=8, max_value=1024, value=128, step=8),
            ui.number("kv.params", "Parameters", min_value=0.0, max_value=2000.0, value=8.0, step=0.5,
                      unit="billion", help="Only used for the weights' memory."))
    else:
        spec = sims.MODELS[name]
    kv_dtype = ui.select("kv.dtype", "KV cache dtype", list(sims.KV_DTYPES), value="bf16",
                         help="Bytes per stored number b: bf16/fp16 2, fp8 1, int4 0.5.")
with mid:
    prompt = ui.slider("kv.prompt", "Shared prompt", min_value=0, max_value=128_000, value=4_000, step=100,
                       unit="tokens", help="The prefix every branch starts from.")
    cont = ui.slider("kv.cont", "Reasoning per branch", min_value=100, max_value=64_000, value=1_000,
                     step=100, unit="tokens", help="Tokens each branch generates after the prompt.")
    branches = ui.slider("kv.branches", "Branches", min_value=1, max_value=64, value=8, step=1,
                         help="Samples or beams that continue the same prompt.")
    share = ui.toggle("kv.share", "Prefix sharing", value=True,
                      help="Cache the prompt once for all branches instead of once per branch.")
with right:
    gpu_name = ui.select("kv.gpu", "GPU", list(sims.GPUS), value="H100 SXM", help="Datasheet memory.")
    gpus = ui.slider("kv.gpus", "Number of GPUs", min_value=1, max_value=8, value=1, step=1,
                     help="Tensor-parallel GPUs: their memory adds up.")
with st.expander("More settings: weights dtype, paging", icon=":material/tune:"):
    a, b, c = st.columns(3, gap="large")
    with a:
        weights_dtype = ui.select("kv.wdtype", "Weights dtype", list(sims.KV_DTYPES), value="bf16",
                                  help="Bytes per parameter of the weights.")
    with b:
        block = ui.select("kv.block", "PagedAttention block (tokens)", [1, 8, 16, 32, 64, 128], value=16,
                          help="vLLM's default is 16 tokens per block.")
    with c:
        reserve = ui.select("kv.reserve", "Static reservation per request (tokens)",
                            [2_048, 4_096, 8_192, 16_384, 32_768, 131_072], value=8_192,
                            help="What an allocator without paging sets aside for every request up front.")

gpu = sims.GPUS[gpu_name]
terms = sims.kv_formula_terms(spec, kv_dtype)
bpt = float(terms["kv_bytes_per_token"])
sharing = prefix_sharing(prompt, cont, branches, bpt)
caps = {on: branch_capacity(spec, gpu, prompt_tokens=prompt, continuation_tokens=cont, branches=branches,
                            share_prefix=on, kv_dtype=kv_dtype, weights_dtype=weights_dtype, gpus=gpus)
        for on in (False, True)}
cap = caps[share]
grid = sims.continuation_grid(cont)
sweep = branch_capacity(spec, gpu, prompt_tokens=prompt, continuation_tokens=grid, branches=branches,
                        share_prefix=share, kv_dtype=kv_dtype, weights_dtype=weights_dtype, gpus=gpus)
alloc = allocation_comparison(prompt, cont, branches, bpt, reserve_tokens_per_trace=reserve,
                              block_size_tokens=block)

st.markdown("**The formula with this model's numbers**")
st.latex(r"\text{KV bytes per token} = " + str(terms["latex"]))
if terms["attention"] == "MLA":
    ui.secondary("MLA caches one compressed latent (plus a small RoPE key) per token and layer instead "
                 "of separate keys and values, so there is no factor 2 and no per-head term.")
if terms["sliding_window_layers"]:
    ui.secondary(f"{terms['sliding_window_layers']} of {terms['layers']} layers only keep the last "
                 f"{terms['sliding_window_tokens']:,} tokens (sliding window), so long traces grow slower.")

# --- Predict, then see -----------------------------------------------------------------------
more = sims.scaled_branches(branches, 2)
doubled = prefix_sharing(prompt, cont, more, bpt)
ui.predict(
    PAGE, f"Sharing saves **{charts.fmt_bytes(sharing.saved_kv_bytes)}** with {branches} branches. With "
    f"**{more} branches** of the same prompt, how many GiB would sharing save?",
    answer=round(charts.gib(doubled.saved_kv_bytes), 2), unit="GiB", min_value=0.0, step=0.01,
    settings=f"prompt {prompt:,}, {branches} → {more} branches, {charts.fmt_bytes(bpt)}/token",
    explain="Sharing stores the prompt once instead of once per branch, so it saves (branches − 1) × prompt "
    "tokens of KV. Doubling the branches roughly doubles the saving; the continuations do not matter.",
)

# --- The numbers and charts --------------------------------------------------------------------
m = st.columns([1, 1.7, 1, 1])
m[0].metric("KV per token", charts.fmt_bytes(bpt), help=str(terms["expression"]))
m[1].metric("Cached tokens, no sharing → sharing",
            f"{sharing.tokens_without_sharing:,} → {sharing.tokens_with_sharing:,}")
m[2].metric("KV saved by sharing", charts.fmt_bytes(sharing.saved_kv_bytes),
            help=f"{sharing.saved_fraction:.0%} of the unshared cache")
m[3].metric(f"Traces that fit (sharing {'on' if share else 'off'})", f"{cap.max_concurrent_traces:,}")

ui.chart(charts.cached_tokens(sharing, branches=branches, continuation_tokens=cont), chart_id="kv.tokens",
         alt=f"Bar chart: {branches} branches cache {sharing.tokens_without_sharing:,} tokens when each "
         f"copies the prompt and {sharing.tokens_with_sharing:,} when they share it, saving "
         f"{charts.fmt_bytes(sharing.saved_kv_bytes)}.")
mode = f"sharing {'on' if share else 'off'}"
if cap.reason:
    st.info(cap.reason[0].upper() + cap.reason[1:] + ".", icon=":material/memory:")
ui.chart(charts.memory_bar(cap, label=mode), chart_id="kv.memory",
         alt=f"Stacked bar of {gpus} × {gpu_name} memory: weights {cap.weights_gb:,.1f} GB, "
         f"KV of {cap.max_concurrent_traces:,} traces {cap.kv_gb_used:,.1f} GB.")

line = f"Traces that fit, {mode}"
ghosts = ui.pin_controls("kv.capacity", charts.capacity_curves(grid, sweep, name=line),
                         label=f"{spec.name}, {kv_dtype}, prompt {prompt:,}, {branches} br., {mode}")
ui.chart(charts.capacity_curve(grid, sweep, current_tokens=cont, current_traces=cap.max_concurrent_traces,
                               name=line, ghosts=ghosts),
         chart_id="kv.capacity", data=charts.capacity_table(grid, sweep),
         alt=f"Step chart: concurrent traces fall as reasoning per branch grows, from "
         f"{sweep.max_concurrent_traces[0]:,} at {grid[0]:,} tokens to {sweep.max_concurrent_traces[-1]:,} "
         f"at {grid[-1]:,} tokens; now "
         f"{cap.max_concurrent_traces:,}.")

ui.chart(charts.allocation_bars(alloc), chart_id="kv.paging", data=charts.allocation_table(alloc),
         alt="Bars of reserved KV memory: " + "; ".join(
             f"{a} {charts.fmt_bytes(r)} ({w:.1%} empty)"
             for a, r, w in zip(alloc.allocators, alloc.reserved_bytes, alloc.waste_fraction, strict=True)
         ) + ".")

# --- What to notice (computed from the numbers above) ------------------------------------------
trace = sims.trace_tokens(prompt, cont)
notes = [f"Without sharing each of the {branches} branches caches its own {prompt:,}-token prompt: "
         f"{sharing.tokens_without_sharing:,} tokens. Sharing keeps one copy, "
         f"{sharing.tokens_with_sharing:,} tokens, {sharing.saved_fraction:.0%} less KV "
         f"({charts.fmt_bytes(sharing.saved_kv_bytes)})."]
if caps[True].weights_fit:
    notes.append(f"On {gpus} × {gpu_name} {caps[False].max_concurrent_traces:,} traces of "
                 f"{trace:,} tokens fit without sharing and {caps[True].max_concurrent_traces:,} "
                 "with it.")
notes.append(f"Reserving {alloc.reserve_tokens_per_trace:,} tokens per request leaves "
             f"{alloc.waste_fraction[0]:.0%} of the reservation empty; {block}-token blocks leave "
             f"{alloc.waste_fraction[1]:.1%}, and {alloc.blocks[1]:,} blocks shrink to {alloc.blocks[2]:,} "
             "with the prompt's blocks shared.")
if not cap.fits_context:
    notes.append(f"A trace of {trace:,} tokens is longer than {spec.name}'s context window "
                 f"({spec.max_context_tokens:,} tokens): the model could not run it at all.")
ui.what_to_notice(notes)

ui.show_model(
    [sims.kv_formula_terms, sims.prefix_sharing, sims.paged_prefix_sharing, sims.concurrent_traces,
     sims.allocation_comparison],
    citations=[
        ui.Citation("Prompt 4,000 + 1,000 tokens per branch, 8 branches, 128 KiB per token: 40,000 vs 12,000 "
                    "tokens, 3.42 GiB saved", "the article, prefix-sharing-cache-accounting example"),
        ui.Citation("Layers, KV heads, head dims, context windows, sliding windows and MLA widths",
                    f"model configs listed in facts.md; this model: {spec.source}"),
        ui.Citation(f"{gpu_name}: {gpu.memory_gb:,.0f} GB", gpu.source),
        ui.Citation("Block size 16 tokens; earlier systems wasted 60-80% of KV memory, PagedAttention "
                    "under 4%; sharing cuts parallel-sampling memory by up to 55%",
                    "vLLM paper (Kwon et al., SOSP 2023) and vLLM blog 2023-06-20",
                    "https://arxiv.org/abs/2309.06180"),
        ui.Citation("Prefix reuse across branches through a radix tree", "SGLang RadixAttention",
                    "https://arxiv.org/abs/2312.07104"),
        ui.Citation("10% of memory held back from weights and KV",
                    "vLLM's default gpu_memory_utilization 0.9"),
        ui.Citation("A static reservation of 8,192 tokens per request", "an illustrative allocator setting: "
                    "systems before PagedAttention reserved each request's maximum length up front (Kwon et "
                    "al. 2023, section 3)"),
    ],
)
