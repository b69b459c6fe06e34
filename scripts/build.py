#!/usr/bin/env python3
"""Build AWS Notes: set up, check the pages, build strictly, check the site.

From a fresh clone, with only Python 3:

    python3 scripts/build.py            # build into site/ and check it
    python3 scripts/build.py --serve    # ... then serve it on http://127.0.0.1:8000/

The first run creates .venv/ and installs requirements.txt. Any problem is
printed as FILE:LINE: what is wrong and how to fix it, and the exit status
is non-zero.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

if __package__ in (None, ""):  # run as a file: make `scripts` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scripts import bootstrap, diagram_cache  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
QUIET_ENV = {"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}


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
    from scripts.links import is_redirect_stub

    texts = [p.read_text(encoding="utf-8") for p in site.rglob("index.html")]
    pages = [text for text in texts if not is_redirect_stub(text)]
    diagrams = sum(diagram_cache.diagram_count(text) for text in pages)
    size = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    return Summary(len(pages), diagrams, size, seconds)


def site_hosts(config: Path = ROOT / "mkdocs.yml") -> set[str]:
    """The site's own host names: SITE_URL's, else the default in mkdocs.yml."""
    url = os.environ.get("SITE_URL")
    if not url:
        for line in config.read_text(encoding="utf-8").splitlines():
            if line.startswith("site_url:"):
                url = line.split('"')[1] if '"' in line else line.split(":", 1)[1].strip()
    host = urlsplit(url or "").hostname
    return {host} if host else set()


def run_mkdocs(site: Path) -> int:
    env = {**os.environ, **QUIET_ENV}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)]
    return subprocess.run(command, cwd=ROOT, env=env).returncode


def build(site: Path) -> int:
    """Check pages, build strictly into `site`, check the result. Returns an exit status."""
    from scripts import check_pages, check_site, links
    from scripts.problems import report

    started = time.monotonic()
    if report(check_pages.check_tree(ROOT), "the page sources", sys.stderr):
        print("Build stopped: fix the page sources above.", file=sys.stderr)
        return 1
    if run_mkdocs(site) != 0:
        print("Build stopped: `mkdocs build --strict` failed (see the warnings above).", file=sys.stderr)
        return 1
    problems = check_site.check_site(site, site_hosts())
    # Links that never break: registered pages and anchors still resolve (scripts/links.py).
    link_problems, new_links = links.verify(site, ROOT)
    if report(problems + link_problems, "the built site", sys.stderr):
        print("Build failed: fix the problems above.", file=sys.stderr)
        return 1
    if new_links:
        print(links.notice(new_links))
    print(summarize(site, time.monotonic() - started))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site-dir", default=str(ROOT / "site"), help="where to build (default: site/)")
    parser.add_argument("--check-only", action="store_true", help="only check the page sources")
    parser.add_argument("--serve", action="store_true", help="serve the built site for reading")
    parser.add_argument("--port", type=int, default=8000, help="port for --serve (default: 8000)")
    args = parser.parse_args(argv)
    bootstrap.ensure(["requirements.txt"], "scripts/build.py", sys.argv[1:] if argv is None else argv)
    if args.check_only:
        from scripts import check_pages
        return check_pages.main([])
    status = build(Path(args.site_dir).resolve())
    if status == 0 and args.serve:
        from scripts import serve  # serves like a static host: caching, gzip, 404 page
        return serve.main(["--site", args.site_dir, "--port", str(args.port)])
    return status


if __name__ == "__main__":
    sys.exit(main())
