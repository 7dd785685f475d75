"""Figures for the DeepSeek-R1 page: the R1-Zero / R1 / distillation pipeline as a diagram, distilled
students' scores against their size, and what majority voting over 64 samples adds."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from charts.theme import ROLE, Curve, add_ghosts, axis_title, style
from sims.distillation import (
    ConsensusGain,
    ModelScores,
    PipelineStage,
    R1ZeroRun,
    ScoreComparison,
)

__all__ = [
    "BENCHMARK_LABEL",
    "LANE_LABEL",
    "METRIC_LABEL",
    "comparison_curves",
    "comparison_table",
    "consensus_dumbbell",
    "consensus_table",
    "pipeline",
    "scores_vs_size",
]

BENCHMARK_LABEL = {"aime": "AIME 2024", "math500": "MATH-500"}
METRIC_LABEL = {"pass1": "pass@1", "cons64": "cons@64"}
LANE_LABEL = {"r1_zero": "R1-Zero: pure RL", "r1": "R1: two SFT + two RL stages", "distill": "Distillation"}
_LANE_Y = {"r1_zero": 2.0, "r1": 1.0, "distill": 0.0}
_LANE_COLOR = {"r1_zero": ROLE["hidden"], "r1": ROLE["prm"], "distill": ROLE["oracle"]}
_FAMILY_COLOR = {"qwen": ROLE["prm"], "llama": ROLE["orm"]}
_FAMILY_LABEL = {"qwen": "Qwen students", "llama": "Llama students"}
_METRIC_DASH = {"pass1": "solid", "cons64": "dash"}
_TEXT_POSITION = {("qwen", "pass1"): "top left", ("llama", "pass1"): "bottom right",
                  ("qwen", "cons64"): "top center", ("llama", "cons64"): "bottom center"}
_HALF_HEIGHT = 0.42
_GAP = 0.07


def _fill(color: str, alpha: float) -> str:
    r, g, b = (int(color[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


# ------------------------------------------------------------------------------------------ pipeline


def _stage_text(stage: PipelineStage, r1_zero: R1ZeroRun, teacher: ModelScores) -> str:
    text = f"<b>{stage.title}</b><br>{stage.detail}"
    if stage.lane == "r1_zero" and stage.column + stage.span == 6:
        text += f"<br><b>AIME pass@1<br>{r1_zero.aime_pass1_start:.1f}% → {r1_zero.aime_pass1_end:.1f}%</b>"
    if stage.lane == "r1" and stage.column + stage.span == 6:
        text += f"<br><b>AIME pass@1 {teacher.aime_pass1:.1f}%</b>"
    return text


def pipeline(
    stages: Sequence[PipelineStage], r1_zero: R1ZeroRun, teacher: ModelScores, *, highlight: str = "all"
) -> go.Figure:
    """The training pipeline: one lane each for R1-Zero, R1 and distillation, arrows between stages.

    ``highlight`` is ``"all"`` or a lane (``"r1_zero"``, ``"r1"``, ``"distill"``); other lanes are faded.
    """
    fig = go.Figure()
    by_lane: dict[str, list[PipelineStage]] = {}
    for stage in stages:
        by_lane.setdefault(stage.lane, []).append(stage)
    for lane, row in by_lane.items():
        on = highlight in ("all", lane)
        color, y = _LANE_COLOR[lane], _LANE_Y[lane]
        row.sort(key=lambda s: s.column)
        for stage in row:
            fig.add_shape(type="rect", x0=stage.column + _GAP, x1=stage.column + stage.span - _GAP,
                          y0=y - _HALF_HEIGHT, y1=y + _HALF_HEIGHT, layer="below",
                          line={"color": color, "width": 3 if on else 1},
                          fillcolor=_fill(color, 0.18 if on else 0.05), opacity=1.0 if on else 0.35)
            fig.add_annotation(x=stage.column + stage.span / 2, y=y, showarrow=False, align="center",
                               text=_stage_text(stage, r1_zero, teacher), opacity=1.0 if on else 0.35)
        for left, right in itertools.pairwise(row):
            fig.add_annotation(x=right.column + _GAP, y=y, ax=left.column + left.span - _GAP, ay=y,
                               xref="x", yref="y", axref="x", ayref="y", text="", showarrow=True,
                               arrowhead=2, arrowsize=1.4, arrowwidth=2.5, arrowcolor=color,
                               opacity=1.0 if on else 0.35)
        # One invisible point per lane gives it a legend entry and a hover description.
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=LANE_LABEL[lane],
                                 marker={"symbol": "square", "size": 14, "color": color}))
    if "distill" in by_lane and "r1" in by_lane:
        on = highlight in ("all", "distill")
        source = max(by_lane["r1"], key=lambda s: s.column)
        target = max(by_lane["distill"], key=lambda s: s.span)
        fig.add_annotation(x=target.column + target.span - 0.3, y=_LANE_Y["distill"] + _HALF_HEIGHT,
                           ax=source.column + 0.3, ay=_LANE_Y["r1"] - _HALF_HEIGHT, xref="x", yref="y",
                           axref="x", ayref="y", text="", showarrow=True, arrowhead=2, arrowsize=1.4,
                           arrowwidth=2.5, arrowcolor=_LANE_COLOR["distill"], opacity=1.0 if on else 0.35)
    fig.update_xaxes(range=[0, 6], visible=False, fixedrange=True)
    fig.update_yaxes(range=[-0.48, 2.48], visible=False, fixedrange=True)
    fig.update_layout(title_text="How R1-Zero, R1 and the distilled models were trained", showlegend=True)
    return style(fig, height=600)


# ------------------------------------------------------------------------------------ scores vs size


def _short(name: str) -> str:
    return name.removeprefix("R1-Distill-")


def comparison_curves(comparisons: Sequence[ScoreComparison], *, share: bool) -> list[Curve]:
    """The live lines of ``scores_vs_size`` as plain numbers (what a pin keeps), one per family and metric."""
    curves = []
    for c in comparisons:
        values = c.retained_share * 100 if share and c.retained_share is not None else c.scores
        for family in dict.fromkeys(c.families):
            idx = [i for i, f in enumerate(c.families) if f == family]
            name = f"{_FAMILY_LABEL[family]}, {BENCHMARK_LABEL[c.benchmark]} {METRIC_LABEL[c.metric]}"
            curves.append(Curve(name, tuple(float(c.params_b[i]) for i in idx),
                                tuple(float(values[i]) for i in idx)))
    return curves


def scores_vs_size(
    comparisons: Sequence[ScoreComparison],
    teacher: ModelScores,
    *,
    share: bool = False,
    ghosts: Sequence[Curve] = (),
) -> go.Figure:
    """Each distilled student's score (or share of R1's score) against its parameter count, one line
    per family and metric, with R1's own score as the reference line."""
    fig = go.Figure()
    add_ghosts(fig, ghosts)
    bench = BENCHMARK_LABEL[comparisons[0].benchmark] if comparisons else ""
    for c in comparisons:
        use_share = share and c.retained_share is not None
        values = c.retained_share * 100 if use_share and c.retained_share is not None else c.scores
        for family in dict.fromkeys(c.families):
            idx = [i for i, f in enumerate(c.families) if f == family]
            metric = METRIC_LABEL[c.metric]
            fig.add_trace(go.Scatter(
                x=[c.params_b[i] for i in idx], y=[values[i] for i in idx],
                name=f"{_FAMILY_LABEL[family]}, {metric}", mode="lines+markers+text",
                text=[_short(c.names[i]) for i in idx],
                textposition=_TEXT_POSITION[family, c.metric],
                line={"color": _FAMILY_COLOR[family], "width": 3, "dash": _METRIC_DASH[c.metric]},
                marker={"size": 12, "symbol": "circle" if c.metric == "pass1" else "diamond"},
                customdata=[[c.names[i], c.scores[i]] for i in idx],
                hovertemplate=f"<b>%{{customdata[0]}}</b><br>%{{x:g}}B parameters<br>{bench} {metric}: "
                "%{customdata[1]:.1f}%" + ("<br>share of R1: %{y:.1f}%" if use_share else "")
                + "<extra></extra>",
            ))
    reference = 100.0 if share else teacher.score(comparisons[0].benchmark, "pass1") if comparisons else None
    if reference is not None:
        size = f"{teacher.params_b:g}B MoE" + (
            f", {teacher.active_params_b:g}B active" if teacher.active_params_b is not None else "")
        label = f"DeepSeek-R1 = 100% ({size})" if share else f"DeepSeek-R1 pass@1: {reference:.1f}% ({size})"
        fig.add_hline(y=reference, line_dash="dash", line_width=3, line_color=ROLE["hidden"],
                      annotation_text=label, annotation_position="bottom left",
                      annotation_font_color=ROLE["hidden"])
    fig.update_xaxes(title_text=axis_title("Student parameters", "billions, log scale"), type="log",
                     tickvals=[1.5, 7, 8, 14, 32, 70], ticktext=["1.5", "7", "8", "14", "32", "70"])
    fig.update_yaxes(title_text=axis_title("Share of R1's score", "%") if share else
                     axis_title(f"{bench} score", "% of problems"), range=[0, 112 if share else 104])
    return style(fig)


def comparison_table(comparisons: Sequence[ScoreComparison]) -> pd.DataFrame:
    """The data behind ``scores_vs_size`` (for CSV download)."""
    rows = []
    for c in comparisons:
        for i, name in enumerate(c.names):
            rows.append({
                "model": name, "family": c.families[i], "params_b": float(c.params_b[i]),
                "benchmark": BENCHMARK_LABEL[c.benchmark], "metric": METRIC_LABEL[c.metric],
                "score_pct": float(c.scores[i]), "r1_score_pct": c.teacher_score,
                "share_of_r1": None if c.retained_share is None else float(c.retained_share[i]),
            })
    return pd.DataFrame(rows)


# ------------------------------------------------------------------------------------ pass@1 vs cons@64


def consensus_dumbbell(gain: ConsensusGain) -> go.Figure:
    """Per student: AIME 2024 pass@1 (one sample) joined to cons@64 (majority vote of 64 samples)."""
    names = [_short(n) for n in gain.names]
    fig = go.Figure()
    xs: list[float | None] = []
    ys: list[str | None] = []
    for name, a, b in zip(names, gain.pass1, gain.cons64, strict=True):
        xs += [float(a), float(b), None]
        ys += [name, name, None]
    fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", name="Gain from voting",
                             line={"color": ROLE["pruned"], "width": 6}, hoverinfo="skip"))
    fig.add_trace(go.Scatter(
        x=gain.pass1, y=names, mode="markers", name="pass@1 (one sample)",
        marker={"size": 16, "color": ROLE["single"], "symbol": "circle"},
        hovertemplate="<b>%{y}</b><br>pass@1: %{x:.1f}%<extra></extra>",
    ))
    fig.add_trace(go.Scatter(
        x=gain.cons64, y=names, mode="markers+text", name="cons@64 (majority of 64)",
        marker={"size": 16, "color": ROLE["majority"], "symbol": "diamond"},
        text=[f"+{g:.1f}" for g in gain.gain_points], textposition="middle right",
        customdata=gain.gain_points,
        hovertemplate="<b>%{y}</b><br>cons@64: %{x:.1f}%<br>+%{customdata:.1f} points<extra></extra>",
    ))
    fig.update_xaxes(title_text=axis_title("AIME 2024 score", "% of problems"), range=[0, 100])
    fig.update_yaxes(autorange="reversed")
    return style(fig, height=max(300, 110 + 55 * len(names)))


def consensus_table(gain: ConsensusGain) -> pd.DataFrame:
    """The data behind ``consensus_dumbbell`` (for CSV download)."""
    return pd.DataFrame({"model": gain.names, "aime_pass1_pct": gain.pass1, "aime_cons64_pct": gain.cons64,
                         "gain_points": gain.gain_points})
