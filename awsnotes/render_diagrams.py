#!/usr/bin/env python3
"""Prerender every Mermaid diagram of the site to SVG, stored in diagrams/.

    python3 scripts/render_diagrams.py

Builds the site with every diagram left to the browser, opens each page with
diagrams in headless Chromium (Debian's chromium package), lets Material
render them with the site's own Mermaid, and stores each SVG as
diagrams/<key>.svg. Stored SVGs no diagram uses any more are deleted. Run it
after adding or changing a diagram; the tests fail while one is missing.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
from pathlib import Path

from awsnotes import site as built_site

from awsnotes import ROOT

KEYED_BLOCK = re.compile(r'<pre class="mermaid" data-diagram="([0-9a-f]+)"')
RENDERED = """() => [...document.querySelectorAll("article div.mermaid")]
    .map(host => host.shadowRoot && host.shadowRoot.querySelector("svg") ? host.shadowRoot.innerHTML : null)"""
FINISHED = """(finish) => [...document.querySelectorAll("article div.mermaid")].forEach(host => {
    const svg = host.shadowRoot.querySelector("svg.flowchart, svg[aria-roledescription^=flowchart]");
    if (svg) eval(finish)(svg);
})"""


def pages_with_diagrams(site: Path) -> dict[str, list[str]]:
    """URL path -> diagram keys in document order, for every built page."""
    found = {page.url: KEYED_BLOCK.findall(page.html()) for page in built_site.pages(site)}
    return {url: keys for url, keys in found.items() if keys}


def stale_files(cache_dir: Path, keys: set[str]) -> list[Path]:
    """Stored SVGs that no diagram of the site uses."""
    return sorted(p for p in cache_dir.glob("*.svg") if p.stem not in keys)


def render(site: Path, pages: dict[str, list[str]]) -> dict[str, str]:
    """Render the diagrams of each page in Chromium; return key -> SVG markup."""
    from playwright.sync_api import sync_playwright

    from awsnotes import diagrams
    from awsnotes.browser import CHROMIUM_ARGS, OPEN_SHADOW_ROOTS, SiteServer, chromium_path

    from awsnotes.diagrams import FINISH

    finish = FINISH.read_text(encoding="utf-8")
    svgs: dict[str, str] = {}
    with SiteServer(site) as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.add_init_script(OPEN_SHADOW_ROOTS)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        for path, keys in pages.items():
            errors.clear()
            page.goto(server.url + path.lstrip("/"))
            try:
                page.wait_for_function(f"() => ({RENDERED})().filter(Boolean).length >= {len(keys)}",
                                       timeout=30000)
            except Exception as error:
                raise RuntimeError(f"{path}: diagrams did not render ({errors or error}); "
                                   "fix the Mermaid syntax in its Markdown source") from None
            page.evaluate(FINISHED, finish)
            for number, (key, svg) in enumerate(zip(keys, page.evaluate(RENDERED)), start=1):
                if diagrams.is_error_svg(svg):
                    raise RuntimeError(f"{path}: diagram {number} of the page ({key}) has a Mermaid syntax "
                                       "error; fix it in the page's Markdown source")
                svgs[key] = svg
        browser.close()
    return svgs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.parse_args(argv)
    from awsnotes import build, diagrams

    os.environ["AWS_NOTES_DIAGRAMS"] = "browser"
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        if build.build(site) != 0:
            return 1
        pages = pages_with_diagrams(site)
        try:
            svgs = render(site, pages)
        except RuntimeError as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
    diagrams.CACHE_DIR.mkdir(exist_ok=True)
    written = 0
    for key, svg in svgs.items():
        target = diagrams.CACHE_DIR / f"{key}.svg"
        if not target.exists() or target.read_text(encoding="utf-8") != svg:
            target.write_text(svg, encoding="utf-8")
            written += 1
    removed = stale_files(diagrams.CACHE_DIR, set(svgs))
    for path in removed:
        path.unlink()
    print(f"{len(svgs)} diagrams on {len(pages)} pages: {written} stored, {len(removed)} stale removed "
          f"({diagrams.CACHE_DIR.relative_to(ROOT)}/)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
