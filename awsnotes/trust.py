"""What tells a reader how far to trust a page: when it was verified, its sources, its corrections.

Every content page records in its front matter when its claims were last
checked against AWS documentation and which pages they were checked against:

    verified: 2026-12-06
    sources:
      - url: https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html
        for: VPC quotas (CIDR blocks, routes per route table)

Where the original notes were wrong or out of date, the page says so in one
short admonition, `!!! info "Correction: <topic>"`; the Corrections reference
page lists every one of them, generated from the pages.

Pure functions here; overrides/hooks/trust.py puts them on the pages and
awsnotes/checks/pages.py enforces the rules.
"""

from __future__ import annotations

import datetime as dt
import html
import posixpath
import re
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path

STALE_AFTER_DAYS = 183  # about six months: older verifications are reported at build time
CORRECTION_MAX_CHARS = 300  # one or two sentences; the longer story belongs in the section's text
# Pages with no facts of their own to verify: the home page is a map of the site, and the
# tag index and the corrections list are generated from the pages they link to.
UNDATED_PAGES = {"index.md", "reference/tags.md", "reference/corrections.md"}

CORRECTION = re.compile(r'^!!! info "Correction: (?P<topic>[^"]+)"\s*$')
HEADING_ID = re.compile(r"^#{2,3}\s+(?P<title>.*?)\s*\{\s*#(?P<id>[a-z0-9][a-z0-9-]*)\s*\}\s*$")


# -- Dates ---------------------------------------------------------------------------

def as_date(value) -> dt.date | None:
    """A front-matter date (YAML gives `2026-12-06` as a date already), or None if it is not one."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def human_date(day: dt.date) -> str:
    """6 December 2026."""
    return f"{day.day} {day.strftime('%B')} {day.year}"


def is_stale(verified: dt.date, today: dt.date) -> bool:
    return (today - verified).days > STALE_AFTER_DAYS


@cache
def _shallow_boundaries(repo: Path) -> frozenset[str]:
    """Commits at the edge of a shallow clone: their history (and its dates) is not here."""
    git_dir = subprocess.run(["git", "rev-parse", "--git-dir"], cwd=repo, capture_output=True, text=True)
    if git_dir.returncode != 0:
        return frozenset()
    shallow = (repo / git_dir.stdout.strip() / "shallow")
    return frozenset(shallow.read_text().split()) if shallow.is_file() else frozenset()


def last_changed(path: Path, repo: Path) -> dt.date | None:
    """The date of the last commit that changed `path`, or None when git cannot tell.

    In a shallow clone, a file whose last change is older than the clone's
    history would get the date of the oldest commit present; that date would
    be wrong, so None is returned instead (CI fetches the full history).
    """
    result = subprocess.run(["git", "log", "-1", "--format=%H %cs", "--", str(path)],
                            cwd=repo, capture_output=True, text=True)
    if result.returncode != 0 or not result.stdout.strip():
        return None
    commit, day = result.stdout.split()
    if commit in _shallow_boundaries(repo):
        return None
    return dt.date.fromisoformat(day)


# -- Sources -------------------------------------------------------------------------

@dataclass(frozen=True)
class Source:
    url: str
    backs: str


def sources(meta: dict) -> list[Source]:
    """The page's `sources:` as Source objects (malformed items are the page check's business)."""
    found = []
    for item in meta.get("sources") or []:
        if isinstance(item, dict) and isinstance(item.get("url"), str):
            found.append(Source(item["url"].strip(), str(item.get("for") or "").strip()))
    return found


# -- Corrections ---------------------------------------------------------------------

@dataclass(frozen=True)
class Correction:
    topic: str
    text: str
    anchor: str | None  # the `{ #id }` of the section it sits in
    section: str | None
    line: int


def corrections(markdown: str) -> list[Correction]:
    """Every `!!! info "Correction: ..."` admonition of a page, with the section it belongs to."""
    found, anchor, section = [], None, None
    lines = markdown.splitlines()
    for number, line in enumerate(lines, start=1):
        heading = HEADING_ID.match(line)
        if heading:
            anchor, section = heading.group("id"), heading.group("title")
            continue
        match = CORRECTION.match(line)
        if not match:
            continue
        body = []
        for following in lines[number:]:
            if following.startswith("    ") or not following.strip():
                if following.strip():
                    body.append(following.strip())
                elif body:
                    break
                continue
            break
        found.append(Correction(match.group("topic").strip(), " ".join(body), anchor, section, number))
    return found


# -- HTML ----------------------------------------------------------------------------

def dates_html(verified: dt.date, changed: dt.date | None) -> str:
    """The line under a page's title: when it was verified, when it last changed."""
    parts = [f'Verified against AWS documentation on <time datetime="{verified.isoformat()}">'
             f"{human_date(verified)}</time>"]
    if changed is not None:
        parts.append(f'last changed <time datetime="{changed.isoformat()}">{human_date(changed)}</time>')
    return (f'<p class="page-dates" data-search-exclude>{" · ".join(parts)} · '
            f'<a href="#sources">sources</a></p>')


def sources_html(found: list[Source], verified: dt.date) -> str:
    """A collapsed list of the pages the claims were checked against, at the end of the page."""
    items = "".join(
        f'<li><a href="{html.escape(s.url, quote=True)}">{html.escape(s.url)}</a>'
        + (f": {html.escape(s.backs)}" if s.backs else "") + "</li>"
        for s in found)
    return (f'<details class="page-sources" id="sources" data-search-exclude><summary>Sources: '
            f"{len(found)} {'page' if len(found) == 1 else 'pages'} of AWS documentation, "
            f"checked {human_date(verified)}</summary>"
            f"<ul>{items}</ul></details>")


MARKDOWN_LINK = re.compile(r"\]\((?P<target>[^)\s]+)\)")


def rebase_links(text: str, src: str) -> str:
    """Links written on page `src` (a path under docs/), rewritten for a page in docs/reference/."""
    def rebase(match: re.Match) -> str:
        target = match.group("target")
        if re.match(r"^[a-z][a-z0-9+.-]*:", target):  # https:, mailto: ...
            return match.group(0)
        if target.startswith("#"):
            return f"](../{src}{target})"
        joined = posixpath.normpath(posixpath.join(posixpath.dirname(src), target))
        return f"](../{joined})"
    return MARKDOWN_LINK.sub(rebase, text)


def corrections_table(rows: list[tuple[str, str, Correction]]) -> str:
    """Markdown table of (page title, page source path, correction), for the Corrections page."""
    if not rows:
        return "No page carries a correction."
    out = ["| Page | Correction |", "| --- | --- |"]
    for title, src, item in rows:
        link = f"../{src}" + (f"#{item.anchor}" if item.anchor else "")
        where = f"[{title}]({link})" + (f" ({item.section})" if item.section else "")
        text = rebase_links(item.text, src).replace("|", "\\|")
        out.append(f"| {where} | **{item.topic}**: {text} |")
    return "\n".join(out)
