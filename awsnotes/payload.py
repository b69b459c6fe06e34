"""Fewer requests and fewer bytes on a first visit, without changing what the reader gets.

On a slow phone connection every request costs a round trip, and a page that
does not fit in the first TCP round trip (about 14 KB compressed, headers
included) costs one more before anything is painted. Lighthouse models both;
BENCHMARKS.md has the measurements. overrides/hooks/payload.py applies this:

- The site's own scripts are served as three files around Material's bundle.
  The sources stay small files with one job each under docs/assets/javascripts/.
  Material's start-up scripts are inline in its templates; the
  Content-Security-Policy allows no inline script, so they become files:
  HEAD runs where Material runs its head script, after the stylesheets, and
  holds the parser there until they have arrived, so the first paint shows
  the top of the page without waiting for the rest to be laid out (a parser
  that has read the whole page first must lay all of it out before it
  paints). It holds only Material's head script: every byte of it is on the
  way to the first paint. START (the search loader, which must hold back the
  search index before the bundle asks for it, and the rest of Material's
  start-up scripts, which need the page's body) and AFTER (every script
  listed under `extra_javascript` in mkdocs.yml, in that order) are deferred
  (overrides/main.html): they run in document order after parsing, before
  and after the bundle, as the parts did as separate files.
- Pages are served without the templates' indentation and blank lines, which
  are about a fifth of a page's bytes. Outside preformatted text a run of
  white space shows as one space whatever its length, so removing the spaces
  and line breaks that follow a line break changes nothing on screen.
"""

from __future__ import annotations

import re

HEAD = "assets/javascripts/head.js"
START = "assets/javascripts/start.js"
AFTER = "assets/javascripts/site.js"

HEAD_PARTS = (
    "assets/javascripts/theme-start.js",    # __md_get/__md_set, which the others use
)
TABS = "assets/javascripts/theme-tabs.js"  # Material includes it only with `content.tabs.link`
START_PARTS = (
    "assets/javascripts/search-loader.js",  # before the bundle requests the search index
    "assets/javascripts/theme-palette.js",  # the reader's chosen colour scheme
    TABS,                                   # the reader's chosen content tabs
    "assets/javascripts/theme-target.js",   # the content tab named in the address
)

# Elements whose white space shows as written: preformatted blocks, form text, and the inline
# code and keys Material styles `white-space: pre-wrap`.
PRESERVED = re.compile(r"(<(pre|textarea|code|kbd)\b.*?</\2>)", re.S | re.I)
# A whole tag (so its attribute values, quoted, are kept as they are), or a line break with the
# blank lines and indentation after it.
TAG_OR_INDENT = re.compile(r"""(<[^>"']*(?:(?:"[^"]*"|'[^']*')[^>"']*)*>)|\n[ \t\r\n]+""")


def start_parts(features: list[str]) -> list[str]:
    """The files joined into START, in order, for the theme's enabled features."""
    return [part for part in START_PARTS if part != TABS or "content.tabs.link" in features]


def join(parts: list[tuple[str, str]]) -> str:
    """One script from (path, source) pairs, in order. Each part is headed by a comment naming its
    file and ended by `;`, so a part whose last statement has no semicolon (Material's minified
    scripts) cannot run on into the next part's opening parenthesis."""
    return "".join(f"/* {path} */\n{source.rstrip()}\n;\n" for path, source in parts)


def dedent(html: str) -> str:
    """The page without blank lines and the spaces and tabs that start its lines, except inside
    PRESERVED elements and attribute values (a `data-copy` attribute holds a command's continuation
    lines). A no-break space is text, not indentation: it stays."""
    pieces = PRESERVED.split(html)
    # split() with two groups: text, whole element, its tag name, text, ...
    return "".join(_dedent(piece) if index % 3 == 0 else piece if index % 3 == 1 else ""
                   for index, piece in enumerate(pieces))


def _dedent(html: str) -> str:
    return TAG_OR_INDENT.sub(lambda match: match[1] or "\n", html)
