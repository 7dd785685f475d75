"""TTFT vs thinking budget: hidden thinking delays the first visible token; find the largest budget that
meets the SLO and the most accurate one within it."""

import math

import streamlit as st

import ui
from charts import ttft as charts
from sims import latency as sims

PAGE = "ttft"
budget_tradeoff = ui.cached(sims.budget_tradeoff)
ttft_under_slo = ui.cached(sims.ttft_under_slo)
MODEL = sims.GHOSAL_GSM8K
QUESTION_BUDGET = sims.ARTICLE_BUDGETS_TOKENS[2]  # 512: the article's first rejected budget

ctx = ui.page(PAGE, "TTFT vs thinking budget")

# --- Controls (every one is in the URL) -------------------------------------------------------
left, right = st.columns(2, gap="large")
with left:
    base = ui.slider("ttft.base", "TTFT without thinking", min_value=0, max_value=2_000, value=180, step=10,
                     unit="ms", help="Queueing and prefill: the wait for the first token with no thinking.")
    rate = ui.slider("ttft.rate", "Decode speed", min_value=5, max_value=2_000, value=80, step=5,
                     unit="tokens/s", help="How fast one stream generates (hidden) tokens.")
with right:
    slo = ui.slider("ttft.slo", "TTFT SLO", min_value=250, max_value=60_000, value=3_000, step=250, unit="ms",
                    help="The longest the user may wait for the first visible token.")
    top = ui.slider("ttft.max", "Budgets shown up to", min_value=512, max_value=16_384, value=2_048, step=512,
                    unit="tokens", help="Right end of the chart's budget axis.")

largest = sims.largest_fitting_budget(base_ttft_ms=base, decode_tokens_per_s=rate, slo_ms=slo)
grid = sims.budget_grid(top, include=(largest,))
trade = budget_tradeoff(grid, base_ttft_ms=base, decode_tokens_per_s=rate, slo_ms=slo)
article = ttft_under_slo(sims.ARTICLE_BUDGETS_TOKENS, base_ttft_ms=base, decode_tokens_per_s=rate, slo_ms=slo)
needed = sims.decode_rate_for_budget(QUESTION_BUDGET, base_ttft_ms=base, slo_ms=slo)
per_token_ms = sims.ttft_ms(1, base_ttft_ms=0, decode_tokens_per_s=rate)

# --- Predict, then see -----------------------------------------------------------------------
if math.isfinite(needed):
    ui.predict(
        PAGE, f"How fast must decoding be for a **{QUESTION_BUDGET}-token** thinking budget to meet the "
        f"{slo:,} ms SLO (with {base:,} ms of base TTFT)?",
        answer=round(needed, 1), unit="tokens/s", min_value=0.0, step=1.0,
        settings=f"base {base:,} ms, SLO {slo:,} ms",
        explain=f"The {QUESTION_BUDGET} thinking tokens must be decoded within SLO − base TTFT, the time "
        "left before the first visible token, so the rate is budget ÷ time left. Halving the time left "
        "doubles the speed you need.",
    )
else:
    st.info(f"The base TTFT ({base:,} ms) alone reaches the SLO ({slo:,} ms): no decode speed makes any "
            "thinking fit.", icon=":material/timer_off:")

# --- The numbers and charts --------------------------------------------------------------------
best = trade.best
m = st.columns(3)
m[0].metric("Largest budget that fits", "none" if largest is None else f"{largest:,} tokens")
m[1].metric("Most accurate within the SLO",
            "none" if best.chosen_budget_tokens is None else f"{best.chosen_budget_tokens:,} tokens",
            help="Highest modelled accuracy among the budgets on the chart that meet the SLO.")
m[2].metric("Modelled accuracy there", "–" if best.accuracy is None else f"{best.accuracy:.1%}")

ghosts = ui.pin_controls("ttft.curve", charts.tradeoff_curves(trade),
                         label=f"base {base:,} ms, {rate:,} tok/s, SLO {slo:,} ms")
fits = [f"{t:,.0f}" for t, ok in zip(article.ttft_ms, article.fits, strict=True) if ok]
rejected = [f"{t:,.0f}" for t, ok in zip(article.ttft_ms, article.fits, strict=True) if not ok]
ui.chart(charts.ttft_vs_budget(trade, article, measured=sims.GHOSAL_GSM8K_POINTS, ghosts=ghosts),
         chart_id="ttft.curve", data=charts.tradeoff_table(trade),
         alt=f"Line chart: TTFT rises in a straight line from {base:,} ms at 0 tokens to "
         f"{trade.ttft_ms[-1]:,.0f} ms at {top:,} tokens against a {slo:,} ms SLO; the article's budgets "
         f"give {', '.join(fits) or 'none'} ms (fit) and {', '.join(rejected) or 'none'} ms (rejected). "
         f"Modelled accuracy peaks near {trade.peak_budget_tokens:,.0f} tokens.")

st.markdown("**The article's budgets under these settings**")
st.table(charts.article_table(article), border="horizontal")

# --- What to notice (computed from the numbers above) ------------------------------------------
question_ms = sims.ttft_ms(QUESTION_BUDGET, base_ttft_ms=0, decode_tokens_per_s=rate)
notes = [f"Every thinking token adds {per_token_ms:,.1f} ms before the user sees anything, so a "
         f"{QUESTION_BUDGET}-token think costs {question_ms:,.0f} ms of waiting, however fast the answer "
         "streams afterwards."]
if largest is not None:
    notes.append(f"Within {slo:,} ms the largest budget is {largest:,} tokens; of the article's budgets "
                 f"{article.fitting_count} fit and {article.rejected_count} are rejected.")
if best.chosen_budget_tokens is not None and best.accuracy is not None:
    if best.chosen_budget_tokens < trade.peak_budget_tokens:
        notes.append(f"The accuracy model peaks near {trade.peak_budget_tokens:,.0f} tokens "
                     f"({MODEL.peak_accuracy:.1%}), beyond what fits: here the SLO, not accuracy, sets "
                     "the budget.")
    else:
        notes.append(f"The most accurate budget that fits is {best.chosen_budget_tokens:,} tokens "
                     f"({best.accuracy:.1%}), near the peak: thinking longer would make answers slower "
                     "and worse.")
    if best.chosen_budget_tokens < sims.GHOSAL_GSM8K_POINTS[0][0]:
        notes.append(f"Below {sims.GHOSAL_GSM8K_POINTS[0][0]:,} tokens the accuracy curve is an "
                     "extrapolation (dotted): treat it as a shape, not a measurement.")
ui.what_to_notice(notes)

ui.show_model(
    [sims.ttft_ms, sims.largest_fitting_budget, sims.decode_rate_for_budget, sims.accuracy_at_budget],
    citations=[
        ui.Citation("Base TTFT 180 ms, 80 tokens/s, SLO 3,000 ms, budgets 0/128/512/1,024 → 180 and 1,780 ms "
                    "fit, 6,580 and 12,980 ms rejected", "the article, ttft-budget-slo example"),
        ui.Citation("Accuracy 82.2% at 385 thinking tokens, 87.3% at 1,100 and 70.3% at 15,980 "
                    "(GSM-8K, R1-Distill-Qwen-1.5B); the inverted U is fitted exactly through these",
                    "Ghosal et al. 2025, Does Thinking More Always Help?", "https://arxiv.org/abs/2506.04210"),
        ui.Citation("Hidden reasoning tokens are generated before the visible answer",
                    "OpenAI, Reasoning models guide", "https://platform.openai.com/docs/guides/reasoning"),
    ],
)
