"""Helpers shared by the browser tests: a local server and a recording browser page."""

from __future__ import annotations

import html
import importlib.util
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
# axe-core, vendored for the tests (tests/vendor/axe-core.VERSION.txt records its release and hash).
[AXE] = (ROOT / "tests" / "vendor").glob("axe-*.min.js")
# What a throwaway copy of the project needs to build.
PROJECT_PARTS = ["mkdocs.yml", "requirements.txt", "requirements-test.txt", "requirements.lock",
                 "requirements-test.lock", "awsnotes", "docs", "includes", "overrides", "scripts", "links",
                 "diagrams"]
# Reused when present, as a maintainer's clone would: link-preview images already drawn.
CACHES = [".cache"]


def load_hook(name: str):
    """overrides/hooks/NAME.py as a module (hooks are files MkDocs loads, not a package)."""
    spec = importlib.util.spec_from_file_location(f"{name}_hook", ROOT / "overrides" / "hooks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def copy_project(destination: Path) -> Path:
    """A throwaway copy of the project, for breaking on purpose."""
    destination.mkdir(parents=True)
    for part in PROJECT_PARTS + [c for c in CACHES if (ROOT / c).is_dir()]:
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


LOADING = "Loading search…"
# Every result link, grouped by page as Material shows them: its address, its
# score (Enter opens the highest of the first page's), whether it is visible
# (not folded under "N more on this page"), its text and its "Missing:" terms.
SEARCH_STATE = """() => [...document.querySelectorAll(".md-search-result__item")].map(li =>
  [...li.querySelectorAll("a.md-search-result__link")].map(a => ({
    href: a.href,
    score: parseFloat(a.querySelector("article").dataset.mdScore),
    visible: !a.closest("details"),
    text: (article => { article.querySelector(".md-search-result__terms")?.remove(); return article.textContent; })(
      a.querySelector("article").cloneNode(true)),
    teaser: [...a.querySelector("article").childNodes].some(node => node.textContent.trim()
      && !(node.matches && node.matches("h1, h2, nav, .md-search-result__icon, .md-search-result__terms"))),
    missing: [...a.querySelectorAll(".md-search-result__terms del")].map(del => del.textContent),
  })))"""
SEARCH_SETTLED = """([loading, none]) => {
  const meta = document.querySelector(".md-search-result__meta").textContent;
  return document.querySelectorAll(".md-search-result__item").length > 0 || meta === none;
}"""


@dataclass(frozen=True)
class SearchLink:
    location: str  # "page/path/#anchor" or "page/path/", relative to the site root
    score: float
    visible: bool
    text: str
    teaser: bool  # shows text from the page or section, not only its title
    missing: tuple[str, ...]
    href: str  # the link as Material wrote it: the address, `?h=` the terms, `#` the section


@dataclass(frozen=True)
class SearchResults:
    groups: list[list[SearchLink]]

    @property
    def target(self) -> SearchLink | None:
        """What Enter opens: the highest-scored link of the first page (the first on a tie)."""
        if not self.groups:
            return None
        return max(self.groups[0], key=lambda link: link.score)

    def visible(self, pages: int = 3) -> list[SearchLink]:
        return [link for group in self.groups[:pages] for link in group if link.visible]


def site_location(href: str) -> str:
    """'http://host/networking/vpc/?h=nacl#nacl' -> 'networking/vpc/#nacl'."""
    parts = urlsplit(href)
    return normalize(parts.path).lstrip("/") + (f"#{parts.fragment}" if parts.fragment else "")


def open_search(page) -> None:
    """Focus the search box as a reader does (the header's search button on a phone)."""
    page.locator("label.md-search__icon, .md-search__input").first.click()


def search(page, query: str, timeout_ms: int = 15000) -> SearchResults:
    """Type `query` into Material's search box; return the results it shows.

    Deterministic: the box is cleared (one empty query), then the query is
    filled in and its last key pressed, so exactly one query reaches the
    search worker; the results are read once they are rendered.
    """
    open_search(page)
    box = page.locator("input.md-search__input")
    page.wait_for_function(f"() => document.querySelector('.md-search-result__meta').textContent !== {LOADING!r}",
                           timeout=timeout_ms)
    translations = page.evaluate("() => JSON.parse(document.getElementById('__config').textContent).translations")
    box.fill("")
    box.press("Shift")  # a keyup: Material searches for "" and shows its placeholder
    page.wait_for_function(
        "(placeholder) => document.querySelectorAll('.md-search-result__item').length === 0"
        " && document.querySelector('.md-search-result__meta').textContent === placeholder",
        arg=translations["search.result.placeholder"], timeout=timeout_ms)
    box.fill(query[:-1])
    box.press(query[-1])
    page.wait_for_function(SEARCH_SETTLED, arg=[LOADING, translations["search.result.none"]], timeout=timeout_ms)
    return SearchResults([[SearchLink(site_location(link["href"]), link["score"], link["visible"], link["text"],
                                      link["teaser"], tuple(link["missing"]), link["href"]) for link in group]
                          for group in page.evaluate(SEARCH_STATE)])


HEADING_IN_VIEW = """(id) => {
  const heading = id ? document.getElementById(id) : document.querySelector("article h1");
  if (!heading) return false;
  const box = heading.getBoundingClientRect();
  const header = document.querySelector(".md-header").getBoundingClientRect();
  return box.top >= header.bottom - 2 && box.bottom <= innerHeight;
}"""


def landed(page, location: str, timeout_ms: int = 10000) -> bool:
    """True when the page at `location` is open with its heading in view below the
    fixed header and a clean address (no ?h=)."""
    path, _, anchor = location.partition("#")
    try:
        page.wait_for_function(
            "([path, hash]) => location.pathname.replace(/\\/+/g, '/').endsWith('/' + path) "
            "&& location.hash === hash && !new URLSearchParams(location.search).has('h')",
            arg=[path, f"#{anchor}" if anchor else ""], timeout=timeout_ms)
        page.wait_for_function(HEADING_IN_VIEW, arg=anchor, timeout=timeout_ms)
    except Exception:  # Playwright's TimeoutError: not landed
        return False
    return True


def search_box(page, query: str) -> list[str]:
    """Result page paths, best first (as /path/), for tests that only need pages."""
    paths = []
    for group in search(page, query).groups:
        path = "/" + group[0].location.split("#")[0]
        if path not in paths:
            paths.append(path)
    return paths


def quick_transitions(page, rate: float = 50) -> None:
    """Play the page's CSS transitions `rate` times faster, on this page and the ones it navigates to
    (Chrome's animation timeline, through the DevTools protocol). A sweep that waits for colours to
    settle after each scheme switch (use_scheme) then waits milliseconds instead of the theme's 250."""
    session = page.context.new_cdp_session(page)
    session.send("Animation.enable")
    session.send("Animation.setPlaybackRate", {"playbackRate": rate})


def use_scheme(page, scheme: str) -> None:
    """Set the system colour scheme and wait until Material's automatic palette follows it and
    the colours have finished their transitions (links fade to their new colour)."""
    page.emulate_media(color_scheme=scheme)
    page.wait_for_function("""(want) => document.body.getAttribute("data-md-color-scheme") === want
        && document.getAnimations().every(animation => !(animation instanceof CSSTransition))""",
                           arg="slate" if scheme == "dark" else "default")
