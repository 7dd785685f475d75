"""Turn a bank item into a concrete question for one attempt seed.

The same (item, seed) always gives the same question: numeric inputs, option order and answer key.
Each item draws from its own stream, seeded by the attempt seed and a stable hash of the item id,
so an item's numbers do not depend on which other items were picked for the attempt.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from quiz.bank import Item, Option
from quiz.generators import GENERATORS

__all__ = ["SEED_MAX", "Question", "check_seed", "instantiate", "item_rng"]

SEED_MAX = 999_999_999  # nine digits: short enough to read out in class or put in a URL


def check_seed(seed: Any) -> int:
    """Return ``seed`` as an int in [0, SEED_MAX] or raise ValueError naming ``seed``."""
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or not 0 <= int(seed) <= SEED_MAX:
        raise ValueError(f"seed must be an integer in [0, {SEED_MAX}], got {seed!r}")
    return int(seed)


def item_rng(seed: int, item_id: str) -> np.random.Generator:
    """The item's own random stream for this attempt seed."""
    return np.random.default_rng([check_seed(seed), zlib.crc32(item_id.encode())])


@dataclass(frozen=True)
class Question:
    """An item made concrete: options in display order, or a numeric key with its mistakes."""

    item: Item
    seed: int
    prompt: str
    options: tuple[Option, ...] = ()
    answer: float | None = None
    params: dict[str, Any] = field(default_factory=dict)
    mistake_values: dict[str, float] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return self.item.id

    @property
    def correct_keys(self) -> frozenset[str]:
        return frozenset(option.key for option in self.options if option.correct)

    @property
    def tolerance(self) -> float:
        """Allowed distance from the key: the larger of the absolute and the relative tolerance."""
        if self.answer is None:
            return 0.0
        return tolerance_for(self.item, self.answer)

    def format_value(self, value: float) -> str:
        """A number in the item's unit with the item's decimals, e.g. ``'68.38 %'``."""
        unit = f" {self.item.unit}" if self.item.unit else ""
        return f"{value:,.{self.item.decimals}f}{unit}"


def tolerance_for(item: Item, value: float) -> float:
    return max(item.abs_tol, item.rel_tol * abs(value))


def instantiate(item: Item, seed: int) -> Question:
    """Build the question for ``item`` in the attempt with ``seed``.

    Numeric items call their generator (which calls ``sims``); choice items get their options shuffled
    so a class sharing "the answer is B" learns nothing, while one seed gives everyone the same order.
    """
    rng = item_rng(seed, item.id)
    if item.kind == "numeric":
        case = GENERATORS[item.generator].make(rng)
        return Question(
            item=item,
            seed=seed,
            prompt=item.prompt.format(**case.params),
            answer=float(case.answer),
            params=dict(case.params),
            mistake_values=dict(case.mistakes),
        )
    options = tuple(item.options[i] for i in rng.permutation(len(item.options))) if item.options else ()
    return Question(item=item, seed=seed, prompt=item.prompt, options=options)
