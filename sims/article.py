"""Reproduce every printed output of the article "Reasoning & Test-Time Compute" from the sims models.

Run ``python -m sims.article``. For each of the article's ten snippets that show an Output block,
this prints a header line with the snippet's file name and then the output lines, each computed by
a ``sims`` function from the snippet's inputs (the numbers below are the article's inputs, not its
results). ``tests/sims/test_article.py`` compares the lines with the article text.
"""

from __future__ import annotations

from collections.abc import Callable

from sims.best_of_n import best_of_n_sweep, selected_success_probability, success_probability
from sims.kv_cache import prefix_sharing
from sims.latency import best_budget_under_limit, ttft_under_slo
from sims.prm import scored_steps
from sims.revision import early_stop
from sims.routing import ARTICLE_ROUTES, ServingRequest, choose_route, serving_gate
from sims.tokens import token_bill

__all__ = ["ARTICLE_SNIPPETS", "article_outputs", "format_outputs", "main"]

HEADER = "== {name} =="


def measured_budget_sweet_spot() -> list[str]:
    choice = best_budget_under_limit(
        [0, 128, 512, 2048], [0.71, 0.78, 0.83, 0.80], [220, 310, 610, 1840], latency_limit_ms=1000
    )
    if choice.accuracy is None or choice.latency_ms is None:
        raise RuntimeError(f"no budget fits the article's limit: {choice.reason}")
    return [
        f"chosen_budget={choice.chosen_budget_tokens} accuracy={choice.accuracy:.0%} "
        f"latency_ms={choice.latency_ms:g}",
        f"max_budget_is_best={choice.max_budget_is_best}",
    ]


def hidden_token_accounting() -> list[str]:
    bill = token_bill(visible_tokens=180, reasoning_tokens=1220, output_usd_per_mtok=10.0)
    return [
        f"visible={bill.visible_tokens} billed_output={bill.billed_output_tokens}",
        f"visible_fraction={bill.visible_fraction:.1%} output_cost=${bill.output_cost_usd:.4f}",
    ]


def best_of_n_budget() -> list[str]:
    n_values = [1, 4, 16, 64]
    sweep = best_of_n_sweep(0.25, n_values, tokens_per_attempt=800)
    return [
        f"N={n:>2} success={success_probability(0.25, n):5.1%} output_tokens={int(tokens):>5}"
        for n, tokens in zip(n_values, sweep.output_tokens, strict=True)
    ]


def best_of_n_with_selection_errors() -> list[str]:
    return [
        f"N={n:>2} oracle={success_probability(0.25, n):5.1%} "
        f"with_selector={selected_success_probability(0.25, n, 0.80):5.1%}"
        for n in [1, 4, 16]
    ]


def revision_early_stop() -> list[str]:
    result = early_stop([0.61, 0.76, 0.78, 0.781, 0.781], minimum_gain=0.01)
    return [
        f"used_rounds={result.used_rounds} selected_score={result.selected_score:.3f}",
        f"skipped_rounds={result.skipped_rounds}",
    ]


def prm_pruning_budget() -> list[str]:
    steps = scored_steps([8, 8, 8, 8], [None, 2, 3, 1])
    return [f"orm_steps={steps.orm_steps} prm_steps={steps.prm_steps}", f"saved_steps={steps.saved_steps}"]


def serving_budget_gate() -> list[str]:
    requests = [
        ServingRequest("extract", verifiable=True, predicted_gain=0.00),
        ServingRequest("capacity_math", verifiable=True, predicted_gain=0.09),
        ServingRequest("creative_copy", verifiable=False, predicted_gain=0.03),
    ]
    return [f"{decision.kind}: {decision.route}" for decision in serving_gate(requests, minimum_gain=0.05)]


def measured_routing_policy() -> list[str]:
    choice = choose_route(ARTICLE_ROUTES, latency_slo_ms=1000, minimum_quality=0.84)
    if choice.route is None:
        raise RuntimeError(choice.message)
    route = choice.route
    return [
        f"route={route.name} quality={route.quality:.0%}",
        f"latency_ms={route.latency_ms:g} cost=${route.cost_usd:.3f}",
    ]


def prefix_sharing_cache_accounting() -> list[str]:
    sharing = prefix_sharing(4000, 1000, 8, 128 * 1024)
    saved_gib = float(sharing.saved_kv_bytes) / 1024**3
    return [
        f"tokens_without_sharing={int(sharing.tokens_without_sharing):,}",
        f"tokens_with_sharing={int(sharing.tokens_with_sharing):,} saved_kv_gib={saved_gib:.2f}",
    ]


def ttft_budget_slo() -> list[str]:
    result = ttft_under_slo([0, 128, 512, 1024], base_ttft_ms=180, decode_tokens_per_s=80, slo_ms=3000)
    return [
        f"budget={int(budget):>4} ttft_ms={ttft:>7.0f} {'fits' if fits else 'reject'}"
        for budget, ttft, fits in zip(result.budgets_tokens, result.ttft_ms, result.fits, strict=True)
    ]


# Snippet file names exactly as the article prints them, in article order.
ARTICLE_SNIPPETS: dict[str, Callable[[], list[str]]] = {
    "measured-budget-sweet-spot.py": measured_budget_sweet_spot,
    "hidden-token-accounting.py": hidden_token_accounting,
    "best_of_n_budget.py": best_of_n_budget,
    "best-of-n-with-selection-errors.py": best_of_n_with_selection_errors,
    "revision-early-stop.py": revision_early_stop,
    "prm-pruning-budget.py": prm_pruning_budget,
    "measured-routing-policy.py": measured_routing_policy,
    "prefix-sharing-cache-accounting.py": prefix_sharing_cache_accounting,
    "ttft-budget-slo.py": ttft_budget_slo,
    "serving-budget-gate.py": serving_budget_gate,
}


def article_outputs() -> dict[str, list[str]]:
    """Output lines of each article snippet, recomputed with ``sims``.

    Returns
    -------
    dict of str to list of str
        Snippet file name (as the article gives it) -> its printed lines, in article order.

    References
    ----------
    The article "Reasoning & Test-Time Compute" (``shared/reference``), its ten Output blocks.

    Examples
    --------
    >>> article_outputs()["revision-early-stop.py"]
    ['used_rounds=3 selected_score=0.780', 'skipped_rounds=2']
    """
    return {name: snippet() for name, snippet in ARTICLE_SNIPPETS.items()}


def format_outputs(outputs: dict[str, list[str]]) -> str:
    """The report printed by ``python -m sims.article``: a header per snippet, then its lines.

    Examples
    --------
    >>> print(format_outputs({"a.py": ["x=1"]}))
    == a.py ==
    x=1
    """
    blocks = ["\n".join([HEADER.format(name=name), *lines]) for name, lines in outputs.items()]
    return "\n\n".join(blocks)


def main() -> None:
    """Print every reproduced output."""
    print(format_outputs(article_outputs()))


if __name__ == "__main__":
    main()
