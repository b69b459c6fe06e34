"""Helpers shared by the browser tests: a local server and a recording browser page."""

from __future__ import annotations

import html
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from awsnotes import site as built_site
from awsnotes.diagrams import diagram_count  # noqa: F401
from awsnotes.site import is_redirect_stub  # noqa: F401
from awsnotes.browser import CHROMIUM_ARGS, OPEN_SHADOW_ROOTS, SiteServer, chromium_path  # noqa: F401

ROOT = Path(__file__).resolve().parent.parent
# What a throwaway copy of the project needs to build.
PROJECT_PARTS = ["mkdocs.yml", "requirements.txt", "requirements-test.txt", "requirements.lock",
                 "requirements-test.lock", "awsnotes", "docs", "includes", "overrides", "scripts", "links",
                 "diagrams"]


def copy_project(destination: Path) -> Path:
    """A throwaway copy of the project, for breaking on purpose."""
    destination.mkdir(parents=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, destination / part, ignore=shutil.ignore_patterns("__pycache__", "site"))
        else:
            shutil.copy2(source, destination / part)
    return destination


def write_site(root: Path, files: dict[str, str | bytes]) -> Path:
    """A small built site made of the given files (replacing any at `root`)."""
    if root.exists():
        shutil.rmtree(root)
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode() if isinstance(content, str) else content)
    return root


DIAGRAM_SOURCE = re.compile(r'<pre [^>]*class="mermaid"[^>]*><code>(.*?)</code></pre>', re.S)


@dataclass
class Recorder:
    """Everything a page did that a test may fail on."""

    base: str
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def attach(self, page) -> None:
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("console", lambda msg: msg.type == "error" and self.console_errors.append(msg.text))
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))

    def foreign_requests(self) -> list[str]:
        own = urlsplit(self.base).netloc
        return [url for url in self.requests
                if urlsplit(url).scheme in ("http", "https", "ws", "wss") and urlsplit(url).netloc != own]

    def clear(self) -> None:
        self.requests.clear()
        self.console_errors.clear()
        self.page_errors.clear()


def site_pages(site: Path) -> list[str]:
    """URL paths of every page of a built site (404 and redirect stubs excluded)."""
    return [page.url for page in built_site.pages(site)]


def normalize(path: str) -> str:
    return re.sub(r"/+", "/", path)


def diagram_sources(page_html: str) -> list[str]:
    """The Mermaid source of every diagram on a built page."""
    return [html.unescape(source) for source in DIAGRAM_SOURCE.findall(page_html)]


# Diagrams are either prerendered SVGs (div.diagram) or drawn by Material in
# the browser (pre.mermaid becomes div.mermaid with an SVG in its shadow root).
DIAGRAM_STATE = """() => {
  const hosts = [...document.querySelectorAll("article div.mermaid")];
  return {
    pending: document.querySelectorAll("article pre.mermaid").length,
    rendered: hosts.filter(h => h.shadowRoot && h.shadowRoot.querySelector("svg")).length
      + document.querySelectorAll("article div.diagram > svg").length,
  };
}"""



def wait_for_diagrams(page, expected: int, timeout_ms: int = 20000) -> dict:
    """Wait until `expected` diagrams are SVGs; return the final state either way."""
    try:
        page.wait_for_function(
            f"() => ({DIAGRAM_STATE})().rendered >= {expected} && ({DIAGRAM_STATE})().pending === 0",
            timeout=timeout_ms)
    except Exception:
        pass
    return page.evaluate(DIAGRAM_STATE)


PARSE_DIAGRAMS = """async (sources) => {
  const errors = [];
  for (let i = 0; i < sources.length; i++) {
    try { await window.mermaid.parse(sources[i]); }
    catch (error) { errors.push([i, String(error && error.message || error).split("\\n").slice(0, 4).join(" ")]); }
  }
  return errors;
}"""


def diagram_syntax_errors(page, sources: list[str]) -> list[tuple[int, str]]:
    """Parse each Mermaid source with the site's own library; return (index, error) pairs."""
    return [tuple(item) for item in page.evaluate(PARSE_DIAGRAMS, sources)]


SEARCH_STATE = """() => [...document.querySelectorAll(".md-search-result__item > a")].map(a => a.href)"""


def search_box(page, query: str, settle_ms: int = 400, timeout_ms: int = 6000) -> list[str]:
    """Type `query` into Material's search box; return result page paths, best first.

    The page must already be open. Clears the box first (so no stale results
    remain), types like a reader, then waits until the result list is stable.
    """
    page.locator("label.md-search__icon, .md-search__input").first.click()
    box = page.locator("input.md-search__input")
    box.fill("")
    page.wait_for_function(f"() => ({SEARCH_STATE})().length === 0", timeout=timeout_ms)
    box.press_sequentially(query, delay=15)
    previous, stable_for, waited = None, 0, 0
    while waited < timeout_ms:
        page.wait_for_timeout(50)
        waited += 50
        current = page.evaluate(SEARCH_STATE)
        stable_for = stable_for + 50 if current == previous else 0
        previous = current
        if current and stable_for >= settle_ms:
            break
        if not current and waited >= 1500:  # nothing found
            break
    paths = []
    for href in previous or []:
        path = normalize("/" + href.split("://", 1)[1].split("/", 1)[1].split("#")[0].split("?")[0])
        if path not in paths:
            paths.append(path)
    return paths
