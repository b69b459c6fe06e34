"""The real build command: it succeeds on the real pages and fails loudly on bad ones."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import copy_project

ROOT = Path(__file__).resolve().parent.parent


def test_build_produces_the_site(built_site):
    assert (built_site / "index.html").is_file()
    assert (built_site / "sitemap.xml").is_file()
    assert (built_site / "search" / "search_index.json").is_file()
    assert (built_site / "404.html").is_file()


def test_every_page_has_description_and_link_preview(built_site):
    from html.parser import HTMLParser

    class Head(HTMLParser):
        def __init__(self):
            super().__init__()
            self.tags = set()

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            key = attrs.get("name") or attrs.get("property") or attrs.get("rel")
            if tag in ("meta", "link") and key and (attrs.get("content") or attrs.get("href")):
                self.tags.add(key)

    for page in built_site.rglob("index.html"):
        head = Head()
        head.feed(page.read_text(encoding="utf-8"))
        missing = {"description", "canonical", "og:title", "og:description", "twitter:card"} - head.tags
        assert not missing, f"{page.relative_to(built_site)} lacks {sorted(missing)}"


def test_scripts_wait_for_the_text(built_site):
    """Material's head script runs inline in the head, after the stylesheets: the first paint shows
    the top of the page while the rest is parsed. Every script file is deferred and fetched at low
    priority: the stylesheets get the bandwidth and the text is painted before the theme's
    JavaScript runs (see BENCHMARKS.md)."""
    pages = [page for page in built_site.rglob("*.html") if "<article" in page.read_text(encoding="utf-8")]
    assert pages
    for page in pages:
        text = page.read_text(encoding="utf-8")
        head = text[:text.index("</head>")]
        scripts = re.findall(r"<script\b[^>]*\bsrc=[^>]*>", text)
        assert any("bundle." in tag for tag in scripts), f"{page.relative_to(built_site)}: no theme bundle"
        eager = [tag for tag in scripts if not (" defer" in tag and 'fetchpriority="low"' in tag)]
        assert eager == [], f"{page.relative_to(built_site)}: eager script files {eager}"
        assert head.rindex('rel="stylesheet"') < head.index("<script data-scope="), \
            f"{page.relative_to(built_site)}: the head script must follow the stylesheets"
        shared = [tag for tag in scripts if "not-found." not in tag]  # the 404 page has one of its own
        assert len(shared) <= 3, f"{page.relative_to(built_site)}: {len(shared)} script files: {shared}"


def test_search_index_has_no_diagram_source(built_site):
    index = (built_site / "search" / "search_index.json").read_text(encoding="utf-8")
    for marker in ("-->", "subgraph ", "sequenceDiagram", "stateDiagram-v2", "flowchart LR",
                   "flowchart TB", "stroke-width", "nodeLabel"):
        assert marker not in index, f"diagram source or drawing '{marker}' leaked into the search index"


@pytest.fixture
def project_copy(tmp_path) -> Path:
    """A throwaway copy of the project, for breaking on purpose."""
    return copy_project(tmp_path / "project")


def build(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "scripts/build.py", "--site-dir", str(project / "site")],
                          cwd=project, capture_output=True, text=True)


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


@pytest.mark.parametrize("name, breakage, expected", [
    # Both reach MkDocs' own link validation (a full build each): one build shows both are named.
    ("broken link and missing anchor", lambda p: append(
        p / "docs/reference/index.md", "\n[gone](../nowhere/page.md)\n\n[x](glossary.md#no-such-term)\n"),
     ("reference/index.md", "../nowhere/page.md", "glossary.md#no-such-term")),
    ("garbled text", lambda p: append(p / "docs/reference/index.md", "\nAWS‚Äôs notes\n"),
     "docs/reference/index.md:"),
    ("external image", lambda p: append(p / "docs/reference/index.md", "\n![x](https://example.com/a.png)\n"),
     "docs/reference/index.md:"),
    ("missing description", lambda p: (p / "docs/reference/index.md").write_text(
        (p / "docs/reference/index.md").read_text().replace("description:", "summary:")),
     "docs/reference/index.md:1: missing 'description:'"),
    ("unsorted abbreviations", lambda p: append(p / "includes/abbreviations.md", "*[AAA]: Out of order\n"),
     "includes/abbreviations.md:"),
    ("unlisted page", lambda p: (p / "docs/reference/orphan.md").write_text(
        "---\ndescription: An orphan.\ntags:\n  - Reference\n---\n\n# Orphan\n"),
     "reference/orphan.md"),
    ("table inside a table", lambda p: append(p / "docs/reference/index.md",
        "\n<table><tr><td><table><tr><td>x</td></tr></table></td></tr></table>\n"),
     "docs/reference/index.md: a table inside a table"),
    ("report address without the page", lambda p: (p / "mkdocs.yml").write_text(
        (p / "mkdocs.yml").read_text().replace("&body=Page%3A%20{url}", "")),
     "mkdocs.yml: extra.report_issue_url"),
])
def test_bad_input_fails_the_build_naming_the_file(project_copy, name, breakage, expected):
    breakage(project_copy)
    result = build(project_copy)
    output = result.stdout + result.stderr
    assert result.returncode != 0, f"{name}: the build passed"
    for part in (expected,) if isinstance(expected, str) else expected:
        assert part in output, f"{name}: the failure does not name {part}:\n{output[-2000:]}"


def test_a_toolchain_that_skips_the_hooks_fails_naming_each_one(project_copy):
    """As Zensical does with `hooks:`: the build must fail, not publish a site missing their work."""
    from awsnotes.checks import outputs

    config = project_copy / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    start, end = text.index("\nhooks:\n"), text.index("\n# -- Markdown extensions")
    config.write_text(text[:start] + text[end:], encoding="utf-8")
    result = build(project_copy)
    output = result.stdout + result.stderr
    assert result.returncode != 0, "the build passed without its hooks"
    missing = [hook for hook in outputs.HOOKS if f"the build hook {hook} did not run" not in output]
    assert not missing, f"the failure does not name {missing}:\n{output[-3000:]}"
