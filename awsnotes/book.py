"""Print the whole site as one PDF book, in navigation order, with headless Chromium.

    python3 scripts/book.py                      # build the site, write site/downloads/aws-notes.pdf
    python3 scripts/book.py --site site/         # print a site that is already built
    python3 scripts/book.py --output book.pdf

The book has a cover with the date, a table of contents with page numbers, then
every page of the site in navigation order, each starting on a new sheet with
its verified date. Diagrams are scaled to the page, self-check answers are
shown, links between pages and sections become links inside the PDF, and the
address of every link to another site is printed beside it. The PDF has an
outline (bookmarks) of every page and heading.

Each chapter is the page's article as the build wrote it (before any of the
site's scripts ran, so nothing meant for the screen only, such as a table's
scroll cue, reaches paper). Chromium prints the book twice: the first print
tells on which sheet each chapter starts (read back from the PDF's outline
with pypdf), the second fills in the table of contents.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import io
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from awsnotes import ROOT

DEFAULT_OUTPUT = ROOT / "site" / "downloads" / "aws-notes.pdf"
BOOK_FILE = "book-print.html"  # written into the served site, removed afterwards

# Runs once, in a page of the served site: every chapter's built HTML, fetched and parsed (as
# written by the build, before any script ran), its article made self-contained for the book.
EXTRACT = """async ([urls, chapters]) => Promise.all(urls.map(async (url, index) => {
  const base = new URL(url, location.origin);
  const doc = new DOMParser().parseFromString(await (await fetch(base)).text(), "text/html");
  const copy = doc.querySelector("article.md-content__inner");
  const title = (copy.querySelector("h1") || {}).textContent || doc.title;
  copy.querySelectorAll("a.headerlink, .md-content__button, .md-source-file, form, script, .md-top")
      .forEach(el => el.remove());
  copy.querySelectorAll("details").forEach(el => el.setAttribute("open", ""));
  const prefix = "p" + index + "-";
  copy.querySelectorAll("[id]").forEach(el => { el.id = prefix + el.id; });
  copy.querySelectorAll("[aria-labelledby], [aria-describedby], [for]").forEach(el => {
    for (const name of ["aria-labelledby", "aria-describedby", "for"]) {
      const value = el.getAttribute(name);
      if (value) el.setAttribute(name, value.split(/\\s+/).map(id => prefix + id).join(" "));
    }
  });
  copy.querySelectorAll("svg [href^='#'], svg [*|href^='#']").forEach(el => {
    for (const name of ["href", "xlink:href"]) {
      const value = el.getAttribute(name);
      if (value && value.startsWith("#")) el.setAttribute(name, "#" + prefix + value.slice(1));
    }
  });
  copy.querySelectorAll("img[src]").forEach(img => { img.src = new URL(img.getAttribute("src"), base).pathname; });
  copy.querySelectorAll("a[href]").forEach(a => {
    const target = new URL(a.getAttribute("href"), base);
    if (target.origin === location.origin) {
      const chapter = chapters[target.pathname];
      if (chapter === undefined) { a.removeAttribute("href"); return; }
      a.setAttribute("href", "#p" + chapter + "-" + (target.hash ? decodeURIComponent(target.hash.slice(1)) : "top"));
    } else if (/^https?:$/.test(target.protocol)) {
      a.setAttribute("href", target.href);
      if (a.textContent.trim() !== target.href) a.setAttribute("data-print-url", target.href);
    }
  });
  const stylesheets = [...doc.querySelectorAll("link[rel=stylesheet]")]
      .map(link => new URL(link.getAttribute("href"), base).pathname);
  return { title, body: copy.innerHTML, stylesheets };
}))"""

BOOK_CSS = """
@page { size: A4; margin: 18mm 16mm 20mm; }
html, body { background: #fff; }
body.book { margin: 0; font-size: 10.5pt; }
.book .md-typeset { font-size: 10.5pt; }
.book .cover { height: 240mm; display: flex; flex-direction: column; justify-content: center; }
.book .cover .title { font-size: 34pt; font-weight: 700; margin: 0 0 8mm; }
.book .cover p { font-size: 13pt; margin: 2mm 0; }
.book .toc { break-before: page; }
.book .toc ol { list-style: none; padding: 0; margin: 0; }
.book .toc li { display: flex; gap: 2mm; margin: 0.4em 0; }
.book .toc li.section { font-weight: 700; margin-top: 1em; }
.book .toc a { color: inherit; text-decoration: none; }
.book .toc .leader { flex: 1; border-bottom: 1px dotted #999; margin-bottom: 0.3em; }
.book .chapter { break-before: page; }
.book .chapter .section-name { font-size: 9pt; color: #555; margin: 0; }
.book .diagram, .book .diagram svg { max-width: 100% !important; width: 100% !important; height: auto; overflow: visible; }
.book pre, .book code { white-space: pre-wrap; overflow-wrap: anywhere; }
.book table { display: table; width: 100%; overflow: visible; font-size: 9pt; }
.book .md-typeset__scrollwrap, .book .md-typeset__table { overflow: visible; }
.book a[data-print-url]::after { content: " (" attr(data-print-url) ")"; font-size: 8.5pt; overflow-wrap: anywhere; }
.book h2, .book h3 { break-after: avoid; }
.book figure, .book .diagram, .book tr { break-inside: avoid; }
"""


@dataclass(frozen=True)
class Chapter:
    index: int
    url: str
    title: str
    section: str


def toc_html(chapters: list[Chapter], numbers: dict[int, int]) -> str:
    rows, section = [], None
    for chapter in chapters:
        if chapter.section != section and chapter.section:
            section = chapter.section
            rows.append(f'<li class="section">{html.escape(section)}</li>')
        number = numbers.get(chapter.index)
        rows.append(f'<li><a href="#p{chapter.index}-top">{html.escape(chapter.title)}</a>'
                    f'<span class="leader"></span><span class="page">{number if number else "000"}</span></li>')
    return f'<section class="toc md-typeset"><h1>Contents</h1><ol>{"".join(rows)}</ol></section>'


def stylesheet_links(per_page) -> str:
    """One <link> for each stylesheet any chapter uses (the diagrams' own only comes with pages
    that have one), in the order they first appear."""
    paths = dict.fromkeys(path for page in per_page for path in page)
    return "".join(f'<link rel="stylesheet" href="{html.escape(path)}">' for path in paths)


def book_html(head: str, chapters: list[Chapter], bodies: dict[int, str], numbers: dict[int, int],
              today: dt.date, site_name: str, site_url: str) -> str:
    parts = [f"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">{head}"
             f"<title>{html.escape(site_name)}</title><style>{BOOK_CSS}</style></head>"
             f'<body class="book" data-md-color-scheme="default">',
             f'<section class="cover"><div class="title">{html.escape(site_name)}</div>'
             f"<p>The whole site as a book: {len(chapters)} pages.</p>"
             f"<p>Printed {today.day} {today.strftime('%B')} {today.year} from {html.escape(site_url)}</p>"
             "<p>Each page shows the date its facts were last verified against AWS documentation.</p></section>",
             toc_html(chapters, numbers)]
    for chapter in chapters:
        label = f'<p class="section-name">{html.escape(chapter.section)}</p>' if chapter.section else ""
        parts.append(f'<section class="chapter md-typeset" id="p{chapter.index}-top">{label}'
                     f"{bodies[chapter.index]}</section>")
    parts.append("</body></html>")
    return "".join(parts)


def chapter_pages(pdf: bytes, chapters: list[Chapter]) -> dict[int, int]:
    """Sheet number (1-based) on which each chapter's title appears in the PDF's outline."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    by_title: dict[str, list[int]] = {}

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                by_title.setdefault(" ".join(item.title.split()), []).append(
                    reader.get_destination_page_number(item) + 1)

    walk(reader.outline)
    numbers, used = {}, {}
    for chapter in chapters:
        title = " ".join(chapter.title.split())
        found = by_title.get(title, [])
        position = used.get(title, 0)
        if position < len(found):
            numbers[chapter.index] = found[position]
            used[title] = position + 1
    return numbers


FOOTER = ('<div style="font-size:8px;width:100%;padding:0 16mm;display:flex;justify-content:space-between;'
          'color:#555"><span>{site}</span><span class="pageNumber"></span></div>')


def print_book(site: Path, output: Path, config) -> int:
    from playwright.sync_api import sync_playwright

    from awsnotes import config as site_config, site as built_site
    from awsnotes.browser import CHROMIUM_ARGS, SiteServer, chromium_path

    entries = site_config.nav_pages(config["nav"])
    chapters, chapter_of = [], {}
    built = {page.url for page in built_site.pages(site)}
    for section, src in entries:
        url = built_site.url_of(src)
        if url in built and url not in chapter_of:
            chapter_of[url] = len(chapters)
            chapters.append(Chapter(len(chapters), url, "", section if section != "Home" else ""))
    with SiteServer(site) as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1000, "height": 1400})
        page.goto(server.url + "sitemap.xml")  # a document of the site that runs nothing: fetch() needs its origin
        extracted = page.evaluate(EXTRACT, [[chapter.url for chapter in chapters], chapter_of])
        bodies = {chapter.index: part["body"] for chapter, part in zip(chapters, extracted)}
        titled = [Chapter(chapter.index, chapter.url, " ".join(part["title"].replace("¶", "").split()), chapter.section)
                  for chapter, part in zip(chapters, extracted)]
        head = stylesheet_links(part["stylesheets"] for part in extracted)
        book = site / BOOK_FILE
        numbers: dict[int, int] = {}
        pdf = b""
        try:
            for final in (False, True):  # the first print finds the page numbers, the second shows them
                book.write_text(book_html(head, titled, bodies, numbers, dt.date.today(),
                                          config["site_name"], config["site_url"] or ""), encoding="utf-8")
                page.goto(server.url + BOOK_FILE, wait_until="load")
                page.emulate_media(media="print")
                # Only the final print carries the accessibility tags (the same sheets, a fifth faster without).
                pdf = page.pdf(format="A4", print_background=True, outline=True, tagged=final,
                               display_header_footer=True, header_template="<span></span>",
                               footer_template=FOOTER.format(site=html.escape(config["site_name"])),
                               margin={"top": "18mm", "bottom": "20mm", "left": "16mm", "right": "16mm"})
                numbers = chapter_pages(pdf, titled)
        finally:
            book.unlink(missing_ok=True)
            browser.close()
    missing = [c.title for c in titled if c.index not in numbers]
    if missing:
        print(f"error: the printed outline lacks these pages: {', '.join(missing)}", file=sys.stderr)
        return 1
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_suffix(".partial")
    partial.write_bytes(pdf)
    partial.replace(output)
    print(f"Wrote {output} ({len(pdf) / 1_048_576:.1f} MiB, {max(numbers.values())}+ pages, "
          f"{len(titled)} chapters)")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/book.py", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", metavar="DIR", help="print this built site instead of building one")
    parser.add_argument("--output", default=str(DEFAULT_OUTPUT), help="the PDF to write")
    args = parser.parse_args(argv)
    from awsnotes import build, config as site_config

    output = Path(args.output).resolve()
    if args.site:
        return print_book(Path(args.site).resolve(), output, site_config.load())
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        if build.build(site) != 0:
            return 1
        return print_book(site, output, site_config.load(site_dir=site))


if __name__ == "__main__":
    sys.exit(main())
