"""Two-axes page in the browser. Its contract (load, keyboard, presenter, garbage links) is checked by
``test_every_page.py``, which also checks ``ON_LOAD`` on the page's first load."""

from tests.e2e.conftest import Shows

ON_LOAD = Shows(  # the article's sweet spot: 512 tokens within the latency limit, max budget not best
    metrics={"Chosen budget": "512 tokens", "Accuracy there": "83%", "Latency there": "610 ms"})
