"""DeepSeek-R1 page in the browser. Its contract (load, keyboard, presenter, garbage links) is checked by
``test_every_page.py``, which also checks ``ON_LOAD`` on the page's first load."""

from tests.e2e.conftest import Shows, ys

SCORES = 1  # chart index: 0 pipeline, 1 scores vs size, 2 pass@1 vs cons@64

ON_LOAD = Shows(  # DeepSeek-AI 2025, cited on the page (facts.md)
    metrics={"R1-Zero AIME pass@1 during RL": "15.6% → 71.0%", "DeepSeek-R1 AIME pass@1": "79.8%"},
    reads=(ys(SCORES, "Qwen students, pass@1", [28.9, 55.5, 69.7, 72.6]),))
