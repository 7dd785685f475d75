"""Streamlit helpers shared by every page: URL-bound controls with notices, scenes, presenter mode,
predict-then-reveal, pins, CSV, "what to notice", "show the model". See docs/page-recipe.md.
"""

from ui.controls import number, select, slider, text, toggle
from ui.nav import PAGES, PageInfo
from ui.notices import report as report_bad_input
from ui.page import (
    Citation,
    PageContext,
    cached,
    cached_figure,
    chart,
    content,
    content_rows,
    csv_download,
    page,
    secondary,
    show_model,
    what_to_notice,
)
from ui.pins import pin_controls
from ui.predictions import Prediction, all_predictions, is_revealed, predict
from ui.presenter import is_presenting, presenter_toggle
from ui.scenes import Scene, load_scenes

__all__ = [
    "PAGES",
    "Citation",
    "PageContext",
    "PageInfo",
    "Prediction",
    "Scene",
    "all_predictions",
    "cached",
    "cached_figure",
    "chart",
    "content",
    "content_rows",
    "csv_download",
    "is_presenting",
    "is_revealed",
    "load_scenes",
    "number",
    "page",
    "pin_controls",
    "predict",
    "presenter_toggle",
    "report_bad_input",
    "secondary",
    "select",
    "show_model",
    "slider",
    "text",
    "toggle",
    "what_to_notice",
]
