"""Routing: send each request down the cheapest route that meets the latency SLO and the quality floor;
the Pareto frontier, a traffic mix under a routing policy, and the serving gate."""

import pandas as pd
import streamlit as st

import ui
from charts import routing as charts
from sims import route_table as tables
from sims import routing as sims

PAGE = "routing"
NONE_FITS = "no route fits"
# RouteChoice holds a read-only mapping, which st.cache_data cannot hash; its repr is exact and complete.
route_planes = ui.cached_figure(charts.route_planes, hash_funcs={sims.RouteChoice: repr})

ctx = ui.page(PAGE, "Routing")

# --- Controls: limits (URL) and the route table (session) ---------------------------------------
left, right = st.columns(2, gap="large")
with left:
    slo = ui.slider("route.slo", "Latency SLO", min_value=100, max_value=5_000, value=1_000, step=20,
                    unit="ms", help="A route slower than this is not eligible.")
with right:
    floor = ui.slider("route.floor", "Quality floor", min_value=50, max_value=100, value=84, step=1, unit="%",
                      help="A route with lower verified quality is not eligible.")

with st.expander("Routes: edit, add or delete rows", icon=":material/table:"):
    ui.secondary("Quality in percent, latency in milliseconds, cost in US dollars per request. The easy / "
                 "medium / hard columns are each route's quality on that kind of request (illustrative).")
    edited = st.data_editor(
        pd.DataFrame(tables.default_route_rows(), columns=list(tables.COLUMNS)), key="route.table",
        num_rows="dynamic", width="stretch", hide_index=True,
        column_config={"name": st.column_config.TextColumn("Route"),
                       "quality_pct": st.column_config.NumberColumn("Quality (%)"),
                       "latency_ms": st.column_config.NumberColumn("Latency (ms)"),
                       "cost_usd": st.column_config.NumberColumn("Cost (USD)", format="%.4f"),
                       **{f"{d}_pct": st.column_config.NumberColumn(f"{d.title()} (%)")
                          for d in sims.DIFFICULTIES}})
table = tables.clean_route_table(edited.to_dict("records"))
if table.problems:
    st.warning("**Some rows of the route table could not be used:**\n" +
               "\n".join(f"- {p}" for p in table.problems), icon=":material/rule:")
routes = table.routes
choice = sims.choose_route(routes, latency_slo_ms=slo, minimum_quality=floor / 100)
frontier = sims.pareto_frontier(routes)

# --- Predict, then see -----------------------------------------------------------------------
half_slo = sims.scaled_slo_ms(slo, 0.5)
half = sims.choose_route(routes, latency_slo_ms=half_slo, minimum_quality=floor / 100)
ui.predict(
    PAGE, f"The SLO is cut in half, to **{half_slo:,.0f} ms**, with the floor still {floor}%. Which route "
    "does the policy pick now?", kind="choice", options=[*(r.name for r in routes), NONE_FITS],
    answer=half.route.name if half.route else NONE_FITS, settings=f"SLO {half_slo:,.0f} ms, floor {floor}%",
    explain="The policy keeps only routes that meet both limits and takes the cheapest of them. A tighter "
    "SLO removes the slow, good routes first; if the fast routes miss the floor, nothing is left and the "
    "request needs a fallback (a better fast route, a looser SLO, or an honest 'cannot meet both').",
)

# --- The choice on the cost / quality plane ------------------------------------------------------
m = st.columns([1.6, 1, 1, 1])
if choice.route is not None:
    m[0].metric("Chosen route", choice.route.name)
    m[1].metric("Quality", f"{choice.route.quality:.0%}")
    m[2].metric("Latency", f"{choice.route.latency_ms:,.0f} ms")
    m[3].metric("Cost per request", f"${choice.route.cost_usd:.3f}")
else:
    m[0].metric("Chosen route", "none")
    st.error(choice.message, icon=":material/block:")
ghosts = ui.pin_controls("route.planes", charts.frontier_curves(frontier), label=f"{len(routes)} routes")
ui.chart(route_planes(routes, frontier, choice, ghosts=ghosts), chart_id="route.planes",
         data=charts.routes_table(routes, frontier, choice),
         alt=f"Two scatter plots of {len(routes)} routes: cost vs quality with the Pareto frontier through "
         f"{', '.join(r.name for r in frontier)}, and latency vs quality with the {slo:,} ms SLO; the floor "
         f"is {floor}%. {choice.message}.")

# --- A traffic mix -------------------------------------------------------------------------------
st.subheader("A traffic mix: route by difficulty")
ui.secondary("Most traffic is easy. A router that sends each kind of request to its own route can beat "
             "sending everything down one route on cost, quality or both.")
cols = st.columns(3)
defaults = tables.default_policy(routes)
names = [r.name for r in routes]
weights, policy = [], []
shares = tables.DEFAULT_SHARE_PERCENTS
for col, d, share, route in zip(cols, sims.DIFFICULTIES, shares, defaults, strict=True):
    with col:
        weights.append(ui.slider(f"route.{d}", f"{d.title()} requests", min_value=0, max_value=100,
                                 value=share, step=5, unit="% of traffic",
                                 help="Relative amount; the three are rescaled to add up to 100%."))
        policy.append(ui.select(f"route.to_{d}", f"Send {d} requests to", names, value=route))
mix = tables.normalise_shares(weights)
if mix.problem:
    st.warning(mix.problem, icon=":material/rule:")
blend = sims.traffic_mix(routes, table.quality_by_difficulty, mix.shares, policy, latency_slo_ms=slo)
singles = sims.single_route_mixes(routes, table.quality_by_difficulty, mix.shares, latency_slo_ms=slo)
ui.chart(charts.mix_plane(blend, singles, minimum_quality=floor / 100), chart_id="route.mix",
         data=charts.mix_table(blend, singles),
         alt=f"Scatter of blended cost vs quality: the routing policy gets {blend.quality:.1%} at "
         f"${blend.cost_usd:.4f} per request; " + "; ".join(
             f"all to {s.policy[0]} {s.quality:.1%} at ${s.cost_usd:.4f}" for s in singles) + ".")

# --- The serving gate -------------------------------------------------------------------------------
st.subheader("The serving gate: does this request earn reasoning?")
gain = ui.slider("route.gain", "Minimum predicted gain", min_value=0.0, max_value=0.2, value=0.05, step=0.01,
                 help="Reasoning only for verifiable requests whose predicted quality gain is at least this.")
gate = sims.serving_gate(tables.ARTICLE_REQUESTS, minimum_gain=gain)
st.table(charts.gate_table(gate, [r.predicted_gain for r in tables.ARTICLE_REQUESTS],
                           [r.verifiable for r in tables.ARTICLE_REQUESTS]), border="horizontal")

# --- What to notice (computed from the numbers above) ------------------------------------------
off = [r.name for r in routes if r not in frontier]
notes = [choice.message + "." if choice.route else "No route meets both limits: loosen one, or add a route."]
notes.append("Every route is on the Pareto frontier: each costs more and is better." if not off else
             f"{', '.join(off)} {'is' if len(off) == 1 else 'are'} off the frontier: another route is no "
             "dearer and at least as good.")
best = sims.best_single_route(singles)
notes.append(f"The routing policy reaches {blend.quality:.1%} at ${blend.cost_usd:.4f} per request; sending "
             f"everything to {best.policy[0]} reaches {best.quality:.1%} at ${best.cost_usd:.4f}, and "
             f"{best.share_over_slo:.0%} of requests would miss the SLO "
             f"(policy: {blend.share_over_slo:.0%}).")
notes.append(f"The gate sends {sims.reasoning_count(gate)} of {len(gate)} requests to "
             "reasoning: unverifiable requests never earn it, however large the predicted gain.")
ui.what_to_notice(notes)

ui.show_model(
    [sims.choose_route, sims.pareto_frontier, sims.traffic_mix, sims.serving_gate, tables.clean_route_table],
    citations=[
        ui.Citation("Routes single-pass 78% / 240 ms / $0.002, bounded-reasoning 86% / 780 ms / $0.010, "
                    "guided-search 90% / 2,600 ms / $0.045; SLO 1,000 ms, floor 84% → bounded-reasoning",
                    "the article, measured-routing-policy example"),
        ui.Citation("Requests extract (gain 0.00), capacity_math (0.09), creative_copy (0.03, not "
                    "verifiable), minimum gain 0.05", "the article, serving-budget-gate example"),
        ui.Citation("Easy / medium / hard buckets routed to single pass / bounded reasoning / guided search",
                    "the article's follow-up on a first-pass router for mixed workloads"),
        ui.Citation("Traffic shares 50/30/20 and per-difficulty qualities",
                    "illustrative values chosen so each route's blended quality equals the article's"),
    ],
)
