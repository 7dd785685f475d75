"""TTFT page in the browser. Its contract (load, keyboard, presenter, garbage links) is checked by
``test_every_page.py``, which also checks ``ON_LOAD`` on the page's first load."""

from tests.e2e.conftest import Shows, ys

ON_LOAD = Shows(  # the article's ttft-budget-slo verdicts
    metrics={"Largest budget that fits": "225 tokens"},
    table=("1,780", "6,580", "12,980", "reject"),
    reads=(ys(0, "Article budget: fits", [180, 1780]),))
