"""Browser checks of the DeepSeek-R1 page beyond every page's contract (``test_every_page.py``)."""

import pytest

from tests.e2e.conftest import expect_metrics, goto, trace, wait_until

PAGE = "deepseek_r1"
SCORES = 1  # chart index: 0 pipeline, 1 scores vs size, 2 pass@1 vs cons@64


@pytest.mark.e2e
def test_cited_numbers_on_screen(page, app_url):
    goto(page, app_url, PAGE)
    expect_metrics(page, {"R1-Zero AIME pass@1 during RL": "15.6% → 71.0%",
                          "DeepSeek-R1 AIME pass@1": "79.8%"})
    wait_until(page, lambda: trace(page, SCORES, "Qwen students, pass@1")["y"] == [28.9, 55.5, 69.7, 72.6],
               "Qwen students' AIME pass@1")
