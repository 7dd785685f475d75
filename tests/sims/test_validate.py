"""The shared input checks: every failure names the parameter and the allowed range."""

import math

import numpy as np
import pytest

from sims import _validate as check


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: check.probability("p", math.nan), "p must be a number in [0, 1], got nan"),
        (lambda: check.probabilities("p", [0.2, 1.5]), "p must be a number in [0, 1], got 1.5"),
        (lambda: check.positive("rate", 0), "rate must be a number > 0, got 0"),
        (lambda: check.number("x", math.inf, low=0), "x must be a number >= 0, got inf"),
        (lambda: check.number("b", 0, low=0, high=64, low_open=True), "b must be a number in (0, 64], got 0"),
        (lambda: check.number("m", 1.0, low=0, high=1, high_open=True),
         "m must be a number in [0, 1), got 1"),
        (lambda: check.integer("n", 2000, low=1, high=1024), "n must be an integer in [1, 1024], got 2000"),
        (lambda: check.integer("n", 2.0, low=1), "n must be an integer >= 1, got 2.0"),
        (lambda: check.integer("n", True, low=0), "n must be an integer >= 0, got True"),
        (lambda: check.integers("t", [1, 2.5], low=0, high=10), "t must be an integer in [0, 10], got 2.5"),
        (lambda: check.number("price", "10", low=0), "price must be a number >= 0, got '10'"),
        (lambda: check.numbers("x", []), "x must be a finite number, got an empty array"),
        (lambda: check.number("x", [1.0]), "x must be a single number, not an array of shape (1,)"),
        (lambda: check.choice("method", "mcts", ("beam", "dvts")),
         "method must be one of beam, dvts; got 'mcts'"),
    ],
)
def test_failures_name_the_parameter_and_the_range(call: object, message: str) -> None:
    with pytest.raises(ValueError) as info:
        call()  # type: ignore[operator]
    assert str(info.value) == message


def test_clean_values_come_back_in_a_plain_form() -> None:
    assert check.integer("n", np.int64(3), low=1) == 3 and type(check.integer("n", 3)) is int
    assert check.integers("n", np.array([1.0, 4.0]), low=1).tolist() == [1, 4]  # float grids are fine
    assert check.number("t", 12, low=0, unit="tokens") == 12.0
    assert check.cell_number(" 2.5 ", 0, 10) == 2.5 and check.cell_number("abc", 0, 10) is None
    assert check.cell_number(True, 0, 10) is None and check.cell_number(math.nan, 0, 10) is None
    assert check.scalar_or_array(np.array(3)) == 3 and check.scalar_or_array(np.array([3])).shape == (1,)
