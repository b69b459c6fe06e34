"""Check the built site: internal links resolve, and nothing loads from other hosts.

    .venv/bin/python -m awsnotes.checks.site [site]

Every `<a href>` inside the site must point at an existing file and, when it
has a `#fragment`, at an element with that id. Every resource a page loads
(scripts, stylesheets, images, fonts, icons, frames, CSS `url()` and
`@import`) must come from the site itself. No page may carry code that
the site's Content-Security-Policy blocks: inline scripts other than the two
it allows by their hashes, `on...=` event handlers, `javascript:` URLs.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from awsnotes.payload import INLINE_SCRIPTS
from awsnotes.problems import Problem, report

from awsnotes import ROOT

LOADING_ATTRIBUTES = {
    "script": ["src"], "img": ["src", "srcset"], "source": ["src", "srcset"], "iframe": ["src"],
    "video": ["src", "poster"], "audio": ["src"], "embed": ["src"], "object": ["data"],
    "image": ["href", "xlink:href"], "use": ["href", "xlink:href"],
}
# <link rel=...> values that make the browser fetch the target.
LOADING_RELS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "preload", "prefetch",
                "modulepreload", "manifest", "preconnect", "dns-prefetch", "mask-icon"}
# <script> types that hold data, not code (Material's configuration is application/json).
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json", "text/template"}
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)|@import\s+['"]([^'"]+)['"]""")


@dataclass
class ParsedPage:
    ids: set[str] = field(default_factory=set)
    links: list[tuple[int, str]] = field(default_factory=list)       # (line, href) of <a>
    resources: list[tuple[int, str]] = field(default_factory=list)   # (line, url) loaded
    inline_code: list[tuple[int, str]] = field(default_factory=list)  # (line, what) the CSP blocks


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = ParsedPage()
        self._in_style = False
        self._script_line: int | None = None  # line of the inline <script> being read
        self._script_code: list[str] = []

    def handle_starttag(self, tag, attrs):
        line = self.getpos()[0]
        values = dict(attrs)
        for key in ("id", "name"):
            if values.get(key) and (key == "id" or tag == "a"):
                self.page.ids.add(values[key])
        if tag == "a" and values.get("href") is not None:
            self.page.links.append((line, values["href"]))
        if tag == "link":
            rels = set((values.get("rel") or "").lower().split())
            if rels & LOADING_RELS and values.get("href"):
                self.page.resources.append((line, values["href"]))
        for attr in LOADING_ATTRIBUTES.get(tag, []):
            value = values.get(attr)
            if value:
                urls = [part.strip().split()[0] for part in value.split(",") if part.strip()] \
                    if attr == "srcset" else [value]
                self.page.resources += [(line, url) for url in urls]
        self._script_line = line if tag == "script" and not values.get("src") \
            and values.get("type") not in DATA_SCRIPT_TYPES else None
        self._script_code = []
        for name, value in values.items():
            if name.startswith("on"):
                self.page.inline_code.append((line, f"inline event handler '{name}='"))
            elif name in ("href", "src", "action", "formaction") and value \
                    and value.strip().lower().startswith("javascript:"):
                self.page.inline_code.append((line, f"'javascript:' URL in {name}="))
        if values.get("style"):
            self.page.resources += [(line, url) for url in css_urls(values["style"])]
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False
        if tag == "script" and self._script_line is not None:
            if "".join(self._script_code) not in INLINE_SCRIPTS:
                self.page.inline_code.append((self._script_line, "inline <script>"))
            self._script_line = None

    def handle_data(self, data):
        if self._script_line is not None:
            self._script_code.append(data)
        if self._in_style:
            line = self.getpos()[0]
            self.page.resources += [(line, url) for url in css_urls(data)]


def css_urls(css: str) -> list[str]:
    """URLs a stylesheet loads through url() and @import."""
    return [a or b for a, b in CSS_URL.findall(css) if not (a or b).startswith("data:")]


def parse_html(html: str) -> ParsedPage:
    parser = _Parser()
    parser.feed(html)
    return parser.page


def is_external(url: str, own_hosts: set[str]) -> bool:
    """True when loading `url` would contact a host other than the site's own."""
    parts = urlsplit(url.strip())
    if parts.scheme in ("data", "blob", "javascript", "about"):
        return False
    return bool(parts.netloc) and parts.hostname not in own_hosts


def target_of(page_url: str, href: str) -> tuple[str, str] | None:
    """Resolve an internal href from a page to (site path, fragment); None if not internal."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith(("mailto:", "tel:", "javascript:")):
        return None
    resolved = urlsplit(urljoin("/" + page_url, href))
    return unquote(resolved.path), unquote(resolved.fragment)


def file_for(site: Path, path: str) -> Path | None:
    candidate = site / path.lstrip("/")
    if path.endswith("/") or candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def check_site(site: Path, own_hosts: set[str], inline_scripts_allowed: bool = False) -> list[Problem]:
    """Problems of a built site; `inline_scripts_allowed` only for the diagram renderer's private build."""
    pages: dict[Path, ParsedPage] = {}
    for html_file in sorted(site.rglob("*.html")):
        pages[html_file] = parse_html(html_file.read_text(encoding="utf-8"))
    problems = []
    for html_file, page in pages.items():
        rel = html_file.relative_to(site).as_posix()
        url = rel[: -len("index.html")] if rel.endswith("index.html") else rel
        for line, what in ([] if inline_scripts_allowed else page.inline_code):
            problems.append(Problem(f"site/{rel}", line, f"{what}: the site's Content-Security-Policy "
                                    "(awsnotes/http_policy.py) blocks it; load a script file from "
                                    "docs/assets/javascripts/ instead"))
        if rel == "404.html":
            continue  # served at any depth: its links are site-absolute by design
        for line, href in page.links:
            target = target_of(url, href)
            if target is None or not href:
                continue
            path, fragment = target
            target_file = file_for(site, path)
            if target_file is None:
                problems.append(Problem(f"site/{rel}", line, f"broken link '{href}': no page at {path}; "
                                        "fix the link in the page's Markdown source"))
            elif fragment and target_file.suffix == ".html":
                ids = pages[target_file].ids if target_file in pages else set()
                if fragment not in ids:
                    problems.append(Problem(f"site/{rel}", line, f"link '{href}' points at a missing "
                                            f"anchor '#{fragment}' on {path}: add '{{ #{fragment} }}' to "
                                            "the heading or fix the link"))
        for line, resource in page.resources:
            if is_external(resource, own_hosts):
                problems.append(Problem(f"site/{rel}", line, f"loads '{resource}' from another host: "
                                        "serve it from docs/assets/ instead"))
    for css_file in sorted(site.rglob("*.css")):
        for number, text in enumerate(css_file.read_text(encoding="utf-8").splitlines(), start=1):
            for resource in css_urls(text):
                if is_external(resource, own_hosts):
                    problems.append(Problem(f"site/{css_file.relative_to(site).as_posix()}", number,
                                            f"stylesheet loads '{resource}' from another host"))
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site", nargs="?", default=str(ROOT / "site"), help="built site directory")
    parser.add_argument("--host", action="append", default=[], help="the site's own host name(s)")
    args = parser.parse_args(argv)
    status = report(check_site(Path(args.site), set(args.host)), "the built site")
    if status == 0:
        print("Built site: OK")
    return status


if __name__ == "__main__":
    sys.exit(main())
