"""Parameterised numeric questions: draw inputs from a seeded generator, compute the key with ``sims``.

Each generator is a small function ``(rng) -> NumericCase``. It draws the inputs first (rounded to
what the student will read, so the prompt shows exactly what was computed), then calls ``sims`` for
the answer and for the values a student gets from each named common mistake. The bank's numeric
items name a generator and explain every mistake it declares; an answer key can therefore never
drift from the simulations the pages show.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

__all__ = ["GENERATORS", "GeneratorSpec", "NumericCase", "register"]


@dataclass(frozen=True)
class NumericCase:
    """One instantiated numeric question: prompt values, the key and each mistake's value (same unit).

    A generator may leave out a mistake whose value would equal the key for this draw.
    """

    params: dict[str, Any]
    answer: float
    mistakes: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class GeneratorSpec:
    """A registered generator and the mistakes it knows how to recognise."""

    name: str
    build: Callable[[np.random.Generator], NumericCase]
    mistakes: tuple[str, ...]

    def make(self, rng: np.random.Generator | int | None) -> NumericCase:
        """Draw one case; ``rng`` is a Generator or a seed (SPEC 7)."""
        case = self.build(np.random.default_rng(rng))
        if not set(case.mistakes) <= set(self.mistakes):
            raise RuntimeError(f"generator {self.name!r} returned mistakes {sorted(case.mistakes)}")
        return case


GENERATORS: dict[str, GeneratorSpec] = {}


def register(
    name: str, *, mistakes: tuple[str, ...] = ()
) -> Callable[[Callable[[np.random.Generator], NumericCase]], Callable[[np.random.Generator], NumericCase]]:
    """Decorator adding a generator to :data:`GENERATORS` under ``name``."""

    def decorate(
        build: Callable[[np.random.Generator], NumericCase],
    ) -> Callable[[np.random.Generator], NumericCase]:
        GENERATORS[name] = GeneratorSpec(name=name, build=build, mistakes=mistakes)
        return build

    return decorate


def _pick(rng: np.random.Generator, values: tuple[Any, ...] | list[Any]) -> Any:
    return values[int(rng.integers(len(values)))]


def _uniform(rng: np.random.Generator, low: float, high: float, decimals: int) -> float:
    return round(float(rng.uniform(low, high)), decimals)


def _int(rng: np.random.Generator, low: int, high: int) -> int:
    """Integer in [low, high] inclusive."""
    return int(rng.integers(low, high + 1))
