"""Which pages the bench measures and how: discovered from ``app.py``, tuned by a small table.

Pages are found in the app's own page table (``ui.nav.PAGES``; failing that, the literal
``st.Page("pages/NAME.py", ...)`` calls in ``app.py``, or ``pages/*.py``), so a new page is benchmarked
without touching this file. ``OVERRIDES`` only says what discovery cannot know:

- ``move``: the widget key a user drags on that page (default: the first slider the page renders);
- ``heavy``: widget key -> value for the page's heaviest settings (default: every numeric widget at its
  maximum, which is where the sims sweep most points or draw most samples);
- ``skip``: pages that are not simulations (home, quiz) are left out of the per-page tables.
"""

from __future__ import annotations

import ast
import importlib.util
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app.py"
BARE = ROOT / "bench" / "baseline_app.py"


@dataclass(frozen=True)
class PageCase:
    """One page of the app as the bench sees it."""

    url_path: str  # "" for the bare page, "best_of_n" for pages/best_of_n.py
    script: Path
    title: str = ""
    move: str | None = None  # widget key to drag; None = first slider found
    heavy: dict[str, Any] = field(default_factory=dict)


OVERRIDES: dict[str, dict[str, Any]] = {
    # "best_of_n": {"move": "bon.n", "heavy": {"bon.n": 1024, "bon.mc": True}},
}
SKIP = {"home", "mastery", "live_lab"}


def _literal(node: ast.AST | None) -> Any:
    try:
        return ast.literal_eval(node) if node is not None else None
    except ValueError:
        return None


def _from_nav() -> list[tuple[str, str]]:
    """(script, title) from the app's page table ``ui.nav.PAGES``, when the app has one."""
    # Load ui/nav.py on its own: importing the ``ui`` package would start Streamlit's caching machinery.
    path = ROOT / "ui" / "nav.py"
    spec = importlib.util.spec_from_file_location("_bench_ui_nav", path)
    if spec is None or spec.loader is None or not path.exists():
        return []
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    try:
        spec.loader.exec_module(module)
    except Exception:  # a page table that needs the package: fall back to reading app.py
        return []
    return [(p.path, p.title) for p in getattr(module, "PAGES", ())]


def _from_app_source(app: Path) -> list[tuple[str, str]]:
    """(script, title) from literal ``st.Page("pages/x.py", title=...)`` calls in `app`, in source order."""
    found: list[tuple[int, int, str, str]] = []
    for node in ast.walk(ast.parse(app.read_text(), filename=str(app))):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "Page" and node.args:
            target = _literal(node.args[0])
            if isinstance(target, str):
                kwargs = {kw.arg: _literal(kw.value) for kw in node.keywords if kw.arg}
                found.append((node.lineno, node.col_offset, target, kwargs.get("title") or ""))
    return [(target, title) for *_, target, title in sorted(found)]


def discover_pages(app: Path = APP) -> list[PageCase]:
    """Every page of the app in navigation order (``ui.nav.PAGES``, else ``st.Page`` calls, else files)."""
    listed = _from_nav() or _from_app_source(app)
    if not listed:
        listed = [(f"pages/{p.name}", p.stem) for p in sorted((app.parent / "pages").glob("*.py"))]
    cases = []
    for target, title in listed:
        url_path = Path(target).stem
        extra = OVERRIDES.get(url_path, {})
        cases.append(
            PageCase(
                url_path=url_path,
                script=(app.parent / target).resolve(),
                title=title or url_path,
                move=extra.get("move"),
                heavy=dict(extra.get("heavy", {})),
            )
        )
    return cases


def sim_pages(only: list[str] | None = None) -> list[PageCase]:
    """The simulation pages (``SKIP`` left out), optionally restricted to the URL paths in `only`."""
    pages = [c for c in discover_pages() if c.url_path not in SKIP]
    if only:
        unknown = set(only) - {c.url_path for c in discover_pages()}
        if unknown:
            raise ValueError(
                f"pages: unknown page(s) {sorted(unknown)}; known: {[c.url_path for c in pages]}"
            )
        pages = [c for c in discover_pages() if c.url_path in only]
    return pages


def bare_case() -> PageCase:
    return PageCase(url_path="", script=BARE, title="bare page (1 slider + 1 Plotly chart)", move="bare.n")
