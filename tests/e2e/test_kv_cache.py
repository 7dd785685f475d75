"""KV-cache page in the browser. Its contract (load, keyboard, presenter, garbage links) is checked by
``test_every_page.py``, which also checks ``ON_LOAD`` on the page's first load."""

from tests.e2e.conftest import Shows, xs

ON_LOAD = Shows(  # the article's prefix-sharing example
    metrics={"KV saved by sharing": "3.42 GiB", "Cached tokens": "40,000 → 12,000"},
    reads=(xs(2, "Current setting", [1000]),))
