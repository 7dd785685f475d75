"""Figures and tables for the Live lab: measured pass@k against the independent-samples curve, majority
vote, visible vs reasoning tokens, and time to first token vs total latency; one column per effort level.

Everything comes from :func:`live.aggregate.summarize`; a figure the server did not report is drawn as
"not reported", never as 0. Titles say "simulated model" when the bundled simulator produced the data.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from charts.theme import ROLE, axis_title, style
from live.aggregate import ArmStats

__all__ = ["curves_alt", "curves_figure", "curves_table", "items_table", "latency_figure", "tokens_figure"]

SAMPLES = axis_title("Samples k", "samples")
SOLVED = axis_title("Items solved", "%")
NOT_REPORTED = "not reported"
_HOVER = "<b>{name}</b><br>%{{x}}: %{{y:,.0f}} tokens per answer<extra></extra>"


def _suffix(simulated: bool) -> str:
    return " (simulated model)" if simulated else ""


def curves_figure(arms: Sequence[ArmStats], *, simulated: bool) -> go.Figure:
    """pass@k (unbiased), 1 - (1 - p)^k with the average p, and majority-vote accuracy against k."""
    fig = make_subplots(rows=1, cols=max(len(arms), 1), shared_yaxes=True, horizontal_spacing=0.06)
    for col, arm in enumerate(arms, start=1):
        k = list(range(1, len(arm.pass_at_k) + 1))
        series = (
            ("pass@k, measured (a checker picks)", arm.pass_at_k, ROLE["oracle"], "solid", "lines+markers"),
            ("1 - (1 - p)^k, independent samples", arm.theory, ROLE["oracle"], "dash", "lines"),
            ("majority vote, measured", arm.majority, ROLE["majority"], "solid", "lines+markers"),
        )
        for name, values, color, dash, mode in series:
            fig.add_trace(go.Scatter(
                x=k, y=[100 * v for v in values], name=name, mode=mode, legendgroup=name, showlegend=col == 1,
                line={"color": color, "width": 3, "dash": dash},
                hovertemplate=f"<b>{name}</b><br>k: %{{x}} samples<br>solved: %{{y:.1f}}%<extra></extra>",
            ), row=1, col=col)
        fig.update_xaxes(title_text=f"{SAMPLES}, effort {arm.arm}", tick0=1, dtick=max(1, -(-len(k) // 8)),
                         row=1, col=col)  # whole numbers of samples, at most ~8 ticks
    fig.update_yaxes(title_text=SOLVED, range=[0, 105], row=1, col=1)
    return style(fig, title=f"More samples: measured vs theory{_suffix(simulated)}")


def curves_alt(arms: Sequence[ArmStats]) -> str:
    """Text alternative of :func:`curves_figure` with the end-point numbers."""
    parts = [f"effort {a.arm}: pass@{len(a.pass_at_k)} {a.pass_at_k[-1]:.0%}, independent-samples curve "
             f"{a.theory[-1]:.0%}, majority vote {a.majority[-1]:.0%}" if a.pass_at_k
             else f"effort {a.arm}: no answers" for a in arms]
    return "Line chart of items solved against samples k; " + "; ".join(parts) + "."


def tokens_figure(arms: Sequence[ArmStats], *, simulated: bool) -> go.Figure:
    """Tokens per answer, split into visible and hidden reasoning when the server reports the split."""
    fig = go.Figure()
    names = [a.arm for a in arms]
    visible = [a.per_sample(a.tokens.visible_tokens) for a in arms]
    reasoning = [a.per_sample(a.tokens.reasoning_tokens) for a in arms]
    output = [a.per_sample(a.tokens.completion_tokens) for a in arms]
    split = [v is not None and r is not None for v, r in zip(visible, reasoning, strict=True)]
    if any(split):
        fig.add_trace(go.Bar(x=names, y=[v if s else None for v, s in zip(visible, split, strict=True)],
                             name="visible answer", marker_color=ROLE["visible"],
                             hovertemplate=_HOVER.format(name="visible")))
        fig.add_trace(go.Bar(x=names, y=[r if s else None for r, s in zip(reasoning, split, strict=True)],
                             name="hidden reasoning", marker_color=ROLE["hidden"],
                             hovertemplate=_HOVER.format(name="reasoning")))
    if not all(split):
        fig.add_trace(go.Bar(x=names, y=[o if not s else None for o, s in zip(output, split, strict=True)],
                             name="output, reasoning not reported", marker_color=ROLE["weights"],
                             hovertemplate=_HOVER.format(name="output")))
    for name, s, o in zip(names, split, output, strict=True):
        if not s:
            text = "reasoning tokens: not reported" if o is not None else "usage: not reported"
            fig.add_annotation(x=name, y=o or 0, yshift=18, showarrow=False, text=text)
    fig.update_layout(barmode="stack", xaxis_title="Reasoning effort",
                      yaxis_title=axis_title("Tokens per answer", "tokens"))
    return style(fig, title=f"What each answer cost in tokens{_suffix(simulated)}")


def latency_figure(arms: Sequence[ArmStats], *, simulated: bool) -> go.Figure:
    """Time to the first visible token (per answer) and total time (per request), by effort."""
    fig = go.Figure()
    for name, attr, color in (("time to first token (per answer)", "ttft_ms", ROLE["hidden"]),
                              ("total latency (per request)", "latency_ms", ROLE["latency"])):
        xs = [a.arm for a in arms for _ in getattr(a, attr)]
        ys = [v for a in arms for v in getattr(a, attr)]
        fig.add_trace(go.Box(x=xs, y=ys, name=name, marker_color=color, boxpoints="all", jitter=0.3,
                             hovertemplate=f"<b>{name}</b><br>%{{x}}: %{{y:,.0f}} ms<extra></extra>"))
    if not any(a.ttft_ms for a in arms):
        fig.add_annotation(text="time to first token: not measured (streaming was off)", showarrow=False,
                           xref="paper", yref="paper", x=0.5, y=1.02)
    fig.update_layout(boxmode="group", xaxis_title="Reasoning effort", yaxis_title=axis_title("Time", "ms"))
    return style(fig, title=f"Waiting for the answer{_suffix(simulated)}")


def _fmt_tokens(value: float | None) -> str:
    return NOT_REPORTED if value is None else f"{value:,.0f}"


def items_table(arms: Sequence[ArmStats]) -> pd.DataFrame:
    """One row per item and effort: samples, right answers, p, pass@k and majority at k = n, answers."""
    rows = []
    for arm in arms:
        for it in arm.items:
            n = it.n
            rows.append({
                "effort": arm.arm, "item": it.item_id, "samples": n, "right": it.correct,
                "p measured": None if it.p is None else round(it.p, 3),
                "pass@k (k = samples)": round(it.pass_at_k[-1], 3) if n else None,
                "majority vote (N = samples)": round(it.majority[-1], 3) if n else None,
                "answers given": ", ".join(f"{a if a is not None else 'none'} x{c}" for a, c in it.answers),
                "reasoning tokens per answer": _fmt_tokens(
                    None if it.tokens.reasoning_tokens is None or not n else it.tokens.reasoning_tokens / n),
                "median TTFT (ms)": None if it.ttft_ms_median is None else round(it.ttft_ms_median, 1),
            })
    return pd.DataFrame(rows)


def curves_table(arms: Sequence[ArmStats]) -> pd.DataFrame:
    """The curves of :func:`curves_figure` as rows (for the CSV download)."""
    return pd.DataFrame([
        {"effort": a.arm, "k_samples": k, "pass_at_k": a.pass_at_k[k - 1],
         "theory_independent": a.theory[k - 1], "majority_vote": a.majority[k - 1]}
        for a in arms for k in range(1, len(a.pass_at_k) + 1)
    ])
