"""The article reproduction: every Output block of the article, recomputed by sims, line by line."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from sims.article import ARTICLE_SNIPPETS, article_outputs, format_outputs

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = ROOT / ".." / "shared" / "reference" / "article-reasoning-test-time-compute.txt"


def normalise(line: str) -> str:
    return " ".join(line.split())


def split_numbered(flat: str) -> list[str]:
    """Split an Output block the article flattened to one line: "1first 2second 3third".

    Line k (k >= 2) starts at the first " k" after the previous start that is followed by a
    non-digit, so numbers inside a line ("output_tokens= 3200") are not taken for line markers.
    """
    if not flat.startswith("1"):
        raise AssertionError(f"an Output block must start with line number 1: {flat!r}")
    starts = [0]
    k = 2
    while True:
        match = re.compile(rf" {k}(?=\D)").search(flat, starts[-1] + 1)
        if match is None:
            break
        starts.append(match.start() + 1)
        k += 1
    ends = [*(s - 1 for s in starts[1:]), len(flat)]
    return [flat[s + len(str(i + 1)) : e] for i, (s, e) in enumerate(zip(starts, ends, strict=True))]


def article_blocks() -> dict[str, tuple[str, list[str]]]:
    """Snippet file name -> (flattened Output text, its lines), in article order."""
    if not ARTICLE.is_file():
        pytest.fail(f"article text not found at {ARTICLE.resolve()}: it ships in ../shared/reference")
    lines = ARTICLE.read_text(encoding="utf-8").splitlines()
    blocks: dict[str, tuple[str, list[str]]] = {}
    for i, line in enumerate(lines):
        if line.strip() != "Output":
            continue
        name = lines[i - 2].strip()
        assert name.endswith(".py"), f"no snippet file name two lines above the Output at line {i + 1}"
        flat = lines[i + 1].strip()
        blocks[name] = (flat, split_numbered(flat))
    return blocks


def test_article_has_the_ten_snippets_we_reproduce_in_order() -> None:
    blocks = article_blocks()
    assert len(blocks) == 10
    assert list(blocks) == list(ARTICLE_SNIPPETS)


@pytest.mark.parametrize("name", list(ARTICLE_SNIPPETS))
def test_output_matches_article_line_by_line(name: str) -> None:
    flat, expected = article_blocks()[name]
    ours = article_outputs()[name]
    assert [normalise(line) for line in ours] == [normalise(line) for line in expected]
    # independent of the splitting heuristic: rebuild the flattened block and compare it whole
    rebuilt = " ".join(f"{k}{line}" for k, line in enumerate(ours, start=1))
    assert normalise(rebuilt) == normalise(flat)


def test_splitter_on_tricky_numbers() -> None:
    assert split_numbered("1N= 4 x= 3200 2N=16 x=12800 3N=64 x=51200") == [
        "N= 4 x= 3200",
        "N=16 x=12800",
        "N=64 x=51200",
    ]


def test_format_outputs_puts_each_name_on_a_header_line() -> None:
    text = format_outputs({"a.py": ["x=1", "y=2"], "b.py": ["z=3"]})
    assert text.splitlines() == ["== a.py ==", "x=1", "y=2", "", "== b.py ==", "z=3"]


def test_command_line_prints_every_block() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "sims.article"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    printed: dict[str, list[str]] = {}
    current: list[str] = []
    for line in run.stdout.splitlines():
        header = re.fullmatch(r"== (\S+\.py) ==", line)
        if header:
            current = printed.setdefault(header.group(1), [])
        elif line.strip():
            current.append(normalise(line))
    blocks = article_blocks()
    assert list(printed) == list(blocks)
    for name, (_, expected) in blocks.items():
        assert printed[name] == [normalise(line) for line in expected], name
