"""Sequential revision: verified score per round, the early-stop rule, rounds and latency saved, and the
diminishing-returns model behind shrinking gains."""

import streamlit as st

import ui
from charts import revision as charts
from sims import revision as sims

PAGE = "revision"
ARTICLE_SCORES = "0.61, 0.76, 0.78, 0.781, 0.781"  # the article's revision-early-stop example
early_stop = ui.cached(sims.early_stop)
revision_curve = ui.cached(sims.revision_curve)

ctx = ui.page(PAGE, "Sequential revision")

# --- Controls (every one is in the URL) -------------------------------------------------------
# While presenting, controls fold away so the chart is above the fold; scenes set the values.
box = st.expander("Controls", icon=":material/tune:") if ctx.presenter else st.container()
with box:
    left, right = st.columns(2, gap="large")
    with left:
        text = ui.text("rev.scores", "Verified score after each round (0 to 1, comma-separated)",
                       value=ARTICLE_SCORES, validate=sims.parse_verified_scores,
                       help="Round 1 is the first draft. Up to 20 rounds.")
        min_gain = ui.slider("rev.gain", "Minimum gain to keep revising", min_value=0.0, max_value=0.1,
                             value=0.01, step=0.001, format="%.3f", unit="score points",
                             help="A round that improves the score by less than this ends the loop.")
    with right:
        tokens = ui.slider("rev.tokens", "Tokens per round", min_value=100, max_value=8_000, value=800,
                           step=100, unit="tokens", help="Critique plus rewrite (illustrative).")
        rate = ui.slider("rev.rate", "Decode speed", min_value=10, max_value=500, value=80, step=10,
                         unit="tokens/s", help="Rounds run one after another, so their times add up.")
with st.expander("The model: why gains shrink", icon=":material/functions:", expanded=not ctx.presenter):
    a, b, c = st.columns(3)
    with a:
        fix = ui.slider("rev.fix", "Fix probability f", min_value=0.0, max_value=1.0, value=0.68, step=0.01,
                        help="Chance one revision turns a wrong answer right.")
    with b:
        brk = ui.slider("rev.break", "Break probability b", min_value=0.0, max_value=1.0, value=0.19,
                        step=0.01, help="Chance one revision turns a right answer wrong.")
    with c:
        model_rounds = ui.slider("rev.rounds", "Model rounds", min_value=2, max_value=20, value=8, step=1,
                                 unit="rounds", help="Rounds drawn for the model curve.")
    ui.secondary("The defaults (f = 0.68, b = 0.19) are chosen so the model passes close to the article's "
                 "scores; they are an illustration, not a measurement.")

scores = sims.parse_verified_scores(text)  # unreadable text was reported and replaced by the default
result = early_stop(scores, minimum_gain=min_gain)
saved = sims.early_stop_savings(result, tokens_per_round=tokens, decode_tokens_per_second=rate)
try:
    ceiling, decay = sims.fix_break_curve_parameters(fix, brk)
    curve = revision_curve(scores[0], ceiling, decay, model_rounds, tokens_per_round=tokens,
                           decode_tokens_per_second=rate)
    model_stop = early_stop(curve.expected_scores, minimum_gain=min_gain)
except ValueError as error:
    st.warning(f"The model needs f + b ≤ 1 (a revision cannot both fix and break the same answer): {error}. "
               "The model curve is hidden.", icon=":material/rule:")
    curve = model_stop = None

# --- Predict, then see -----------------------------------------------------------------------
revealed = False
if curve is not None:
    revealed = ui.predict(
        PAGE, f"If the loop kept revising **forever** (fix f = {fix:.2f}, break b = {brk:.2f}, first draft "
        f"{scores[0]:.3f}), which verified score would it settle at?", answer=round(100 * curve.ceiling, 1),
        unit="%", min_value=0.0, max_value=100.0, step=0.5, abs_tol=2.0, settings=f"f {fix:.2f}, b {brk:.2f}",
        fmt=lambda v: f"{v:.1f}",
        explain="At the ceiling the answers fixed per round balance the answers broken: (1 − s) f = s b, so "
        "s* = f / (f + b). It does not depend on the first draft, only on how the reviser behaves; if b is "
        "large, the ceiling can sit below the draft and revising makes things worse.")

# --- The numbers and charts --------------------------------------------------------------------
m = st.columns(4)
m[0].metric("Rounds kept", f"{result.used_rounds}", help="Counting the first draft as round 1.")
m[1].metric("Selected score", f"{result.selected_score:.3f}")
m[2].metric("Rounds skipped", f"{result.skipped_rounds}", help="Listed but not kept.")
m[3].metric("Never generated", f"{result.saved_rounds}",
            help="The round that fails the rule must exist before it can be judged, so it still costs.")
m = st.columns(4)
m[0].metric("Tokens with early stop", f"{saved.tokens_generated:,.0f}")
m[1].metric("Tokens saved", f"{saved.tokens_saved:,.0f}", help=f"of {saved.tokens_all_rounds:,.0f}")
m[2].metric("Latency with early stop", f"{saved.latency_ms / 1000:,.1f} s")
m[3].metric("Latency saved", f"{saved.latency_saved_ms / 1000:,.1f} s",
            help=f"of {saved.latency_all_rounds_ms / 1000:,.1f} s; rounds are sequential")

ghosts = ui.pin_controls("rev.scores", charts.score_curves(scores, curve), label=f"min gain {min_gain:.3f}")
ui.chart(charts.scores_per_round(scores, result, curve=curve, show_ceiling=revealed, ghosts=ghosts),
         chart_id="rev.scores", data=charts.round_table(scores, result),
         alt=f"Line chart of the verified score over {len(scores)} rounds, from {scores[0]:.3f} to "
         f"{scores[-1]:.3f}; the rule keeps {result.used_rounds} rounds at {result.selected_score:.3f} and "
         f"skips {result.skipped_rounds}.")
ui.chart(charts.gains_per_round(result, minimum_gain=min_gain), chart_id="rev.gains",
         alt="Bar chart of each round's gain: " + ", ".join(f"round {i + 2}: {g:+.3f}"
                                                            for i, g in enumerate(result.gains))
         + f"; the minimum gain is {min_gain:.3f}.")

# --- What to notice (computed from the numbers above) ------------------------------------------
notes = []
if result.gains:
    notes.append("Gains per round: " + ", ".join(f"{g:+.3f}" for g in result.gains)
                 + ". The first rewrite fixes the most; later ones find less to fix.")
if result.stop_reason == sims.STOP_GAIN_BELOW_MINIMUM:
    notes.append(f"The rule keeps {result.used_rounds} rounds (score {result.selected_score:.3f}). Round "
                 f"{saved.generated_rounds} had to be generated to see its gain was under {min_gain:.3f}, "
                 f"so the loop saves {result.saved_rounds} of {saved.all_rounds} rounds: "
                 f"{saved.tokens_saved:,.0f} tokens and {saved.latency_saved_ms / 1000:,.1f} s of waiting.")
else:
    notes.append(f"Every round cleared the {min_gain:.3f} bar, so the loop ran all {saved.all_rounds} rounds "
                 "and saved nothing: raise the minimum gain or list more rounds.")
if model_stop is not None and curve is not None:
    notes.append(f"On the model curve the same rule stops after {model_stop.used_rounds} rounds at "
                 f"{model_stop.selected_score:.3f}"
                 + (f"; revising forever would only reach {curve.ceiling:.3f}." if revealed else "."))
    if revealed and curve.ceiling < scores[0]:
        notes.append("Here revisions break more than they fix: the model falls below the first draft.")
ui.what_to_notice(notes)

ui.show_model(
    [sims.early_stop, sims.early_stop_savings, sims.revision_curve, sims.fix_break_curve_parameters],
    citations=[
        ui.Citation("Scores 0.61, 0.76, 0.78, 0.781, 0.781 with minimum gain 0.01 → 3 rounds used, score "
                    "0.780, 2 skipped", "the article, revision-early-stop example"),
        ui.Citation("800 tokens per attempt and 80 tokens/s decode (illustrative)",
                    "the article, best_of_n_budget and ttft-budget-slo examples"),
        ui.Citation("Sequential revision as a test-time strategy", "Snell et al. 2024",
                    "https://arxiv.org/abs/2408.03314"),
        ui.Citation("Draft, critique, refine loops", "Madaan et al. 2023, Self-Refine",
                    "https://arxiv.org/abs/2303.17651"),
    ],
)
