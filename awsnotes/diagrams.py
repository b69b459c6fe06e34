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


def short_number(match: re.Match) -> str:
    """A coordinate to a tenth of a CSS pixel: a twentieth of a pixel off at most, never visible."""
    text = f"{float(match.group(0)):.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def share_style(svg: str, on_page: set[str]) -> str:
    """Give the SVG's Mermaid stylesheet to every diagram of the page that has the same one.

    Mermaid scopes a full stylesheet (about 10 KB) to each SVG's id, and a
    page's diagrams of one kind (flowcharts, sequence diagrams) carry the
    same rules. Scoped instead by a class named after the rules, the sheet
    is kept in the first SVG that uses it (`on_page` holds the classes the
    page already has) and dropped from the others: a style element in an
    inline SVG applies to the whole document.
    """
    tag, style = SVG_TAG.search(svg), SVG_STYLE.search(svg)
    scope = SVG_ID.search(tag.group(0)) if tag else None
    if not (tag and style and scope):
        return svg
    rules = re.sub(f"#{re.escape(scope.group(1))}(?![\\w-])", ".{scope}", style.group(1))
    name = "diagram-style-" + hashlib.sha256(rules.encode("utf-8")).hexdigest()[:8]
    kept = "" if name in on_page else f"<style>{rules.replace('.{scope}', '.' + name)}</style>"
    on_page.add(name)
    classes = SVG_CLASS.search(tag.group(0))
    opening = (tag.group(0).replace(classes.group(0), f' class="{classes.group(1)} {name}"', 1) if classes
               else tag.group(0).replace("<svg", f'<svg class="{name}"', 1))
    return svg[:tag.start()] + opening + svg[tag.end():style.start()] + kept + svg[style.end():]


def compact(svg: str, on_page: set[str]) -> str:
    """The SVG as a page carries it: one stylesheet per kind of diagram, coordinates to 0.1 px."""
    svg = GEOMETRY.sub(lambda m: m.group(1) + DECIMAL.sub(short_number, m.group(2)) + '"', svg)
    return share_style(svg, on_page)


def load(key: str, cache_dir: Path | None = None) -> str | None:
    """The stored SVG for a key, or None (also for a stored Mermaid error drawing)."""
    path = (cache_dir or CACHE_DIR) / f"{key}.svg"
    svg = path.read_text(encoding="utf-8") if path.is_file() else None
    return None if svg is None or is_error_svg(svg) else svg


NATURAL_WIDTH = re.compile(r'<svg[^>]*style="[^"]*max-width:\s*([0-9.]+)px')
# A desktop's text column (Material with both sidebars) is 688 px wide, and site.css
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
