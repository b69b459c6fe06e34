"""Dates, sources and corrections on every page (see awsnotes/trust.py).

- Under each page's title: when it was verified against AWS documentation
  (front matter `verified:`) and when it last changed (git).
- At the end of each page: the sources its claims were checked against.
- The `{{ corrections }}` marker: a table of every correction on the site,
  collected from the pages themselves, so no correction is written twice.
"""

import datetime as dt
import logging
from pathlib import Path

from awsnotes import ROOT, trust

log = logging.getLogger("mkdocs.hooks.trust")
MARKER = "{{ corrections }}"
_found = []  # (page title, source path, Correction), in navigation order


def _title(markdown: str, fallback: str) -> str:
    for line in markdown.splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return fallback


def on_nav(nav, config, files, **kwargs):
    _found.clear()
    for page in nav.pages:
        source = Path(page.file.abs_src_path).read_text(encoding="utf-8-sig")
        for item in trust.corrections(source):
            _found.append((_title(source, page.file.src_uri), page.file.src_uri, item))
    return nav


def on_page_markdown(markdown, page, **kwargs):
    if MARKER in markdown:
        markdown = markdown.replace(MARKER, trust.corrections_table(_found))
    return markdown


def on_page_content(html, page, **kwargs):
    verified = trust.as_date(page.meta.get("verified"))
    if verified is None:
        return html
    today = dt.date.today()
    if trust.is_stale(verified, today):
        log.warning("docs/%s was last verified on %s, more than six months ago: check it against "
                    "current AWS documentation and update 'verified:'", page.file.src_uri, verified)
    changed = trust.last_changed(Path(page.file.abs_src_path), ROOT)
    dates = trust.dates_html(verified, changed)
    head, h1_end, rest = html.partition("</h1>")
    html = head + h1_end + dates + rest if h1_end else dates + html
    found = trust.sources(page.meta)
    return html + trust.sources_html(found, verified) if found else html
