"""Two axes of compute: loss as a power law of training compute, and the thinking budget at test time,
where the best budget under a latency limit is not the largest (an inverted U)."""

import streamlit as st

import ui
from charts import two_axes as charts
from sims import latency as lat
from sims import scaling

PAGE = "two_axes"
best_budget = ui.cached(lat.best_budget_under_limit)
loss_at = ui.cached(scaling.power_law_loss)
# The article's measured-budget-sweet-spot example (budgets in tokens, verified accuracy, latency in ms).
BUDGETS, ACCURACY, LATENCY_MS = (0, 128, 512, 2048), (0.71, 0.78, 0.83, 0.80), (220, 310, 610, 1840)
PARAMS = (125_000_000, 1_300_000_000, 7_000_000_000, 13_000_000_000, 70_000_000_000, 405_000_000_000)
TOKENS = (300_000_000_000, 1_000_000_000_000, 2_000_000_000_000, 15_000_000_000_000)
FLOPS_GRID = scaling.compute_grid(1e15, 1e27, points=121)
MEASURED_PF_DAYS = (1e-8, 1e1)  # Kaplan et al. 2020, Figure 1: the compute range of their fit


def size(v: int) -> str:
    return f"{v / 1e12:g}T" if v >= 1e12 else f"{v / 1e9:g}B" if v >= 1e9 else f"{v / 1e6:g}M"


ctx = ui.page(PAGE, "Two axes of compute")

# --- Controls (every one is in the URL) -------------------------------------------------------
# While presenting, controls fold away so the chart is above the fold; scenes set the values.
box = st.expander("Controls", icon=":material/tune:") if ctx.presenter else st.container()
with box:
    left, right = st.columns(2, gap="large")
    with left:
        st.markdown("**Train time**")
        params = ui.select("two.params", "Model parameters N", PARAMS, value=7_000_000_000, format_func=size,
                           help="Parameters of the model being trained.")
        tokens = ui.select("two.tokens", "Training tokens D", TOKENS, value=2_000_000_000_000,
                           format_func=size, help="Tokens seen in pre-training.")
        alpha = ui.slider("two.alpha", "Power-law exponent α", min_value=0.02, max_value=0.2, value=0.05,
                          step=0.005, format="%.3f", help="Kaplan et al. fit α ≈ 0.050 for compute.")
    with right:
        st.markdown("**Test time**")
        limit = ui.slider("two.limit", "Latency limit", min_value=100, max_value=3_000, value=1_000, step=10,
                          unit="ms", help="The slowest response the product accepts (the article: 1,000 ms).")

flops = scaling.training_flops(params, tokens)
loss = loss_at(FLOPS_GRID, exponent=alpha)
model_loss, loss_10x = loss_at(flops, exponent=alpha), loss_at(10 * flops, exponent=alpha)
choice = best_budget(BUDGETS, ACCURACY, LATENCY_MS, latency_limit_ms=limit)
model = lat.GHOSAL_GSM8K
think = lat.thinking_grid(100, 30_000, points=161)

# --- Predict, then see -----------------------------------------------------------------------
(low, low_acc), (mid, mid_acc), (high, high_acc) = lat.GHOSAL_GSM8K_POINTS
options = (f"Higher than {mid_acc:.1%}", f"About the same as at {mid:,}", f"Lower than at {low:,} tokens")
revealed = ui.predict(
    PAGE, f"A small reasoning model scores {low_acc:.1%} on GSM-8K after {low:,} thinking tokens and "
    f"{mid_acc:.1%} after {mid:,}. What happens when it thinks for **{high:,} tokens**?", kind="choice",
    options=options, answer=options[2], settings="Ghosal et al. 2025, GSM-8K",
    explain=f"Accuracy fell to {high_acc:.1%}, below the shortest budget: past a point, a longer trace "
    "wanders, second-guesses right steps and piles up errors. Gema et al. 2025 found the same inverse "
    "scaling on tasks with distractors.")

# --- The numbers and charts --------------------------------------------------------------------
m = st.columns(3)
m[0].metric("Training compute C = 6ND", f"{flops:.2e} FLOPs", help=f"{size(params)} params × {size(tokens)}")
m[1].metric("Predicted loss", f"{model_loss:.3f} nats/token")
m[2].metric("With 10× the compute", f"{loss_10x:.3f} nats/token")
ghosts = ui.pin_controls("two.loss", charts.loss_curves(FLOPS_GRID, loss), label=f"α {alpha:.3f}")
measured = tuple(scaling.pf_days_to_flops(MEASURED_PF_DAYS))
ui.chart(charts.train_power_law(FLOPS_GRID, loss, measured_flops=measured, model_flops=flops,
                                model_loss=model_loss, model_label=f"{size(params)} × {size(tokens)}",
                                ghosts=ghosts),
         chart_id="two.loss", data=charts.pd.DataFrame({"compute_flops": FLOPS_GRID, "loss": loss}),
         alt=f"Log-log line chart: loss falls in a straight line from {loss[0]:.2f} to {loss[-1]:.2f} "
         f"nats per token as compute grows from 1e15 to 1e27 FLOPs; this model ({flops:.2e} FLOPs) sits at "
         f"{model_loss:.3f}.")

chosen = choice.chosen_budget_tokens
m = st.columns(4)
m[0].metric("Chosen budget", "none fits" if chosen is None else f"{chosen:,} tokens")
m[1].metric("Accuracy there", "–" if choice.accuracy is None else f"{choice.accuracy:.0%}")
m[2].metric("Latency there", "–" if choice.latency_ms is None else f"{choice.latency_ms:,.0f} ms")
m[3].metric("Max budget is best?", "yes" if choice.max_budget_is_best else "no")
ui.chart(charts.budget_sweet_spot(BUDGETS, ACCURACY, LATENCY_MS, choice, latency_limit_ms=limit),
         chart_id="two.budget", data=charts.budget_table(BUDGETS, ACCURACY, LATENCY_MS, choice),
         alt="Bars of latency and a line of accuracy for thinking budgets "
         + ", ".join(f"{b:,} tokens: {a:.0%} in {t:,} ms" for b, a, t in zip(BUDGETS, ACCURACY, LATENCY_MS,
                                                                               strict=True))
         + f"; limit {limit:,} ms; chosen: {'none' if chosen is None else f'{chosen:,} tokens'}.")

ui.chart(charts.ghosal_curve(think, lat.accuracy_at_budget(think, model), lat.GHOSAL_GSM8K_POINTS,
                             peak_budget_tokens=model.peak_budget_tokens, peak_accuracy=model.peak_accuracy,
                             reveal=revealed),
         chart_id="two.ghosal",
         alt="Line chart of accuracy against thinking tokens on a log axis, fitted through 82.2% at 385 and "
         "87.3% at 1,100 tokens"
         + (f", peaking near {model.peak_budget_tokens:,.0f} tokens and falling to 70.3% at 15,980."
            if revealed else "; the rest is hidden until you predict."))

st.subheader("The thinking-budget knob, provider by provider")
ui.secondary("Each provider exposes the budget differently, and the names change with model generations: "
             "tune the knob your model supports, and read the reasoning tokens from its usage report.")
st.dataframe(ui.content_rows("reasoning_controls", "control"), hide_index=True, width="stretch",
             column_config={"url": st.column_config.LinkColumn("link", display_text="docs")})

# --- What to notice (computed from the numbers above) ------------------------------------------
notes = [f"Ten times the training compute moves the predicted loss from {model_loss:.3f} to {loss_10x:.3f} "
         "nats per token: steady, predictable, and paid once before deployment."]
if chosen is None or choice.accuracy is None:
    notes.append(f"No measured budget answers within {limit:,} ms: the fastest takes "
                 f"{choice.fastest_latency_ms:,.0f} ms.")
else:
    notes.append(f"Within {limit:,} ms the best budget is {chosen:,} tokens at {choice.accuracy:.0%}. "
                 f"The largest budget, {BUDGETS[-1]:,}, scores {ACCURACY[-1]:.0%} and takes "
                 f"{LATENCY_MS[-1]:,} ms: the maximum "
                 f"{'is' if choice.max_budget_is_best else 'is not'} the best.")
if revealed:
    notes.append(f"The curve fitted through Ghosal et al.'s points peaks near "
                 f"{model.peak_budget_tokens:,.0f} tokens at {model.peak_accuracy:.1%}; beyond it, every "
                 "extra thinking token costs latency and accuracy.")
ui.what_to_notice(notes)

ui.show_model(
    [scaling.training_flops, scaling.power_law_loss, lat.best_budget_under_limit, lat.calibrate_inverted_u,
     lat.accuracy_at_budget],
    citations=[
        ui.Citation("C ≈ 6ND; loss = (C_c / C)^α with α ≈ 0.050, C_c ≈ 3.1e8 PF-days, fitted over about 1e-8 "
                    "to 10 PF-days", "Kaplan et al. 2020, Scaling Laws for Neural Language Models",
                    "https://arxiv.org/abs/2001.08361"),
        ui.Citation("Budgets 0/128/512/2,048 tokens, accuracy 71/78/83/80%, latency 220/310/610/1,840 ms, "
                    "limit 1,000 ms → 512 tokens at 83% in 610 ms; the max budget is not the best",
                    "the article, measured-budget-sweet-spot example"),
        ui.Citation("GSM-8K, R1-Distill-Qwen-1.5B: 82.2% at 385 average thinking tokens, 87.3% at 1,100, "
                    "70.3% at 15,980", "Ghosal et al. 2025, Does Thinking More Always Help?",
                    "https://arxiv.org/abs/2506.04210"),
        ui.Citation("Longer reasoning lowers accuracy on distractor tasks, e.g. DeepSeek R1 70% → 30% with "
                    "five distractors; budgets swept 0 to 16,384 tokens",
                    "Gema et al. 2025, Inverse Scaling in Test-Time Compute",
                    "https://arxiv.org/abs/2507.14417"),
    ],
)
