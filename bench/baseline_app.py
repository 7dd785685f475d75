"""The framework floor: a bare Streamlit page with one slider and one Plotly chart.

Every timing in `bench/` is reported as a ratio to this page, measured in the same run, so the
figures stay comparable on a noisy machine. Keep it minimal: whatever it costs is the price of
Streamlit + Plotly themselves, not of this app.

``?charts=K`` draws K such charts under the one slider: the floor for a page that redraws K charts
per move (the browser bench reports each page against both).

Run alone with:  .venv/bin/python -m streamlit run bench/baseline_app.py
"""

import numpy as np
import plotly.graph_objects as go
import streamlit as st

n_points = st.slider("Points", min_value=10, max_value=400, value=200, step=10, key="bare.n")
raw = st.query_params.get("charts", "1")
n_charts = min(max(int(raw), 1), 12) if raw.isdigit() else 1

x = np.linspace(0.0, 10.0, n_points)
for i in range(n_charts):
    fig = go.Figure(go.Scatter(x=x, y=np.sin(x + i), mode="lines", name="sin(x)"))
    fig.update_layout(xaxis_title="x", yaxis_title="sin(x)", height=400)
    st.plotly_chart(fig, key="bare.chart" if i == 0 else f"bare.chart{i}")
