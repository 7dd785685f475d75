"""ORM vs PRM and tree search: one traced search drawn as a tree, steps saved vs correct branches
lost, and accuracy against compute for PRM search and ORM best-of-N."""

import streamlit as st

import ui
from charts import prm_search as charts
from sims import prm as sims

PAGE = "prm_search"
ARTICLE_BRANCHES = (8, 8, 8, 8)  # the article's prm-pruning-budget example
ARTICLE_PRUNE_AT = (None, 2, 3, 1)
BEAM_WIDTHS = (1, 2, 4, 8, 16, 32)  # swept on the accuracy-vs-compute chart
PROBLEMS = 400
scored_steps = ui.cached(sims.scored_steps)
search_tree = ui.cached(sims.search_tree)
simulate_search = ui.cached(sims.simulate_search)
accuracy_vs_compute = ui.cached(sims.accuracy_vs_compute)
article_figure = ui.cached_figure(charts.article_pruning)
tree_figure = ui.cached_figure(charts.search_tree)
tradeoff_figure = ui.cached_figure(charts.pruning_tradeoff)
accuracy_figure = ui.cached_figure(charts.accuracy_vs_compute)

ctx = ui.page(PAGE, "ORM vs PRM tree search")

# --- The article's example: what early pruning saves ----------------------------------------------
article = scored_steps(ARTICLE_BRANCHES, ARTICLE_PRUNE_AT)
m = st.columns(3)
m[0].metric("ORM scored steps", f"{article.orm_steps}", help="4 branches x 8 steps, all read to the end")
m[1].metric("PRM scored steps", f"{article.prm_steps}", help="branches pruned at steps 2, 3 and 1")
m[2].metric("Steps saved", f"{article.saved_steps}")
ui.chart(article_figure(ARTICLE_BRANCHES, ARTICLE_PRUNE_AT, article), chart_id="prm.article",
         alt=f"Bar chart of the article's four 8-step branches: the PRM keeps one to the end and prunes the "
         f"others at steps 2, 3 and 1, scoring {article.prm_steps} steps where an ORM scores "
         f"{article.orm_steps}; {article.saved_steps} steps saved.")
ui.secondary("That example assumes the PRM pruned the right branches. Below, a simulated PRM makes "
             "mistakes too: move the sliders and watch what the saved steps cost.")

# --- Controls -------------------------------------------------------------------------------------
st.subheader("Simulate a search")
c1, c2, c3 = st.columns(3, gap="large")
with c1:
    error = ui.slider("prm.error", "Step error rate", min_value=0.0, max_value=0.5, value=0.15, step=0.01,
                      help="Chance that a generated step is a mistake; one mistake ruins the chain.")
    quality = ui.slider("prm.quality", "Verifier (PRM / ORM) quality", min_value=0.0, max_value=1.0,
                        value=0.5, step=0.05, unit="2·AUC − 1",
                        help="0: scores are coin flips; 1: correct and wrong prefixes never confused.")
    seed = ui.number("prm.seed", "Random seed", min_value=0, max_value=9_999, value=0, step=1,
                     help="Same seed, same tree and same Monte Carlo: change it to see another draw.")
with c2:
    beam = ui.slider("prm.beam", "Beam width B", min_value=1, max_value=16, value=4, step=1, unit="beams",
                     help="Prefixes kept after each step (beam search) or independent subtrees (DVTS).")
    branch = ui.slider("prm.branch", "Branch factor b", min_value=1, max_value=8, value=4, step=1,
                       unit="children", help="Next steps generated from every kept prefix.")
    depth = ui.slider("prm.depth", "Depth d", min_value=1, max_value=16, value=8, step=1, unit="steps",
                      help="Steps in a complete solution.")
with c3:
    agg = ui.select("prm.agg", "Aggregation", sims.AGGREGATIONS, value="last", horizontal=True,
                    help="How step scores become a prefix score: the last step's, min or product.")
    method = ui.select("prm.method", "Search method", sims.SEARCH_METHODS, value="beam", horizontal=True,
                       format_func=lambda m: {"beam": "beam", "dvts": "DVTS"}[m],
                       help="Beam: global top B. DVTS: B subtrees, each keeps its own best child.")

settings = dict(step_error=error, prm_quality=quality, beam_width=beam, branch_factor=branch, depth=depth,
                aggregation=agg)
tree = search_tree(**settings, method=method, rng=seed)
counts = tree.counts
label = charts.METHOD_LABEL[method]
result = simulate_search(**settings, method=method, problems=PROBLEMS, rng=seed)
sweep = {k: v for k, v in settings.items() if k != "beam_width"}
curve = accuracy_vs_compute(**sweep, budgets=sims.budgets_for_widths([*BEAM_WIDTHS, beam], branch),
                            problems=PROBLEMS, rng=seed)
acc = result.accounting

# --- Predict, then see ----------------------------------------------------------------------------
revealed = ui.predict(
    PAGE,
    f"Pruning lets the PRM read {acc.prm_steps:,} steps per problem where an ORM judging the same branches "
    f"would read {acc.orm_steps:,}. Per problem, how many **correct** prefixes does it throw away "
    "**by verifier mistake** (a wrong prefix outscored it and took its place)?",
    answer=round(result.mistaken_prunes, 2), unit="prefixes", abs_tol=0.5, rel_tol=0.25, min_value=0.0,
    step=0.5, settings=f"ε {error:.2f}, q {quality:.2f}, B {beam}, b {branch}, d {depth}, {agg}, {method}",
    fmt=lambda v: f"{v:,.2f}" if isinstance(v, float) else str(v),
    explain="Most correct prefixes are pruned simply because the beam is full: only B survive each step, "
    "and that costs nothing as long as correct ones survive. The costly prunes are the swaps a perfect "
    "verifier would not make: a correct prefix out, a wrong one kept. They grow as the verifier's "
    "quality falls.",
)

# --- The traced tree ------------------------------------------------------------------------------
st.markdown(f"**{charts.tree_headline(tree, counts)}**")
ui.chart(tree_figure(tree), chart_id="prm.tree", data=charts.tree_table(tree),
         alt=f"Tree of one simulated {label} over {depth} steps with {tree.steps_generated} generated "
         f"steps: {counts.correct_pruned} correct and {counts.wrong_pruned} wrong prefixes pruned; "
         f"{counts.correct_complete} of {result.complete_chains} complete chains are correct; the returned "
         f"chain is {'correct' if tree.selected_correct else 'wrong'}.")

# --- Steps saved vs correct branches lost ---------------------------------------------------------
m = st.columns(4)
m[0].metric("Steps the PRM read", f"{acc.prm_steps:,}", help="B x b x d per problem")
m[1].metric("Saved vs ORM on the same branches", f"{acc.saved_steps:,}")
m[2].metric("Correct prefixes pruned / problem", f"{result.correct_pruned:.1f}",
            help=f"Mean over {PROBLEMS} simulated problems.")
m[3].metric("Of those, verifier mistakes", f"{result.mistaken_prunes:.2f}" if revealed else "?",
            help="Commit a guess above to see it.")
mistakes = f", {result.mistaken_prunes:.2f} of them by verifier mistake" if revealed else ""
ui.chart(tradeoff_figure(result, show_mistakes=revealed), chart_id="prm.tradeoff",
         alt=f"Bars over {PROBLEMS} simulated problems: the PRM reads {acc.prm_steps:,} steps per problem, "
         f"an ORM judging the same branches {acc.orm_steps:,}; per problem it prunes "
         f"{result.wrong_pruned:.1f} wrong and {result.correct_pruned:.1f} correct prefixes{mistakes}.")

# --- Accuracy vs compute --------------------------------------------------------------------------
methods = (method, "orm_best_of_n")
ghosts = ui.pin_controls("prm.accuracy", charts.accuracy_curves(curve, methods),
                         label=f"ε {error:.2f}, q {quality:.2f}, b {branch}, d {depth}, {agg}")
fig = accuracy_figure(curve, highlight=method, current_steps=tree.steps_generated, ghosts=ghosts)
ui.chart(fig, chart_id="prm.accuracy", data=charts.accuracy_table(curve),
         alt="Accuracy against steps generated per problem: "
         + "; ".join(f"{label} {curve.accuracy[k][0]:.0%} to {curve.accuracy[k][-1]:.0%}"
                     for k, label in charts.METHOD_LABEL.items())
         + f" from {curve.steps_generated[0]:,} to {curve.steps_generated[-1]:,} steps.")
st.markdown(":material/science: **Published evidence.** On MATH, picking the best of 1,860 samples with a "
            "PRM solved **78.2%** of problems, with an ORM **72.4%**, and by majority vote **69.6%** "
            "(Lightman et al. 2023). The simulation shows the mechanism, not their numbers.")

# --- What to notice -------------------------------------------------------------------------------
best = curve.accuracy
at = list(curve.chains).index(result.complete_chains)
verdict = "correct" if tree.selected_correct else "wrong"
notes = [
    f"At {tree.steps_generated:,} generated steps ({result.complete_chains} chains), {label} solves "
    f"{best[method][at]:.0%} of problems and ORM best-of-N {best['orm_best_of_n'][at]:.0%}; a perfect "
    f"verifier picking among {result.complete_chains} full chains would reach "
    f"{curve.oracle_best_of_n[at]:.0%}.",
    f"Pruning read {acc.prm_steps:,} steps where an ORM would read {acc.orm_steps:,} for the same branches, "
    f"and discarded {result.correct_pruned:.1f} correct prefixes per problem on the way"
    + (f"; only {result.mistaken_prunes:.2f} of them were verifier mistakes, the rest lost their place "
       "to other correct prefixes." if revealed else " (commit a guess to see how many were mistakes)."),
    f"In the tree above, {counts.correct_complete} of {result.complete_chains} complete chains are correct "
    f"and the returned one is {verdict}.",
]
ui.what_to_notice(notes)

ui.show_model(
    [sims.scored_steps, sims.simulate_search, sims.search_tree, sims.simulate_orm_best_of_n,
     sims.accuracy_vs_compute],
    citations=[
        ui.Citation("Branches of 8 steps pruned at None, 2, 3, 1: ORM 32 scored steps, PRM 14, 18 saved",
                    "the article, prm-pruning-budget example"),
        ui.Citation("On MATH (500 test problems), best-of-1860: PRM 78.2%, ORM 72.4%, majority vote 69.6%",
                    "Lightman et al. 2023, Let's Verify Step by Step (arXiv 2305.20050)",
                    "https://arxiv.org/abs/2305.20050"),
        ui.Citation("Beam search and DVTS with last / min / product aggregation of PRM scores",
                    "Beeching, Tunstall & Rush 2024 and huggingface/search-and-learn",
                    "https://github.com/huggingface/search-and-learn"),
        ui.Citation("Compute-optimal test-time search is more than 4x as efficient as best-of-N",
                    "Snell et al. 2024 (arXiv 2408.03314)", "https://arxiv.org/abs/2408.03314"),
        ui.Citation("Beam width 4 and branch factor 4; chains of 8 steps",
                    "the article's beam-search sketch and its PRM pruning example"),
        ui.Citation("Step error 0.15 and verifier quality 0.5",
                    "illustrative starting values, not measurements"),
    ],
)
