"""Turn a run's checked samples into the figures the page shows.

Per item and effort level: the measured hit rate p = c / n, the unbiased pass@k (Chen et al. 2021, via
:func:`sims.best_of_n.pass_at_k`) next to the independent-samples theory 1 - (1 - p)^k
(:func:`sims.best_of_n.success_probability`), and majority-vote accuracy for every N <= n. Tokens come only
from what the server reported: a figure the server left null stays None ("not reported"), never 0.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from live.checkers import canonical
from live.experiment import Price, RequestRecord, RunResult
from sims.best_of_n import pass_at_k, success_probability

__all__ = ["ArmStats", "ItemStats", "TokenStats", "majority_accuracy", "notice", "summarize"]


def majority_accuracy(counts: Mapping[str | None, int], correct: str | None) -> np.ndarray:
    """Expected majority-vote accuracy for N = 1..n votes drawn without replacement from recorded answers.

    ``counts`` maps each distinct answer to how often it was given (``None`` = no answer, which never
    votes). The vote is right when ``correct`` has strictly the most votes; a tie at the top is broken
    uniformly at random. Exact: it sums over how many correct votes the subset holds and, per wrong answer,
    how many of its copies are in the subset (dynamic programming over answers, then a convolution with
    the unanswered samples), so no subset is enumerated.

    Returns
    -------
    ndarray, shape (n,)
        Entry N - 1 is the accuracy with N votes.

    Example
    -------
    >>> majority_accuracy({"3": 2, "2": 1}, "3").round(3).tolist()
    [0.667, 0.667, 1.0]
    """
    if any(v < 0 for v in counts.values()):
        raise ValueError("counts must be >= 0")
    c = counts.get(correct, 0) if correct is not None else 0
    a = counts.get(None, 0)
    wrong = [v for k, v in counts.items() if k is not None and k != correct and v > 0]
    n = c + a + sum(wrong)
    if n == 0:
        return np.zeros(0)
    m = len(wrong)
    binom = np.array([[math.comb(x, y) for y in range(n + 1)] for x in range(n + 1)], dtype=float)
    wins = np.zeros(n + 1)  # indexed by N
    for j in range(1, c + 1):  # j correct votes in the subset
        ways = np.zeros((n + 1, m + 1))  # (wrong votes drawn, wrong answers tied at j)
        ways[0, 0] = 1.0
        for w in wrong:
            new = np.zeros_like(ways)
            for x in range(min(w, j) + 1):
                if x == j:
                    new[x:, 1:] += binom[w, x] * ways[: n + 1 - x, :-1]
                else:
                    new[x:, :] += binom[w, x] * ways[: n + 1 - x, :]
            ways = new
        by_wrong = (ways / (1.0 + np.arange(m + 1))).sum(axis=1)  # tie share 1 / (1 + tied)
        with_blank = np.convolve(by_wrong, binom[a, : a + 1])[: n + 1 - j]
        wins[j:] += binom[c, j] * with_blank[: n + 1 - j]
    sizes = np.arange(1, n + 1)
    return wins[1:] / binom[n, sizes]


@dataclass(frozen=True)
class TokenStats:
    """Token totals over requests; None when any request did not report that figure."""

    requests: int
    prompt_tokens: int | None
    completion_tokens: int | None
    reasoning_tokens: int | None

    @property
    def visible_tokens(self) -> int | None:
        if self.completion_tokens is None or self.reasoning_tokens is None:
            return None
        return self.completion_tokens - self.reasoning_tokens

    def cost_usd(self, price: Price | None) -> float | None:
        if price is None or self.prompt_tokens is None or self.completion_tokens is None:
            return None
        return price.cost_usd(self.prompt_tokens, self.completion_tokens)


def _tokens(requests: list[RequestRecord]) -> TokenStats:
    def total(name: str) -> int | None:
        values = [getattr(r, name) for r in requests]
        return None if not values or any(v is None for v in values) else int(sum(values))

    return TokenStats(len(requests), total("prompt_tokens"), total("completion_tokens"),
                      total("reasoning_tokens"))


@dataclass(frozen=True)
class ItemStats:
    """One item at one effort level. Curves are indexed by k (or N) - 1, for k = 1..n; ``theory`` uses
    this item's own measured p."""

    item_id: str
    arm: str
    n: int
    correct: int
    answers: tuple[tuple[str | None, int], ...]
    pass_at_k: tuple[float, ...]
    theory: tuple[float, ...]
    majority: tuple[float, ...]
    tokens: TokenStats
    ttft_ms_median: float | None
    latency_ms_median: float | None

    @property
    def p(self) -> float | None:
        return self.correct / self.n if self.n else None


@dataclass(frozen=True)
class ArmStats:
    """One effort level over all items, for k = 1..(fewest samples of an item).

    ``pass_at_k`` and ``majority`` average the items; ``theory`` is 1 - (1 - p)^k with p the average hit
    rate (``accuracy``): the independent-samples prediction the measured curve is compared with.
    """

    arm: str
    items: tuple[ItemStats, ...]
    accuracy: float | None
    pass_at_k: tuple[float, ...]
    theory: tuple[float, ...]
    majority: tuple[float, ...]
    tokens: TokenStats
    ttft_ms: tuple[float, ...]
    latency_ms: tuple[float, ...]
    cost_usd: float | None

    @property
    def n_samples(self) -> int:
        return sum(it.n for it in self.items)

    def per_sample(self, tokens: int | None) -> float | None:
        """A token total divided by the samples it produced (None stays None: "not reported")."""
        return None if tokens is None or not self.n_samples else tokens / self.n_samples

    @property
    def ttft_ms_median(self) -> float | None:
        return _median(list(self.ttft_ms))

    @property
    def latency_ms_median(self) -> float | None:
        return _median(list(self.latency_ms))


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def _item(result: RunResult, arm: str, item_id: str) -> ItemStats:
    item = next(it for it in result.items if it.id == item_id)
    samples = [s for s in result.samples if s.arm == arm and s.item_id == item_id]
    requests = [r for r in result.requests if r.arm == arm and r.item_id == item_id]
    n, c = len(samples), sum(s.correct for s in samples)
    key = canonical(item.checker, item.answer)
    # Answers within the tolerance all count as the right one, so they vote together.
    counts = Counter(key if s.correct else s.answer for s in samples)
    ks = np.arange(1, n + 1)
    curve = tuple(np.atleast_1d(pass_at_k(n, c, ks)).tolist()) if n else ()
    theory = tuple(np.atleast_1d(success_probability(c / n, ks)).tolist()) if n else ()
    majority = tuple(majority_accuracy(counts, key).tolist())
    ttft = [s.ttft_ms for s in samples if s.ttft_ms is not None]
    return ItemStats(item_id, arm, n, c, tuple(counts.most_common()), curve, theory, majority,
                     _tokens(requests), _median(ttft), _median([r.latency_ms for r in requests]))


def summarize(result: RunResult, price: Price | None = None) -> tuple[ArmStats, ...]:
    """Per effort level: per-item statistics, their averages, token totals and cost."""
    out = []
    for arm in result.arms:
        items = tuple(_item(result, arm, it.id) for it in result.items)
        measured = [s for s in items if s.n]
        k_max = min((s.n for s in measured), default=0)

        def mean_curve(name: str, stats: list[ItemStats] = measured, k: int = k_max) -> tuple[float, ...]:
            if not stats or k == 0:
                return ()
            return tuple(np.mean([getattr(s, name)[:k] for s in stats], axis=0).tolist())

        requests = [r for r in result.requests if r.arm == arm]
        tokens = _tokens(requests)
        accuracy = float(np.mean([s.p for s in measured])) if measured else None
        out.append(ArmStats(
            arm=arm, items=items, accuracy=accuracy,
            pass_at_k=mean_curve("pass_at_k"), majority=mean_curve("majority"),
            # The article's formula with the average hit rate, as if every sample were independent.
            theory=tuple(np.atleast_1d(success_probability(accuracy, np.arange(1, k_max + 1))).tolist())
            if accuracy is not None and k_max else (),
            tokens=tokens,
            ttft_ms=tuple(s.ttft_ms for s in result.samples if s.arm == arm and s.ttft_ms is not None),
            latency_ms=tuple(r.latency_ms for r in requests),
            cost_usd=tokens.cost_usd(price),
        ))
    return tuple(out)


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def notice(arms: tuple[ArmStats, ...]) -> list[str]:
    """'What to notice' sentences computed from measured results (empty when nothing was measured)."""
    out: list[str] = []
    for arm in arms:
        if not arm.pass_at_k or arm.accuracy is None:
            continue
        k = len(arm.pass_at_k)
        gap = arm.pass_at_k[-1] - arm.majority[-1]
        out.append(
            f"Effort {arm.arm}: one sample is right {_pct(arm.accuracy)} of the time; with {k} samples, a "
            f"checker that recognises the right answer succeeds {_pct(arm.pass_at_k[-1])} of the time and a "
            f"majority vote {_pct(arm.majority[-1])}"
            + (f" ({_pct(gap)} less: a vote needs the right answer to be the most common one)." if gap > 0.005
               else "."))
        theory_gap = arm.theory[-1] - arm.pass_at_k[-1]
        if theory_gap > 0.005:
            out.append(
                f"Effort {arm.arm}: measured pass@{k} is {_pct(theory_gap)} below 1 - (1 - p)^{k} with the "
                f"average p: some questions are much harder than others, so one question's samples fail "
                f"together instead of independently.")
    if len(arms) == 2 and all(a.accuracy is not None for a in arms):
        a, b = arms
        ra, rb = a.per_sample(a.tokens.reasoning_tokens), b.per_sample(b.tokens.reasoning_tokens)
        tokens = (f"; reasoning tokens per answer {ra:,.0f} vs {rb:,.0f}" if ra is not None and rb is not None
                  else "; the server did not report reasoning tokens")
        out.append(f"Effort {a.arm} vs {b.arm}: single-sample accuracy {_pct(a.accuracy)} vs "  # type: ignore[arg-type]
                   f"{_pct(b.accuracy)}{tokens}.")  # type: ignore[arg-type]
    return out
