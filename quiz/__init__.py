"""Mastery quiz logic: load and validate the bank, instantiate items with a seed, grade, keep progress.

No Streamlit import: the page in ``pages/mastery.py`` is a thin layer over these functions.
Numeric items compute their answer keys by calling ``sims`` (see :mod:`quiz.numeric`).
"""

from quiz import numeric as _numeric  # noqa: F401  (registers the numeric generators)
from quiz.attempts import (
    MODES,
    QUICK_SIZE,
    Attempt,
    Progress,
    ViewMastery,
    build_attempt,
    mastery_by_view,
    new_seed,
    retry_attempt,
)
from quiz.bank import BANK_PATH, KINDS, PAGES, TAGS, VIEWS, BankError, Item, Option, load_bank, parse_bank
from quiz.grading import Grade, grade, parse_number
from quiz.progress_io import (
    PROGRESS_FORMAT,
    PROGRESS_VERSION,
    ImportResult,
    ProgressFileError,
    export_progress,
    import_progress,
)
from quiz.questions import SEED_MAX, Question, check_seed, instantiate

__all__ = [
    "BANK_PATH",
    "KINDS",
    "MODES",
    "PAGES",
    "PROGRESS_FORMAT",
    "PROGRESS_VERSION",
    "QUICK_SIZE",
    "SEED_MAX",
    "TAGS",
    "VIEWS",
    "Attempt",
    "BankError",
    "Grade",
    "ImportResult",
    "Item",
    "Option",
    "Progress",
    "ProgressFileError",
    "Question",
    "ViewMastery",
    "build_attempt",
    "check_seed",
    "export_progress",
    "grade",
    "import_progress",
    "instantiate",
    "load_bank",
    "mastery_by_view",
    "new_seed",
    "parse_bank",
    "parse_number",
    "retry_attempt",
]
