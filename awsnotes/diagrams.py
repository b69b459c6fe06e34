"""Prerendered diagrams: the SVG of every Mermaid diagram, keyed by its source.

`python3 scripts/render_diagrams.py` renders each diagram once in Chromium
with the site's own Mermaid and Material's diagram theme, and stores the SVG
in diagrams/<key>.svg. The build then puts the SVG straight into the page,
so readers get the diagram with the text and download no diagram code.
A diagram whose source changed has no stored SVG yet: it is rendered in the
reader's browser, as before, until the render command is run again.

The SVG's colours are Material's CSS variables, so one SVG serves the light
and the dark scheme.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import NamedTuple

from awsnotes import ROOT

CACHE_DIR = ROOT / "diagrams"
VENDOR_DIR = ROOT / "docs" / "assets" / "javascripts" / "vendor"
LOADER = ROOT / "docs" / "assets" / "javascripts" / "diagram-loader.js"
# The diagrams' own stylesheet, linked only from pages that have a diagram (overrides/hooks/diagrams.py).
STYLESHEET = "assets/stylesheets/diagrams.css"
# What the render command does to each rendered diagram (moves container titles clear).
FINISH = Path(__file__).with_name("diagram_finish.js")
# Bump to re-render every diagram when the way SVGs are stored changes.
FORMAT = "1"
RENDER_ID = re.compile(r"__mermaid_\d+")


def library_version(vendor_dir: Path = VENDOR_DIR) -> str:
    """Version of the vendored Mermaid, part of every key."""
    names = sorted(p.name for p in vendor_dir.glob("mermaid-*.min.js"))
    return names[0][len("mermaid-"):-len(".min.js")] if names else "unknown"


def renderer_version(vendor_dir: Path = VENDOR_DIR, loader: Path = LOADER, finish: Path = FINISH) -> str:
    """What draws a diagram: the Mermaid version, the loader that sets its layout and the finish."""
    digests = [hashlib.sha256(path.read_bytes()).hexdigest()[:12] if path.is_file() else "none"
               for path in (loader, finish)]
    return f"{library_version(vendor_dir)}+{'+'.join(digests)}"


def diagram_key(source: str, version: str) -> str:
    """Stable key of a diagram: its source, the renderer version and the storage format."""
    digest = hashlib.sha256(f"{FORMAT}\n{version}\n{source.strip()}".encode("utf-8"))
    return digest.hexdigest()[:20]


def scope_ids(svg: str, key: str, occurrence: int = 0) -> str:
    """Give the SVG ids (and its CSS, which is scoped by id) a page-unique name."""
    suffix = f"-{occurrence}" if occurrence else ""
    return RENDER_ID.sub(f"diagram-{key}{suffix}", svg)


SVG_STYLE = re.compile(r"<style>(.*?)</style>", re.S)
SVG_TAG = re.compile(r"<svg\b[^>]*>")
SVG_ID = re.compile(r'\sid="([^"]+)"')
SVG_CLASS = re.compile(r'\sclass="([^"]*)"')
# Geometry attributes whose numbers Mermaid writes with up to 15 decimals.
GEOMETRY = re.compile(r'(\s(?:d|points|transform|viewBox|x|y|x1|x2|y1|y2|cx|cy|r|rx|ry|width|height)=")([^"]*)"')
DECIMAL = re.compile(r"-?\d*\.\d+(?:e-?\d+)?")
# Each edge's points again, as base64 JSON, for Mermaid's own scripts: nothing on the site reads them.
EDGE_POINTS = re.compile(r'\sdata-points="[^"]*"')


def short_number(match: re.Match) -> str:
    """A coordinate to a tenth of a CSS pixel: a twentieth of a pixel off at most, never visible.

    Path data may run numbers together (`l.3.04`): one that follows a digit or a point without a
    sign gets a space, so it does not join the number before it once shortened (`.04` is `0`).
    """
    text = f"{float(match.group(0)):.1f}".rstrip("0").rstrip(".")
    text = "0" if text in ("-0", "") else text
    before = match.string[match.start() - 1] if match.start() else " "
    return " " + text if (before.isdigit() or before == ".") and not text.startswith("-") else text


def compact(svg: str) -> str:
    """The SVG without what it needs no more: coordinates to 0.1 px, Mermaid's copy of the edges."""
    svg = EDGE_POINTS.sub("", svg)
    return GEOMETRY.sub(lambda m: m.group(1) + DECIMAL.sub(short_number, m.group(2)) + '"', svg)


def statements(css: str) -> list[str]:
    """Top-level rules and at-rules of minified CSS, each with its braces."""
    found, depth, start = [], 0, 0
    for index, char in enumerate(css):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                found.append(css[start:index + 1].strip())
                start = index + 1
    return found


def could_match(selector: str, classes: set[str]) -> bool:
    """False when the selector needs a class that no element has (classes inside :not() and
    attribute values aside)."""
    needed = re.findall(r"\.([\w-]+)", re.sub(r":not\([^)]*\)|\[[^\]]*\]", "", selector))
    return all(name in classes for name in needed)


def pruned(rules: str, classes: set[str]) -> str:
    """Mermaid's stylesheet without the selectors that need a class the diagrams do not use
    (its rules cover every element any diagram of the kind could have), and without keyframes
    that no remaining rule animates with."""
    kept, keyframes = [], []
    for statement in statements(rules):
        if statement.startswith("@keyframes"):
            keyframes.append(statement)
            continue
        if statement.startswith("@"):
            kept.append(statement)
            continue
        selectors, _, body = statement.partition("{")
        matching = [s for s in selectors.split(",") if could_match(s, classes)]
        if matching:
            kept.append(",".join(matching) + "{" + body)
    text = "".join(kept)
    used = [frames for frames in keyframes if re.search(rf"\b{re.escape(frames.split()[1].split('{')[0])}\b", text)]
    return "".join(used) + text


class PageStyles:
    """The Mermaid stylesheets of one page's diagrams, each kept once, in one <style>.

    Mermaid scopes a full stylesheet (about 10 KB) to each SVG's id, and
    diagrams of one kind (flowcharts, sequence diagrams) carry the same
    rules. `take` scopes each SVG's rules by a class named after them instead
    and removes them from the SVG; `insert` puts each distinct stylesheet,
    pruned to the classes its diagrams use, once into the page's first
    diagram (a style element in an inline SVG applies to the whole document).
    """

    def __init__(self) -> None:
        self.sheets: dict[str, tuple[str, set[str]]] = {}  # class -> (rules, classes its diagrams use)

    def take(self, svg: str) -> str:
        tag, style = SVG_TAG.search(svg), SVG_STYLE.search(svg)
        scope = SVG_ID.search(tag.group(0)) if tag else None
        if not (tag and style and scope):
            return svg
        rules = re.sub(f"#{re.escape(scope.group(1))}(?![\\w-])", ".{scope}", style.group(1))
        name = "diagram-style-" + hashlib.sha256(rules.encode("utf-8")).hexdigest()[:8]
        classes = SVG_CLASS.search(tag.group(0))
        opening = (tag.group(0).replace(classes.group(0), f' class="{classes.group(1)} {name}"', 1) if classes
                   else tag.group(0).replace("<svg", f'<svg class="{name}"', 1))
        svg = svg[:tag.start()] + opening + svg[tag.end():style.start()] + svg[style.end():]
        used = {word for value in re.findall(r'\sclass="([^"]*)"', svg) for word in value.split()}
        self.sheets.setdefault(name, (rules.replace(".{scope}", "." + name), set()))[1].update(used)
        return svg

    def insert(self, html: str) -> str:
        first = re.search(r'<div class="diagram"[^>]*>\s*(<svg\b[^>]*>)', html)
        if not self.sheets or first is None:
            return html
        css = "".join(pruned(rules, classes) for rules, classes in self.sheets.values())
        return html[:first.end()] + f"<style>{css}</style>" + html[first.end():]


def load(key: str, cache_dir: Path | None = None) -> str | None:
    """The stored SVG for a key, or None (also for a stored Mermaid error drawing)."""
    path = (cache_dir or CACHE_DIR) / f"{key}.svg"
    svg = path.read_text(encoding="utf-8") if path.is_file() else None
    return None if svg is None or is_error_svg(svg) else svg


NATURAL_WIDTH = re.compile(r'<svg[^>]*style="[^"]*max-width:\s*([0-9.]+)px')
# A desktop's text column (Material with both sidebars) is 688 px wide, and diagrams.css
# never draws a diagram below three quarters of its natural size (12 px labels).
# A diagram wider than this has to scroll sideways on a desktop: reflow it.
COLUMN_PX, MIN_SCALE = 688, 0.75
MAX_WIDTH = round(COLUMN_PX / MIN_SCALE)
EMBEDDED = re.compile(r'<h[1-6] id="([^"]+)"|(<div class="diagram"[^>]*>)(.*?</svg>)</div>', re.S)
DIAGRAM_WIDTH = re.compile(r"--diagram-width: (\d+)px")


def embed(svg: str) -> str:
    """The HTML that replaces a Mermaid block: the SVG, kept out of the search index.

    The drawing's natural width goes along as `--diagram-width`, so narrow
    screens can show a wide diagram at a readable size and scroll it.
    """
    width = NATURAL_WIDTH.search(svg)
    style = f' style="--diagram-width: {float(width.group(1)):.0f}px"' if width else ""
    return f'<div class="diagram" data-search-exclude{style}>{svg}</div>'


def diagram_count(page_html: str) -> int:
    """Diagrams on a built page: prerendered SVGs and blocks left to the browser."""
    return page_html.count('<div class="diagram"') + page_html.count('<pre class="mermaid"')


def stylesheet_for(page_html: str) -> str | None:
    """STYLESHEET for a page (or a page's content) with a diagram; None for any other."""
    return STYLESHEET if diagram_count(page_html) else None


UNRENDERED_BLOCK = re.compile(r'<pre class="mermaid" data-diagram="([0-9a-f]+)"[^>]*><code>(.*?)</code>', re.S)
# What Mermaid draws instead of a diagram whose source it cannot parse.
ERROR_SVG = re.compile(r'aria-roledescription="error"|Syntax error in text', re.I)


def is_error_svg(svg: str) -> bool:
    """True for Mermaid's "Syntax error in text" drawing: never a diagram to store or publish."""
    return bool(ERROR_SVG.search(svg))


class Unrendered(NamedTuple):
    """A diagram of a built page that has no prerendered SVG (it would render in the browser)."""
    url: str
    key: str
    first_line: str

    def __str__(self) -> str:
        return (f"{self.url}: diagram {self.key} ('{self.first_line}') has no prerendered SVG: run "
                "`python3 scripts/render_diagrams.py` (it names any Mermaid syntax error) and commit diagrams/")


def unrendered(site: Path) -> list[Unrendered]:
    """Every diagram of a built site left to the reader's browser, by page."""
    import html

    from awsnotes import site as built_site

    found = []
    for page in built_site.pages(site):
        for key, code in UNRENDERED_BLOCK.findall(page.html()):
            lines = [line.strip() for line in html.unescape(code).splitlines() if line.strip()]
            found.append(Unrendered(page.url, key, lines[0][:60] if lines else ""))
    return found


class Embedded(NamedTuple):
    """A prerendered diagram on a built page."""
    heading: str  # id of the heading above it
    width: int    # natural width in px (0 if unknown)
    svg: str


def embedded_diagrams(page_html: str) -> list[Embedded]:
    """The prerendered diagrams of a built page, in order."""
    heading, found = "", []
    for match in EMBEDDED.finditer(page_html):
        if match.group(1):
            heading = match.group(1)
            continue
        width = DIAGRAM_WIDTH.search(match.group(2))
        found.append(Embedded(heading, int(width.group(1)) if width else 0, match.group(3)))
    return found
