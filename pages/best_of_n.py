"""Best-of-N and voting: success vs N for an oracle, a selector, a reward model, majority vote,
correlated samples and a spread of difficulty; tokens on a second axis; Monte Carlo check; pass@k."""

import streamlit as st

import ui
from charts import best_of_n as charts
from sims import best_of_n as sims

PAGE = "best_of_n"
sweep_of = ui.cached(sims.best_of_n_sweep)
simulate = ui.cached(sims.simulate_best_of_n)
pass_at_k, pass_at_k_naive = ui.cached(sims.pass_at_k), ui.cached(sims.pass_at_k_naive)
ARTICLE_N = (1, 4, 16, 64)
MC_N = sims.doubling_grid(1024)
VIEW_NAMES = {"oracle": "Oracle only", "selectors": "Who picks the answer", "realistic": "Real samples",
              "all": "All six curves"}
MC_NAMES = {"oracle": "Oracle", "correlated": "Correlated samples", "reward_model": "Reward model",
            "majority": "Majority vote"}

ctx = ui.page(PAGE, "Best-of-N and voting")

# --- Controls (every one is in the URL) -------------------------------------------------------
# While presenting, controls fold away so the chart is above the fold; scenes set the values.
box = st.expander("Controls", icon=":material/tune:") if ctx.presenter else st.container()
with box:
    left, right = st.columns(2, gap="large")
    with left:
        p = ui.slider("bon.p", "Single-sample hit rate p", min_value=0.01, max_value=0.99, value=0.25,
                      step=0.01, help="Chance that one sampled answer is right (the article: 0.25).")
        n = ui.slider("bon.n", "Samples N (marked)", min_value=1, max_value=1024, value=16, step=1,
                      unit="samples", help="The N marked on the chart and in the numbers.")
        recall = ui.slider("bon.recall", "Selector recall r", min_value=0.0, max_value=1.0, value=0.8,
                           step=0.05, help="Chance the selector keeps a right answer (the article: 0.8).")
    with right:
        view = ui.select("bon.view", "Curves shown", list(VIEW_NAMES), value="all", format_func=str,
                         help="; ".join(f"{k}: {v}" for k, v in VIEW_NAMES.items()))
        tokens = ui.slider("bon.tokens", "Tokens per attempt", min_value=50, max_value=8_000, value=800,
                           step=50, unit="tokens", help="Output tokens of one answer (the article: 800).")
        price = ui.number("bon.price", "Output price", min_value=0.0, max_value=1_000.0, value=10.0, step=0.5,
                          unit="USD per million tokens", help="What one million output tokens cost.")
with st.expander("More models: correlation, difficulty, voting, reward model", icon=":material/tune:"):
    a, b, c = st.columns(3)
    with a:
        rho = ui.slider("bon.rho", "Correlation between samples ρ", min_value=0.0, max_value=0.95, value=0.1,
                        step=0.05,
                        help="0: independent tries. Higher: tries on one problem make the same mistakes.")
        spread = ui.slider("bon.spread", "Spread of difficulty", min_value=0.05, max_value=0.95, value=0.5,
                           step=0.05, help="How unequal the problems are (mean hit rate stays p). High: "
                           "each problem is nearly always or nearly never solved.")
    with b:
        wrong = ui.slider("bon.wrong", "Distinct wrong answers", min_value=1, max_value=100, value=4, step=1,
                          unit="answers", help="How many different wrong answers the votes spread over.")
    with c:
        rm_recall = ui.slider("bon.rm_recall", "Reward model: flags right answers", min_value=0.0,
                              max_value=1.0, value=0.9, step=0.05, help="Its recall on right answers.")
        rm_false = ui.slider("bon.rm_false", "Reward model: flags wrong answers", min_value=0.0,
                             max_value=1.0, value=0.1, step=0.05,
                             help="Its false-pick rate on wrong answers.")
with st.expander("Monte Carlo check: simulate the pipeline", icon=":material/casino:"):
    a, b, c, d = st.columns(4)
    with a:
        mc_on = ui.toggle("bon.mc", "Show Monte Carlo", help="Simulate problems and samples, then select.")
    with b:
        mc_of = ui.select("bon.mc_of", "Simulate", list(MC_NAMES), value="oracle", format_func=str,
                          help="; ".join(f"{k}: {v}" for k, v in MC_NAMES.items()))
    with c:
        trials = ui.select("bon.trials", "Problems simulated", [1_000, 5_000, 20_000], value=5_000)
    with d:
        seed = ui.number("bon.seed", "Random seed", min_value=0, max_value=9_999, value=0, step=1)

beta_a, beta_b = sims.difficulty_beta(p, spread)
grid = sims.n_grid(n, n_max=1024)
sweep = sweep_of(p, grid, selector_recall=recall, wrong_answers=wrong, rho=rho, beta_a=beta_a, beta_b=beta_b,
                 rm_recall=rm_recall, rm_false_pick_rate=rm_false, tokens_per_attempt=tokens,
                 price_per_million_usd=price)
mc = None
if mc_on:
    mc = simulate(p, MC_N, trials=trials, selector="oracle" if mc_of == "correlated" else mc_of,
                  recall=rm_recall, false_pick_rate=rm_false, wrong_answers=wrong,
                  rho=rho if mc_of == "correlated" else 0.0, rng=seed)

# --- Predict, then see -----------------------------------------------------------------------
need = sims.samples_to_reach(p, 0.9)
need_sel = sims.samples_to_reach(p, 0.9, selector_recall=recall)
ui.predict(
    PAGE, f"With a **perfect verifier** and a hit rate of p = {p:.0%}, how many samples N does it take to "
    "reach **90%** success?", answer=need if need is not None else 0, unit="samples", min_value=0.0, step=1.0,
    rel_tol=0.25, abs_tol=1.0, settings=f"p {p:.0%}", fmt=lambda v: f"{v:,.0f}",
    explain="Every sample misses with probability 1 − p, so all N miss with (1 − p)^N; solve "
    "(1 − p)^N ≤ 10%. Misses shrink geometrically, so a few samples go a long way. "
    + (f"With the selector (recall {recall:.0%}) you need {need_sel:,}." if need_sel is not None else
       f"With the selector (recall {recall:.0%}) **no N is enough**: it never beats {recall:.0%}."),
)

# --- The numbers and charts --------------------------------------------------------------------
at = charts.point(sweep, n)
m = st.columns(5)
m[0].metric(f"Oracle at N = {n:,}", f"{at['oracle']:.1%}")
m[1].metric(f"Selector at N = {n:,}", f"{at['selector']:.1%}", help=f"recall {recall:.0%} × oracle")
m[2].metric(f"Majority vote at N = {n:,}", f"{at['majority']:.1%}")
m[3].metric(f"Tokens for N = {n:,}", f"{at['output_tokens']:,.0f}")
m[4].metric("Cost per problem", f"${at['cost_usd']:.4f}")

st.markdown("**Success vs samples, with the tokens they cost**")
ghosts = ui.pin_controls("bon.curve", charts.sweep_curves(sweep, view), label=f"p {p:.2f}, r {recall:.2f}")
last = charts.point(sweep, int(grid[-1]))
ui.chart(charts.success_vs_n(sweep, n_marked=n, view=view, mc=mc, ghosts=ghosts), chart_id="bon.curve",
         data=charts.sweep_table(sweep, mc),
         alt=f"Line chart, N from 1 to 1,024 on a log axis: the oracle rises from {p:.0%} to "
         f"{last['oracle']:.1%}, "
         f"the selector levels off at {last['selector']:.1%}, majority vote ends at {last['majority']:.1%}, "
         f"correlated samples at {last['correlated']:.1%} and the spread of difficulty at "
         f"{last['difficulty_spread']:.1%}; tokens grow in a straight line to {last['output_tokens']:,.0f}.")
if mc is not None:
    ui.secondary(f"Monte Carlo of **{MC_NAMES[mc_of]}**: {mc.trials:,} simulated problems, seed {seed}, band "
                 "±2 standard errors. Expect about one point in twenty to miss the exact curve by chance; "
                 "a systematic miss would mean the formula is wrong.")

st.markdown("**At the article's N values**")
st.table(charts.article_table(sweep, ARTICLE_N), border="horizontal")

# --- What to notice (computed from the numbers above) ------------------------------------------
first = charts.point(sweep, 1)
limit = sims.majority_vote_limit(p, wrong_answers=wrong)
ceiling = sims.selector_ceiling(p, recall=rm_recall, false_pick_rate=rm_false)
ui.what_to_notice([
    f"From N = 1 to N = {n:,} the oracle climbs from {first['oracle']:.1%} to {at['oracle']:.1%}, while the "
    f"tokens grow {n:,}× to {at['output_tokens']:,.0f} per problem.",
    f"A selector with recall {recall:.0%} caps you: at N = 1,024 it reaches {last['selector']:.1%} "
    f"against the oracle's {last['oracle']:.1%}. A reward model that flags {rm_false:.0%} of wrong "
    f"answers plateaus at {ceiling:.1%}.",
    f"With {wrong} distinct wrong answers, majority vote heads to {limit:.0%}: "
    + ("the right answer is more common than any single wrong one." if limit > 0.5 else
       "a wrong answer is at least as common as the right one, so more votes entrench it."),
    f"Samples that share mistakes (ρ = {rho:.2f}) reach {at['correlated']:.1%} at N = {n:,}; over a "
    f"spread of difficulty only {last['difficulty_spread']:.1%} of problems are covered even at N = 1,024.",
])

# --- pass@k: measuring the curve ---------------------------------------------------------------
st.subheader("Measuring it: pass@k")
ui.secondary(ui.content("best_of_n_pass_at_k"))
a, b, c = st.columns(3)
with a:
    pk_n = ui.slider("bon.pk_n", "Samples generated n", min_value=1, max_value=200, value=10, step=1,
                     unit="samples", help="Samples drawn per problem for the evaluation.")
with b:
    pk_c = ui.slider("bon.pk_c", "Correct among them c", min_value=0, max_value=200, value=2, step=1,
                     unit="samples", help="How many of the n samples passed the checker.")
with c:
    pk_k = ui.slider("bon.pk_k", "Budget k (marked)", min_value=1, max_value=200, value=5, step=1,
                     unit="samples", help="The k marked on the chart.")
clipped = sims.clip_to_n(pk_n, pk_c, pk_k)
if clipped != (pk_c, pk_k):
    st.warning(f"c and k can be at most n = {pk_n}: using c = {clipped[0]} and k = {clipped[1]}.",
               icon=":material/rule:")
pk_c, pk_k = clipped
ks = sims.k_values(pk_n)
unbiased, naive = pass_at_k(pk_n, pk_c, ks), pass_at_k_naive(pk_n, pk_c, ks)
k_gap = sims.pass_at_k(pk_n, pk_c, pk_k), sims.pass_at_k_naive(pk_n, pk_c, pk_k)
st.metric(f"pass@{pk_k}: unbiased vs naive", f"{k_gap[0]:.1%} vs {k_gap[1]:.1%}")
ui.chart(charts.pass_at_k_curve(ks, unbiased, naive, n=pk_n, c=pk_c, k_marked=pk_k), chart_id="bon.passk",
         data=charts.pass_at_k_table(ks, unbiased, naive),
         alt=f"Line chart of pass@k for k = 1 to {pk_n}: the unbiased estimate is {k_gap[0]:.1%} at "
         f"k = {pk_k} and {unbiased[-1]:.1%} at k = n; the naive plug-in is {k_gap[1]:.1%} and "
         f"{naive[-1]:.1%}.")

ui.show_model(
    [sims.success_probability, sims.selected_success_probability, sims.majority_vote_probability,
     sims.correlated_success_probability, sims.difficulty_beta, sims.reward_model_selection_probability,
     sims.pass_at_k, sims.pass_at_k_naive, sims.simulate_best_of_n],
    citations=[
        ui.Citation("p = 0.25, 800 tokens per attempt: N = 1/4/16/64 gives 25.0%/68.4%/99.0%/100.0% with "
                    "800/3,200/12,800/51,200 tokens; recall 0.8 gives 20.0%/54.7%/79.2%",
                    "the article, best_of_n_budget and best-of-n-with-selection-errors examples"),
        ui.Citation("o1 on AIME 2024: 74% with one sample, 83% with consensus of 64, 93% re-ranking 1,000 "
                    "samples with a learned scorer (GPT-4o: 12%)",
                    "OpenAI, Learning to Reason with LLMs (2024)",
                    "https://openai.com/index/learning-to-reason-with-llms/"),
        ui.Citation("SWE-bench Lite coverage 15.9% with 1 sample → 56% with 250; on MATH coverage 82.9% → "
                    "98.44% from 100 to 10,000 samples while majority vote / reward-model selection stays at "
                    "40.50% → 41.41%", "Brown et al. 2024, Large Language Monkeys",
                    "https://arxiv.org/abs/2407.21787"),
        ui.Citation("Unbiased pass@k = 1 − C(n−c, k)/C(n, k), computed as a product",
                    "Chen et al. 2021, Evaluating LLMs Trained on Code", "https://arxiv.org/abs/2107.03374"),
        ui.Citation("Majority vote over sampled reasoning paths (self-consistency)", "Wang et al. 2022",
                    "https://arxiv.org/abs/2203.11171"),
        ui.Citation("$10 per million output tokens", "the article's hidden-token-accounting example"),
        ui.Citation("Correlation 0.1, difficulty spread 0.5, 4 distinct wrong answers, reward model flags "
                    "90% of right and 10% of wrong answers",
                    "illustrative starting values, not measurements"),
    ],
)
