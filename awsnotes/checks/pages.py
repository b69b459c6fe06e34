"""Check the Markdown sources before the site is built.

Each check is a pure function from text to a list of problems, so tests can
feed it a crafted bad page. Run directly to lint every page:

    python3 scripts/build.py --check-only
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import html
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from awsnotes import abbreviations, diagram_styles, trust
from awsnotes.checks.stylesheets import check_stylesheets
from awsnotes.problems import Problem, report

from awsnotes import ROOT

DOCS = ROOT / "docs"
INCLUDES = ROOT / "includes"

ALLOWED_KEYS = {"description", "tags", "keywords", "section_keywords", "hide", "search", "title", "verified",
                "sources"}
MAX_DESCRIPTION = 160
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's safe loader, when PyYAML has it
# UTF-8 text that was decoded as Mac Roman or cp1252 somewhere along the way.
GARBLED = re.compile(r"‚Ä.|â€.?|Ã[\u0080-\u00bf]|Â[\u00a0-\u00bf ]|¬†|Ô¨.|\ufffd|Ã©|Ã¨")
FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
ATX = re.compile(r"^[ \t>]*(#{1,6})(?:[ \t]+(.*?))?[ \t#]*$")
SETEXT_UNDERLINE = re.compile(r"^[ \t]*(=+|-+)[ \t]*$")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*$")
EXPLICIT_ID = re.compile(r"\{[^}]*#[a-z0-9][a-z0-9-]*[^}]*\}\s*$")
# HTML that runs code: the site carries a Content-Security-Policy without inline scripts,
# and promises readers no third-party code.
SCRIPT_TAG = re.compile(r"<\s*/?\s*script\b", re.I)
EVENT_HANDLER = re.compile(r"<[a-z][^>]*?[\s\"'/]on[a-z]+\s*=", re.I)
SCRIPT_URL = re.compile(r"(?:^|[\s(<\"'=])\s*(?:java|vb)script\s*:", re.I)
HTML_HEADING = re.compile(r"<h([1-6])((?:\s[^>]*)?)>(.*?)</h\1>", re.S)
INLINE_CODE = re.compile(r"(`+)(?!`).*?(?<!`)\1")
MAX_PAGE_BYTES = 1_000_000  # a bigger page slows the build and bloats the search index every page fetches
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
    """Yield (line number, line, inside a code fence) for the page body.

    A fence closes only on a run of the same character at least as long as the one
    that opened it, so a 4-backtick fence can wrap a 3-backtick one."""
    _, start = split_front_matter(text)
    opened = ""
    for number, line in enumerate(text.splitlines(), start=1):
        if number < start:
            continue
        fence = FENCE.match(line)
        if fence:
            run = fence.group(1)
            if not opened:
                opened = run
                yield number, line, True
                continue
            if run[0] == opened[0] and len(run) >= len(opened) and not line.strip()[len(run):].strip():
                opened = ""
                yield number, line, True
                continue
        yield number, line, bool(opened)


def check_front_matter(path: str, text: str, allowed_tags: set[str]) -> list[Problem]:
    raw, _ = split_front_matter(text)
    if raw is None:
        return [Problem(path, 1, "no front matter: start the page with '---', "
                        "a 'description:' and 'tags:', then '---'")]
    try:
        meta = yaml.load(raw, Loader=YAML_LOADER) or {}
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
    problems += check_section_keywords(path, text, meta.get("section_keywords"))
    return problems


def heading_anchors(text: str) -> set[str]:
    """The explicit anchors of a page's headings ('## Title { #anchor }')."""
    anchors = set()
    for _, line, fenced in body_lines(text):
        match = HEADING.match(line)
        if match and not fenced:
            explicit = EXPLICIT_ID.search(match.group(2))
            if explicit:
                anchors.add(explicit.group(0).strip("{} \t#"))
    return anchors


def front_matter_line(text: str, key: str, indented: bool = False) -> int:
    """Line number of `key:` in the front matter (1 if not found)."""
    raw, start = split_front_matter(text)
    pattern = re.compile(rf"^{'[ ]+' if indented else ''}[\"']?{re.escape(key)}[\"']?\s*:")
    for number, line in enumerate(text.splitlines()[1:start - 2], start=2):
        if pattern.match(line):
            return number
    return 1


def check_section_keywords(path: str, text: str, value) -> list[Problem]:
    """`section_keywords:` maps heading anchors of this page to lists of aliases."""
    if value is None:
        return []
    line = front_matter_line(text, "section_keywords", indented=False)
    if not isinstance(value, dict):
        return [Problem(path, line, "'section_keywords:' must map a heading anchor to a list of aliases, "
                        "e.g. 'section_keywords: {nacl: [NACL, network ACL]}'")]
    problems, anchors = [], heading_anchors(text)
    for anchor, aliases in value.items():
        where = front_matter_line(text, str(anchor), indented=True)
        if str(anchor) not in anchors:
            problems.append(Problem(path, where, f"section_keywords: no heading of this page has the anchor "
                                    f"'#{anchor}': use one of the page's '{{ #anchor }}' ids"))
        if not isinstance(aliases, list) or not aliases or not all(isinstance(a, str) and a.strip()
                                                                   for a in aliases):
            problems.append(Problem(path, where, f"section_keywords: '{anchor}' must have a list of "
                                    "aliases, e.g. '[NACL, network ACL]'"))
    return problems


def check_trust(path: str, text: str, today: dt.date | None = None) -> list[Problem]:
    """`verified:` and `sources:` on every content page; corrections kept short and in one form."""
    today = today or dt.date.today()
    raw, _ = split_front_matter(text)
    try:
        meta = (yaml.load(raw, Loader=YAML_LOADER) if raw else {}) or {}
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


@functools.lru_cache(maxsize=None)
def project_markdown_setup(root: Path = ROOT) -> tuple[tuple, tuple]:
    """The project's Markdown extensions and their settings, from mkdocs.yml (loaded once)."""
    from awsnotes import config

    loaded = config.load(config_file=root / "mkdocs.yml")
    return (tuple(loaded.markdown_extensions),
            tuple((name, value) for name, value in loaded.mdx_configs.items()))


@functools.lru_cache(maxsize=None)
def _markdown(root: Path):
    """Python-Markdown with the project's extensions, as MkDocs builds pages, minus `toc`:
    a heading then has an id only when the author wrote `{ #id }`. One instance per
    project, reset before each page. It skips the inline pass (emphasis, links, code spans),
    half the work: headings are matched to their source lines by their words alone, and
    attr_list reads a heading's `{ #id }` without it."""
    import markdown

    names, configs = project_markdown_setup(root)
    settings = {name: dict(value) for name, value in configs}
    if "pymdownx.snippets" in settings:  # snippets resolve from the project, wherever we run
        settings["pymdownx.snippets"].update(base_path=[str(root / "includes")], check_paths=False)
    md = markdown.Markdown(extensions=[name for name in names if name != "toc"],
                           extension_configs={k: v for k, v in settings.items() if k != "toc"})
    md.treeprocessors.deregister("inline")
    return md


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    explicit_id: bool
    line: int | None  # in this file; None when it comes from an included snippet
    setext: bool = False


def _plain(text: str) -> str:
    """A heading's words, for matching a parsed heading with its source line."""
    text = EXPLICIT_ID.sub("", text)
    text = re.sub(r"\{[^}]*\}\s*$", "", text)
    return re.sub(r"[^0-9a-z]+", "", html.unescape(re.sub(r"<[^>]+>", "", text)).lower())


def source_headings(text: str) -> list[tuple[int, str, bool]]:
    """Lines that may be headings, outside code fences: (line number, words, setext)."""
    lines = list(body_lines(text))
    found = []
    for index, (number, line, fenced) in enumerate(lines):
        if fenced:
            continue
        match = ATX.match(line)
        if match:
            found.append((number, _plain(match.group(2) or ""), False))
        elif (index + 1 < len(lines) and not lines[index + 1][2] and line.strip()
              and SETEXT_UNDERLINE.match(lines[index + 1][1])):
            found.append((number, _plain(line.strip().lstrip(">").strip()), True))
    return found


def parse_headings(text: str, root: Path = ROOT) -> list[Heading]:
    """The headings Python-Markdown makes of a page (with the project's extensions), in order,
    each with the source line it comes from."""
    md = _markdown(root).reset()
    _, start = split_front_matter(text)
    body = "\n" * (start - 1) + "\n".join(text.splitlines()[start - 1:])
    document = md.convert(body)
    candidates = source_headings(text)
    headings, position = [], 0
    for level, attributes, inner in HTML_HEADING.findall(document):
        title = html.unescape(re.sub(r"<[^>]+>", "", inner)).strip()
        words = _plain(title)
        line, setext = None, False
        for index in range(position, len(candidates)):
            if candidates[index][1] == words:
                line, setext = candidates[index][0], candidates[index][2]
                position = index + 1
                break
        headings.append(Heading(int(level), title, ' id="' in f" {attributes}", line, setext))
    return headings


def check_headings(path: str, text: str, root: Path = ROOT, page: bool = True) -> list[Problem]:
    """Heading rules on the headings Markdown actually produces: one H1 (pages only), no level
    deeper than 3, setext headings refused, every other heading with an explicit `{ #id }`."""
    problems, h1 = [], []
    for heading in parse_headings(text, root):
        if heading.line is None:
            continue  # from an included snippet: checked in that file
        if heading.setext:
            mark = "#" * heading.level
            problems.append(Problem(path, heading.line, f"underlined (setext) heading '{heading.text}': write "
                                    f"it as '{mark} {heading.text}{' { #stable-id }' if heading.level > 1 else ''}'"
                                    "; for a horizontal rule, leave a blank line before '---'"))
            continue
        if heading.level == 1:
            h1.append(heading.line)
        elif heading.level > 3:
            problems.append(Problem(path, heading.line, f"heading level {heading.level} is too deep: "
                                    "use ## or ###"))
        elif not heading.explicit_id:
            problems.append(Problem(path, heading.line, "heading has no explicit anchor: end it with "
                                    "'{ #stable-id }' so links to it never break"))
    if not page:
        for number in h1:
            problems.append(Problem(path, number, "H1 in a snippet: the page that includes it has its "
                                    "own '# Title'; use '##' with '{ #stable-id }'"))
        return problems
    if not h1:
        problems.append(Problem(path, None, "no H1 title: start the body with '# Title'"))
    for number in h1[1:]:
        problems.append(Problem(path, number, "second H1: a page has exactly one '# Title'; use '##'"))
    return problems


def check_active_content(path: str, text: str) -> list[Problem]:
    """Raw `<script>`, inline event handlers (`onerror=`) and `javascript:` URLs, outside code."""
    problems = []
    for number, line, fenced in body_lines(text):
        if fenced:
            continue
        prose = INLINE_CODE.sub("", line)
        if SCRIPT_TAG.search(prose):
            problems.append(Problem(path, number, "raw <script> in a page: the site runs only its own "
                                    "script files (and its Content-Security-Policy blocks inline ones); "
                                    "show code in a fence, or add behaviour under docs/assets/javascripts/"))
        if EVENT_HANDLER.search(prose):
            problems.append(Problem(path, number, "inline event handler (on...=) in HTML: it would run "
                                    "script from the page; remove it (use Markdown, or a script under "
                                    "docs/assets/javascripts/)"))
        if SCRIPT_URL.search(prose):
            problems.append(Problem(path, number, "'javascript:' URL: links must go to pages or sites; "
                                    "remove it (put code in `backticks` if it is an example)"))
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


def check_page(path: str, text: str, allowed_tags: set[str], root: Path = ROOT) -> list[Problem]:
    """Every check that applies to one Markdown page."""
    return (check_front_matter(path, text, allowed_tags) + check_trust(path, text)
            + check_headings(path, text, root) + check_garbled(path, text) + check_images(path, text)
            + check_active_content(path, text) + check_diagrams(path, text))


def check_snippet(path: str, text: str, root: Path = ROOT) -> list[Problem]:
    """Checks for included fragments (no front matter or H1 of their own)."""
    return (check_headings(path, text, root, page=False) + check_garbled(path, text)
            + check_images(path, text) + check_active_content(path, text) + check_diagrams(path, text))


def read_source(path: str, data: bytes, limit: int = MAX_PAGE_BYTES) -> tuple[str | None, list[Problem]]:
    """A source file's text, or None and the problem: not UTF-8, a byte-order mark, too big."""
    if len(data) > limit:
        return None, [Problem(path, None, f"{len(data) / 1_000_000:.1f} MB, over the "
                              f"{limit / 1_000_000:g} MB limit for a page: a page this size slows the "
                              "build and every reader's search; split it into several pages")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        return None, [Problem(path, None, f"not UTF-8 (byte 0x{data[error.start]:02x} at line {line}): "
                              "re-save as UTF-8")]
    if text.startswith("\ufeff"):
        return None, [Problem(path, 1, "starts with a UTF-8 byte-order mark (BOM), which hides the "
                              "front matter: re-save as UTF-8 without BOM")]
    return text, []


def check_tree(root: Path, tags: set[str]) -> list[Problem]:
    """Every page and snippet of the project at `root`; `tags` are the allowed tags."""
    problems = []
    for page in sorted((root / "docs").rglob("*.md")):
        rel = str(page.relative_to(root))
        text, unreadable = read_source(rel, page.read_bytes())
        problems += unreadable if text is None else check_page(rel, text, tags, root)
    for snippet in sorted((root / "includes").rglob("*.md")):
        rel = str(snippet.relative_to(root))
        text, unreadable = read_source(rel, snippet.read_bytes())
        if text is None:
            problems += unreadable
            continue
        problems += check_snippet(rel, text, root)
        if snippet.name == "abbreviations.md":
            problems += check_abbreviations(rel, text)
    return problems + check_stylesheets(root)


def main(argv: list[str] | None = None) -> int:
    argparse.ArgumentParser(description=__doc__).parse_args(argv)
    from awsnotes import config

    status = report(check_tree(ROOT, config.allowed_tags(config.load())), "the page sources")
    if status == 0:
        print("Page sources: OK")
    return status


if __name__ == "__main__":
    sys.exit(main())
