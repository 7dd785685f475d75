"""Speed of the sims models: prints figures, never passes or fails on a time.

Run: ``.venv/bin/python -m bench.bench_sims [--only TEXT] [--repeats-scale X]``

Each case is timed as the median of repeated runs after one warm-up call, next to a baseline
measured in the same run on the same array size (one ``np.add``), so the ratio stays meaningful on
a busy or slow machine. To add another sims module, write a ``*_cases()`` function returning
``Case`` objects and append it to ``SUITES``.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from sims import best_of_n as bon


@dataclass(frozen=True)
class Case:
    """One timed call and the baseline it is compared with."""

    name: str
    run: Callable[[], object]
    baseline_name: str
    baseline: Callable[[], object]
    repeats: int = 21
    target_ms: float | None = None  # the goal from the issue, printed for reference only


def median_ms(fn: Callable[[], object], repeats: int) -> float:
    fn()  # warm-up: caches, first-touch allocation
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1e3)
    return statistics.median(times)


def _add_baseline(size: int) -> tuple[str, Callable[[], object]]:
    x = np.random.default_rng(0).random(size)
    return f"np.add on {size:,} floats", lambda: np.add(x, x)


def best_of_n_cases() -> list[Case]:
    points = 10_000
    p = np.linspace(0.0, 1.0, points)
    grid_p, grid_n = np.linspace(0, 1, 100)[:, None], np.arange(1, 101)[None, :]
    add_name, add_small = _add_baseline(points)
    n_values = np.array([1, 2, 4, 8, 16, 32, 64])
    trials = 100_000
    mc_name, add_mc = _add_baseline(trials * 64)

    def mc(selector: bon.Selector, **kwargs: object) -> Callable[[], object]:
        options: dict[str, object] = {"trials": trials, "selector": selector, "rng": 1, **kwargs}
        return lambda: bon.simulate_best_of_n(0.25, n_values, **options)  # type: ignore[arg-type]

    def closed(name: str, fn: Callable[[], object], target_ms: float | None = None) -> Case:
        return Case(f"best_of_n.{name}", fn, add_name, add_small, target_ms=target_ms)

    return [
        closed("success_probability, 10,000 p at n=16", lambda: bon.success_probability(p, 16), 1.0),
        closed("success_probability, 100 p x 100 n grid",
               lambda: bon.success_probability(grid_p, grid_n), 1.0),
        closed("majority_vote_probability, 10,000 p, n=64, m=4", lambda: bon.majority_vote_probability(
            p, 64, wrong_answers=4)),
        closed("majority_vote_probability, 10,000 p, n=256, m=20", lambda: bon.majority_vote_probability(
            p, 256, wrong_answers=20)),
        closed("correlated_success_probability, 10,000 p, n=64", lambda: bon.correlated_success_probability(
            p, 64, rho=0.1)),
        closed("reward_model_selection_probability, 10,000 p", lambda: bon.reward_model_selection_probability(
            p, 64, recall=0.9, false_pick_rate=0.1)),
        closed("beta_coverage, n = 1..10,000", lambda: bon.beta_coverage(0.3, 1.5, np.arange(1, points + 1))),
        closed("pass_at_k, n=20,000, c=500, k = 1..1,000", lambda: bon.pass_at_k(
            20_000, 500, np.arange(1, 1001))),
        Case("best_of_n.simulate oracle, 100,000 trials, N<=64", mc("oracle"), mc_name, add_mc, 7, 100.0),
        Case("best_of_n.simulate oracle rho=0.3, 100,000 x 64", mc("oracle", rho=0.3),
             mc_name, add_mc, 7, 100.0),
        Case("best_of_n.simulate reward_model, 100,000 x 64", mc("reward_model"), mc_name, add_mc, 7, 100.0),
        Case("best_of_n.simulate majority m=4, 100,000 x 64", mc("majority"), mc_name, add_mc, 7, 100.0),
        Case("best_of_n.simulate majority m=20, 100,000 x 64", mc("majority", wrong_answers=20),
             mc_name, add_mc, 7, 100.0),
        Case("best_of_n.simulate majority m=inf, 100,000 x 64", mc("majority", wrong_answers="infinite"),
             mc_name, add_mc, 7, 100.0),
    ]


SUITES: list[Callable[[], list[Case]]] = [best_of_n_cases]


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help="run only cases whose name contains this text")
    parser.add_argument("--repeats-scale", type=float, default=1.0, help="multiply every repeat count")
    args = parser.parse_args(argv)
    print(f"{'case':<58} {'median ms':>10} {'baseline ms':>12} {'ratio':>9} {'target ms':>10}  baseline")
    for suite in SUITES:
        for case in suite():
            if args.only not in case.name:
                continue
            repeats = max(3, round(case.repeats * args.repeats_scale))
            case_ms = median_ms(case.run, repeats)
            base_ms = median_ms(case.baseline, repeats)
            target = "-" if case.target_ms is None else f"{case.target_ms:g}"
            print(f"{case.name:<58} {case_ms:>10.3f} {base_ms:>12.4f} {case_ms / base_ms:>8.1f}x "
                  f"{target:>10}  {case.baseline_name}")


if __name__ == "__main__":
    main()
