"""Content rules every page must keep: the page shape, one copy of each table, linked numbers."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
SERVICE_PAGES = sorted(p for p in DOCS.glob("*/*.md")
                       if p.name != "index.md" and p.parent.name != "reference")
OFFICIAL_DOCS = re.compile(r"\]\(https://(docs\.aws\.amazon\.com|aws\.amazon\.com)/")


def rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def section(text: str, anchor: str) -> str:
    """The text of the `##` section with this anchor, up to the next `##`."""
    match = re.search(rf"^## .*\{{ #{anchor} \}}\n(.*?)(?=^## |\Z)", text, re.S | re.M)
    return match.group(1) if match else ""


@pytest.mark.parametrize("page", SERVICE_PAGES, ids=rel)
def test_service_page_shape(page):
    text = page.read_text(encoding="utf-8")
    name = rel(page)
    for anchor in ("gotchas", "exam-tips", "self-check", "further-reading"):
        assert section(text, anchor), f"{name}: add a '## … {{ #{anchor} }}' section"
    questions = section(text, "self-check").count('??? question "')
    assert 3 <= questions <= 5, f"{name}: self-check has {questions} questions; write 3 to 5"
    assert OFFICIAL_DOCS.search(section(text, "further-reading")), \
        f"{name}: further reading must link to the official AWS documentation"
    body = text.split("\n# ", 1)[1].split("\n", 1)[1].lstrip()
    assert not body.startswith(("#", "!!!", "```")), f"{name}: open with a summary paragraph"


def table_blocks(text: str) -> list[str]:
    blocks, current = [], []
    for line in text.splitlines() + [""]:
        if line.lstrip().startswith("|"):
            current.append(re.sub(r"\s+", " ", line.strip()))
        else:
            if len(current) >= 3:
                blocks.append("\n".join(current))
            current = []
    return blocks


def test_no_table_is_written_twice():
    seen = defaultdict(list)
    for path in sorted(DOCS.rglob("*.md")) + sorted((ROOT / "includes").rglob("*.md")):
        for block in table_blocks(path.read_text(encoding="utf-8")):
            seen[block].append(rel(path))
    copies = {block.splitlines()[0]: paths for block, paths in seen.items() if len(paths) > 1}
    assert not copies, f"tables copied instead of included with --8<--: {copies}"


def test_every_comparison_snippet_is_on_the_comparisons_page():
    page = (DOCS / "reference" / "comparisons.md").read_text(encoding="utf-8")
    for snippet in sorted((ROOT / "includes" / "comparisons").glob("*.md")):
        assert f'--8<-- "comparisons/{snippet.name}"' in page, f"{snippet.name} missing from comparisons"
        used = [rel(p) for p in DOCS.glob("*/*.md") if p.parent.name != "reference"
                and f'comparisons/{snippet.name}"' in p.read_text(encoding="utf-8")]
        assert used, f"{snippet.name} is not shown on the page that explains it"


def test_every_number_links_to_its_page():
    unlinked = []
    for snippet in sorted((ROOT / "includes" / "numbers").glob("*.md")):
        rows = [line for line in snippet.read_text(encoding="utf-8").splitlines()
                if line.startswith("|") and not line.startswith(("| What", "| ---"))]
        assert rows, f"{rel(snippet)} has no rows"
        unlinked += [f"{rel(snippet)}: {row[:90]}" for row in rows
                     if not re.search(r"\]\(\.\./[a-z-]+/[a-z0-9-]+\.md#[a-z0-9-]+\)", row)]
    assert not unlinked, "rows that do not link to their explaining heading:\n" + "\n".join(unlinked)


def test_every_diagram_is_introduced_by_a_sentence():
    bare = []
    for page in sorted(DOCS.rglob("*.md")):
        lines = page.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines):
            if line.strip() == "```mermaid":
                before = [text for text in lines[:number] if text.strip()]
                if not before or before[-1].lstrip().startswith(("#", "```", "|")):
                    bare.append(f"{rel(page)}:{number + 1}")
    assert not bare, "introduce each diagram with a sentence: " + ", ".join(bare)
