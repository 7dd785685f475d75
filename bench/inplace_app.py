"""A page's own figures drawn by a chart element that stays mounted and updates in place.

The same recorded states as ``bench/figures_app.py``, but each chart is a keyed ``st.components.v2``
component (its identity is its key, so it stays mounted across reruns) whose JavaScript draws with
``Plotly.react`` into the same div: no remount and no Streamlit chart wrapper. It measures what such an
element would cost, as a floor; it is not a chart element the app uses (no theming, fullscreen, or
accessible name). Plotly.js is served by Streamlit's static file serving from ``static/plotly.min.js``
next to this script, which the bench copies from the plotly package into a temporary folder.

    python -m bench browser   # runs it; by hand: copy this file and static/plotly.min.js into one folder,
                              # streamlit run it with --server.enableStaticServing=true, open ?specs=...
"""

import json
from pathlib import Path

import streamlit as st

JS = """
const plotly = () => window.__benchPlotly || (window.__benchPlotly = new Promise((resolve, reject) => {
  const tag = document.createElement('script');
  tag.src = './app/static/plotly.min.js';
  tag.onload = () => resolve(window.Plotly);
  tag.onerror = reject;
  document.head.appendChild(tag);
}));

export default function ({data, parentElement}) {
  let div = parentElement.querySelector('.bench-plot');
  if (!div) {
    div = document.createElement('div');
    div.className = 'bench-plot';
    parentElement.appendChild(div);
  }
  plotly().then((Plotly) => {
    const fig = JSON.parse(data);
    Plotly.react(div, fig.data || [], fig.layout || {}, {displaylogo: false, responsive: true});
  });
}
"""

plot = st.components.v2.component("bench_inplace_plot", js=JS, isolate_styles=False)


# Same loader and slider as bench/figures_app.py, on purpose: the bench runs this file alone from a
# temporary folder (beside static/plotly.min.js), where the bench package is not importable.
@st.cache_data
def load(path: str) -> list[list[str]]:
    states = json.loads(Path(path).read_text())
    if not isinstance(states, list) or not all(isinstance(s, list) for s in states):
        raise ValueError("not a list of states")
    return states


try:
    states = load(st.query_params.get("specs", ""))
except (OSError, ValueError, TypeError) as exc:
    st.error(f"?specs= must name a JSON file of recorded chart specs (python -m bench browser writes them "
             f"to artifacts/bench/specs/): {type(exc).__name__}")
    st.stop()
i = st.slider("State", min_value=0, max_value=max(len(states) - 1, 1), value=0, step=1, key="inplace.i")
for n, spec in enumerate(states[min(i, len(states) - 1)]):
    plot(data=spec, key=f"inplace.chart{n}")
