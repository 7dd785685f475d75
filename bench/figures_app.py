"""The floor for a page's own figures: the same Plotly specs the page drew, on a bare page.

The bench records, over the Streamlit protocol, every chart spec a page sends at its start and after
each move of the same slider (the protocol client steps along a grid of at most 64 positions, so a
step may be a few keyboard steps wide; the figures' make-up is what matters here), and writes them
(``python -m bench browser`` does this itself) to a JSON file: a list
of states, each a list of spec strings in page order. This page shows state ``i`` under a slider with
positions ``0 .. len - 1``, so ArrowRight steps through redraws like the ones the real page made, with no
app code, no sims and no figure building: what Streamlit and Plotly.js cost for those figures alone.

    .venv/bin/python -m streamlit run bench/figures_app.py   # then open /?specs=/abs/path/specs.json
"""

import json
from pathlib import Path

import plotly.graph_objects as go
import streamlit as st


@st.cache_data
def load(path: str) -> list[list[dict]]:
    return [[json.loads(spec) for spec in state] for state in json.loads(Path(path).read_text())]


try:
    states = load(st.query_params.get("specs", ""))
except (OSError, ValueError, TypeError) as exc:
    st.error(f"?specs= must name a JSON file of recorded chart specs (python -m bench browser writes them "
             f"to artifacts/bench/specs/): {type(exc).__name__}")
    st.stop()
i = st.slider("State", min_value=0, max_value=max(len(states) - 1, 1), value=0, step=1, key="figs.i")
for n, spec in enumerate(states[min(i, len(states) - 1)]):
    # Already valid (Plotly built it in the app): skip re-validation, as the app's cached figures do.
    st.plotly_chart(go.Figure(spec, _validate=False), key=f"figs.chart{n}")
