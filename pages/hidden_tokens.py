"""Hidden reasoning tokens: visible vs billed tokens, cost under an editable price, the share of the
bill the user never sees, and the context window they fill. The exemplar page (docs/page-recipe.md)."""

import pandas as pd
import streamlit as st

import ui
from charts import tokens as charts
from sims import tokens as sims

PAGE = "hidden_tokens"
token_bill = ui.cached(sims.token_bill)
reasoning_sweep = ui.cached(sims.reasoning_sweep)
CONTEXT_WINDOWS = (4_096, 8_192, 32_768, 131_072, 163_840)  # model configs in facts.md
WHAT_IF_PRICES = pd.DataFrame({
    "name": ["Article example", "What-if: cheaper model", "What-if: pricier model"],
    "input_usd_per_mtok": [0.0, 0.5, 15.0],
    "output_usd_per_mtok": [10.0, 2.0, 60.0],
})

ctx = ui.page(PAGE, "Hidden reasoning tokens")

# --- Controls (every one is in the URL) -------------------------------------------------------
left, right = st.columns(2, gap="large")
with left:
    visible = ui.slider("tok.visible", "Visible answer", min_value=1, max_value=4_000, value=180, step=10,
                        unit="tokens", help="Tokens of the final answer the user reads.")
    reasoning = ui.slider("tok.reasoning", "Hidden reasoning", min_value=0, max_value=50_000, value=1_220,
                          step=10, unit="tokens",
                          help="Reasoning tokens the API reports in usage but does not return.")
    input_tokens = ui.slider("tok.input", "Prompt (input)", min_value=0, max_value=200_000, value=0,
                             step=500, unit="tokens",
                             help="The article's example counts output only; add a prompt to see input cost.")
with right:
    out_price = ui.number("tok.out_price", "Output price", min_value=0.0, max_value=1_000.0, value=10.0,
                          step=0.5, unit="USD per million tokens",
                          help="Reasoning tokens are billed at this output price.")
    in_price = ui.number("tok.in_price", "Input price", min_value=0.0, max_value=1_000.0, value=0.0,
                         step=0.25, unit="USD per million tokens", help="Your provider's input price.")
    window = ui.select("tok.ctx", "Context window (tokens)", CONTEXT_WINDOWS, value=131_072,
                       help="Must hold prompt + reasoning + answer while the model generates.")

bill = token_bill(visible_tokens=visible, reasoning_tokens=reasoning, output_usd_per_mtok=out_price,
                  input_tokens=input_tokens, input_usd_per_mtok=in_price, context_window_tokens=window)
budgets = sims.reasoning_grid(reasoning)
sweep = reasoning_sweep(budgets, visible_tokens=visible,
                        output_usd_per_mtok=out_price, input_tokens=input_tokens,
                        input_usd_per_mtok=in_price, context_window_tokens=window)

# --- Predict, then see -----------------------------------------------------------------------
growth = sims.output_bill_growth(visible_tokens=visible, reasoning_tokens=reasoning, factor=2.0)
doubled = sims.scaled_reasoning_tokens(reasoning, 2.0)
ui.predict(
    PAGE,
    f"The model now thinks **twice as long** ({doubled:,} reasoning tokens) and the answer stays "
    f"{visible:,} tokens. By what factor does the output bill grow?",
    answer=round(growth, 2), unit="×", min_value=0.0, max_value=100.0, step=0.1,
    settings=f"visible {visible:,}, reasoning {reasoning:,}",
    fmt=lambda v: f"{v:.2f}" if isinstance(v, float) else str(v),
    explain="Billed output is visible + reasoning. Doubling the reasoning multiplies the bill by "
    "(visible + 2 × reasoning) / (visible + reasoning): close to 2 when reasoning dominates the bill, "
    "close to 1 when the answer does.",
)

# --- The numbers and charts --------------------------------------------------------------------
m = st.columns(4)
m[0].metric("Billed output tokens", f"{bill.billed_output_tokens:,}", help="visible + reasoning")
m[1].metric("Visible share of output", f"{bill.visible_fraction:.1%}")
m[2].metric("Output cost per request", f"${bill.output_cost_usd:.4f}")
m[3].metric("Whole bill never seen", f"{bill.hidden_share_of_bill:.1%}", help="reasoning cost / total cost")

ui.chart(charts.tokens_seen_vs_billed(bill), chart_id="tok.bars",
         alt=f"Bar chart: the user sees {visible:,} tokens; the bill counts {bill.billed_output_tokens:,} "
         f"output tokens, of which {reasoning:,} are hidden reasoning.")

ghosts = ui.pin_controls("tok.sweep", charts.sweep_curves(sweep),
                         label=f"visible {visible:,}, prompt {input_tokens:,}, ${out_price:g}/M out")
ui.chart(charts.cost_sweep(sweep, bill, ghosts=ghosts), chart_id="tok.sweep",
         data=charts.sweep_table(sweep),
         alt=f"Line chart: cost per request rises in a straight line with the hidden reasoning budget, from "
         f"${sweep.total_cost_usd[0]:.4f} at 0 to ${sweep.total_cost_usd[-1]:.4f} at {budgets[-1]:,} tokens; "
         f"this request costs ${bill.total_cost_usd:.4f}, and "
         f"{bill.hidden_share_of_bill:.1%} of it pays for hidden reasoning.")

# --- What to notice (computed from the numbers above) ------------------------------------------
notes = [f"The user reads {visible:,} of the {bill.billed_output_tokens:,} output tokens on the bill "
         f"({bill.visible_fraction:.1%}); the other {reasoning:,} are paid for and never shown."]
if bill.visible_only_estimate_usd > 0:
    notes.append(f"Counting visible text only, a dashboard estimates "
                 f"${bill.visible_only_estimate_usd:.4f} per request; the bill is "
                 f"${bill.total_cost_usd:.4f}, {bill.underestimate_factor:.1f}× more.")
if bill.fits_context:
    notes.append(f"While it works the request holds {bill.context_tokens:,} of {window:,} context tokens "
                 f"({bill.context_fraction:.1%}); up to {sweep.max_reasoning_in_context:,} reasoning tokens "
                 "would still fit.")
else:
    notes.append(f"This request needs {bill.context_tokens:,} context tokens but the window holds "
                 f"{window:,}: the hidden reasoning alone decides that it does not fit.")
ui.what_to_notice(notes)

# --- Compare prices (editable table, validated by the sim) -------------------------------------
# The table is always sent (its edits are widget state); the chart is built only while the box is open.
with st.expander("Compare prices: the same request under several price rows", icon=":material/table:",
                 key="tok.prices_open", on_change="rerun") as prices_box:
    ui.secondary("Edit, add or delete rows. Prices are in USD per million tokens; the what-if rows are "
                 "made-up comparisons, not any provider's price list.")
    edited = st.data_editor(WHAT_IF_PRICES, key="tok.price_table", num_rows="dynamic", width="stretch",
                            hide_index=True,
                            column_config={
                                "name": st.column_config.TextColumn("Model"),
                                "input_usd_per_mtok": st.column_config.NumberColumn("Input (USD / M)"),
                                "output_usd_per_mtok": st.column_config.NumberColumn("Output (USD / M)"),
                            })
    table = sims.clean_price_table(edited.to_dict("records"))
    if table.problems:
        st.warning("Some rows were left out:\n" + "\n".join(f"- {p}" for p in table.problems),
                   icon=":material/rule:")
    rows = table.rows or sims.clean_price_table(WHAT_IF_PRICES.to_dict("records")).rows
    if prices_box.open:
        comparison = sims.compare_prices(rows, visible_tokens=visible, reasoning_tokens=reasoning,
                                         input_tokens=input_tokens)
        ui.chart(charts.price_comparison(comparison), chart_id="tok.prices",
                 data=pd.DataFrame({"model": comparison.names, "total_cost_usd": comparison.total_cost_usd,
                                    "hidden_share_of_bill": comparison.hidden_share_of_bill}),
                 alt="Bar chart of the cost of this request under each price row: "
                 + "; ".join(f"{n} ${c:.4f}" for n, c in zip(comparison.names, comparison.total_cost_usd,
                                                               strict=True)) + ".")

ui.show_model(
    [sims.token_bill, sims.reasoning_sweep, sims.output_bill_growth, sims.clean_price_table],
    citations=[
        ui.Citation("Reasoning tokens are not returned, are reported in usage "
                    "(`completion_tokens_details.reasoning_tokens`) and are billed as output tokens; "
                    "they take context-window space", "OpenAI, Reasoning models guide",
                    "https://platform.openai.com/docs/guides/reasoning"),
        ui.Citation("180 visible + 1,220 reasoning tokens at $10 per million output tokens "
                    "(1,400 billed, 12.9% visible, $0.0140)", "the article, hidden-token-accounting example"),
        ui.Citation("Context windows 4,096 (Llama-2), 8,192 (Gemma-2-9B), 32,768 (Mistral-7B), 131,072 "
                    "(Llama-3.1, Qwen2.5), 163,840 (DeepSeek-V3/R1) tokens",
                    "model configs listed in the project's facts.md"),
        ui.Citation("What-if price rows", "made-up values for comparison, not a provider's price list"),
    ],
)
