"""The offline copy and the book, published beside the site and linked from its home page.

`python3 scripts/build.py --downloads` (and every publish, unless told
`--no-downloads`) builds the site, then writes downloads/aws-notes-offline.zip
(awsnotes/offline.py) and downloads/aws-notes.pdf (awsnotes/book.py) into it,
and fills the home page's `<!-- downloads -->` marker with links that give
each file's size and date. Without downloads the marker stays an invisible
comment, so the home page never links to a file that is not there.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass
from pathlib import Path

MARKER = "<!-- downloads -->"
OFFLINE = "downloads/aws-notes-offline.zip"
BOOK = "downloads/aws-notes.pdf"


@dataclass(frozen=True)
class Download:
    path: str  # inside the site
    label: str
    note: str
    size: int
    made: dt.date


def size_text(size: int) -> str:
    return f"{size / 1_048_576:.1f} MB" if size >= 100_000 else f"{max(1, round(size / 1000))} KB"


def links_html(downloads: list[Download]) -> str:
    items = "".join(
        f'<li><a href="{html.escape(d.path, quote=True)}" download>{html.escape(d.label)}</a> '
        f"({html.escape(size_text(d.size))}, built <time datetime=\"{d.made.isoformat()}\">"
        f"{d.made.day} {d.made.strftime('%B')} {d.made.year}</time>): {html.escape(d.note)}</li>"
        for d in downloads)
    return f'<ul class="downloads">{items}</ul>'


def link_from_home(site: Path, downloads: list[Download]) -> None:
    """Put the download links where the home page has its marker."""
    home = site / "index.html"
    text = home.read_text(encoding="utf-8")
    if MARKER not in text:
        raise RuntimeError(f"docs/index.md has no {MARKER} marker: add it where the downloads belong")
    home.write_text(text.replace(MARKER, links_html(downloads), 1), encoding="utf-8")


def make(site: Path, today: dt.date | None = None) -> int:
    """Write the offline copy and the book into a built site and link them from its home page."""
    from awsnotes import book, config as site_config, offline

    today = today or dt.date.today()
    if offline.build_offline(site / OFFLINE) != 0:
        return 1
    if book.print_book(site, site / BOOK, site_config.load(site_dir=site)) != 0:
        return 1
    link_from_home(site, [
        Download(OFFLINE, "Offline copy (zip)", "unzip it and open aws-notes/index.html, no server needed",
                 (site / OFFLINE).stat().st_size, today),
        Download(BOOK, "The whole site as a book (PDF)", "with contents, page numbers and every diagram",
                 (site / BOOK).stat().st_size, today),
    ])
    return 0


def main(argv: list[str] | None = None) -> int:
    """`python -m awsnotes.downloads SITE`: add the downloads to a site that is already built."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m awsnotes.downloads", description=main.__doc__)
    parser.add_argument("site", help="a site built by scripts/build.py")
    return make(Path(parser.parse_args(argv).site).resolve())


if __name__ == "__main__":
    import sys

    sys.exit(main())
