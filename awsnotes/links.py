#!/usr/bin/env python3
"""Links that never break: the registry of every published page and anchor.

    python3 scripts/links.py            # check the built site/ against the registry
    python3 scripts/links.py --update   # build, then add new pages and anchors to it

links/registry.json lists every URL the site has published, short links
(`/sqs/`) and other redirect pages included, and, for each page, the anchors
people can link to: heading ids (the table of contents)
and explicit `{ #id }` anchors such as the glossary's terms. The build
(scripts/build.py) fails when a registered page or anchor disappears
without a redirect:

- a page: an entry under `redirects: redirect_maps:` in mkdocs.yml;
- an anchor: an entry in links/anchor-redirects.yml, which the hook
  overrides/hooks/links.py hands to the small script that follows it in
  the reader's browser.

Redirects are checked too: each must land on a page and anchor that exist.
The build never writes the registry; new pages and anchors only print a
notice until `--update` records them (the tests require it).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import yaml

from awsnotes import ROOT
from awsnotes.problems import Problem
from awsnotes.site import is_redirect_stub, pages as built_pages, redirect_stubs, url_of  # noqa: F401 (re-exported)

REGISTRY = "links/registry.json"
ANCHOR_REDIRECTS = "links/anchor-redirects.yml"
CONFIG = "mkdocs.yml"

# Ids that themes and extensions generate (tabs, code lines, footnotes, diagrams): not links.
INTERNAL_ID = re.compile(r"^(__|fn:|fnref\d*:)")
HEADINGS = {"h2", "h3", "h4", "h5", "h6"}
SOURCE_LINK = re.compile(r"^[\w./-]+\.md#[^\s#]+$")
TARGET_LINK = re.compile(r"^[\w./-]+\.md(#[^\s#]+)?$")

Pages = dict[str, set[str]]  # page URL ("/networking/vpc/") -> its anchors


@dataclass(frozen=True)
class Redirect:
    """One declared redirect: `source` (`page.md` or `page.md#anchor`) -> `target`."""

    source: str
    target: str
    file: str = CONFIG
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.source}: {self.target}"


# -- Pages, URLs and anchors ------------------------------------------------------

def split_link(link: str) -> tuple[str, str]:
    """`networking/vpc.md#nat-gateway` -> (`/networking/vpc/`, `nat-gateway`)."""
    src, _, anchor = link.partition("#")
    return url_of(src), anchor


def guess_source(url: str) -> str:
    """A Markdown path that MkDocs publishes at `url` (for messages and redirect keys)."""
    return "index.md" if url == "/" else url.strip("/") + ".md"


def docs_sources(docs: Path) -> dict[str, str]:
    """URL path -> Markdown source path, for every page under docs/."""
    return {url_of(p.relative_to(docs).as_posix()): p.relative_to(docs).as_posix()
            for p in sorted(docs.rglob("*.md"))}


class _AnchorParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.anchors: set[str] = set()
        self._depth = {"article": 0, "svg": 0}  # inside the content; inside a drawing

    def handle_starttag(self, tag, attrs):
        if tag in self._depth:
            self._depth[tag] += 1
        anchor = dict(attrs).get("id")
        if anchor and self._depth["article"] and not self._depth["svg"] and tag != "h1" \
                and (tag in HEADINGS or not INTERNAL_ID.match(anchor)):
            self.anchors.add(anchor)

    def handle_endtag(self, tag):
        if self._depth.get(tag):
            self._depth[tag] -= 1


def page_anchors(html: str) -> set[str]:
    """Linkable anchors of a built page: heading ids below the title and explicit ids in the
    content; not the ids that themes, extensions and diagram drawings generate."""
    parser = _AnchorParser()
    parser.feed(html)
    return parser.anchors


def collect(site: Path) -> Pages:
    """Every URL a built site publishes: each page with its anchors, and each redirect page
    (short links such as /sqs/, moved pages) with none. The 404 page is left out."""
    found: Pages = {stub.url: set() for stub in redirect_stubs(site)}
    found.update({page.url: page_anchors(page.html()) for page in built_pages(site)})
    return found


# -- The registry -------------------------------------------------------------------

def load_registry(path: Path) -> Pages:
    """The committed registry; empty when there is none yet."""
    if not path.is_file():
        return {}
    return {url: set(anchors) for url, anchors in json.loads(path.read_text(encoding="utf-8")).items()}


def dump_registry(registry: Pages) -> str:
    """Stable JSON: sorted pages, sorted anchors, one per line, for readable diffs."""
    return json.dumps({url: sorted(registry[url]) for url in sorted(registry)}, indent=2) + "\n"


def merge(registry: Pages, built: Pages) -> Pages:
    """The registry plus every page and anchor of `built`; nothing is ever dropped."""
    merged = {url: set(anchors) for url, anchors in registry.items()}
    for url, anchors in built.items():
        merged.setdefault(url, set()).update(anchors)
    return merged


def unregistered(registry: Pages, built: Pages) -> list[str]:
    """Links the site publishes that the registry does not list yet."""
    new = []
    for url in sorted(built):
        if url not in registry:
            new.append(url)
        new += [f"{url}#{anchor}" for anchor in sorted(built[url] - registry.get(url, set()))]
    return new


# -- Declared redirects -------------------------------------------------------------

def _mapping(node) -> dict:
    return {key.value: value for key, value in node.value} if isinstance(node, yaml.MappingNode) else {}


def _pairs(node, file: str) -> tuple[list[Redirect], list[Problem]]:
    redirects, problems, seen = [], [], set()
    for key, value in node.value:
        line = key.start_mark.line + 1
        if not (isinstance(key, yaml.ScalarNode) and isinstance(value, yaml.ScalarNode)) or not value.value:
            problems.append(Problem(file, line, "each entry must be `old.md#anchor: new.md#anchor` on one line"))
        elif key.value in seen:
            problems.append(Problem(file, line, f"'{key.value}' is redirected twice: keep one entry"))
        else:
            seen.add(key.value)
            redirects.append(Redirect(str(key.value), str(value.value), file, line))
    return redirects, problems


def read_page_redirects(config: Path) -> tuple[list[Redirect], list[Problem]]:
    """The `redirects` plugin's `redirect_maps` from mkdocs.yml, with line numbers."""
    try:
        root = yaml.compose(config.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        return [], [Problem(config.name, None, f"cannot read: {error}")]
    plugins = _mapping(root).get("plugins")
    for item in plugins.value if isinstance(plugins, yaml.SequenceNode) else []:
        maps = _mapping(_mapping(item).get("redirects")).get("redirect_maps")
        if isinstance(maps, yaml.MappingNode):
            return _pairs(maps, config.name)
    return [], []


def parse_anchor_redirects(text: str, file: str = ANCHOR_REDIRECTS) -> tuple[list[Redirect], list[Problem]]:
    """Entries of links/anchor-redirects.yml: `old.md#anchor: new.md#anchor` (or `new.md`)."""
    try:
        root = yaml.compose(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        return [], [Problem(file, mark.line + 1 if mark else None,
                            f"not valid YAML ({getattr(error, 'problem', error)}): "
                            "write one `old.md#anchor: new.md#anchor` per line")]
    if root is None:
        return [], []
    if not isinstance(root, yaml.MappingNode):
        return [], [Problem(file, root.start_mark.line + 1,
                            "must be a mapping of `old.md#anchor: new.md#anchor` lines")]
    redirects, problems = _pairs(root, file)
    valid = []
    for redirect in redirects:
        if not SOURCE_LINK.match(redirect.source):
            problems.append(Problem(file, redirect.line, f"'{redirect.source}' must name a page and an anchor, "
                                    "like `networking/vpc.md#nat-gw`"))
        elif not TARGET_LINK.match(redirect.target):
            problems.append(Problem(file, redirect.line, f"'{redirect.target}' must name a page, optionally "
                                    "with an anchor, like `networking/vpc.md#nat-gateway`"))
        else:
            valid.append(redirect)
    return valid, problems


def read_anchor_redirects(path: Path) -> tuple[list[Redirect], list[Problem]]:
    if not path.is_file():
        return [], []
    return parse_anchor_redirects(path.read_text(encoding="utf-8"), ANCHOR_REDIRECTS)


def moved_pages(page_redirects: list[Redirect]) -> dict[str, Redirect]:
    """Old page URL -> its redirect (external targets left out)."""
    return {url_of(r.source): r for r in page_redirects if not r.target.startswith(("http://", "https://"))}


def landing(url: str, moved: dict[str, Redirect]) -> str:
    """The page a reader of `url` ends up on, following a page redirect."""
    return split_link(moved[url].target)[0] if url in moved else url


def anchor_map(page_redirects: list[Redirect], anchor_redirects: list[Redirect]) -> dict[str, dict[str, str]]:
    """What the browser script needs: page path -> {old anchor: new site-relative URL}.

    An old anchor on a moved page is filed under the page readers land on,
    since the page redirect keeps the `#anchor` part of the address.
    """
    moved = moved_pages(page_redirects)
    result: dict[str, dict[str, str]] = {}
    for redirect in anchor_redirects:
        url, anchor = split_link(redirect.source)
        target, fragment = split_link(redirect.target)
        page = landing(url, moved).lstrip("/")
        result.setdefault(page, {})[anchor] = target.lstrip("/") + (f"#{fragment}" if fragment else "")
    return result


# -- The check ---------------------------------------------------------------------

def _missing_target(redirect: Redirect, built: Pages) -> str | None:
    """Why a redirect's target does not exist, or None when it does."""
    url, fragment = split_link(redirect.target)
    if url not in built:
        return f"points at {url}, which is not a page: fix the target"
    if fragment and fragment not in built[url]:
        return f"points at {url}#{fragment}, which is not an anchor on that page: fix the target"
    return None


def check(registry: Pages, built: Pages, page_redirects: list[Redirect],
          anchor_redirects: list[Redirect], sources: dict[str, str] | None = None) -> list[Problem]:
    """Every registered link still resolves, and every declared redirect lands somewhere real."""
    sources = sources or {}
    moved = moved_pages(page_redirects)
    problems = []

    for redirect in page_redirects:
        old = url_of(redirect.source)
        if old in sources:
            problems.append(Problem(redirect.file, redirect.line, f"redirect `{redirect}` would replace the page "
                                    f"docs/{sources[old]}: pick another short name or remove the redirect"))
        elif old in moved and (why := _missing_target(redirect, built)):
            problems.append(Problem(redirect.file, redirect.line, f"redirect `{redirect}` {why}"))

    redirected: dict[tuple[str, str], Redirect] = {}
    for redirect in anchor_redirects:
        url, anchor = split_link(redirect.source)
        page = landing(url, moved)
        where = f"anchor redirect `{redirect}`"
        if page not in built:
            problems.append(Problem(redirect.file, redirect.line, f"{where}: {url} is not a page and no page "
                                    "redirect moves it: fix the old page's path"))
        elif anchor in built[page]:
            problems.append(Problem(redirect.file, redirect.line, f"{where} never applies: {page}#{anchor} exists "
                                    "on the page, so remove this line"))
        elif (page, anchor) in redirected:
            problems.append(Problem(redirect.file, redirect.line, f"{where}: {page}#{anchor} is already redirected "
                                    f"on line {redirected[page, anchor].line}: keep one"))
        else:
            redirected[page, anchor] = redirect
            if why := _missing_target(redirect, built):
                problems.append(Problem(redirect.file, redirect.line, f"{where} {why}"))

    new_pages = [url for url in built if url not in registry]
    for url in sorted(registry):
        src = sources.get(url) or guess_source(url)
        if url not in built and url not in moved and not registry[url]:
            problems.append(Problem(CONFIG, None, f"{url} was published and is gone: a short link or "
                                    f"redirect page needs its line `{src}: TARGET.md` back under "
                                    f"`redirects: redirect_maps:` (never remove a short link); a page "
                                    f"needs restoring, or a line `{src}: NEW/PAGE.md` there"))
            continue
        if url not in built and url not in moved:
            suggestion = new_pages[0] if len(new_pages) == 1 else None
            target = (sources.get(suggestion) or guess_source(suggestion)) if suggestion else "NEW/PAGE.md"
            problems.append(Problem(f"docs/{src}", None, f"{url} was published and is gone: restore the page, "
                                    f"or add `{src}: {target}` under `redirects: redirect_maps:` in {CONFIG}"))
            continue
        page = landing(url, moved)
        if page not in built:
            continue  # the page redirect itself is reported above
        new_anchors = sorted(built[page] - registry.get(page, set()))
        for anchor in sorted(registry[url]):
            if anchor in built[page] or (page, anchor) in redirected:
                continue
            target = new_anchors[0] if len(new_anchors) == 1 else "NEW-ANCHOR"
            target_src = sources.get(page) or guess_source(page)
            hint = f" (new anchors on that page: {', '.join('#' + a for a in new_anchors)})" \
                if len(new_anchors) > 1 else ""
            problems.append(Problem(f"docs/{target_src}", None, f"{url}#{anchor} was published and is gone: "
                                    f"restore `{{ #{anchor} }}` on its heading, or add "
                                    f"`{src}#{anchor}: {target_src}#{target}` to {ANCHOR_REDIRECTS}{hint}"))
    return problems


def verify(site: Path, root: Path = ROOT) -> tuple[list[Problem], list[str]]:
    """Check a built site against the project's registry and redirects.

    Returns the problems (which fail the build) and the links not registered yet.
    """
    built = collect(site)
    registry = load_registry(root / REGISTRY)
    page_redirects, problems = read_page_redirects(root / CONFIG)
    anchor_redirects, more = read_anchor_redirects(root / ANCHOR_REDIRECTS)
    problems += more + check(registry, built, page_redirects, anchor_redirects, docs_sources(root / "docs"))
    return problems, unregistered(registry, built)


def notice(new_links: list[str]) -> str:
    """One line for the build output about links the registry does not list yet."""
    shown = ", ".join(new_links[:5]) + (f" and {len(new_links) - 5} more" if len(new_links) > 5 else "")
    return (f"Note: {len(new_links)} new page(s) or anchor(s) not yet in {REGISTRY} ({shown}): "
            "run `python3 scripts/links.py --update` and commit the result.")


# -- Command line ------------------------------------------------------------------

def build_into(site: Path, root: Path = ROOT) -> None:
    """Build the site with MkDocs (no checks) into `site`."""
    quiet = {"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(site)],
                   cwd=root, env={**os.environ, **quiet}, check=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--update", action="store_true",
                        help="add the site's new pages and anchors to the registry (never removes any)")
    parser.add_argument("--reset", action="store_true",
                        help="replace the registry with exactly what the site publishes now; only for "
                             "links that were never published")
    parser.add_argument("--site-dir", help="an already built site to read (default: build one; "
                                           "without --update or --reset: site/)")
    args = parser.parse_args(argv)
    if args.update or args.reset:
        with tempfile.TemporaryDirectory() as temporary:
            site = Path(args.site_dir) if args.site_dir else Path(temporary) / "site"
            if not args.site_dir:
                print("Building the site to list its pages and anchors", flush=True)
                try:
                    build_into(site)
                except subprocess.CalledProcessError:
                    print("error: the site does not build (see above); fix that first", file=sys.stderr)
                    return 1
            built = collect(site)
            registry = load_registry(ROOT / REGISTRY)
            added = unregistered(registry, built)
            updated = built if args.reset else merge(registry, built)
            (ROOT / REGISTRY).parent.mkdir(exist_ok=True)
            (ROOT / REGISTRY).write_text(dump_registry(updated), encoding="utf-8")
            print(f"{REGISTRY}: {len(updated)} pages, {sum(map(len, updated.values()))} anchors; "
                  f"{len(added)} added" + (f": {', '.join(added)}" if 0 < len(added) <= 20 else ""))
            problems, _ = verify(site)
        for problem in problems:
            print(problem, file=sys.stderr)
        if problems:
            print(f"{len(problems)} problem(s): the build fails until they are fixed.", file=sys.stderr)
        return 0
    problems, new_links = verify(Path(args.site_dir or ROOT / "site"))
    for problem in problems:
        print(problem)
    if new_links:
        print(notice(new_links))
    print(f"{len(problems)} broken published link(s)" if problems else "Published links: OK")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())


SHORT_LINKS_MARKER = "{{ short_links }}"


def short_links_table(redirects: list[Redirect], section_names: dict[str, str]) -> str:
    """The home page's table of short links (`sqs.md: messaging/sqs.md` -> `/sqs/`), by section.

    Written from mkdocs.yml's redirect maps, so the table never lists a link the site lacks.
    Each short link is shown linking straight to its target, from a page at the docs root.
    """
    rows: dict[str, list[str]] = {}
    for redirect in redirects:
        if "/" in redirect.source or redirect.target.startswith(("http://", "https://")):
            continue  # a moved page, not a short link
        section = redirect.target.split("/", 1)[0] if "/" in redirect.target else ""
        rows.setdefault(section, []).append(f"[`{url_of(redirect.source)}`]({redirect.target})")
    lines = ["| Area | Short links |", "| --- | --- |"]
    for section, items in rows.items():
        lines.append(f"| {section_names.get(section, section.title())} | {', '.join(items)} |")
    return "\n".join(lines)
