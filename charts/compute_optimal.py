"""Figures for the compute-optimal inference page: a small model with best-of-N against a larger model
answering once, both on one inference-FLOPs axis, with the crossover budget C* marked."""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from charts.theme import ROLE, Curve, add_ghosts, axis_title, style
from sims.scaling import CrossoverResult

__all__ = ["crossover_chart", "crossover_curves", "crossover_table", "flops_text", "headline"]

FLOPS = axis_title("Inference compute per problem", "FLOPs, log scale")
ACCURACY = axis_title("Accuracy", "% of problems")
SMALL = "Small model + best-of-N"
LARGE = "Large model, one answer"


def flops_text(flops: float) -> str:
    """A FLOP count for people: ``1.4e13 -> "1.4×10¹³"``."""
    if flops <= 0 or not math.isfinite(flops):
        return f"{flops:g}"
    exponent = math.floor(math.log10(flops))
    mantissa = flops / 10**exponent
    digits = str(exponent).translate(str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹"))
    return f"{mantissa:.3g}×10{digits}"


def headline(result: CrossoverResult) -> str:
    """One sentence naming the crossover, or saying there is none."""
    if result.crossover_flops is None or result.crossover_samples is None:
        return "The small model never overtakes the large one here."
    return (f"Best-of-{result.crossover_samples:,} on the small model overtakes the large model at "
            f"C* = {flops_text(result.crossover_flops)} FLOPs.")


def crossover_curves(result: CrossoverResult) -> list[Curve]:
    """The live curve of ``crossover_chart`` as plain numbers (what a pin keeps)."""
    return [Curve(SMALL, tuple(result.inference_flops.tolist()), tuple(result.small_accuracy.tolist()))]


def _vertical(fig: go.Figure, x: float, *, name: str, color: str, dash: str, hover: str) -> None:
    # A trace, not a shape: shapes on a log axis take log10 coordinates, traces take data values.
    fig.add_trace(go.Scatter(x=[x, x], y=[0, 1.05], mode="lines", name=name, hovertemplate=hover,
                             line={"color": color, "width": 2.5, "dash": dash}))


def crossover_chart(
    result: CrossoverResult,
    *,
    large_best_of_n: CrossoverResult | None = None,
    show_crossover: bool = True,
    ghosts: Sequence[Curve] = (),
) -> go.Figure:
    """Accuracy against inference FLOPs: the small model's best-of-N curve, the large model's single
    answer (point and level), the matched-FLOPs budget, the small model's ceiling and, when
    ``show_crossover`` (held back until the student commits a guess), C* or a "never crosses" note.
    ``large_best_of_n`` optionally adds the large model sampling N times too."""
    x = result.inference_flops
    left, right = float(x[0]), float(x[-1])
    fig = go.Figure()
    add_ghosts(fig, ghosts)
    fig.add_trace(go.Scatter(
        x=[left, right], y=[result.small_ceiling] * 2, mode="lines", name="Selector ceiling",
        line={"color": ROLE["oracle"], "width": 2, "dash": "dot"},
        hovertemplate="<b>Ceiling</b>: %{y:.1%} (the selector's recall)<extra></extra>",
    ))
    fig.add_trace(go.Scatter(
        x=[left, right], y=[result.large_accuracy] * 2, mode="lines", name="Large model's level",
        line={"color": ROLE["single"], "width": 2, "dash": "dash"}, showlegend=False,
        hovertemplate="<b>Large model, one answer</b>: %{y:.1%}<extra></extra>",
    ))
    if large_best_of_n is not None:
        keep = large_best_of_n.inference_flops <= right
        fig.add_trace(go.Scatter(
            x=large_best_of_n.inference_flops[keep], y=large_best_of_n.small_accuracy[keep],
            mode="lines", name="Large model + best-of-N", line={"color": ROLE["single"], "width": 3},
            customdata=large_best_of_n.samples[keep],
            hovertemplate="<b>Large model + best-of-N</b><br>N = %{customdata:,}<br>%{x:.3g} FLOPs<br>"
            "accuracy %{y:.1%}<extra></extra>",
        ))
    fig.add_trace(go.Scatter(
        x=x, y=result.small_accuracy, mode="lines", name=SMALL, line={"color": ROLE["selector"], "width": 4},
        customdata=result.samples,
        hovertemplate="<b>Small model + best-of-N</b><br>N = %{customdata:,} samples<br>%{x:.3g} FLOPs<br>"
        "accuracy %{y:.1%}<extra></extra>",
    ))
    _vertical(fig, result.large_flops, name=f"Matched FLOPs (N = {result.samples_at_matched_flops:,})",
              color=ROLE["pruned"], dash="dashdot",
              hover=f"<b>Matched FLOPs</b>: %{{x:.3g}}<br>{result.samples_at_matched_flops:,} small answers "
              "cost one large answer<extra></extra>")
    fig.add_trace(go.Scatter(
        x=[result.large_flops], y=[result.large_accuracy], mode="markers", name=LARGE,
        marker={"size": 16, "color": ROLE["single"], "symbol": "square",
                "line": {"width": 2, "color": "#ffffff"}},
        hovertemplate="<b>Large model, one answer</b><br>%{x:.3g} FLOPs<br>accuracy %{y:.1%}<extra></extra>",
    ))
    if not show_crossover:
        pass
    elif result.crossover_flops is not None and result.crossover_samples is not None:
        _vertical(fig, result.crossover_flops, name=f"C* (N = {result.crossover_samples:,})",
                  color=ROLE["chosen"], dash="solid",
                  hover=f"<b>C*</b> = %{{x:.3g}} FLOPs<br>{result.crossover_samples:,} small-model samples "
                  "first beat the large model<extra></extra>")
        fig.add_annotation(x=math.log10(result.crossover_flops), y=0.04, text=f"C* = "
                           f"{flops_text(result.crossover_flops)}", showarrow=False, xanchor="left",
                           xshift=6, font={"color": ROLE["chosen"]})
    else:
        fig.add_annotation(x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False,
                           text="<b>Never crosses</b>: the small model's ceiling is not above the large "
                           "model's accuracy", font={"color": ROLE["chosen"]})
    fig.update_xaxes(title_text=FLOPS, type="log", range=[math.log10(left) - 0.05, math.log10(right) + 0.05],
                     exponentformat="power")
    fig.update_yaxes(title_text=ACCURACY, tickformat=".0%", range=[0, 1.05])
    return style(fig, height=480)


def crossover_table(result: CrossoverResult) -> pd.DataFrame:
    """The data behind ``crossover_chart`` (for CSV download)."""
    return pd.DataFrame({
        "samples": result.samples,
        "inference_flops": result.inference_flops,
        "small_best_of_n_accuracy": result.small_accuracy,
        "large_single_pass_accuracy": result.large_accuracy,
        "large_single_pass_flops": result.large_flops,
    })
