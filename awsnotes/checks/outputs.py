"""Did every build hook run? Each hook's output, looked for in the built site.

MkDocs runs the hooks listed in mkdocs.yml; a toolchain that ignores them
(Zensical ignores `hooks:` without a word) or a hook dropped from the list
would otherwise publish a site without prerendered diagrams, glossary,
search keywords, anchor redirects, quiet acronyms, link-preview images,
cache-friendly asset names, build-time table wrappers or Material's stylesheets
without the rules the site cannot use. Each check
below looks for what one hook leaves behind and names the hook when it is
missing.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

from awsnotes import site as built_site
from awsnotes import diagrams, tables, unused_css
from awsnotes.problems import Problem

DIAGRAM_STYLESHEET_LINK = re.compile(r'<link rel="stylesheet" href="[^"]*/stylesheets/diagrams(?:\.[0-9a-f]+)?\.css"')
UNKEYED_DIAGRAM = re.compile(r'<pre\s+(?:id="[^"]*"\s+)?class="mermaid"><code>')
INDENTED_LINE = re.compile(r"\n[ \t]+<")
GLOSSARY_MARKER = "{{ glossary }}"
ANCHOR_PLACEHOLDER = "/* links/anchor-redirects.yml */ {}"
UNHASHED_ASSETS = ("assets/stylesheets/site.css", "assets/stylesheets/diagrams.css",
                   "assets/javascripts/start.js", "assets/javascripts/site.js",
                   "assets/javascripts/diagram-viewer.js")


def diagrams_ran(site: Path) -> str | None:
    for page in built_site.pages(site):
        html = page.html()
        if UNKEYED_DIAGRAM.search(html):
            return f"{page.url} has a Mermaid diagram that was neither prerendered nor keyed"
        if diagrams.diagram_count(html) and not DIAGRAM_STYLESHEET_LINK.search(html):
            return f"{page.url} has a diagram but no link to the diagrams' stylesheet"
    return None


def glossary_ran(site: Path) -> str | None:
    texts = [(page.url, page.html()) for page in built_site.pages(site)]
    for url, text in texts:
        if GLOSSARY_MARKER in text:
            return f"{url} still shows the {GLOSSARY_MARKER} marker"
    if not any("<abbr " in text for _, text in texts):
        return "no page has an acronym tooltip"
    return None


def search_ran(site: Path) -> str | None:
    index = site / "search" / "search_index.json"
    if not index.is_file():
        return "search/search_index.json is missing"
    data = json.loads(index.read_text(encoding="utf-8"))
    if not any(doc.get("keywords") for doc in data.get("docs", [])):
        return "no search entry carries the pages' front-matter keywords"
    if "synonyms" not in data.get("config", {}):
        return "the search index has no synonym table"
    return None


def links_ran(site: Path) -> str | None:
    for script in (site / "assets" / "javascripts").glob("*.js"):
        if ANCHOR_PLACEHOLDER in script.read_text(encoding="utf-8"):
            return f"{script.relative_to(site).as_posix()} still holds the empty placeholder map"
    return None


def trust_ran(site: Path) -> str | None:
    texts = [page.html() for page in built_site.pages(site)]
    if any("{{ corrections }}" in text for text in texts):
        return "a page still shows the {{ corrections }} marker"
    if not any('class="page-dates"' in text for text in texts):
        return "no page shows its verified date"


def security_ran(site: Path) -> str | None:
    for page in built_site.pages(site):
        if 'http-equiv="Content-Security-Policy"' not in page.html():
            return f"{page.url} has no Content-Security-Policy <meta> tag"
    return None


def fingerprint_ran(site: Path) -> str | None:
    left = [name for name in UNHASHED_ASSETS if (site / name).is_file()]
    if left:
        return f"{', '.join(left)} kept their plain names"
    for sheet in site.glob(tables.MATERIAL_STYLESHEET):
        if tables.WIDENED_SELECTOR not in sheet.read_text(encoding="utf-8"):
            return f"{sheet.relative_to(site).as_posix()} does not style the tables the build wraps"
    # Every page's palette toggle carries every colour the site sets: the home page's will do.
    home = (site / "index.html").read_text(encoding="utf-8") if (site / "index.html").is_file() else ""
    colours = set(unused_css.COLOUR_ATTRIBUTE.findall(home))
    for sheet in site.glob(unused_css.PALETTE_STYLESHEET):
        unused = set(unused_css.COLOUR.findall(sheet.read_text(encoding="utf-8"))) - colours
        if unused:
            return (f"{sheet.relative_to(site).as_posix()} still has the palette colours no page uses "
                    f"({', '.join(sorted(unused)[:3])}, ...)")
    return None


def tables_ran(site: Path) -> str | None:
    for page in built_site.pages(site):
        if tables.UNCLASSED_TABLE.search(page.html()):
            return f"{page.url} has a table without Material's wrappers"
    return None


def reading_ran(site: Path) -> str | None:
    if not any('class="first-use"' in page.html() for page in built_site.pages(site)):
        return "no page marks the first use of an acronym"
    if not re.search(r"<body\b[^>]*\bdata-md-color-media=", (site / "index.html").read_text(encoding="utf-8")):
        return "the home page's <body> does not carry the palette's settled attributes"
    return None


def payload_ran(site: Path) -> str | None:
    if not any((site / "assets" / "javascripts").glob("start*.js")):
        return "assets/javascripts/start.js, which every page loads, is missing"
    if INDENTED_LINE.search((site / "index.html").read_text(encoding="utf-8")):
        return "the home page still has the templates' indentation"
    return None


def previews_ran(site: Path) -> str | None:
    missing = [name for name in ("favicon.ico", "apple-touch-icon.png", "assets/previews/index.png")
               if not (site / name).is_file()]
    return f"{', '.join(missing)} missing" if missing else None


# hook file -> (check, what the site lacks without it)
HOOKS: dict[str, tuple[Callable[[Path], str | None], str]] = {
    "overrides/hooks/diagrams.py": (diagrams_ran, "prerendered diagrams and their stylesheet"),
    "overrides/hooks/glossary.py": (glossary_ran, "acronym tooltips and the generated glossary"),
    "overrides/hooks/search.py": (search_ran, "search keywords"),
    "overrides/hooks/links.py": (links_ran, "anchor redirects and accessible redirect pages"),
    "overrides/hooks/trust.py": (trust_ran, "verified dates, sources and the corrections page"),
    "overrides/hooks/security.py": (security_ran, "the Content-Security-Policy for hosts without headers"),
    "overrides/hooks/reading.py": (reading_ran, "quiet acronyms, prompt-free command copying and a quiet palette start"),
    "overrides/hooks/previews.py": (previews_ran, "link-preview images and icons"),
    "overrides/hooks/tables.py": (tables_ran, "tables wrapped at build time (Material's bundle would "
                                  "restyle each one after load)"),
    "overrides/hooks/payload.py": (payload_ran, "its scripts (pages would load start-up files that are not there) "
                                   "and compact pages"),
    "overrides/hooks/fingerprint.py": (fingerprint_ran, "content-hashed asset names, "
                                       "Material's table rules for the wrapped tables and Material's "
                                       "stylesheets without what the site cannot use"),
}


def check_outputs(site: Path) -> list[Problem]:
    """One problem per hook whose output is missing from the built site."""
    problems = []
    for hook, (check, provides) in HOOKS.items():
        missing = check(site)
        if missing:
            problems.append(Problem("mkdocs.yml", None,
                f"the build hook {hook} did not run ({missing}), so the site lacks {provides}: "
                f"list it under `hooks:` in mkdocs.yml and build with `python3 scripts/build.py` "
                f"(toolchains that ignore MkDocs hooks, such as Zensical, cannot build this site)"))
    return problems
