"""Check the Markdown sources before the site is built.

Each check is a pure function from text to a list of problems, so tests can
feed it a crafted bad page. Run directly to lint every page:

    python3 scripts/build.py --check-only
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from pathlib import Path

import yaml

from awsnotes import abbreviations, diagram_styles, trust
from awsnotes.problems import Problem, report

from awsnotes import ROOT

DOCS = ROOT / "docs"
INCLUDES = ROOT / "includes"

ALLOWED_KEYS = {"description", "tags", "keywords", "hide", "search", "title", "verified", "sources"}
MAX_DESCRIPTION = 160
# UTF-8 text that was decoded as Mac Roman or cp1252 somewhere along the way.
GARBLED = re.compile(r"‚Ä.|â€.?|Ã[\u0080-\u00bf]|Â[\u00a0-\u00bf ]|¬†|Ô¨.|\ufffd|Ã©|Ã¨")
FENCE = re.compile(r"^\s*(```|~~~)")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*$")
EXPLICIT_ID = re.compile(r"\{\s*#[a-z0-9][a-z0-9-]*\s*\}\s*$")
REMOTE_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?(?:https?:)?//|<img[^>]+src=[\"']?(?:https?:)?//", re.I)


def split_front_matter(text: str) -> tuple[str | None, int]:
    """Return (front matter YAML or None, line number where the body starts)."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        return None, 1
    for number, line in enumerate(lines[1:], start=2):
        if line.strip() == "---":
            return "\n".join(lines[1:number - 1]), number + 1
    return None, 1


def body_lines(text: str):
    """Yield (line number, line, inside a code fence) for the page body."""
    _, start = split_front_matter(text)
    fenced = False
    for number, line in enumerate(text.splitlines(), start=1):
        if number < start:
            continue
        if FENCE.match(line):
            fenced = not fenced
            yield number, line, True
            continue
        yield number, line, fenced


def check_front_matter(path: str, text: str, allowed_tags: set[str]) -> list[Problem]:
    raw, _ = split_front_matter(text)
    if raw is None:
        return [Problem(path, 1, "no front matter: start the page with '---', "
                        "a 'description:' and 'tags:', then '---'")]
    try:
        meta = yaml.safe_load(raw) or {}
    except yaml.YAMLError as error:
        return [Problem(path, 1, f"front matter is not valid YAML ({error.__class__.__name__}): fix its syntax")]
    if not isinstance(meta, dict):
        return [Problem(path, 1, "front matter must be a mapping of 'key: value' lines")]
    problems = []
    for key in sorted(set(meta) - ALLOWED_KEYS):
        problems.append(Problem(path, 1, f"unknown front matter field '{key}': "
                                f"use only {', '.join(sorted(ALLOWED_KEYS))}"))
    description = meta.get("description")
    if not isinstance(description, str) or not description.strip():
        problems.append(Problem(path, 1, "missing 'description:': add one sentence "
                                f"(at most {MAX_DESCRIPTION} characters) summarising the page"))
    elif len(description) > MAX_DESCRIPTION:
        problems.append(Problem(path, 1, f"description is {len(description)} characters: "
                                f"shorten it to at most {MAX_DESCRIPTION}"))
    tags = meta.get("tags")
    if not isinstance(tags, list) or not tags:
        problems.append(Problem(path, 1, "missing 'tags:': add at least one tag from the "
                                "allowed list in mkdocs.yml (plugins > tags > tags_allowed)"))
    else:
        for tag in tags:
            if tag not in allowed_tags:
                problems.append(Problem(path, 1, f"tag '{tag}' is not allowed: use one of "
                                        f"{', '.join(sorted(allowed_tags))} or add it to tags_allowed"))
    keywords = meta.get("keywords", [])
    if not isinstance(keywords, list) or not all(isinstance(k, str) for k in keywords):
        problems.append(Problem(path, 1, "'keywords:' must be a list of words or phrases"))
    return problems


def front_matter_line(text: str, key: str) -> int:
    """Line number of `key:` in the front matter (1 when it is not there)."""
    for number, line in enumerate(text.splitlines()[:200], start=1):
        if line.startswith(f"{key}:"):
            return number
    return 1


def check_trust(path: str, text: str, today: dt.date | None = None) -> list[Problem]:
    """`verified:` and `sources:` on every content page; corrections kept short and in one form."""
    today = today or dt.date.today()
    raw, _ = split_front_matter(text)
    try:
        meta = (yaml.safe_load(raw) if raw else {}) or {}
    except yaml.YAMLError:
        return []  # reported by check_front_matter
    if not isinstance(meta, dict):
        return []
    problems = []
    if path.removeprefix("docs/") not in trust.UNDATED_PAGES and path.startswith("docs/"):
        verified = trust.as_date(meta.get("verified"))
        if "verified" not in meta:
            problems.append(Problem(path, 1, "missing 'verified:': check the page against current AWS "
                                    "documentation and add the date, e.g. 'verified: 2026-12-06'"))
        elif verified is None:
            problems.append(Problem(path, front_matter_line(text, "verified"),
                                    f"'verified: {meta.get('verified')}' is not a date: write it as YYYY-MM-DD"))
        elif verified > today:
            problems.append(Problem(path, front_matter_line(text, "verified"),
                                    f"'verified: {verified}' is in the future: use the date the page was checked"))
        items = meta.get("sources")
        line = front_matter_line(text, "sources")
        if not isinstance(items, list) or not items:
            problems.append(Problem(path, line, "missing 'sources:': list the AWS documentation pages the "
                                    "claims were checked against, each as '- url: https://...' with 'for: what it backs'"))
        else:
            for number, item in enumerate(items, start=1):
                url = item.get("url") if isinstance(item, dict) else None
                if not isinstance(url, str) or not url.startswith("https://"):
                    problems.append(Problem(path, line, f"source {number} has no https 'url:': "
                                            "write each source as '- url: https://...' and 'for: ...'"))
                elif not str(item.get("for") or "").strip():
                    problems.append(Problem(path, line, f"source {number} ({url}) says not what it backs: "
                                            "add 'for: <the claims it supports>'"))
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith('!!! info "Updated'):
            problems.append(Problem(path, number, "an 'Updated' box: write corrections as a one-line "
                                    '\'!!! info "Correction: <topic>"\' (they are listed on the Corrections page)'))
    for item in trust.corrections(text):
        if not item.text:
            problems.append(Problem(path, item.line, f"correction '{item.topic}' is empty: say in one line "
                                    "what the notes said and what is true"))
        elif len(item.text) > trust.CORRECTION_MAX_CHARS:
            problems.append(Problem(path, item.line, f"correction '{item.topic}' is {len(item.text)} characters: "
                                    f"keep it under {trust.CORRECTION_MAX_CHARS} and move the detail into the section"))
    return problems


def check_headings(path: str, text: str) -> list[Problem]:
    problems, h1 = [], []
    for number, line, fenced in body_lines(text):
        match = HEADING.match(line)
        if fenced or not match:
            continue
        level = len(match.group(1))
        if level == 1:
            h1.append(number)
        elif level > 3:
            problems.append(Problem(path, number, f"heading level {level} is too deep: use ## or ###"))
        elif not EXPLICIT_ID.search(match.group(2)):
            problems.append(Problem(path, number, "heading has no explicit anchor: end it with "
                                    "'{ #stable-id }' so links to it never break"))
    if not h1:
        problems.append(Problem(path, None, "no H1 title: start the body with '# Title'"))
    for number in h1[1:]:
        problems.append(Problem(path, number, "second H1: a page has exactly one '# Title'; use '##'"))
    return problems


def check_garbled(path: str, text: str) -> list[Problem]:
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = GARBLED.search(line)
        if match:
            problems.append(Problem(path, number, f"garbled characters '{match.group(0)}' (UTF-8 read as "
                                    "Mac Roman or cp1252): retype them, e.g. ’ – “ ” or plain ASCII"))
    return problems


def check_images(path: str, text: str) -> list[Problem]:
    return [Problem(path, number, "image from another host: the site loads nothing from third "
                    "parties; draw it as a diagram or table, or add the file under docs/assets/")
            for number, line, _ in body_lines(text) if REMOTE_IMAGE.search(line)]


def check_abbreviations(path: str, text: str) -> list[Problem]:
    entries, bad = abbreviations.parse(text)
    problems = [Problem(path, line, f"'{raw}' is not an abbreviation: write '*[TERM]: Meaning'")
                for line, raw in bad]
    seen: dict[str, int] = {}
    previous = None
    for entry in entries:
        if entry.term in seen:
            problems.append(Problem(path, entry.line, f"'{entry.term}' is defined twice (also on line "
                                    f"{seen[entry.term]}): keep one definition"))
        seen.setdefault(entry.term, entry.line)
        if previous and abbreviations.sort_key(entry.term) < abbreviations.sort_key(previous.term):
            problems.append(Problem(path, entry.line, f"'{entry.term}' is out of order (after "
                                    f"'{previous.term}'): keep the file sorted alphabetically"))
        previous = entry
    return problems


MERMAID_FENCE = re.compile(r"^(?P<indent>[ \t]*)```mermaid[^\n]*\n(?P<body>.*?)^(?P=indent)```", re.S | re.M)
# Pages whose diagrams are being rewritten on other branches (December 2026) and
# arrive with their accTitle/accDescr: reported as notes until then. Remove a
# page from this list when its rewrite lands (a test fails while an entry is
# no longer needed, so the list only shrinks).
ACC_TITLE = re.compile(r"^\s*accTitle\s*:\s*\S", re.M)
ACC_DESCR = re.compile(r"^\s*accDescr\s*(?::\s*\S|\{)", re.M)


def missing_text_alternatives(path: str, text: str) -> list[Problem]:
    """Mermaid fences without `accTitle:` (the diagram's name) or `accDescr:` (what it shows)."""
    problems = []
    for match in MERMAID_FENCE.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        body = match.group("body")
        for pattern, field, what in ((ACC_TITLE, "accTitle", "a short name for the diagram"),
                                     (ACC_DESCR, "accDescr", "one to three sentences on what connects "
                                                             "to what and why")):
            if not pattern.search(body):
                problems.append(Problem(path, line, f"diagram has no `{field}:` line: add "
                                        f"`{field}: ...` after the diagram type, with {what} "
                                        "(screen readers and the full-size view read it)"))
    return problems


def check_diagrams(path: str, text: str) -> list[Problem]:
    """Every diagram has a text alternative and uses only the site's diagram classes."""
    problems = missing_text_alternatives(path, text)
    known = ", ".join(diagram_styles.STYLES)
    for match in MERMAID_FENCE.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        for name in diagram_styles.unknown_classes(match.group("body")):
            problems.append(Problem(path, line, f"diagram uses the class `{name}`, which is not one of the "
                                    f"site's diagram classes ({known}); use one of them (see "
                                    "docs/reference/diagram-legend.md) rather than a classDef in the fence"))
        if diagram_styles.CLASS_DEF.search(match.group("body")):
            problems.append(Problem(path, line, "diagram defines its own `classDef`: use the site's shared "
                                    f"classes ({known}) so every page draws a kind of thing alike"))
    return problems


def check_page(path: str, text: str, allowed_tags: set[str]) -> list[Problem]:
    """Every check that applies to one Markdown page."""
    return (check_front_matter(path, text, allowed_tags) + check_trust(path, text) + check_headings(path, text)
            + check_garbled(path, text) + check_images(path, text) + check_diagrams(path, text))


def check_snippet(path: str, text: str) -> list[Problem]:
    """Checks for included fragments (no front matter or H1 of their own)."""
    return check_garbled(path, text) + check_images(path, text) + check_diagrams(path, text)


def check_tree(root: Path, tags: set[str]) -> list[Problem]:
    """Every page and snippet of the project at `root`; `tags` are the allowed tags."""
    problems = []
    for page in sorted((root / "docs").rglob("*.md")):
        problems += check_page(str(page.relative_to(root)), page.read_text(encoding="utf-8"), tags)
    for snippet in sorted((root / "includes").rglob("*.md")):
        rel = str(snippet.relative_to(root))
        text = snippet.read_text(encoding="utf-8")
        problems += check_snippet(rel, text)
        if snippet.name == "abbreviations.md":
            problems += check_abbreviations(rel, text)
    return problems


def main(argv: list[str] | None = None) -> int:
    argparse.ArgumentParser(description=__doc__).parse_args(argv)
    from awsnotes import config

    status = report(check_tree(ROOT, config.allowed_tags(config.load())), "the page sources")
    if status == 0:
        print("Page sources: OK")
    return status


if __name__ == "__main__":
    sys.exit(main())
