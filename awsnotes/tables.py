"""Material's table wrappers, written at build time instead of by the browser.

Material's bundle, once the page has loaded, moves every table without a
class (`table:not([class])`) into two wrappers, `md-typeset__scrollwrap` (which
scrolls sideways) and `md-typeset__table`. Moving a table makes the browser
style it again: on /storage/s3/ the bundle's table step restyled 2,359
elements, 55 to 90 ms of main-thread time before the 4x phone slowdown, one of
the two largest parts of the largest pages' blocking time (BENCHMARKS.md).

The build writes the same two wrappers around each such table (`wrapped`) and
gives the table the class WRAPPED, so the bundle finds nothing to move.
Material's own table rules, which select `table:not([class])`, are widened to
the class as well (`widened`, applied to Material's stylesheet by
overrides/hooks/fingerprint.py, which also renames it after its new content):
`table:is(:not([class]),.WRAPPED)` has the same specificity, so the tables look
exactly as before.
"""

from __future__ import annotations

import re

WRAPPED = "prewrapped"
MATERIAL_SELECTOR = "table:not([class])"
WIDENED_SELECTOR = f"table:is(:not([class]),.{WRAPPED})"
MATERIAL_STYLESHEET = "assets/stylesheets/main.*.min.css"  # glob, in the built site

# A table Material would wrap: an opening <table> tag without a class attribute.
UNCLASSED_TABLE = re.compile(r"<table(?![^>]*\sclass=)(?P<attrs>\s[^>]*)?>", re.I)
TABLE_TAG = re.compile(r"<(?P<close>/?)table\b[^>]*>", re.I)


def wrapped(html: str) -> str:
    """Every table without a class in `html`, inside Material's two wrappers and with the class
    WRAPPED. Tables inside tables are not expected from Markdown: one raises ValueError."""
    out: list[str] = []
    position = 0
    open_tables: list[bool] = []  # per open table: whether the build wrapped it
    for tag in TABLE_TAG.finditer(html):
        out.append(html[position:tag.start()])
        position = tag.end()
        if tag["close"]:
            out.append(tag[0] + ("</div></div>" if open_tables and open_tables.pop() else ""))
            continue
        if open_tables:
            raise ValueError("a table inside a table: Material would wrap the inner one only after load; "
                             "give it a class, or move it out of the outer table")
        unclassed = UNCLASSED_TABLE.fullmatch(tag[0])
        open_tables.append(bool(unclassed))
        if unclassed:
            out.append(f'<div class="md-typeset__scrollwrap"><div class="md-typeset__table">'
                       f'<table class="{WRAPPED}"{unclassed["attrs"] or ""}>')
        else:
            out.append(tag[0])
    out.append(html[position:])
    return "".join(out)


def widened(css: str) -> str:
    """Material's stylesheet with its table rules applying to WRAPPED tables too."""
    if MATERIAL_SELECTOR not in css:
        raise ValueError(f"Material's stylesheet no longer styles `{MATERIAL_SELECTOR}`: the tables "
                         "the build wraps (awsnotes/tables.py) would lose their style; see CONTRIBUTING.md "
                         "(Upgrading Material)")
    return css.replace(MATERIAL_SELECTOR, WIDENED_SELECTOR)
