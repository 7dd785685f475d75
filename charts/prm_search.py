"""Figures for the ORM vs PRM tree-search page: the article's pruning example, one traced search
drawn as a tree, what pruning saved and lost, and accuracy against compute for every method."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from charts.theme import ROLE, Curve, add_ghosts, axis_title, style
from sims.prm import AccuracyVsCompute, SearchNode, SearchResult, SearchTree, StepAccounting, TreeCounts

__all__ = [
    "METHOD_LABEL",
    "accuracy_curves",
    "accuracy_table",
    "accuracy_vs_compute",
    "article_pruning",
    "pruning_tradeoff",
    "search_tree",
    "tree_headline",
    "tree_layout",
    "tree_table",
]

METHOD_LABEL: dict[str, str] = {
    "beam": "PRM beam search",
    "dvts": "PRM DVTS",
    "orm_best_of_n": "ORM best-of-N",
    "weighted_best_of_n": "Weighted best-of-N",
}
_METHOD_COLOR = {
    "beam": ROLE["prm"],
    "dvts": ROLE["monte_carlo"],
    "orm_best_of_n": ROLE["orm"],
    "weighted_best_of_n": ROLE["single"],
}
_METHOD_DASH = {"beam": "solid", "dvts": "dash", "orm_best_of_n": "solid", "weighted_best_of_n": "dot"}
STEP = axis_title("Reasoning step", "step")
ACCURACY = axis_title("Accuracy", "% of problems")
STEPS_GENERATED = axis_title("Steps generated per problem", "steps, log scale")


# ------------------------------------------------------------------------------ the article example


def article_pruning(
    branch_lengths: Sequence[int], prune_at_step: Sequence[int | None], accounting: StepAccounting
) -> go.Figure:
    """One bar per branch: the steps a PRM read before pruning it, and the rest an ORM also reads."""
    names = [f"Branch {i + 1}" for i in range(len(branch_lengths))]
    read = [n if stop is None else stop for n, stop in zip(branch_lengths, prune_at_step, strict=True)]
    skipped = [n - r for n, r in zip(branch_lengths, read, strict=True)]
    notes = ["kept to the end" if stop is None else f"pruned at step {stop}" for stop in prune_at_step]
    fig = go.Figure()
    fig.add_trace(go.Bar(
        y=names, x=read, name="Scored by the PRM", orientation="h", marker_color=ROLE["prm"],
        text=notes, textposition="inside", insidetextanchor="start", customdata=notes,
        hovertemplate="<b>%{y}</b><br>PRM scored %{x} steps (%{customdata})<extra></extra>",
    ))
    fig.add_trace(go.Bar(
        y=names, x=skipped, name="Only an ORM reads these", orientation="h",
        marker={"color": ROLE["pruned"], "pattern": {"shape": "/"}}, opacity=0.6,
        hovertemplate="<b>%{y}</b><br>%{x} steps an ORM reads and the PRM skips<extra></extra>",
    ))
    fig.update_layout(
        barmode="stack",
        title_text=f"ORM scores {accounting.orm_steps} steps, PRM {accounting.prm_steps}: "
        f"{accounting.saved_steps} saved",
    )
    fig.update_xaxes(title_text=axis_title("Steps scored", "steps"), dtick=1)
    fig.update_yaxes(autorange="reversed")
    return style(fig, height=300)


# ------------------------------------------------------------------------------------ the traced tree


def tree_layout(tree: SearchTree) -> dict[int, float]:
    """Vertical position of every node: children sit next to their parent, so kept edges never cross."""
    y: dict[int, float] = {0: 0.0}
    by_depth: dict[int, list[SearchNode]] = {}
    for node in tree.nodes[1:]:
        by_depth.setdefault(node.depth, []).append(node)
    for depth in sorted(by_depth):
        row = sorted(by_depth[depth], key=lambda n: (y[n.parent_id or 0], n.node_id))
        middle = (len(row) - 1) / 2
        for i, node in enumerate(row):
            y[node.node_id] = middle - i
    return y


def _node_text(n: SearchNode) -> str:
    fate = "kept" if n.pruned_at_step is None else f"pruned at step {n.pruned_at_step}"
    prefix = "correct so far" if n.is_correct else "contains a mistake"
    score = "" if n.score is None else f"<br>step score {n.step_score:.3f}, prefix score {n.score:.3f}"
    chain = "<br><b>on the returned chain</b>" if n.on_selected_path else ""
    return f"step {n.depth}: {prefix}, {fate}{score}{chain}"


_GROUPS = (
    ("Correct prefix, kept", True, True, "circle", ROLE["correct"]),
    ("Wrong prefix, kept", False, True, "circle", ROLE["wrong"]),
    ("Correct prefix, pruned", True, False, "x-thin-open", ROLE["correct"]),
    ("Wrong prefix, pruned", False, False, "x-thin-open", ROLE["wrong"]),
)


def tree_headline(tree: SearchTree, counts: TreeCounts) -> str:
    """One sentence summing up the traced tree (shown above the chart)."""
    verdict = "correct" if tree.selected_correct else "wrong"
    return (f"{METHOD_LABEL[tree.method]}: {counts.correct_pruned + counts.wrong_pruned} prefixes pruned, "
            f"{counts.correct_pruned} of them still correct; the returned chain is {verdict}.")


def search_tree(tree: SearchTree) -> go.Figure:
    """The traced search: steps left to right; colour = correct or wrong prefix, circle = kept,
    cross = pruned; the returned chain is drawn thick."""
    y = tree_layout(tree)
    nodes = tree.nodes
    edges_x: list[float | None] = []
    edges_y: list[float | None] = []
    path_x: list[float] = []
    path_y: list[float] = []
    for n in nodes[1:]:
        parent = n.parent_id or 0
        edges_x += [nodes[parent].depth, n.depth, None]
        edges_y += [y[parent], y[n.node_id], None]
    for n in nodes:
        if n.on_selected_path:
            path_x.append(n.depth)
            path_y.append(y[n.node_id])
    big = len(nodes) > 400
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=edges_x, y=edges_y, mode="lines", name="Generated step",
                             line={"color": ROLE["pruned"], "width": 1}, opacity=0.5, hoverinfo="skip"))
    fig.add_trace(go.Scatter(
        x=path_x, y=path_y, mode="lines", name="Returned chain",
        line={"color": ROLE["selector"], "width": 7}, hoverinfo="skip", opacity=0.45,
    ))
    for name, correct, kept, symbol, color in _GROUPS:
        group = [n for n in nodes[1:] if n.is_correct == correct and (n.pruned_at_step is None) == kept]
        fig.add_trace(go.Scatter(
            x=[n.depth for n in group], y=[y[n.node_id] for n in group], mode="markers", name=name,
            marker={"symbol": symbol, "color": color, "size": 7 if big else 12,
                    "line": {"width": 2 if kept else 2.5, "color": color}},
            text=[_node_text(n) for n in group], hovertemplate="%{text}<extra></extra>",
        ))
    fig.add_trace(go.Scatter(x=[0], y=[0], mode="markers", name="Prompt",
                             marker={"symbol": "square", "size": 14, "color": ROLE["weights"]},
                             hovertemplate="the prompt (step 0)<extra></extra>"))
    fig.update_xaxes(title_text=STEP, dtick=1, range=[-0.4, tree.depth + 0.4])
    fig.update_yaxes(title_text="Candidates (one row each)", showticklabels=False, zeroline=False,
                     showgrid=False)
    return style(fig, height=max(430, min(900, 14 * len(nodes) // max(1, tree.depth + 1) + 200)))


def tree_table(tree: SearchTree) -> pd.DataFrame:
    """Every node of the traced tree (for CSV download)."""
    return pd.DataFrame([{
        "node_id": n.node_id, "parent_id": n.parent_id, "step": n.depth, "step_score": n.step_score,
        "prefix_score": n.score, "prefix_correct": n.is_correct, "kept": n.kept,
        "pruned_at_step": n.pruned_at_step, "on_returned_chain": n.on_selected_path, "subtree": n.subtree,
    } for n in tree.nodes])


# ---------------------------------------------------------------------------- saved vs lost (Monte Carlo)


def pruning_tradeoff(result: SearchResult, *, show_mistakes: bool = True) -> go.Figure:
    """Left: steps an ORM would read vs steps the PRM read. Right: what pruning discarded, per problem;
    the correct prefixes are split into "beam already full" and "verifier mistake" when
    ``show_mistakes`` (held back until the student committed a guess)."""
    acc = result.accounting
    fig = make_subplots(rows=1, cols=2, horizontal_spacing=0.16)
    fig.add_trace(go.Bar(
        x=["ORM, same branches to the end", "PRM search"], y=[acc.orm_steps, acc.prm_steps],
        name="Steps read", marker_color=[ROLE["orm"], ROLE["prm"]], showlegend=False,
        text=[f"{acc.orm_steps:,}", f"{acc.prm_steps:,}"], textposition="outside", cliponaxis=False,
        hovertemplate="<b>%{x}</b><br>%{y:,} steps<extra></extra>",
    ), row=1, col=1)
    parts: tuple[tuple[str, float, str], ...] = (
        ("Wrong prefix pruned (good)", result.wrong_pruned, ROLE["wrong"]),
        ("Correct prefix pruned", result.correct_pruned, ROLE["correct"]),
    )
    if show_mistakes:
        parts = (
            parts[0],
            ("Correct pruned: beam already full", result.correct_pruned - result.mistaken_prunes,
             ROLE["correct"]),
            ("Correct pruned: verifier mistake", result.mistaken_prunes, ROLE["chosen"]),
        )
    for name, value, color in parts:
        fig.add_trace(go.Bar(
            x=["Pruned prefixes"], y=[value], name=name, marker_color=color, text=[f"{value:.1f}"],
            textposition="inside",
            hovertemplate=f"<b>{name}</b><br>%{{y:.2f}} prefixes per problem<extra></extra>",
        ), row=1, col=2)
    fig.update_layout(barmode="stack")
    fig.update_yaxes(title_text=axis_title("Steps read", "steps per problem"), rangemode="tozero",
                     row=1, col=1)
    fig.update_yaxes(title_text=axis_title("Prefixes pruned", "mean per problem"), rangemode="tozero",
                     row=1, col=2)
    return style(fig, height=420)


# ---------------------------------------------------------------------------------- accuracy vs compute


def accuracy_curves(curve: AccuracyVsCompute, methods: Sequence[str]) -> list[Curve]:
    """The live curves of ``accuracy_vs_compute`` for ``methods`` (what a pin keeps)."""
    x = tuple(float(v) for v in curve.steps_generated)
    return [Curve(METHOD_LABEL[m], x, tuple(float(v) for v in curve.accuracy[m])) for m in methods]


def accuracy_vs_compute(
    curve: AccuracyVsCompute,
    *,
    highlight: str = "beam",
    current_steps: int | None = None,
    ghosts: Sequence[Curve] = (),
) -> go.Figure:
    """Accuracy of PRM search (beam, DVTS) and ORM best-of-N / weighted best-of-N against steps
    generated, with +-1 standard-error bars and the perfect-verifier best-of-N ceiling."""
    x = curve.steps_generated
    fig = go.Figure()
    fig.add_trace(go.Scatter(
        x=x, y=curve.oracle_best_of_n, name="Best-of-N, perfect verifier (exact)", mode="lines",
        line={"color": ROLE["oracle"], "width": 2, "dash": "longdash"}, customdata=curve.chains,
        hovertemplate="<b>Perfect verifier</b><br>%{x:,} steps (%{customdata} chains)<br>"
        "accuracy %{y:.1%}<extra></extra>",
    ))
    for method, label in METHOD_LABEL.items():
        width = 5 if method == highlight else 3
        fig.add_trace(go.Scatter(
            x=x, y=curve.accuracy[method], name=label, mode="lines+markers",
            line={"color": _METHOD_COLOR[method], "width": width, "dash": _METHOD_DASH[method]},
            marker={"size": 9 if method == highlight else 6},
            error_y={"type": "data", "array": curve.accuracy_se[method], "visible": True, "thickness": 1.5},
            customdata=list(zip(curve.chains.tolist(), curve.accuracy_se[method].tolist(), strict=True)),
            hovertemplate=f"<b>{label}</b><br>%{{x:,}} steps (%{{customdata[0]}} chains)<br>"
            "accuracy %{y:.1%} ± %{customdata[1]:.1%} (1 SE)<extra></extra>",
        ))
    add_ghosts(fig, ghosts)
    if current_steps is not None:  # a trace, not a shape: shapes on a log axis take log10 coordinates
        fig.add_trace(go.Scatter(
            x=[current_steps, current_steps], y=[0, 1.05], name="This search's budget", mode="lines",
            line={"color": ROLE["chosen"], "width": 2, "dash": "dot"},
            hovertemplate="<b>This search</b><br>%{x:,} steps per problem<extra></extra>",
        ))
    fig.update_xaxes(title_text=STEPS_GENERATED, type="log", tickvals=x.tolist(), tickformat=",")
    fig.update_yaxes(title_text=ACCURACY, tickformat=".0%", range=[0, 1.05])
    return style(fig)


def accuracy_table(curve: AccuracyVsCompute) -> pd.DataFrame:
    """The data behind ``accuracy_vs_compute`` (for CSV download)."""
    data: dict[str, object] = {"chains": curve.chains, "steps_generated": curve.steps_generated,
                               "perfect_verifier_best_of_n": curve.oracle_best_of_n}
    for method in METHOD_LABEL:
        data[f"{method}_accuracy"] = curve.accuracy[method]
        data[f"{method}_se"] = curve.accuracy_se[method]
    return pd.DataFrame(data)
