"""The app's pages as data: ``app.py`` builds ``st.navigation`` from this, Home links to it.

Page id = file stem (``pages/hidden_tokens.py`` -> ``hidden_tokens``); it names the page's content
(``content/<id>.md``), scenes (``content/scenes/<id>.toml``) and predictions.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageInfo:
    path: str
    title: str
    icon: str
    group: str
    teaches: str  # one line for the home page's learning path
    prefix: str  # widget key / URL parameter prefix

    @property
    def id(self) -> str:
        return self.path.rsplit("/", 1)[-1].removesuffix(".py")


PAGES: tuple[PageInfo, ...] = (
    PageInfo("pages/home.py", "Home", ":material/home:", "Start",
             "The learning path and how to use this app.", "home."),
    PageInfo("pages/two_axes.py", "Two axes of compute", ":material/show_chart:", "Why think longer",
             "Train-time vs test-time scaling, and why the biggest thinking budget is not the best.", "two."),
    PageInfo("pages/hidden_tokens.py", "Hidden reasoning tokens", ":material/visibility_off:",
             "Why think longer",
             "Reasoning tokens you never see still fill the context window and the bill.", "tok."),
    PageInfo("pages/best_of_n.py", "Best-of-N and voting", ":material/casino:", "Strategies",
             "Sample N answers and pick one: coverage grows, but the selector caps what you get.", "bon."),
    PageInfo("pages/revision.py", "Sequential revision", ":material/edit_note:", "Strategies",
             "Revise one answer round by round, and stop early when the verifier stops improving.", "rev."),
    PageInfo("pages/prm_search.py", "ORM vs PRM tree search", ":material/account_tree:", "Strategies",
             "Score every step, prune bad branches early: steps saved vs correct branches lost.", "prm."),
    PageInfo("pages/deepseek_r1.py", "DeepSeek-R1 and distillation", ":material/school:",
             "Training reasoners",
             "How R1-Zero and R1 were trained, and how far distilled small models get.", "r1."),
    PageInfo("pages/compute_optimal.py", "Small model + search", ":material/balance:",
             "Spending compute well",
             "When a small model with search beats a larger single-pass model.", "co."),
    PageInfo("pages/routing.py", "Routing", ":material/alt_route:", "Spending compute well",
             "Send each request to the cheapest route that meets the latency SLO and quality floor.",
             "route."),
    PageInfo("pages/kv_cache.py", "KV cache and prefix sharing", ":material/memory:", "Serving",
             "Long traces fill GPU memory; prefix sharing lets many branches fit.", "kv."),
    PageInfo("pages/ttft.py", "TTFT vs thinking budget", ":material/timer:", "Serving",
             "Hidden thinking delays the first visible token: find the largest budget within the SLO.",
             "ttft."),
    PageInfo("pages/mastery.py", "Mastery check", ":material/quiz:", "Check yourself",
             "Questions drawn from every page, with your predictions from the session.", "quiz."),
    PageInfo("pages/live_lab.py", "Live lab", ":material/science:", "Check yourself",
             "Call a real or bundled simulated reasoning model and read its token usage.", "live."),
)

BY_ID: dict[str, PageInfo] = {p.id: p for p in PAGES}


def groups() -> dict[str, list[PageInfo]]:
    """Pages grouped like the article's parts, in order."""
    out: dict[str, list[PageInfo]] = {}
    for p in PAGES:
        out.setdefault(p.group, []).append(p)
    return out


def neighbours(page_id: str) -> tuple[PageInfo | None, PageInfo | None]:
    """Previous and next page in the learning path (for presenter mode)."""
    ids = [p.id for p in PAGES]
    if page_id not in ids:
        return None, None
    i = ids.index(page_id)
    return (PAGES[i - 1] if i > 0 else None), (PAGES[i + 1] if i + 1 < len(PAGES) else None)
