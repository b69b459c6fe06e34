"""The one reader of a built site: its pages, its redirect stubs, their URLs.

Every command and test that walks a built site goes through here, so "which
files are pages" and "which URL a file is served at" are decided once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

REDIRECT_STUB = re.compile(r"<meta\s+http-equiv=[\"']?refresh", re.I)


def is_redirect_stub(html: str) -> bool:
    """True for the small pages that only send the reader elsewhere (moved pages, short links)."""
    return bool(REDIRECT_STUB.search(html)) and "<article" not in html


def url_of(src: str) -> str:
    """Site URL path of a Markdown source: `networking/vpc.md` -> `/networking/vpc/`."""
    stem = src[:-3] if src.endswith(".md") else src
    parts = [part for part in stem.split("/") if part]
    if parts and parts[-1] in ("index", "README"):
        parts.pop()
    return "/" + "".join(part + "/" for part in parts)


def url_of_file(site: Path, html_file: Path) -> str:
    """URL path a built file is served at: `site/a/b/index.html` -> `/a/b/`, `site/404.html` -> `/404.html`."""
    rel = html_file.relative_to(site).as_posix()
    if rel == "index.html" or rel.endswith("/index.html"):
        return url_of(rel[: -len("index.html")])
    return "/" + rel


@dataclass(frozen=True)
class Page:
    url: str
    file: Path

    def html(self) -> str:
        return self.file.read_text(encoding="utf-8")


def _index_files(site: Path) -> list[Path]:
    return sorted(site.rglob("index.html"))


def pages(site: Path) -> list[Page]:
    """Every page of a built site, redirect stubs and the 404 page left out, by URL."""
    found = [Page(url_of_file(site, f), f) for f in _index_files(site)
             if not is_redirect_stub(f.read_text(encoding="utf-8"))]
    return sorted(found, key=lambda page: page.url)


def redirect_stubs(site: Path) -> list[Page]:
    """Every redirect stub of a built site, by URL."""
    found = [Page(url_of_file(site, f), f) for f in _index_files(site)
             if is_redirect_stub(f.read_text(encoding="utf-8"))]
    return sorted(found, key=lambda page: page.url)
