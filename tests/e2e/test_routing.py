"""Routing page in the browser. Its contract (load, keyboard, presenter, garbage links) is checked by
``test_every_page.py``, which also checks ``ON_LOAD`` on the page's first load."""

from tests.e2e.conftest import Read, Shows, vertical_lines


def slo_line(latency_ms: float) -> Read:
    """The latency SLO is the first vertical line of chart 0."""
    return Read("SLO line x", lambda p: vertical_lines(p, 0)[0], latency_ms)


ON_LOAD = Shows(  # the article's route choice
    metrics={"Chosen route": "bounded-reasoning", "Cost per request": "$0.010"},
    table=("capacity_math",),
    reads=(slo_line(1000),))
