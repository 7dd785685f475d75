"""Compute-optimal inference: when does a small model with best-of-N beat a larger model answering
once, at the same inference FLOPs? The crossover budget C*, or a clear "never crosses"."""

import streamlit as st

import ui
from charts import compute_optimal as charts
from sims import scaling as sims

PAGE = "compute_optimal"
BILLION = 1e9  # the controls take parameters and tokens in billions
crossover = ui.cached(sims.crossover)
training_flops = ui.cached(sims.training_flops)

ctx = ui.page(PAGE, "Small model + search vs a larger model")

# --- Controls -------------------------------------------------------------------------------------
left, mid, right = st.columns(3, gap="large")
with left:
    small_b = ui.number("co.small", "Small model", min_value=0.1, max_value=1_000.0, value=1.0, step=0.5,
                        unit="billion parameters", help="Parameters of the model that samples many answers.")
    large_b = ui.number("co.large", "Large model", min_value=0.1, max_value=2_000.0, value=14.0, step=1.0,
                        unit="billion parameters",
                        help="Parameters of the model that answers once. Snell et al. compared a 14x gap.")
with mid:
    p_small = ui.slider("co.p_small", "Small model: one answer right", min_value=0.0, max_value=1.0,
                        value=0.3, step=0.01, help="Share of problems one small-model answer gets right.")
    p_large = ui.slider("co.p_large", "Large model: one answer right", min_value=0.0, max_value=1.0,
                        value=0.6, step=0.01, help="Share of problems its one answer gets right.")
with right:
    recall = ui.slider("co.recall", "Selector recall", min_value=0.0, max_value=1.0, value=0.9, step=0.01,
                       help="Chance the selector (verifier, reward model) keeps a correct answer when one "
                       "was sampled. 1 = a perfect checker.")
    tokens = ui.slider("co.tokens", "Tokens per answer", min_value=50, max_value=20_000, value=500, step=50,
                       unit="tokens", help="Both models write answers of this length.")
    show_large_bon = ui.toggle("co.large_bon", "Let the large model sample too", value=False,
                               help="Add the large model's own best-of-N curve at the same recall.")

if large_b < small_b:
    st.warning(f"The large model ({large_b:g}B) is smaller than the small one ({small_b:g}B); comparing the "
               f"small model with itself instead.", icon=":material/swap_horiz:")
    large_b = small_b

result = crossover(small_b * BILLION, large_b * BILLION, p_small, p_large, tokens_per_answer=tokens,
                   selector_recall=recall)
large_bon = (crossover(large_b * BILLION, large_b * BILLION, p_large, p_large, tokens_per_answer=tokens,
                       selector_recall=recall) if show_large_bon else None)

# --- Predict, then see ----------------------------------------------------------------------------
question = (f"One {large_b:g}B answer costs as much as {result.samples_at_matched_flops:,} answers from the "
            f"{small_b:g}B model. ")
if result.crossover_samples is not None:
    revealed = ui.predict(
        PAGE, question + "How many small-model samples N does it take to **beat** the large model?",
        answer=result.crossover_samples, unit="samples", abs_tol=1.0, rel_tol=0.2, min_value=1.0, step=1.0,
        settings=f"p {p_small:.2f} vs {p_large:.2f}, recall {recall:.2f}", fmt=lambda v: f"{v:,.0f}",
        explain="Solve r(1 - (1 - p_small)^N) > p_large for N: each extra sample only helps if all earlier "
        "ones missed, so the curve climbs fast at first and then flattens towards the selector's recall r.",
    )
else:
    revealed = ui.predict(
        PAGE, question + "Can the small model overtake the large one with enough samples?", kind="choice",
        options=("Yes", "No"), answer="No", qid="never",
        settings=f"p_large {p_large:.2f}, recall {recall:.2f}",
        explain="No: the best-of-N curve can never rise above the selector's recall r (and stays at 0 if "
        "the small model never solves the problem). If r is not above the large model's accuracy, no "
        "budget wins.",
    )

# --- The numbers and the chart ---------------------------------------------------------------------
m = st.columns(4)
m[0].metric("Small answers per large answer", f"{result.samples_at_matched_flops:,}", help="matched FLOPs")
m[1].metric(f"Small model at N = {result.samples_at_matched_flops:,}",
            f"{result.small_accuracy_at_matched_flops:.1%}", help="best-of-N accuracy at matched FLOPs")
m[2].metric("Large model, one answer", f"{result.large_accuracy:.1%}")
crossing = ("never" if result.crossover_samples is None else f"N = {result.crossover_samples:,}")
m[3].metric("Crossover", crossing if revealed else "?", help="Commit a guess above to see it.")

ghosts = ui.pin_controls("co.crossover", charts.crossover_curves(result),
                         label=f"{small_b:g}B vs {large_b:g}B, p {p_small:.2f}/{p_large:.2f}, r {recall:.2f}")
cstar = ("it never crosses" if result.crossover_flops is None else
         f"C* = {charts.flops_text(result.crossover_flops)} FLOPs ({result.crossover_samples:,} samples)")
if revealed:
    st.markdown("**" + charts.headline(result).replace("*", "\\*") + "**")  # C* must not end the bold
fig = charts.crossover_chart(result, large_best_of_n=large_bon, show_crossover=revealed, ghosts=ghosts)
ui.chart(fig, chart_id="co.crossover",
         data=charts.crossover_table(result),
         alt=f"Accuracy against inference FLOPs: the {small_b:g}B model with best-of-N rises from "
         f"{result.small_accuracy[0]:.1%} towards {result.small_ceiling:.1%}; the {large_b:g}B model answers "
         f"once for {charts.flops_text(result.large_flops)} FLOPs at {result.large_accuracy:.1%}; "
         + (cstar if revealed else "the crossover is hidden until you commit a guess") + ".")

# --- What to notice ---------------------------------------------------------------------------------
verdict = "beats" if result.small_wins_at_matched_flops else "does not beat"
notes = [
    f"At matched FLOPs ({result.samples_at_matched_flops:,} samples) the small model reaches "
    f"{result.small_accuracy_at_matched_flops:.1%} and {verdict} the large model's "
    f"{result.large_accuracy:.1%}.",
    f"More samples never lift the small model above {result.small_ceiling:.1%}: the selector's recall "
    "caps it.",
]
if revealed:
    notes.append(f"Crossover: {cstar}; one large answer costs {charts.flops_text(result.large_flops)} FLOPs.")
train_small, train_large = (training_flops(b * BILLION, 1e12) for b in (small_b, large_b))
notes.append(f"Training on a trillion tokens (C = 6ND) costs {charts.flops_text(train_small)} FLOPs for the "
             f"small model and {charts.flops_text(train_large)} for the large one.")
ui.what_to_notice(notes)

st.markdown(":material/science: **Published evidence.** In FLOPs-matched tests, Snell et al. (2024) found "
            "a smaller model with extra test-time compute can outperform a **~14× larger** model on problems "
            "where the small model already has non-trivial success, and that compute-optimal allocation is "
            "**more than 4×** as efficient as best-of-N. This toy model shows the mechanism, not their "
            "numbers.")

ui.show_model(
    [sims.crossover, sims.training_flops],
    citations=[
        ui.Citation("FLOPs-matched, a smaller model plus test-time compute can beat a ~14x larger model "
                    "where it has non-trivial success; compute-optimal allocation is more than 4x as "
                    "efficient as best-of-N", "Snell et al. 2024 (arXiv 2408.03314)", "https://arxiv.org/abs/2408.03314"),
        ui.Citation("Forward pass ~2N FLOPs per token; training ~6ND FLOPs", "Kaplan et al. 2020 "
                    "(arXiv 2001.08361), section 2.1", "https://arxiv.org/abs/2001.08361"),
        ui.Citation("Selector recall model of best-of-N", "the article, best-of-n-with-selection-errors"),
        ui.Citation("Model sizes, hit rates, recall, 500 tokens per answer and the one-trillion-token "
                    "training run", "illustrative defaults, not measured values"),
    ],
)
