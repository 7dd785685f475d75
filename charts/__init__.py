"""Plotly figure builders: a sims result in, a ``go.Figure`` out; no streamlit import.

``charts.theme`` holds the one look for the whole app (palette, role colours, sizes, ghosts, limit
lines). Import figure modules directly (``from charts.tokens import cost_sweep``).
"""
