"""Outcome vs process reward models: scored-step accounting and verifier-guided search.

Two layers:

* :func:`scored_steps` is the article's bookkeeping: an ORM must read every step of every branch,
  a PRM stops reading a branch where it prunes it.
* A seeded Monte Carlo of search over a synthetic step-by-step solver. Each generated step is a
  mistake with probability ``step_error``; one mistake dooms the chain. A noisy verifier scores
  every step (PRM) or only the final result (ORM). Its quality is one number in [0, 1]:
  ``prm_quality = 2 * AUC - 1``, where AUC is the chance that a random correct prefix outscores a
  random wrong one. Scores are ``sigmoid(logit)`` with ``logit ~ N(+d'/2, 1)`` for a correct prefix
  and ``N(-d'/2, 1)`` for a wrong one (equal-variance two-Gaussian model); quality 0 is pure
  noise, quality 1 separates perfectly (scores exactly 1 and 0). A PRM's step signal is whether
  the prefix up to that step is still correct, so after the first mistake every later step of
  that chain looks wrong to a good PRM.

Search follows huggingface/search-and-learn. Both methods start ``beam_width`` copies of the
prompt and generate ``beam_width * branch_factor`` steps per depth. Beam search keeps the global
top ``beam_width`` prefixes; DVTS (diverse verifier tree search) runs ``beam_width`` independent
subtrees, each keeping only its best child. Prefix scores aggregate per-step scores by ``"last"``,
``"min"`` or ``"product"``. At the final depth every candidate is complete and the highest
aggregated score is returned. A candidate discarded before the final depth counts as pruned.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from statistics import NormalDist

import numpy as np

from sims import _validate as check
from sims._prm_engine import (
    FloatArray,
    IntArray,
    SearchTrace,
    draw_best_of_n,
    draw_search,
    mistaken_prunes,
    run_search,
    select_best_of_n,
    weighted_vote,
)

__all__ = [
    "AGGREGATIONS",
    "COMPARISON_METHODS",
    "SEARCH_METHODS",
    "AccuracyVsCompute",
    "ComparisonResult",
    "SearchNode",
    "SearchResult",
    "SearchTree",
    "StepAccounting",
    "TreeCounts",
    "accuracy_vs_compute",
    "budgets_for_widths",
    "compare_at_equal_compute",
    "scored_steps",
    "search_tree",
    "simulate_orm_best_of_n",
    "simulate_search",
    "verifier_separation",
]

AGGREGATIONS: tuple[str, ...] = ("last", "min", "product")
SEARCH_METHODS: tuple[str, ...] = ("beam", "dvts")
COMPARISON_METHODS: tuple[str, ...] = ("beam", "dvts", "orm_best_of_n", "weighted_best_of_n")

_MAX_CELLS = 20_000_000  # random draws per call; keeps memory well under a gigabyte
_MAX_TREE_STEPS = 5_000  # nodes a page can still draw
_MAX_WIDTH = 4_096


# ----------------------------------------------------------------------------------------- results


@dataclass(frozen=True)
class StepAccounting:
    """Steps a verifier reads: an ORM reads whole branches, a PRM stops where it prunes."""

    orm_steps: int
    prm_steps: int
    saved_steps: int


@dataclass(frozen=True)
class SearchResult:
    """One method's Monte Carlo estimate; counts are per problem (pruning counts are means).

    ``coverage`` is the fraction of problems where at least one complete chain is correct (the
    ceiling a perfect final selector would reach). ``mistaken_prunes`` counts correct prefixes
    pruned while a wrong prefix in the same group was kept (pure verifier mistakes), a subset of
    ``correct_pruned``, which also counts correct prefixes that simply did not fit in the beam.
    ``accounting`` compares what the method's verifier read with what an ORM would read to judge
    the same number of branches, each run to completion.
    """

    method: str
    accuracy: float
    accuracy_se: float
    coverage: float
    problems: int
    steps_generated: int
    steps_scored: int
    complete_chains: int
    correct_pruned: float
    wrong_pruned: float
    mistaken_prunes: float
    accounting: StepAccounting


@dataclass(frozen=True)
class ComparisonResult:
    """Rows for beam, DVTS, ORM best-of-N and weighted best-of-N at the same generated steps."""

    rows: tuple[SearchResult, ...]
    steps_generated: int
    n_chains: int

    def row(self, method: str) -> SearchResult:
        """The row of ``method`` (one of :data:`COMPARISON_METHODS`)."""
        check.choice("method", method, COMPARISON_METHODS)
        return next(r for r in self.rows if r.method == method)


@dataclass(frozen=True)
class AccuracyVsCompute:
    """Accuracy against compute; arrays are aligned with ``chains`` (one entry per budget)."""

    chains: IntArray  # complete chains per problem (N for best-of-N, beam_width * branch_factor)
    steps_generated: IntArray  # chains * depth
    accuracy: dict[str, FloatArray]  # method -> accuracy, keys are COMPARISON_METHODS
    accuracy_se: dict[str, FloatArray]  # method -> standard error over problems
    oracle_best_of_n: FloatArray  # exact 1 - (1 - (1 - e)^depth)^N: best-of-N with a perfect verifier


@dataclass(frozen=True)
class SearchNode:
    """One generated step (or the prompt, ``node_id`` 0) of a traced search."""

    node_id: int
    parent_id: int | None
    depth: int
    step_score: float | None  # verifier score of this step in [0, 1]; None for the prompt
    score: float | None  # aggregated prefix score in [0, 1] used for ranking
    is_correct: bool  # the prefix ending here has no mistake yet
    kept: bool  # survived pruning (complete chains at the final depth count as kept)
    pruned_at_step: int | None  # depth at which it was discarded, None if kept
    on_selected_path: bool
    subtree: int | None  # DVTS subtree index; None for beam search and the prompt


@dataclass(frozen=True)
class TreeCounts:
    """How many generated steps of a traced tree were pruned or kept, split by correctness."""

    correct_pruned: int
    wrong_pruned: int
    correct_complete: int
    wrong_complete: int
    pruned_by_step: tuple[tuple[int, int, int], ...]  # (step, correct pruned, wrong pruned)


@dataclass(frozen=True)
class SearchTree:
    """A single traced search; ``len(nodes) == steps_generated + 1`` (the prompt is node 0)."""

    nodes: tuple[SearchNode, ...]
    method: str
    aggregation: str
    beam_width: int
    branch_factor: int
    depth: int
    steps_generated: int
    selected_id: int
    selected_correct: bool

    @property
    def counts(self) -> TreeCounts:
        """The generated steps counted by fate (pruned / complete) and correctness, per step too.

        Example
        -------
        >>> tree = search_tree(step_error=0.0, prm_quality=1.0, beam_width=1, branch_factor=2, depth=2, rng=0)
        >>> c = tree.counts
        >>> c.correct_pruned, c.wrong_pruned, c.correct_complete, c.wrong_complete
        (1, 0, 2, 0)
        """
        nodes = self.nodes[1:]  # node 0 is the prompt, not a generated step
        final = [n for n in nodes if n.depth == self.depth]
        pruned = [n for n in nodes if n.pruned_at_step is not None]
        return TreeCounts(
            correct_pruned=sum(n.is_correct for n in pruned),
            wrong_pruned=sum(not n.is_correct for n in pruned),
            correct_complete=sum(n.is_correct for n in final),
            wrong_complete=sum(not n.is_correct for n in final),
            pruned_by_step=tuple(
                (t, sum(n.is_correct for n in pruned if n.depth == t),
                 sum(not n.is_correct for n in pruned if n.depth == t))
                for t in range(1, self.depth + 1)
            ),
        )


# -------------------------------------------------------------------------------------- validation


def _validate_cells(problems: int, per_problem: int) -> None:
    if problems * per_problem > _MAX_CELLS:
        raise ValueError(
            f"problems must be at most {_MAX_CELLS // per_problem} for these settings "
            f"(problems x steps per problem <= {_MAX_CELLS:,}), got {problems}"
        )


def _validate_search(
    step_error: float, prm_quality: float, beam_width: int, branch_factor: int, depth: int,
    aggregation: str, method: str,
) -> tuple[float, float, int, int, int]:
    check.choice("aggregation", aggregation, AGGREGATIONS)
    check.choice("method", method, SEARCH_METHODS)
    return (
        check.probability("step_error", step_error),
        check.probability("prm_quality", prm_quality),
        check.integer("beam_width", beam_width, low=1, high=_MAX_WIDTH),
        check.integer("branch_factor", branch_factor, low=1, high=256),
        check.integer("depth", depth, low=1, high=1_000),
    )


# ----------------------------------------------------------------------------------- public models


def scored_steps(branch_lengths: Sequence[int], prune_at_step: Sequence[int | None]) -> StepAccounting:
    """Steps an ORM and a PRM must score over independent branches.

    An ORM only judges complete solutions, so it reads every step of every branch. A PRM scores
    step by step and stops reading a branch at the step where it prunes it.

    Parameters
    ----------
    branch_lengths : sequence of int
        Steps in each branch when run to completion; each >= 1, at least one branch.
    prune_at_step : sequence of int or None
        Per branch, the step (1-based, in [1, length]) at which the PRM pruned it; None when it
        was never pruned. Same length as ``branch_lengths``.

    Returns
    -------
    StepAccounting
        ``orm_steps``, ``prm_steps`` and ``saved_steps = orm_steps - prm_steps`` (steps).

    References
    ----------
    The article's ``prm-pruning-budget.py`` snippet; Lightman et al. 2023, "Let's Verify Step by
    Step", arXiv 2305.20050.

    Examples
    --------
    >>> scored_steps([8, 8, 8, 8], [None, 2, 3, 1])
    StepAccounting(orm_steps=32, prm_steps=14, saved_steps=18)
    """
    lengths = [check.integer("branch_lengths", n, low=1, high=10**9) for n in branch_lengths]
    stops = list(prune_at_step)
    if not lengths:
        raise ValueError("branch_lengths must hold at least 1 branch, got 0")
    if len(stops) != len(lengths):
        raise ValueError(f"prune_at_step must have {len(lengths)} entries (one per branch), got {len(stops)}")
    prm = sum(
        n if stop is None else check.integer("prune_at_step", stop, low=1, high=n)
        for n, stop in zip(lengths, stops, strict=True)
    )
    orm = sum(lengths)
    return StepAccounting(orm_steps=orm, prm_steps=prm, saved_steps=orm - prm)


def verifier_separation(prm_quality: float) -> float:
    """Separation d' between correct and wrong verifier logits for a quality in [0, 1].

    ``prm_quality = 2 * AUC - 1`` and, for two unit-variance Gaussians, AUC = Phi(d' / sqrt(2)),
    so ``d' = sqrt(2) * Phi^-1((1 + prm_quality) / 2)``: 0 at quality 0, infinite at quality 1.

    Parameters
    ----------
    prm_quality : float
        Verifier quality in [0, 1].

    Returns
    -------
    float
        d' in logit units (``inf`` for a perfect verifier).

    References
    ----------
    Green & Swets 1966, Signal Detection Theory and Psychophysics (d' and the AUC of the
    equal-variance Gaussian model).

    Examples
    --------
    >>> round(verifier_separation(0.5), 3)
    0.954
    """
    auc = (1.0 + check.probability("prm_quality", prm_quality)) / 2.0
    if auc >= 1.0:  # also a quality within an ulp of 1, whose AUC rounds to 1.0
        return math.inf
    return math.sqrt(2.0) * NormalDist().inv_cdf(auc)


def _rate(hits: np.ndarray) -> tuple[float, float]:
    accuracy = float(hits.mean())
    return accuracy, math.sqrt(accuracy * (1.0 - accuracy) / hits.size)


def _search_result(trace: SearchTrace, *, method: str, beam_width: int) -> SearchResult:
    problems, depth, candidates = trace.correct.shape
    accuracy, se = _rate(trace.correct[np.arange(problems), -1, trace.selected])
    pruned = ~trace.kept[:, :-1]
    correct = trace.correct[:, :-1]
    pruned_per_problem = (candidates - beam_width) * (depth - 1)
    branches = pruned_per_problem + candidates  # leaves of the tree: pruned prefixes + complete chains
    return SearchResult(
        method=method,
        accuracy=accuracy,
        accuracy_se=se,
        coverage=float(trace.correct[:, -1].any(axis=1).mean()),
        problems=problems,
        steps_generated=candidates * depth,
        steps_scored=candidates * depth,
        complete_chains=candidates,
        correct_pruned=float((pruned & correct).sum() / problems),
        wrong_pruned=float((pruned & ~correct).sum() / problems),
        mistaken_prunes=float(mistaken_prunes(trace, method=method, beam_width=beam_width).mean()),
        accounting=StepAccounting(
            orm_steps=branches * depth,
            prm_steps=candidates * depth,
            saved_steps=(branches - candidates) * depth,
        ),
    )


def simulate_search(
    *,
    step_error: float,
    prm_quality: float,
    beam_width: int = 4,
    branch_factor: int = 4,
    depth: int = 8,
    aggregation: str = "last",
    method: str = "beam",
    problems: int = 500,
    rng: np.random.Generator | int | None = None,
) -> SearchResult:
    """Monte Carlo of PRM-guided beam search or DVTS over a synthetic step-by-step solver.

    Parameters
    ----------
    step_error : float
        Probability in [0, 1] that a generated step is a mistake; one mistake dooms the chain.
    prm_quality : float
        PRM quality in [0, 1] (``2 * AUC - 1``; see :func:`verifier_separation`).
    beam_width : int
        Beams kept per depth (beam search) or independent subtrees (DVTS), in [1, 4096].
    branch_factor : int
        Children generated per kept prefix per depth, in [1, 256].
    depth : int
        Steps per complete solution, in [1, 1000].
    aggregation : {"last", "min", "product"}
        How per-step scores combine into a prefix score.
    method : {"beam", "dvts"}
        Global top-``beam_width`` beam search, or diverse verifier tree search.
    problems : int
        Independent problems simulated, >= 1 (up to a memory cap on draws).
    rng : numpy.random.Generator, int or None
        Seed or generator.

    Returns
    -------
    SearchResult
        Accuracy with its standard error over problems, steps generated and scored
        (``beam_width * branch_factor * depth`` each), and per-problem pruning counts.

    References
    ----------
    Lightman et al. 2023, arXiv 2305.20050; Snell et al. 2024, arXiv 2408.03314; Beeching,
    Tunstall & Rush 2024, "Scaling test-time compute with open models" (Hugging Face blog) and
    the huggingface/search-and-learn repository (beam search, DVTS, last/min/prod aggregation).

    Examples
    --------
    >>> r = simulate_search(step_error=0.1, prm_quality=0.8, problems=200, rng=0)
    >>> r.steps_generated, r.correct_pruned <= r.correct_pruned + r.wrong_pruned
    (128, True)
    """
    e, quality, width, branches, steps = _validate_search(
        step_error, prm_quality, beam_width, branch_factor, depth, aggregation, method)
    problems = check.integer("problems", problems, low=1, high=_MAX_CELLS)
    _validate_cells(problems, width * branches * steps)
    generator = np.random.default_rng(rng)
    draws = draw_search(generator, problems=problems, depth=steps, candidates=width * branches, step_error=e)
    trace = run_search(draws, half_separation=verifier_separation(quality) / 2.0, aggregation=aggregation,
                       method=method, beam_width=width, branch_factor=branches)
    return _search_result(trace, method=method, beam_width=width)


def simulate_orm_best_of_n(
    *,
    step_error: float,
    verifier_quality: float,
    n: int,
    depth: int = 8,
    weighted: bool = False,
    wrong_answers: int = 4,
    problems: int = 500,
    rng: np.random.Generator | int | None = None,
) -> SearchResult:
    """Monte Carlo of best-of-N with an outcome verifier (ORM) that scores only final results.

    Each of ``n`` complete chains is right with probability ``(1 - step_error) ** depth``. The
    ORM's score follows the same two-Gaussian model as the PRM, applied to the final answer.
    Plain best-of-N returns the top-scored chain; weighted best-of-N sums the scores of chains that
    reach the same final answer and returns the answer with the largest sum (wrong chains pick
    one of ``wrong_answers`` wrong answers uniformly).

    Parameters
    ----------
    step_error : float
        Probability in [0, 1] that a step is a mistake.
    verifier_quality : float
        ORM quality in [0, 1] (``2 * AUC - 1``).
    n : int
        Complete chains per problem, in [1, 4096].
    depth : int
        Steps per chain, in [1, 1000].
    weighted : bool
        False for ORM best-of-N, True for score-weighted voting.
    wrong_answers : int
        Distinct wrong final answers, in [1, 10000].
    problems : int
        Independent problems simulated, >= 1.
    rng : numpy.random.Generator, int or None
        Seed or generator.

    Returns
    -------
    SearchResult
        Nothing is pruned; ``steps_generated == steps_scored == n * depth`` (an ORM reads whole
        chains, the article's convention).

    References
    ----------
    Lightman et al. 2023, arXiv 2305.20050 (best-of-N with ORM and PRM); Beeching, Tunstall &
    Rush 2024 and huggingface/search-and-learn (weighted best-of-N).

    Examples
    --------
    >>> r = simulate_orm_best_of_n(step_error=0.1, verifier_quality=1.0, n=16, problems=200, rng=0)
    >>> r.steps_generated, r.accuracy == r.coverage
    (128, True)
    """
    e = check.probability("step_error", step_error)
    quality = check.probability("verifier_quality", verifier_quality)
    chains = check.integer("n", n, low=1, high=_MAX_WIDTH)
    steps = check.integer("depth", depth, low=1, high=1_000)
    answers = check.integer("wrong_answers", wrong_answers, low=1, high=10_000)
    problems = check.integer("problems", problems, low=1, high=_MAX_CELLS)
    _validate_cells(problems, max(chains, answers + 1))
    draws = draw_best_of_n(np.random.default_rng(rng), problems=problems, n=chains, depth=steps,
                           step_error=e, wrong_answers=answers)
    pick = weighted_vote if weighted else select_best_of_n
    accuracy, se = _rate(pick(draws, half_separation=verifier_separation(quality) / 2.0))
    return SearchResult(
        method="weighted_best_of_n" if weighted else "orm_best_of_n",
        accuracy=accuracy,
        accuracy_se=se,
        coverage=float(draws.correct.any(axis=1).mean()),
        problems=problems,
        steps_generated=chains * steps,
        steps_scored=chains * steps,
        complete_chains=chains,
        correct_pruned=0.0,
        wrong_pruned=0.0,
        mistaken_prunes=0.0,
        accounting=StepAccounting(orm_steps=chains * steps, prm_steps=chains * steps, saved_steps=0),
    )


def compare_at_equal_compute(
    *,
    step_error: float,
    prm_quality: float,
    beam_width: int = 4,
    branch_factor: int = 4,
    depth: int = 8,
    aggregation: str = "last",
    wrong_answers: int = 4,
    problems: int = 500,
    rng: np.random.Generator | int | None = None,
) -> ComparisonResult:
    """Beam search, DVTS, ORM best-of-N and weighted best-of-N at the same generated steps.

    Both searches generate ``beam_width * branch_factor * depth`` steps per problem, so best-of-N
    gets ``N = beam_width * branch_factor`` complete chains. The ORM uses the same noise model and
    quality as the PRM, applied to final answers only.

    Parameters
    ----------
    step_error, prm_quality, beam_width, branch_factor, depth, aggregation, problems, rng
        As in :func:`simulate_search` (``prm_quality`` also sets the ORM's quality).
    wrong_answers : int
        Distinct wrong final answers for the weighted vote, in [1, 10000].

    Returns
    -------
    ComparisonResult
        One :class:`SearchResult` per method in :data:`COMPARISON_METHODS` order.

    References
    ----------
    Snell et al. 2024, arXiv 2408.03314 (compute-matched comparison of search and best-of-N);
    Beeching, Tunstall & Rush 2024 and huggingface/search-and-learn.

    Examples
    --------
    >>> c = compare_at_equal_compute(step_error=0.1, prm_quality=0.8, problems=100, rng=1)
    >>> [r.steps_generated for r in c.rows]
    [128, 128, 128, 128]
    """
    generator = np.random.default_rng(rng)
    searches = tuple(
        simulate_search(step_error=step_error, prm_quality=prm_quality, beam_width=beam_width,
                        branch_factor=branch_factor, depth=depth, aggregation=aggregation, method=method,
                        problems=problems, rng=generator)
        for method in SEARCH_METHODS
    )
    chains = searches[0].complete_chains
    votes = tuple(
        simulate_orm_best_of_n(step_error=step_error, verifier_quality=prm_quality, n=chains, depth=depth,
                           weighted=weighted, wrong_answers=wrong_answers, problems=problems, rng=generator)
        for weighted in (False, True)
    )
    return ComparisonResult(rows=searches + votes, steps_generated=searches[0].steps_generated,
                            n_chains=chains)


def accuracy_vs_compute(
    *,
    step_error: float,
    prm_quality: float,
    budgets: Sequence[int],
    branch_factor: int = 4,
    depth: int = 8,
    aggregation: str = "last",
    wrong_answers: int = 4,
    problems: int = 500,
    rng: np.random.Generator | int | None = None,
) -> AccuracyVsCompute:
    """Accuracy of PRM search and best-of-N as the number of complete chains grows.

    For each budget N, beam search and DVTS run with ``beam_width = N // branch_factor`` and
    best-of-N with N chains, so every method generates ``N * depth`` steps.

    Parameters
    ----------
    step_error, prm_quality, branch_factor, depth, aggregation, wrong_answers, problems, rng
        As in :func:`compare_at_equal_compute`.
    budgets : sequence of int
        Chains per problem, each a multiple of ``branch_factor`` in [branch_factor, 4096];
        at least one budget.

    Returns
    -------
    AccuracyVsCompute
        Arrays aligned with ``budgets``: chains, steps generated, accuracy and its standard error
        per method, and the exact perfect-verifier best-of-N accuracy.

    References
    ----------
    Snell et al. 2024, arXiv 2408.03314, and Beeching, Tunstall & Rush 2024 (accuracy vs
    generation budget for best-of-N, beam search and DVTS).

    Examples
    --------
    >>> curve = accuracy_vs_compute(step_error=0.1, prm_quality=0.8, budgets=[4, 16], problems=100, rng=0)
    >>> curve.steps_generated.tolist(), sorted(curve.accuracy)
    ([32, 128], ['beam', 'dvts', 'orm_best_of_n', 'weighted_best_of_n'])
    """
    branches = check.integer("branch_factor", branch_factor, low=1, high=256)
    chains = [check.integer("budgets", b, low=branches, high=_MAX_WIDTH) for b in budgets]
    if not chains:
        raise ValueError("budgets must hold at least 1 budget, got 0")
    if any(b % branches for b in chains):
        raise ValueError(f"budgets must be multiples of branch_factor={branches}, got {list(budgets)}")
    generator = np.random.default_rng(rng)
    rows = [
        compare_at_equal_compute(step_error=step_error, prm_quality=prm_quality, beam_width=b // branches,
                                 branch_factor=branches, depth=depth, aggregation=aggregation,
                                 wrong_answers=wrong_answers, problems=problems, rng=generator).rows
        for b in chains
    ]
    n = np.asarray(chains, dtype=np.intp)
    single = (1.0 - float(step_error)) ** depth
    return AccuracyVsCompute(
        chains=n,
        steps_generated=n * depth,
        accuracy={m: np.array([r[i].accuracy for r in rows]) for i, m in enumerate(COMPARISON_METHODS)},
        accuracy_se={m: np.array([r[i].accuracy_se for r in rows]) for i, m in enumerate(COMPARISON_METHODS)},
        oracle_best_of_n=1.0 - (1.0 - single) ** n.astype(np.float64),
    )


def _prob(agg: float, aggregation: str) -> float:
    """Score in [0, 1] from a logit (last, min) or a log-product (product)."""
    if aggregation == "product":
        return math.exp(agg)
    if agg >= 0:
        return 1.0 / (1.0 + math.exp(-agg))
    return math.exp(agg) / (1.0 + math.exp(agg))  # no overflow for very negative logits


def _tree_nodes(trace: SearchTrace, *, method: str, aggregation: str, branch_factor: int) -> list[SearchNode]:
    _, depth, candidates = trace.correct.shape
    root = SearchNode(0, None, 0, None, None, True, True, None, False, None)
    nodes = [root]
    for t in range(depth):
        for j in range(candidates):
            slot = j // branch_factor
            parent = 0 if t == 0 else 1 + (t - 1) * candidates + int(trace.kept_idx[0, t - 1, slot])
            kept = bool(trace.kept[0, t, j])
            nodes.append(SearchNode(
                node_id=1 + t * candidates + j, parent_id=parent, depth=t + 1,
                step_score=_prob(float(trace.logit[0, t, j]), "last"),
                score=_prob(float(trace.agg[0, t, j]), aggregation),
                is_correct=bool(trace.correct[0, t, j]), kept=kept,
                pruned_at_step=None if kept else t + 1, on_selected_path=False,
                subtree=slot if method == "dvts" else None,
            ))
    return nodes


def _mark_path(nodes: list[SearchNode], selected_id: int) -> tuple[SearchNode, ...]:
    on_path: set[int] = set()
    node_id: int | None = selected_id
    while node_id is not None:
        on_path.add(node_id)
        node_id = nodes[node_id].parent_id
    return tuple(replace(n, on_selected_path=n.node_id in on_path) for n in nodes)


def search_tree(
    *,
    step_error: float,
    prm_quality: float,
    beam_width: int = 4,
    branch_factor: int = 4,
    depth: int = 8,
    aggregation: str = "last",
    method: str = "beam",
    rng: np.random.Generator | int | None = None,
) -> SearchTree:
    """Trace one search on one problem, node by node, for drawing the tree.

    Uses the same step function as :func:`simulate_search` with a single problem.

    Parameters
    ----------
    step_error, prm_quality, beam_width, branch_factor, depth, aggregation, method, rng
        As in :func:`simulate_search`; ``beam_width * branch_factor * depth`` must be at most 5000.

    Returns
    -------
    SearchTree
        The prompt (node 0) and every generated step, in depth order, with verifier scores,
        correctness, when it was pruned and whether it lies on the returned chain.

    References
    ----------
    Beeching, Tunstall & Rush 2024 and huggingface/search-and-learn (beam search and DVTS).

    Examples
    --------
    >>> tree = search_tree(step_error=0.2, prm_quality=0.7, beam_width=2, branch_factor=2, depth=3, rng=0)
    >>> len(tree.nodes), tree.steps_generated, sum(n.on_selected_path for n in tree.nodes)
    (13, 12, 4)
    """
    e, quality, width, branches, steps = _validate_search(
        step_error, prm_quality, beam_width, branch_factor, depth, aggregation, method)
    if width * branches * steps > _MAX_TREE_STEPS:
        raise ValueError(
            f"beam_width * branch_factor * depth must be at most {_MAX_TREE_STEPS} for a traced tree, "
            f"got {width * branches * steps}"
        )
    candidates = width * branches
    generator = np.random.default_rng(rng)
    draws = draw_search(generator, problems=1, depth=steps, candidates=candidates, step_error=e)
    trace = run_search(draws, half_separation=verifier_separation(quality) / 2.0, aggregation=aggregation,
                       method=method, beam_width=width, branch_factor=branches)
    selected_id = 1 + (steps - 1) * candidates + int(trace.selected[0])
    nodes = _mark_path(_tree_nodes(trace, method=method, aggregation=aggregation, branch_factor=branches),
                       selected_id)
    return SearchTree(
        nodes=nodes, method=method, aggregation=aggregation, beam_width=width, branch_factor=branches,
        depth=steps, steps_generated=candidates * steps, selected_id=selected_id,
        selected_correct=nodes[selected_id].is_correct,
    )


def budgets_for_widths(beam_widths: Sequence[int], branch_factor: int) -> list[int]:
    """Chains per problem for each distinct beam width, ascending: ``beam_width * branch_factor``.

    These are the ``budgets`` of :func:`accuracy_vs_compute` that put every given beam width on
    the curve.

    Parameters
    ----------
    beam_widths : sequence of int
        Beam widths, each in [1, 4,096]; repeats are dropped.
    branch_factor : int
        Children per kept prefix, in [1, 256].

    Returns
    -------
    list of int
        Complete chains per problem, one per distinct width, ascending.

    Example
    -------
    >>> budgets_for_widths([4, 1, 2, 4], 4)
    [4, 8, 16]
    """
    branches = check.integer("branch_factor", branch_factor, low=1, high=256)
    widths = sorted({check.integer("beam_widths", w, low=1, high=_MAX_WIDTH) for w in beam_widths})
    return [w * branches for w in widths]
