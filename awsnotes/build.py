"""Build AWS Notes: set up, check the pages, build strictly, check the site.

From a fresh clone, with only Python 3:

    python3 scripts/build.py            # build into site/ and check it
    python3 scripts/build.py --serve    # ... then serve it on http://127.0.0.1:8000/

The first run creates .venv/ and installs requirements.lock. Any problem is
printed as FILE:LINE: what is wrong and how to fix it, and the exit status
is non-zero.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from awsnotes import ROOT, diagrams, site as built_site


@dataclass(frozen=True)
class Summary:
    pages: int
    diagrams: int
    size_bytes: int
    seconds: float

    def __str__(self) -> str:
        return (f"Built {self.pages} pages with {self.diagrams} diagrams, "
                f"{self.size_bytes / 1_048_576:.1f} MiB, in {self.seconds:.1f} s")


def summarize(site: Path, seconds: float) -> Summary:
    """Count pages, diagrams and bytes of a built site."""
    texts = [page.html() for page in built_site.pages(site)]
    count = sum(diagrams.diagram_count(text) for text in texts)
    size = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    return Summary(len(texts), count, size, seconds)


def run_mkdocs(config) -> bool:
    """`mkdocs build` in this process, as MkDocs' own command runs it; False on failure."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.exceptions import MkDocsException

    _log_like_mkdocs()
    config.plugins.on_startup(command="build", dirty=False)
    try:
        mkdocs_build(config)
    except MkDocsException as error:
        print(f"error: {error}", file=sys.stderr)
        return False
    finally:
        config.plugins.on_shutdown()
    return True


def _log_like_mkdocs() -> None:
    """MkDocs' messages on stderr, as its command line prints them."""
    logger = logging.getLogger("mkdocs")
    if not any(getattr(handler, "awsnotes", False) for handler in logger.handlers):
        handler = logging.StreamHandler()
        handler.awsnotes = True
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.WARNING)


def build(site: Path) -> int:
    """Check pages, build strictly into `site`, check the result. Returns an exit status."""
    from mkdocs.exceptions import ConfigurationError

    from awsnotes import config as site_config, links
    from awsnotes.checks import outputs, pages as check_pages, site as check_site
    from awsnotes.problems import Problem, report

    started = time.monotonic()
    try:
        config = site_config.load(site_dir=site)
    except ConfigurationError as error:
        report([Problem("mkdocs.yml", None, str(error))], "the configuration", sys.stderr)
        return 1
    if report(check_pages.check_tree(ROOT, site_config.allowed_tags(config)), "the page sources", sys.stderr):
        print("Build stopped: fix the page sources above.", file=sys.stderr)
        return 1
    if not run_mkdocs(config):
        print("Build stopped: `mkdocs build --strict` failed (see the warnings above).", file=sys.stderr)
        return 1
    # A toolchain that skips MkDocs hooks must not pass: each hook's output is checked.
    problems = outputs.check_outputs(site)
    # The diagram renderer's private build leaves diagrams to Mermaid, whose plugin
    # adds an inline script; that build is never published.
    rendering = os.environ.get("AWS_NOTES_DIAGRAMS") == "browser"
    problems += check_site.check_site(site, site_config.site_hosts(config), inline_scripts_allowed=rendering)
    # Links that never break: registered pages and anchors still resolve (awsnotes/links.py).
    link_problems, new_links = links.verify(site, ROOT)
    if report(problems + link_problems, "the built site", sys.stderr):
        print("Build failed: fix the problems above.", file=sys.stderr)
        return 1
    if new_links:
        print(links.notice(new_links))
    for diagram in diagrams.unrendered(site):  # publish refuses these (awsnotes/publish/cli.py)
        print(f"Note: {diagram}")
    print(summarize(site, time.monotonic() - started))
    return 0


def add_downloads(site: Path) -> int:
    """Write the offline copy and the book into a checked build; link them from the home page."""
    from awsnotes import config as site_config, downloads
    from awsnotes.checks import site as check_site
    from awsnotes.problems import report

    if downloads.make(site) != 0:
        print("Build stopped: the offline copy or the book failed (see above).", file=sys.stderr)
        return 1
    config = site_config.load(site_dir=site)
    if report(check_site.check_site(site, site_config.site_hosts(config)), "the built site", sys.stderr):
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site-dir", default=str(ROOT / "site"), help="where to build (default: site/)")
    parser.add_argument("--check-only", action="store_true", help="only check the page sources")
    parser.add_argument("--downloads", action="store_true",
                        help="also build the offline copy (zip) and the book (PDF) into downloads/")
    parser.add_argument("--serve", action="store_true", help="serve the built site for reading")
    parser.add_argument("--port", type=int, default=8000, help="port for --serve (default: 8000)")
    args = parser.parse_args(argv)
    if args.check_only:
        from awsnotes.checks import pages as check_pages
        return check_pages.main([])
    status = build(Path(args.site_dir).resolve())
    if status == 0 and args.downloads:
        status = add_downloads(Path(args.site_dir).resolve())
    if status == 0 and args.serve:
        from awsnotes import serve  # serves like a static host: caching, gzip, 404 page
        return serve.main(["--site", args.site_dir, "--port", str(args.port)])
    return status


if __name__ == "__main__":
    sys.exit(main())
