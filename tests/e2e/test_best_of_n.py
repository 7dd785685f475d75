"""Best-of-N page in the browser. Its contract (load, keyboard, presenter, garbage links) is checked by
``test_every_page.py``, which also checks ``ON_LOAD`` on the page's first load."""

import pytest

from tests.e2e.conftest import Read, Shows, trace


def oracle_at_16(p: float) -> Read:
    """The oracle's point among the "At N = 16" markers of chart 0 for hit rate ``p``: 1 - (1 - p)^16."""
    return Read("oracle at N = 16", lambda pg: trace(pg, 0, "At N = 16")["y"][0],
                pytest.approx(100 * (1 - (1 - p) ** 16)))


ON_LOAD = Shows(  # the article's best_of_n_budget and selection-error examples
    metrics={"Oracle at N = 16": "99.0%", "Selector at N = 16": "79.2%"},
    table=("68.4%", "54.7%", "51,200"),
    reads=(oracle_at_16(0.25),),
)
